"""Draw the app icon (a red rounded square with a white 述) and write it as
resources/icons/shuzhi.png (256 px, used by the window and the About dialog) and
packaging/shuzhi.ico (16–256 px, used by PyInstaller for the Windows .exe).

Needs a CJK font (Debian: fonts-noto-cjk; Windows: Microsoft YaHei).  The outputs are
committed, so this only runs when the design changes:

    QT_QPA_PLATFORM=offscreen python packaging/make_icon.py
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter, QPainterPath

ROOT = Path(__file__).resolve().parent.parent
PNG_OUT = ROOT / "resources" / "icons" / "shuzhi.png"
ICO_OUT = ROOT / "packaging" / "shuzhi.ico"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
RED = QColor("#c8161d")
FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "微软雅黑", "PingFang SC",
            "WenQuanYi Micro Hei", "SimHei", "黑体")
CHAR = "述"


def cjk_family() -> str:
    available = set(QFontDatabase.families())
    for fam in FAMILIES:
        if fam in available:
            return fam
    raise SystemExit("没有找到中文字体（如 Noto Sans CJK SC / 微软雅黑），无法绘制图标")


def render(size: int, family: str) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = max(0.5, size / 32)
    rect = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    path = QPainterPath()
    path.addRoundedRect(rect, size * 0.18, size * 0.18)
    p.fillPath(path, RED)
    font = QFont(family)
    font.setWeight(QFont.Weight.Bold)
    font.setPixelSize(max(8, round(size * 0.70)))
    font.setHintingPreference(QFont.HintingPreference.PreferFullHinting)
    p.setFont(font)
    p.setPen(QColor("white"))
    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, CHAR)
    p.end()
    return img


def png_bytes(img: QImage) -> bytes:
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(buf.data())


def dib_bytes(img: QImage) -> bytes:
    """A classic 32-bit BMP entry (BITMAPINFOHEADER, bottom-up BGRA, then the AND mask)."""
    img = img.convertToFormat(QImage.Format.Format_ARGB32)  # straight alpha, BGRA in memory (LE)
    w, h = img.width(), img.height()
    header = struct.pack("<IiiHHIIiiII", 40, w, h * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in range(h - 1, -1, -1):
        line = img.constScanLine(y)
        rows.append(bytes(line)[: w * 4])
    mask_row = ((w + 31) // 32) * 4
    return header + b"".join(rows) + bytes(mask_row * h)  # all-zero mask: alpha decides


def write_ico(images: list[QImage], out: Path) -> None:
    entries = []
    for img in images:
        data = png_bytes(img) if img.width() >= 256 else dib_bytes(img)
        entries.append((img.width(), img.height(), data))
    offset = 6 + 16 * len(entries)
    head = struct.pack("<HHH", 0, 1, len(entries))
    table = b""
    blobs = b""
    for w, h, data in entries:
        table += struct.pack("<BBBBHHII", w % 256, h % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        blobs += data
    out.write_bytes(head + table + blobs)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    family = cjk_family()
    PNG_OUT.parent.mkdir(parents=True, exist_ok=True)
    big = render(256, family)
    if not big.save(str(PNG_OUT), "PNG"):
        raise SystemExit(f"无法写入 {PNG_OUT}")
    write_ico([render(s, family) for s in ICO_SIZES], ICO_OUT)
    print(f"{PNG_OUT.relative_to(ROOT)}  {ICO_OUT.relative_to(ROOT)}  ({family})")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
