"""Runs the analyser off the UI thread: loads jieba in the background, debounces edits,
coalesces requests (one job in flight, only the latest text waits) and drops stale results."""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from core.analysis.analyzer import Analyzer

# Let the UI thread take the GIL back quickly while the worker runs pure-Python analysis.
sys.setswitchinterval(0.001)


class _Signals(QObject):
    loaded = Signal(object)  # Analyzer or Exception
    done = Signal(int, object, float)  # revision, Report or Exception, seconds


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], object], on_done: Callable[[object, float], None]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._on_done = on_done

    def run(self) -> None:
        t0 = time.perf_counter()
        try:
            result = self._fn()
        except Exception as exc:  # reported to the UI, never raised in the worker
            result = exc
        self._on_done(result, time.perf_counter() - t0)


class AnalysisService(QObject):
    ready = Signal()
    finished = Signal(int, object)  # revision, Report (only for the latest revision)
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, make_analyzer: Callable[[], Analyzer], debounce_ms: int = 300, parent=None) -> None:
        super().__init__(parent)
        self._make_analyzer = make_analyzer
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals()
        self._signals.loaded.connect(self._on_loaded)
        self._signals.done.connect(self._on_done)
        self.analyzer: Analyzer | None = None
        self._pending: tuple[int, str, str, Sequence] | None = None
        self._running = False
        self._latest_revision = -1
        self.last_seconds = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._dispatch)

    # ---- loading ------------------------------------------------------------------------
    def start(self) -> None:
        def load():
            analyzer = self._make_analyzer()
            analyzer.lexicon.segmenter()  # the slow part (~1 s): jieba's dictionary
            analyzer.analyze("预热", "shuzhi")
            return analyzer

        self._pool.start(_Job(load, lambda result, _s: self._signals.loaded.emit(result)))

    @property
    def is_ready(self) -> bool:
        return self.analyzer is not None

    def _on_loaded(self, result) -> None:
        if isinstance(result, Exception):
            self.failed.emit(f"分析器加载失败：{result}")
            return
        self.analyzer = result
        # jieba's dictionary is ~350 000 long-lived objects: keep them out of the cyclic GC so a
        # full collection never pauses the UI thread for tens of milliseconds.
        gc.freeze()
        self.ready.emit()
        self._dispatch()

    # ---- requests -----------------------------------------------------------------------
    def request(self, revision: int, text: str, kind: str, compare: Sequence = (), immediate: bool = False) -> None:
        """Queue an analysis of `text`; only the newest request is ever run."""
        self._latest_revision = revision
        self._pending = (revision, text, kind, compare)
        if immediate:
            self._timer.stop()
            self._dispatch()
        else:
            self._timer.start()

    def _dispatch(self) -> None:
        if self._running or self.analyzer is None or self._pending is None:
            return
        revision, text, kind, compare = self._pending
        self._pending = None
        self._running = True
        self.busy_changed.emit(True)
        analyzer = self.analyzer

        def work():
            return analyzer.analyze(text, kind, compare)

        self._pool.start(_Job(work, lambda result, secs: self._signals.done.emit(revision, result, secs)))

    def _on_done(self, revision: int, result, seconds: float) -> None:
        self._running = False
        self.last_seconds = seconds
        if isinstance(result, Exception):
            self.failed.emit(f"分析出错：{result}")
        elif revision == self._latest_revision:
            self.finished.emit(revision, result)  # stale results (older revisions) are dropped
        if self._pending is not None:
            self._dispatch()
        else:
            self.busy_changed.emit(False)

    def wait_idle(self, msecs: int = 10000) -> bool:
        return self._pool.waitForDone(msecs)
