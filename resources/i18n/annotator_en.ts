<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ArticleList</name>
    <message numerus="yes">
        <source>%Ln+ articles</source>
        <translation>
            <numerusform>%Ln+ articles</numerusform>
            <numerusform>%Ln+ articles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln article</numerusform>
            <numerusform>%Ln articles</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message numerus="yes">
        <source>{annotators} annotators · spans in %n article(s) with counted work · counting {counted}</source>
        <translation>
            <numerusform>{annotators} annotators · spans in %n article with counted work · counting {counted}</numerusform>
            <numerusform>{annotators} annotators · spans in %n articles with counted work · counting {counted}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{annotators} annotators · %n article(s) compared · counting {counted}</source>
        <translation>
            <numerusform>{annotators} annotators · %n article compared · counting {counted}</numerusform>
            <numerusform>{annotators} annotators · %n articles compared · counting {counted}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <source>{code} (%Ln article(s))</source>
        <translation>
            <numerusform>{code} (%Ln article)</numerusform>
            <numerusform>{code} (%Ln articles)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{done} of %Ln article(s)</source>
        <translation>
            <numerusform>{done} of %Ln article</numerusform>
            <numerusform>{done} of %Ln articles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln record(s)</source>
        <translation>
            <numerusform>Exported %Ln record</numerusform>
            <numerusform>Exported %Ln records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln article</numerusform>
            <numerusform>%Ln articles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln span(s)</source>
        <translation>
            <numerusform>%Ln span</numerusform>
            <numerusform>%Ln spans</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln relation(s)</source>
        <translation>
            <numerusform>%Ln relation</numerusform>
            <numerusform>%Ln relations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Left out %Ln span(s) that {format} cannot hold (listed below and in the manifest).</source>
        <translation>
            <numerusform>Left out %Ln span that {format} cannot hold (listed below and in the manifest).</numerusform>
            <numerusform>Left out %Ln spans that {format} cannot hold (listed below and in the manifest).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln span(s) do not fit {format} without being moved.</source>
        <translation>
            <numerusform>%Ln span does not fit {format} without being moved.</numerusform>
            <numerusform>%Ln spans do not fit {format} without being moved.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IdentityDialog</name>
    <message numerus="yes">
        <source>%n annotator(s) in this corpus: choose from the list or type a new name.</source>
        <translation>
            <numerusform>%n annotator in this corpus: choose from the list or type a new name.</numerusform>
            <numerusform>%n annotators in this corpus: choose from the list or type a new name.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message numerus="yes">
        <source>{name}/ — %n file(s)</source>
        <translation>
            <numerusform>{name}/ — %n file</numerusform>
            <numerusform>{name}/ — %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{done} of %n file(s)</source>
        <translation>
            <numerusform>{done} of %n file</numerusform>
            <numerusform>{done} of %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n article(s)</source>
        <translation>
            <numerusform>Imported %n article</numerusform>
            <numerusform>Imported %n articles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n span(s)</source>
        <translation>
            <numerusform>%n span</numerusform>
            <numerusform>%n spans</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n relation(s)</source>
        <translation>
            <numerusform>%n relation</numerusform>
            <numerusform>%n relations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>from %n file(s)</source>
        <translation>
            <numerusform>from %n file</numerusform>
            <numerusform>from %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n article(s) already in the corpus</source>
        <translation>
            <numerusform>%n article already in the corpus</numerusform>
            <numerusform>%n articles already in the corpus</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Refused %n file(s): nothing of them was imported (listed below).</source>
        <translation>
            <numerusform>Refused %n file: nothing of it was imported (listed below).</numerusform>
            <numerusform>Refused %n files: nothing of them was imported (listed below).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln article</numerusform>
            <numerusform>%Ln articles</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message numerus="yes">
        <source> · %n link(s) not settled</source>
        <translation>
            <numerusform> · %n link not settled</numerusform>
            <numerusform> · %n links not settled</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Gold: &lt;b&gt;{state}&lt;/b&gt; · {resolved} of %n disagreement(s) resolved · {gold} gold spans</source>
        <translation>
            <numerusform>Gold: &lt;b&gt;{state}&lt;/b&gt; · {resolved} of %n disagreement resolved · {gold} gold spans</numerusform>
            <numerusform>Gold: &lt;b&gt;{state}&lt;/b&gt; · {resolved} of %n disagreements resolved · {gold} gold spans</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n disagreement(s) — press N for the first one not settled.</source>
        <translation>
            <numerusform>%n disagreement — press N for the first one not settled.</numerusform>
            <numerusform>%n disagreements — press N for the first one not settled.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accepted %n agreeing span(s) into gold</source>
        <translation>
            <numerusform>Accepted %n agreeing span into gold</numerusform>
            <numerusform>Accepted %n agreeing spans into gold</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>with %n claim(s): </source>
        <translation>
            <numerusform>with %n claim: </numerusform>
            <numerusform>with %n claims: </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %n claim(s) without a speaker ({names})</source>
        <translation>
            <numerusform> · %n claim without a speaker ({names})</numerusform>
            <numerusform> · %n claims without a speaker ({names})</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SchemaEditor</name>
    <message numerus="yes">
        <source>Its %Ln span(s) will be relabelled.</source>
        <translation>
            <numerusform>Its %Ln span will be relabelled.</numerusform>
            <numerusform>Its %Ln spans will be relabelled.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Renamed {old} to {new}; %Ln span(s) relabelled.</source>
        <translation>
            <numerusform>Renamed {old} to {new}; %Ln span relabelled.</numerusform>
            <numerusform>Renamed {old} to {new}; %Ln spans relabelled.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SpanPanel</name>
    <message numerus="yes">
        <source>%n span(s) of yours</source>
        <translation>
            <numerusform>%n span of yours</numerusform>
            <numerusform>%n spans of yours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n by others</source>
        <translation>
            <numerusform>, %n by others</numerusform>
            <numerusform>, %n by others</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n claim(s) without a speaker</source>
        <translation>
            <numerusform>, %n claim without a speaker</numerusform>
            <numerusform>, %n claims without a speaker</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TeamLink</name>
    <message numerus="yes">
        <source>%n edit(s) waiting to be saved.</source>
        <translation>
            <numerusform>%n edit waiting to be saved.</numerusform>
            <numerusform>%n edits waiting to be saved.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StorySuggestionsDialog</name>
    <message numerus="yes">
        <source>Story “{name}”: %n more of its articles</source>
        <translation>
            <numerusform>Story “{name}”: %n more of its articles</numerusform>
            <numerusform>Story “{name}”: %n more of its articles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>New story “{name}”: %n article(s)</source>
        <translation>
            <numerusform>New story “{name}”: %n article</numerusform>
            <numerusform>New story “{name}”: %n articles</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GazetteerDialog</name>
    <message numerus="yes">
        <source>%n term(s)</source>
        <translation>
            <numerusform>%n term</numerusform>
            <numerusform>%n terms</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n source(s)</source>
        <translation>
            <numerusform>%n source</numerusform>
            <numerusform>%n sources</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %n term(s).</source>
        <translation>
            <numerusform>Removed %n term.</numerusform>
            <numerusform>Removed %n terms.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{file}: %n term(s) added, {had} already there.</source>
        <translation>
            <numerusform>{file}: %n term added, {had} already there.</numerusform>
            <numerusform>{file}: %n terms added, {had} already there.</numerusform>
        </translation>
    </message>
</context>
</TS>
