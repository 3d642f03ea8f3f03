"""Read-only activity queries over the event log: who labelled how much, day by day.

Every edit appends one event (see
:mod:`annotator.store.history`); this module only counts them. Imported annotations write no
events, so they do not appear here: the figures are the work done in Annotator itself.

Days are UTC calendar days, taken from the events' ISO timestamps (``created_at`` starts with
``YYYY-MM-DD``).
"""

from __future__ import annotations

import threading

from annotator.core.activity import DayActivity
from annotator.store import raw
from annotator.store.access import Access
from annotator.store.context import StoreContext

# An annotator's own labelling events (gold adjudication and schema edits are not counted).
ANNOTATION_ACTIONS = (
    "add_span",
    "add_spans",  # suggestions accepted: several spans in one change
    "delete_span",
    "update_span",
    "add_relation",
    "delete_relation",
    "status",
)
SPAN_ADDED = {
    ("add_span", "do"),
    ("add_span", "redo"),
    ("delete_span", "undo"),
    ("add_spans", "do"),
    ("add_spans", "redo"),
}
SPAN_REMOVED = {
    ("delete_span", "do"),
    ("delete_span", "redo"),
    ("add_span", "undo"),
    ("add_spans", "undo"),
}


class Activity:
    """Who labelled how much, day by day, from the event log (one's own only, unless the
    reader may read others', :class:`Access`)."""

    def __init__(self, ctx: StoreContext, access: Access) -> None:
        self._ctx = ctx
        self._access = access

    def close_thread_connection(self) -> None:
        """Close the database connection the calling thread opened, if any.

        Connections are per thread: a background reader (the dashboard's worker) gets its own
        on its first query and calls this when done, so no connection outlives its job. The
        main thread's connection is left alone (:meth:`close` ends it).
        """
        if threading.current_thread() is not threading.main_thread():
            self._ctx.db.close()

    def activity_by_day(self, annotators: list[str] | None = None) -> list[DayActivity]:
        """Per (day, annotator) counts of annotation events, sorted by day then annotator.

        Only days with at least one event appear. ``annotators`` restricts the result (None:
        everyone who has events). Schema edits, gold adjudication and other log-only events
        are not counted.
        """
        scope = self._access.scope(None)
        if not scope.everyone:  # one's own work only (or no one's)
            annotators = [a for a in annotators or [scope.annotator or ""] if a == scope.annotator]
        marks = ", ".join("?" for _ in ANNOTATION_ACTIONS)
        pg = raw.is_postgres(self._ctx.db)
        after = "CAST(payload AS json) ->> 'after'" if pg else "json_extract(payload, '$.after')"
        several = (  # the spans one add_spans event added
            "json_array_length(CAST(payload AS json) -> 'spans')"
            if pg
            else "json_array_length(payload, '$.spans')"
        )
        sql = (
            "SELECT substr(created_at, 1, 10) AS day, annotator, action, kind, "
            f"sum(CASE WHEN action = 'status' AND {after} = 'done' THEN 1 ELSE 0 END), "
            f"count(*), sum(CASE WHEN action = 'add_spans' THEN {several} ELSE 1 END) "
            f"FROM event WHERE action IN ({marks}) AND annotator != ''"
        )
        params: list[object] = list(ANNOTATION_ACTIONS)
        if annotators is not None:
            if not annotators:
                return []
            sql += f" AND annotator IN ({', '.join('?' for _ in annotators)})"
            params.extend(annotators)
        sql += " GROUP BY day, annotator, action, kind ORDER BY day, annotator"
        acc: dict[tuple[str, str], list[int]] = {}
        rows = raw.execute(self._ctx.db, sql, params).fetchall()
        for day, who, action, kind, done, n, spans in rows:
            counts = acc.setdefault((day, who), [0, 0, 0, 0])
            if (action, kind) in SPAN_ADDED:
                counts[0] += int(spans)
            elif (action, kind) in SPAN_REMOVED:
                counts[1] += int(spans)
            counts[2] += n
            if kind == "do":
                counts[3] += int(done or 0)
        return [
            DayActivity(day, who, *counts)
            for (day, who), counts in sorted(acc.items(), key=lambda kv: kv[0])
        ]
