"""GB/T 9704 layout audit: our own export passes; documents built wrong report each deviation
with its clause and place; 按公文格式重排 output passes (issue 16)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from core.wordio.audit import audit_docx, reflow_docx
from core.wordio.docx_io import ExportOptions, export_docx, read_docx_text
from tests.docx_builders import build_tricky_docx, set_run_font

REPORT = ("2024年度党支部书记抓基层党建工作述职报告\n"
          "根据县委组织部安排，现将本人一年来抓基层党建工作情况报告如下。\n"
          "一、履职情况\n（一）抓理论学习。我主持召开理论学习中心组学习12次，带头讲党课4次，覆盖党员320人次。\n"
          "1.完善制度。修订“三会一课”制度3项，建立台账一套。\n"
          "二、存在问题\n调研不够深入，联系群众偏少，全年下基层仅6次。\n"
          "三、原因分析\n宗旨意识有所淡化，抓落实的韧劲不足。\n"
          "四、下一步打算\n每季度到联系点调研不少于2次，年底前完成整改。")


def _items(devs) -> dict[str, list]:
    out: dict[str, list] = {}
    for d in devs:
        out.setdefault(d.item, []).append(d)
    return out


@pytest.mark.parametrize("options", [
    ExportOptions(),
    ExportOptions(bold_headings=True, signature=True, unit="中共某县财政局机关委员会", author="李四",
                  date="2024-12-20"),
])
def test_our_own_export_has_no_deviation(tmp_path, options):
    out = tmp_path / "ours.docx"
    export_docx(REPORT, out, options)
    assert audit_docx(out) == []


def _wrong_document(path: Path) -> Path:
    d = docx.Document()  # python-docx's template: Letter, 1-inch margins, theme fonts
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(25), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    title = d.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(title.add_run("2024年度党支部书记述职报告"), "方正小标宋简体", 18)
    for text in REPORT.split("\n")[1:]:
        p = d.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        run = p.add_run(text)
        set_run_font(run, "仿宋_GB2312", 16)
        # eastAsiaTheme beats w:eastAsia: Word shows the theme's 宋体/等线, not 仿宋
        run._r.rPr.find(qn("w:rFonts")).set(qn("w:eastAsiaTheme"), "minorEastAsia")
    d.save(path)
    return path


def test_wrong_margins_theme_fonts_sizes_and_missing_page_numbers_are_each_reported(tmp_path):
    devs = audit_docx(_wrong_document(tmp_path / "wrong.docx"))
    items = _items(devs)
    assert [d.found for d in items["上边距（天头）"]] == ["25.0 mm"]
    assert items["上边距（天头）"][0].clause == "GB/T 9704-2012 5.2.1"
    assert "下边距" not in items and "左边距（订口）" not in items and "纸张" not in items
    assert items["标题字号"][0].found == "18 磅" and items["标题字号"][0].clause.endswith("7.3.1")
    assert "第 1 段" in items["标题字号"][0].where
    assert "标题字体" not in items  # 方正小标宋简体 set on the run, no theme there
    body = items["正文字体"][0]
    assert "主题字体" in body.found and body.clause.endswith("7.3.3")
    assert "第 2 段「根据县委组织部安排" in body.where
    heading = items["一级标题（一、）字体"][0]
    assert "主题字体" in heading.found and "一、履职情况" in heading.where
    assert items["页码"][0].found == "未设置页码" and items["页码"][0].clause.endswith("7.5")
    assert "每页行数" in items  # python-docx's 1.15 line spacing: not 22 lines
    assert "首行缩进" not in items and "正文字号" not in items


def test_wrong_sizes_indent_spacing_page_number_form_and_date(tmp_path):
    src = tmp_path / "ours.docx"
    export_docx(REPORT, src, ExportOptions(signature=True, unit="某局党委", date="2024-12-20"))
    d = docx.Document(str(src))
    paras = [p for p in d.paragraphs if p.text.strip()]
    body = next(p for p in paras if p.text.startswith("根据"))
    for r in body.runs:
        r.font.size = Pt(14)
    body.paragraph_format.first_line_indent = Pt(0)
    body._p.get_or_add_pPr().find(qn("w:ind")).set(qn("w:firstLineChars"), "0")  # as Word writes it
    paras[-1].runs[0].text = "二〇二四年十二月二十日"
    paras[-1].alignment = WD_ALIGN_PARAGRAPH.LEFT
    footer_p = d.sections[0].footer.paragraphs[0]
    for t in footer_p._p.iter(qn("w:t")):
        if "—" in (t.text or ""):
            t.text = t.text.replace("—", "-")
    d.save(tmp_path / "edited.docx")
    items = _items(audit_docx(tmp_path / "edited.docx"))
    assert items["正文字号"][0].found == "14 磅" and "根据" in items["正文字号"][0].where
    assert items["首行缩进"][0].found == "无缩进"
    assert items["成文日期"][0].found == "二〇二四年十二月二十日" and items["成文日期"][0].clause.endswith("7.3.5")
    assert items["落款位置"][0].where.endswith("「二〇二四年十二月二十日」")
    assert items["页码格式"][0].clause.endswith("7.5")


def test_page_numbers_without_odd_even_are_reported(tmp_path):
    src = tmp_path / "ours.docx"
    export_docx(REPORT, src)
    d = docx.Document(str(src))
    d.settings.odd_and_even_pages_header_footer = False
    d.save(tmp_path / "same.docx")
    items = _items(audit_docx(tmp_path / "same.docx"))
    assert list(items) == ["页码位置"]
    assert "各页相同" in items["页码位置"][0].found


def test_reflow_passes_audit_and_keeps_the_text(tmp_path):
    src = build_tricky_docx(tmp_path / "原稿.docx")
    assert len(audit_docx(src)) >= 8
    out = tmp_path / "重排.docx"
    reflow_docx(src, out)
    assert audit_docx(out) == []
    lines = [line for line in read_docx_text(src).split("\n") if line.strip()]
    again = read_docx_text(out)
    assert all(line.strip() in again for line in lines if "\t" not in line)


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "core", "audit", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def test_cli_json_and_exit_codes(tmp_path):
    wrong = _wrong_document(tmp_path / "wrong.docx")
    r = _cli(wrong, "--format", "json")
    assert r.returncode == 1, r.stderr
    data = json.loads(r.stdout)
    assert data["path"] == str(wrong)
    assert data["deviations"] and set(data["deviations"][0]) == {"item", "expected", "found", "where", "clause"}
    ours = tmp_path / "ours.docx"
    export_docx(REPORT, ours)
    r = _cli(ours)
    assert r.returncode == 0 and "未发现偏差" in r.stdout
    bad = tmp_path / "bad.docx"
    bad.write_text("hello")
    r = _cli(bad)
    assert r.returncode == 2 and "错误：" in r.stderr
    r = _cli(wrong, "--reflow", tmp_path / "fixed.docx")
    assert r.returncode == 0, r.stdout + r.stderr
    r = _cli(wrong, "--reflow", wrong)
    assert r.returncode == 2 and "不能与原文件相同" in r.stderr


def test_theme_font_on_the_style_is_seen(tmp_path):
    d = docx.Document()
    d.styles["Normal"].element.get_or_add_rPr().append(
        parse_xml(f'<w:rFonts {nsdecls("w")} w:eastAsia="仿宋_GB2312" w:eastAsiaTheme="minorEastAsia"/>'))
    d.add_paragraph("我主持召开支委会12次，带头讲党课4次，全年发展党员3名，整改问题15个。")
    d.save(tmp_path / "t.docx")
    items = _items(audit_docx(tmp_path / "t.docx"))
    assert "主题字体" in items["正文字体"][0].found
