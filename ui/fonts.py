"""Pick a CJK-capable font that exists on this machine (Windows office PCs first)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

EDITOR_FAMILIES = ("Microsoft YaHei", "微软雅黑", "SimSun", "宋体", "Noto Sans CJK SC", "Noto Serif CJK SC",
                   "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Hiragino Sans GB")


def cjk_family() -> str | None:
    available = set(QFontDatabase.families())
    for fam in EDITOR_FAMILIES:
        if fam in available:
            return fam
    return None


def editor_font(point_size: float = 13.0) -> QFont:
    font = QFont()
    fam = cjk_family()
    if fam:
        font.setFamilies([fam])
    font.setPointSizeF(point_size)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font
