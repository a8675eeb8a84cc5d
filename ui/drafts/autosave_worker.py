"""The storage queue (ui/jobs.py) with its OWN sqlite connection: autosaves, snapshots and
backups run there so typing never waits for the disk, strictly in submission order.

Also the jobs themselves (plain functions of a Storage, built on the UI thread from values, never
widgets) and the text helpers they need."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.analysis.ignores import CONTEXT
from core.storage import Storage, StorageError
from core.storage.models import YEAR_IN_TITLE
from ui.jobs import JobQueue, JobResult

__all__ = ["JobResult", "StorageWorker", "as_storage_error"]

Job = Callable[[Storage], Any]
LAST_DRAFT = "last_draft_id"  # setting: the draft reopened at start
TITLE_MAX = 40


def derive_title(text: str) -> str:
    """A new draft is named after its first line (the report's title) until renamed."""
    for line in text.split("\n", 20)[:20]:
        line = line.strip()
        if line:
            return line[:TITLE_MAX]
    return ""


def year_of(title: str) -> int | None:
    m = YEAR_IN_TITLE.search(title or "")
    return int(m.group(1)) if m else None


# ---- ignored findings: IgnoreList keys <-> storage rows (rule, text, occurrence) -------------

def _starts(body: str, text: str) -> list[int]:
    out, pos = [], body.find(text) if text else -1
    while pos != -1:
        out.append(pos)
        pos = body.find(text, pos + 1)
    return out


def place_to_row(body: str, key: tuple[str, str, str]) -> tuple[str, str, int] | None:
    """忽略此处 is stored as "the n-th occurrence of the flagged text" (offsets drift)."""
    rule, text, before = key
    for n, start in enumerate(_starts(body, text)):
        if body[max(0, start - CONTEXT):start] == before:
            return rule, text, n
    return None


def row_to_place(body: str, rule: str, text: str, occurrence: int) -> tuple[str, str, str] | None:
    starts = _starts(body, text)
    if occurrence >= len(starts):
        return None
    start = starts[occurrence]
    return rule, text, body[max(0, start - CONTEXT):start]


# ---- jobs ---------------------------------------------------------------------------------

def create_job(title: str, body: str, kind: str, cursor: int = 0, **fields: Any) -> Job:
    """A new draft, which becomes the one reopened at the next start."""
    def job(s: Storage) -> int:
        new_id = s.create_draft(title, body, kind=kind, cursor=cursor, **fields)
        s.set_setting(LAST_DRAFT, new_id)
        return new_id

    return job


def save_job(draft_id: int | None, text: str, cursor: int, kind: str, fields: dict, interval: float) -> Job:
    """The autosave: body and cursor (and the title while it follows the first line), then an
    自动快照 when one is due. Without a draft yet, the draft is created with this text."""
    if draft_id is None:
        return create_job(fields.get("title", ""), text, kind, cursor, year=fields.get("year"))

    def job(s: Storage) -> int:
        s.update_draft_body(draft_id, text, cursor)
        if fields:
            s.update_draft_meta(draft_id, **fields)
        s.maybe_auto_snapshot(draft_id, interval=interval)
        return draft_id

    return job


def leave_job(draft_id: int, cursor: int, ignore_rows: list[tuple] | None) -> Job:
    """Leaving a draft: its cursor, and its ignored findings when they changed."""
    def job(s: Storage) -> None:
        s.update_draft_meta(draft_id, cursor=cursor)
        if ignore_rows is not None:
            s.clear_ignores(draft_id)
            for row in ignore_rows:
                s.add_ignore(draft_id, *row)

    return job


def as_storage_error(exc: BaseException) -> StorageError:
    if isinstance(exc, StorageError):
        return exc
    return StorageError(f"草稿库操作失败：{exc}", "other")


class StorageWorker(JobQueue):
    """The storage queue of the job layer: jobs get the worker thread's own connection."""

    def __init__(self, db_path: str | Path, *, read_only: bool = False, parent=None) -> None:
        super().__init__("storage", parent)
        self.db_path = Path(db_path)
        self.read_only = read_only
        self._storage: Storage | None = None

    def job_args(self) -> tuple:
        # Opened lazily (and again after a failure), always in the worker thread.
        if self._storage is None:
            self._storage = Storage(self.db_path, read_only=self.read_only)
        return (self._storage,)

    def job_failed(self, exc: Exception) -> Exception:
        error = as_storage_error(exc)
        if error.kind in ("damaged", "io"):
            self.thread_finished()  # reopen on the next job
        return error

    def closed_error(self) -> Exception:
        return StorageError("草稿库已关闭。", "other")

    def timeout_error(self) -> Exception:
        return StorageError("保存超时：磁盘长时间没有响应。", "io")

    def thread_finished(self) -> None:
        storage, self._storage = self._storage, None
        if storage is not None:
            storage.close()
