"""历史版本: the versions of the open draft, a preview of how each differs from the current text,
and 恢复此版本."""

from __future__ import annotations

import difflib
import html
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.storage import StorageError
from ui.drafts.session import READ_ONLY_STATUS, DraftSession

ID_ROLE = Qt.ItemDataRole.UserRole + 1
DEL = '<span style="color:#c5221f;background:#fde7e9;text-decoration:line-through">{}</span>'
INS = '<span style="color:#137333;background:#e6f4ea">{}</span>'
CONTEXT = 1  # unchanged paragraphs shown around each change
CHAR_DIFF_LIMIT = 4000  # longer changed paragraphs are shown whole (character diff is quadratic)
LEGEND = (f"与当前文本相比：{DEL.format('红色删除线')} 是当前有、此版本没有的文字；"
          f"{INS.format('绿色')} 是此版本有、当前没有的文字（恢复后将是这样）。")


def _para(inner: str) -> str:
    return f'<p style="margin:0 0 6px 0">{inner or "&nbsp;"}</p>'


def _char_diff(a: str, b: str) -> str:
    if len(a) + len(b) > CHAR_DIFF_LIMIT:
        return _para(DEL.format(html.escape(a))) + _para(INS.format(html.escape(b)))
    out = []
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            out.append(html.escape(a[i1:i2]))
            continue
        if i2 > i1:
            out.append(DEL.format(html.escape(a[i1:i2])))
        if j2 > j1:
            out.append(INS.format(html.escape(b[j1:j2])))
    return _para("".join(out))


def diff_html(current: str, version: str) -> str:
    """Paragraph-level diff first (fast on 50 000 characters), then characters inside changed
    paragraph pairs; long unchanged stretches are collapsed."""
    a, b = current.split("\n"), version.split("\n")
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    opcodes = sm.get_opcodes()
    if len(opcodes) == 1 and opcodes[0][0] == "equal":
        return "<p>此版本与当前文本相同。</p>"
    out = [f'<p style="color:#555">{LEGEND}</p><hr>']
    last = len(opcodes) - 1
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            head = a[i1:i1 + CONTEXT] if n > 0 else []
            tail = a[max(i1 + len(head), i2 - CONTEXT):i2] if n < last else []
            out += [_para(html.escape(p)) for p in head]
            hidden = (i2 - i1) - len(head) - len(tail)
            if hidden > 0:
                out.append(f'<p style="color:#999;margin:4px 0">…… 省略 {hidden} 段相同内容 ……</p>')
            out += [_para(html.escape(p)) for p in tail]
        elif tag == "delete":
            out += [_para(DEL.format(html.escape(p))) for p in a[i1:i2]]
        elif tag == "insert":
            out += [_para(INS.format(html.escape(p))) for p in b[j1:j2]]
        else:
            old, new = a[i1:i2], b[j1:j2]
            for k in range(max(len(old), len(new))):
                if k < len(old) and k < len(new):
                    out.append(_char_diff(old[k], new[k]))
                elif k < len(old):
                    out.append(_para(DEL.format(html.escape(old[k]))))
                else:
                    out.append(_para(INS.format(html.escape(new[k]))))
    return "".join(out)


def restore_version(session: DraftSession, version_id: int) -> bool:
    """Storage takes the 恢复前 snapshot and puts the version back; the editor gets the old text
    as ONE undoable edit (Ctrl+Z returns to the text before restoring), already saved."""
    if session.read_only:
        session.inform("无法恢复", READ_ONLY_STATUS + "。")
        return False
    if not session.flush():
        session.inform("无法恢复", f"当前文本未能保存：{session.failure}")
        return False
    try:
        session.call(lambda s: s.restore_version(version_id))
        version = session.storage.get_version(version_id)
    except StorageError as exc:
        session.inform("无法恢复", str(exc))
        return False
    session.replace_text(version.body, saved=True)
    session.saved_at = time.time()
    session.drafts_changed.emit()
    return True


class VersionsDialog(QDialog):
    def __init__(self, session: DraftSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(f"历史版本 — {session.title}")
        self.list = QTreeWidget(self)
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels(["时间", "类型", "字数"])
        self.list.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.preview = QTextBrowser(self)
        self.preview.setOpenLinks(False)
        self.summary = QLabel(self)
        left = QWidget(self)
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.list)
        box.addWidget(self.summary)
        split = QSplitter(self)
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setSizes([260, 640])
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton("恢复此版本", QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        row = QHBoxLayout()
        row.addWidget(buttons)
        layout.addLayout(row)
        self.list.currentItemChanged.connect(lambda _cur, _prev: self.show_selected())
        self.resize(960, 620)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        draft_id, storage = self.session.draft_id, self.session.storage
        versions = storage.list_versions(draft_id) if draft_id is not None and storage is not None else []
        for v in versions:
            item = QTreeWidgetItem([time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(v.created)),
                                    v.reason_label, f"{v.chars} 字"])
            item.setData(0, ID_ROLE, v.id)
            self.list.addTopLevelItem(item)
        self.summary.setText(f"共 {len(versions)} 个版本" if versions else
                             "还没有历史版本：按 Ctrl+S 保存一个版本；编辑时每 10 分钟自动保存一个快照。")
        if versions:
            self.list.setCurrentItem(self.list.topLevelItem(0))
        else:
            self.preview.clear()
        self.restore_button.setEnabled(bool(versions) and not self.session.read_only)

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def show_selected(self) -> None:
        version_id = self.selected_id()
        version = self.session.storage.get_version(version_id) if version_id is not None else None
        if version is None:
            self.preview.clear()
            return
        self.preview.setHtml(diff_html(self.session.editor.toPlainText(), version.body))

    def restore_selected(self) -> bool:
        version_id = self.selected_id()
        if version_id is None:
            return False
        if not self.session.ask("恢复此版本", "用这个版本替换当前文本吗？\n\n当前文本会先保存为“恢复前”版本，"
                                "也可以用 撤销（Ctrl+Z）撤回。"):
            return False
        if not restore_version(self.session, version_id):
            return False
        self.reload()
        return True
