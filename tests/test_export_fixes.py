"""Export fixes of issue 16: the 落款 block stays on one page; 仿宋 / 楷体 for PCs without the
GB2312 fonts, with fallback names in the font table."""

from __future__ import annotations

import zipfile

import docx
from docx.oxml.ns import qn
from lxml import etree
from PySide6.QtCore import QSettings

from core.wordio.audit import audit_docx
from core.wordio.docx_io import ExportOptions, Layout, export_docx
from ui.export_dialog import ExportDialog

TEXT = ("2024年度述职报告\n一、履职情况\n（一）抓学习。我主持学习12次，讲党课4次。\n"
        "二、存在问题\n调研偏少，全年仅6次。\n三、原因分析\n宗旨意识淡化。\n四、下一步打算\n每季度调研2次。")


def test_signature_block_keeps_together(tmp_path):
    out = tmp_path / "s.docx"
    export_docx(TEXT, out, ExportOptions(signature=True, unit="某局党委", author="李四", date="2024-12-20"))
    paras = [p for p in docx.Document(str(out)).paragraphs if p.style.style_id == "Luokuan"]
    assert [p.text for p in paras] == ["某局党委", "述职人：李四", "2024年12月20日"]
    for i, p in enumerate(paras):
        ppr = p._p.pPr
        assert (ppr.find(qn("w:keepNext")) is not None) == (i < len(paras) - 1)
        assert ppr.find(qn("w:keepLines")) is not None
    assert audit_docx(out) == []


def _east_asia(d, style_id):
    return d.styles[style_id].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_common_fonts_instead_of_gb2312(tmp_path):
    out = tmp_path / "c.docx"
    export_docx(TEXT, out, ExportOptions(layout=Layout().with_common_fonts()))
    d = docx.Document(str(out))
    assert _east_asia(d, "Normal") == "仿宋"
    assert _east_asia(d, "Heading2") == "楷体"
    assert _east_asia(d, "Heading1") == "黑体"
    with zipfile.ZipFile(out) as zf:
        fonts = etree.fromstring(zf.read("word/fontTable.xml"))
    alt = {f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
           for f in fonts.findall(qn("w:font")) if f.find(qn("w:altName")) is not None}
    assert alt["仿宋"] == "FangSong" and alt["楷体"] == "KaiTi" and alt["仿宋_GB2312"] == "仿宋"
    assert audit_docx(out) == []
    assert Layout().body_font == "仿宋_GB2312"  # the default is unchanged


def test_export_dialog_offers_common_fonts(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    dlg = ExportDialog(settings, "述职报告", 2024)
    qtbot.addWidget(dlg)
    assert dlg.request().options.layout.body_font == "仿宋_GB2312"
    dlg.fonts_combo.setCurrentIndex(dlg.fonts_combo.findData("common"))
    assert dlg.request().options.layout.body_font == "仿宋"
    assert dlg.request().options.layout.heading_fonts[2] == "楷体"
    dlg.remember()
    again = ExportDialog(settings, "述职报告", 2024)
    qtbot.addWidget(again)
    assert again.fonts_combo.currentData() == "common"
