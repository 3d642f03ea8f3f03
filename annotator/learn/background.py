"""Training in a background *process* (issue 17): spaCy's training holds the GIL for whole
batches, so a thread would freeze the app. No Qt here: the GUI polls :meth:`TrainingRun.poll`
on a timer and shows what it says.

The child is started with ``spawn`` (a fresh interpreter: nothing of the app's threads or
open database is inherited), at a lower priority, and trains into a *partial* folder beside
the target; only when it has finished does :meth:`TrainingRun.poll` move the partial folder
to the target (replacing a model an earlier training wrote there, never anything else).
:meth:`TrainingRun.cancel` terminates the child and removes the partial folder: nothing is
written and the child is gone when it returns.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import queue
import shutil
import uuid
from pathlib import Path
from typing import Any

from annotator.core.model import Document
from annotator.learn.train import EPOCHS, META, PATIENCE, TrainingError, check_target

#: What :meth:`TrainingRun.poll` returns, in order: ("epoch", done, most, loss, held-out
#: score or None, best pass so far) after each pass, then ("done", result as JSON) or
#: ("error", message).
Message = tuple[Any, ...]


def _child(inbox: Any, partial: str, options: dict[str, Any], out: Any) -> None:
    """The training process: the documents from ``inbox``, trained into ``partial``, reported
    on ``out`` (queues). The documents come on a queue, not as the process's arguments: a
    spawned child's arguments are written to it before ``start()`` returns, and a pipe full
    of them would block the GUI thread until the new interpreter has started and read them;
    a queue's feeder thread writes them in the background."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")  # one core for training, the other for the app
    with contextlib.suppress(OSError):  # not allowed here: train at the same priority
        os.nice(5)
    from annotator.learn.train import Pass, train

    docs = inbox.get()

    def progress(p: Pass) -> None:
        out.put(("epoch", p.epoch, p.epochs, float(p.loss), p.score, p.best))

    try:
        result = train(docs, Path(partial), progress=progress, **options)
    except TrainingError as e:
        out.put(("error", str(e)))
    except Exception as e:  # pragma: no cover - reported in words, never a traceback
        out.put(("error", f"training failed: {e}"))
    else:
        out.put(("done", result.to_json()))


class TrainingRun:
    """One training of ``docs`` into ``target`` in a child process."""

    def __init__(
        self,
        docs: list[Document],
        target: Path,
        *,
        language: str,
        epochs: int = EPOCHS,
        patience: int = PATIENCE,
        held_out: float = 0.2,
        seed: int = 0,
        name: str = "model",
    ) -> None:
        check_target(target)
        self.target = target
        self.partial = target.parent / f".{target.name}.training-{uuid.uuid4().hex[:8]}"
        self._docs = docs
        self._options = {
            "language": language,
            "epochs": epochs,
            "patience": patience,
            "held_out": held_out,
            "seed": seed,
            "name": name,
        }
        ctx = multiprocessing.get_context("spawn")
        self._queue: Any = ctx.Queue()
        self._inbox: Any = ctx.Queue()
        self._process: Any = ctx.Process(
            target=_child,
            args=(self._inbox, str(self.partial), self._options, self._queue),
            name="annotator-training",
            daemon=True,
        )
        self.finished = False

    def start(self) -> None:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self._process.start()
        self._inbox.put(self._docs)  # written by the queue's feeder thread, not here
        self._docs = []

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def alive(self) -> bool:
        """Whether the child is still running (an ended one is reaped by asking)."""
        return self._process.pid is not None and bool(self._process.is_alive())

    def wait(self, timeout: float | None = None) -> None:
        """Block until the child has ended (a caller that may block: not the GUI thread)."""
        if self._process.pid is not None:
            self._process.join(timeout)

    def poll(self) -> list[Message]:
        """What the child said since the last poll (never blocks). A ("done", …) message
        comes after the model is in ``target``; ("error", …) when training failed or the
        child died."""
        got: list[Message] = []
        while not self.finished:
            try:
                msg = self._queue.get_nowait()
            except queue.Empty:
                break
            if msg[0] == "done":
                try:
                    msg = ("done", self._install(msg[1]))
                except OSError as e:
                    msg = ("error", f"{self.target}: the model could not be put in place ({e})")
                self._end(wait=False)
            elif msg[0] == "error":
                self._end(wait=False)
            got.append(msg)
        if self.finished:
            return got
        if not got and self._process.exitcode not in (None, 0):
            got.append(("error", f"training stopped (exit code {self._process.exitcode})"))
            self._end(wait=False)
        return got

    def cancel(self) -> None:
        """Stop the child now; nothing is written. Returns when the child is gone."""
        if self._process.pid is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join(10)
            if self._process.is_alive():  # pragma: no cover - terminate is enough on Linux
                self._process.kill()
                self._process.join(10)
        self._end()

    def _end(self, *, wait: bool = True) -> None:
        """Done with the child: ``wait`` for it to be gone (after terminating it), or not
        (it said it finished and is ending by itself: joining here would hold the caller,
        the GUI thread, while the interpreter tears spaCy down; :meth:`alive` reaps it)."""
        self.finished = True
        if wait and self._process.pid is not None:
            self._process.join(10)
        shutil.rmtree(self.partial, ignore_errors=True)
        self._queue.close()
        self._inbox.cancel_join_thread()  # a cancelled child may not have read its articles
        self._inbox.close()

    def _install(self, result: dict[str, Any]) -> dict[str, Any]:
        """Move the finished partial folder to the target (an earlier model there, which
        check_target allowed, is replaced) and say so in the model's meta file."""
        check_target(self.target)
        old = None
        if self.target.exists():
            old = self.target.parent / f".{self.target.name}.old-{uuid.uuid4().hex[:8]}"
            self.target.rename(old)
        self.partial.rename(self.target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        result = {**result, "out": str(self.target)}
        meta_file = self.target / META
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        meta["out"] = str(self.target)
        meta_file.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
        return result
