"""Colours and text formats for findings, shared by the editor marks and the checklist panel."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat

from core.analysis.findings import Finding

SEVERITY_COLORS = {
    "error": QColor("#d93025"),
    "warning": QColor("#e8a000"),
    "info": QColor("#1a73e8"),
}
BOILERPLATE_COLOR = QColor("#8e44ad")  # 套话与重复 gets its own colour
SEVERITY_ICONS = {"error": "●", "warning": "▲", "info": "◆"}
STATUS_ICONS = {"pass": "✔", "fail": "✘", "warn": "⚠", "todo": "○"}
STATUS_COLORS = {"pass": QColor("#188038"), "fail": QColor("#d93025"), "warn": QColor("#e8a000"),
                 "todo": QColor("#80868b")}  # grey: 待填写 on a new skeleton


def mark_color(f: Finding) -> QColor:
    if f.rule == "structure.empty_section" and f.severity.value == "info":
        return STATUS_COLORS["todo"]  # a part of a new skeleton: 待填写, grey like its checklist row
    if f.rule.startswith("boilerplate.") and f.severity.value != "error":
        return BOILERPLATE_COLOR
    return SEVERITY_COLORS.get(f.severity.value, SEVERITY_COLORS["info"])


def mark_format(f: Finding) -> QTextCharFormat:
    fmt = QTextCharFormat()
    color = mark_color(f)
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(color)
    if f.severity.value == "error":
        bg = QColor(color)
        bg.setAlpha(28)
        fmt.setBackground(bg)
    return fmt


def zero_width_format(f: Finding) -> QTextCharFormat:
    """Findings about a missing section have no text: shade the line where it belongs."""
    fmt = QTextCharFormat()
    bg = QColor(mark_color(f))
    bg.setAlpha(20)
    fmt.setBackground(bg)
    return fmt
