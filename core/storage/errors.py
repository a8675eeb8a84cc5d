"""One exception type for every storage failure, with a Chinese message the UI can show as is."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

# kind -> message shown to the secretary; the kind lets the UI react (e.g. offer a backup).
MESSAGES = {
    "readonly": "数据文件夹或草稿库文件是只读的，无法保存草稿。请检查文件夹权限。",
    "full": "磁盘空间已满，草稿未能保存。请清理磁盘空间后再试。",
    "io": "读写数据文件时出错（磁盘或网络盘可能有问题），草稿未能保存。请检查磁盘后再试。",
    "locked": "草稿库正被另一个述职助手窗口或其他程序占用，请稍后再试。",
    "damaged": "草稿库文件已损坏。请重新启动述职助手，程序会把损坏的文件移到一旁并提供备份恢复。",
    "permission": "没有权限访问数据文件夹，无法保存草稿。请检查文件夹权限。",
    "missing": "找不到指定的草稿或版本，可能已被删除。",
    "other": "草稿库操作失败",
}


class StorageError(Exception):
    """Raised for every storage failure; `str(err)` is a Chinese message for the user."""

    def __init__(self, message: str, kind: str = "other") -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def classify(exc: BaseException) -> str:
    """Map an sqlite3/OS error to one of the MESSAGES kinds."""
    if isinstance(exc, PermissionError):
        return "permission"
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text or "read only" in text:
        return "readonly"
    if "full" in text or "no space" in text:
        return "full"
    if "locked" in text or "busy" in text:
        return "locked"
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return "damaged"
    if "disk i/o" in text or "unable to open" in text or isinstance(exc, OSError):
        return "io"
    return "other"


_BACKUP_REASONS = {
    "full": "磁盘空间已满。",
    "readonly": "目标位置是只读的。",
    "permission": "没有写入该位置的权限。",
    "locked": "目标文件正被其他程序占用。",
    "io": "读写磁盘时出错。",
}


def backup_reason(exc: BaseException) -> str:
    """Why writing a backup copy failed (the drafts themselves were not touched)."""
    kind = classify(exc)
    return _BACKUP_REASONS.get(kind) or f"{getattr(exc, 'strerror', None) or exc}。"


def wrap(exc: BaseException) -> StorageError:
    if isinstance(exc, StorageError):
        return exc
    kind = classify(exc)
    message = MESSAGES[kind]
    if kind == "other":
        message = f"{message}：{exc}"
    return StorageError(message, kind)


def guarded(method: F) -> F:
    """Serialise calls on the instance lock and turn low-level errors into StorageError."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            try:
                return method(self, *args, **kwargs)
            except StorageError:
                raise
            except (sqlite3.Error, OSError) as exc:
                raise wrap(exc) from exc

    return wrapper  # type: ignore[return-value]
