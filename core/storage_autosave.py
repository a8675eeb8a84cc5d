"""UI-independent autosave bookkeeping: debounce, a maximum wait while typing continuously, and
the periodic 自动快照. No threads here: the UI calls `edited()` from the UI thread and
`save_if_due()` / `flush()` from a worker (the shared state is guarded by a lock)."""

from __future__ import annotations

import threading
import time

from core.storage import AUTO_SNAPSHOT_INTERVAL, Storage


class Autosaver:
    def __init__(self, storage: Storage, draft_id: int, *, delay: float = 2.0, max_wait: float = 10.0,
                 snapshot_interval: float = AUTO_SNAPSHOT_INTERVAL) -> None:
        self.storage = storage
        self.draft_id = draft_id
        self.delay = delay  # save this long after the last keystroke
        self.max_wait = max_wait  # ... but at least this often while typing without pause
        self.snapshot_interval = snapshot_interval
        self.saved_at: float | None = None  # for the status bar: "已保存 10:42"
        self._lock = threading.Lock()
        self._pending: tuple[str, int | None] | None = None
        self._first_edit = 0.0
        self._last_edit = 0.0

    @property
    def dirty(self) -> bool:
        with self._lock:
            return self._pending is not None

    def edited(self, body: str, cursor: int | None = None, now: float | None = None) -> None:
        now = time.time() if now is None else now
        with self._lock:
            if self._pending is None:
                self._first_edit = now
            self._pending = (body, cursor)
            self._last_edit = now

    def due(self, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        with self._lock:
            return self._pending is not None and (
                now - self._last_edit >= self.delay or now - self._first_edit >= self.max_wait)

    def save_if_due(self, now: float | None = None) -> bool:
        return self.flush(now) if self.due(now) else False

    def flush(self, now: float | None = None) -> bool:
        """Write the pending text now (also on close). Raises StorageError; the text stays
        pending then, so a later call retries."""
        now = time.time() if now is None else now
        with self._lock:
            pending = self._pending
            self._pending = None
        if pending is None:
            return False
        try:
            written = self.storage.update_draft_body(self.draft_id, pending[0], pending[1], now=now)
            self.storage.maybe_auto_snapshot(self.draft_id, now=now, interval=self.snapshot_interval)
        except Exception:
            with self._lock:
                if self._pending is None:  # keep newer edits made meanwhile
                    self._pending = pending
            raise
        self.saved_at = now
        return written
