"""The 草稿箱 dock: the drafts (newest first), search with highlighted excerpts, the 回收站,
and the commands on a draft of the list (打开, 重命名, 以此为底稿新建, 删除, 恢复, 彻底删除)."""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QFont, QFontMetrics, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.storage import Storage, StorageError
from core.storage.search import mark_text, split_terms
from ui.drafts.session import UNTITLED, DraftSession

ID_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2  # search result: rich text, wrapped
LINES_ROLE = Qt.ItemDataRole.UserRole + 3  # list row: (title, "类型 · 年度 · 时间", bold)
MARK = ('<b style="color:#c5221f">', "</b>")
SEARCH_DELAY_MS = 150


def when(ts: float | None, now: float | None = None) -> str:
    if not ts:
        return ""
    t, n = time.localtime(ts), time.localtime(time.time() if now is None else now)
    if t[:3] == n[:3]:
        return time.strftime("今天 %H:%M", t)
    if t.tm_year == n.tm_year:
        return f"{t.tm_mon}月{t.tm_mday}日 {t.tm_hour:02d}:{t.tm_min:02d}"
    return time.strftime("%Y-%m-%d", t)


class DraftDelegate(QStyledItemDelegate):
    """List rows: the title, and below it in grey the kind, year and time (both elided to the
    width, so a narrow dock still shows the title). Search results: title, then the excerpt with
    the matches in bold, wrapped."""

    @staticmethod
    def _small(font: QFont) -> QFont:
        small = QFont(font)
        small.setPointSizeF(max(6.0, font.pointSizeF() * 0.88))
        return small

    def _paint_lines(self, painter, opt: QStyleOptionViewItem, lines) -> None:
        title, sub, bold = lines
        rect = opt.rect.adjusted(6, 3, -6, -3)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_color = opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        big = QFont(opt.font)
        big.setBold(bool(bold))
        small = self._small(opt.font)
        fm_big, fm_small = QFontMetrics(big), QFontMetrics(small)
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.save()
        painter.setFont(big)
        painter.setPen(text_color)
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), fm_big.height()), align,
                         fm_big.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()))
        painter.setFont(small)
        painter.setPen(text_color if selected else QColor("#777777"))
        painter.drawText(QRect(rect.left(), rect.top() + fm_big.height() + 1, rect.width(), fm_small.height()),
                         align, fm_small.elidedText(sub, Qt.TextElideMode.ElideRight, rect.width()))
        painter.restore()

    def _document(self, html_text: str, width: int, font: QFont) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(font)
        doc.setDocumentMargin(3)
        doc.setHtml(html_text)
        doc.setTextWidth(max(80, width))
        return doc

    def paint(self, painter, option, index) -> None:
        html_text, lines = index.data(HTML_ROLE), index.data(LINES_ROLE)
        if not html_text and not lines:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if lines:
            self._paint_lines(painter, opt, lines)
            return
        doc = self._document(html_text, opt.rect.width(), opt.font)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.translate(opt.rect.topLeft())
        painter.setClipRect(0, 0, opt.rect.width(), opt.rect.height())
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        html_text = index.data(HTML_ROLE)
        if index.data(LINES_ROLE):
            return QSize(120, QFontMetrics(option.font).height() + QFontMetrics(self._small(option.font)).height() + 8)
        if not html_text:
            return super().sizeHint(option, index)
        view = self.parent()
        width = view.viewport().width() if view is not None else 240
        doc = self._document(html_text, width, option.font)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 2)


class DraftsPanel(QWidget):
    def __init__(self, session: DraftSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.kinds = session.window.lexicon.kinds
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("搜索标题或正文…")
        self.search.setClearButtonEnabled(True)
        self.bin_button = QToolButton(self)
        self.bin_button.setText("回收站")
        self.bin_button.setCheckable(True)
        self.bin_button.setToolTip("显示已删除的草稿（可恢复）")
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setItemDelegate(DraftDelegate(self.tree))
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.header().setStretchLastSection(True)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.setStyleSheet("color: #666")

        top = QGridLayout()
        top.addWidget(self.search, 0, 0)
        top.addWidget(self.bin_button, 0, 1)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        specs = [("open", "打开", self.open_selected), ("rename", "重命名", self.rename_selected),
                 ("duplicate", "以此为底稿新建", self.duplicate_selected), ("delete", "删除", self.delete_selected),
                 ("restore", "恢复", self.restore_selected), ("purge", "彻底删除", self.purge_selected),
                 ("empty", "清空回收站", self.empty_bin)]
        for i, (key, text, slot) in enumerate(specs):
            b = QPushButton(text, self)
            b.clicked.connect(slot)
            self.buttons[key] = b
            j = i if i < 4 else i - 4  # one set is visible at a time: they share the cells
            grid.addWidget(b, j // 2, j % 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.info)
        layout.addLayout(grid)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._open_first)
        self.bin_button.toggled.connect(self._bin_toggled)
        self.tree.itemActivated.connect(lambda item, _col: self._activate(item))
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.header().sectionResized.connect(lambda *_: self._relayout())
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self._stale = True

    # ---- modes and listing --------------------------------------------------------------
    @property
    def in_bin(self) -> bool:
        return self.bin_button.isChecked()

    @property
    def query(self) -> str:
        return self.search.text().strip()

    def _bin_toggled(self, on: bool) -> None:
        self.bin_button.setText("返回草稿" if on else "回收站")
        self.search.setEnabled(not on)  # search covers the live drafts only
        self.refresh()

    def _relayout(self) -> None:
        if self.query and not self.in_bin:
            self.tree.doItemsLayout()

    def refresh_if_visible(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def draft_saved(self, draft_id: int) -> None:
        """An autosave: move that row to the top with the new time instead of rebuilding the
        list (cheap while typing, even with 1 000 drafts)."""
        if not self.isVisible():
            self._stale = True
            return
        if self.in_bin or self.query:
            return  # the bin does not change; search results are refreshed when searching again
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, ID_ROLE) == draft_id:
                title, sub, bold = item.data(0, LINES_ROLE)
                sub = sub.rsplit(" · ", 1)[0] + " · " + when(time.time()) if " · " in sub else when(time.time())
                item.setData(0, LINES_ROLE, (title, sub, bold))
                if i:
                    selected = item.isSelected()
                    self.tree.insertTopLevelItem(0, self.tree.takeTopLevelItem(i))
                    item.setSelected(selected)
                return
        self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        storage = self.session.storage
        selected = self.selected_id()
        self.tree.clear()
        if storage is None:
            self.info.setText(f"草稿库未打开：{self.session.open_error or ''}")
            self._update_buttons()
            return
        try:
            if self.in_bin:
                self._fill_list(storage.list_deleted(), deleted=True)
            elif self.query:
                self._fill_search(storage)
            else:
                self._fill_list(storage.list_drafts(), deleted=False)
        except StorageError as exc:
            self.info.setText(str(exc))
        if selected is not None:
            self.select_id(selected)
        self._update_buttons()

    def _kind_name(self, kind: str) -> str:
        spec = self.kinds.get(kind)
        return spec.short or spec.name if spec is not None else kind

    def _fill_list(self, rows, deleted: bool) -> None:
        self.tree.setUniformRowHeights(True)  # 1 000 rows lay out without measuring each
        items = []
        for d in rows:
            title = d.title or UNTITLED
            stamp = ("删除于 " + when(d.deleted)) if deleted else when(d.updated)
            sub = " · ".join(x for x in (self._kind_name(d.kind), f"{d.year}年" if d.year else "", stamp) if x)
            item = QTreeWidgetItem([title])
            item.setData(0, ID_ROLE, d.id)
            item.setData(0, LINES_ROLE, (title, sub, d.id == self.session.draft_id and not deleted))
            who = " ".join(x for x in (d.unit, d.author) if x)
            item.setToolTip(0, "\n".join(x for x in (title, who, sub, f"{d.chars} 字") if x))
            items.append(item)
        self.tree.addTopLevelItems(items)
        if deleted:
            self.info.setText(f"回收站中有 {len(items)} 份草稿。" if items else "回收站是空的。")
        else:
            self.info.setText(f"共 {len(items)} 份草稿，双击打开。" if items else "还没有草稿：在编辑区输入即自动保存。")

    def _fill_search(self, storage: Storage) -> None:
        self.tree.setUniformRowHeights(False)  # excerpts wrap to different heights
        terms = split_terms(self.query)
        results = storage.search(self.query, marks=MARK, escape=html.escape)
        for r in results:
            title = mark_text(r.title or UNTITLED, terms, MARK, html.escape)
            meta = " · ".join(x for x in (self._kind_name(r.kind), f"{r.year}年" if r.year else "",
                                          when(r.updated)) if x)
            rich = (f"<div><b>{title}</b></div>"
                    f'<div style="color:#777;font-size:small">{html.escape(meta)}</div>'
                    f'<div style="color:#444">{r.snippet}</div>')
            item = QTreeWidgetItem([r.title or UNTITLED])
            item.setData(0, ID_ROLE, r.draft_id)
            item.setData(0, HTML_ROLE, rich)
            self.tree.addTopLevelItem(item)
        self.info.setText(f"找到 {len(results)} 份草稿。" if results else "没有找到。")

    # ---- selection ----------------------------------------------------------------------
    def selected_id(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item is not None and item.isSelected() else None

    def select_id(self, draft_id: int) -> bool:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, ID_ROLE) == draft_id:
                self.tree.setCurrentItem(item)
                return True
        return False

    def listed_ids(self) -> list[int]:
        return [self.tree.topLevelItem(i).data(0, ID_ROLE) for i in range(self.tree.topLevelItemCount())]

    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        for key in ("open", "rename", "duplicate", "delete"):
            self.buttons[key].setVisible(not self.in_bin)
            self.buttons[key].setEnabled(has)
        for key in ("restore", "purge", "empty"):
            self.buttons[key].setVisible(self.in_bin)
            self.buttons[key].setEnabled(has or key == "empty")

    def _actions(self) -> list[tuple[str, Callable[[], Any]]]:
        if self.in_bin:
            return [("恢复", self.restore_selected), ("彻底删除…", self.purge_selected), ("", None),
                    ("清空回收站…", self.empty_bin)]
        return [("打开", self.open_selected), ("重命名…", self.rename_selected),
                ("以此为底稿新建…", self.duplicate_selected), ("", None), ("删除（移到回收站）", self.delete_selected)]

    def _context_menu(self, pos) -> None:
        if self.tree.itemAt(pos) is None:
            return
        menu = QMenu(self)
        for text, slot in self._actions():
            menu.addSeparator() if slot is None else menu.addAction(text, slot)
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def _activate(self, item: QTreeWidgetItem) -> None:
        if not self.in_bin:
            self.session.open_draft(item.data(0, ID_ROLE))

    def _open_first(self) -> None:
        self.refresh()
        if self.tree.topLevelItemCount() and not self.in_bin:
            self._activate(self.tree.topLevelItem(0))

    # ---- commands -----------------------------------------------------------------------
    def open_selected(self) -> bool:
        draft_id = self.selected_id()
        return draft_id is not None and self.session.open_draft(draft_id)

    def rename_selected(self) -> bool:
        draft_id = self.selected_id()
        return draft_id is not None and rename_draft(self.session, draft_id)

    def duplicate_selected(self) -> int | None:
        draft_id = self.selected_id()
        if draft_id is None:
            return None
        draft = self.session.storage.get_draft(draft_id)
        base = draft.year if draft is not None and draft.year else time.localtime().tm_year - 1
        return duplicate_draft(self.session, draft_id, base)

    def delete_selected(self) -> bool:
        draft_id = self.selected_id()
        return draft_id is not None and delete_draft(self.session, draft_id)

    def restore_selected(self) -> bool:
        draft_id = self.selected_id()
        return draft_id is not None and bool(run(self.session, lambda s: s.restore(draft_id), "恢复"))

    def purge_selected(self) -> bool:
        draft_id = self.selected_id()
        if draft_id is None or not self.session.ask("彻底删除", "彻底删除后无法恢复（包括它的历史版本）。确定吗？"):
            return False
        return bool(run(self.session, lambda s: s.purge(draft_id), "彻底删除"))

    def empty_bin(self) -> int:
        if not self.session.ask("清空回收站", "回收站中的草稿及其历史版本将被永久删除，无法恢复。确定清空吗？"):
            return 0
        result = run(self.session, lambda s: s.empty_recycle_bin(), "清空回收站")
        return result if isinstance(result, int) else 0


def run(session: DraftSession, fn: Callable[[Storage], Any], what: str) -> Any:
    """A storage command in the worker; errors shown; None on failure, else the result or True."""
    try:
        result = session.call(fn)
    except StorageError as exc:
        session.inform(f"无法{what}", str(exc))
        return None
    session.drafts_changed.emit()
    return True if result is None else result


def rename_draft(session: DraftSession, draft_id: int) -> bool:
    draft = session.storage.get_draft(draft_id) if session.storage is not None else None
    current = draft.title if draft is not None else ""
    title = session.get_text("重命名草稿", "新的标题：", current)
    if title is None or not title.strip() or title.strip() == current:
        return False
    return session.set_properties(draft_id, title=title.strip())


def duplicate_draft(session: DraftSession, draft_id: int, base_year: int) -> int | None:
    """以此为底稿新建: ask the year (default: the draft's year + 1), copy, open the copy."""
    year = session.get_int("以此为底稿新建", "新草稿的年度：", base_year + 1, 2000, 2100)
    if year is None:
        return None
    if draft_id == session.draft_id and not session.flush():
        session.inform("无法新建", f"当前草稿未能保存：{session.failure}")
        return None
    new_id = run(session, lambda s: s.duplicate_as_new_year(draft_id, year), "新建")
    if new_id is None:
        return None
    session.open_draft(new_id)
    return new_id


def delete_draft(session: DraftSession, draft_id: int) -> bool:
    """To the 回收站; deleting the open draft leaves an empty new one in the editor."""
    current = draft_id == session.draft_id
    if current:
        session.flush()
    if run(session, lambda s: s.soft_delete(draft_id), "删除") is None:
        return False
    if current:
        session.forget_current()
    return True


def add_drafts_dock(window, session: DraftSession) -> QDockWidget:
    dock = QDockWidget("草稿箱", window)
    dock.setObjectName("drafts_dock")
    panel = DraftsPanel(session, dock)
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    outline = getattr(window, "outline_dock", None)
    if outline is not None:
        window.tabifyDockWidget(outline, dock)
        outline.raise_()
    state = window.settings.value("window_state")
    if state is not None:
        window.restoreState(state)  # MainWindow restored it before this dock existed
    session.drafts_changed.connect(panel.refresh_if_visible)
    session.saved.connect(panel.draft_saved)
    return dock
