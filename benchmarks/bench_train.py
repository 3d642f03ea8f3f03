"""Issue 17: training a suggestion model from 1,000 done articles (report minutes on 2 cores)
while the app stays responsive.

The articles come from ``generate.py``'s generator (Indonesian, ~3,200 characters each, its
entities and claims as the done labels). Training runs exactly as the app's "Train
suggestions model…" runs it: ``learn/background.py``'s spawned process, polled on a Qt timer,
with the defaults (at most 20 passes, stopping when 3 in a row have not bettered the held-out
score, the best pass kept: ADR 0040).
Meanwhile a 10 ms timer on the GUI thread measures how late the event loop serves it (the
app's responsiveness), printed beside 100 ms. No limit is given for the minutes: printed with
the machine's load (the machine may be shared). Minutes, not seconds: not in ``--quick``.

Standalone: ``python -m benchmarks.bench_train [--articles 1000] [--epochs 20] [--patience 3]``,
or the
``train`` section of ``python -m benchmarks``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from annotator.core.model import Article, Document, Span, Status
from annotator.learn.train import EPOCHS, PATIENCE

from .common import line, millis
from .generate import Generator

LATENCY_LIMIT_S = 0.100
TICK_S = 0.010


def documents(n: int, seed: int = 17) -> list[Document]:
    gen = Generator(seed)
    out = []
    for k in range(1, n + 1):
        target = int(min(12_000, max(600, gen.rng.lognormvariate(7.94, 0.45))))
        text, candidates = gen.article("id", target, 0)
        spans = [
            Span(
                k * 1000 + i,
                k,
                "bench",
                s,
                e,
                label,
                "claim" if label == "CLAIM" else "entity",
                text[s:e],
            )
            for i, (s, e, label) in enumerate(candidates)
        ]
        article = Article(k, f"b{k}", f"b{k}", "", None, None, text, "", "id", 1.0, "")
        out.append(Document(article, "bench", Status.DONE, spans, []))
    return out


def run(articles: int = 1000, epochs: int = EPOCHS, patience: int = PATIENCE) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.learn.background import TrainingRun

    app = QApplication.instance() or QApplication([])
    docs = documents(articles)
    chars = sum(len(d.article.text) for d in docs)
    print(
        f"\n== Training (issue 17): {articles:,} done articles ({chars / 1e6:.1f} M code points, "
        f"{sum(len(d.spans) for d in docs):,} spans), at most {epochs} passes, patience "
        f"{patience}, in the app's background process; the GUI thread's 10 ms timer measures "
        "its lateness"
    )
    load0 = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-train-") as tmp:
        run_ = TrainingRun(
            docs,
            Path(tmp) / "model",
            language="id",
            epochs=epochs,
            patience=patience,
            name="bench",
        )
        late: list[float] = []
        passes: list[tuple[float, float]] = []
        outcome: dict[str, Any] = {}
        clock = QElapsedTimer()
        clock.start()
        last = [clock.nsecsElapsed()]

        def tick() -> None:
            now = clock.nsecsElapsed()
            late.append(max(0.0, (now - last[0]) / 1e9 - TICK_S))
            last[0] = now

        def poll() -> None:
            for msg in run_.poll():
                if msg[0] == "epoch":
                    passes.append((time.perf_counter() - t0, msg[3]))
                    score = "-" if msg[4] is None else f"{100 * msg[4]:.2f} %"
                    print(
                        f"  pass {msg[1]}/{msg[2]}: {passes[-1][0] / 60:.1f} min, loss "
                        f"{msg[3]:.0f}, held-out F1 {score} (best: pass {msg[5]})",
                        flush=True,
                    )
                else:
                    outcome["msg"] = msg
                    app.quit()

        ticker, poller = QTimer(), QTimer()
        ticker.setInterval(int(TICK_S * 1000))
        ticker.timeout.connect(tick)
        poller.setInterval(100)
        poller.timeout.connect(poll)
        t0 = time.perf_counter()
        run_.start()
        started = time.perf_counter() - t0  # what the GUI thread waits for in start()
        last[0] = clock.nsecsElapsed()
        ticker.start()
        poller.start()
        app.exec()
        total = time.perf_counter() - t0
        run_.wait()  # ended and reaped: its CPU time is counted below
        ticker.stop()
        poller.stop()
    load1 = os.getloadavg()[0]
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the training process, ended
    cpu = usage.ru_utime + usage.ru_stime
    kind, payload = outcome["msg"]
    if kind != "done":
        raise SystemExit(f"training failed: {payload}")
    late.sort()
    p99 = late[int(len(late) * 0.99)] if late else 0.0
    worst = late[-1] if late else 0.0
    print(
        f"  load average {load0:.2f} at the start, {load1:.2f} at the end, {os.cpu_count()} cores"
    )
    print(
        line(
            f"training, {articles:,} articles, {payload['epochs']} passes (wall clock)",
            f"{total / 60:.1f} min",
            "limit",
            "(report)",
        )
    )
    print(
        line(
            "  CPU time of the training process (what an idle core would take)",
            f"{cpu / 60:.1f} min",
        )
    )
    print(line("  start() on the GUI thread (the process spawned)", millis(started)))
    if passes:
        per = [b - a for (a, _), (b, _) in zip([(0.0, 0.0), *passes], passes, strict=False)]
        print(
            line(
                "  to the end of pass 1 (the child's start, its data, a pass)",
                f"{passes[0][0]:.1f} s",
            )
        )
        if len(per) > 1:
            print(line("  a later pass, median", f"{statistics.median(per[1:]) / 60:.2f} min"))
    why = (
        f"{payload['patience']} passes in a row without a better held-out score"
        if payload.get("stopped") == "patience"
        else f"the most passes ({epochs})"
    )
    print(f"  stopped after pass {payload['epochs']}: {why}; pass {payload['best_epoch']} kept")
    held = payload.get("held_out", {})
    for label, s in sorted(held.items()):
        f1 = s.get("f1")
        print(f"  held-out {label:<10} F1 {'-' if f1 is None else f'{100 * f1:.1f} %'}")
    ok = "ok" if p99 < LATENCY_LIMIT_S else "OVER"
    print(
        line(
            f"GUI event loop lateness, p99 of {len(late):,} ticks",
            millis(p99),
            "limit",
            f"{LATENCY_LIMIT_S * 1000:.0f} ms",
        )
        + f"   {ok}"
    )
    print(line("  the worst tick", millis(worst)) + f"   median {millis(statistics.median(late))}")
    return {
        "started_s": started,
        "cpu_minutes": cpu / 60,
        "articles": articles,
        "epochs": payload["epochs"],
        "max_epochs": epochs,
        "best_epoch": payload["best_epoch"],
        "stopped": payload["stopped"],
        "held_out_f1": {k: v.get("f1") for k, v in held.items()},
        "minutes": total / 60,
        "latency_p99_s": p99,
        "latency_max_s": worst,
        "load": [load0, load1],
    }


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.bench_train", description=__doc__)
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--epochs", type=int, default=EPOCHS)
    p.add_argument("--patience", type=int, default=PATIENCE)
    a = p.parse_args()
    run(a.articles, a.epochs, a.patience)


if __name__ == "__main__":
    main()
