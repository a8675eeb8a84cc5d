"""Guards against a Qt binding that leaks references to None on slot calls (PySide6 6.12.0 under
Python 3.11 aborted the app after a few thousand timer ticks)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer


def test_slot_calls_keep_none_refcount(qapp):
    calls = []
    timer = QTimer()
    timer.timeout.connect(lambda: calls.append(1) and None)
    before = sys.getrefcount(None)
    timer.start(0)
    for _ in range(3000):
        qapp.processEvents()
    timer.stop()
    assert len(calls) > 1000
    # A healthy binding keeps None's count about level; the broken one drops it by one per call.
    assert sys.getrefcount(None) - before > -500
