"""The 检查清单 panel: section checklist with 写作提示, findings grouped by category, summary line."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QLabel, QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from core.findings import CATEGORY_ORDER, Finding, Report
from ui.marks import SEVERITY_ICONS, STATUS_COLORS, STATUS_ICONS, mark_color

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_ROWS_PER_GROUP = 150  # beyond this a list helps nobody; F8 still walks through every finding
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2


class LineIndex:
    """Offset -> (line, column), 1-based, by bisecting the line starts once per text."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


def row_label(f: Finding, lines: LineIndex) -> str:
    line, col = lines.line_col(f.start)
    shown = f.text if len(f.text) <= 14 else f.text[:13] + "…"
    label = f"{SEVERITY_ICONS.get(f.severity.value, '')} {line}:{col} "
    return label + (f"「{shown}」{f.message}" if shown else f.message)


class ChecklistPanel(QWidget):
    finding_activated = Signal(object)  # Finding

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.summary = QLabel("分析器加载中…")
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.sections = QTreeWidget()
        self.sections.setHeaderHidden(True)
        self.sections.setRootIsDecorated(True)
        self.sections.setToolTip("点击一项可展开写作提示")
        self.sections.itemClicked.connect(self._toggle_hint)
        self.findings = QTreeWidget()
        self.findings.setHeaderHidden(True)
        self.findings.itemActivated.connect(self._activate)
        self.findings.itemClicked.connect(self._activate)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.sections)
        split.addWidget(self.findings)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(split)
        self.report: Report | None = None
        self._ordered: list[Finding] = []
        self._signature: list[tuple] = []
        self._shown: list[Finding] = []  # findings that have a row, in row order
        self._cycle: dict[object, int] = {}

    # ---- rendering ----------------------------------------------------------------------
    def show_report(self, report: Report) -> None:
        self.report = report
        self._render_checklist(report)
        self._render_findings(report)
        errors = sum(1 for f in report.findings if f.severity.value == "error")
        warnings = sum(1 for f in report.findings if f.severity.value == "warning")
        infos = len(report.findings) - errors - warnings
        self.summary.setText(f"{errors} 处错误 · {warnings} 处提醒 · {infos} 条建议")

    def _render_checklist(self, report: Report) -> None:
        expanded = {self.sections.topLevelItem(i).data(0, GROUP_ROLE)
                    for i in range(self.sections.topLevelItemCount()) if self.sections.topLevelItem(i).isExpanded()}
        self.sections.clear()
        for item in report.checklist:
            row = QTreeWidgetItem([f"{STATUS_ICONS.get(item.status, '?')} {item.label}：{item.message}"])
            row.setForeground(0, QBrush(STATUS_COLORS.get(item.status)))
            row.setData(0, GROUP_ROLE, item.id)
            row.setToolTip(0, item.hint or item.message)
            if item.hint:
                hint = QTreeWidgetItem([f"写作提示：{item.hint}"])
                hint.setFlags(Qt.ItemFlag.ItemIsEnabled)
                hint.setToolTip(0, item.hint)
                row.addChild(hint)
            self.sections.addTopLevelItem(row)
            if item.id in expanded:
                row.setExpanded(True)
        self.sections.setWordWrap(True)

    def _render_findings(self, report: Report) -> None:
        # Offsets shift while typing above a finding; the list itself only changes with its content.
        signature = [(f.rule, f.text, f.message) for f in report.findings]
        if signature == self._signature and self.findings.topLevelItemCount():
            self._ordered = list(report.findings)
            self._shown = self._visible(report.findings)
            self._refresh_rows(report)
            return
        self._signature = signature
        self.findings.setUpdatesEnabled(False)
        try:
            self._rebuild_findings(report)
        finally:
            self.findings.setUpdatesEnabled(True)

    def _refresh_rows(self, report: Report) -> None:
        """Same findings as before: point the rows at the new Finding objects, renumber lines."""
        lines = LineIndex(report.text)
        rows = [r for r in self.finding_items() if r.data(0, FINDING_ROLE) is not None]
        for row, f in zip(rows, self._shown, strict=False):
            row.setData(0, FINDING_ROLE, f)
            label = row_label(f, lines)
            if row.text(0) != label:
                row.setText(0, label)

    def _rebuild_findings(self, report: Report) -> None:
        collapsed = {self.findings.topLevelItem(i).data(0, GROUP_ROLE)
                     for i in range(self.findings.topLevelItemCount())
                     if not self.findings.topLevelItem(i).isExpanded()}
        self.findings.clear()
        groups = self._groups(report.findings)
        lines = LineIndex(report.text)
        self._ordered = []
        self._shown = []
        for cat in list(CATEGORY_ORDER) + sorted(set(groups) - set(CATEGORY_ORDER)):
            items = groups.get(cat, [])
            head = QTreeWidgetItem([f"{cat}（{len(items)}）"])
            head.setData(0, GROUP_ROLE, cat)
            self.findings.addTopLevelItem(head)
            rows = []
            self._ordered.extend(items)
            for f in items[:MAX_ROWS_PER_GROUP]:
                self._shown.append(f)
                row = QTreeWidgetItem([row_label(f, lines)])
                row.setForeground(0, QBrush(mark_color(f)))
                row.setToolTip(0, f.message + (f"\n建议：{f.suggestion}" if f.suggestion else ""))
                row.setData(0, FINDING_ROLE, f)
                rows.append(row)
            if len(items) > MAX_ROWS_PER_GROUP:
                more = QTreeWidgetItem([f"…… 另有 {len(items) - MAX_ROWS_PER_GROUP} 处，按 F8 逐个查看"])
                more.setFlags(Qt.ItemFlag.ItemIsEnabled)
                rows.append(more)
            head.addChildren(rows)
            head.setExpanded(cat not in collapsed)

    @staticmethod
    def _groups(findings: list[Finding]) -> dict[str, list[Finding]]:
        groups: dict[str, list[Finding]] = defaultdict(list)
        for f in findings:
            groups[f.category].append(f)
        return groups

    def _visible(self, findings: list[Finding]) -> list[Finding]:
        groups = self._groups(findings)
        out: list[Finding] = []
        for cat in list(CATEGORY_ORDER) + sorted(set(groups) - set(CATEGORY_ORDER)):
            out += groups.get(cat, [])[:MAX_ROWS_PER_GROUP]
        return out

    # ---- interaction --------------------------------------------------------------------
    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        f = item.data(0, FINDING_ROLE)
        if f is not None:
            self.finding_activated.emit(f)

    def _toggle_hint(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        if item.childCount():
            item.setExpanded(not item.isExpanded())

    def ordered_findings(self) -> list[Finding]:
        return list(self._ordered)

    def finding_items(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.findings.topLevelItemCount()):
            head = self.findings.topLevelItem(i)
            out += [head.child(j) for j in range(head.childCount())]
        return out

    def checklist_status(self, item_id: str) -> str | None:
        if self.report is None:
            return None
        for c in self.report.checklist:
            if c.id == item_id:
                return c.status
        return None
