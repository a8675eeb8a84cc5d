"""Helpers for GUI tests: type Chinese the way an input method does (never keyClicks)."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication


def ime_type(widget, text: str) -> None:
    """Commit `text` through an input-method event, as a Pinyin IME does."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def make_window(qtbot, data_dir, wait_ready: bool = True):
    from ui.main_window import MainWindow

    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    window.show()
    window.start()
    if wait_ready:
        qtbot.waitUntil(lambda: window.analysis.is_ready, timeout=20000)
    return window
