"""DraftSession: the editor always edits a stored draft. Opens the database (damage, second
instance), autosaves in the worker thread, keeps the status bar and window title current, and
carries out the draft commands of the menus, the 草稿箱 and the dialogs.

Message boxes come from Prompts (ui/drafts/prompts.py), text from outside (files, imports,
restores) from IncomingText (ui/drafts/incoming.py)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from core.storage import (
    Draft,
    OpenResult,
    Storage,
    StorageError,
    open_storage_safely,
)
from core.storage.db import AUTO_SNAPSHOT_INTERVAL
from ui.drafts.autosave_worker import (
    LAST_DRAFT,
    StorageWorker,
    create_job,
    derive_title,
    leave_job,
    place_to_row,
    save_job,
    year_of,
)
from ui.drafts.incoming import READ_ONLY_STATUS, IncomingText
from ui.drafts.prompts import Prompts

APP_TITLE = "述职助手"
UNTITLED = "未命名草稿"


def clock(ts: float) -> str:
    t = time.localtime(ts)
    if t[:3] == time.localtime()[:3]:
        return time.strftime("%H:%M", t)
    return f"{t.tm_mon}月{t.tm_mday}日 {t.tm_hour:02d}:{t.tm_min:02d}"


class DraftSession(Prompts, IncomingText, QObject):
    drafts_changed = Signal()  # the list in the 草稿箱 may have changed
    draft_opened = Signal(int)
    saved = Signal(int)  # draft id, after a body save succeeded (only its row changed)
    save_failed = Signal(str)

    # A kill -9 loses at most max_wait_ms (+ one save, ~10–20 ms in the worker) of typing:
    # typing without pause is saved this often, a pause sooner.
    delay_ms = 1000  # autosave this long after the last edit
    max_wait_ms = 1500  # ... and at least this often while typing without pause
    snapshot_interval = AUTO_SNAPSHOT_INTERVAL

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.editor = window.editor
        self.storage: Storage | None = None
        self.worker: StorageWorker | None = None
        self.lock = None
        self.open_result: OpenResult | None = None
        self.open_error: StorageError | None = None
        self.read_only = False
        self.draft_id: int | None = None
        self.meta: dict[str, Any] = self._blank_meta()
        self.saved_at: float | None = None
        self.save_seconds: list[float] = []  # worker time of each body save (for the bench)
        self._auto_title = True
        self._edit_rev = 0
        self._saved_rev = 0
        self._saving = 0  # body writes in flight
        self._resave = False
        self._failed: str | None = None
        self._loading = False
        self._closed = False
        self._expect_text: str | None = None  # text the window is about to show for a new draft
        self._status = self._title = ""
        self._debounce = self._timer()
        self._max_wait = self._timer()
        self.dock = None  # set by install_drafts, like the act_* menu actions
        self.closing_jobs: list[Callable[[Storage], Any]] = []  # run in the worker at close (backup)

    def _timer(self) -> QTimer:
        t = QTimer(self)
        t.setSingleShot(True)
        t.timeout.connect(self._autosave)
        return t

    def _blank_meta(self) -> dict[str, Any]:
        return {"title": "", "kind": self.window.kind, "year": None, "unit": "", "author": ""}

    # ---- start and stop (the database is opened by install_drafts) ----------------------
    def start(self) -> None:
        self.editor.textChanged.connect(self._on_text_changed)
        # Deferred: 新建报告 sets the kind just before the new draft exists (see report_created).
        self.window.kind_combo.currentIndexChanged.connect(lambda _i: QTimer.singleShot(0, self._on_kind_changed))
        self.window.report_created.connect(self._on_report_created)
        self.window.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)
        if self.storage is not None:
            self._start_worker()
            self._reopen_last()
        self._update_status()

    def _start_worker(self) -> None:
        self.worker = StorageWorker(self.storage.path, read_only=self.read_only, parent=self)
        self.worker.results_ready.connect(self._process_results)
        self.worker.start()
        if not self.read_only:  # in the worker: listing and copying the database waits for no one
            self.worker.submit(lambda s: s.list_drafts(include_deleted=True) and s.daily_backup(), "backup")

    def _retry_open(self) -> bool:
        """After a failed start (read-only folder…): try again when the user edits."""
        try:
            self.open_result = open_storage_safely(self.window.data_dir)
        except StorageError as exc:
            self.open_error = exc
            self._failed = str(exc)
            return False
        self.storage, self.open_error = self.open_result.storage, None
        self._start_worker()
        return True

    def _reopen_last(self) -> None:
        try:
            last = self.storage.get_setting(LAST_DRAFT)
            draft = self.storage.get_draft(int(last)) if isinstance(last, int) else None
        except StorageError:
            draft = None
        if draft is not None and draft.deleted is None:
            self._load(draft)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Close and not self._closed:
            if not self._leave_current("关闭窗口"):
                event.ignore()
                return True
            # Let MainWindow.closeEvent run now: shut down only if it really closes.
            obj.event(event)
            if event.isAccepted():
                self.close(flush=False)
            return True
        return False

    def close(self, flush: bool = True) -> None:
        """Flush (synchronously), stop the worker, release the database and the lock."""
        if self._closed:
            return
        if flush:
            self._leave_current(None)
        self._closed = True
        self._debounce.stop()
        self._max_wait.stop()
        if self.worker is not None and not self.read_only:
            for job in self.closing_jobs:
                try:
                    self.worker.call(job, timeout=20.0)
                except StorageError:
                    pass  # a failed close-time backup must never keep the window open
        if self.worker is not None:
            self.worker.stop()
            self._process_results()
        if self.storage is not None:
            self.storage.close()
        if self.lock is not None:
            self.lock.release()

    # ---- state shown to the user --------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self._edit_rev != self._saved_rev

    @property
    def is_blank(self) -> bool:
        """No draft yet and nothing typed: commands don't create empty drafts."""
        return self.draft_id is None and self.editor.document().isEmpty()

    @property
    def failure(self) -> str:
        return self._failed or (READ_ONLY_STATUS if self.read_only else "草稿库未打开")

    @property
    def title(self) -> str:
        return self.meta["title"] or UNTITLED

    @property
    def status_text(self) -> str:
        if self.read_only:
            return READ_ONLY_STATUS
        if self._failed:
            return f"保存失败：{self._failed}"
        if self._saving:
            return "正在保存…"
        if self.dirty:
            return "有未保存的修改"
        if self.draft_id is None:
            return "新草稿"
        return f"已保存 {clock(self.saved_at)}" if self.saved_at else "已保存"

    def _update_status(self) -> None:
        status = self.status_text
        if status != self._status:
            self._status = status
            self.window.save_label.setText(status)
        title = f"{APP_TITLE} — {self.title}" + (" *" if self.dirty else "")
        if title != self._title:
            self._title = title
            self.window.setWindowTitle(title)

    # ---- editing and autosave -----------------------------------------------------------
    def _on_text_changed(self) -> None:
        if self._loading or self._closed:
            return
        was_dirty = self.dirty
        self._edit_rev += 1
        if self._expect_text is not None:
            expected, self._expect_text = self._expect_text, None
            if self.editor.toPlainText() == expected:  # the new draft's text, already stored
                self._saved_rev = self._edit_rev
                self._update_status()
                return
        if self.draft_id is None and self.editor.document().isEmpty():
            self._saved_rev = self._edit_rev  # nothing worth a draft yet
        elif not self.read_only:
            self._debounce.start(self.delay_ms)
            if not self._max_wait.isActive():
                self._max_wait.start(self.max_wait_ms)
        if was_dirty != self.dirty:
            self._update_status()

    def _autosave(self) -> None:
        self._debounce.stop()
        self._max_wait.stop()
        if not self.dirty or self.read_only or self._closed:
            return
        if self.worker is None and not self._retry_open():
            self._update_status()
            return
        if self._saving:
            self._resave = True  # one write at a time; the newest text follows
            return
        job, ctx = self._save_job()
        self._saving += 1
        self.worker.submit(job, "save", **ctx)
        self._update_status()

    def _save_job(self) -> tuple[Callable[[Storage], int], dict]:
        text = self.editor.toPlainText()
        cursor = self.editor.textCursor().position()
        draft_id, kind, interval = self.draft_id, self.meta["kind"], self.snapshot_interval
        fields: dict[str, Any] = {}
        if self._auto_title and (new_title := derive_title(text)) != self.meta["title"]:
            fields["title"] = new_title
            if self.meta["year"] is None and year_of(new_title):
                fields["year"] = year_of(new_title)

        job = save_job(draft_id, text, cursor, kind, fields, interval)
        return job, {"rev": self._edit_rev, "draft_id": draft_id, "fields": fields}

    def _process_results(self) -> None:
        if self.worker is None:
            return
        for r in self.worker.drain():
            if r.tag in ("save", "version"):
                self._on_saved(r.context, r.value, r.error, r.seconds)
                if r.tag == "version" and r.error is None:
                    self.window.statusBar().showMessage(f"已保存版本（手动保存）{clock(time.time())}", 5000)
            elif r.error is not None and r.tag != "backup":
                self.window.statusBar().showMessage(str(r.error), 8000)

    def _on_saved(self, ctx: dict, value, error: StorageError | None, seconds: float) -> None:
        self._saving = max(0, self._saving - 1)
        if error is not None:
            self._failed = str(error)
            self._resave = False  # the next edit retries
            if error.kind == "missing" and ctx["draft_id"] is not None and ctx["draft_id"] == self.draft_id:
                self.draft_id = None  # deleted meanwhile: the next save files the text anew
            self._update_status()
            self.save_failed.emit(self._failed)
            return
        self._failed = None
        created = ctx["draft_id"] is None and self.draft_id is None
        if created:
            self.draft_id = value
        if ctx["draft_id"] in (None, self.draft_id):
            self.meta.update(ctx.get("fields", {}))
            self._saved_rev = max(self._saved_rev, ctx["rev"])
        self.saved_at = time.time()
        if seconds:  # a save in the worker (a synchronous flush reports 0)
            self.save_seconds.append(seconds)
        if self._resave and self.dirty:
            self._resave = False
            self._autosave()
        self._update_status()
        if created or ctx.get("fields"):
            self.drafts_changed.emit()  # a new row or a new title: rebuild the list
        else:
            self.saved.emit(value)  # only this row's time changed

    def flush(self) -> bool:
        """Save now, synchronously (close, switching drafts). True when nothing is unsaved."""
        self._debounce.stop()
        self._max_wait.stop()
        if self.read_only or self._closed:
            return not self.dirty
        if self.worker is None and (not self.dirty or not self._retry_open()):
            self._update_status()
            return not self.dirty
        self.worker.wait_idle()
        self._process_results()
        if not self.dirty:
            return True
        job, ctx = self._save_job()
        self._saving += 1
        try:
            value = self.worker.call(job)
        except StorageError as exc:
            self._on_saved(ctx, None, exc, 0.0)
            return False
        self._on_saved(ctx, value, None, 0.0)
        return not self.dirty

    def _leave_current(self, action: str | None) -> bool:
        """Before switching drafts or closing: flush, store cursor and ignores. If the text could
        not be saved, ask whether to go on (`action` None: don't ask)."""
        ok = self.flush()
        if ok and self.draft_id is not None and self.worker is not None and not self.read_only:
            ignores = self.window.ignores
            rows = ignores.changed_rows(self.editor.toPlainText() if ignores.places else "")
            try:
                self.worker.call(leave_job(self.draft_id, self.editor.textCursor().position(), rows))
                if rows is not None:
                    ignores.stored = set(rows)
            except StorageError:
                pass  # the text is saved; only the cursor position is lost
        if ok or action is None:
            return True
        if self.read_only:
            why = "本窗口是只读的，修改没有保存。"
        else:
            reason = (self._failed or "未知原因").rstrip("。")  # the reason is a sentence: no "。。"
            why = (f"当前草稿未能保存：{reason}。\n"
                   "可以选“否”，再用“文件 → 另存为文本…”把文字保存到其他位置。")
        return self.ask("未保存的修改", f"{why}\n\n继续{action}将丢失这些修改。仍要继续吗？")

    def ensure_draft(self) -> int | None:
        """The current draft's id, saved and created if needed (None: cannot save)."""
        if self.read_only or (self.worker is None and not self._retry_open()):
            return None
        if self.draft_id is None and not self.dirty:
            try:  # an empty new draft: create it now (e.g. for 草稿属性)
                self.draft_id = self.call(self._creator("", ""))
                self.saved_at = time.time()
            except StorageError as exc:
                self._failed = str(exc)
        ok = self.flush()
        self._update_status()
        return self.draft_id if ok else None

    def _creator(self, title: str, body: str, kind: str | None = None) -> Callable[[Storage], int]:
        return create_job(title, body, kind or self.meta["kind"], year=year_of(title))

    def call(self, fn: Callable[[Storage], Any]) -> Any:
        """Run a storage command in the worker and wait (raises StorageError)."""
        if self.worker is None:
            raise self.open_error or StorageError("草稿库未打开。", "other")
        return self.worker.call(fn)

    def reload_after_restore(self) -> None:
        """The database was replaced by a backup (从备份恢复…): forget the open draft without saving
        it (it was flushed and copied aside before), then open the restored last draft."""
        self._debounce.stop()
        self._max_wait.stop()
        self.draft_id = None
        self._saved_rev = self._edit_rev
        self._reopen_last()
        if self.draft_id is None:
            self._start_blank()
        self.drafts_changed.emit()

    # ---- opening drafts -----------------------------------------------------------------
    def _load(self, draft: Draft) -> None:
        self._loading = True
        try:
            self.draft_id = draft.id
            self.meta = {k: getattr(draft, k) for k in ("title", "kind", "year", "unit", "author")}
            self._auto_title = not draft.title or draft.title == derive_title(draft.body)
            self.window.set_kind(draft.kind)
            self._restore_ignores(draft.id, draft.body)
            self.window.set_text(draft.body)
            cur = self.editor.textCursor()
            cur.setPosition(max(0, min(draft.cursor, self.editor.document().characterCount() - 1)))
            self.editor.setTextCursor(cur)
            self.editor.centerCursor()
        finally:
            self._loading = False
        self._saved_rev = self._edit_rev
        self._failed = None
        self.saved_at = draft.updated
        self.window.request_analysis(immediate=True)
        self._update_status()
        self.draft_opened.emit(draft.id)
        self.drafts_changed.emit()

    def open_draft(self, draft_id: int) -> bool:
        if draft_id == self.draft_id:
            return True
        if self.storage is None or not self._leave_current("打开其他草稿"):
            return False
        try:
            draft = self.storage.get_draft(draft_id)
        except StorageError as exc:
            self.inform("无法打开草稿", str(exc))
            return False
        if draft is None or draft.deleted is not None:
            self.inform("无法打开草稿", "这份草稿已被删除。")
            return False
        self._load(draft)
        if not self.read_only and self.worker is not None:
            self.worker.submit(lambda s: s.set_setting(LAST_DRAFT, draft_id), "bg")
        return True

    def new_draft(self) -> None:
        """An empty new draft (created on the first edit); the current one is kept."""
        if not self._leave_current("新建"):
            return
        self._start_blank()

    def _start_blank(self) -> None:
        """An empty page in the editor (not an edit of the user's) that becomes a draft on the first edit."""
        self._loading = True
        try:
            self.window.new_document()
        finally:
            self._loading = False
        self._begin_new_draft()

    def _begin_new_draft(self) -> None:
        self.draft_id = None
        self.meta = self._blank_meta()
        self._auto_title = True
        self.window.ignores.stored = set()
        self._saved_rev = self._edit_rev
        self.saved_at = None
        self._update_status()
        self.drafts_changed.emit()

    def _on_report_created(self, text: str, meta: dict) -> None:
        """新建报告 (the wizard): the skeleton becomes a new draft; the window shows it next."""
        if not self._leave_current(None):
            self.inform("未保存的修改", f"原来的草稿未能保存：{self.failure}")
        self._begin_new_draft()
        title, kind = derive_title(text), meta.get("kind") or self.window.kind
        fields = {k: meta[k] for k in ("unit", "author", "year") if meta.get(k)}
        if self.read_only or (self.worker is None and not self._retry_open()):
            return  # the text arrives as an unsaved edit

        try:
            self.draft_id = self.call(create_job(title, text, kind, **fields))
        except StorageError as exc:
            self._failed = str(exc)
            return
        self.meta.update(title=title, kind=kind, **fields)
        self.saved_at = time.time()
        self._expect_text = text
        self.drafts_changed.emit()

    def draft_meta(self) -> dict:
        """For MainWindow.draft_meta (export): title, year, unit, author of the open draft."""
        return {k: self.meta[k] for k in ("title", "year", "unit", "author") if self.meta.get(k)}

    # ---- commands -----------------------------------------------------------------------
    def save_version(self) -> None:
        """Ctrl+S: save the text and take a 手动保存 version (in the worker)."""
        if self.read_only:
            self.inform("无法保存版本", READ_ONLY_STATUS + "。")
            return
        if self.is_blank:
            self.window.statusBar().showMessage("编辑区是空的，没有需要保存的内容。", 4000)
            return
        draft_id = self.draft_id if self.draft_id is not None else self.ensure_draft()
        if draft_id is None or self.worker is None:
            self.inform("无法保存版本", f"草稿未能保存：{self.failure}")
            return
        self._debounce.stop()
        self._max_wait.stop()
        text = self.editor.toPlainText()

        def job(s: Storage) -> int:
            s.add_version(draft_id, "manual", body=text)
            return draft_id

        self._saving += 1
        self.worker.submit(job, "version", rev=self._edit_rev, draft_id=draft_id)
        self._update_status()

    def set_properties(self, draft_id: int | None = None, **fields: Any) -> bool:
        """草稿属性 / 重命名 (title, unit, author, year, kind) of the current or another draft."""
        current = draft_id is None or draft_id == self.draft_id
        draft_id = self.ensure_draft() if current else draft_id
        try:
            if draft_id is None:
                raise StorageError(f"草稿未能保存：{self.failure}", "other")
            self.call(lambda s: s.update_draft_meta(draft_id, **fields))
        except StorageError as exc:
            self.inform("无法保存草稿属性", str(exc))
            return False
        if current:
            self.meta.update(fields)
            self._auto_title = self._auto_title and "title" not in fields
            if "kind" in fields:
                self.window.set_kind(fields["kind"])
            self._update_status()
        self.drafts_changed.emit()
        return True

    def forget_current(self) -> None:
        """The open draft was deleted: keep nothing pending for it, start a new one."""
        self._saved_rev = self._edit_rev
        self.draft_id = None
        self.new_draft()

    # ---- kind and ignored findings ------------------------------------------------------
    def _on_kind_changed(self) -> None:
        kind = self.window.kind
        if self._loading or self._closed or kind == self.meta["kind"]:
            return
        self.meta["kind"] = kind
        if self.draft_id is not None and self.worker is not None and not self.read_only:
            draft_id = self.draft_id
            self.worker.submit(lambda s: s.update_draft_meta(draft_id, kind=kind), "bg")

    def _on_ignores_changed(self, what: str, payload) -> None:
        """忽略此处 / 忽略此规则 / 恢复已忽略的问题 (window.ignores is a TrackedIgnores)."""
        if self._loading or self.read_only or self._expect_text is not None:
            return
        draft_id = self.ensure_draft()
        if draft_id is None:
            return
        stored = self.window.ignores.stored
        if what == "clear":
            stored.clear()
            self.worker.submit(lambda s: s.clear_ignores(draft_id), "bg")
            return
        row = (payload, None, None) if what == "rule" else place_to_row(self.editor.toPlainText(), payload)
        if row is None or row in stored:
            return  # not found in the current text: stored with the next flush
        stored.add(row)
        self.worker.submit(lambda s: s.add_ignore(draft_id, *row), "bg")

    def _restore_ignores(self, draft_id: int, body: str) -> None:
        try:
            rows = self.storage.list_ignores(draft_id)
        except StorageError:
            rows = []
        self.window.ignores.load(rows, body)
