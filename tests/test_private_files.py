"""Drafts are sensitive (issue 18): data folder 0700, database, backups and exported files 0600
on every write path; a failed `drafts backup` leaves no TARGET.tmp and says what failed; names
over 255 bytes or paths over 4 096 bytes get a Chinese message, never a traceback."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from core.cli.drafts import main as drafts_main
from core.common.atomic import atomic_write_text
from core.storage import Storage, StorageError, open_storage_safely
from core.wordio.docx_io import ExportError, export_docx

pytestmark = pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask():
    old = os.umask(0o022)  # the usual desktop umask, which used to make everything 0644
    yield
    os.umask(old)


def test_data_folder_database_and_backups_are_owner_only(tmp_path):
    folder = tmp_path / "Shuzhi"
    result = open_storage_safely(folder)
    with result.storage as s:
        s.create_draft("t", "正文")
        backup = s.daily_backup()
        manual = s.backup(tmp_path / "out" / "copy.db")
    assert mode(folder) == 0o700
    assert mode(folder / "shuzhi.db") == 0o600
    for side in ("shuzhi.db-wal", "shuzhi.db-shm"):
        if (folder / side).exists():
            assert mode(folder / side) == 0o600
    assert backup is not None and mode(backup) == 0o600 and mode(backup.parent) == 0o700
    assert mode(manual) == 0o600


def test_an_existing_wide_folder_and_database_are_tightened(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    Storage(folder / "shuzhi.db").close()
    os.chmod(folder / "shuzhi.db", 0o644)
    open_storage_safely(folder).storage.close()
    assert mode(folder) == 0o700 and mode(folder / "shuzhi.db") == 0o600


def test_atomic_writer_and_exports_are_owner_only_and_keep_an_existing_mode(tmp_path):
    new = tmp_path / "new.txt"
    atomic_write_text(new, "草稿")
    assert mode(new) == 0o600
    shared = tmp_path / "shared.txt"
    shared.write_text("x")
    os.chmod(shared, 0o640)
    atomic_write_text(shared, "草稿")
    assert mode(shared) == 0o640  # the user chose this: kept
    docx = tmp_path / "报告.docx"
    export_docx("2025年度述职报告\n一、履职情况\n正文。", docx)
    assert mode(docx) == 0o600


def test_failed_backup_leaves_no_tmp_and_says_what_failed(tmp_path, monkeypatch):
    with Storage(tmp_path / "shuzhi.db") as s:
        s.create_draft("t", "机密正文" * 100)
        target = tmp_path / "b.db"

        def full(self, dst, *a, **k):
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(Storage, "conn", property(lambda self: _Conn(self._conn, full)))
        with pytest.raises(StorageError) as info:
            s.backup(target)
        monkeypatch.undo()
        assert "磁盘空间已满" in str(info.value) and "草稿库没有改动" in str(info.value)
        assert "草稿未能保存" not in str(info.value)
        assert not target.exists() and not (tmp_path / "b.db.tmp").exists()
        with pytest.raises(StorageError, match="是一个文件夹"):
            s.backup(tmp_path)
        assert not list(tmp_path.glob("*.tmp"))


class _Conn:
    """A connection whose backup() fails; everything else passes through."""

    def __init__(self, conn, backup):
        self._c, self._backup = conn, backup

    def backup(self, dst, *a, **k):
        return self._backup(self, dst, *a, **k)

    def __getattr__(self, name):
        return getattr(self._c, name)


def test_cli_backup_failure_message_and_cleanup(tmp_path, data_dir, capsys):
    with Storage(data_dir / "shuzhi.db") as s:
        s.create_draft("t", "正文")
    assert drafts_main(["backup", str(tmp_path)]) != 0  # a folder, not a file name
    err = capsys.readouterr().err
    assert "是一个文件夹" in err and "Traceback" not in err
    assert not list(tmp_path.glob("*.tmp"))


def test_too_long_names_get_a_chinese_message_everywhere(tmp_path, data_dir, capsys):
    long_name = "述职报告" * 30 + ".docx"  # 360 bytes
    with pytest.raises(ExportError, match="文件名太长"):
        export_docx("正文", tmp_path / long_name)
    deep = tmp_path.joinpath(*["很深的文件夹" * 13] * 20, "a.docx")  # 234-byte names, 4 700 bytes
    with pytest.raises(ExportError, match="(文件名太长|路径太长)"):
        export_docx("正文", deep)
    with Storage(data_dir / "shuzhi.db") as s:
        draft_id = s.create_draft("t", "正文")
    assert drafts_main(["export", str(draft_id), str(tmp_path / ("长" * 100 + ".txt"))]) != 0
    err = capsys.readouterr().err
    assert "文件名太长" in err and "Traceback" not in err
    assert drafts_main(["backup", str(tmp_path / ("长" * 100 + ".db"))]) != 0
    assert "文件名太长" in capsys.readouterr().err
    ok = tmp_path / ("长" * 80 + ".docx")  # 245 bytes: legal, and its temporary name must fit too
    export_docx("2025年度述职报告\n正文。", ok)
    assert ok.exists()
