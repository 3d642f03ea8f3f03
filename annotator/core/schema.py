"""The label schema as data: layers, labels, colours, hotkeys, attributes, relation types."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator.paths import resources_dir

ATTRIBUTE_KINDS = ("choice", "bool", "text")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")
NAME_MAX = 40  # longest label or attribute name the schema editor accepts


class SchemaError(ValueError):
    """The schema itself is malformed, or a label/attribute does not fit it."""


@dataclass(frozen=True)
class Layer:
    name: str
    description: str = ""


@dataclass(frozen=True)
class Label:
    name: str
    layer: str
    color: str
    hotkey: str = ""
    description: str = ""


def readable(identifier: str) -> str:
    """An identifier as words: ``indirect_quote`` -> ``indirect quote``."""
    return " ".join(identifier.replace("_", " ").replace("-", " ").split())


@dataclass(frozen=True)
class Attribute:
    """A span attribute of one layer. ``name`` and the ``choices`` are identifiers (what the
    store and exports carry); ``names`` and ``value_names`` are what a user reads, per language
    code (``{"id": "jenis klaim"}``), defaulting to the identifier as words. ``labels`` are the
    labels of its layer it applies to; none means every label of the layer."""

    name: str
    layer: str
    kind: str
    choices: tuple[str, ...] = ()
    default: Any = None
    names: dict[str, str] = field(default_factory=dict, hash=False)
    value_names: dict[str, dict[str, str]] = field(default_factory=dict, hash=False)
    labels: tuple[str, ...] = ()

    def applies_to(self, label: str) -> bool:
        """Whether a span labelled ``label`` (of this attribute's layer) may carry it."""
        return not self.labels or label in self.labels

    def display_name(self, language: str = "en") -> str:
        """The attribute's name for a user of ``language`` (then English, then the
        identifier as words)."""
        return self.names.get(language) or self.names.get("en") or readable(self.name)

    def value_name(self, value: Any, language: str = "en") -> str:
        """A choice's name for a user of ``language``; other values as they are."""
        if self.kind != "choice":
            return "" if value is None else str(value)
        names = self.value_names.get(str(value), {})
        return names.get(language) or names.get("en") or readable(str(value))

    def check(self, value: Any) -> None:
        if self.kind == "bool" and not isinstance(value, bool):
            raise SchemaError(f"attribute {self.name!r} takes true or false, not {value!r}")
        if self.kind == "text" and not isinstance(value, str):
            raise SchemaError(f"attribute {self.name!r} takes text, not {value!r}")
        if self.kind == "choice" and value not in self.choices:
            allowed = ", ".join(self.choices)
            raise SchemaError(f"attribute {self.name!r} takes one of {allowed}, not {value!r}")


@dataclass(frozen=True)
class RelationType:
    """A relation from a span of ``head_layer`` (of ``head_labels`` only, when given) to a
    span labelled one of ``child_labels``."""

    name: str
    head_layer: str
    child_labels: tuple[str, ...]
    description: str = ""
    head_labels: tuple[str, ...] = ()

    def starts_at(self, label: str) -> bool:
        """Whether a span labelled ``label`` (of the head layer) may head this relation."""
        return not self.head_labels or label in self.head_labels


@dataclass(frozen=True)
class LabelSchema:
    name: str
    layers: tuple[Layer, ...]
    labels: tuple[Label, ...]
    attributes: tuple[Attribute, ...] = ()
    relations: tuple[RelationType, ...] = ()
    version: int = 1
    _by_name: dict[str, Label] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name.update({label.name: label for label in self.labels})

    # ------------------------------------------------------------ look-ups
    def label(self, name: str) -> Label:
        try:
            return self._by_name[name]
        except KeyError:
            known = ", ".join(self._by_name)
            raise SchemaError(f"unknown label {name!r} (the schema has {known})") from None

    def has_label(self, name: str) -> bool:
        return name in self._by_name

    def layer_of(self, label: str) -> str:
        return self.label(label).layer

    def labels_of(self, layer: str) -> list[Label]:
        return [label for label in self.labels if label.layer == layer]

    def attributes_of(self, layer: str) -> list[Attribute]:
        """Every attribute of ``layer``, whichever labels it applies to."""
        return [a for a in self.attributes if a.layer == layer]

    def attributes_for(self, label: str) -> list[Attribute]:
        """The attributes a span labelled ``label`` carries: those of its layer that apply to
        it. An unknown label has none."""
        if not self.has_label(label):
            return []
        layer = self.layer_of(label)
        return [a for a in self.attributes if a.layer == layer and a.applies_to(label)]

    def defaults_for(self, label: str) -> dict[str, Any]:
        """The default values a new span labelled ``label`` is stored with."""
        return {a.name: a.default for a in self.attributes_for(label) if a.default is not None}

    def relation(self, name: str) -> RelationType:
        for rel in self.relations:
            if rel.name == name:
                return rel
        known = ", ".join(r.name for r in self.relations)
        raise SchemaError(f"unknown relation {name!r} (the schema has {known})")

    def attribute(self, layer: str, name: str) -> Attribute | None:
        return next((a for a in self.attributes_of(layer) if a.name == name), None)

    def check_attributes(
        self, layer: str, attributes: dict[str, Any], label: str | None = None
    ) -> None:
        """Each value fits its attribute of ``layer``; with ``label``, each attribute also
        applies to that label (a claim's attribution on a cue is refused)."""
        by_name = {a.name: a for a in self.attributes_of(layer)}
        for key, value in attributes.items():
            if key not in by_name:
                raise SchemaError(f"unknown attribute {key!r} for layer {layer!r}")
            attr = by_name[key]
            if label is not None and not attr.applies_to(label):
                raise SchemaError(
                    f"attribute {key!r} does not apply to {label} "
                    f"(only to {', '.join(attr.labels)})"
                )
            attr.check(value)

    def check_relation(self, name: str, head_label: str, child_label: str) -> None:
        rel = self.relation(name)
        if self.layer_of(head_label) != rel.head_layer:
            raise SchemaError(f"{name} starts at a {rel.head_layer} span, not {head_label}")
        if not rel.starts_at(head_label):
            allowed = ", ".join(rel.head_labels)
            raise SchemaError(f"{name} starts at {allowed}, not {head_label}")
        if child_label not in rel.child_labels:
            allowed = ", ".join(rel.child_labels)
            raise SchemaError(f"{name} points to {allowed}, not {child_label}")

    def with_defaults(
        self, layer: str, attributes: dict[str, Any], label: str | None = None
    ) -> dict[str, Any]:
        """A span's attributes with the layer's defaults (with ``label``: those of the
        attributes that apply to it) filled in where a value is absent.

        Spans labelled before an attribute was added do not store it; views show its default.
        """
        defaults = {
            a.name: a.default
            for a in self.attributes_of(layer)
            if a.default is not None
            and a.name not in attributes
            and (label is None or a.applies_to(label))
        }
        return {**attributes, **defaults}

    # ------------------------------------------------------------ edits (new schemas)
    # Each returns a new, validated schema and leaves this one alone; SchemaError says why not.
    def _edited(self, **fields: Any) -> LabelSchema:
        schema = replace(self, _by_name={}, **fields)  # a fresh look-up table, not ours
        schema.validate()
        return schema

    def with_label(self, label: Label) -> LabelSchema:
        check_name(label.name, "label")
        if self.has_label(label.name):
            raise SchemaError(f"there is already a label called {label.name}")
        self._check_hotkey_free(label.hotkey, label.name)
        return self._edited(labels=(*self.labels, label))

    def with_label_renamed(self, old: str, new: str) -> LabelSchema:
        self.label(old)
        check_name(new, "label")
        if new == old:
            raise SchemaError(f"{old} already has that name")
        if self.has_label(new):
            raise SchemaError(f"there is already a label called {new}")
        labels = tuple(replace(x, name=new) if x.name == old else x for x in self.labels)
        relations = tuple(
            replace(
                r,
                child_labels=tuple(new if c == old else c for c in r.child_labels),
                head_labels=tuple(new if c == old else c for c in r.head_labels),
            )
            for r in self.relations
        )
        attributes = tuple(
            replace(a, labels=tuple(new if x == old else x for x in a.labels))
            for a in self.attributes
        )
        return self._edited(labels=labels, relations=relations, attributes=attributes)

    def with_label_updated(
        self,
        name: str,
        *,
        color: str | None = None,
        hotkey: str | None = None,
        description: str | None = None,
    ) -> LabelSchema:
        label = self.label(name)
        changes: dict[str, str] = {}
        if color is not None:
            if not _COLOR.match(color):
                raise SchemaError(f"colour {color!r} is not #rrggbb")
            changes["color"] = color.lower()
        if hotkey is not None:
            hotkey = hotkey.strip()
            check_hotkey(hotkey)
            self._check_hotkey_free(hotkey, name)
            changes["hotkey"] = hotkey
        if description is not None:
            changes["description"] = description.strip()
        new = replace(label, **changes)
        return self._edited(labels=tuple(new if x.name == name else x for x in self.labels))

    def without_label(self, name: str) -> LabelSchema:
        """The schema without label ``name``; relation types stop pointing to it."""
        self.label(name)
        relations = tuple(
            replace(
                r,
                child_labels=tuple(c for c in r.child_labels if c != name),
                head_labels=tuple(c for c in r.head_labels if c != name),
            )
            for r in self.relations
            if r.head_labels != (name,)  # a relation only this label headed goes with it
        )
        # An attribute kept only for this label would apply to the whole layer: it goes too.
        attributes = tuple(
            replace(a, labels=tuple(x for x in a.labels if x != name))
            for a in self.attributes
            if a.labels != (name,)
        )
        return self._edited(
            labels=tuple(x for x in self.labels if x.name != name),
            relations=relations,
            attributes=attributes,
        )

    def with_attribute(self, attribute: Attribute) -> LabelSchema:
        check_name(attribute.name, "attribute")
        if any(a.name == attribute.name for a in self.attributes_of(attribute.layer)):
            raise SchemaError(
                f"the {attribute.layer} layer already has an attribute called {attribute.name}"
            )
        return self._edited(attributes=(*self.attributes, attribute))

    def _check_hotkey_free(self, hotkey: str, owner: str) -> None:
        check_hotkey(hotkey)
        for other in self.labels:
            if hotkey and other.hotkey == hotkey and other.name != owner:
                raise SchemaError(f"hotkey {hotkey} is already used by {other.name}")

    # ------------------------------------------------------------ (de)serialise
    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "layers": [asdict(x) for x in self.layers],
            "labels": [asdict(x) for x in self.labels],
            "attributes": [_attribute_dict(a) for a in self.attributes],
            "relations": [_relation_dict(r) for r in self.relations],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LabelSchema:
        try:
            layers = tuple(Layer(**x) for x in data["layers"])
            labels = tuple(Label(**x) for x in data["labels"])
            attributes = tuple(
                Attribute(
                    **{
                        **a,
                        "choices": tuple(a.get("choices", ())),
                        "labels": tuple(a.get("labels", ())),
                    }
                )
                for a in data.get("attributes", [])
            )
            relations = tuple(
                RelationType(
                    **{
                        **r,
                        "child_labels": tuple(r["child_labels"]),
                        "head_labels": tuple(r.get("head_labels", ())),
                    }
                )
                for r in data.get("relations", [])
            )
            schema = cls(
                name=str(data.get("name", "schema")),
                version=int(data.get("version", 1)),
                layers=layers,
                labels=labels,
                attributes=attributes,
                relations=relations,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise SchemaError(f"malformed label schema: {exc}") from exc
        schema.validate()
        return schema

    @classmethod
    def from_json(cls, text: str) -> LabelSchema:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SchemaError(f"label schema is not JSON: line {exc.lineno}: {exc.msg}") from exc
        if not isinstance(data, dict):
            raise SchemaError("label schema must be a JSON object")
        return cls.from_dict(data)

    def validate(self) -> None:
        layer_names = {x.name for x in self.layers}
        if len(layer_names) != len(self.layers):
            raise SchemaError("layer names must be unique")
        seen: set[str] = set()
        hotkeys: set[str] = set()
        for label in self.labels:
            if not _NAME.match(label.name):
                raise SchemaError(f"label name {label.name!r} must be a letter then letters/digits")
            if label.name in seen:
                raise SchemaError(f"label {label.name!r} is defined twice")
            seen.add(label.name)
            if label.layer not in layer_names:
                raise SchemaError(f"label {label.name!r} is in unknown layer {label.layer!r}")
            if not _COLOR.match(label.color):
                raise SchemaError(f"label {label.name!r} colour {label.color!r} is not #rrggbb")
            if label.hotkey:
                if label.hotkey in hotkeys:
                    raise SchemaError(f"hotkey {label.hotkey!r} is used twice")
                hotkeys.add(label.hotkey)
        for attr in self.attributes:
            if attr.name == "values":  # quantities.VALUES: exports write the span's numbers so
                raise SchemaError(
                    "an attribute may not be called 'values': exports write a span's numbers "
                    "under that name"
                )
            if attr.layer not in layer_names:
                raise SchemaError(f"attribute {attr.name!r} is in unknown layer {attr.layer!r}")
            if attr.kind not in ATTRIBUTE_KINDS:
                raise SchemaError(f"attribute {attr.name!r} has unknown kind {attr.kind!r}")
            if attr.kind == "choice" and not attr.choices:
                raise SchemaError(f"choice attribute {attr.name!r} has no choices")
            if attr.default is not None:
                attr.check(attr.default)
            _check_names(attr.names, f"attribute {attr.name!r}")
            if not isinstance(attr.value_names, dict):
                raise SchemaError(f"attribute {attr.name!r}: value_names must be an object")
            for value, names in attr.value_names.items():
                if value not in attr.choices:
                    raise SchemaError(f"attribute {attr.name!r} names {value!r}, not a choice")
                _check_names(names, f"attribute {attr.name!r} value {value!r}")
            for name in attr.labels:
                if not isinstance(name, str) or self._by_name.get(name) is None:
                    raise SchemaError(f"attribute {attr.name!r} applies to unknown label {name!r}")
                if self._by_name[name].layer != attr.layer:
                    raise SchemaError(
                        f"attribute {attr.name!r} of the {attr.layer} layer applies to {name}, "
                        "a label of another layer"
                    )
        for rel in self.relations:
            if rel.head_layer not in layer_names:
                raise SchemaError(f"relation {rel.name!r} starts in unknown layer")
            for child in rel.child_labels:
                if child not in seen:
                    raise SchemaError(f"relation {rel.name!r} points to unknown label {child!r}")
            for head in rel.head_labels:
                if head not in seen or self._by_name[head].layer != rel.head_layer:
                    raise SchemaError(
                        f"relation {rel.name!r} starts at {head!r}, not a label of its "
                        f"{rel.head_layer} layer"
                    )


def _attribute_dict(a: Attribute) -> dict[str, Any]:
    """An attribute as JSON; names and labels only when it has some (older schemas stay as
    they were)."""
    out = {**asdict(a), "choices": list(a.choices), "labels": list(a.labels)}
    for key in ("names", "value_names", "labels"):
        if not out[key]:
            del out[key]
    return out


def _relation_dict(r: RelationType) -> dict[str, Any]:
    """A relation type as JSON; head labels only when it has some."""
    out = {**asdict(r), "child_labels": list(r.child_labels), "head_labels": list(r.head_labels)}
    if not out["head_labels"]:
        del out["head_labels"]
    return out


def _check_names(names: Any, what: str) -> None:
    if not isinstance(names, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in names.items()
    ):
        raise SchemaError(f"{what}: names must map language codes to non-empty names")


def check_name(name: str, what: str) -> None:
    """Label and attribute names: a letter, then letters, digits, _ or -; at most NAME_MAX."""
    if not name:
        raise SchemaError(f"a {what} needs a name")
    if len(name) > NAME_MAX:
        raise SchemaError(f"a {what} name has at most {NAME_MAX} characters")
    if not _NAME.match(name):
        raise SchemaError(
            f"{what} name {name!r} must start with a letter and hold only letters, digits, _ or -"
        )


def check_hotkey(hotkey: str) -> None:
    """A hotkey is one letter or digit (pressed without modifiers), or empty for none."""
    if hotkey and (len(hotkey) != 1 or not hotkey.isalnum()):
        raise SchemaError(f"a hotkey is one letter or digit, not {hotkey!r}")


def default_schema_path() -> Path:
    return resources_dir() / "schemas" / "news.json"


def default_schema() -> LabelSchema:
    return LabelSchema.from_json(default_schema_path().read_text(encoding="utf-8"))


def before_cue_words(schema: LabelSchema) -> LabelSchema:
    """``schema`` as the news schema was before cue words (ADR 0035): no CUE label, no CUE_OF
    relation, attributes and relation types of every label of their layer. What a corpus made
    then stored, and an upgrade recognises."""
    return LabelSchema(
        name=schema.name,
        version=schema.version,
        layers=schema.layers,
        labels=tuple(x for x in schema.labels if x.name != "CUE"),
        attributes=tuple(replace(a, labels=()) for a in schema.attributes),
        relations=tuple(replace(r, head_labels=()) for r in schema.relations if r.name != "CUE_OF"),
    )


# ------------------------------------------------------------ labels an import brings
# Distinct colours for labels an import adds: Tableau 20 (the news schema uses most of the
# strong ten), then a golden-angle hue wheel. The first far enough from every colour in use wins.
_NEW_COLOURS = (
    "#d62728", "#17becf", "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
    "#bcbd22", "#7f7f7f", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94",
    "#f7b6d2", "#dbdb8d", "#9edae5", "#c7c7c7",
)  # fmt: skip
_DISTINCT = 60.0  # the smallest "redmean" RGB distance that still tells two chips apart


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _distance(a: str, b: str) -> float:
    (r1, g1, b1), (r2, g2, b2) = _rgb(a), _rgb(b)
    mean = (r1 + r2) / 2
    dr, dg, db = r1 - r2, g1 - g2, b1 - b2
    return float(
        ((2 + mean / 256) * dr * dr + 4 * dg * dg + (2 + (255 - mean) / 256) * db * db) ** 0.5
    )


def _wheel(n: int) -> list[str]:
    import colorsys

    out = []
    for i in range(n):
        hue = (i * 0.618033988749895) % 1.0
        value = 0.85 if i % 2 == 0 else 0.65
        r, g, b = colorsys.hsv_to_rgb(hue, 0.65, value)
        out.append(f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}")
    return out


def distinct_colour(used: list[str]) -> str:
    """A colour for a new label that is easy to tell from every colour in ``used``."""
    taken = [c.lower() for c in used if _COLOR.match(c)]
    candidates = [c for c in (*_NEW_COLOURS, *_wheel(64)) if c not in taken]
    for colour in candidates:
        if all(_distance(colour, t) >= _DISTINCT for t in taken):
            return colour
    return max(candidates, key=lambda c: min((_distance(c, t) for t in taken), default=0.0))


HOTKEY_SCHEMES = ("123456789", "abcdefghijklmnopqrstuvwxyz")
"""The hotkeys a schema hands out: digits (the news schema, the schema editor) or letters."""


def free_hotkeys(schema: LabelSchema) -> list[str]:
    """The hotkeys of the schema's scheme that no label has yet, in order; none when the schema
    has no hotkeys at all (then new labels get none either)."""
    used = {label.hotkey.lower() for label in schema.labels if label.hotkey}
    if not used:
        return []
    scheme = HOTKEY_SCHEMES[0] if any(k.isdigit() for k in used) else HOTKEY_SCHEMES[1]
    return [k for k in scheme if k not in used]


@dataclass(frozen=True)
class LabelUse:
    """The labels and relation types a file's records use, with counts (spans, relations), and
    for each relation type the labels at its heads and children."""

    labels: dict[str, int]
    relations: dict[str, int]
    heads: dict[str, dict[str, int]]  # relation type -> head label -> count
    children: dict[str, dict[str, int]]  # relation type -> child label -> count

    def unknown(self, schema: LabelSchema) -> tuple[dict[str, int], dict[str, int]]:
        """(labels, relation types) the schema lacks, with their counts, most used first."""
        names = {r.name for r in schema.relations}
        labels = {k: n for k, n in self.labels.items() if not schema.has_label(k)}
        relations = {k: n for k, n in self.relations.items() if k not in names}
        return _by_count(labels), _by_count(relations)


def _by_count(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def describe_counts(counts: dict[str, int]) -> str:
    """``GPE (12), NORP (3)``."""
    return ", ".join(f"{name} ({n})" for name, n in counts.items())


def with_labels_for(schema: LabelSchema, use: LabelUse) -> LabelSchema:
    """``schema`` plus the labels and relation types of ``use`` it lacks.

    A new label goes into the head layer of a relation type it heads, else into the schema's
    first layer (the entity layer of the news schema); it gets a distinct colour and, when the
    schema's labels have hotkeys, the next free one. A new relation type starts at the layer of
    its most used head label and points to the labels its children have; a known relation type
    also points to the new labels its children have (never to other labels it refuses).
    Raises :class:`SchemaError` when a name cannot be a label or relation type name.
    """
    new_labels, new_relations = use.unknown(schema)
    if not new_labels and not new_relations:
        return schema
    known = {r.name: r for r in schema.relations}
    default_layer = schema.layers[0].name
    hotkeys = free_hotkeys(schema)
    colours = [label.color for label in schema.labels]
    labels = list(schema.labels)
    for name in new_labels:
        check_name(name, "label")
        layer = default_layer
        for rel_name, used_heads in use.heads.items():
            if name in used_heads and rel_name in known:
                layer = known[rel_name].head_layer
                break
        colour = distinct_colour(colours)
        colours.append(colour)
        labels.append(Label(name, layer, colour, hotkeys.pop(0) if hotkeys else ""))
    layer_of = {label.name: label.layer for label in labels}
    relations: list[RelationType] = []
    for rel in schema.relations:
        extra = [c for c in use.children.get(rel.name, {}) if c in new_labels]
        extra = [c for c in sorted(extra) if c not in rel.child_labels]
        relations.append(replace(rel, child_labels=(*rel.child_labels, *extra)) if extra else rel)
    for name in new_relations:
        check_name(name, "relation type")
        heads = _by_count(use.heads.get(name, {}))
        head_layer = layer_of.get(next(iter(heads), ""), default_layer)
        children = tuple(sorted(use.children.get(name, {})))
        relations.append(RelationType(name, head_layer, children))
    return schema._edited(labels=tuple(labels), relations=tuple(relations))
