<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>AboutDialog</name>
    <message>
        <source>development version</source>
        <translation>versi pengembangan</translation>
    </message>
    <message>
        <source>About Annotator</source>
        <translation>Tentang Annotator</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versi</translation>
    </message>
    <message>
        <source>Qt / PySide</source>
        <translation>Qt / PySide</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Lisensi</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Folder data</translation>
    </message>
    <message>
        <source>Default corpus</source>
        <translation>Korpus bawaan</translation>
    </message>
    <message>
        <source>Log file</source>
        <translation>Berkas log</translation>
    </message>
    <message>
        <source>Label entities and claims in news articles by hand, measure agreement between annotators and export training corpora.</source>
        <translation>Labeli entitas dan klaim dalam artikel berita secara manual, ukur kesepakatan antar-anotator, dan ekspor korpus pelatihan.</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <source>Edit gazet&amp;teers…</source>
        <translation>Sunting gazet&amp;ir…</translation>
    </message>
    <message>
        <source>The corpus's gazetteer terms: filter, add, remove, import a term list</source>
        <translation>Istilah gazetir korpus: saring, tambah, hapus, impor daftar istilah</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Sunting</translation>
    </message>
    <message>
        <source>&amp;Label</source>
        <translation>&amp;Label</translation>
    </message>
    <message>
        <source>&amp;Article</source>
        <translation>&amp;Artikel</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Tampilan</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>Tin&amp;jauan</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ba&amp;ntuan</translation>
    </message>
    <message>
        <source>&amp;Connect to team server…</source>
        <translation>&amp;Hubungkan ke server tim…</translation>
    </message>
    <message>
        <source>Open a team corpus on a PostgreSQL server, shared with other annotators</source>
        <translation>Buka korpus tim di server PostgreSQL, dipakai bersama anotator lain</translation>
    </message>
    <message>
        <source>&amp;Open local corpus…</source>
        <translation>&amp;Buka korpus lokal…</translation>
    </message>
    <message>
        <source>Open a corpus file on this computer</source>
        <translation>Buka berkas korpus di komputer ini</translation>
    </message>
    <message>
        <source>Switch &amp;annotator…</source>
        <translation>Ganti &amp;anotator…</translation>
    </message>
    <message>
        <source>Label under another name</source>
        <translation>Melabeli dengan nama lain</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Impor…</translation>
    </message>
    <message>
        <source>Add articles and labels from files: text, CSV, JSONL, Prodigy, doccano, Label Studio, brat, CoNLL</source>
        <translation>Tambahkan artikel dan label dari berkas: teks, CSV, JSONL, Prodigy, doccano, Label Studio, brat, CoNLL</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Ekspor…</translation>
    </message>
    <message>
        <source>Write a dataset: JSONL, Prodigy, doccano, Label Studio, brat, CoNLL, spaCy, HF</source>
        <translation>Tulis dataset: JSONL, Prodigy, doccano, Label Studio, brat, CoNLL, spaCy, HF</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Keluar</translation>
    </message>
    <message>
        <source>Close Annotator</source>
        <translation>Tutup Annotator</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Urungkan</translation>
    </message>
    <message>
        <source>Undo your last change</source>
        <translation>Urungkan perubahan terakhir Anda</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>U&amp;langi</translation>
    </message>
    <message>
        <source>Redo what you undid</source>
        <translation>Ulangi yang telah Anda urungkan</translation>
    </message>
    <message>
        <source>&amp;Delete span</source>
        <translation>Hapus &amp;rentang</translation>
    </message>
    <message>
        <source>Delete your span under the cursor (the innermost), or the one selected</source>
        <translation>Hapus rentang Anda di bawah kursor (yang terdalam), atau yang sedang dipilih</translation>
    </message>
    <message>
        <source>&amp;Next span</source>
        <translation>Rentang &amp;berikutnya</translation>
    </message>
    <message>
        <source>Select your next span</source>
        <translation>Pilih rentang Anda berikutnya</translation>
    </message>
    <message>
        <source>&amp;Previous span</source>
        <translation>Rentang &amp;sebelumnya</translation>
    </message>
    <message>
        <source>Select your previous span</source>
        <translation>Pilih rentang Anda sebelumnya</translation>
    </message>
    <message>
        <source>&amp;Clear selection</source>
        <translation>&amp;Hapus pilihan</translation>
    </message>
    <message>
        <source>Clear the selection, or cancel linking</source>
        <translation>Hapus pilihan, atau batalkan penautan</translation>
    </message>
    <message>
        <source>Link &amp;speaker</source>
        <translation>Tautkan &amp;pembicara</translation>
    </message>
    <message>
        <source>The next span you click becomes the selected claim&apos;s speaker (SAID_BY)</source>
        <translation>Rentang berikutnya yang Anda klik menjadi pembicara klaim terpilih (SAID_BY)</translation>
    </message>
    <message>
        <source>C&amp;hoose speaker…</source>
        <translation>&amp;Pilih pembicara…</translation>
    </message>
    <message>
        <source>Pick the selected claim&apos;s speaker from a list</source>
        <translation>Pilih pembicara klaim terpilih dari daftar</translation>
    </message>
    <message>
        <source>Link &amp;about</source>
        <translation>Tautkan &amp;topik</translation>
    </message>
    <message>
        <source>The next span you click becomes what the selected claim is about (ABOUT)</source>
        <translation>Rentang berikutnya yang Anda klik menjadi topik klaim terpilih (ABOUT)</translation>
    </message>
    <message>
        <source>Choose abou&amp;t…</source>
        <translation>Pilih &amp;topik…</translation>
    </message>
    <message>
        <source>Pick what the selected claim is about from a list</source>
        <translation>Pilih topik klaim terpilih dari daftar</translation>
    </message>
    <message>
        <source>Prefere&amp;nces…</source>
        <translation>Prefere&amp;nsi…</translation>
    </message>
    <message>
        <source>Language of the app</source>
        <translation>Bahasa aplikasi</translation>
    </message>
    <message>
        <source>&amp;Character mode</source>
        <translation>Mode &amp;karakter</translation>
    </message>
    <message>
        <source>Label exactly the selected characters instead of whole words</source>
        <translation>Labeli persis karakter yang dipilih, bukan kata utuh</translation>
    </message>
    <message>
        <source>Edit label &amp;schema…</source>
        <translation>Sunting &amp;skema label…</translation>
    </message>
    <message>
        <source>Add, rename and recolour labels and hotkeys; add attributes</source>
        <translation>Tambah, ganti nama, dan ubah warna label serta tombol pintas; tambah atribut</translation>
    </message>
    <message>
        <source>Mark &amp;done</source>
        <translation>Tandai &amp;selesai</translation>
    </message>
    <message>
        <source>I am done here</source>
        <translation>Saya sudah selesai di sini</translation>
    </message>
    <message>
        <source>Mark &amp;skipped</source>
        <translation>Tandai &amp;dilewati</translation>
    </message>
    <message>
        <source>Skip this article (not for labelling)</source>
        <translation>Lewati artikel ini (tidak untuk dilabeli)</translation>
    </message>
    <message>
        <source>&amp;Next article</source>
        <translation>Artikel &amp;berikutnya</translation>
    </message>
    <message>
        <source>&amp;Previous article</source>
        <translation>Artikel &amp;sebelumnya</translation>
    </message>
    <message>
        <source>Next &amp;not done</source>
        <translation>Berikutnya yang &amp;belum selesai</translation>
    </message>
    <message>
        <source>The next article you have not marked done or skipped</source>
        <translation>Artikel berikutnya yang belum Anda tandai selesai atau dilewati</translation>
    </message>
    <message>
        <source>&amp;Find articles…</source>
        <translation>&amp;Cari artikel…</translation>
    </message>
    <message>
        <source>Search the titles and texts of the corpus</source>
        <translation>Cari di judul dan teks korpus</translation>
    </message>
    <message>
        <source>Article &amp;list</source>
        <translation>&amp;Daftar artikel</translation>
    </message>
    <message>
        <source>Show or hide the list of articles</source>
        <translation>Tampilkan atau sembunyikan daftar artikel</translation>
    </message>
    <message>
        <source>S&amp;pan panel</source>
        <translation>Panel &amp;rentang</translation>
    </message>
    <message>
        <source>Show or hide the list of spans</source>
        <translation>Tampilkan atau sembunyikan daftar rentang</translation>
    </message>
    <message>
        <source>&amp;Blind mode</source>
        <translation>Mode &amp;buta</translation>
    </message>
    <message>
        <source>Hide other annotators&apos; spans</source>
        <translation>Sembunyikan rentang anotator lain</translation>
    </message>
    <message>
        <source>&amp;Larger text</source>
        <translation>Teks &amp;lebih besar</translation>
    </message>
    <message>
        <source>Make the article text larger</source>
        <translation>Perbesar teks artikel</translation>
    </message>
    <message>
        <source>&amp;Smaller text</source>
        <translation>Teks lebih &amp;kecil</translation>
    </message>
    <message>
        <source>&amp;Normal text size</source>
        <translation>Ukuran teks &amp;normal</translation>
    </message>
    <message>
        <source>Agreement &amp;dashboard…</source>
        <translation>&amp;Dasbor kesepakatan…</translation>
    </message>
    <message>
        <source>Charts of inter-annotator agreement, activity and label use</source>
        <translation>Grafik kesepakatan antar-anotator, aktivitas, dan penggunaan label</translation>
    </message>
    <message>
        <source>&amp;Review mode</source>
        <translation>Mode &amp;tinjauan</translation>
    </message>
    <message>
        <source>Compare annotators&apos; work on an article and settle it into gold</source>
        <translation>Bandingkan pekerjaan para anotator pada satu artikel dan tetapkan hasilnya sebagai gold</translation>
    </message>
    <message>
        <source>&amp;Next disagreement</source>
        <translation>Ketidaksepakatan &amp;berikutnya</translation>
    </message>
    <message>
        <source>&amp;Previous disagreement</source>
        <translation>Ketidaksepakatan &amp;sebelumnya</translation>
    </message>
    <message>
        <source>Accept annotator &amp;{n}&apos;s version</source>
        <translation>Terima versi anotator &amp;{n}</translation>
    </message>
    <message>
        <source>Gold takes the {n}. compared annotator&apos;s version of this disagreement</source>
        <translation>Gold mengambil versi anotator ke-{n} yang dibandingkan untuk ketidaksepakatan ini</translation>
    </message>
    <message>
        <source>Accept all &amp;agreeing spans</source>
        <translation>Terima semua rentang yang &amp;sepakat</translation>
    </message>
    <message>
        <source>Every span all compared annotators have goes into gold</source>
        <translation>Setiap rentang yang dimiliki semua anotator yang dibandingkan masuk ke gold</translation>
    </message>
    <message>
        <source>&amp;Edit gold span…</source>
        <translation>&amp;Sunting rentang gold…</translation>
    </message>
    <message>
        <source>Set the gold span&apos;s label and boundaries by hand</source>
        <translation>Atur label dan batas rentang gold secara manual</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>T&amp;olak</translation>
    </message>
    <message>
        <source>Reject the gold span here, or every version here (also Delete)</source>
        <translation>Tolak rentang gold di sini, atau semua versi di sini (juga Delete)</translation>
    </message>
    <message>
        <source>&amp;Keyboard reference</source>
        <translation>Referensi &amp;papan ketik</translation>
    </message>
    <message>
        <source>Every key of the window, with what it does</source>
        <translation>Semua tombol di jendela beserta fungsinya</translation>
    </message>
    <message>
        <source>&amp;About Annotator</source>
        <translation>&amp;Tentang Annotator</translation>
    </message>
    <message>
        <source>Version, licence and where your data and logs are</source>
        <translation>Versi, lisensi, serta lokasi data dan log Anda</translation>
    </message>
    <message>
        <source>Label the selection {label} ({key})</source>
        <translation>Labeli pilihan sebagai {label} ({key})</translation>
    </message>
    <message>
        <source>Label the selection {label}</source>
        <translation>Labeli pilihan sebagai {label}</translation>
    </message>
    <message>
        <source>Move span start &amp;left</source>
        <translation>Geser awal rentang ke &amp;kiri</translation>
    </message>
    <message>
        <source>Move span start ri&amp;ght</source>
        <translation>Geser awal rentang ke ka&amp;nan</translation>
    </message>
    <message>
        <source>Move span end le&amp;ft</source>
        <translation>Geser akhir rentang ke k&amp;iri</translation>
    </message>
    <message>
        <source>Move span end rig&amp;ht</source>
        <translation>Geser akhir rentang ke kan&amp;an</translation>
    </message>
    <message>
        <source>The span in hand starts one word earlier (one character in character mode)</source>
        <translation>Rentang yang dipegang mulai satu kata lebih awal (satu karakter dalam mode karakter)</translation>
    </message>
    <message>
        <source>The span in hand starts one word later (one character in character mode)</source>
        <translation>Rentang yang dipegang mulai satu kata lebih akhir (satu karakter dalam mode karakter)</translation>
    </message>
    <message>
        <source>The span in hand ends one word earlier (one character in character mode)</source>
        <translation>Rentang yang dipegang berakhir satu kata lebih awal (satu karakter dalam mode karakter)</translation>
    </message>
    <message>
        <source>The span in hand ends one word later (one character in character mode)</source>
        <translation>Rentang yang dipegang berakhir satu kata lebih akhir (satu karakter dalam mode karakter)</translation>
    </message>
    <message>
        <source>Join a c&amp;luster…</source>
        <translation>Gabung ke k&amp;laster…</translation>
    </message>
    <message>
        <source>The clusters the selected claim may join, ranked, with their reasons and outlets</source>
        <translation>Klaster yang dapat diikuti klaim terpilih, berurutan, dengan alasan dan medianya</translation>
    </message>
    <message>
        <source>Start a ne&amp;w cluster</source>
        <translation>Mulai klaster &amp;baru</translation>
    </message>
    <message>
        <source>A new cluster named from the selected claim</source>
        <translation>Klaster baru yang dinamai dari klaim terpilih</translation>
    </message>
    <message>
        <source>Lea&amp;ve cluster</source>
        <translation>&amp;Keluar dari klaster</translation>
    </message>
    <message>
        <source>The selected claim leaves its cluster</source>
        <translation>Klaim terpilih keluar dari klasternya</translation>
    </message>
    <message>
        <source>Cl&amp;uster view</source>
        <translation>Tampilan kla&amp;ster</translation>
    </message>
    <message>
        <source>Your claim clusters: every member side by side, differences and conflicts marked</source>
        <translation>Klaster klaim Anda: setiap anggota berdampingan, perbedaan dan pertentangan ditandai</translation>
    </message>
    <message>
        <source>&amp;No cluster for gold&apos;s claim</source>
        <translation>&amp;Tanpa klaster untuk klaim gold</translation>
    </message>
    <message>
        <source>Gold&apos;s claim here joins no claim cluster (1-9 take an annotator&apos;s cluster with their version)</source>
        <translation>Klaim gold di sini tidak masuk klaster klaim mana pun (1-9 mengambil klaster seorang anotator bersama versinya)</translation>
    </message>
    <message>
        <source>Ne&amp;xt suggestion</source>
        <translation>Saran ber&amp;ikutnya</translation>
    </message>
    <message>
        <source>Select the next suggestion in the article</source>
        <translation>Pilih saran berikutnya di artikel ini</translation>
    </message>
    <message>
        <source>Pre&amp;vious suggestion</source>
        <translation>Saran se&amp;belumnya</translation>
    </message>
    <message>
        <source>Select the previous suggestion in the article</source>
        <translation>Pilih saran sebelumnya di artikel ini</translation>
    </message>
    <message>
        <source>&amp;Accept suggestion</source>
        <translation>&amp;Terima saran</translation>
    </message>
    <message>
        <source>The suggestion at the cursor becomes your span (a claim with its speaker)</source>
        <translation>Saran di kursor menjadi rentang Anda (klaim beserta pembicaranya)</translation>
    </message>
    <message>
        <source>&amp;Reject suggestion</source>
        <translation>T&amp;olak saran</translation>
    </message>
    <message>
        <source>The suggestion at the cursor goes and is not offered here again</source>
        <translation>Saran di kursor dibuang dan tidak ditawarkan lagi di sini</translation>
    </message>
    <message>
        <source>Accept all su&amp;ggestions</source>
        <translation>Terima semua sa&amp;ran</translation>
    </message>
    <message>
        <source>Every suggestion left in this article becomes your span (one undo)</source>
        <translation>Semua saran yang tersisa di artikel ini menjadi rentang Anda (satu kali urungkan)</translation>
    </message>
    <message>
        <source>Label all &amp;occurrences here</source>
        <translation>Labeli semua ke&amp;munculan di sini</translation>
    </message>
    <message>
        <source>Every other place of the selected span&apos;s text in this article gets its label</source>
        <translation>Setiap kemunculan lain teks rentang terpilih di artikel ini mendapat labelnya</translation>
    </message>
    <message>
        <source>Label all occurrences in the co&amp;rpus</source>
        <translation>Labeli semua kemunculan di k&amp;orpus</translation>
    </message>
    <message>
        <source>Every other place of the selected span&apos;s text in every article gets its label</source>
        <translation>Setiap kemunculan lain teks rentang terpilih di semua artikel mendapat labelnya</translation>
    </message>
    <message>
        <source>Suggest from &amp;memory</source>
        <translation>Saran dari &amp;memori</translation>
    </message>
    <message>
        <source>Suggest every form you (or gold) labelled, wherever it occurs</source>
        <translation>Sarankan setiap bentuk yang pernah Anda (atau emas) labeli, di mana pun muncul</translation>
    </message>
    <message>
        <source>Suggest from &amp;gazetteers</source>
        <translation>Saran dari &amp;gazeter</translation>
    </message>
    <message>
        <source>Suggest the terms of the corpus&apos;s gazetteers</source>
        <translation>Sarankan istilah dari gazeter korpus</translation>
    </message>
    <message>
        <source>Suggest from r&amp;ules</source>
        <translation>Saran dari at&amp;uran</translation>
    </message>
    <message>
        <source>Suggest quantities, dates and claims with their speaker</source>
        <translation>Sarankan kuantitas, tanggal, dan klaim beserta pembicaranya</translation>
    </message>
    <message>
        <source>Suggest from the mo&amp;del</source>
        <translation>Saran dari mo&amp;del</translation>
    </message>
    <message>
        <source>Suggest what the chosen trained model finds</source>
        <translation>Sarankan temuan model terlatih yang dipilih</translation>
    </message>
    <message>
        <source>Choose suggestion mod&amp;el…</source>
        <translation>Pilih mod&amp;el saran…</translation>
    </message>
    <message>
        <source>A model folder `annotator train` wrote, to suggest from</source>
        <translation>Folder model yang ditulis `annotator train`, sebagai sumber saran</translation>
    </message>
    <message>
        <source>&amp;Train suggestions model…</source>
        <translation>&amp;Latih model saran…</translation>
    </message>
    <message>
        <source>Learn suggestions from the articles you marked done, in the background</source>
        <translation>Pelajari saran dari artikel yang Anda tandai selesai, di latar belakang</translation>
    </message>
    <message>
        <source>Next in &amp;corpus order</source>
        <translation>Berikutnya menurut urutan &amp;korpus</translation>
    </message>
    <message>
        <source>Next article: the next one in the list</source>
        <translation>Artikel berikutnya: yang berikutnya di daftar</translation>
    </message>
    <message>
        <source>Next with the &amp;most open suggestions</source>
        <translation>Berikutnya dengan saran terbuka ter&amp;banyak</translation>
    </message>
    <message>
        <source>Next article: the one not done where memory, gazetteers and rules suggest most</source>
        <translation>Artikel berikutnya: yang belum selesai dengan saran terbanyak dari memori, gazetir dan aturan</translation>
    </message>
    <message>
        <source>Next where the model is least &amp;sure</source>
        <translation>Berikutnya yang paling tidak &amp;pasti bagi model</translation>
    </message>
    <message>
        <source>Next article: the one not done the trained model is least certain about</source>
        <translation>Artikel berikutnya: yang belum selesai yang paling tidak pasti bagi model terlatih</translation>
    </message>
    <message>
        <source>S&amp;tory…</source>
        <translation>Ceri&amp;ta…</translation>
    </message>
    <message>
        <source>The event this article reports: articles of one story are kept together</source>
        <translation>Peristiwa yang diberitakan artikel ini: artikel satu cerita disimpan bersama</translation>
    </message>
    <message>
        <source>Suggest st&amp;ories…</source>
        <translation>Sarankan ceri&amp;ta…</translation>
    </message>
    <message>
        <source>Find articles that share entities and dates, and put them in one story</source>
        <translation>Cari artikel yang berbagi entitas dan tanggal, lalu masukkan ke satu cerita</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Open local corpus</source>
        <translation>Buka korpus lokal</translation>
    </message>
    <message>
        <source>Annotator corpus (*.sqlite3 *.sqlite *.db);;All files (*)</source>
        <translation>Korpus Annotator (*.sqlite3 *.sqlite *.db);;Semua berkas (*)</translation>
    </message>
    <message>
        <source>Cannot open the corpus</source>
        <translation>Korpus tidak dapat dibuka</translation>
    </message>
</context>
<context>
    <name>ArticleList</name>
    <message>
        <source>To do</source>
        <translation>Belum</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>Dikerjakan</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Dilewati</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Judul</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Sumber</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>Rentang</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Kesepakatan</translation>
    </message>
    <message>
        <source>Span F1 (exact) between the reviewed annotators on this article, entities and claims together; — when fewer than two of them marked it done</source>
        <translation>F1 rentang (persis) antara anotator yang ditinjau pada artikel ini, entitas dan klaim digabung; — bila kurang dari dua di antara mereka menandainya selesai</translation>
    </message>
    <message>
        <source>Krippendorff&apos;s unitizing alpha (αu) between the reviewed annotators on this article&apos;s characters, entities and claims together; — when fewer than two of them marked it done or none of them marked a span</source>
        <translation>Alfa unitisasi Krippendorff (αu) antara anotator yang ditinjau pada karakter artikel ini, entitas dan klaim digabung; — bila kurang dari dua di antara mereka menandainya selesai atau tak seorang pun menandai rentang</translation>
    </message>
    <message>
        <source>span F1 (exact)</source>
        <translation>F1 rentang (persis)</translation>
    </message>
    <message>
        <source>unitizing αu</source>
        <translation>αu unitisasi</translation>
    </message>
    <message>
        <source>Agreement:</source>
        <translation>Kesepakatan:</translation>
    </message>
    <message>
        <source>The agreement the list shows and sorts by, worst first (— last)</source>
        <translation>Kesepakatan yang ditampilkan daftar dan dasar urutannya, terburuk dulu (— terakhir)</translation>
    </message>
    <message>
        <source>(untitled) {id}</source>
        <translation>(tanpa judul) {id}</translation>
    </message>
    <message>
        <source>All languages</source>
        <translation>Semua bahasa</translation>
    </message>
    <message numerus="yes">
        <source>%Ln+ articles</source>
        <translation>
            <numerusform>%Ln+ artikel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln artikel</numerusform>
        </translation>
    </message>
    <message>
        <source>Search titles and text…</source>
        <translation>Cari judul dan teks…</translation>
    </message>
    <message>
        <source>Show articles in one language</source>
        <translation>Tampilkan artikel dalam satu bahasa</translation>
    </message>
    <message>
        <source>Show articles with one status</source>
        <translation>Tampilkan artikel dengan satu status</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Semua status</translation>
    </message>
    <message>
        <source>Computing the agreement…</source>
        <translation>Menghitung kesepakatan…</translation>
    </message>
    <message>
        <source>Story</source>
        <translation>Cerita</translation>
    </message>
    <message>
        <source>All stories</source>
        <translation>Semua cerita</translation>
    </message>
    <message>
        <source>Show the articles of one story (one event)</source>
        <translation>Tampilkan artikel satu cerita (satu peristiwa)</translation>
    </message>
    <message>
        <source>{title}
Story: {story}</source>
        <translation>{title}
Cerita: {story}</translation>
    </message>
</context>
<context>
    <name>ChartView</name>
    <message>
        <source>Export PNG…</source>
        <translation>Ekspor PNG…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Ekspor CSV…</translation>
    </message>
    <message>
        <source>n/a: undefined (hover)</source>
        <translation>t/a: tidak terdefinisi (arahkan kursor)</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>disable — no encryption</source>
        <translation>disable — tanpa enkripsi</translation>
    </message>
    <message>
        <source>prefer — encrypt if the server can</source>
        <translation>prefer — enkripsi jika server mendukung</translation>
    </message>
    <message>
        <source>require — always encrypt</source>
        <translation>require — selalu enkripsi</translation>
    </message>
    <message>
        <source>verify-ca — encrypt, check the certificate</source>
        <translation>verify-ca — enkripsi, periksa sertifikat</translation>
    </message>
    <message>
        <source>verify-full — encrypt, check certificate and host</source>
        <translation>verify-full — enkripsi, periksa sertifikat dan host</translation>
    </message>
    <message>
        <source>No secure keyring is available on this computer, so the password cannot be remembered: it is kept in memory for this session only and asked for again next time. It is never written to a file.</source>
        <translation>Tidak ada keyring aman di komputer ini, jadi kata sandi tidak dapat diingat: kata sandi hanya disimpan di memori selama sesi ini dan akan ditanyakan lagi lain kali. Kata sandi tidak pernah ditulis ke berkas.</translation>
    </message>
    <message>
        <source>The server refused this user name or password. Check them and try again.</source>
        <translation>Server menolak nama pengguna atau kata sandi ini. Periksa lalu coba lagi.</translation>
    </message>
    <message>
        <source>Cannot connect to the team server. Check the host, port and database name, and that this computer is online.</source>
        <translation>Tidak dapat terhubung ke server tim. Periksa host, port, dan nama basis data, serta pastikan komputer ini terhubung ke internet.</translation>
    </message>
    <message>
        <source>Team server password</source>
        <translation>Kata sandi server tim</translation>
    </message>
    <message>
        <source>Connect to team server</source>
        <translation>Hubungkan ke server tim</translation>
    </message>
    <message>
        <source>Connect to a team server</source>
        <translation>Hubungkan ke server tim</translation>
    </message>
    <message>
        <source>The server {server} needs your password.</source>
        <translation>Server {server} memerlukan kata sandi Anda.</translation>
    </message>
    <message>
        <source>A team corpus lives in a PostgreSQL database that every annotator&apos;s app opens. Your administrator gives you these details.</source>
        <translation>Korpus tim berada di basis data PostgreSQL yang dibuka oleh aplikasi setiap anotator. Administrator Anda akan memberikan rincian ini.</translation>
    </message>
    <message>
        <source>server name or address</source>
        <translation>nama atau alamat server</translation>
    </message>
    <message>
        <source>empty: use the keyring, PGPASSWORD or ~/.pgpass</source>
        <translation>kosong: gunakan keyring, PGPASSWORD, atau ~/.pgpass</translation>
    </message>
    <message>
        <source>&amp;Remember password in the system keyring</source>
        <translation>&amp;Ingat kata sandi di keyring sistem</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Basis data:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Pengguna:</translation>
    </message>
    <message>
        <source>&amp;TLS:</source>
        <translation>&amp;TLS:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>&amp;Kata sandi:</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Hubungkan</translation>
    </message>
    <message>
        <source>Connecting to {server}…</source>
        <translation>Menghubungkan ke {server}…</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message numerus="yes">
        <source>{annotators} annotators · spans in %n article(s) with counted work · counting {counted}</source>
        <translation>
            <numerusform>{annotators} anotator · rentang dalam %n artikel dengan pekerjaan terhitung · menghitung {counted}</numerusform>
        </translation>
    </message>
    <message>
        <source>Done only</source>
        <translation>Hanya yang selesai</translation>
    </message>
    <message>
        <source>Done and in progress</source>
        <translation>Selesai dan sedang dikerjakan</translation>
    </message>
    <message>
        <source>Annotator — agreement dashboard</source>
        <translation>Annotator — dasbor kesepakatan</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Lapisan</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Peta panas</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Hitung</translation>
    </message>
    <message>
        <source>Annotators</source>
        <translation>Anotator</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Segarkan</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>menghitung…</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Menghitung…</translation>
    </message>
    <message>
        <source>Could not compute the figures: {error}</source>
        <translation>Angka tidak dapat dihitung: {error}</translation>
    </message>
    <message numerus="yes">
        <source>{annotators} annotators · %n article(s) compared · counting {counted}</source>
        <translation>
            <numerusform>{annotators} anotator · %n artikel dibandingkan · menghitung {counted}</numerusform>
        </translation>
    </message>
    <message>
        <source>spans added − removed per UTC day, from the event log (imports are not logged)</source>
        <translation>rentang ditambahkan − dihapus per hari UTC, dari log peristiwa (impor tidak dicatat)</translation>
    </message>
    <message>
        <source>(below 0: darkest)</source>
        <translation>(di bawah 0: paling gelap)</translation>
    </message>
    <message>
        <source>n/a: undefined (hover for why)</source>
        <translation>t/a: tidak terdefinisi (arahkan kursor untuk alasannya)</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>Ekspor grafik</translation>
    </message>
    <message>
        <source>Export numbers</source>
        <translation>Ekspor angka</translation>
    </message>
    <message>
        <source>Nothing was written: {why}</source>
        <translation>Tidak ada yang ditulis: {why}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Tersimpan di {path}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{layer}&lt;/b&gt;: {articles} articles with counted work, {compared} compared, {tokens} tokens&lt;br&gt;span F1 exact {exact} · overlap {overlap}&lt;br&gt;Fleiss&apos; κ {fleiss} · Krippendorff&apos;s α {alpha}</source>
        <translation>&lt;b&gt;{layer}&lt;/b&gt;: {articles} artikel dengan pekerjaan yang dihitung, {compared} dibandingkan, {tokens} token&lt;br&gt;F1 rentang persis {exact} · tumpang-tindih {overlap}&lt;br&gt;κ Fleiss {fleiss} · α Krippendorff {alpha}</translation>
    </message>
    <message>
        <source>Span F1 (exact)</source>
        <translation>F1 rentang (persis)</translation>
    </message>
    <message>
        <source>Span F1 (overlap)</source>
        <translation>F1 rentang (tumpang-tindih)</translation>
    </message>
    <message>
        <source>Cohen&apos;s kappa (tokens)</source>
        <translation>Kappa Cohen (token)</translation>
    </message>
    <message>
        <source>{title}: undefined — {reason}</source>
        <translation>{title}: tidak terdefinisi — {reason}</translation>
    </message>
    <message>
        <source>Pairwise agreement — {metric}, {layer} layer</source>
        <translation>Kesepakatan berpasangan — {metric}, lapisan {layer}</translation>
    </message>
    <message>
        <source>annotator</source>
        <translation>anotator</translation>
    </message>
    <message>
        <source>{articles} articles both did, {tokens} tokens; spans {spans_a} ({a}) and {spans_b} ({b}); {exact} exact, {overlap} overlap matches</source>
        <translation>{articles} artikel dikerjakan keduanya, {tokens} token; rentang {spans_a} ({a}) dan {spans_b} ({b}); {exact} cocok persis, {overlap} cocok tumpang-tindih</translation>
    </message>
    <message>
        <source>Choose at least two annotators.</source>
        <translation>Pilih setidaknya dua anotator.</translation>
    </message>
    <message>
        <source>Agreement per label — all chosen annotators, {layer} layer</source>
        <translation>Kesepakatan per label — semua anotator terpilih, lapisan {layer}</translation>
    </message>
    <message>
        <source>label</source>
        <translation>label</translation>
    </message>
    <message>
        <source>agreement</source>
        <translation>kesepakatan</translation>
    </message>
    <message>
        <source>{label}: {spans} spans over the pairs, {exact} exact and {overlap} overlap matches</source>
        <translation>{label}: {spans} rentang pada pasangan, {exact} cocok persis dan {overlap} cocok tumpang-tindih</translation>
    </message>
    <message>
        <source>{label}: units {units}; over the {length} characters of the article(s) every chosen annotator did ({articles})</source>
        <translation>{label}: unit {units}; pada {length} karakter artikel yang dikerjakan semua anotator terpilih ({articles})</translation>
    </message>
    <message>
        <source>No {layer} spans in the counted work.</source>
        <translation>Tidak ada rentang {layer} dalam pekerjaan yang dihitung.</translation>
    </message>
    <message>
        <source>Label distribution — {layer} spans per annotator</source>
        <translation>Sebaran label — rentang {layer} per anotator</translation>
    </message>
    <message>
        <source>spans</source>
        <translation>rentang</translation>
    </message>
    <message>
        <source>over {n} counted articles</source>
        <translation>dari {n} artikel yang dihitung</translation>
    </message>
    <message>
        <source>Annotations per annotator over time</source>
        <translation>Anotasi per anotator dari waktu ke waktu</translation>
    </message>
    <message>
        <source>day (UTC)</source>
        <translation>hari (UTC)</translation>
    </message>
    <message>
        <source>net spans added</source>
        <translation>rentang bersih ditambahkan</translation>
    </message>
    <message>
        <source>{added} added, {removed} removed, {edits} edits, {done} marked done</source>
        <translation>{added} ditambahkan, {removed} dihapus, {edits} suntingan, {done} ditandai selesai</translation>
    </message>
    <message>
        <source>No edits logged yet (imported labels have no events).</source>
        <translation>Belum ada suntingan yang tercatat (label hasil impor tidak punya peristiwa).</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>Something went wrong</source>
        <translation>Terjadi kesalahan</translation>
    </message>
    <message>
        <source>Annotator ran into an unexpected error. Your work is safe: every edit was saved when you made it, and you can carry on.</source>
        <translation>Annotator mengalami galat yang tidak terduga. Pekerjaan Anda aman: setiap suntingan sudah disimpan saat dibuat, dan Anda dapat melanjutkan.</translation>
    </message>
    <message>
        <source>{summary}

The details are in the log file:
{path}</source>
        <translation>{summary}

Rinciannya ada di berkas log:
{path}</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Annotator&apos;s own records: everything, lossless</source>
        <translation>Rekaman asli Annotator: semuanya, tanpa kehilangan data</translation>
    </message>
    <message>
        <source>JSONL tasks with tokens, spans and relations</source>
        <translation>Tugas JSONL dengan token, rentang, dan relasi</translation>
    </message>
    <message>
        <source>sequence labelling JSONL: spans only</source>
        <translation>JSONL pelabelan sekuens: hanya rentang</translation>
    </message>
    <message>
        <source>one line per claim cluster: members, speakers, values, conflicts</source>
        <translation>satu baris per klaster klaim: anggota, penutur, nilai, pertentangan</translation>
    </message>
    <message>
        <source>claim-matching pairs: same cluster, hard and easy negatives</source>
        <translation>pasangan pencocokan klaim: klaster yang sama, negatif sulit dan mudah</translation>
    </message>
    <message>
        <source>entities, relations and attributes</source>
        <translation>entitas, relasi, dan atribut</translation>
    </message>
    <message>
        <source>JSON tasks plus a matching labelling config</source>
        <translation>Tugas JSON beserta konfigurasi pelabelan yang sesuai</translation>
    </message>
    <message>
        <source>standoff .txt + .ann files, a folder per annotator</source>
        <translation>berkas standoff .txt + .ann, satu folder per anotator</translation>
    </message>
    <message>
        <source>IOB2 tags, one token per line, a column per layer</source>
        <translation>Tag IOB2, satu token per baris, satu kolom per lapisan</translation>
    </message>
    <message>
        <source>DocBin: entities in doc.ents, claims in doc.spans</source>
        <translation>DocBin: entitas di doc.ents, klaim di doc.spans</translation>
    </message>
    <message>
        <source>datasets JSONL + features: tokens, ner_tags, claim spans</source>
        <translation>JSONL datasets + fitur: token, ner_tags, rentang klaim</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation>Anotator</translation>
    </message>
    <message>
        <source>Span</source>
        <translation>Rentang</translation>
    </message>
    <message>
        <source>Offsets</source>
        <translation>Offset</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Teks</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>needs the optional extra: pip install &apos;annotator[{extra}]&apos;</source>
        <translation>memerlukan paket tambahan opsional: pip install &apos;annotator[{extra}]&apos;</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Ekspor</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Stop the export; nothing is written</source>
        <translation>Hentikan ekspor; tidak ada yang ditulis</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Ekspor</translation>
    </message>
    <message>
        <source>Where to write the export</source>
        <translation>Tempat menulis hasil ekspor</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>&amp;Pilih…</translation>
    </message>
    <message>
        <source>My labels ({name})</source>
        <translation>Label saya ({name})</translation>
    </message>
    <message>
        <source>Everyone&apos;s labels, one record per annotator</source>
        <translation>Label semua orang, satu rekaman per anotator</translation>
    </message>
    <message>
        <source>{name}&apos;s labels</source>
        <translation>Label {name}</translation>
    </message>
    <message>
        <source>Gold labels (adjudicated)</source>
        <translation>Label gold (hasil adjudikasi)</translation>
    </message>
    <message>
        <source>Majority: spans more than half of the annotators made</source>
        <translation>Mayoritas: rentang yang dibuat lebih dari separuh anotator</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>&amp;Save to:</source>
        <translation>&amp;Simpan ke:</translation>
    </message>
    <message>
        <source>&amp;Labels of:</source>
        <translation>&amp;Label dari:</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>Any language</source>
        <translation>Semua bahasa</translation>
    </message>
    <message numerus="yes">
        <source>{code} (%Ln article(s))</source>
        <translation>
            <numerusform>{code} (%Ln artikel)</numerusform>
        </translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Semua status</translation>
    </message>
    <message>
        <source>Lan&amp;guage:</source>
        <translation>&amp;Bahasa:</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatus:</translation>
    </message>
    <message>
        <source>{layer} layer</source>
        <translation>lapisan {layer}</translation>
    </message>
    <message>
        <source>all</source>
        <translation>semua</translation>
    </message>
    <message>
        <source>none</source>
        <translation>tidak ada</translation>
    </message>
    <message>
        <source>Tick every label, or none</source>
        <translation>Centang semua label, atau tidak sama sekali</translation>
    </message>
    <message>
        <source>Only spans with these labels:</source>
        <translation>Hanya rentang dengan label berikut:</translation>
    </message>
    <message>
        <source>Split into train / dev / test (by article)</source>
        <translation>Bagi menjadi train / dev / test (per artikel)</translation>
    </message>
    <message>
        <source>The same corpus, seed and shares always give the same split</source>
        <translation>Korpus, seed, dan proporsi yang sama selalu menghasilkan pembagian yang sama</translation>
    </message>
    <message>
        <source>seed:</source>
        <translation>seed:</translation>
    </message>
    <message>
        <source>Keep articles of one story (or linked by one claim cluster) in the same split</source>
        <translation>Simpan artikel dari satu berita (atau yang terhubung oleh satu kluster klaim) dalam bagian yang sama</translation>
    </message>
    <message>
        <source>Add tokens with token_start / token_end (JSONL)</source>
        <translation>Tambahkan token dengan token_start / token_end (JSONL)</translation>
    </message>
    <message>
        <source>Leave out (and list) spans the format cannot hold, instead of refusing</source>
        <translation>Lewati (dan catat) rentang yang tidak dapat ditampung format, alih-alih menolak</translation>
    </message>
    <message>
        <source>Token formats need spans that start and end on token boundaries (and IOB tags cannot overlap). Such spans are never moved: the export is refused, or with this option they are left out and listed in the manifest.</source>
        <translation>Format token memerlukan rentang yang dimulai dan diakhiri pada batas token (dan tag IOB tidak boleh tumpang-tindih). Rentang seperti itu tidak pernah digeser: ekspor ditolak, atau dengan opsi ini rentang tersebut dilewati dan dicatat di manifes.</translation>
    </message>
    <message>
        <source>Choose where to save the export.</source>
        <translation>Pilih tempat menyimpan hasil ekspor.</translation>
    </message>
    <message>
        <source>Give the full path of the output (or use Choose…).</source>
        <translation>Berikan path lengkap keluaran (atau gunakan Pilih…).</translation>
    </message>
    <message>
        <source>The name {name} {why}.</source>
        <translation>Nama {name} {why}.</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist.</source>
        <translation>Folder {folder} tidak ada.</translation>
    </message>
    <message>
        <source>Tick at least one label.</source>
        <translation>Centang setidaknya satu label.</translation>
    </message>
    <message>
        <source>The split shares add up to {total} %, not 100 %.</source>
        <translation>Jumlah proporsi pembagian adalah {total} %, bukan 100 %.</translation>
    </message>
    <message>
        <source>Adds each record&apos;s tokens ({pattern}) and token_start / token_end (inclusive)</source>
        <translation>Menambahkan token setiap rekaman ({pattern}) serta token_start / token_end (inklusif)</translation>
    </message>
    <message>
        <source>Only for JSONL: token formats always carry their tokens</source>
        <translation>Hanya untuk JSONL: format token selalu menyertakan tokennya</translation>
    </message>
    <message>
        <source>Writes the folder {name} with manifest.json inside, one file (or folder) per split.</source>
        <translation>Menulis folder {name} berisi manifest.json, satu berkas (atau folder) per bagian.</translation>
    </message>
    <message>
        <source>Writes the folder {name} with manifest.json inside.</source>
        <translation>Menulis folder {name} berisi manifest.json.</translation>
    </message>
    <message>
        <source>Writes {name} and {name}.manifest.json beside it, and {stem}.config.xml (paste it into the project).</source>
        <translation>Menulis {name} dan {name}.manifest.json di sebelahnya, serta {stem}.config.xml (tempelkan ke dalam proyek).</translation>
    </message>
    <message>
        <source>Writes {name} and {name}.manifest.json beside it.</source>
        <translation>Menulis {name} dan {name}.manifest.json di sebelahnya.</translation>
    </message>
    <message>
        <source>Spans must start and end on token boundaries.</source>
        <translation>Rentang harus dimulai dan diakhiri pada batas token.</translation>
    </message>
    <message>
        <source>Export to a folder (a new one, or an earlier export to replace)</source>
        <translation>Ekspor ke folder (folder baru, atau ekspor sebelumnya untuk ditimpa)</translation>
    </message>
    <message>
        <source>Folder (*)</source>
        <translation>Folder (*)</translation>
    </message>
    <message>
        <source>Export to a file</source>
        <translation>Ekspor ke berkas</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Semua berkas (*)</translation>
    </message>
    <message>
        <source>Replace?</source>
        <translation>Timpa?</translation>
    </message>
    <message>
        <source>{path} already exists. Replace it with this export?</source>
        <translation>{path} sudah ada. Timpa dengan hasil ekspor ini?</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Memulai…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Membatalkan…</translation>
    </message>
    <message numerus="yes">
        <source>{done} of %Ln article(s)</source>
        <translation>
            <numerusform>{done} dari %Ln artikel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln record(s)</source>
        <translation>
            <numerusform>%Ln rekaman diekspor</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln artikel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln span(s)</source>
        <translation>
            <numerusform>%Ln rentang</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln relation(s)</source>
        <translation>
            <numerusform>%Ln relasi</numerusform>
        </translation>
    </message>
    <message>
        <source>to {path}</source>
        <translation>ke {path}</translation>
    </message>
    <message>
        <source>split: {splits}</source>
        <translation>pembagian: {splits}</translation>
    </message>
    <message>
        <source>manifest: {path}</source>
        <translation>manifes: {path}</translation>
    </message>
    <message numerus="yes">
        <source>Left out %Ln span(s) that {format} cannot hold (listed below and in the manifest).</source>
        <translation>
            <numerusform>%Ln rentang yang tidak dapat ditampung {format} dilewati (tercantum di bawah dan di manifes).</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was written:</source>
        <translation>Tidak ada yang ditulis:</translation>
    </message>
    <message numerus="yes">
        <source>%Ln span(s) do not fit {format} without being moved.</source>
        <translation>
            <numerusform>%Ln rentang tidak muat dalam {format} tanpa digeser.</numerusform>
        </translation>
    </message>
    <message>
        <source>Fix them in the text, choose another format, or tick “{option}”.</source>
        <translation>Perbaiki di teks, pilih format lain, atau centang “{option}”.</translation>
    </message>
    <message>
        <source>Export cancelled: nothing was written.</source>
        <translation>Ekspor dibatalkan: tidak ada yang ditulis.</translation>
    </message>
</context>
<context>
    <name>GoldSpanDialog</name>
    <message>
        <source>as it is ({links})</source>
        <translation>seperti sekarang ({links})</translation>
    </message>
    <message>
        <source>none</source>
        <translation>tidak ada</translation>
    </message>
    <message>
        <source>Edit gold span</source>
        <translation>Sunting rentang gold</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Awal</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Akhir</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Teks</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(kosong)</translation>
    </message>
</context>
<context>
    <name>IdentityDialog</name>
    <message>
        <source>Every label you make is saved under this name, so several people can label the same articles without mixing up their work. Agreement between annotators is measured by name too, so please use the same name every time you label here.</source>
        <translation>Setiap label yang Anda buat disimpan dengan nama ini, sehingga beberapa orang dapat melabeli artikel yang sama tanpa mencampuradukkan pekerjaan mereka. Kesepakatan antar-anotator juga diukur berdasarkan nama, jadi gunakan nama yang sama setiap kali Anda melabeli di sini.</translation>
    </message>
    <message>
        <source>Labels you make from now on are saved under the name you choose. Pick a name from the list to carry on someone&apos;s work, or type a new one.</source>
        <translation>Label yang Anda buat mulai sekarang disimpan dengan nama yang Anda pilih. Pilih nama dari daftar untuk melanjutkan pekerjaan seseorang, atau ketik nama baru.</translation>
    </message>
    <message>
        <source>Type a name (your first name or initials is fine).</source>
        <translation>Ketik nama (nama depan atau inisial juga boleh).</translation>
    </message>
    <message>
        <source>That name is too long: {max} characters at most.</source>
        <translation>Nama itu terlalu panjang: paling banyak {max} karakter.</translation>
    </message>
    <message>
        <source>A name cannot contain tabs, line breaks or other control characters.</source>
        <translation>Nama tidak boleh berisi tab, baris baru, atau karakter kontrol lainnya.</translation>
    </message>
    <message>
        <source>“{name}” is reserved for the gold labels: choose another name.</source>
        <translation>“{name}” dicadangkan untuk label emas (gold): pilih nama lain.</translation>
    </message>
    <message>
        <source>Who is labelling?</source>
        <translation>Siapa yang melabeli?</translation>
    </message>
    <message>
        <source>Your name or initials</source>
        <translation>Nama atau inisial Anda</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nama:</translation>
    </message>
    <message numerus="yes">
        <source>%n annotator(s) in this corpus: choose from the list or type a new name.</source>
        <translation>
            <numerusform>%n anotator di korpus ini: pilih dari daftar atau ketik nama baru.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nobody has labelled this corpus yet: you will be the first.</source>
        <translation>Belum ada yang melabeli korpus ini: Anda akan menjadi yang pertama.</translation>
    </message>
    <message>
        <source>Start labelling</source>
        <translation>Mulai melabeli</translation>
    </message>
    <message>
        <source>Switch</source>
        <translation>Ganti</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>one article per .txt file</source>
        <translation>satu artikel per berkas .txt</translation>
    </message>
    <message>
        <source>Annotator&apos;s own records, with labels</source>
        <translation>rekaman milik Annotator sendiri, dengan label</translation>
    </message>
    <message>
        <source>a text column and metadata columns</source>
        <translation>satu kolom teks dan kolom metadata</translation>
    </message>
    <message>
        <source>IOB tags, one token per line</source>
        <translation>tag IOB, satu token per baris</translation>
    </message>
    <message>
        <source>standoff .ann files beside their .txt</source>
        <translation>berkas standoff .ann di samping .txt-nya</translation>
    </message>
    <message>
        <source>JSONL tasks with spans</source>
        <translation>tugas JSONL dengan rentang</translation>
    </message>
    <message>
        <source>JSONL with labels or entities</source>
        <translation>JSONL dengan label atau entitas</translation>
    </message>
    <message>
        <source>JSON export of tasks</source>
        <translation>ekspor tugas dalam JSON</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Berkas</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Baris</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Impor</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Stop after the file being imported; files already imported stay</source>
        <translation>Berhenti setelah berkas yang sedang diimpor; berkas yang sudah diimpor tetap ada</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Impor</translation>
    </message>
    <message>
        <source>Add &amp;files…</source>
        <translation>Tambah be&amp;rkas…</translation>
    </message>
    <message>
        <source>Add f&amp;older…</source>
        <translation>Tambah &amp;folder…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Hapus</translation>
    </message>
    <message>
        <source>Detect from the file extension</source>
        <translation>Kenali dari ekstensi berkas</translation>
    </message>
    <message>
        <source>nobody: only records that name their annotator</source>
        <translation>tidak ada: hanya rekaman yang menyebut anotatornya</translation>
    </message>
    <message>
        <source>Whose labels they are, for records that name no annotator (brat, CoNLL, doccano…). A record that names its annotator keeps it.</source>
        <translation>Milik siapa label-label itu, untuk rekaman yang tidak menyebut anotator (brat, CoNLL, doccano…). Rekaman yang menyebut anotatornya tetap memakai anotator itu.</translation>
    </message>
    <message>
        <source>File&amp;s:</source>
        <translation>&amp;Berkas:</translation>
    </message>
    <message>
        <source>For&amp;mat:</source>
        <translation>For&amp;mat:</translation>
    </message>
    <message>
        <source>&amp;Labels by:</source>
        <translation>&amp;Label oleh:</translation>
    </message>
    <message>
        <source>&amp;Add the labels the files use that the schema lacks</source>
        <translation>T&amp;ambahkan label yang dipakai berkas tetapi belum ada di skema</translation>
    </message>
    <message>
        <source>New labels and relation types get their own colours and free hotkeys; they are added with the file, so a refused file adds none. Unticked, a file with labels the schema lacks is refused, listing them.</source>
        <translation>Label dan jenis relasi baru mendapat warna sendiri dan tombol pintas yang masih bebas; semuanya ditambahkan bersama berkasnya, jadi berkas yang ditolak tidak menambahkan apa pun. Jika tidak dicentang, berkas dengan label yang belum ada di skema ditolak, dengan daftar label itu.</translation>
    </message>
    <message>
        <source>Import the labels as &amp;gold (adjudicated)</source>
        <translation>Impor label sebagai &amp;emas (hasil adjudikasi)</translation>
    </message>
    <message>
        <source>The labels go into the gold layer, not to an annotator (records whose annotator is gold always do: what Export of gold labels writes)</source>
        <translation>Label masuk ke lapisan emas, bukan ke seorang anotator (rekaman yang anotatornya gold selalu begitu: itulah yang ditulis Ekspor label emas)</translation>
    </message>
    <message>
        <source>&amp;Detect each article&apos;s language</source>
        <translation>&amp;Kenali bahasa setiap artikel</translation>
    </message>
    <message numerus="yes">
        <source>{name}/ — %n file(s)</source>
        <translation>
            <numerusform>{name}/ — %n berkas</numerusform>
        </translation>
    </message>
    <message>
        <source>cannot tell the format from the extension: choose one</source>
        <translation>format tidak dapat dikenali dari ekstensinya: pilih satu</translation>
    </message>
    <message>
        <source>Add the files or folders to import.</source>
        <translation>Tambahkan berkas atau folder yang akan diimpor.</translation>
    </message>
    <message>
        <source>Some files cannot be imported as chosen (in red): choose the format.</source>
        <translation>Beberapa berkas tidak dapat diimpor seperti yang dipilih (merah): pilih formatnya.</translation>
    </message>
    <message>
        <source>“{name}” is reserved for gold: tick “{option}” instead.</source>
        <translation>“{name}” dicadangkan untuk emas: centang “{option}” saja.</translation>
    </message>
    <message>
        <source>Import files</source>
        <translation>Impor berkas</translation>
    </message>
    <message>
        <source>Importable files ({patterns});;All files (*)</source>
        <translation>Berkas yang dapat diimpor ({patterns});;Semua berkas (*)</translation>
    </message>
    <message>
        <source>Import a folder</source>
        <translation>Impor sebuah folder</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Memulai…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Membatalkan…</translation>
    </message>
    <message>
        <source>file {index} of {count}</source>
        <translation>berkas {index} dari {count}</translation>
    </message>
    <message>
        <source>under 5 s left</source>
        <translation>kurang dari 5 dtk lagi</translation>
    </message>
    <message numerus="yes">
        <source>about %n s left</source>
        <translation>
            <numerusform>sekitar %n dtk lagi</numerusform>
        </translation>
    </message>
    <message>
        <source>about {minutes} min {seconds} s left</source>
        <translation>sekitar {minutes} mnt {seconds} dtk lagi</translation>
    </message>
    <message>
        <source>about {hours} h {minutes} min left</source>
        <translation>sekitar {hours} jam {minutes} mnt lagi</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n article(s)</source>
        <translation>
            <numerusform>%n artikel diimpor</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n span(s)</source>
        <translation>
            <numerusform>%n rentang</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n relation(s)</source>
        <translation>
            <numerusform>%n relasi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>from %n file(s)</source>
        <translation>
            <numerusform>dari %n berkas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n article(s) already in the corpus</source>
        <translation>
            <numerusform>%n artikel sudah ada di korpus</numerusform>
        </translation>
    </message>
    <message>
        <source>Gold: {spans}, {relations}</source>
        <translation>Emas: {spans}, {relations}</translation>
    </message>
    <message>
        <source>Labels added: {labels}</source>
        <translation>Label ditambahkan: {labels}</translation>
    </message>
    <message>
        <source>Relation types added: {types}</source>
        <translation>Jenis relasi ditambahkan: {types}</translation>
    </message>
    <message>
        <source>Cancelled: the files after these were not imported.</source>
        <translation>Dibatalkan: berkas sesudah ini tidak diimpor.</translation>
    </message>
    <message numerus="yes">
        <source>Refused %n file(s): nothing of them was imported (listed below).</source>
        <translation>
            <numerusform>%n berkas ditolak: tidak ada isinya yang diimpor (tercantum di bawah).</numerusform>
        </translation>
    </message>
    <message>
        <source>Each file imports whole or not at all: the file it was on added nothing.</source>
        <translation>Setiap berkas diimpor utuh atau tidak sama sekali: berkas yang sedang diproses tidak menambahkan apa pun.</translation>
    </message>
    <message>
        <source>unknown labels: {labels}</source>
        <translation>label tak dikenal: {labels}</translation>
    </message>
    <message>
        <source>unknown relation types: {types}</source>
        <translation>jenis relasi tak dikenal: {types}</translation>
    </message>
    <message>
        <source>tick “{option}”</source>
        <translation>centang “{option}”</translation>
    </message>
</context>
<context>
    <name>KeyboardReference</name>
    <message>
        <source>Select text, then a label key</source>
        <translation>Pilih teks, lalu tombol label</translation>
    </message>
    <message>
        <source>Label the selection (whole words)</source>
        <translation>Labeli pilihan (kata utuh)</translation>
    </message>
    <message>
        <source>Label key with a span selected</source>
        <translation>Tombol label saat rentang dipilih</translation>
    </message>
    <message>
        <source>Relabel the span</source>
        <translation>Labeli ulang rentang</translation>
    </message>
    <message>
        <source>S or A, then click an entity</source>
        <translation>S atau A, lalu klik sebuah entitas</translation>
    </message>
    <message>
        <source>Link the selected claim to its speaker or topic</source>
        <translation>Tautkan klaim terpilih ke pembicara atau topiknya</translation>
    </message>
    <message>
        <source>Label the selection {label}</source>
        <translation>Labeli pilihan sebagai {label}</translation>
    </message>
    <message>
        <source>Keyboard reference</source>
        <translation>Referensi papan ketik</translation>
    </message>
    <message>
        <source>Every key of the main window. Keys without Ctrl or Alt act while the text has the focus; in review mode 1…9 accept an annotator&apos;s version instead of labelling.</source>
        <translation>Semua tombol di jendela utama. Tombol tanpa Ctrl atau Alt berlaku saat teks sedang fokus; dalam mode tinjauan, 1…9 menerima versi seorang anotator alih-alih memberi label.</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menu</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Tombol</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Tindakan</translation>
    </message>
</context>
<context>
    <name>Labelling</name>
    <message>
        <source>yes</source>
        <translation>ya</translation>
    </message>
    <message>
        <source>no</source>
        <translation>tidak</translation>
    </message>
    <message>
        <source>speaker</source>
        <translation>pembicara</translation>
    </message>
    <message>
        <source>subject</source>
        <translation>topik</translation>
    </message>
    <message>
        <source>claim</source>
        <translation>klaim</translation>
    </message>
    <message>
        <source>Choose who you are first (File › Switch annotator…)</source>
        <translation>Pilih dulu siapa Anda (Berkas › Ganti anotator…)</translation>
    </message>
    <message>
        <source>Select some text first, then press the label&apos;s key</source>
        <translation>Pilih teks terlebih dahulu, lalu tekan tombol label</translation>
    </message>
    <message>
        <source>The selection holds only white space</source>
        <translation>Pilihan hanya berisi spasi</translation>
    </message>
    <message>
        <source>No span of yours under the cursor</source>
        <translation>Tidak ada rentang Anda di bawah kursor</translation>
    </message>
    <message>
        <source>No spans of yours in this article yet</source>
        <translation>Belum ada rentang Anda di artikel ini</translation>
    </message>
    <message>
        <source>Linking cancelled</source>
        <translation>Penautan dibatalkan</translation>
    </message>
    <message>
        <source>Select one of your claims first (Tab walks your spans)</source>
        <translation>Pilih dulu salah satu klaim Anda (Tab menelusuri rentang Anda)</translation>
    </message>
    <message>
        <source>Click the {what} of “{claim}” (Esc cancels)</source>
        <translation>Klik {what} dari “{claim}” (Esc untuk batal)</translation>
    </message>
    <message>
        <source>This article has no span that {link} can point to yet</source>
        <translation>Artikel ini belum punya rentang yang dapat dirujuk oleh {link}</translation>
    </message>
    <message>
        <source>Click one of your spans (Esc cancels)</source>
        <translation>Klik salah satu rentang Anda (Esc untuk batal)</translation>
    </message>
    <message>
        <source>by {name}</source>
        <translation>oleh {name}</translation>
    </message>
    <message>
        <source>Select one of your spans first (Tab walks your spans)</source>
        <translation>Pilih dulu salah satu rentang Anda (Tab menelusuri rentang Anda)</translation>
    </message>
    <message>
        <source>The span cannot reach beyond the text</source>
        <translation>Rentang tidak bisa melewati batas teks</translation>
    </message>
    <message>
        <source>The span cannot be empty</source>
        <translation>Rentang tidak boleh kosong</translation>
    </message>
    <message>
        <source>A span cannot end inside a character (an emoji, a flag)</source>
        <translation>Rentang tidak bisa berakhir di tengah karakter (emoji, bendera)</translation>
    </message>
    <message>
        <source>Move cancelled</source>
        <translation>Pemindahan dibatalkan</translation>
    </message>
    <message>
        <source>Suggested &lt;b&gt;{label}&lt;/b&gt; ({origin}): Enter accepts, Backspace rejects</source>
        <translation>Saran &lt;b&gt;{label}&lt;/b&gt; ({origin}): Enter menerima, Backspace menolak</translation>
    </message>
    <message>
        <source>values: {values}</source>
        <translation>nilai: {values}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>This corpus has no articles yet. Add some with: annotator import PATH…</source>
        <translation>Korpus ini belum berisi artikel. Tambahkan dengan: annotator import PATH…</translation>
    </message>
    <message>
        <source>Annotator: {name}</source>
        <translation>Anotator: {name}</translation>
    </message>
    <message>
        <source>You marked {done} of {total} articles done</source>
        <translation>Anda menandai {done} dari {total} artikel selesai</translation>
    </message>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln artikel</numerusform>
        </translation>
    </message>
    <message>
        <source>Character mode: spans are exactly what you select</source>
        <translation>Mode karakter: rentang persis seperti yang Anda pilih</translation>
    </message>
    <message>
        <source>Word mode</source>
        <translation>Mode kata</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>Tidak ada yang dapat diurungkan</translation>
    </message>
    <message>
        <source>Nothing to redo</source>
        <translation>Tidak ada yang dapat diulangi</translation>
    </message>
    <message>
        <source>No more articles this way</source>
        <translation>Tidak ada artikel lagi ke arah ini</translation>
    </message>
    <message>
        <source>You have finished every article</source>
        <translation>Anda telah menyelesaikan semua artikel</translation>
    </message>
    <message>
        <source>Blind mode: others&apos; spans hidden</source>
        <translation>Mode buta: rentang orang lain disembunyikan</translation>
    </message>
    <message>
        <source>Showing others&apos; spans</source>
        <translation>Menampilkan rentang orang lain</translation>
    </message>
    <message>
        <source>Blind mode stays on: {name} is not a reviewer of this team corpus, so other annotators&apos; labels stay hidden until review</source>
        <translation>Mode buta tetap aktif: {name} bukan peninjau korpus tim ini, jadi label anotator lain tetap tersembunyi sampai ditinjau</translation>
    </message>
    <message>
        <source>Only reviewers of this team corpus can compare annotators: {name} is not one (a reviewer names reviewers with: annotator --db URL db reviewer NAME)</source>
        <translation>Hanya peninjau korpus tim ini yang dapat membandingkan anotator: {name} bukan peninjau (seorang peninjau menunjuk peninjau dengan: annotator --db URL db reviewer NAME)</translation>
    </message>
    <message>
        <source>Annotator — {corpus}</source>
        <translation>Annotator — {corpus}</translation>
    </message>
    <message>
        <source>Articles</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>Rentang</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Team server: {server}</source>
        <translation>Server tim: {server}</translation>
    </message>
    <message>
        <source>Corpus: {location}</source>
        <translation>Korpus: {location}</translation>
    </message>
    <message>
        <source>%v/%m done</source>
        <translation>%v/%m selesai</translation>
    </message>
    <message>
        <source>Review mode: N / P walk the disagreements, 1…9 accept a version</source>
        <translation>Mode tinjauan: N / P menelusuri ketidaksepakatan, 1…9 menerima sebuah versi</translation>
    </message>
    <message>
        <source>Marked done</source>
        <translation>Ditandai selesai</translation>
    </message>
    <message>
        <source>Marked skipped</source>
        <translation>Ditandai dilewati</translation>
    </message>
    <message>
        <source>Marked in progress</source>
        <translation>Ditandai sedang dikerjakan</translation>
    </message>
    <message>
        <source>Marked to do</source>
        <translation>Ditandai belum dikerjakan</translation>
    </message>
    <message>
        <source>Clusters</source>
        <translation>Klaster</translation>
    </message>
    <message>
        <source>Choose a model folder (annotator train wrote it)</source>
        <translation>Pilih folder model (yang ditulis annotator train)</translation>
    </message>
    <message>
        <source>Suggesting from the model in {folder}</source>
        <translation>Menyarankan dari model di {folder}</translation>
    </message>
    <message>
        <source>Choose who you are first: training learns your labels</source>
        <translation>Pilih dulu siapa Anda: pelatihan mempelajari label Anda</translation>
    </message>
    <message>
        <source>Ranking the articles not done…</source>
        <translation>Mengurutkan artikel yang belum selesai…</translation>
    </message>
    <message>
        <source>Next article follows the new order</source>
        <translation>Artikel berikutnya mengikuti urutan baru</translation>
    </message>
    <message>
        <source>No suggestions model yet (Article ▸ Train suggestions model…): next article follows the list</source>
        <translation>Belum ada model saran (Artikel ▸ Latih model saran…): artikel berikutnya mengikuti daftar</translation>
    </message>
    <message>
        <source>The articles could not be ranked: {error}</source>
        <translation>Artikel tidak dapat diurutkan: {error}</translation>
    </message>
    <message>
        <source>Story: {story}</source>
        <translation>Cerita: {story}</translation>
    </message>
    <message>
        <source>In no story</source>
        <translation>Tanpa cerita</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Preferensi</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Bahasa:</translation>
    </message>
    <message>
        <source>System language ({language})</source>
        <translation>Bahasa sistem ({language})</translation>
    </message>
    <message>
        <source>The app switches at once. Label names come from the corpus&apos;s schema and stay as they are.</source>
        <translation>Aplikasi langsung berganti bahasa. Nama label berasal dari skema korpus dan tidak diterjemahkan.</translation>
    </message>
</context>
<context>
    <name>QGnomeTheme</name>
    <message>
        <source>&amp;OK</source>
        <translation>&amp;OK</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Simpan</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Batal</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Tutup</translation>
    </message>
    <message>
        <source>Close without Saving</source>
        <translation>Tutup tanpa Menyimpan</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Show Details...</source>
        <translation>Tampilkan Detail...</translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation>Sembunyikan Detail...</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Terapkan</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Atur ulang</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Bantuan</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Buang</translation>
    </message>
    <message>
        <source>Don&apos;t Save</source>
        <translation>Jangan Simpan</translation>
    </message>
    <message>
        <source>Close without Saving</source>
        <translation>Tutup tanpa Menyimpan</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Ya</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Tidak</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Batalkan</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Coba lagi</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Abaikan</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>Kembalikan Bawaan</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <source>in hand</source>
        <translation>sedang ditangani</translation>
    </message>
    <message>
        <source>disagreement</source>
        <translation>ketidaksepakatan</translation>
    </message>
    <message>
        <source>agreed, not gold yet</source>
        <translation>disepakati, belum gold</translation>
    </message>
    <message>
        <source>gold (label colour)</source>
        <translation>gold (warna label)</translation>
    </message>
    <message>
        <source>gold</source>
        <translation>gold</translation>
    </message>
    <message>
        <source>Marked by {names}</source>
        <translation>Ditandai oleh {names}</translation>
    </message>
    <message>
        <source>Marked by hand (no annotator had it)</source>
        <translation>Ditandai manual (tidak ada anotator yang menandainya)</translation>
    </message>
    <message>
        <source>Accepted by {name} on {when}</source>
        <translation>Diterima oleh {name} pada {when}</translation>
    </message>
    <message>
        <source>Gold {label} “{text}”</source>
        <translation>Gold {label} “{text}”</translation>
    </message>
    <message>
        <source>{names} and {last}</source>
        <translation>{names} dan {last}</translation>
    </message>
    <message>
        <source>subject differs</source>
        <translation>subjek berbeda</translation>
    </message>
    <message>
        <source>speaker not settled</source>
        <translation>pembicara belum diputuskan</translation>
    </message>
    <message>
        <source>subject not settled</source>
        <translation>subjek belum diputuskan</translation>
    </message>
    <message>
        <source>Linking cancelled</source>
        <translation>Penautan dibatalkan</translation>
    </message>
    <message>
        <source>no subject</source>
        <translation>tanpa subjek</translation>
    </message>
    <message>
        <source>none</source>
        <translation>tidak ada</translation>
    </message>
    <message>
        <source>Gold has no claim here yet: accept a version (1…9) or edit one (E) first</source>
        <translation>Gold belum punya klaim di sini: terima satu versi (1…9) atau sunting (E) dulu</translation>
    </message>
    <message>
        <source>Click the {what} of “{claim}” in gold (Shift+click: one more; Esc cancels)</source>
        <translation>Klik {what} dari “{claim}” di gold (Shift+klik: satu lagi; Esc membatalkan)</translation>
    </message>
    <message>
        <source>No gold span there that {link} can point to: accept the entity into gold first (Esc cancels)</source>
        <translation>Tidak ada rentang gold di sana yang dapat dituju {link}: terima entitasnya ke gold dulu (Esc membatalkan)</translation>
    </message>
    <message>
        <source>Gold {relation}: {what}</source>
        <translation>Gold {relation}: {what}</translation>
    </message>
    <message>
        <source>No speaker</source>
        <translation>Tanpa pembicara</translation>
    </message>
    <message>
        <source>No subject</source>
        <translation>Tanpa subjek</translation>
    </message>
    <message>
        <source>No claim</source>
        <translation>Tanpa klaim</translation>
    </message>
    <message numerus="yes">
        <source> · %n link(s) not settled</source>
        <translation>
            <numerusform> · %n tautan belum diputuskan</numerusform>
        </translation>
    </message>
    <message>
        <source>label differs</source>
        <translation>label berbeda</translation>
    </message>
    <message>
        <source>boundaries differ</source>
        <translation>batas berbeda</translation>
    </message>
    <message>
        <source>label and boundaries differ</source>
        <translation>label dan batas berbeda</translation>
    </message>
    <message>
        <source>missing in some</source>
        <translation>tidak ada pada sebagian</translation>
    </message>
    <message>
        <source>speaker differs</source>
        <translation>pembicara berbeda</translation>
    </message>
    <message>
        <source>&lt;b&gt;Review&lt;/b&gt; — compare:</source>
        <translation>&lt;b&gt;Tinjauan&lt;/b&gt; — bandingkan:</translation>
    </message>
    <message>
        <source>N / P next / previous disagreement · 1…9 accept that annotator&apos;s version (and cluster) · 0 no cluster · Ctrl+Shift+A accept all agreeing · S / A speaker / subject (Shift: choose) · E edit gold · R / Delete reject · Ctrl+Z undo</source>
        <translation>N / P ketidaksepakatan berikutnya / sebelumnya · 1…9 terima versi anotator itu (beserta klasternya) · 0 tanpa klaster · Ctrl+Shift+A terima semua yang sepakat · S / A pembicara / subjek (Shift: pilih) · E sunting gold · R / Delete tolak · Ctrl+Z urungkan</translation>
    </message>
    <message>
        <source>no gold yet</source>
        <translation>belum ada gold</translation>
    </message>
    <message>
        <source>partial</source>
        <translation>sebagian</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>lengkap</translation>
    </message>
    <message numerus="yes">
        <source>Gold: &lt;b&gt;{state}&lt;/b&gt; · {resolved} of %n disagreement(s) resolved · {gold} gold spans</source>
        <translation>
            <numerusform>Gold: &lt;b&gt;{state}&lt;/b&gt; · {resolved} dari %n ketidaksepakatan terselesaikan · {gold} rentang gold</numerusform>
        </translation>
    </message>
    <message>
        <source>{title}
Done by: {names}
{settled} of {groups} span groups settled; {rejections} versions rejected</source>
        <translation>{title}
Selesai oleh: {names}
{settled} dari {groups} kelompok rentang diselesaikan; {rejections} versi ditolak</translation>
    </message>
    <message>
        <source>none of the chosen annotators</source>
        <translation>tak satu pun anotator terpilih</translation>
    </message>
    <message>
        <source>agreed</source>
        <translation>sepakat</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Teks</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>Gold</translation>
    </message>
    <message>
        <source>no speaker</source>
        <translation>tanpa pembicara</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>ditolak</translation>
    </message>
    <message>
        <source>No disagreements between the chosen annotators here.</source>
        <translation>Tidak ada ketidaksepakatan antara anotator terpilih di sini.</translation>
    </message>
    <message numerus="yes">
        <source>%n disagreement(s) — press N for the first one not settled.</source>
        <translation>
            <numerusform>%n ketidaksepakatan — tekan N untuk yang pertama yang belum diselesaikan.</numerusform>
        </translation>
    </message>
    <message>
        <source>Fewer than two of the chosen annotators marked this article done.</source>
        <translation>Kurang dari dua anotator terpilih yang menandai artikel ini selesai.</translation>
    </message>
    <message>
        <source>settled</source>
        <translation>diselesaikan</translation>
    </message>
    <message>
        <source>open</source>
        <translation>terbuka</translation>
    </message>
    <message>
        <source>Disagreement {n} of {total}</source>
        <translation>Ketidaksepakatan {n} dari {total}</translation>
    </message>
    <message>
        <source>not decided</source>
        <translation>belum diputuskan</translation>
    </message>
    <message>
        <source>No disagreements in this article</source>
        <translation>Tidak ada ketidaksepakatan di artikel ini</translation>
    </message>
    <message>
        <source>Gold already had that</source>
        <translation>Gold sudah berisi itu</translation>
    </message>
    <message>
        <source>No disagreement in hand: press N</source>
        <translation>Tidak ada ketidaksepakatan yang sedang ditangani: tekan N</translation>
    </message>
    <message>
        <source>There is no annotator {n} here ({count} compared)</source>
        <translation>Tidak ada anotator {n} di sini ({count} dibandingkan)</translation>
    </message>
    <message>
        <source>Accepted {name}&apos;s version into gold</source>
        <translation>Versi {name} diterima ke gold</translation>
    </message>
    <message>
        <source>Took {name}&apos;s version: nothing here is gold</source>
        <translation>Versi {name} diambil: tidak ada gold di sini</translation>
    </message>
    <message>
        <source>Accepted every span the chosen annotators agree on</source>
        <translation>Semua rentang yang disepakati anotator terpilih telah diterima</translation>
    </message>
    <message numerus="yes">
        <source>Accepted %n agreeing span(s) into gold</source>
        <translation>
            <numerusform>%n rentang yang sepakat diterima ke gold</numerusform>
        </translation>
    </message>
    <message>
        <source>Rejected the gold span</source>
        <translation>Rentang gold ditolak</translation>
    </message>
    <message>
        <source>Rejected every version here</source>
        <translation>Semua versi di sini ditolak</translation>
    </message>
    <message>
        <source>Gold span edited</source>
        <translation>Rentang gold disunting</translation>
    </message>
    <message>
        <source>Gold span added</source>
        <translation>Rentang gold ditambahkan</translation>
    </message>
    <message>
        <source>Could not compute the agreement: {error}</source>
        <translation>Kesepakatan tidak dapat dihitung: {error}</translation>
    </message>
    <message>
        <source>cluster differs</source>
        <translation>klaster berbeda</translation>
    </message>
    <message>
        <source>in no cluster</source>
        <translation>tidak dalam klaster mana pun</translation>
    </message>
    <message numerus="yes">
        <source>with %n claim(s): </source>
        <translation>
            <numerusform>bersama %n klaim: </numerusform>
        </translation>
    </message>
    <message>
        <source>Gold&apos;s claim here is in no cluster</source>
        <translation>Klaim gold di sini tidak dalam klaster mana pun</translation>
    </message>
    <message>
        <source>No gold claim here: accept a version first (1…9)</source>
        <translation>Belum ada klaim gold di sini: terima dulu satu versi (1…9)</translation>
    </message>
    <message>
        <source>no speaker yet: {names}</source>
        <translation>belum ada pembicara: {names}</translation>
    </message>
    <message numerus="yes">
        <source> · %n claim(s) without a speaker ({names})</source>
        <translation>
            <numerusform> · %n klaim tanpa pembicara ({names})</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SchemaEditor</name>
    <message>
        <source>one of a list</source>
        <translation>salah satu dari daftar</translation>
    </message>
    <message>
        <source>yes or no</source>
        <translation>ya atau tidak</translation>
    </message>
    <message>
        <source>free text</source>
        <translation>teks bebas</translation>
    </message>
    <message>
        <source>(no default)</source>
        <translation>(tanpa bawaan)</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Warna</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Lapisan</translation>
    </message>
    <message>
        <source>Hotkey</source>
        <translation>Tombol pintas</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>Rentang</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Deskripsi</translation>
    </message>
    <message>
        <source>Add label</source>
        <translation>Tambah label</translation>
    </message>
    <message>
        <source>e.g. WEAPON (letters, digits, _ or -)</source>
        <translation>mis. SENJATA (huruf, angka, _ atau -)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>tidak ada</translation>
    </message>
    <message>
        <source>What this label marks (shown as a tooltip)</source>
        <translation>Apa yang ditandai label ini (ditampilkan sebagai tooltip)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nama:</translation>
    </message>
    <message>
        <source>&amp;Layer:</source>
        <translation>&amp;Lapisan:</translation>
    </message>
    <message>
        <source>&amp;Colour:</source>
        <translation>&amp;Warna:</translation>
    </message>
    <message>
        <source>&amp;Hotkey:</source>
        <translation>&amp;Tombol pintas:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Deskripsi:</translation>
    </message>
    <message>
        <source>Label colour</source>
        <translation>Warna label</translation>
    </message>
    <message>
        <source>Add attribute</source>
        <translation>Tambah atribut</translation>
    </message>
    <message>
        <source>e.g. sentiment</source>
        <translation>mis. sentimen</translation>
    </message>
    <message>
        <source>positive, neutral, negative</source>
        <translation>positif, netral, negatif</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(kosong)</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Jenis:</translation>
    </message>
    <message>
        <source>&amp;Choices:</source>
        <translation>&amp;Pilihan:</translation>
    </message>
    <message>
        <source>&amp;Default:</source>
        <translation>&amp;Bawaan:</translation>
    </message>
    <message>
        <source>La&amp;bels:</source>
        <translation>La&amp;bel:</translation>
    </message>
    <message>
        <source>None ticked: every label of the layer has it</source>
        <translation>Tanpa centang: setiap label di lapisan ini memilikinya</translation>
    </message>
    <message>
        <source>all</source>
        <translation>semua</translation>
    </message>
    <message>
        <source>Spans labelled before show the default until someone sets a value.</source>
        <translation>Rentang yang dilabeli sebelumnya menampilkan nilai bawaan sampai seseorang mengisi nilainya.</translation>
    </message>
    <message>
        <source>Labels and attributes</source>
        <translation>Label dan atribut</translation>
    </message>
    <message>
        <source>The labels and attributes of this corpus, shared by every annotator. Changes are saved at once. Renaming a label relabels its spans; a label can be deleted only once no span uses it.</source>
        <translation>Label dan atribut korpus ini, dipakai bersama oleh semua anotator. Perubahan langsung disimpan. Mengganti nama label akan melabeli ulang rentangnya; label hanya dapat dihapus bila tidak ada rentang yang memakainya.</translation>
    </message>
    <message>
        <source>&amp;Add label…</source>
        <translation>&amp;Tambah label…</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>&amp;Ganti nama…</translation>
    </message>
    <message>
        <source>Re&amp;colour…</source>
        <translation>Ubah &amp;warna…</translation>
    </message>
    <message>
        <source>Change &amp;hotkey…</source>
        <translation>Ubah &amp;tombol pintas…</translation>
    </message>
    <message>
        <source>D&amp;escribe…</source>
        <translation>&amp;Deskripsikan…</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Hapus</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Attribute</source>
        <translation>Atribut</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Choices</source>
        <translation>Pilihan</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Bawaan</translation>
    </message>
    <message>
        <source>Add a&amp;ttribute…</source>
        <translation>Tambah a&amp;tribut…</translation>
    </message>
    <message>
        <source>Attributes (per layer)</source>
        <translation>Atribut (per lapisan)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ya</translation>
    </message>
    <message>
        <source>no</source>
        <translation>tidak</translation>
    </message>
    <message>
        <source>no attributes</source>
        <translation>tidak ada atribut</translation>
    </message>
    <message>
        <source>The change could not be saved ({error}). Nothing was changed.</source>
        <translation>Perubahan tidak dapat disimpan ({error}). Tidak ada yang diubah.</translation>
    </message>
    <message>
        <source>Added label {name}.</source>
        <translation>Label {name} ditambahkan.</translation>
    </message>
    <message numerus="yes">
        <source>Its %Ln span(s) will be relabelled.</source>
        <translation>
            <numerusform>%Ln rentangnya akan dilabeli ulang.</numerusform>
        </translation>
    </message>
    <message>
        <source>Rename {name}</source>
        <translation>Ganti nama {name}</translation>
    </message>
    <message>
        <source>New name for {name}.</source>
        <translation>Nama baru untuk {name}.</translation>
    </message>
    <message numerus="yes">
        <source>Renamed {old} to {new}; %Ln span(s) relabelled.</source>
        <translation>
            <numerusform>{old} diganti namanya menjadi {new}; %Ln rentang dilabeli ulang.</numerusform>
        </translation>
    </message>
    <message>
        <source>Renamed {old} to {new}.</source>
        <translation>{old} diganti namanya menjadi {new}.</translation>
    </message>
    <message>
        <source>Colour of {name}</source>
        <translation>Warna {name}</translation>
    </message>
    <message>
        <source>{name} is now drawn in {colour}.</source>
        <translation>{name} kini digambar dengan warna {colour}.</translation>
    </message>
    <message>
        <source>Hotkey of {name}</source>
        <translation>Tombol pintas {name}</translation>
    </message>
    <message>
        <source>The key that labels the selected text as {name}: one digit or letter. Leave empty for none.</source>
        <translation>Tombol yang melabeli teks terpilih sebagai {name}: satu angka atau huruf. Biarkan kosong jika tidak ada.</translation>
    </message>
    <message>
        <source>Press {key} to label text as {name}.</source>
        <translation>Tekan {key} untuk melabeli teks sebagai {name}.</translation>
    </message>
    <message>
        <source>{name} has no hotkey now.</source>
        <translation>{name} kini tidak punya tombol pintas.</translation>
    </message>
    <message>
        <source>Describe {name}</source>
        <translation>Deskripsikan {name}</translation>
    </message>
    <message>
        <source>What {name} marks:</source>
        <translation>Apa yang ditandai {name}:</translation>
    </message>
    <message>
        <source>Description of {name} saved.</source>
        <translation>Deskripsi {name} disimpan.</translation>
    </message>
    <message>
        <source>Delete {name}?</source>
        <translation>Hapus {name}?</translation>
    </message>
    <message>
        <source>Delete the label {name}? No span uses it.</source>
        <translation>Hapus label {name}? Tidak ada rentang yang memakainya.</translation>
    </message>
    <message>
        <source>Deleted label {name}.</source>
        <translation>Label {name} dihapus.</translation>
    </message>
    <message>
        <source>Added attribute {name} to the {layer} layer.</source>
        <translation>Atribut {name} ditambahkan ke lapisan {layer}.</translation>
    </message>
    <message>
        <source>Not changed</source>
        <translation>Tidak diubah</translation>
    </message>
</context>
<context>
    <name>SpanPanel</name>
    <message>
        <source>Delete span</source>
        <translation>Hapus rentang</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Teks</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Pembicara</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>Atribut</translation>
    </message>
    <message>
        <source>Select a span to edit its label and attributes.</source>
        <translation>Pilih rentang untuk menyunting label dan atributnya.</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Topik</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Klaim</translation>
    </message>
    <message>
        <source> — by {name}</source>
        <translation> — oleh {name}</translation>
    </message>
    <message>
        <source>(press {key} to link)</source>
        <translation>(tekan {key} untuk menautkan)</translation>
    </message>
    <message numerus="yes">
        <source>%n span(s) of yours</source>
        <translation>
            <numerusform>%n rentang milik Anda</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n by others</source>
        <translation>
            <numerusform>, %n milik orang lain</numerusform>
        </translation>
    </message>
    <message>
        <source>outlet&apos;s own voice</source>
        <translation>suara media sendiri</translation>
    </message>
    <message>
        <source>⚠ no speaker yet</source>
        <translation>⚠ belum ada pembicara</translation>
    </message>
    <message>
        <source>⚠ unattributed, yet said by {speakers}</source>
        <translation>⚠ tanpa atribusi, tetapi dikatakan oleh {speakers}</translation>
    </message>
    <message>
        <source>Values: {values}</source>
        <translation>Nilai: {values}</translation>
    </message>
    <message numerus="yes">
        <source>, %n claim(s) without a speaker</source>
        <translation>
            <numerusform>, %n klaim tanpa pembicara</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TeamLink</name>
    <message>
        <source>Lost the connection to the team server — your edit is kept and will be saved when it is back.</source>
        <translation>Koneksi ke server tim terputus — suntingan Anda disimpan sementara dan akan tersimpan saat koneksi kembali.</translation>
    </message>
    <message>
        <source>Lost the connection to the team server — trying to reconnect…</source>
        <translation>Koneksi ke server tim terputus — mencoba menghubungkan kembali…</translation>
    </message>
    <message numerus="yes">
        <source>%n edit(s) waiting to be saved.</source>
        <translation>
            <numerusform>%n suntingan menunggu disimpan.</numerusform>
        </translation>
    </message>
    <message>
        <source>Connected to the team server again; your edits are saved.</source>
        <translation>Terhubung kembali ke server tim; suntingan Anda sudah disimpan.</translation>
    </message>
    <message>
        <source>Undo and redo wait for the team server: press it again once the connection is back.</source>
        <translation>Urungkan dan ulangi menunggu server tim: tekan lagi setelah koneksi kembali.</translation>
    </message>
</context>
<context>
    <name>TextPane</name>
    <message>
        <source>Choose an article from the list.</source>
        <translation>Pilih artikel dari daftar.</translation>
    </message>
    <message>
        <source>language unknown</source>
        <translation>bahasa tidak diketahui</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Select words in the text, then press a label&apos;s key: {keys}</source>
        <translation>Pilih kata dalam teks, lalu tekan tombol label: {keys}</translation>
    </message>
    <message>
        <source>Welcome to Annotator</source>
        <translation>Selamat datang di Annotator</translation>
    </message>
    <message>
        <source>The keys you will use most</source>
        <translation>Tombol yang paling sering Anda gunakan</translation>
    </message>
    <message>
        <source>Every label is saved the moment you make it. The demo corpus of five articles is open to try things out.</source>
        <translation>Setiap label disimpan begitu Anda membuatnya. Korpus demo berisi lima artikel sudah terbuka untuk dicoba.</translation>
    </message>
    <message>
        <source>Labelling</source>
        <translation>Melabeli</translation>
    </message>
    <message>
        <source>Suggestions</source>
        <translation>Saran</translation>
    </message>
    <message>
        <source>Claim clusters</source>
        <translation>Klaster klaim</translation>
    </message>
    <message>
        <source>Suggestions are drawn with a dashed outline; Tab still walks your own spans.</source>
        <translation>Saran digambar dengan garis tepi putus-putus; Tab tetap menelusuri rentang Anda sendiri.</translation>
    </message>
</context>
<context>
    <name>UndoText</name>
    <message>
        <source>added {label} {text}</source>
        <translation>menambahkan {label} {text}</translation>
    </message>
    <message>
        <source>deleted {label} {text}</source>
        <translation>menghapus {label} {text}</translation>
    </message>
    <message>
        <source>relabelled {text} from {old} to {label}</source>
        <translation>mengganti label {text} dari {old} menjadi {label}</translation>
    </message>
    <message>
        <source>moved the boundaries of {label} {text}</source>
        <translation>menggeser batas {label} {text}</translation>
    </message>
    <message>
        <source>changed the attributes of {label} {text}</source>
        <translation>mengubah atribut {label} {text}</translation>
    </message>
    <message>
        <source>linked {relation}</source>
        <translation>menautkan {relation}</translation>
    </message>
    <message>
        <source>removed a {relation} link</source>
        <translation>menghapus tautan {relation}</translation>
    </message>
    <message>
        <source>marked {after} (was {before})</source>
        <translation>menandai {after} (sebelumnya {before})</translation>
    </message>
    <message>
        <source>accepted {label} {text} into gold</source>
        <translation>menerima {label} {text} ke gold</translation>
    </message>
    <message>
        <source>added gold {label} {text}</source>
        <translation>menambahkan gold {label} {text}</translation>
    </message>
    <message>
        <source>edited gold {label} {text}</source>
        <translation>menyunting gold {label} {text}</translation>
    </message>
    <message>
        <source>removed gold {label} {text}</source>
        <translation>menghapus gold {label} {text}</translation>
    </message>
    <message>
        <source>rejected {label} {text} for gold</source>
        <translation>menolak {label} {text} untuk gold</translation>
    </message>
    <message>
        <source>a gold change</source>
        <translation>perubahan gold</translation>
    </message>
    <message>
        <source>Undid</source>
        <translation>Dibatalkan</translation>
    </message>
    <message>
        <source>Redid</source>
        <translation>Diulangi</translation>
    </message>
    <message>
        <source>Undid: {change}</source>
        <translation>Dibatalkan: {change}</translation>
    </message>
    <message>
        <source>Redid: {change}</source>
        <translation>Diulangi: {change}</translation>
    </message>
    <message>
        <source>put {text} into cluster “{cluster}”</source>
        <translation>memasukkan {text} ke klaster “{cluster}”</translation>
    </message>
    <message>
        <source>started cluster “{cluster}” from {text}</source>
        <translation>memulai klaster “{cluster}” dari {text}</translation>
    </message>
    <message>
        <source>took {text} out of cluster “{cluster}”</source>
        <translation>mengeluarkan {text} dari klaster “{cluster}”</translation>
    </message>
</context>
<context>
    <name>ClusterPicker</name>
    <message>
        <source>text {value}</source>
        <translation>teks {value}</translation>
    </message>
    <message>
        <source>{n} shared entities</source>
        <translation>{n} entitas sama</translation>
    </message>
    <message>
        <source>1 shared entity</source>
        <translation>1 entitas sama</translation>
    </message>
    <message>
        <source>numbers agree</source>
        <translation>angka sesuai</translation>
    </message>
    <message>
        <source>numbers conflict</source>
        <translation>angka bertentangan</translation>
    </message>
    <message>
        <source>same story</source>
        <translation>berita yang sama</translation>
    </message>
    <message>
        <source>{reasons} · {n} claims: {outlets}</source>
        <translation>{reasons} · {n} klaim: {outlets}</translation>
    </message>
    <message>
        <source>{reasons} · 1 claim: {outlets}</source>
        <translation>{reasons} · 1 klaim: {outlets}</translation>
    </message>
    <message>
        <source>Join a cluster</source>
        <translation>Gabung ke klaster</translation>
    </message>
    <message>
        <source>Clusters for “{claim}”</source>
        <translation>Klaster untuk “{claim}”</translation>
    </message>
    <message>
        <source>Up/Down choose · Enter joins · Escape cancels · Shift+C starts a new cluster</source>
        <translation>Atas/Bawah memilih · Enter bergabung · Escape batal · Shift+C memulai klaster baru</translation>
    </message>
    <message>
        <source>No cluster to join yet: Shift+C starts one from this claim</source>
        <translation>Belum ada klaster untuk diikuti: Shift+C memulai satu dari klaim ini</translation>
    </message>
    <message>
        <source>Joined cluster “{name}”</source>
        <translation>Bergabung ke klaster “{name}”</translation>
    </message>
    <message>
        <source>Started cluster “{name}”</source>
        <translation>Klaster “{name}” dimulai</translation>
    </message>
    <message>
        <source>This claim is in no cluster</source>
        <translation>Klaim ini tidak ada di klaster mana pun</translation>
    </message>
    <message>
        <source>The claim left its cluster</source>
        <translation>Klaim keluar dari klasternya</translation>
    </message>
    <message>
        <source>Reading your clusters…</source>
        <translation>Membaca klaster Anda…</translation>
    </message>
</context>
<context>
    <name>ClusterView</name>
    <message>
        <source>number</source>
        <translation>angka</translation>
    </message>
    <message>
        <source>entity</source>
        <translation>entitas</translation>
    </message>
    <message>
        <source>hedge</source>
        <translation>kata pelunak</translation>
    </message>
    <message>
        <source>other word</source>
        <translation>kata lain</translation>
    </message>
    <message>
        <source>Outlet</source>
        <translation>Media</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Pembicara</translation>
    </message>
    <message>
        <source>Attribution</source>
        <translation>Atribusi</translation>
    </message>
    <message>
        <source>Certainty</source>
        <translation>Kepastian</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Klaim</translation>
    </message>
    <message>
        <source>(no story)</source>
        <translation>(tanpa berita)</translation>
    </message>
    <message>
        <source>No clusters yet: press C on a claim to join one, Shift+C to start one</source>
        <translation>Belum ada klaster: tekan C pada klaim untuk bergabung, Shift+C untuk memulai</translation>
    </message>
    <message>
        <source>{n} claims, {outlets} outlets</source>
        <translation>{n} klaim, {outlets} media</translation>
    </message>
    <message>
        <source>Conflict: {line}</source>
        <translation>Pertentangan: {line}</translation>
    </message>
    <message>
        <source>Within one article: {line}</source>
        <translation>Dalam satu artikel: {line}</translation>
    </message>
    <message>
        <source>Differences from the claim in hand (▶):</source>
        <translation>Perbedaan dari klaim yang dipegang (▶):</translation>
    </message>
    <message>
        <source>Up/Down walk · Enter opens the article · Left or Escape back to the clusters</source>
        <translation>Atas/Bawah berpindah · Enter membuka artikel · Kiri atau Escape kembali ke klaster</translation>
    </message>
    <message>
        <source>accepted {label} {text}</source>
        <translation>menerima {label} {text}</translation>
    </message>
    <message>
        <source>accepted {n} suggestions</source>
        <translation>menerima {n} saran</translation>
    </message>
</context>
<context>
    <name>Suggesting</name>
    <message>
        <source>Suggestions from {source} failed: {error}</source>
        <translation>Saran dari {source} gagal: {error}</translation>
    </message>
    <message>
        <source>No suggestions in this article</source>
        <translation>Tidak ada saran di artikel ini</translation>
    </message>
    <message>
        <source>Suggested {label} ({origin}): Enter accepts, Backspace rejects</source>
        <translation>Saran {label} ({origin}): Enter menerima, Backspace menolak</translation>
    </message>
    <message>
        <source>Suggested {label} ({origin}), or {others} (its key accepts that): Enter accepts, Backspace rejects</source>
        <translation>Saran {label} ({origin}), atau {others} (tombolnya menerima itu): Enter menerima, Backspace menolak</translation>
    </message>
    <message>
        <source>No suggestion under the cursor</source>
        <translation>Tidak ada saran di bawah kursor</translation>
    </message>
    <message>
        <source>Accepted {label}: {text}</source>
        <translation>Diterima {label}: {text}</translation>
    </message>
    <message>
        <source>Rejected {label}: {text}</source>
        <translation>Ditolak {label}: {text}</translation>
    </message>
    <message>
        <source>Accepted {n} suggestions (one undo)</source>
        <translation>{n} saran diterima (satu kali urungkan)</translation>
    </message>
    <message>
        <source>Looking for “{text}” in every article…</source>
        <translation>Mencari “{text}” di semua artikel…</translation>
    </message>
    <message>
        <source>No other unlabelled “{text}” found</source>
        <translation>Tidak ditemukan “{text}” lain yang belum dilabeli</translation>
    </message>
    <message>
        <source>Labelled {n} more “{text}” {label} in {articles} article(s)</source>
        <translation>{n} “{text}” lagi dilabeli {label} di {articles} artikel</translation>
    </message>
</context>
<context>
    <name>TrainingDialog</name>
    <message>
        <source>Train suggestions model</source>
        <translation>Latih model saran</translation>
    </message>
    <message>
        <source>Learns from the articles %1 marked done (names, places, organisations and claim sentences), from a blank model on this computer. Training runs in a background process: you can go on labelling.</source>
        <translation>Belajar dari artikel yang ditandai selesai oleh %1 (nama, tempat, organisasi dan kalimat klaim), dari model kosong di komputer ini. Pelatihan berjalan di proses latar belakang: Anda dapat terus melabeli.</translation>
    </message>
    <message>
        <source>&amp;Most passes over the articles:</source>
        <translation>Putaran &amp;paling banyak atas artikel:</translation>
    </message>
    <message>
        <source>&amp;Stop after passes without a better score:</source>
        <translation>Berhenti &amp;setelah putaran tanpa skor lebih baik:</translation>
    </message>
    <message>
        <source>never stop early</source>
        <translation>jangan berhenti lebih awal</translation>
    </message>
    <message>
        <source>Training stops when this many passes in a row have not bettered the held-out score; the best pass&apos;s model is kept.</source>
        <translation>Pelatihan berhenti bila sebanyak ini putaran berturut-turut tidak memperbaiki skor pada artikel yang disisihkan; model dari putaran terbaik yang disimpan.</translation>
    </message>
    <message>
        <source>Model folder:</source>
        <translation>Folder model:</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Belum dimulai</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Precision %</source>
        <translation>Presisi %</translation>
    </message>
    <message>
        <source>Recall %</source>
        <translation>Recall %</translation>
    </message>
    <message>
        <source>F1 %</source>
        <translation>F1 %</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>&amp;Latih</translation>
    </message>
    <message>
        <source>&amp;Cancel training</source>
        <translation>&amp;Batalkan pelatihan</translation>
    </message>
    <message>
        <source>Reading the done articles…</source>
        <translation>Membaca artikel yang selesai…</translation>
    </message>
    <message>
        <source>Training needs at least 2 done articles with labels; there are %1.</source>
        <translation>Pelatihan memerlukan sedikitnya 2 artikel selesai yang berlabel; yang ada %1.</translation>
    </message>
    <message>
        <source>Training on %1 articles…</source>
        <translation>Melatih pada %1 artikel…</translation>
    </message>
    <message>
        <source>Pass %1 of %2, loss %3</source>
        <translation>Putaran %1 dari %2, loss %3</translation>
    </message>
    <message>
        <source>Pass %1 of at most %2, loss %3: held-out F1 %4 % (best: pass %5)</source>
        <translation>Putaran %1 dari paling banyak %2, loss %3: F1 artikel yang disisihkan %4 % (terbaik: putaran %5)</translation>
    </message>
    <message>
        <source>Held-out F1 per pass: %1</source>
        <translation>F1 artikel yang disisihkan per putaran: %1</translation>
    </message>
    <message>
        <source>Stopped after pass %1: %2 passes in a row did not better the held-out score.</source>
        <translation>Berhenti setelah putaran %1: %2 putaran berturut-turut tidak memperbaiki skor pada artikel yang disisihkan.</translation>
    </message>
    <message>
        <source>Ran every pass (%1).</source>
        <translation>Semua putaran dijalankan (%1).</translation>
    </message>
    <message>
        <source>Done in %1 s: %2 The model of pass %3 is kept (held-out F1 %4 %). Trained on %5 articles, scored on %6 held out. The model is in %7 and suggestions use it.</source>
        <translation>Selesai dalam %1 dtk: %2 Model dari putaran %3 yang disimpan (F1 artikel yang disisihkan %4 %). Dilatih pada %5 artikel, dinilai pada %6 yang disisihkan. Model ada di %7 dan saran memakainya.</translation>
    </message>
    <message>
        <source>Training cancelled; nothing was written.</source>
        <translation>Pelatihan dibatalkan; tidak ada yang ditulis.</translation>
    </message>
</context>
<context>
    <name>StoryDialog</name>
    <message>
        <source>Story</source>
        <translation>Cerita</translation>
    </message>
    <message>
        <source>The event “{title}” reports (articles of one story are kept together):</source>
        <translation>Peristiwa yang diberitakan “{title}” (artikel satu cerita disimpan bersama):</translation>
    </message>
    <message>
        <source>No story</source>
        <translation>Tanpa cerita</translation>
    </message>
</context>
<context>
    <name>StorySuggestionsDialog</name>
    <message>
        <source>Suggested stories</source>
        <translation>Saran cerita</translation>
    </message>
    <message>
        <source>Looking for articles that tell one story…</source>
        <translation>Mencari artikel yang menceritakan satu peristiwa…</translation>
    </message>
    <message>
        <source>Accept checked</source>
        <translation>Terima yang dicentang</translation>
    </message>
    <message numerus="yes">
        <source>Story “{name}”: %n more of its articles</source>
        <translation>
            <numerusform>Cerita “{name}”: %n artikelnya lagi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>New story “{name}”: %n article(s)</source>
        <translation>
            <numerusform>Cerita baru “{name}”: %n artikel</numerusform>
        </translation>
    </message>
    <message>
        <source>Articles that share entities and dates: accept the stories you agree with.</source>
        <translation>Artikel yang berbagi entitas dan tanggal: terima cerita yang Anda setujui.</translation>
    </message>
    <message>
        <source>No suggestions: every group of articles that share entities is in one story already, or too few entities are marked.</source>
        <translation>Tidak ada saran: setiap kelompok artikel yang berbagi entitas sudah berada dalam satu cerita, atau terlalu sedikit entitas yang ditandai.</translation>
    </message>
    <message>
        <source>The suggestions could not be read: {error}</source>
        <translation>Saran tidak dapat dibaca: {error}</translation>
    </message>
</context>
<context>
    <name>GazetteerDialog</name>
    <message>
        <source>Gazetteers</source>
        <translation>Gazetir</translation>
    </message>
    <message>
        <source>Terms that suggest a label wherever they occur (ignoring case), when Suggest from gazetteers is on.</source>
        <translation>Istilah yang menyarankan label di mana pun muncul (tanpa membedakan huruf besar-kecil), saat Sarankan dari gazetir aktif.</translation>
    </message>
    <message>
        <source>Filter terms, labels or files…</source>
        <translation>Saring istilah, label, atau berkas…</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>Istilah</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Dari</translation>
    </message>
    <message>
        <source>New term, e.g. Korea Utara</source>
        <translation>Istilah baru, mis. Korea Utara</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Tambah</translation>
    </message>
    <message>
        <source>&amp;Remove selected</source>
        <translation>&amp;Hapus yang dipilih</translation>
    </message>
    <message>
        <source>&amp;Import file…</source>
        <translation>&amp;Impor berkas…</translation>
    </message>
    <message>
        <source>The schema has no entity labels for terms.</source>
        <translation>Skema tidak punya label entitas untuk istilah.</translation>
    </message>
    <message>
        <source>added here</source>
        <translation>ditambahkan di sini</translation>
    </message>
    <message>
        <source>Added “{term}” as {label}.</source>
        <translation>“{term}” ditambahkan sebagai {label}.</translation>
    </message>
    <message>
        <source>“{term}” is already a {label} term.</source>
        <translation>“{term}” sudah menjadi istilah {label}.</translation>
    </message>
    <message>
        <source>Import a term list</source>
        <translation>Impor daftar istilah</translation>
    </message>
    <message>
        <source>Term lists (*.txt *.tsv *.csv);;All files (*)</source>
        <translation>Daftar istilah (*.txt *.tsv *.csv);;Semua berkas (*)</translation>
    </message>
    <message numerus="yes">
        <source>%n term(s)</source>
        <translation>
            <numerusform>%n istilah</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n source(s)</source>
        <translation>
            <numerusform>%n sumber</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %n term(s).</source>
        <translation>
            <numerusform>%n istilah dihapus.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{file}: %n term(s) added, {had} already there.</source>
        <translation>
            <numerusform>{file}: %n istilah ditambahkan, {had} sudah ada.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AnnotatorSources</name>
    <message>
        <source>Suggest from a&amp;nnotators</source>
        <translation>Saran dari a&amp;notator lain</translation>
    </message>
    <message>
        <source>Offer another annotator&apos;s labels, or an imported model&apos;s, as suggestions</source>
        <translation>Tawarkan label anotator lain, atau label model yang diimpor, sebagai saran</translation>
    </message>
    <message>
        <source>No other annotator&apos;s labels you may read</source>
        <translation>Tidak ada label anotator lain yang boleh Anda baca</translation>
    </message>
    <message>
        <source>Reading the annotators…</source>
        <translation>Membaca daftar anotator…</translation>
    </message>
    <message>
        <source>{name} (model)</source>
        <translation>{name} (model)</translation>
    </message>
</context>
</TS>
