"""The 大纲 panel: headings as a tree with each section's 字数; click to jump; follows the cursor."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QStyle, QTreeWidget, QTreeWidgetItem

from core.text.document import Document, Heading
from core.text.wordcount import OTHER_CHAR, format_count, word_count

POS_ROLE = Qt.ItemDataRole.UserRole + 1  # the item's row in OutlinePanel._positions
_RUN_EDGE = re.compile(OTHER_CHAR)


class OutlinePanel(QTreeWidget):
    jump_requested = Signal(int)  # text offset

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setColumnCount(2)  # heading | 字数 of its section
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Sized by _show_counts, not ResizeToContents: that measured every row on each changed count.
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        # An item holds its row in _positions; the row holds the current offset.
        self.itemClicked.connect(lambda item, _c: self.jump_requested.emit(self._positions[item.data(0, POS_ROLE)][0]))
        self._signature: tuple = ()
        self._positions: list[tuple[int, QTreeWidgetItem]] = []
        self._heading_items: list[QTreeWidgetItem] = []
        self._count_memo: dict[str, int] = {}  # piece of text -> 字数, of the last report
        self._labels: list[str | None] = []  # the 字数 cell of each heading row, as set
        self._widest: str | None = None  # the label the column was sized for

    def show_document(self, doc: Document) -> None:
        title = doc.title.text.strip() if doc.title is not None else None
        # A part whose heading slipped a level (一、二、三、 then 4、下一步打算) sits with the parts.
        part_level = doc.section_level
        lifted = {s.heading.start for s in doc.sections
                  if s.heading is not None and part_level is not None and s.heading.level > part_level}
        levels = [part_level if h.start in lifted else h.level for h in doc.headings]
        signature = (title, tuple((lvl, h.marker, h.title) for lvl, h in zip(levels, doc.headings, strict=True)))
        if signature == self._signature:
            # Same headings, maybe moved by typing above them: update positions only.
            starts = ([doc.title.start] if doc.title is not None else []) + [h.start for h in doc.headings]
            # Python-side only: a setData per item (367 in a long report) cost ~4 ms a report.
            self._positions = [(start, item) for start, (_old, item) in zip(starts, self._positions, strict=True)]
            self._show_counts(doc)
            return
        self._signature = signature
        self.clear()
        self._positions = []
        stack: list[tuple[int, QTreeWidgetItem]] = []
        if doc.title is not None:
            top = QTreeWidgetItem([doc.title.text.strip()])
            top.setData(0, POS_ROLE, len(self._positions))
            self.addTopLevelItem(top)
            self._positions.append((doc.title.start, top))
        for level, h in zip(levels, doc.headings, strict=True):
            title = h.title if len(h.title) <= 24 else h.title[:23] + "…"
            item = QTreeWidgetItem([f"{h.marker}{title}"])
            item.setData(0, POS_ROLE, len(self._positions))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setForeground(1, Qt.GlobalColor.darkGray)
            item.setToolTip(0, f"{h.marker}{h.title}")
            while stack and stack[-1][0] >= level:
                stack.pop()
            if stack:
                stack[-1][1].addChild(item)
            else:
                self.addTopLevelItem(item)
            stack.append((level, item))
            self._positions.append((h.start, item))
        self._heading_items = [item for _start, item in self._positions[1 if doc.title is not None else 0:]]
        self._labels, self._widest = [], None  # new rows: every cell is set, the column sized
        self._show_counts(doc)
        self.expandAll()

    def _show_counts(self, doc: Document) -> None:
        # Typing changes one section's count: only changed cells are set, unchanged sections are
        # not counted again, and the column is sized here (ResizeToContents measured all rows on
        # every change: ~8-15 ms per report with 367 headings).
        memo: dict[str, int] = {}
        labels = [f"{format_count(count)}字" for count in section_counts(doc, self._count_memo, memo)]
        shown = self._labels if len(self._labels) == len(labels) else [None] * len(labels)
        for item, label, old in zip(self._heading_items, labels, shown, strict=True):
            if label != old:  # compared Python-side: item.text() is a Qt call per row
                item.setText(1, label)
        self._labels = labels
        self._count_memo = memo
        widest = max(labels, key=len, default="")
        if widest != self._widest:
            self._widest = widest
            margin = 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 12
            width = self.fontMetrics().horizontalAdvance(widest) + margin if widest else 0
            if self.header().sectionSize(1) != width:
                self.header().resizeSection(1, width)

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


def section_counts(doc: Document, known: dict[str, int] | None = None,
                   seen: dict[str, int] | None = None) -> list[int]:
    """字数 under each heading (its text excluded), down to the next heading of the same or a
    higher level: a part's count includes its sub-parts, as selecting it in Word would.
    Counted piece by piece (each heading line, and the text from it to the next heading) and
    summed, so typing recounts one piece, not every part that holds it; `known`: counts of
    pieces from the last call, `seen` receives this call's."""
    headings: list[Heading] = doc.headings
    text = doc.text
    n = len(headings)
    ends = [len(text)] * n
    parent = [-1] * n  # the heading whose part holds this one
    open_: list[int] = []  # headings whose section has not ended yet
    for i, h in enumerate(headings):
        while open_ and headings[open_[-1]].level >= h.level:
            ends[open_.pop()] = h.start
        if open_:
            parent[i] = open_[-1]
        open_.append(i)

    def count(a: int, b: int) -> int:
        piece = text[a:b]
        c = known.get(piece) if known is not None else None
        if c is None:
            c = word_count(piece)
        if seen is not None:
            seen[piece] = c
        return c

    # Each part: its own text up to the next heading, plus each sub-part's heading line and
    # total; summed from the innermost parts outwards (one pass).
    total = [count(h.end, headings[i + 1].start if i + 1 < n else len(text)) for i, h in enumerate(headings)]
    exact = [True] * n  # False: a Latin word or a number runs across a sub-part's heading edge
    for i in range(n - 1, -1, -1):
        p = parent[i]
        if p >= 0:
            h = headings[i]
            total[p] += count(h.start, h.end) + total[i]
            exact[p] = exact[p] and exact[i] and not (_joins(text, h.start) or _joins(text, h.end))
    return [t if ok else word_count(text[h.end:end])
            for t, ok, h, end in zip(total, exact, headings, ends, strict=True)]


def _joins(text: str, at: int) -> bool:
    """Would the words on both sides of `at` count as one (a Latin or digit run across it)?"""
    return 0 < at < len(text) and bool(_RUN_EDGE.match(text[at - 1])) and bool(_RUN_EDGE.match(text[at]))
