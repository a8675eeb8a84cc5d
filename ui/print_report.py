"""打印… / 打印预览 / 导出 PDF in the official layout of the Word export (GB/T 9704-2012): A4,
margins 37/35/28/26 mm, 22 lines of 28 characters (fixed 28.95 pt lines, body condensed 0.25 pt
like the .docx), title 2号 centred, heading fonts per level, run-in headings, 落款 at the right, and
page numbers "— N —" in 4号 宋体 7 mm under the text, odd pages right and even pages left.

The paragraph roles come from the same planner as the Word export (core.wordio.docx_export)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QObject, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAction,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QFileDialog

from core.wordio.docx_export import ExportOptions, plan_blocks, signature_lines, split_title

MM_PER_PT = 25.4 / 72
# Families in order of preference: the official face, the common Windows face, what Linux has.
FALLBACKS = {
    "仿宋_GB2312": ["仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC"],
    "仿宋": ["仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC"],
    "楷体_GB2312": ["楷体_GB2312", "楷体", "KaiTi", "STKaiti", "Noto Serif CJK SC"],
    "楷体": ["楷体", "KaiTi", "STKaiti", "Noto Serif CJK SC"],
    "黑体": ["黑体", "SimHei", "STHeiti", "Noto Sans CJK SC"],
    "方正小标宋简体": ["方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "宋体", "SimSun", "Noto Serif CJK SC"],
    "宋体": ["宋体", "SimSun", "STSong", "Noto Serif CJK SC"],
}


def families(name: str, latin: str) -> list[str]:
    return [latin, *FALLBACKS.get(name, [name, "Noto Serif CJK SC"])]


class OfficialLayout:
    """The report as a QTextDocument on a page of the official layout, painted page by page."""

    def __init__(self, text: str, options: ExportOptions | None = None) -> None:
        self.text = text
        self.options = options or ExportOptions()

    def page_layout(self) -> QPageLayout:
        lay = self.options.layout
        return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                           QMarginsF(lay.margin_left_mm, lay.margin_top_mm, lay.margin_right_mm,
                                     lay.margin_bottom_mm), QPageLayout.Unit.Millimeter)

    def _char(self, name: str, size_pt: float, dpi: int, spacing_pt: float = 0.0,
              bold: bool = False) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setFontFamilies(families(name, self.options.layout.latin_font))
        fmt.setFontPointSize(size_pt)
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        if spacing_pt:
            fmt.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
            fmt.setFontLetterSpacing(spacing_pt * 96 / 72)
        return fmt

    def build(self, dpi: int, width_px: float, height_px: float) -> QTextDocument:
        lay = self.options.layout
        # Lengths in block formats are in the layout's logical pixels (96 per inch), which the
        # document layout scales to the paint device; font sizes are in points.
        px = lambda pt: pt * 96 / 72  # noqa: E731
        dev = lambda pt: pt * dpi / 72  # noqa: E731  (horizontal lengths: device pixels)
        pitch = px(lay.line_pitch / 20)
        body_spacing = lay.char_spacing / 20
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setPageSize(QSizeF(width_px, height_px))
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(option)
        cur = QTextCursor(doc)
        first = True

        def block(align=Qt.AlignmentFlag.AlignJustify, indent=True, after_lines=0, before_lines=0,
                  right_chars=0.0):
            nonlocal first
            fmt = QTextBlockFormat()
            fmt.setAlignment(align)
            fmt.setLineHeight(pitch, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
            fmt.setTextIndent(dev(lay.body_size_pt * 2) if indent else 0)
            fmt.setBottomMargin(pitch * after_lines)  # vertical lengths: logical pixels
            fmt.setTopMargin(pitch * before_lines)
            fmt.setRightMargin(dev(lay.body_size_pt * right_chars))
            if first:
                cur.setBlockFormat(fmt)
                first = False
            else:
                cur.insertBlock(fmt)

        per_line = int(lay.text_width / 20 // lay.title_size_pt)
        body = self._char(lay.body_font, lay.body_size_pt, dpi, body_spacing)
        for b in plan_blocks(self.text, self.options):
            if b.kind == "title":
                block(Qt.AlignmentFlag.AlignHCenter, indent=False, after_lines=1)
                cur.insertText("\u2028".join(split_title(b.text, per_line)),
                               self._char(lay.title_font, lay.title_size_pt, dpi))
            elif b.kind == "subtitle":
                block(Qt.AlignmentFlag.AlignHCenter, indent=False)
                cur.insertText(b.text, self._char(lay.subtitle_font, lay.body_size_pt, dpi))
            elif b.kind == "heading":
                block()
                bold = b.level in (2, 3) and self.options.bold_headings
                cur.insertText(b.text, self._char(lay.heading_font(b.level), lay.body_size_pt, dpi,
                                                  body_spacing, bold))
            elif b.kind == "runin":
                block()
                bold = b.level in (2, 3) and self.options.bold_headings
                cur.insertText(b.head, self._char(lay.heading_font(b.level), lay.body_size_pt, dpi,
                                                  body_spacing, bold))
                cur.insertText(b.text, body)
            elif b.kind == "salutation":
                block(indent=False)
                cur.insertText(b.text, body)
            else:
                block()
                cur.insertText(b.text, body)
        for i, (line, chars) in enumerate(signature_lines(self.options)):
            block(Qt.AlignmentFlag.AlignRight, indent=False, before_lines=1 if i == 0 else 0, right_chars=chars)
            cur.insertText(line, body)
        return doc

    def paint(self, device) -> int:
        """Paint every page on a QPrinter or QPdfWriter (its page layout is set here). Pages painted."""
        device.setPageLayout(self.page_layout())
        dpi = device.resolution()
        rect = device.pageLayout().paintRectPixels(dpi)
        w, h = float(rect.width()), float(rect.height())
        doc = self.build(dpi, w, h)
        doc.documentLayout().setPaintDevice(device)
        doc.setPageSize(QSizeF(w, h))  # again: the layout now measures with the device's fonts
        lay = self.options.layout
        number_fmt = QFont()
        number_fmt.setFamilies(families(lay.page_number_font, lay.page_number_font))
        number_fmt.setPointSizeF(lay.page_number_size_pt)
        painter = QPainter(device)
        pages = doc.pageCount()
        try:
            for page in range(pages):
                if page:
                    device.newPage()
                painter.save()
                painter.translate(0, -page * h)
                doc.drawContents(painter, QRectF(0, page * h, w, h))
                painter.restore()
                if self.options.page_numbers:
                    self._page_number(painter, page + 1, w, h, dpi, number_fmt)
        finally:
            painter.end()
        return pages

    def _page_number(self, painter: QPainter, number: int, w: float, h: float, dpi: int, font: QFont) -> None:
        """"— N —" 7 mm under the text; odd pages one character in from the right, even from the left."""
        lay = self.options.layout
        painter.setFont(font)
        one_char = lay.page_number_size_pt * dpi / 72
        top = h + 7 / 25.4 * dpi - painter.fontMetrics().ascent() * 0.15
        box = QRectF(one_char, top, w - 2 * one_char, painter.fontMetrics().height() * 1.2)
        align = Qt.AlignmentFlag.AlignRight if number % 2 else Qt.AlignmentFlag.AlignLeft
        painter.drawText(box, int(align | Qt.AlignmentFlag.AlignTop), f"— {number} —")


def export_pdf(text: str, path: str | Path, options: ExportOptions | None = None) -> int:
    """Write the report as a PDF in the official layout; returns the number of pages.
    Raises OSError (with a Chinese message) when the file cannot be written."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(600)
    writer.setTitle((options.title if options and options.title else "") or "述职报告")
    writer.setCreator("述职助手")
    try:
        pages = OfficialLayout(text, options).paint(writer)
    finally:
        del writer  # closes the file
    if not tmp.exists() or tmp.stat().st_size == 0:
        raise OSError(f"无法写入“{path.name}”：保存位置不能写入或磁盘已满。")
    tmp.replace(path)
    return pages


class PrintActions(QObject):
    """打印… / 打印预览… / 导出 PDF… for the editor's text, in the layout of 导出 Word."""

    def __init__(self, window, files) -> None:
        super().__init__(window)
        self.window = window
        self.files = files
        self.act_print = QAction("打印(&P)…", window)
        self.act_print.setShortcut("Ctrl+P")
        self.act_print.triggered.connect(self.print_report)
        self.act_preview = QAction("打印预览(&V)…", window)
        self.act_preview.triggered.connect(self.preview)
        self.act_pdf = QAction("导出 PDF…", window)
        self.act_pdf.triggered.connect(self.choose_pdf)
        self.ask_save = self._ask_save

    def options(self) -> ExportOptions:
        """The options the export dialog last used (signature, page numbers, fonts), this text's title."""
        s = self.window.settings
        on = lambda key, default: str(s.value(key, default)).lower() in ("true", "1")  # noqa: E731
        opts = ExportOptions(bold_headings=on("export/bold", False), page_numbers=on("export/page_numbers", True))
        if str(s.value("export/fonts", "gb2312")) == "common":
            opts.layout = opts.layout.with_common_fonts()
        meta = self.window.draft_meta()
        opts.title = meta.get("title") or None
        return opts

    def _printer(self):
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName("述职报告")
        return printer

    def print_report(self) -> bool:
        from PySide6.QtPrintSupport import QPrintDialog

        printer = self._printer()
        dlg = QPrintDialog(printer, self.window)
        dlg.setWindowTitle("打印")
        if dlg.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        OfficialLayout(self.window.text(), self.options()).paint(printer)
        return True

    def preview(self) -> None:
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        printer = self._printer()
        dlg = QPrintPreviewDialog(printer, self.window)
        dlg.setWindowTitle("打印预览（公文格式）")
        text, options = self.window.text(), self.options()
        dlg.paintRequested.connect(lambda p: OfficialLayout(text, options).paint(p))
        dlg.resize(900, 1000)
        dlg.exec()

    def _ask_save(self, suggested: Path) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self.window, "导出 PDF", str(suggested), "PDF 文件 (*.pdf)")
        if not path:
            return None
        return Path(path if path.lower().endswith(".pdf") else path + ".pdf")

    def choose_pdf(self) -> Path | None:
        from ui.export_dialog import default_file_name

        w = self.window
        doc = w.last_report.document if w.last_report is not None else None
        title = w.draft_meta().get("title") or (doc.title.text.strip() if doc is not None and doc.title else "述职报告")
        folder = Path(str(w.settings.value("export/folder", str(Path.home()))))
        out = self.ask_save(folder / default_file_name(title, None).replace(".docx", ".pdf"))
        if out is None:
            return None
        try:
            pages = export_pdf(w.text(), out, self.options())  # QTextDocument paints on this thread
        except OSError as exc:
            self.files.warn("导出 PDF", f"{exc}\n\n报告内容仍在编辑器中，没有丢失。")
            return None
        w.statusBar().showMessage(f"已导出 PDF：{out}（{pages} 页）", 10000)
        return out
