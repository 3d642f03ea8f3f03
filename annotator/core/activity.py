"""Activity figures the dashboard shows: one annotator's work on one day (the store counts
them from the event log, ``annotator/store/activity.py``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DayActivity:
    """One annotator's work on one UTC day.

    ``spans_added`` counts spans that came into being (added, or a deletion undone),
    ``spans_removed`` those that went (deleted, or an addition undone): ``spans_added -
    spans_removed`` is the day's net change. ``edits`` counts every annotation event of the
    day (spans, relations, statuses; undo and redo included), ``done`` how often an article
    was marked done that day (a later undo does not subtract).
    """

    day: str  # YYYY-MM-DD (UTC)
    annotator: str
    spans_added: int
    spans_removed: int
    edits: int
    done: int

    @property
    def net_spans(self) -> int:
        return self.spans_added - self.spans_removed
