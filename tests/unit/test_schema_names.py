"""Attribute and value display names: per language in the schema, readable defaults, kept
through JSON and the store, never written into exports (which carry identifiers)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator import formats
from annotator.core.model import ArticleDraft
from annotator.core.schema import Attribute, LabelSchema, SchemaError, default_schema, readable
from annotator.store.corpus import Corpus


def test_readable_defaults_and_names_per_language() -> None:
    assert readable("indirect_quote") == "indirect quote"
    plain = Attribute("claim_kind", "claim", "choice", ("direct_quote", "other"))
    assert plain.display_name("id") == "claim kind"
    assert plain.value_name("direct_quote", "id") == "direct quote"
    schema = default_schema()
    attribution = schema.attribute("claim", "attribution")
    assert attribution is not None
    assert attribution.display_name("en") == "attribution"
    assert attribution.display_name("id") == "atribusi"
    assert attribution.value_name("indirect_quote", "en") == "indirect quote"
    assert attribution.value_name("indirect_quote", "id") == "kutipan tidak langsung"
    assert attribution.value_name("indirect_quote", "fr") == "indirect quote"  # English next
    worthy = schema.attribute("claim", "check_worthy")
    assert worthy is not None and worthy.display_name("en") == "check-worthy"
    # every choice of the default schema has an Indonesian name
    for a in schema.attributes:
        assert a.names.get("id"), a.name
        for choice in a.choices:
            assert a.value_names.get(choice, {}).get("id"), (a.name, choice)


def test_names_survive_json_and_bad_names_are_refused() -> None:
    schema = default_schema()
    again = LabelSchema.from_json(schema.to_json())
    assert again == schema
    assert again.attribute("claim", "certainty").value_names["hedged"] == {"id": "tidak tegas"}
    data = json.loads(schema.to_json())
    no_names = next(a for a in data["attributes"] if a["name"] == "note")
    assert "value_names" not in no_names  # absent, not empty, when a schema has none
    data["attributes"][0]["value_names"] = {"not_a_choice": {"id": "x"}}
    with pytest.raises(SchemaError, match="not a choice"):
        LabelSchema.from_dict(data)
    data = json.loads(schema.to_json())
    data["attributes"][0]["names"] = {"id": ""}
    with pytest.raises(SchemaError, match="names must map"):
        LabelSchema.from_dict(data)


def test_exports_write_identifiers(tmp_path: Path) -> None:
    corpus = Corpus.open(tmp_path / "c.sqlite3", tooling="tests")
    try:
        text = "Menurut dia, harga beras akan turun."
        (art,) = corpus.import_drafts([ArticleDraft(text=text, title="t")], origin="t").article_ids
        assert corpus.schema.attribute("claim", "attribution") is not None
        start = text.index("harga")
        corpus.add_span(
            art, "ani", start, len(text) - 1, "CLAIM", attributes={"attribution": "indirect_quote"}
        )
        out = tmp_path / "out.jsonl"
        formats.export(corpus, "jsonl", out, annotator="ani")
        written = out.read_text("utf-8")
        assert '"indirect_quote"' in written and "indirect quote" not in written
        assert "kutipan" not in written
    finally:
        corpus.close()
