"""Backups in the window: one every hour while it runs and one when it closes (core/storage/backups.py,
besides the daily one made at start), and 文件 → 从备份恢复…, which lists every backup (time, kind,
size, number of drafts) and restores one safely: the open draft is saved, the current database is
copied aside (恢复前) by Storage.restore_from_backup, the user confirms, and the drafts list and
editor reload without a restart."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from core.storage import StorageError
from core.storage.backups import (
    CLOSE_KEPT,
    HOURLY_KEPT,
    BackupInfo,
    close_backup,
    hourly_backup,
    list_backup_infos,
)

HOUR_MS = 3600 * 1000
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def size_text(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def when_text(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


def install_backups(session, interval_ms: int = HOUR_MS) -> QAction:
    """Hourly and on-close backups in the storage worker, and the 从备份恢复… command."""
    window = session.window
    if not session.read_only:
        session.closing_jobs.append(lambda s: close_backup(s))
        timer = QTimer(session)
        timer.setInterval(interval_ms)
        timer.timeout.connect(lambda: backup_now(session))
        timer.start()
        session.backup_timer = timer
    act = QAction("从备份恢复(&R)…", window)
    act.setStatusTip(f"列出自动备份（每小时保留 {HOURLY_KEPT} 份、关闭时 {CLOSE_KEPT} 份、每日 7 份），选择一份恢复")
    act.triggered.connect(lambda: show_restore(session))
    menu = window.file_menu
    actions = menu.actions()
    profile, quit_act = getattr(window, "act_profile", None), getattr(window, "act_quit", None)
    if profile in actions and actions.index(profile) + 1 < len(actions):  # just after 个人信息…
        menu.insertAction(actions[actions.index(profile) + 1], act)
    else:
        menu.insertAction(quit_act if quit_act in actions else None, act)
    session.act_restore_backup = act
    return act


def backup_now(session) -> None:
    """The hourly copy, queued in the storage worker (never on the UI thread)."""
    if session.worker is None or session.read_only or session._closed:
        return
    session.worker.submit(lambda s: hourly_backup(s), "backup")


def show_restore(session) -> RestoreDialog:
    dialog = RestoreDialog(session, session.window)
    dialog.open()
    return dialog


class RestoreDialog(QDialog):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("从备份恢复")
        self.resize(640, 420)
        self.ask = session.ask  # overridable in tests, like the session's own prompts
        self.hint = QLabel("自动备份：启动时每天一份（保留 7 份），运行时每小时一份（保留 "
                           f"{HOURLY_KEPT} 份），关闭窗口时一份（保留 {CLOSE_KEPT} 份）。恢复前，当前的草稿库"
                           "会先另存为一份“恢复前”备份，恢复后可以再恢复回来。")
        self.hint.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["备份时间", "类型", "大小", "草稿数"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.itemDoubleClicked.connect(lambda _item, _col: self.restore_selected())
        self.tree.currentItemChanged.connect(lambda *_: self._sync())
        buttons = QDialogButtonBox(self)
        self.restore_btn = QPushButton("恢复所选备份…")
        self.restore_btn.setAutoDefault(False)
        self.restore_btn.clicked.connect(self.restore_selected)
        buttons.addButton(self.restore_btn, QDialogButtonBox.ButtonRole.ActionRole)
        folder_btn = QPushButton("打开备份文件夹")
        folder_btn.setAutoDefault(False)
        folder_btn.clicked.connect(self.open_folder)
        buttons.addButton(folder_btn, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        self.infos = list_backup_infos(self.session.window.data_dir)
        for info in self.infos:
            drafts = f"{info.drafts} 份" if info.usable else "无法读取"
            item = QTreeWidgetItem([when_text(info.created), info.kind, size_text(info.size), drafts])
            item.setData(0, PATH_ROLE, str(info.path))
            item.setToolTip(0, str(info.path))
            for col in (2, 3):
                item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if not info.usable:
                item.setDisabled(True)
            self.tree.addTopLevelItem(item)
        if not self.infos:
            self.hint.setText(self.hint.text() + "\n\n还没有任何备份。")
        first = next((self.tree.topLevelItem(i) for i, b in enumerate(self.infos) if b.usable), None)
        if first is not None:
            self.tree.setCurrentItem(first)
        self._sync()

    def open_folder(self) -> bool:
        """The backups folder in Explorer / the file manager (e.g. to copy one to a USB stick)."""
        from ui.file_actions import open_folder

        folder = self.session.window.data_dir / "backups"
        if open_folder(folder):
            return True
        self.session.inform("无法打开文件夹", f"系统没有可用的文件管理器来打开这个文件夹。备份在：\n{folder}")
        return False

    def selected(self) -> BackupInfo | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        return next((b for b in self.infos if str(b.path) == item.data(0, PATH_ROLE)), None)

    def _sync(self) -> None:
        info = self.selected()
        self.restore_btn.setEnabled(info is not None and info.usable and not self.session.read_only
                                    and self.session.storage is not None)

    def restore_selected(self) -> bool:
        info = self.selected()
        s = self.session
        if info is None or not info.usable:
            return False
        if s.read_only or s.storage is None:
            s.inform("无法恢复", f"草稿库现在不能写入（{s.failure}），不能恢复备份。")
            return False
        if not self.ask("从备份恢复", f"用 {when_text(info.created)} 的备份（{info.kind}，{info.drafts} 份草稿）"
                        "替换现在的全部草稿？\n\n现在的草稿库会先另存为一份“恢复前”备份，需要时可以再恢复回来。"):
            return False
        if not s.flush():  # the open draft's last words must be in the 恢复前 copy
            s.inform("无法恢复", f"当前草稿未能保存（{s.failure}）。为了不丢失文字，没有恢复备份；"
                     "可以先用“文件 → 另存为文本…”保存文字。")
            return False
        s._leave_current(None)  # its cursor and ignored findings too
        try:
            saved = s.call(lambda st: st.restore_from_backup(info.path))
        except StorageError as exc:
            s.inform("恢复失败", f"{exc}\n\n现在的草稿没有改动。")
            return False
        s.reload_after_restore()
        where = f"原来的草稿已另存为“{saved.name}”。" if saved is not None else ""
        s.window.statusBar().showMessage(f"已从 {when_text(info.created)} 的备份恢复草稿。{where}", 10000)
        self.refresh()
        return True
