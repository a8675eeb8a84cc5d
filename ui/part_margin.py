"""Markers in the editor's left margin for findings about a whole part or a missing part
(issue 18): painted on the text they would cover an innocent line or a whole opening, so they
sit beside the part's heading (or at the gap where a missing part belongs) instead. A click on
a marker shows its findings in a small popup, with 忽略此规则."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QTextCursor
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from core.analysis.findings import SEVERITY_RANK, Finding
from core.analysis.rule_names import rule_name
from ui.ignore_actions import rule_menu
from ui.marks import mark_color

WHOLE_PART = 60  # a structure/substance finding longer than this is about a whole part
# Findings that speak of a part as a whole even on its heading's span (缺少数字, 内容单薄, 顺序…).
PART_RULES = frozenset({"structure.missing_section", "structure.empty_section", "structure.order",
                        "substance.no_figures", "substance.balance", "substance.first_person"})
MARGIN_WIDTH = 22


def about_a_part(f: Finding) -> bool:
    """True for a finding about a missing part (no text) or a whole part."""
    if f.end <= f.start or f.rule in PART_RULES:
        return True
    return f.rule.startswith(("structure.", "substance.")) and f.end - f.start > WHOLE_PART


class MarkerPopup(QFrame):
    """What a marker stands for: each finding's message and advice, and 忽略此规则."""

    def __init__(self, margin: PartMargin, findings: list[Finding]) -> None:
        super().__init__(margin, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.findings = findings
        parts = []
        for f in findings:
            text = f"<b>{escape(f.message)}</b>"
            if f.suggestion:
                text += f"<br>建议：{escape(f.suggestion)}"
            parts.append(text)
        self.label = QLabel("<hr>".join(parts))
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setMinimumWidth(300)
        self.label.setMaximumWidth(420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.label)
        for f in findings[:3]:
            button = QToolButton(self)
            button.setText(f"忽略此规则（{rule_name(f.rule)}）")
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            button.setMenu(rule_menu(button, f.rule, self._ignore(margin.ignore_rule, "draft"),
                                     self._ignore(margin.ignore_rule, "all")))
            layout.addWidget(button)
        close = QPushButton("关闭")
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)

    def _ignore(self, signal, scope: str):
        def run(rule_id: str) -> None:
            self.close()
            signal.emit(rule_id, scope)
        return run


class PartMargin(QWidget):
    """The strip left of the editor's text. `set_findings(all findings)` keeps those about a
    part; each gets a cursor that follows edits until the next analysis."""

    clicked = Signal(object)  # list[Finding] of the marker
    ignore_rule = Signal(str, str)  # rule id, "draft" | "all"

    def __init__(self, editor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.popup: MarkerPopup | None = None
        self._markers: list[tuple[QTextCursor, Finding]] = []
        self._generation = 0  # bumped by set_findings
        self._by_block: tuple[tuple, list] | None = None  # markers(), kept while the text is unchanged
        editor.setViewportMargins(MARGIN_WIDTH, 0, 0, 0)
        editor.updateRequest.connect(self._on_update_request)
        self._filter = _ResizeFilter(self._fit, editor)
        editor.installEventFilter(self._filter)
        self.setMouseTracking(True)
        self._fit()

    def sizeHint(self) -> QSize:
        return QSize(MARGIN_WIDTH, 0)

    def _fit(self) -> None:
        cr = self.editor.contentsRect()
        self.setGeometry(QRect(cr.left(), cr.top(), MARGIN_WIDTH, cr.height()))

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self.scroll(0, dy)
        else:
            self.update(0, rect.y(), self.width(), rect.height())

    # ---- markers ------------------------------------------------------------------------
    def set_findings(self, findings: list[Finding]) -> None:
        doc = self.editor.document()
        n = doc.characterCount() - 1
        markers = []
        for f in findings:
            if not about_a_part(f) or f.start > n:
                continue
            pos = min(self.editor.span_of(f)[0], n)  # a document position (edits and UTF-16 units)
            block = doc.findBlock(pos)
            if f.end <= f.start and pos == block.position() + block.length() - 1 and block.next().isValid():
                pos = block.next().position()  # a missing part belongs before the next heading
            cur = QTextCursor(doc)
            cur.setPosition(pos)
            markers.append((cur, f))
        self._markers = markers
        self._generation += 1
        self.update()

    def markers(self) -> list[tuple[int, list[Finding]]]:
        """(block number, findings) of each marker, in text order (kept until the text or the
        markers change: every paint asks)."""
        doc = self.editor.document()
        key = (self._generation, doc.revision(), doc.blockCount())
        if self._by_block is not None and self._by_block[0] == key:
            return self._by_block[1]
        by_block: dict[int, list[Finding]] = {}
        for cur, f in self._markers:
            by_block.setdefault(cur.block().blockNumber(), []).append(f)
        out = sorted(by_block.items())
        self._by_block = (key, out)
        return out

    def marker_rect(self, block_number: int) -> QRect | None:
        """Where a block's marker is drawn (None when the block is scrolled out of view)."""
        block = self.editor.document().findBlockByNumber(block_number)
        if not block.isValid():
            return None
        geo = self.editor.blockBoundingGeometry(block).translated(self.editor.contentOffset())
        if geo.bottom() < 0 or geo.top() > self.height():
            return None
        line = self.editor.fontMetrics().height()
        size = min(16, line)
        top = int(geo.top() + (line - size) / 2) + 1
        return QRect((MARGIN_WIDTH - size) // 2, top, size, size)

    def visible_blocks(self) -> tuple[int, int]:
        """First and last block number in view. Markers outside are skipped before asking their
        geometry: for a block far from the view QPlainTextEdit walks (and lays out) every block
        in between — 10-20 ms per paint on a long report with markers all through it."""
        block = self.editor.firstVisibleBlock()
        first = last = block.blockNumber()
        top = self.editor.blockBoundingGeometry(block).translated(self.editor.contentOffset()).top()
        while block.isValid() and top <= self.height():
            last = block.blockNumber()
            top += self.editor.blockBoundingRect(block).height()
            block = block.next()
        return first, last

    def _markers_in_view(self) -> list[tuple[int, list[Finding]]]:
        first, last = self.visible_blocks()
        return [(b, found) for b, found in self.markers() if first <= b <= last]

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor("#f6f6f6"))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for block_number, found in self._markers_in_view():
            rect = self.marker_rect(block_number)
            if rect is None or not rect.intersects(event.rect()):
                continue
            worst = min(found, key=lambda f: SEVERITY_RANK[f.severity])
            color = mark_color(worst)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawEllipse(rect)
            painter.setPen(QPen(QColor("white")))
            font = painter.font()
            font.setBold(True)
            font.setPixelSize(max(8, rect.height() - 4))
            painter.setFont(font)
            missing = any(f.end <= f.start for f in found)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "+" if missing else "!")
        painter.end()

    def marker_at(self, pos: QPoint) -> list[Finding] | None:
        for block_number, found in self._markers_in_view():
            rect = self.marker_rect(block_number)
            if rect is not None and rect.adjusted(-3, -3, 3, 3).contains(pos):
                return found
        return None

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            found = self.marker_at(event.pos())
            self.setToolTip("\n".join(f.message for f in found) + "\n单击查看" if found else "")
        return super().event(event)

    def mousePressEvent(self, event) -> None:
        found = self.marker_at(event.position().toPoint())
        if found:
            self.show_popup(found, event.position().toPoint())
        super().mousePressEvent(event)

    def show_popup(self, found: list[Finding], at: QPoint | None = None) -> MarkerPopup:
        if self.popup is not None:
            self.popup.close()
        self.popup = MarkerPopup(self, found)
        self.popup.adjustSize()
        where = at if at is not None else QPoint(0, 0)
        self.popup.move(self.mapToGlobal(QPoint(MARGIN_WIDTH, where.y() + 4)))
        self.popup.show()
        self.clicked.emit(found)
        return self.popup


class _ResizeFilter(QObject):
    def __init__(self, on_resize, parent) -> None:
        super().__init__(parent)
        self.on_resize = on_resize

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.on_resize()
        return False
