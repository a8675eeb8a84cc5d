"""Drafts in the window (issue 7): one entry point, `install_drafts(window)`, called by MainWindow
after its menus are built. It opens the database (damaged file, second instance), adds the
文件 menu commands and the 草稿箱 dock, takes over MainWindow's draft hooks (report_created,
draft_meta, accept_import) and returns the DraftSession that autosaves."""

from __future__ import annotations

import errno
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction, QKeySequence

from core.analysis.ignores import IgnoreList
from core.common.atomic import atomic_write_text
from core.storage import Ignore, OpenResult, StorageError, acquire_instance_lock, open_storage_safely
from core.storage.errors import wrap
from ui.drafts.autosave_worker import place_to_row, row_to_place
from ui.drafts.session import DraftSession

__all__ = ["DraftSession", "TrackedIgnores", "install_drafts"]


class TrackedIgnores(IgnoreList):
    """window.ignores, kept with the open draft: every change is reported to the session, and the
    list converts to and from storage rows (rule, text, occurrence)."""

    def __init__(self, on_change: Callable[[str, Any], None]) -> None:
        super().__init__()
        self.on_change = on_change
        self.stored: set[tuple] = set()  # the rows as last stored for the open draft

    def ignore_place(self, f, text: str) -> None:
        super().ignore_place(f, text)
        self.on_change("place", self.place_key(f, text))

    def ignore_rule(self, rule_id: str) -> None:
        super().ignore_rule(rule_id)
        self.on_change("rule", rule_id)

    def clear(self) -> None:
        super().clear()
        self.on_change("clear", None)

    def load(self, rows: list[Ignore], body: str) -> None:
        """A draft was opened: its stored ignores, without reporting them as changes."""
        IgnoreList.clear(self)
        self.stored = set()
        for ig in rows:
            if ig.text is None:
                self.rules.add(ig.rule)
            elif ig.occurrence is not None and (key := row_to_place(body, ig.rule, ig.text, ig.occurrence)):
                self.places.add(key)
            else:
                continue
            self.stored.add((ig.rule, ig.text, ig.occurrence))

    def changed_rows(self, body: str) -> list[tuple] | None:
        """The rows for the current text (occurrences shift as the text changes); None if stored."""
        rows = {(rule, None, None) for rule in self.rules}
        rows |= {r for key in self.places if (r := place_to_row(body, key)) is not None}
        return None if rows == self.stored else sorted(rows, key=repr)


def install_drafts(window, **hooks) -> DraftSession:
    """Attach drafts to `window` (idempotent). `hooks` replace the session's dialogs
    (ask, inform, get_text, get_int), e.g. in tests."""
    existing = getattr(window, "drafts", None)
    if isinstance(existing, DraftSession):
        return existing
    session = DraftSession(window)
    for name, fn in hooks.items():
        setattr(session, name, fn)
    window.drafts = session
    window.ignores = TrackedIgnores(session._on_ignores_changed)
    _open_database(session)
    _add_actions(window, session)
    from ui.drafts.drafts_dock import add_drafts_dock

    session.dock = add_drafts_dock(window, session)
    from ui.drafts.last_year import LastYear

    window.last_year = LastYear(session)
    view = getattr(window, "view_menu", None)
    if view is not None:
        toolbar = getattr(window, "toolbar", None)
        before = toolbar.toggleViewAction() if toolbar is not None else None
        view.insertAction(before if before in view.actions() else None, session.dock.toggleViewAction())
    # MainWindow's documented override points for a draft session.
    window.draft_meta = session.draft_meta
    window.accept_import = session.accept_import
    session.start()
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, lambda: offer_first_start(session))  # after a FILE given at start was opened
    return session


SAMPLE_FILE = "demo_report.txt"


def offer_first_start(session: DraftSession) -> bool:
    """The very first start (no draft at all): offer 新建报告 or the sample report instead of an
    empty page full of red errors. Non-modal; True when offered."""
    if session.read_only or session.storage is None or session._closed or not session.is_blank:
        return False
    try:
        if session.storage.list_drafts(include_deleted=True):
            return False
    except StorageError:
        return False
    session.choose_start(lambda choice: _start_with(session, choice))
    return True


def _start_with(session: DraftSession, choice: str | None) -> None:
    if choice == "new":
        session.window.new_report()
    elif choice == "sample":
        from core.common.paths import resource_path

        text = resource_path(SAMPLE_FILE).read_text(encoding="utf-8")
        session.open_text_as_new_draft(text, "示例：" + (text.split("\n", 1)[0].strip() or "述职报告"))


def _open_database(session: DraftSession) -> None:
    data_dir = session.window.data_dir
    try:
        session.lock = acquire_instance_lock(data_dir)
        session.read_only = session.lock is None
    except OSError:
        session.lock = None  # cannot even create the lock file: opening will say why
    try:
        session.open_result = open_storage_safely(data_dir, read_only=session.read_only)
        session.storage = session.open_result.storage
    except StorageError as exc:
        session.open_error = exc
    except Exception as exc:  # never crash at start, whatever the storage layer throws
        session.open_error = wrap(exc) if isinstance(exc, OSError) else StorageError(f"草稿库无法打开：{exc}")
    if session.read_only:
        session.inform("草稿库只读", "另一个述职助手窗口正在使用草稿库。\n\n本窗口可以编辑和检查文字，"
                       "但不会保存草稿；请在原来的窗口中继续写作。")
    if session.open_result is not None and not session.read_only:
        from core.storage.opening import damage_not_offered, offer_shown

        result = session.open_result if session.open_result.damaged else damage_not_offered(session.storage)
        if result is not None:
            offer_shown(session.storage)  # asked once, in this window
            _offer_backup(session, result)
    if session.open_error is not None:
        session.inform("无法打开草稿库", f"{session.open_error}\n\n可以继续编辑，文字保留在窗口中，但暂时不会"
                       "自动保存；请用“文件 → 另存为文本…”把文字保存到可以写入的位置（如“文档”文件夹）。"
                       "问题解决后，下一次修改时会自动重试。")
        session._failed = str(session.open_error)


def _offer_backup(session: DraftSession, result: OpenResult) -> None:
    if result.backup is None:
        session.inform("草稿库已损坏", result.message)
        return
    if not session.ask("草稿库已损坏", result.message + "\n\n是否现在从最新的备份恢复草稿？"):
        return
    try:
        session.storage.restore_from_backup(result.backup)
    except StorageError as exc:
        session.inform("恢复失败", str(exc))
    else:
        session.inform("已恢复", f"已从备份“{result.backup.name}”恢复草稿。")


def _add_actions(window, session: DraftSession) -> None:
    def action(text: str, slot, shortcut=None, tip: str = "") -> QAction:
        act = QAction(text, window)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.setStatusTip(tip)
        act.triggered.connect(slot)
        return act

    session.act_new_blank = action("新建空白草稿(&B)", session.new_draft, "Ctrl+Shift+N",
                                   "不用模板，新建一份空白草稿（当前草稿已自动保存）")
    session.act_drafts = action("打开草稿箱(&D)", lambda: toggle_dock(session), "Ctrl+Shift+O", "显示或隐藏草稿箱")
    session.act_save_version = action("保存版本(&S)", session.save_version, QKeySequence.StandardKey.Save,
                                      "保存草稿并记下一个“手动保存”版本")
    session.act_versions = action("历史版本(&V)…", lambda: show_versions(session), tip="查看、比较、恢复历史版本")
    session.act_properties = action("草稿属性(&I)…", lambda: show_properties(session), tip="标题、单位、述职人、年度、报告类型")
    session.act_save_as = action("另存为文本(&A)…", lambda: save_text_as(session), "Ctrl+Shift+S",
                                 "把编辑区的文字另存为文本文件（草稿库无法保存时尤其有用）")
    session.act_duplicate = action("以此为底稿新建(&Y)…", lambda: duplicate_current(session),
                                   tip="复制当前草稿作为新一年度的底稿（并把它设为新草稿的上年度报告）")
    session.act_last_year = action("选择上年度报告(&L)…", lambda: window.last_year.choose(),
                                   tip="选择上年度的述职报告，逐条核对其中问题的整改交代")
    menu = window.file_menu
    before = getattr(window, "act_quit", None)
    if before is None or before not in menu.actions():
        before = next((a for a in menu.actions() if a.text().startswith("退出")), None)
    # Just after the separator that precedes 退出: 新建, ─, [ours], ─, 退出.
    new_report = getattr(window, "act_new", None)
    if new_report is not None and new_report in menu.actions():
        following = menu.actions()[menu.actions().index(new_report) + 1:]
        menu.insertAction(following[0] if following else None, session.act_new_blank)
    for act in (session.act_drafts, session.act_save_version, session.act_versions, session.act_properties,
                session.act_duplicate, session.act_last_year, session.act_save_as):
        menu.insertAction(before, act)
    menu.insertSeparator(before)


def toggle_dock(session: DraftSession) -> None:
    dock = session.dock
    if dock.isVisible() and not dock.visibleRegion().isEmpty():
        dock.hide()
        return
    dock.show()
    dock.raise_()
    dock.widget().search.setFocus()


def show_versions(session: DraftSession):
    from ui.drafts.versions_dialog import VersionsDialog

    if session.is_blank or session.ensure_draft() is None:
        session.inform("历史版本", "当前文本还没有保存为草稿，没有历史版本。")
        return None
    dialog = VersionsDialog(session, session.window)
    dialog.show()
    return dialog


def show_properties(session: DraftSession, draft_id: int | None = None):
    from ui.drafts.properties_dialog import PropertiesDialog

    dialog = PropertiesDialog(session, draft_id, session.window)
    dialog.open()
    return dialog


def duplicate_current(session: DraftSession) -> int | None:
    from ui.drafts.drafts_dock import duplicate_draft

    draft_id = None if session.is_blank else session.ensure_draft()
    if draft_id is None:
        why = "编辑区是空的。" if session.is_blank else f"当前草稿未能保存：{session.failure}"
        session.inform("以此为底稿新建", why)
        return None
    return duplicate_draft(session, draft_id, session.meta.get("year") or time.localtime().tm_year - 1)


def save_text_as(session: DraftSession, path: str | None = None) -> bool:
    """另存为文本…: the editor's text to a .txt the user chooses (default: 文档), whatever the state
    of the drafts database, so a read-only data folder never traps the words."""
    if path is None:
        from PySide6.QtCore import QStandardPaths
        from PySide6.QtWidgets import QFileDialog

        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = (session.meta.get("title") or "未命名草稿").replace("/", "／").replace("\\", "＼")
        path, _ = QFileDialog.getSaveFileName(session.window, "另存为文本", f"{folder}/{name}.txt", "文本文件 (*.txt)")
        if not path:
            return False
    try:
        atomic_write_text(Path(path), session.editor.toPlainText())
    except OSError as exc:
        why = {errno.EROFS: "该位置在只读的磁盘上", errno.ENOSPC: "磁盘空间不足", errno.EACCES: "没有写入权限",
               errno.ENAMETOOLONG: "文件名或路径太长"}.get(exc.errno, exc.strerror or str(exc))
        session.inform("另存为失败", f"无法保存到“{path}”：{why}。文字仍在窗口中，请选择其他位置。")
        return False
    session.window.statusBar().showMessage(f"已另存为“{path}”", 6000)
    return True
