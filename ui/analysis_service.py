"""The analysis dispatcher: the analyser runs in a worker process (core/analysis_worker.py);
the job layer's "analysis" queue talks to it, so the UI thread only starts the debounce timer
on a keystroke and renders what comes back.

One job in flight; while it runs only the newest request waits (its text is taken when it is
dispatched, not on every keystroke). Every job carries an id, the text revision and the
settings generation: results of older revisions or settings are dropped. Quitting ends the
worker process and the queue's thread, also while the analyser is still loading.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from core.analysis.settings import AnalysisSettings
from core.analysis_worker import AnalysisProcess
from ui.jobs import JobQueue, JobResult

# The analysis queue's thread reads reports from the pipe: let the UI thread take the GIL back
# within a millisecond.
sys.setswitchinterval(0.001)
DECODE_SLICE_SECONDS = 0.001  # a report is decoded on the UI thread in turns of about this long

# What a request needs, read when it is dispatched: revision, text, kind, ignore list, and
# optionally last year's report (a CompareDoc marked last_year, or None).
Snapshot = Callable[[], tuple]


class AnalysisService(QObject):
    ready = Signal()
    finished = Signal(int, object)  # revision, Report (only for the latest revision and settings)
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, data_dir: Path | None, snapshot: Snapshot, revision: Callable[[], int], debounce_ms: int = 300, process: AnalysisProcess | None = None, parent=None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._snapshot = snapshot
        self._revision = revision  # the current text revision (without copying the text)
        self._process = process  # spawned early by the app (it loads while the window is built)
        self.settings = AnalysisSettings.load(data_dir)
        self.queue = JobQueue("analysis", self)
        self._ready = False
        self._closed = False
        self._waiting = False  # a request waits for the job in flight
        self._running = False
        self._job = 0
        self._generation = 0  # bumped when the settings change
        self.last_seconds = 0.0
        self.load_seconds: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._dispatch)

    # ---- loading ------------------------------------------------------------------------
    def start(self) -> None:
        if self._closed or self.queue.running:
            return
        if self._process is None:
            self._process = AnalysisProcess(self.data_dir)
        self.queue.start()
        self._running = True
        self.queue.submit(self._process.wait_ready, "load", on_done=self._on_loaded)

    @property
    def is_ready(self) -> bool:
        return self._ready

    @property
    def process(self) -> AnalysisProcess | None:
        return self._process

    def _on_loaded(self, result: JobResult) -> None:
        self._running = False
        if self._closed:
            return
        if result.error is not None:
            self.failed.emit(str(result.error) if str(result.error) else "分析器加载失败")
            return
        self.load_seconds = result.value
        self._ready = True
        self.ready.emit()
        self._dispatch()

    # ---- requests -----------------------------------------------------------------------
    def request(self, immediate: bool = False) -> None:
        """The text changed (or the kind, the ignores): analyse it after the debounce. Cheap:
        nothing is copied here; the text is read when the job is dispatched."""
        self._waiting = True
        if immediate:
            self._timer.stop()
            self._dispatch()
        else:
            self._timer.start()

    def set_settings(self, settings: AnalysisSettings) -> None:
        """New switches, thresholds or word lists: the worker re-reads its data before the next
        analysis, and any result computed under the old settings is dropped."""
        self.settings = settings
        self._generation += 1
        if self._process is not None and self.queue.running:
            self.queue.submit(lambda p=self._process: p.set_settings(settings), "settings", on_done=self._on_settings)
        self.request(immediate=True)

    def _on_settings(self, result: JobResult) -> None:
        if result.error is not None and not self._closed:
            self.failed.emit(f"设置未能生效：{result.error}")

    def _dispatch(self) -> None:
        if self._closed or self._running or not self._ready or not self._waiting:
            return
        if self._timer.isActive():
            return  # typing goes on: the debounce decides
        self._waiting = False
        revision, text, kind, current, *rest = self._snapshot()
        last_year = rest[0] if rest else None
        self._job += 1
        job, generation = self._job, self._generation
        ignores = current.copy()  # as it is now
        self._running = True
        self.busy_changed.emit(True)
        process = self._process
        self.queue.submit(lambda: process.analyze_encoded(job, text, kind, ignores, last_year), "analyze",
                          on_done=self._on_done, revision=revision, generation=generation)

    def _on_done(self, result: JobResult) -> None:
        self._running = False
        if self._closed:
            return
        if result.error is not None:
            self.failed.emit(str(result.error))
        else:
            encoded, self.last_seconds = result.value
            current = self._revision()
            revision, generation = result.context["revision"], result.context["generation"]
            if revision == current and generation == self._generation:
                self._decode(encoded, revision, generation, encoded.steps())
            elif revision == current:
                self._waiting = True  # computed under old settings: analyse again
        if self._waiting:
            self._dispatch()
        if not self._running:
            self.busy_changed.emit(False)

    def _decode(self, encoded, revision: int, generation: int, steps) -> None:
        """Decode the report a piece per turn of the event loop (~0.3 ms each), then deliver it
        unless the text or the settings changed meanwhile (a newer request is on its way then)."""
        if self._closed or revision != self._revision() or generation != self._generation:
            return
        end = time.perf_counter() + DECODE_SLICE_SECONDS
        for _ in steps:
            if time.perf_counter() >= end:
                QTimer.singleShot(0, self, lambda: self._decode(encoded, revision, generation, steps))
                return
        self.finished.emit(revision, encoded.report)

    # ---- shutdown -----------------------------------------------------------------------
    def shutdown(self) -> None:
        """End the worker process and the queue's thread (also while loading or analysing)."""
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        if self._process is not None:
            self._process.close(idle=not self._running)
        self.queue.stop()

    def wait_idle(self, msecs: int = 10000) -> bool:
        return self.queue.wait_idle(msecs / 1000)
