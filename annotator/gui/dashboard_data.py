"""The numbers behind the dashboard's charts, from an :class:`AgreementResult` and the event
log: one :class:`ChartData` per chart, holding exactly what is drawn and what its CSV says.

Pure Python (no Qt, no pyqtgraph) so the figures can be tested on their own. A figure that is
undefined stays ``None`` with its reason; charts draw it as "n/a", never as 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.activity import DayActivity
from annotator.core.agreement import AgreementResult, Score
from annotator.formats import csv_format
from annotator.i18n import translate

# Heatmap metrics: key -> (title, attribute of PairResult)
PAIR_METRICS: dict[str, str] = {  # titles translated where shown: pair_metric_title()
    "span_f1_exact": "Span F1 (exact)",
    "span_f1_overlap": "Span F1 (overlap)",
    "cohen_kappa": "Cohen's kappa (tokens)",
}
_PAIR_METRIC_TITLES = (  # for lupdate: the same texts under the Dashboard context
    translate("Dashboard", "Span F1 (exact)"),
    translate("Dashboard", "Span F1 (overlap)"),
    translate("Dashboard", "Cohen's kappa (tokens)"),
)


def pair_metric_title(metric: str) -> str:
    return translate("Dashboard", PAIR_METRICS[metric])


# Per-label series: attribute of LabelResult -> legend name
LABEL_METRICS: dict[str, str] = {
    "span_f1_exact": "span F1 exact",
    "span_f1_overlap": "span F1 overlap",
    "krippendorff_alpha": "Krippendorff's α",
    "krippendorff_alpha_u": "Krippendorff's αu",
}
SAME = "same annotator"


@dataclass(frozen=True)
class Cell:
    """One figure of a chart: a value, or None with the reason it is undefined."""

    value: float | None
    reason: str | None = None
    detail: str = ""  # what it rests on, for the tooltip

    @classmethod
    def of(cls, score: Score, detail: str = "") -> Cell:
        return cls(score.value, score.reason, detail)

    def tooltip(self, title: str) -> str:
        if self.value is None:
            text = translate("Dashboard", "{title}: undefined — {reason}").format(
                title=title, reason=self.reason
            )
        else:
            text = f"{title}: {self.value:.4f}"
        return f"{text}\n{self.detail}" if self.detail else text


@dataclass
class ChartData:
    """A grid of cells: ``rows`` (x categories) × ``series`` (bars, or heatmap columns)."""

    name: str
    title: str
    x_title: str
    y_title: str
    rows: list[str]
    series: list[str]
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    csv_header: list[str] = field(default_factory=list)
    csv_rows: list[list[object]] = field(default_factory=list)
    note: str = ""  # shown under the chart when there is nothing to draw, etc.

    def cell(self, row: str, series: str) -> Cell | None:
        return self.cells.get((row, series))

    @property
    def empty(self) -> bool:
        return not self.cells

    def write_csv(self, path: Path, protected: tuple[Path, ...] = ()) -> Path:
        """The exact figures behind the chart; undefined values are empty with a reason.

        Written atomically; a text cell a spreadsheet would run as a formula (an annotator
        named ``=cmd|...``) starts with ``'``; the open corpus (``protected``), devices, links
        and files that are not an earlier export of this table are refused (FormatError)."""
        return csv_format.write_table(path, self.csv_header, self.csv_rows, protected)


def heatmap(result: AgreementResult, metric: str) -> ChartData:
    """Pairwise agreement, symmetric; the diagonal is not a figure (``SAME``)."""
    names = list(result.annotators)
    title = pair_metric_title(metric)
    data = ChartData(
        "heatmap",
        translate("Dashboard", "Pairwise agreement — {metric}, {layer} layer").format(
            metric=title, layer=result.layer
        ),
        translate("Dashboard", "annotator"),
        translate("Dashboard", "annotator"),
        names,
        names,
        csv_header=[
            "a",
            "b",
            "metric",
            "value",
            "undefined",
            "articles",
            "tokens",
            "spans_a",
            "spans_b",
            "exact_matches",
            "overlap_matches",
        ],
    )
    for name in names:
        data.cells[(name, name)] = Cell(None, translate("Dashboard", SAME))
    for p in result.pairwise:
        score: Score = getattr(p, metric)
        detail = translate(
            "Dashboard",
            "{articles} articles both did, {tokens} tokens; spans {spans_a} ({a}) and "
            "{spans_b} ({b}); {exact} exact, {overlap} overlap matches",
        ).format(
            articles=p.articles,
            tokens=f"{p.tokens:,}",
            spans_a=p.spans_a,
            a=p.a,
            spans_b=p.spans_b,
            b=p.b,
            exact=p.exact_matches,
            overlap=p.overlap_matches,
        )
        cell = Cell.of(score, detail)
        data.cells[(p.a, p.b)] = cell
        data.cells[(p.b, p.a)] = cell
        data.csv_rows.append(
            [
                p.a,
                p.b,
                metric,
                score.value,
                score.reason,
                p.articles,
                p.tokens,
                p.spans_a,
                p.spans_b,
                p.exact_matches,
                p.overlap_matches,
            ]
        )
    if len(names) < 2:
        data.note = translate("Dashboard", "Choose at least two annotators.")
    return data


def per_label(result: AgreementResult) -> ChartData:
    """Pooled over the chosen annotators: span F1 exact and overlap, alpha (label vs rest),
    and unitizing alpha αu (boundaries on the characters, over the articles all of them did)."""
    labels = sorted(result.per_label)
    data = ChartData(
        "per_label",
        translate("Dashboard", "Agreement per label — all chosen annotators, {layer} layer").format(
            layer=result.layer
        ),
        translate("Dashboard", "label"),
        translate("Dashboard", "agreement"),
        labels,
        list(LABEL_METRICS.values()),
        csv_header=[
            "label",
            "metric",
            "value",
            "undefined",
            "pair_spans",
            "exact_matches",
            "overlap_matches",
        ],
    )
    for label in labels:
        r = result.per_label[label]
        detail = translate(
            "Dashboard",
            "{label}: {spans} spans over the pairs, {exact} exact and {overlap} overlap matches",
        ).format(label=label, spans=r.pair_spans, exact=r.exact_matches, overlap=r.overlap_matches)
        for attr, series in LABEL_METRICS.items():
            score: Score = getattr(r, attr)
            tip = _unitizing_detail(result, label) if attr == "krippendorff_alpha_u" else detail
            data.cells[(label, series)] = Cell.of(score, tip)
            data.csv_rows.append(
                [
                    label,
                    attr,
                    score.value,
                    score.reason,
                    r.pair_spans,
                    r.exact_matches,
                    r.overlap_matches,
                ]
            )
    if not labels:
        data.note = translate("Dashboard", "No {layer} spans in the counted work.").format(
            layer=result.layer
        )
    return data


def _unitizing_detail(result: AgreementResult, label: str) -> str:
    """What a label's αu rests on: its units per annotator, the articles and characters."""
    u = result.unitizing
    units = u.per_label.get(label)
    counts = ", ".join(f"{a} {n}" for a, n in units.units.items()) if units else ""
    return translate(
        "Dashboard",
        "{label}: units {units}; over the {length} characters of the article(s) every chosen "
        "annotator did ({articles})",
    ).format(label=label, units=counts or "0", articles=u.articles, length=f"{u.length:,}")


def label_distribution(result: AgreementResult) -> ChartData:
    """Spans per label per annotator, over the articles each annotator's work counts on."""
    labels = sorted(result.per_label)
    names = list(result.annotators)
    data = ChartData(
        "label_distribution",
        translate("Dashboard", "Label distribution — {layer} spans per annotator").format(
            layer=result.layer
        ),
        translate("Dashboard", "label"),
        translate("Dashboard", "spans"),
        labels,
        names,
        csv_header=["label", "annotator", "spans", "articles"],
    )
    for label in labels:
        for name in names:
            n = result.per_label[label].spans.get(name, 0)
            articles = result.articles_per_annotator.get(name, 0)
            over = translate("Dashboard", "over {n} counted articles").format(n=articles)
            data.cells[(label, name)] = Cell(float(n), None, over)
            data.csv_rows.append([label, name, n, articles])
    if not labels:
        data.note = translate("Dashboard", "No {layer} spans in the counted work.").format(
            layer=result.layer
        )
    return data


def activity(days: Sequence[DayActivity], annotators: Sequence[str]) -> ChartData:
    """Net spans added per annotator per UTC day, from the event log."""
    day_list = sorted({d.day for d in days})
    names = list(annotators)
    data = ChartData(
        "activity",
        translate("Dashboard", "Annotations per annotator over time"),
        translate("Dashboard", "day (UTC)"),
        translate("Dashboard", "net spans added"),
        day_list,
        names,
        csv_header=[
            "day",
            "annotator",
            "net_spans",
            "spans_added",
            "spans_removed",
            "edits",
            "done",
        ],
    )
    by_key = {(d.day, d.annotator): d for d in days}
    for day in day_list:
        for name in names:
            d = by_key.get((day, name))
            if d is None:
                d = DayActivity(day, name, 0, 0, 0, 0)
            data.cells[(day, name)] = Cell(
                float(d.net_spans),
                None,
                translate(
                    "Dashboard",
                    "{added} added, {removed} removed, {edits} edits, {done} marked done",
                ).format(added=d.spans_added, removed=d.spans_removed, edits=d.edits, done=d.done),
            )
            data.csv_rows.append(
                [day, name, d.net_spans, d.spans_added, d.spans_removed, d.edits, d.done]
            )
    if not day_list:
        data.note = translate("Dashboard", "No edits logged yet (imported labels have no events).")
    return data
