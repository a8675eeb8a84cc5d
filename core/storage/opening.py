"""Opening the drafts database safely: a damaged file is moved aside (never deleted), a fresh
database is created, and the newest backup is offered."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from core.common.paths import data_dir as default_data_dir
from core.storage.db import Storage
from core.storage.errors import StorageError, wrap
from core.storage.files import BACKUP_DIR_NAME, DB_NAME, SIDE_FILES

DAMAGE_NOT_OFFERED = "damage_not_offered"  # setting: a restore the window has yet to offer


@dataclass(slots=True)
class OpenResult:
    storage: Storage
    path: Path
    damaged: bool = False
    moved_to: list[Path] = field(default_factory=list)  # the damaged file first, then -wal/-shm
    problem: str = ""  # technical detail, for logs
    backup: Path | None = None  # newest backup the UI can offer to restore_from_backup()
    message: str = ""  # Chinese explanation for the user; empty when nothing happened


def list_backups(data_dir: str | os.PathLike[str]) -> list[Path]:
    """Backup files in `<data>/backups/`, newest first."""
    folder = Path(data_dir) / BACKUP_DIR_NAME
    try:
        files = [p for p in folder.glob("*.db") if p.is_file()]
        return sorted(files, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
    except OSError:
        return []


def newest_backup(data_dir: str | os.PathLike[str]) -> Path | None:
    backups = list_backups(data_dir)
    return backups[0] if backups else None


def _empty_leftover(db: Path) -> bool:
    """A zero-byte database with no WAL content (we always write a schema on creation)."""
    try:
        if db.stat().st_size != 0:
            return False
        wal = db.with_name(db.name + "-wal")
        return not wal.exists() or wal.stat().st_size == 0
    except OSError:
        return False


def _keep_wal(db: Path) -> Path | None:
    """SQLite deletes the -wal when a connection to a damaged file closes; a WAL left by a
    crash may hold the latest saves, so keep a hard link (or copy) until the open succeeded."""
    wal = db.with_name(db.name + "-wal")
    keep = db.with_name(db.name + "-wal.keep")
    try:
        if not wal.exists() or wal.stat().st_size == 0:
            return None
        keep.unlink(missing_ok=True)
        try:
            os.link(wal, keep)
        except OSError:
            shutil.copy2(wal, keep)
        return keep
    except OSError:
        return None


def _move_aside(db: Path, kept_wal: Path | None) -> list[Path]:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    base = db.with_name(f"{db.name}.damaged-{stamp}")
    n = 1
    while base.exists():
        base = db.with_name(f"{db.name}.damaged-{stamp}-{n}")
        n += 1
    moved = []
    try:
        os.replace(db, base)
        moved.append(base)
        for suffix in SIDE_FILES:
            side = db.with_name(db.name + suffix)
            if suffix == "-wal" and not side.exists() and kept_wal is not None and kept_wal.exists():
                side = kept_wal
            if side.exists():
                target = base.with_name(base.name + suffix)
                os.replace(side, target)
                moved.append(target)
        if kept_wal is not None:
            kept_wal.unlink(missing_ok=True)
    except OSError as exc:
        raise StorageError("草稿库文件已损坏，而且无法把它移到一旁（可能被其他程序占用或没有权限）。"
                           f"请关闭其他程序后重试，或手动把“{db.name}”移走。", "damaged") from exc
    return moved


def _discard(path: Path | None) -> None:
    if path is not None:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


def _damage_message(moved: list[Path], backup: Path | None) -> str:
    text = (f"草稿库文件已损坏，无法打开。原文件已改名为“{moved[0].name}”，保留在数据文件夹中，没有删除；"
            "程序已新建一个空的草稿库。")
    if backup is not None:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(backup.stat().st_mtime))
        return text + f"找到最近的备份“{backup.name}”（{when}），可以从这个备份恢复草稿。"
    return text + "没有找到可用的备份。"


def open_storage_safely(data_dir: str | os.PathLike[str] | None = None, *, check: bool = True,
                        read_only: bool = False) -> OpenResult:
    """Open `<data>/shuzhi.db`. Damage (garbage, truncation, failed quick_check) moves the file
    aside and opens a fresh one; other failures (read-only folder, full disk) raise StorageError.
    With read_only=True (a second instance) damaged files are left alone and raise."""
    try:
        folder = Path(data_dir) if data_dir is not None else default_data_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not read_only:
            try:  # an existing folder (older versions made it 0755) is tightened too
                if folder.stat().st_mode & 0o077:
                    os.chmod(folder, 0o700)
            except OSError:
                pass
    except OSError as exc:
        raise wrap(exc) from exc
    db = folder / DB_NAME
    problem = ""
    # A zero-byte file is only alarming if there was data before (a backup exists).
    if db.exists() and _empty_leftover(db) and newest_backup(folder) is not None:
        problem = "zero-byte database file"
    kept_wal = None if read_only else _keep_wal(db)
    if not problem:
        try:
            storage = Storage(db, check=check, read_only=read_only)
        except StorageError as exc:
            if exc.kind != "damaged" or read_only:
                _discard(kept_wal)
                raise
            problem = str(exc.__cause__ or exc)
        else:
            _discard(kept_wal)
            result = OpenResult(storage, db)
            storage.open_result = result
            return result
    moved = _move_aside(db, kept_wal)
    storage = Storage(db)
    backup = newest_backup(folder)
    result = OpenResult(storage, db, damaged=True, moved_to=moved, problem=problem, backup=backup,
                        message=_damage_message(moved, backup))
    storage.open_result = result
    try:  # whoever found the damage (the command line…), the window offers the restore next
        storage.set_setting(DAMAGE_NOT_OFFERED, {"message": result.message,
                                                 "backup": str(backup) if backup else None})
    except StorageError:
        pass
    return result


def damage_not_offered(storage: Storage) -> OpenResult | None:
    """Damage found and handled by another opener (e.g. `python -m core drafts`) whose restore
    offer the window has not shown yet, as an OpenResult; None if there is none."""
    try:
        note = storage.get_setting(DAMAGE_NOT_OFFERED)
    except StorageError:
        return None
    if not isinstance(note, dict):
        return None
    backup = Path(note["backup"]) if note.get("backup") else None
    if backup is not None and not backup.is_file():
        backup = newest_backup(storage.path.parent)
    return OpenResult(storage, storage.path, damaged=True, backup=backup, message=str(note.get("message", "")))


def offer_shown(storage: Storage) -> None:
    try:
        storage.set_setting(DAMAGE_NOT_OFFERED, None)
    except StorageError:
        pass
