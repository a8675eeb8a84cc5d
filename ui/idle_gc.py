"""Python's full garbage collections in idle moments, not while the user types.

A full (oldest-generation) collection walks every container object the window holds: each
report brings ~10 000 (findings, checklist rows, their Qt wrappers), and a full collection in the
middle of a typing burst stalled the event loop by 3-6 ms on a 50 000-character report. The
young generations are still collected automatically (they only look at new objects, fast);
the oldest is collected here, after a pause in typing, and at least every `longest` seconds."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

NO_AUTOMATIC_FULL = 1_000_000  # the oldest generation's threshold: never reached in practice


class IdleCollector(QObject):
    def __init__(self, parent=None, pause_ms: int = 2000, longest: float = 60.0,
                 collect: Callable[[], object] = gc.collect, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._collect = collect
        self._clock = clock
        self._longest = longest
        self._last = clock()
        self._saved: tuple[int, int, int] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(pause_ms)
        self._timer.timeout.connect(self.collect_now)

    def install(self) -> None:
        """From now on the oldest generation waits for a pause (see activity())."""
        if self._saved is None:
            young, middle, old = gc.get_threshold()
            # Another window's collector may have set it: put back Python's default then.
            self._saved = (young, middle, 10 if old == NO_AUTOMATIC_FULL else old)
            gc.set_threshold(young, middle, NO_AUTOMATIC_FULL)

    def uninstall(self) -> None:
        self._timer.stop()
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def activity(self) -> None:
        """The user typed: collect after the next pause, or now if it has been too long."""
        if self._saved is None:
            return
        if self._clock() - self._last >= self._longest:
            self.collect_now()
        else:
            self._timer.start()

    def collect_now(self) -> None:
        self._timer.stop()
        self._last = self._clock()
        self._collect()
