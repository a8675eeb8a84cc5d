"""Full garbage collections wait for a pause in typing (ui/idle_gc.py)."""

from __future__ import annotations

import gc

import pytest

from ui.idle_gc import NO_AUTOMATIC_FULL, IdleCollector

pytestmark = pytest.mark.gui


def test_full_collection_after_a_pause_not_while_typing(qtbot):
    collected = []
    now = [0.0]
    before = gc.get_threshold()
    c = IdleCollector(pause_ms=50, longest=60.0, collect=lambda: collected.append(now[0]), clock=lambda: now[0])
    c.install()
    try:
        assert gc.get_threshold()[:2] == before[:2] and gc.get_threshold()[2] == NO_AUTOMATIC_FULL
        for _ in range(5):  # typing: every keystroke pushes the collection back
            c.activity()
            qtbot.wait(10)
        assert collected == []
        qtbot.waitUntil(lambda: collected == [0.0], timeout=2000)  # the pause came
        now[0] = 61.0  # a minute of typing without a pause: collected at a keystroke
        for _ in range(3):
            c.activity()
        assert collected == [0.0, 61.0]
    finally:
        c.uninstall()
    assert gc.get_threshold() == before


def test_two_windows_collectors_leave_pythons_default_behind(qtbot):
    before = gc.get_threshold()
    a, b = IdleCollector(collect=lambda: None), IdleCollector(collect=lambda: None)
    a.install()
    b.install()
    a.uninstall()
    b.uninstall()
    assert gc.get_threshold()[2] != NO_AUTOMATIC_FULL and gc.get_threshold()[:2] == before[:2]
    c = IdleCollector(collect=lambda: None)
    c.activity()  # not installed: nothing scheduled, nothing changed
    assert gc.get_threshold()[2] != NO_AUTOMATIC_FULL


def test_the_window_installs_it_once_ready_and_puts_gc_back_on_shutdown(qtbot, data_dir):
    from tests.ui_helpers import make_window

    before = gc.get_threshold()
    w = make_window(qtbot, data_dir)
    qtbot.waitUntil(lambda: w.analysis.is_ready, timeout=30000)
    assert gc.get_threshold()[2] == NO_AUTOMATIC_FULL
    w.shutdown()
    assert gc.get_threshold() == before
