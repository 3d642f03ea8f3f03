"""The window's runner (gui/workers.py): background calls in order on one thread of their own,
each outcome handed back on the GUI thread; stopping ends the thread with its connection."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent

from annotator.gui.workers import Runner, Worker


def gui_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def test_jobs_run_in_order_off_the_gui_thread_and_answer_on_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    ended: list[str] = []
    runner = Runner(
        "test-runner", on_thread_end=lambda: ended.append(threading.current_thread().name)
    )
    answers: list[tuple[object, bool]] = []
    for n in range(3):
        runner.submit(
            lambda n=n: (n, threading.current_thread().name),
            lambda result: answers.append((result, gui_thread())),
        )
    assert runner.busy()
    qtbot.waitUntil(lambda: len(answers) == 3)
    assert answers == [((n, "test-runner"), True) for n in range(3)]
    assert not runner.busy()
    assert runner.stop()
    assert ended == ["test-runner"]  # its connection is closed on its own thread


def test_a_failing_job_is_handed_back_and_the_next_one_runs(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = Runner("test-runner")
    failures: list[tuple[str, bool]] = []
    answers: list[int] = []

    def broken() -> int:
        raise ValueError("no such thing")

    runner.submit(broken, answers.append, lambda exc: failures.append((str(exc), gui_thread())))
    runner.submit(lambda: 7, answers.append)
    qtbot.waitUntil(lambda: answers == [7])
    assert failures == [("no such thing", True)]
    runner.stop()


def test_a_failure_with_no_handler_is_raised_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = Runner("test-runner")

    def broken() -> int:
        raise ValueError("a bug in a job")

    with qtbot.captureExceptions() as raised:  # what the application's error dialog gets
        runner.submit(broken, lambda _result: None)
        qtbot.waitUntil(lambda: bool(raised))
    (_kind, error, _tb), *_ = raised
    assert isinstance(error, ValueError) and str(error) == "a bug in a job"
    runner.stop()


def test_after_stop_no_answer_arrives_and_a_new_job_starts_a_new_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = Runner("test-runner")
    release = threading.Event()
    answers: list[object] = []
    runner.submit(lambda: release.wait(10), answers.append)
    runner.submit(lambda: "not started", answers.append)
    release.set()
    assert runner.stop()
    qtbot.wait(50)
    assert answers == []  # dropped: the window that asked is closing
    runner.submit(lambda: "again", answers.append)
    qtbot.waitUntil(lambda: answers == ["again"])
    runner.stop()


def test_the_runners_relay_is_qts_and_is_deleted_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The relay that events are queued for is owned by the application, not by Python, so
    that no collection on another thread deletes it; stop deletes it here."""
    runner = Runner("test-runner")
    answers: list[int] = []
    runner.submit(lambda: 1, answers.append)
    qtbot.waitUntil(lambda: answers == [1])
    relay = runner._relay
    assert relay is not None and not shiboken6.ownedByPython(relay)
    assert runner.stop()
    assert shiboken6.isValid(relay)  # deleted later, by the event loop
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(relay)
    runner.submit(lambda: 2, answers.append)  # a new thread, a new relay
    qtbot.waitUntil(lambda: answers == [1, 2])
    assert runner._relay is not relay
    assert runner.stop()


def test_a_workers_thread_is_qts(qtbot) -> None:  # type: ignore[no-untyped-def]
    worker = Worker()
    done: list[object] = []
    worker.finished.connect(done.append)
    worker.start(lambda _ctx: 3)
    thread = worker._thread
    assert thread is not None and not shiboken6.ownedByPython(thread)
    qtbot.waitUntil(lambda: done == [3])
    assert worker.wait(5000)
