"""The 大纲 panel: headings as a tree with each section's 字数; click to jump; follows the cursor."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem

from core.text.document import Document, Heading
from core.text.wordcount import format_count, word_count

POS_ROLE = Qt.ItemDataRole.UserRole + 1


class OutlinePanel(QTreeWidget):
    jump_requested = Signal(int)  # text offset

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setColumnCount(2)  # heading | 字数 of its section
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.itemClicked.connect(lambda item, _c: self.jump_requested.emit(item.data(0, POS_ROLE)))
        self._signature: tuple = ()
        self._positions: list[tuple[int, QTreeWidgetItem]] = []
        self._heading_items: list[QTreeWidgetItem] = []

    def show_document(self, doc: Document) -> None:
        title = doc.title.text.strip() if doc.title is not None else None
        signature = (title, tuple((h.level, h.marker, h.title) for h in doc.headings))
        if signature == self._signature:
            # Same headings, maybe moved by typing above them: update positions only.
            starts = ([doc.title.start] if doc.title is not None else []) + [h.start for h in doc.headings]
            self._positions = [(start, item) for start, (_old, item) in zip(starts, self._positions, strict=True)]
            for start, item in self._positions:
                item.setData(0, POS_ROLE, start)
            self._show_counts(doc)
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
        self._heading_items = [item for _start, item in self._positions[1 if doc.title is not None else 0:]]
        self._show_counts(doc)
        self.expandAll()

    def _show_counts(self, doc: Document) -> None:
        for item, count in zip(self._heading_items, section_counts(doc), strict=True):
            item.setText(1, f"{format_count(count)}字")
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setForeground(1, Qt.GlobalColor.darkGray)

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


def section_counts(doc: Document) -> list[int]:
    """字数 under each heading (its text excluded), down to the next heading of the same or a
    higher level: a part's count includes its sub-parts, as selecting it in Word would."""
    headings: list[Heading] = doc.headings
    counts = []
    for i, h in enumerate(headings):
        end = next((n.start for n in headings[i + 1:] if n.level <= h.level), len(doc.text))
        counts.append(word_count(doc.text[h.end:end]))
    return counts
