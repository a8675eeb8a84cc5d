"""A storage worker thread with its OWN sqlite connection: autosaves, snapshots and backups run
here so typing never waits for the disk. Jobs run strictly in submission order (a save queued
before a snapshot is written before it). Results come back through a thread-safe queue; the
`results_ready` signal only wakes the UI thread, which drains the queue (so a synchronous flush
can drain it too, without waiting for queued signal delivery).

Also the jobs themselves (plain functions of a Storage, built on the UI thread from values, never
widgets) and the text helpers they need."""

from __future__ import annotations

import collections
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from core.analysis.ignores import CONTEXT
from core.storage import Storage, StorageError
from core.storage.models import YEAR_IN_TITLE

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


@dataclass(slots=True)
class JobResult:
    tag: str
    value: Any = None
    error: StorageError | None = None
    seconds: float = 0.0  # time spent in the worker (the autosave cost the bench reports)
    context: dict = field(default_factory=dict)


def as_storage_error(exc: BaseException) -> StorageError:
    if isinstance(exc, StorageError):
        return exc
    return StorageError(f"草稿库操作失败：{exc}", "other")


class StorageWorker(QObject):
    results_ready = Signal()

    def __init__(self, db_path: str | Path, *, read_only: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.read_only = read_only
        self._jobs: queue.Queue = queue.Queue()
        self._results: collections.deque[JobResult] = collections.deque()
        self._outstanding = 0
        self._idle = threading.Condition()
        self._thread: threading.Thread | None = None
        self._storage: Storage | None = None

    # ---- lifecycle ----------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="shuzhi-storage", daemon=True)
            self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the queued jobs, close the connection, end the thread."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._jobs.put(None)
        thread.join(timeout)

    # ---- jobs ---------------------------------------------------------------------------
    def submit(self, fn: Job, tag: str, **context: Any) -> None:
        """Run `fn(storage)` in the worker; its JobResult appears in `drain()`."""
        with self._idle:
            self._outstanding += 1
        self._jobs.put((fn, tag, context, None))

    def call(self, fn: Job, timeout: float = 60.0) -> Any:
        """Run `fn(storage)` after everything queued before it and wait for it (blocking the
        caller): for explicit commands and the flush on close. Raises StorageError."""
        if not self.running:
            raise StorageError("草稿库已关闭。", "other")
        box: dict[str, Any] = {}
        done = threading.Event()
        with self._idle:
            self._outstanding += 1
        self._jobs.put((fn, "call", box, done))
        if not done.wait(timeout):
            raise StorageError("保存超时：磁盘长时间没有响应。", "io")
        if "error" in box:
            raise box["error"]
        return box.get("value")

    def drain(self) -> list[JobResult]:
        out = []
        while self._results:
            out.append(self._results.popleft())
        return out

    @property
    def busy(self) -> bool:
        with self._idle:
            return self._outstanding > 0

    def wait_idle(self, timeout: float = 60.0) -> bool:
        end = time.monotonic() + timeout
        with self._idle:
            while self._outstanding > 0:
                left = end - time.monotonic()
                if left <= 0 or not self.running:
                    return False
                self._idle.wait(left)
        return True

    # ---- the thread ---------------------------------------------------------------------
    def _open(self) -> Storage:
        # Opened lazily (and again after a failure), always in this thread.
        if self._storage is None:
            self._storage = Storage(self.db_path, read_only=self.read_only)
        return self._storage

    def _run(self) -> None:
        try:
            while True:
                item = self._jobs.get()
                if item is None:
                    break
                fn, tag, context, done = item
                t0 = time.perf_counter()
                value, error = None, None
                try:
                    value = fn(self._open())
                except Exception as exc:  # reported to the UI, never raised in the worker
                    error = as_storage_error(exc)
                    if error.kind in ("damaged", "io"):
                        self._close_storage()  # reopen on the next job
                seconds = time.perf_counter() - t0
                if done is not None:
                    context["value" if error is None else "error"] = value if error is None else error
                    done.set()
                else:
                    self._results.append(JobResult(tag, value, error, seconds, context))
                    try:
                        self.results_ready.emit()
                    except RuntimeError:  # the UI object is gone (window destroyed): nobody to tell
                        pass
                with self._idle:
                    self._outstanding -= 1
                    self._idle.notify_all()
        finally:
            self._close_storage()
            with self._idle:
                self._idle.notify_all()

    def _close_storage(self) -> None:
        storage, self._storage = self._storage, None
        if storage is not None:
            storage.close()
