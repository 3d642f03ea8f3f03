from __future__ import annotations

import json

import pytest

from annotator.core.schema import LabelSchema, SchemaError, default_schema


def test_default_news_schema_has_the_two_layers_and_relations() -> None:
    s = default_schema()
    assert [x.name for x in s.labels_of("entity")] == [
        "PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "QUANTITY", "EVENT",
    ]  # fmt: skip
    assert [x.name for x in s.labels_of("claim")] == ["CLAIM"]
    assert {r.name for r in s.relations} == {"SAID_BY", "ABOUT"}
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
