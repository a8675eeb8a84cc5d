"""Word export: the official layout read back with python-docx, round trip, every error path."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

import core.common.atomic
from core.cli import export as export_cli
from core.wordio.docx_io import (
    ExportError,
    ExportOptions,
    build_document,
    export_docx,
    format_date,
    read_docx_text,
    split_title,
)

DATA = Path(__file__).parent / "data" / "docx"
THEME_RE = re.compile(r"w:(asciiTheme|hAnsiTheme|eastAsiaTheme|cstheme)=")

SHORT = """2024年度党支部书记抓基层党建工作述职报告

各位领导、同志们：
　　根据安排，现将本人2024年度抓基层党建工作情况报告如下。
一、履职情况
（一）加强理论学习。本人带头落实“第一议题”制度，全年讲党课4次。
1.组织学习
本人组织支部学习12次，覆盖党员56名。

二、存在问题
　　一是学习不够深入。二是调研不够经常。
三、下一步打算
（一）坚持学用结合
全年开展专题调研3次。
"""


@pytest.fixture
def report_text() -> str:
    return (DATA / "report.txt").read_text(encoding="utf-8")


@pytest.fixture
def exported(tmp_path) -> Path:
    out = tmp_path / "out.docx"
    export_docx(SHORT, out, ExportOptions(author="王明"))
    return out


def _rfonts(el):
    return el.find(qn("w:rPr")).find(qn("w:rFonts"))


def _style_xml(document, name):
    return document.styles[name].element


def _part_xml(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name).decode("utf-8")


def _lines(text: str) -> list[str]:
    return [s.strip(" \t\u3000") for s in text.split("\n") if s.strip(" \t\u3000")]


# ---------------------------------------------------------------- page and styles

def test_page_size_and_margins(exported):
    section = docx.Document(str(exported)).sections[0]
    assert section.page_width.twips == 11906 and section.page_height.twips == 16838  # A4
    assert section.top_margin.mm == pytest.approx(37, abs=0.05)
    assert section.bottom_margin.mm == pytest.approx(35, abs=0.05)
    assert section.left_margin.mm == pytest.approx(28, abs=0.05)
    assert section.right_margin.mm == pytest.approx(26, abs=0.05)


def test_line_spacing_gives_22_lines_per_page(exported):
    document = docx.Document(str(exported))
    section = document.sections[0]
    fmt = document.styles["Normal"].paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert fmt.line_spacing.pt == pytest.approx(28.95, abs=0.01)
    text_height = section.page_height - section.top_margin - section.bottom_margin
    assert text_height // fmt.line_spacing == 22
    assert fmt.space_before in (None, 0) and fmt.space_after in (None, 0)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"


def test_28_characters_fit_a_line(exported):
    document = docx.Document(str(exported))
    section = document.sections[0]
    width = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
    spacing = document.styles["Normal"].element.rPr.find(qn("w:spacing"))
    pitch = Pt(16).twips + int(spacing.get(qn("w:val")))  # condensed by 1/20 pt units
    assert 28 * pitch <= width < 29 * pitch


def test_normal_style_fonts_size_and_indent(exported):
    document = docx.Document(str(exported))
    normal = _style_xml(document, "Normal")
    rfonts = normal.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:ascii")) == "Times New Roman"
    assert rfonts.get(qn("w:hAnsi")) == "Times New Roman"
    assert rfonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert document.styles["Normal"].font.size == Pt(16)
    ind = normal.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert ind.get(qn("w:firstLine")) == "640"  # LibreOffice reads only this one
    assert document.styles["Normal"].paragraph_format.first_line_indent == Pt(32)


def test_no_theme_fonts_anywhere(exported):
    with zipfile.ZipFile(exported) as zf:
        names = zf.namelist()
    assert "word/stylesWithEffects.xml" not in names  # the template's copy with theme fonts
    for part in names:
        if part.startswith("word/") and part.endswith(".xml") and "theme" not in part:
            assert not THEME_RE.search(_part_xml(exported, part)), part


def test_title_and_heading_styles(exported):
    document = docx.Document(str(exported))
    expected = {"Title": "方正小标宋简体", "Heading 1": "黑体", "Heading 2": "楷体_GB2312",
                "Heading 3": "仿宋_GB2312", "Heading 4": "仿宋_GB2312"}
    for name, font in expected.items():
        style = document.styles[name]
        rfonts = style.element.rPr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")) == font, name
        assert rfonts.get(qn("w:ascii")) == "Times New Roman", name
        assert str(style.font.color.rgb) == "000000", name
        assert style.font.italic in (None, False), name
        fmt = style.paragraph_format
        assert fmt.space_before in (None, 0) and fmt.line_spacing.pt == pytest.approx(28.95, abs=0.01)
    title = document.styles["Title"]
    assert title.font.size == Pt(22)
    assert title.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.paragraph_format.first_line_indent == 0
    assert title.element.pPr.find(qn("w:pBdr")) is None  # the template's blue rule is gone
    for level in range(1, 5):
        style = document.styles[f"Heading {level}"]
        assert style.font.size == Pt(16)
        assert style.font.bold is False
        assert style.paragraph_format.space_after in (None, 0)
        assert style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level - 1)


def test_bold_headings_option(tmp_path):
    out = tmp_path / "bold.docx"
    export_docx(SHORT, out, ExportOptions(bold_headings=True))
    styles = docx.Document(str(out)).styles
    assert styles["Heading 1"].font.bold is False  # 黑体 is never bolded
    assert styles["Heading 2"].font.bold is True
    assert styles["Heading 3"].font.bold is True
    assert styles["Heading 4"].font.bold is False


def test_paragraph_roles(exported):
    paragraphs = docx.Document(str(exported)).paragraphs
    by_text = {p.text: p for p in paragraphs}
    assert paragraphs[0].style.name == "Title"
    assert by_text["一、履职情况"].style.name == "Heading 1"
    assert by_text["1.组织学习"].style.name == "Heading 3"
    assert by_text["（一）坚持学用结合"].style.name == "Heading 2"
    salutation = by_text["各位领导、同志们："]
    assert salutation.paragraph_format.first_line_indent == 0
    # Leading full-width spaces are dropped: the indent comes from the style.
    assert "根据安排，现将本人2024年度抓基层党建工作情况报告如下。" in by_text


def test_byline_under_the_title_is_centred(tmp_path):
    out = tmp_path / "b.docx"
    export_docx("述职报告\n机关党委书记　陈立新\n（2024年12月20日）\n正文第一段。\n", out)
    paragraphs = docx.Document(str(out)).paragraphs
    assert [p.style.name for p in paragraphs] == ["Title", "Subtitle", "Subtitle", "Normal"]
    assert paragraphs[1].runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    out2 = tmp_path / "c.docx"
    export_docx("述职报告\n工作情况\n正文第一段。\n", out2)
    assert [p.style.name for p in docx.Document(str(out2)).paragraphs] == ["Title", "Normal", "Normal"]


def test_run_in_heading_keeps_body_style_with_heading_font(exported):
    paragraphs = docx.Document(str(exported)).paragraphs
    p = next(p for p in paragraphs if p.text.startswith("（一）加强理论学习"))
    assert p.style.name == "Normal"
    head, body = p.runs[0], p.runs[1]
    assert head.text == "（一）加强理论学习。"
    assert _rfonts(head._r).get(qn("w:eastAsia")) == "楷体_GB2312"
    assert _rfonts(body._r).get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_every_run_names_latin_and_east_asian_fonts(exported):
    for p in docx.Document(str(exported)).paragraphs:
        for run in p.runs:
            rfonts = _rfonts(run._r)
            assert rfonts.get(qn("w:ascii")) == "Times New Roman"
            assert rfonts.get(qn("w:hAnsi")) == "Times New Roman"
            assert rfonts.get(qn("w:eastAsia"))


def test_blank_lines_are_not_exported(exported):
    paragraphs = docx.Document(str(exported)).paragraphs
    assert all(p.text.strip() for p in paragraphs)
    assert len(paragraphs) == len(_lines(SHORT))


# ---------------------------------------------------------------- page numbers and properties

def test_page_numbers_odd_right_even_left(exported):
    document = docx.Document(str(exported))
    assert document.settings.odd_and_even_pages_header_footer is True
    settings = _part_xml(exported, "word/settings.xml")
    assert "<w:evenAndOddHeaders/>" in settings or "w:evenAndOddHeaders " in settings
    section = document.sections[0]
    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "w:right"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "w:left")):
        p = footer.paragraphs[0]
        xml = p._p.xml
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        instr = [el.text for el in p._p.iter(qn("w:instrText"))]
        assert [s.strip() for s in instr] == ["PAGE"]
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert p.alignment == align
        ind = p._p.pPr.find(qn("w:ind"))
        assert ind.get(qn(side)) == "280"  # one 14 pt character in from the edge
        for run in p.runs:
            assert _rfonts(run._r).get(qn("w:eastAsia")) == "宋体"
            assert _rfonts(run._r).get(qn("w:ascii")) == "宋体"
    assert document.styles["Footer"].font.size == Pt(14)


def test_no_page_numbers(tmp_path):
    out = tmp_path / "plain.docx"
    export_docx(SHORT, out, ExportOptions(page_numbers=False))
    document = docx.Document(str(out))
    assert not document.settings.odd_and_even_pages_header_footer
    assert "PAGE" not in "".join(p.text for p in document.sections[0].footer.paragraphs)
    assert "instrText" not in document.sections[0].footer._element.xml


def test_core_properties(exported, tmp_path):
    props = docx.Document(str(exported)).core_properties
    assert props.title == "2024年度党支部书记抓基层党建工作述职报告"
    assert props.author == "王明"
    assert props.comments == ""
    out = tmp_path / "titled.docx"
    export_docx(SHORT, out, ExportOptions(title="另一个标题"))
    props = docx.Document(str(out)).core_properties
    assert props.title == "另一个标题" and props.author == ""


def test_title_option_is_printed_when_the_text_has_none(tmp_path):
    out = tmp_path / "t.docx"
    export_docx("一、履职情况\n本人认真履职。\n", out, ExportOptions(title="述职报告"))
    paragraphs = docx.Document(str(out)).paragraphs
    assert paragraphs[0].text == "述职报告" and paragraphs[0].style.name == "Title"


# ---------------------------------------------------------------- title, signature, round trip

def test_long_title_splits_at_a_natural_point():
    assert split_title("中共青松县农业农村局机关委员会书记2024年度抓基层党建工作述职报告", 20) == [
        "中共青松县农业农村局机关委员会书记", "2024年度抓基层党建工作述职报告"]
    assert split_title("关于2024年度履行全面从严治党主体责任情况的报告", 20) == [
        "关于2024年度履行全面从严治党", "主体责任情况的报告"]
    assert split_title("党组织书记抓基层党建工作述职报告", 20) == ["党组织书记抓基层党建工作述职报告"]
    for parts in (split_title("在2024年度基层党建工作述职评议会上的述职发言", 20),):
        assert all(len(p) <= 20 for p in parts)


def test_long_title_is_one_paragraph_with_a_line_break(tmp_path, report_text):
    out = tmp_path / "r.docx"
    export_docx(report_text, out)
    title = docx.Document(str(out)).paragraphs[0]
    assert title.style.name == "Title"
    assert len(title._p.findall(".//" + qn("w:br"))) == 1


def test_round_trip_keeps_paragraphs(tmp_path, report_text):
    out = tmp_path / "r.docx"
    export_docx(report_text, out)
    assert _lines(read_docx_text(out)) == _lines(report_text)


def test_signature_block(tmp_path):
    out = tmp_path / "s.docx"
    options = ExportOptions(author="王明", unit="中共某某局机关委员会", date=dt.date(2024, 12, 5),
                            signature=True)
    export_docx(SHORT, out, options)
    paragraphs = docx.Document(str(out)).paragraphs
    tail = paragraphs[-3:]
    assert [p.text for p in tail] == ["中共某某局机关委员会", "述职人：王明", "2024年12月5日"]
    style = tail[0].style
    assert style.name == "落款" and all(p.style.name == "落款" for p in tail)
    assert style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert style.paragraph_format.first_line_indent == 0
    assert tail[0].paragraph_format.space_before == Pt(28.95)  # one empty grid line above
    assert tail[-1].paragraph_format.right_indent == Pt(64)  # the date four characters in
    assert _lines(read_docx_text(out))[:-3] == _lines(SHORT)


def test_format_date():
    assert format_date(dt.date(2024, 1, 5)) == "2024年1月5日"
    assert format_date("2024-12-20") == "2024年12月20日"
    assert format_date("2024/03/09") == "2024年3月9日"
    assert format_date("二〇二四年十二月") == "二〇二四年十二月"
    assert format_date(None) == ""


def test_odd_characters_do_not_break_the_file(tmp_path):
    out = tmp_path / "odd.docx"
    export_docx("标题\n控制\x01字符\x0b与\t制表符、\ud800代理项及 <&> 符号。\n", out)
    text = read_docx_text(out)
    assert "控制字符与\t制表符、代理项及 <&> 符号。" in text


def test_progress_reports_to_the_end(tmp_path, report_text):
    calls: list[tuple[int, int]] = []
    export_docx(report_text * 3, tmp_path / "p.docx", progress=lambda d, t: calls.append((d, t)))
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1]
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert len(calls) > 5


def test_build_document_without_saving(report_text):
    document = build_document(report_text)
    assert document.paragraphs[0].style.name == "Title"


# ---------------------------------------------------------------- error paths

def _no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_target_must_be_named_docx(tmp_path):
    with pytest.raises(ExportError, match=r"\.docx"):
        export_docx(SHORT, tmp_path / "report.doc")
    assert not (tmp_path / "report.doc").exists()


def test_empty_text_is_an_error(tmp_path):
    with pytest.raises(ExportError, match="没有文字"):
        export_docx("\n　\n\n", tmp_path / "e.docx")
    assert not (tmp_path / "e.docx").exists()


def test_target_is_a_directory(tmp_path):
    target = tmp_path / "folder.docx"
    target.mkdir()
    with pytest.raises(ExportError, match="文件夹"):
        export_docx(SHORT, target)
    assert target.is_dir()


def test_missing_folder(tmp_path):
    target = tmp_path / "no" / "such" / "out.docx"
    with pytest.raises(ExportError, match="不存在"):
        export_docx(SHORT, target)
    assert not target.parent.exists()  # nothing is created behind the user's back


def test_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        probe = folder / "probe"
        try:
            probe.write_bytes(b"")
        except PermissionError:
            pass
        else:
            probe.unlink()
            pytest.skip("this user can write into read-only folders (root)")
        with pytest.raises(ExportError, match="只读|没有写入权限"):
            export_docx(SHORT, folder / "out.docx")
    finally:
        folder.chmod(0o755)


def test_folder_refusing_new_files(tmp_path, monkeypatch):
    """What a read-only folder does for a non-root user, also checked when tests run as root."""
    folder = tmp_path / "locked"
    folder.mkdir()

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(folder / ".out.docx.x.tmp"))

    monkeypatch.setattr(core.common.atomic.tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError, match="只读|没有写入权限"):
        export_docx(SHORT, folder / "out.docx")
    assert list(folder.iterdir()) == []


def test_read_only_target_file_is_not_replaced(tmp_path):
    target = tmp_path / "old.docx"
    target.write_bytes(b"previous version")
    target.chmod(0o444)
    try:
        with pytest.raises(ExportError, match="只读"):
            export_docx(SHORT, target)
        assert target.read_bytes() == b"previous version"
    finally:
        target.chmod(0o644)


def test_target_open_in_word(tmp_path, monkeypatch):
    """Windows refuses to replace a file Word holds open: os.replace raises PermissionError."""
    target = tmp_path / "report.docx"
    target.write_bytes(b"previous version")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(src), None, str(dst))

    monkeypatch.setattr(core.common.atomic.os, "replace", refuse)
    with pytest.raises(ExportError, match="Word") as info:
        export_docx(SHORT, target)
    assert "原文件未被改动" in str(info.value)
    assert target.read_bytes() == b"previous version"
    assert _no_temp_files(tmp_path)


def test_disk_full(tmp_path, monkeypatch):
    target = tmp_path / "report.docx"
    target.write_bytes(b"previous version")

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(core.common.atomic.os, "fsync", full)
    with pytest.raises(ExportError, match="磁盘空间不足"):
        export_docx(SHORT, target)
    assert target.read_bytes() == b"previous version"
    assert _no_temp_files(tmp_path)


def test_overwrites_an_existing_export(tmp_path):
    target = tmp_path / "report.docx"
    export_docx("旧标题\n旧内容。\n", target)
    export_docx(SHORT, target)
    assert _lines(read_docx_text(target)) == _lines(SHORT)
    assert _no_temp_files(tmp_path)


# ---------------------------------------------------------------- command line

def test_cli_exports_a_docx(tmp_path, exported):
    out = tmp_path / "cli.docx"
    code = export_cli.main([str(exported), str(out), "--author", "李华", "--unit", "某某支部",
                            "--date", "2024-12-20", "--signature", "--bold-headings"])
    assert code == 0
    document = docx.Document(str(out))
    assert document.core_properties.author == "李华"
    assert document.paragraphs[-1].text == "2024年12月20日"
    assert document.styles["Heading 2"].font.bold is True


def test_cli_no_page_numbers_and_title(tmp_path, exported):
    out = tmp_path / "cli.docx"
    assert export_cli.main([str(exported), str(out), "--no-page-numbers", "--title", "述职"]) == 0
    document = docx.Document(str(out))
    assert not document.settings.odd_and_even_pages_header_footer
    assert document.core_properties.title == "述职"


def test_cli_errors(tmp_path, exported, capsys):
    assert export_cli.main([str(tmp_path / "missing.docx"), str(tmp_path / "o.docx")]) == 2
    assert "找不到" in capsys.readouterr().err
    assert export_cli.main([str(exported), str(tmp_path / "no" / "o.docx")]) == 1
    assert "不存在" in capsys.readouterr().err
    assert export_cli.main([]) == 2


def test_cli_subparser_registration(tmp_path, exported):
    import argparse

    parser = argparse.ArgumentParser(prog="core")
    sub = parser.add_subparsers(dest="command")
    export_cli.add_parser(sub)
    args = parser.parse_args(["export", str(exported), str(tmp_path / "x.docx")])
    assert args.func(args) == 0


def test_cli_text_input(tmp_path):
    pytest.importorskip("core.wordio.textfile")
    src = tmp_path / "in.txt"
    src.write_bytes(("\ufeff" + SHORT.replace("\n", "\r\n")).encode("utf-8"))
    out = tmp_path / "out.docx"
    assert export_cli.main([str(src), str(out)]) == 0
    assert _lines(read_docx_text(out)) == _lines(SHORT)
