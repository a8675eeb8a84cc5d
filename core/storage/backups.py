"""Rolling backups besides the daily one (Storage.daily_backup): every hour while the window runs
and when it closes, each a consistent copy made by Storage.backup (owner-only 0600 files in the
0700 backups folder). Bounded: the newest HOURLY_KEPT hourly and CLOSE_KEPT on-close copies are
kept (plus 7 daily ones and the 恢复前 safety copies). A copy is skipped when no draft changed
since the newest backup, so an idle window does not fill the folder with identical files.

Also what the 从备份恢复… list shows of each file (time, size, number of drafts)."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from core.storage.db import Storage
from core.storage.errors import wrap
from core.storage.files import BACKUP_DIR_NAME, DAILY_NAME

HOURLY_KEPT = 24
CLOSE_KEPT = 10
HOURLY_NAME = re.compile(r"shuzhi-hourly-\d{8}-\d{4}\.db")
CLOSE_NAME = re.compile(r"shuzhi-close-\d{8}-\d{6}\.db")
BEFORE_RESTORE_NAME = re.compile(r"shuzhi-before-restore-[\d-]+\.db")


def _newest_backup_time(folder: Path) -> float:
    try:
        return max((p.stat().st_mtime for p in folder.glob("*.db") if p.is_file()), default=0.0)
    except OSError:
        return 0.0


def _changed_since(storage: Storage, when: float) -> bool:
    """Any draft written (or deleted) after `when`; True for a database never backed up."""
    row = storage.conn.execute("SELECT max(max(updated), max(coalesce(deleted, 0))) FROM drafts").fetchone()
    return row[0] is not None and row[0] > when


def _prune(folder: Path, pattern: re.Pattern, keep: int) -> None:
    try:
        files = sorted(p for p in folder.glob("shuzhi-*.db") if pattern.fullmatch(p.name))
        for old in files[:-keep] if keep > 0 else files:
            old.unlink(missing_ok=True)
    except OSError as exc:
        raise wrap(exc) from exc


def _rolling(storage: Storage, name: str, pattern: re.Pattern, keep: int, force: bool) -> Path | None:
    folder = storage.backups_dir
    if not force and not _changed_since(storage, _newest_backup_time(folder)):
        return None
    made = storage.backup(folder / name)
    _prune(folder, pattern, keep)
    return made


def hourly_backup(storage: Storage, now: float | None = None, keep: int = HOURLY_KEPT,
                  force: bool = False) -> Path | None:
    """`shuzhi-hourly-YYYYMMDD-HHMM.db` if a draft changed since the newest backup."""
    stamp = time.strftime("%Y%m%d-%H%M", time.localtime(time.time() if now is None else now))
    return _rolling(storage, f"shuzhi-hourly-{stamp}.db", HOURLY_NAME, keep, force)


def close_backup(storage: Storage, now: float | None = None, keep: int = CLOSE_KEPT,
                 force: bool = False) -> Path | None:
    """`shuzhi-close-YYYYMMDD-HHMMSS.db` when the window closes, if a draft changed since the newest backup."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(time.time() if now is None else now))
    return _rolling(storage, f"shuzhi-close-{stamp}.db", CLOSE_NAME, keep, force)


@dataclass(slots=True, frozen=True)
class BackupInfo:
    path: Path
    created: float  # file time: when the copy was made
    size: int
    drafts: int | None  # live drafts in it; None when the file cannot be read as our database
    kind: str  # 每小时 / 关闭时 / 每日 / 恢复前 / 手动

    @property
    def usable(self) -> bool:
        return self.drafts is not None


def kind_of(name: str) -> str:
    if HOURLY_NAME.fullmatch(name):
        return "每小时"
    if CLOSE_NAME.fullmatch(name):
        return "关闭时"
    if DAILY_NAME.fullmatch(name):
        return "每日"
    if BEFORE_RESTORE_NAME.fullmatch(name):
        return "恢复前"
    return "其他"


def backup_info(path: str | os.PathLike[str]) -> BackupInfo:
    path = Path(path)
    st = path.stat()
    drafts = None
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            drafts = int(conn.execute("SELECT count(*) FROM drafts WHERE deleted IS NULL").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        drafts = None
    return BackupInfo(path, st.st_mtime, st.st_size, drafts, kind_of(path.name))


def list_backup_infos(data_dir: str | os.PathLike[str]) -> list[BackupInfo]:
    """Every backup in `<data>/backups/`, newest first, with what the restore list shows."""
    folder = Path(data_dir) / BACKUP_DIR_NAME
    out = []
    try:
        files = [p for p in folder.glob("*.db") if p.is_file()]
    except OSError:
        return []
    for p in files:
        try:
            out.append(backup_info(p))
        except OSError:
            continue  # removed meanwhile
    return sorted(out, key=lambda b: (b.created, b.path.name), reverse=True)
