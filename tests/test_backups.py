"""Hourly and on-close backups (core/storage/backups.py) and 文件 → 从备份恢复… (ui/backup_dialog.py)."""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path

import pytest

from core.storage import Storage, open_storage_safely
from core.storage.backups import (
    CLOSE_NAME,
    HOURLY_NAME,
    backup_info,
    close_backup,
    hourly_backup,
    list_backup_infos,
)
from tests.ui_helpers import ime_type, make_window
from ui.backup_dialog import RestoreDialog, backup_now, install_backups

HOUR = 3600.0


@pytest.fixture
def store(tmp_path):
    with Storage(tmp_path / "shuzhi.db") as s:
        yield s


def _names(folder: Path, pattern) -> list[str]:
    return sorted(p.name for p in folder.glob("*.db") if pattern.fullmatch(p.name))


def test_hourly_backup_only_when_something_changed_and_bounded(store):
    folder = store.backups_dir
    assert hourly_backup(store) is None  # no draft at all: nothing worth a copy
    a = store.create_draft("稿", "第一稿")
    first = hourly_backup(store, now=time.time())
    assert first is not None and HOURLY_NAME.fullmatch(first.name)
    assert hourly_backup(store, now=time.time() + HOUR) is None  # unchanged since the newest copy
    time.sleep(0.02)
    store.update_draft_body(a, "第二稿")
    second = hourly_backup(store, now=time.time() + HOUR)
    assert second is not None and second != first
    for i in range(5):  # bounded: only the newest `keep` hourly copies stay
        hourly_backup(store, now=time.time() + (i + 2) * HOUR, keep=3, force=True)
    assert len(_names(folder, HOURLY_NAME)) == 3
    assert second.name not in _names(folder, HOURLY_NAME)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_rolling_backups_are_private(store):
    store.create_draft("稿", "机密的正文")
    made = close_backup(store)
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.backups_dir.stat().st_mode) == 0o700


def test_close_backups_are_bounded_and_leave_daily_ones_alone(store):
    store.create_draft("稿", "正文")
    daily = store.daily_backup()
    for i in range(4):
        close_backup(store, now=time.time() + i, keep=2, force=True)
    assert len(_names(store.backups_dir, CLOSE_NAME)) == 2 and daily.exists()


def test_backup_info_shows_time_size_and_drafts(store, tmp_path):
    store.create_draft("一", "甲")
    gone = store.create_draft("二", "乙")
    store.create_draft("三", "丙")
    store.soft_delete(gone)  # in the recycle bin: not counted
    made = close_backup(store)
    info = backup_info(made)
    assert (info.drafts, info.kind, info.size) == (2, "关闭时", made.stat().st_size) and info.usable
    junk = store.backups_dir / "shuzhi-2020-01-01.db"
    junk.write_bytes(os.urandom(3000))
    infos = list_backup_infos(tmp_path)
    assert [i.path for i in infos][0] in (made, junk)
    bad = next(i for i in infos if i.path == junk)
    assert bad.kind == "每日" and bad.drafts is None and not bad.usable


def test_damage_loses_at_most_the_time_since_the_last_hourly_backup(tmp_path):
    data = tmp_path / "data"
    with Storage(data / "shuzhi.db") as s:
        a = s.create_draft("稿", "一小时前的正文")
        s.daily_backup()
        time.sleep(0.02)
        s.update_draft_body(a, "最近一次每小时备份时的正文")
        hourly = hourly_backup(s)
    db = data / "shuzhi.db"
    db.write_bytes(os.urandom(40_000))
    result = open_storage_safely(data)
    assert result.damaged and result.backup == hourly  # the newest copy is offered
    result.storage.restore_from_backup(result.backup)
    assert result.storage.get_draft(a).body == "最近一次每小时备份时的正文"
    result.storage.close()


# ---- the window ---------------------------------------------------------------------------

def _window(qtbot, data_dir):
    w = make_window(qtbot, data_dir, wait_ready=False)
    s = w.drafts
    s.delay_ms = 50
    s.inform = lambda title, text: None
    return w, s


def test_menu_command_and_hourly_timer(qtbot, data_dir):
    w, s = _window(qtbot, data_dir)
    texts = [a.text() for a in w.file_menu.actions()]
    assert "从备份恢复(&R)…" in texts and texts.index("从备份恢复(&R)…") == texts.index("个人信息(&P)…") + 1
    assert s.backup_timer.interval() == 3600 * 1000 and s.backup_timer.isActive()
    folder = Path(data_dir) / "backups"
    ime_type(w.editor, "正文，又写了一句")
    s.flush()
    s.backup_timer.setInterval(50)  # an hour, made short
    qtbot.waitUntil(lambda: bool(_names(folder, HOURLY_NAME)), timeout=10000)
    s.backup_timer.stop()
    with Storage(folder / _names(folder, HOURLY_NAME)[-1], read_only=True) as copy:
        assert copy.list_drafts()[0].chars == 8  # 正文，又写了一句 as saved before the copy
    backup_now(s)  # nothing changed since: no second copy
    s.worker.wait_idle()
    assert len(_names(folder, HOURLY_NAME)) == 1


def test_closing_the_window_makes_a_backup(qtbot, data_dir):
    w, s = _window(qtbot, data_dir)
    ime_type(w.editor, "关闭前的最后一句")
    w.close()
    folder = Path(data_dir) / "backups"
    closes = _names(folder, CLOSE_NAME)
    assert len(closes) == 1
    with Storage(folder / closes[0], read_only=True) as copy:
        assert [copy.get_draft(d.id).body for d in copy.list_drafts()] == ["关闭前的最后一句"]


def test_restore_from_the_list_without_restart(qtbot, data_dir):
    w, s = _window(qtbot, data_dir)
    ime_type(w.editor, "备份时的正文")
    first = s.ensure_draft()
    made = s.call(lambda st: hourly_backup(st, force=True))
    time.sleep(0.02)
    ime_type(w.editor, "，备份后又改了")
    s.new_draft()
    ime_type(w.editor, "备份后新建的草稿")
    s.ensure_draft()
    dialog = RestoreDialog(s, w)
    qtbot.addWidget(dialog)
    assert dialog.selected().path == made and dialog.selected().drafts == 1
    row = dialog.tree.topLevelItem(0)
    assert row.text(1) == "每小时" and row.text(3) == "1 份" and row.text(2).endswith("KB")
    asked = []
    dialog.ask = lambda title, text: asked.append(text) or False
    assert not dialog.restore_selected()  # declined: nothing changes
    assert len(s.storage.list_drafts()) == 2 and w.text() == "备份后新建的草稿"
    dialog.ask = lambda title, text: True
    ime_type(w.editor, "（未保存的一句）")
    assert dialog.restore_selected()
    assert [d.id for d in s.storage.list_drafts()] == [first]
    assert s.storage.get_draft(first).body == "备份时的正文"
    assert w.text() == "备份时的正文" and s.draft_id == first  # reloaded, no restart
    before = [b for b in list_backup_infos(data_dir) if b.kind == "恢复前"]
    assert len(before) == 1 and before[0].drafts == 2
    with Storage(before[0].path, read_only=True) as copy:  # the words typed before restoring are kept there
        bodies = sorted(copy.get_draft(d.id).body for d in copy.list_drafts())
    assert bodies == ["备份后新建的草稿（未保存的一句）", "备份时的正文，备份后又改了"]
    assert dialog.tree.topLevelItemCount() == len(list_backup_infos(data_dir))  # the list is refreshed
    s.flush()
    assert s.storage.get_draft(first).body == "备份时的正文"  # nothing old written back after the reload


def test_read_only_window_cannot_restore(qtbot, data_dir):
    w, s = _window(qtbot, data_dir)
    ime_type(w.editor, "正文")
    s.ensure_draft()
    s.call(lambda st: hourly_backup(st, force=True))
    s.read_only = True
    dialog = RestoreDialog(s, w)
    qtbot.addWidget(dialog)
    assert not dialog.restore_btn.isEnabled()
    s.read_only = False


def test_install_is_harmless_for_a_read_only_session(qtbot, data_dir):
    w, s = _window(qtbot, data_dir)
    s.read_only = True
    before = len(s.closing_jobs)
    install_backups(s)
    assert len(s.closing_jobs) == before
    s.read_only = False


def test_open_the_backups_folder(qtbot, data_dir, monkeypatch):
    import ui.file_actions as file_actions

    w, s = _window(qtbot, data_dir)
    opened = []
    monkeypatch.setattr(file_actions, "open_folder", lambda folder: opened.append(folder) or True)
    dialog = RestoreDialog(s, w)
    qtbot.addWidget(dialog)
    button = next(b for b in dialog.findChildren(type(dialog.restore_btn)) if b.text() == "打开备份文件夹")
    button.click()
    assert opened == [Path(data_dir) / "backups"]
