"""Storage fault cases of issue 18: a database of another program or of a newer version is never
modified and is named in Chinese; damage found by the command line is still offered for restore
at the next window start."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from core.cli.drafts import main as drafts_main
from core.storage import Storage, StorageError
from tests.ui_helpers import make_window
from ui.drafts.session import DraftSession


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE drafts (id INTEGER PRIMARY KEY, name TEXT)")  # same name, not ours
    conn.execute("INSERT INTO drafts(name) VALUES ('other program')")
    conn.commit()
    conn.close()


def test_database_of_another_program_is_never_modified(data_dir, capsys):
    db = data_dir / "shuzhi.db"
    make_foreign(db)
    before = digest(db)
    with pytest.raises(StorageError) as info:
        Storage(db)
    assert info.value.kind == "foreign" and "不是述职助手的草稿库" in str(info.value)
    assert drafts_main(["list"]) != 0
    err = capsys.readouterr().err
    assert "不是述职助手的草稿库" in err and "already exists" not in err and "Traceback" not in err
    assert digest(db) == before
    assert not (data_dir / "shuzhi.db-wal").exists() or (data_dir / "shuzhi.db-wal").stat().st_size == 0


def test_newer_schema_is_recognised_and_left_alone(data_dir, capsys):
    db = data_dir / "shuzhi.db"
    with Storage(db) as s:
        s.create_draft("t", "正文")
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO migrations(name, applied) VALUES ('0099_from_the_future', 0)")
    conn.commit()
    conn.close()
    before = digest(db)
    with pytest.raises(StorageError) as info:
        Storage(db)
    assert info.value.kind == "newer" and "更新版本" in str(info.value)
    assert drafts_main(["list"]) != 0
    assert "更新版本" in capsys.readouterr().err
    assert digest(db) == before


def test_damage_found_by_the_command_line_is_offered_at_the_next_window_start(qtbot, data_dir, monkeypatch):
    with Storage(data_dir / "shuzhi.db") as s:
        s.create_draft("重要草稿", "正文" * 50)
        backup = s.daily_backup()
    assert backup is not None
    (data_dir / "shuzhi.db").write_bytes(b"garbage" * 1000)
    for side in ("shuzhi.db-wal", "shuzhi.db-shm"):
        (data_dir / side).unlink(missing_ok=True)
    assert drafts_main(["list"]) == 0  # moved aside, empty database created, notice printed
    asked, told = [], []
    monkeypatch.setattr(DraftSession, "ask", lambda self, title, text: asked.append((title, text)) or True)
    monkeypatch.setattr(DraftSession, "inform", lambda self, title, text: told.append((title, text)))
    w = make_window(qtbot, data_dir, wait_ready=False)
    assert asked and asked[0][0] == "草稿库已损坏" and "备份" in asked[0][1]
    assert any(t == "已恢复" for t, _ in told)
    assert [d.title for d in w.drafts.storage.list_drafts()] == ["重要草稿"]
    w.close()
    asked.clear()
    w2 = make_window(qtbot, data_dir, wait_ready=False)  # offered once, not at every start
    assert not asked
    w2.close()
