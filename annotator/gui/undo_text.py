"""What an undo or redo did, in words for the status bar: "Undid: added PERSON “Putin”"."""

from __future__ import annotations

from annotator.core.model import Replayed, Status
from annotator.gui.article_list import STATUS_TEXT
from annotator.gui.i18n import translate

TEXT_MAX = 40  # a quoted span text longer than this is cut with "…"


def _quoted(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > TEXT_MAX:
        text = text[: TEXT_MAX - 1] + "…"
    return f"“{text}”"


def _status(value: str) -> str:
    try:
        return translate("ArticleList", STATUS_TEXT[Status(value)]).lower()
    except ValueError:
        return value


def change_text(r: Replayed) -> str:
    """The change as first made ("added PERSON “Putin”"), whichever way it was replayed."""
    label, text = r.label, _quoted(r.text)
    if r.action == "add_span":
        return translate("UndoText", "added {label} {text}").format(label=label, text=text)
    if r.action == "add_spans":
        if r.after == "1":
            return translate("UndoText", "accepted {label} {text}").format(label=label, text=text)
        return translate("UndoText", "accepted {n} suggestions").format(n=r.after)
    if r.action == "delete_span":
        return translate("UndoText", "deleted {label} {text}").format(label=label, text=text)
    if r.action == "update_span":
        if r.what == "label":
            return translate("UndoText", "relabelled {text} from {old} to {label}").format(
                text=text, old=r.before, label=label
            )
        if r.what == "bounds":
            return translate("UndoText", "moved the boundaries of {label} {text}").format(
                label=label, text=text
            )
        return translate("UndoText", "changed the attributes of {label} {text}").format(
            label=label, text=text
        )
    if r.action == "add_relation":
        return translate("UndoText", "linked {relation}").format(relation=label)
    if r.action == "delete_relation":
        return translate("UndoText", "removed a {relation} link").format(relation=label)
    if r.action == "status":
        return translate("UndoText", "marked {after} (was {before})").format(
            after=_status(r.after), before=_status(r.before)
        )
    if r.action == "cluster":
        cluster = {
            "join": translate("UndoText", "put {text} into cluster “{cluster}”"),
            "start": translate("UndoText", "started cluster “{cluster}” from {text}"),
            "leave": translate("UndoText", "took {text} out of cluster “{cluster}”"),
        }.get(r.what, translate("UndoText", "put {text} into cluster “{cluster}”"))
        return cluster.format(text=text, cluster=label)
    if r.action == "gold" and label:
        gold = {
            "accept": translate("UndoText", "accepted {label} {text} into gold"),
            "add": translate("UndoText", "added gold {label} {text}"),
            "update": translate("UndoText", "edited gold {label} {text}"),
            "delete": translate("UndoText", "removed gold {label} {text}"),
            "reject": translate("UndoText", "rejected {label} {text} for gold"),
        }.get(r.after)
        if gold:
            return gold.format(label=label, text=text)
    return translate("UndoText", "a gold change")


def undo_message(r: Replayed | None, *, backwards: bool) -> str:
    if r is None:
        return translate("UndoText", "Undid") if backwards else translate("UndoText", "Redid")
    change = change_text(r)
    if backwards:
        return translate("UndoText", "Undid: {change}").format(change=change)
    return translate("UndoText", "Redid: {change}").format(change=change)
