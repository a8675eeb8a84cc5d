"""Text arriving from outside the open draft: a file from the command line, an import (as a new
draft or into the current one after a 导入前 version), or a whole-text replacement (restore)."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor

from core.storage import StorageError
from ui.drafts.autosave_worker import derive_title

READ_ONLY_STATUS = "只读：另一个窗口正在使用草稿库"


class IncomingText:
    """Mixin for DraftSession (uses its editor, worker and draft state)."""

    def accept_import(self, imported, as_new_draft: bool) -> None:
        """For MainWindow.accept_import: an imported file as a new draft or into this one."""
        self.import_text(imported.text, imported.title_guess or "", as_new_draft)

    def open_text_as_new_draft(self, text: str, title: str = "") -> int | None:
        """A file opened from the command line or imported as a new draft."""
        if not self._leave_current("打开新文件"):
            return None
        title = (title or derive_title(text))[:200]
        try:
            if self.read_only:
                raise StorageError(READ_ONLY_STATUS, "readonly")
            if self.worker is None and not self._retry_open():
                raise self.open_error
            new_id = self.call(self._creator(title, text, self.window.kind))
            draft = self.storage.get_draft(new_id)
        except StorageError as exc:
            self.new_draft()  # keep the text in the editor, unsaved
            if not self.read_only:
                self._failed = str(exc)
            self.window.set_text(text)
            return None
        self._load(draft)
        return new_id

    def import_text(self, text: str, title: str = "", as_new_draft: bool = False) -> int | None:
        """导入: as a new draft, or into the current one after a 导入前 version of it."""
        if as_new_draft or (self.draft_id is None and self.editor.document().isEmpty()):
            return self.open_text_as_new_draft(text, title)
        if self.read_only:
            self.replace_text(text)
            return None
        draft_id = self.ensure_draft()
        try:
            if draft_id is None:
                raise StorageError(self.failure, "other")
            self.call(lambda s: s.add_version(draft_id, "before_import"))
        except StorageError as exc:
            self.inform("导入失败", f"未能先保存当前草稿的版本，导入已取消：{exc}")
            return None
        self.replace_text(text)
        return draft_id

    def replace_text(self, text: str, saved: bool = False) -> None:
        """The whole text replaced as ONE undoable edit (Ctrl+Z brings the old text back)."""
        pos = self.editor.textCursor().position()
        self._loading = saved
        try:
            cur = QTextCursor(self.editor.document())
            cur.beginEditBlock()
            cur.select(QTextCursor.SelectionType.Document)
            cur.insertText(text)
            cur.endEditBlock()
        finally:
            self._loading = False
        cur = self.editor.textCursor()
        cur.setPosition(min(pos, self.editor.document().characterCount() - 1))
        self.editor.setTextCursor(cur)
        if saved:
            self._saved_rev = self._edit_rev
        self._update_status()
