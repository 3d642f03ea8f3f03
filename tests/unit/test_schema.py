from __future__ import annotations

import json

import pytest

from annotator.core.schema import LabelSchema, SchemaError, default_schema


def test_default_news_schema_has_the_two_layers_and_relations() -> None:
    s = default_schema()
    assert [x.name for x in s.labels_of("entity")] == [
        "PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "QUANTITY", "EVENT",
    ]  # fmt: skip
    assert [x.name for x in s.labels_of("claim")] == ["CLAIM", "CUE"]
    assert {r.name for r in s.relations} == {"SAID_BY", "ABOUT", "CUE_OF"}
    assert {a.name for a in s.attributes_of("claim")} >= {"claim_type", "attribution", "certainty"}
    hotkeys = [x.hotkey for x in s.labels]
    assert len(set(hotkeys)) == len(hotkeys)


def test_schema_round_trips_through_json() -> None:
    s = default_schema()
    assert LabelSchema.from_json(s.to_json()) == s


def test_relation_and_attribute_checks() -> None:
    s = default_schema()
    s.check_relation("SAID_BY", "CLAIM", "PERSON")
    with pytest.raises(SchemaError, match="points to"):
        s.check_relation("SAID_BY", "CLAIM", "DATE")
    with pytest.raises(SchemaError, match="starts at a claim"):
        s.check_relation("SAID_BY", "PERSON", "PERSON")
    s.check_attributes("claim", {"certainty": "hedged", "check_worthy": True})
    with pytest.raises(SchemaError, match="one of"):
        s.check_attributes("claim", {"certainty": "maybe"})
    with pytest.raises(SchemaError, match="unknown attribute"):
        s.check_attributes("entity", {"certainty": "hedged"})
    with pytest.raises(SchemaError, match="unknown label"):
        s.label("POTATO")


def test_claim_attributes_apply_to_claims_only_and_a_cue_links_to_its_claim() -> None:
    s = default_schema()
    assert {a.name for a in s.attributes_for("CLAIM")} >= {"claim_type", "attribution"}
    assert s.attributes_for("CUE") == [] and s.defaults_for("CUE") == {}
    assert s.defaults_for("CLAIM")["attribution"] == "paraphrase"
    s.check_attributes("claim", {"attribution": "direct_quote"}, "CLAIM")
    with pytest.raises(SchemaError, match="'attribution' does not apply to CUE"):
        s.check_attributes("claim", {"attribution": "direct_quote"}, "CUE")
    assert s.with_defaults("claim", {}, "CUE") == {}
    s.check_relation("CUE_OF", "CUE", "CLAIM")
    with pytest.raises(SchemaError, match="CUE_OF starts at CUE, not CLAIM"):
        s.check_relation("CUE_OF", "CLAIM", "CLAIM")
    with pytest.raises(SchemaError, match="SAID_BY starts at CLAIM, not CUE"):
        s.check_relation("SAID_BY", "CUE", "PERSON")


def test_attribute_labels_round_trip_and_an_old_schema_without_them_reads_as_before() -> None:
    s = default_schema()
    data = json.loads(s.to_json())
    assert data["attributes"][0]["labels"] == ["CLAIM"]
    assert LabelSchema.from_json(s.to_json()) == s
    # A schema stored before attributes had labels: every label of the layer carries them.
    for attr in data["attributes"]:
        del attr["labels"]
    for rel in data["relations"]:
        rel.pop("head_labels", None)
    old = LabelSchema.from_dict(data)
    assert all(a.labels == () for a in old.attributes)
    assert "labels" not in json.loads(old.to_json())["attributes"][0]
    assert {a.name for a in old.attributes_for("CUE")} == {
        a.name for a in old.attributes_of("claim")
    }
    old.check_attributes("claim", {"attribution": "direct_quote"}, "CUE")


@pytest.mark.parametrize(
    ("labels", "message"),
    [(["POTATO"], "applies to unknown label 'POTATO'"), (["PERSON"], "a label of another layer")],
)
def test_attribute_labels_must_be_labels_of_its_layer(labels: list[str], message: str) -> None:
    data = json.loads(default_schema().to_json())
    data["attributes"][0]["labels"] = labels
    with pytest.raises(SchemaError, match=message):
        LabelSchema.from_dict(data)


def test_renaming_or_removing_a_label_carries_attribute_scopes() -> None:
    s = default_schema().with_label_renamed("CLAIM", "KLAIM")
    assert s.attribute("claim", "attribution").labels == ("KLAIM",)
    assert s.relation("CUE_OF").child_labels == ("KLAIM",)
    gone = default_schema().without_label("CUE")
    assert "CUE_OF" not in {r.name for r in gone.relations}
    gone = default_schema().without_label("CLAIM")
    assert gone.attributes_for("CUE") == []  # CLAIM's own attributes went with it


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"labels": [{"name": "A", "layer": "nope", "color": "#000000"}]}, "unknown layer"),
        ({"labels": [{"name": "A", "layer": "entity", "color": "red"}]}, "#rrggbb"),
        (
            {
                "labels": [
                    {"name": "A", "layer": "entity", "color": "#000000", "hotkey": "1"},
                    {"name": "B", "layer": "entity", "color": "#000000", "hotkey": "1"},
                ]
            },
            "hotkey",
        ),
        ({"labels": [{"name": "1A", "layer": "entity", "color": "#000000"}]}, "letter"),
    ],
)
def test_malformed_schemas_are_refused(patch: dict[str, object], message: str) -> None:
    data = {"name": "x", "layers": [{"name": "entity"}], "labels": [], **patch}
    with pytest.raises(SchemaError, match=message):
        LabelSchema.from_json(json.dumps(data))
