"""The 大纲 panel: headings as a tree; click to jump; follows the cursor."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from core.text.document import Document

POS_ROLE = Qt.ItemDataRole.UserRole + 1


class OutlinePanel(QTreeWidget):
    jump_requested = Signal(int)  # text offset

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.itemClicked.connect(lambda item, _c: self.jump_requested.emit(item.data(0, POS_ROLE)))
        self._signature: tuple = ()
        self._positions: list[tuple[int, QTreeWidgetItem]] = []

    def show_document(self, doc: Document) -> None:
        title = doc.title.text.strip() if doc.title is not None else None
        signature = (title, tuple((h.level, h.marker, h.title) for h in doc.headings))
        if signature == self._signature:
            # Same headings, maybe moved by typing above them: update positions only.
            starts = ([doc.title.start] if doc.title is not None else []) + [h.start for h in doc.headings]
            self._positions = [(start, item) for start, (_old, item) in zip(starts, self._positions, strict=True)]
            for start, item in self._positions:
                item.setData(0, POS_ROLE, start)
            return
        self._signature = signature
        self.clear()
        self._positions = []
        stack: list[tuple[int, QTreeWidgetItem]] = []
        if doc.title is not None:
            top = QTreeWidgetItem([doc.title.text.strip()])
            top.setData(0, POS_ROLE, doc.title.start)
            self.addTopLevelItem(top)
            self._positions.append((doc.title.start, top))
        for h in doc.headings:
            title = h.title if len(h.title) <= 24 else h.title[:23] + "…"
            item = QTreeWidgetItem([f"{h.marker}{title}"])
            item.setData(0, POS_ROLE, h.start)
            item.setToolTip(0, f"{h.marker}{h.title}")
            while stack and stack[-1][0] >= h.level:
                stack.pop()
            if stack:
                stack[-1][1].addChild(item)
            else:
                self.addTopLevelItem(item)
            stack.append((h.level, item))
            self._positions.append((h.start, item))
        self.expandAll()

    def follow(self, offset: int) -> None:
        current = None
        for start, item in self._positions:
            if start <= offset:
                current = item
            else:
                break
        if current is not None and current is not self.currentItem():
            self.blockSignals(True)
            self.setCurrentItem(current)
            self.blockSignals(False)
