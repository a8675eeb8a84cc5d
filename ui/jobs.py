"""The one job layer for background work: storage, import, export and the analysis dispatcher.

A `JobQueue` is one worker thread that runs jobs strictly in submission order (a save queued
before a snapshot is written before it). Jobs are plain functions built on the UI thread from
values (the text as it is now), never widgets. Results come back through a thread-safe queue;
the `results_ready` signal only wakes the UI thread, which delivers them: a job's `on_done` is
called there with its JobResult, and results without one wait for `drain()` (so a synchronous
flush can collect them too, without waiting for queued signal delivery). `stop()` finishes the
queued jobs and joins the thread: nothing survives the window.
"""

from __future__ import annotations

import collections
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal


@dataclass(slots=True)
class JobResult:
    tag: str
    value: Any = None
    error: Exception | None = None
    seconds: float = 0.0  # time spent in the worker thread
    context: dict = field(default_factory=dict)
    on_done: Callable[[JobResult], None] | None = None


class JobQueue(QObject):
    results_ready = Signal()
    progress = Signal(object, int, int)  # the job's progress callback, done, total

    def __init__(self, name: str, parent=None) -> None:
        super().__init__(parent)
        self.name = name
        self._jobs: queue.Queue = queue.Queue()
        self._results: collections.deque[JobResult] = collections.deque()
        self._callbacks: collections.deque[JobResult] = collections.deque()
        self._outstanding = 0
        self._idle = threading.Condition()
        self._thread: threading.Thread | None = None
        self.results_ready.connect(self.deliver)
        self.progress.connect(self._on_progress)

    # ---- what a job runs with (subclasses: a database connection of the worker thread) ----
    def job_args(self) -> tuple:
        return ()

    def job_failed(self, exc: Exception) -> Exception:
        """The error a failed job reports (subclasses translate and recover)."""
        return exc

    def closed_error(self) -> Exception:
        return RuntimeError(f"{self.name}: the job queue is stopped")

    def timeout_error(self) -> Exception:
        return TimeoutError(f"{self.name}: the job did not finish in time")

    def thread_finished(self) -> None:
        """Runs in the worker thread as it ends (subclasses close what job_args opened)."""

    # ---- lifecycle ----------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=f"shuzhi-{self.name}", daemon=True)
            self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self, timeout: float = 30.0) -> bool:
        """Finish the queued jobs, end the thread, deliver what is left. True if it ended."""
        thread, self._thread = self._thread, None
        if thread is None:
            return True
        self._jobs.put(None)
        thread.join(timeout)
        self.deliver()
        return not thread.is_alive()

    # ---- jobs ---------------------------------------------------------------------------
    def submit(self, fn: Callable[..., Any], tag: str = "", on_done: Callable[[JobResult], None] | None = None,
               on_progress: Callable[[int, int], None] | None = None, **context: Any) -> None:
        """Run `fn(*job_args())` in the worker (with `progress=` when on_progress is given).
        Its JobResult goes to `on_done` on the UI thread, or without one to `drain()`.
        Jobs submitted before start() wait for it; after stop() they never run."""
        if on_progress is not None:
            emit = self.progress.emit
            inner = fn
            fn = lambda *a: inner(*a, progress=lambda done, total: emit(on_progress, done, total))  # noqa: E731
        with self._idle:
            self._outstanding += 1
        self._jobs.put((fn, tag, context, on_done, None))

    def call(self, fn: Callable[..., Any], timeout: float = 60.0) -> Any:
        """Run `fn(*job_args())` after everything queued before it and wait for it (blocking the
        caller): for explicit commands and the flush on close. Raises the job's error."""
        if not self.running:
            raise self.closed_error()
        box: dict[str, Any] = {}
        done = threading.Event()
        with self._idle:
            self._outstanding += 1
        self._jobs.put((fn, "call", box, None, done))
        if not done.wait(timeout):
            raise self.timeout_error()
        if "error" in box:
            raise box["error"]
        return box.get("value")

    def drain(self) -> list[JobResult]:
        """Finished results that have no on_done (and delivers those that have)."""
        self.deliver()
        out = []
        while self._results:
            out.append(self._results.popleft())
        return out

    def _on_progress(self, callback, done: int, total: int) -> None:
        callback(done, total)

    def deliver(self) -> None:
        while self._callbacks:
            r = self._callbacks.popleft()
            r.on_done(r)  # type: ignore[misc]

    @property
    def busy(self) -> bool:
        with self._idle:
            return self._outstanding > 0

    def wait_idle(self, timeout: float = 60.0) -> bool:
        end = time.monotonic() + timeout
        with self._idle:
            while self._outstanding > 0:
                left = end - time.monotonic()
                if left <= 0 or not self.running:
                    return False
                self._idle.wait(left)
        return True

    # ---- the thread ---------------------------------------------------------------------
    def _run(self) -> None:
        try:
            while True:
                item = self._jobs.get()
                if item is None:
                    break
                fn, tag, context, on_done, done = item
                t0 = time.perf_counter()
                value, error = None, None
                try:
                    value = fn(*self.job_args())
                except Exception as exc:  # reported to the UI, never raised in the worker
                    error = self.job_failed(exc)
                seconds = time.perf_counter() - t0
                if done is not None:
                    context["value" if error is None else "error"] = value if error is None else error
                    done.set()
                else:
                    result = JobResult(tag, value, error, seconds, context, on_done)
                    (self._callbacks if on_done is not None else self._results).append(result)
                    try:
                        self.results_ready.emit()
                    except RuntimeError:  # the UI object is gone (window destroyed): nobody to tell
                        pass
                with self._idle:
                    self._outstanding -= 1
                    self._idle.notify_all()
        finally:
            self.thread_finished()
            with self._idle:
                self._idle.notify_all()
