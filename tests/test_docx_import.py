"""Import of .docx and text files: text in order, tables, what is left out, and every bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from core.wordio.docx_import import OLE_MAGIC
from core.wordio.docx_io import DocumentReadError, ImportedText, export_docx, import_file, read_docx_text

DATA = Path(__file__).parent / "data" / "docx"


def _save(document, path: Path) -> Path:
    document.save(str(path))
    return path


def _ole_bytes(*streams: str) -> bytes:
    """Enough of an OLE compound file for the signature checks: header plus directory names."""
    body = b"".join(name.encode("utf-16-le") + b"\x00\x00" for name in streams)
    return OLE_MAGIC + b"\x00" * 504 + body + b"\x00" * 512


# ---------------------------------------------------------------- what is read

def test_paragraphs_in_order_with_headings_and_blank_lines(tmp_path):
    d = docx.Document()
    d.add_heading("2024年度述职报告", level=0)
    d.add_paragraph("各位领导：")
    d.add_heading("一、履职情况", level=1)
    d.add_paragraph("")
    d.add_paragraph("本人全年讲党课4次。")
    text = read_docx_text(_save(d, tmp_path / "a.docx"))
    assert text == "2024年度述职报告\n各位领导：\n一、履职情况\n\n本人全年讲党课4次。"


def test_runs_tabs_and_line_breaks(tmp_path):
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("第一")
    p.add_run("段").add_break()
    p.add_run("软回车后\t制表")
    p2 = d.add_paragraph("分页前")
    p2.add_run().add_break(WD_BREAK.PAGE)
    p2.add_run("分页后")
    text = read_docx_text(_save(d, tmp_path / "b.docx"))
    # A soft line break (Shift+Enter) is a line for the checker; a page break is layout only.
    assert text == "第一段\n软回车后\t制表\n分页前分页后"


def test_tables_become_lines(tmp_path):
    d = docx.Document()
    d.add_paragraph("表前")
    table = d.add_table(rows=3, cols=3)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "项目", "数量", "备注"
    table.cell(1, 0).text, table.cell(1, 1).text = "讲党课", "4次"
    cell = table.cell(1, 2)
    cell.text = "第一行"
    cell.add_paragraph("第二行")
    d.add_paragraph("表后")
    text = read_docx_text(_save(d, tmp_path / "t.docx"))
    # The third row is empty and dropped.
    assert text == "表前\n项目\t数量\t备注\n讲党课\t4次\t第一行\u3000第二行\n表后"


def test_nested_table_is_read_once(tmp_path):
    d = docx.Document()
    outer = d.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "外层"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "内甲", "内乙"
    text = read_docx_text(_save(d, tmp_path / "n.docx"))
    assert text.count("内甲") == 1 and text.startswith("外层\t")


def test_headers_footers_and_comments_are_ignored(tmp_path):
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "页眉文字"
    d.sections[0].footer.paragraphs[0].text = "页脚文字"
    p = d.add_paragraph("正文内容。")
    if hasattr(d, "add_comment"):
        d.add_comment(p.runs, text="批注文字", author="审稿人")
    text = read_docx_text(_save(d, tmp_path / "h.docx"))
    assert text == "正文内容。"


def test_tracked_deletions_and_text_boxes_are_left_out(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("保留")
    p._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>已删除</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml">'
        '<v:textbox><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent>'
        '</v:textbox></v:shape></w:pict></w:r>'))
    text = read_docx_text(_save(d, tmp_path / "d.docx"))
    assert text == "保留插入"


def test_content_controls_are_read(tmp_path):
    d = docx.Document()
    body = d.element.body
    body.insert(0, parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>控件内段落</w:t></w:r></w:p>'
        '</w:sdtContent></w:sdt>'))
    d.add_paragraph("普通段落")
    assert read_docx_text(_save(d, tmp_path / "c.docx")) == "控件内段落\n普通段落"


def test_round_trip_of_the_sample_report(tmp_path):
    source = (DATA / "report.txt").read_text(encoding="utf-8")
    out = tmp_path / "r.docx"
    export_docx(source, out)
    lines = [s.strip(" \u3000") for s in source.split("\n") if s.strip(" \u3000")]
    assert read_docx_text(out).split("\n") == lines


def test_import_file_docx(tmp_path):
    source = (DATA / "report.txt").read_text(encoding="utf-8")
    out = tmp_path / "r.docx"
    export_docx(source, out)
    imported = import_file(out)
    assert isinstance(imported, ImportedText)
    assert imported.source_format == "docx"
    assert imported.title_guess == "中共青松县农业农村局机关委员会书记2024年度抓基层党建工作述职报告"
    assert imported.text.startswith(imported.title_guess + "\n")


def test_title_guess_falls_back_to_text_then_file_name(tmp_path):
    d = docx.Document()
    d.add_paragraph("党支部工作总结")
    d.add_paragraph("一年来，支部认真履行职责，各项工作取得新进展。")
    assert import_file(_save(d, tmp_path / "x.docx")).title_guess == "党支部工作总结"
    d = docx.Document()
    d.add_paragraph("一年来，支部认真履行职责，各项工作取得新进展，现将有关情况报告如下。")
    assert import_file(_save(d, tmp_path / "草稿.docx")).title_guess == "草稿"


def test_strict_ooxml_namespace(tmp_path):
    d = docx.Document()
    d.add_paragraph("严格格式")
    normal = _save(d, tmp_path / "n.docx")
    strict = tmp_path / "strict.docx"
    with zipfile.ZipFile(normal) as src, zipfile.ZipFile(strict, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                                    b"http://purl.oclc.org/ooxml/wordprocessingml/main")
            dst.writestr(item, data)
    assert read_docx_text(strict) == "严格格式"


# ---------------------------------------------------------------- text files

def test_import_text_file(tmp_path):
    pytest.importorskip("core.wordio.textfile")
    src = tmp_path / "draft.txt"
    src.write_bytes("述职报告\r\n一、履职情况\r\n本人认真履职。\r\n".encode("gb18030"))
    imported = import_file(src)
    assert imported.text == "述职报告\n一、履职情况\n本人认真履职。\n"
    assert imported.source_format == "text"
    assert imported.title_guess == "述职报告"


def test_import_text_file_with_bom(tmp_path):
    pytest.importorskip("core.wordio.textfile")
    src = tmp_path / "draft.txt"
    src.write_bytes("\ufeff述职报告\r\n正文。".encode())
    assert import_file(src).text == "述职报告\n正文。"


def test_binary_text_file_is_refused(tmp_path):
    pytest.importorskip("core.wordio.textfile")
    src = tmp_path / "image.txt"
    src.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(DocumentReadError, match="不是文本文件|编码"):
        import_file(src)


# ---------------------------------------------------------------- bad input

def test_missing_file(tmp_path):
    with pytest.raises(DocumentReadError, match="找不到"):
        read_docx_text(tmp_path / "none.docx")


def test_not_a_zip(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"this is plain text pretending to be a Word file")
    with pytest.raises(DocumentReadError, match="不是有效的 Word"):
        read_docx_text(bad)


def test_truncated_docx(tmp_path):
    d = docx.Document()
    d.add_paragraph("内容" * 500)
    buf = io.BytesIO()
    d.save(buf)
    bad = tmp_path / "cut.docx"
    bad.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    with pytest.raises(DocumentReadError, match="损坏"):
        read_docx_text(bad)


def test_broken_xml(tmp_path):
    bad = tmp_path / "xml.docx"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document><w:body><w:p>未闭合")
    with pytest.raises(DocumentReadError, match="损坏"):
        read_docx_text(bad)


def test_zip_without_document(tmp_path):
    bad = tmp_path / "empty-zip.docx"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(DocumentReadError, match="损坏"):
        read_docx_text(bad)


def test_encrypted_docx(tmp_path):
    enc = tmp_path / "secret.docx"
    enc.write_bytes(_ole_bytes("Root Entry", "EncryptionInfo", "EncryptedPackage"))
    with pytest.raises(DocumentReadError, match="密码"):
        read_docx_text(enc)
    with pytest.raises(DocumentReadError, match="密码"):
        import_file(enc)


def test_old_doc_file(tmp_path):
    old = tmp_path / "old.doc"
    old.write_bytes(_ole_bytes("Root Entry", "WordDocument", "1Table"))
    with pytest.raises(DocumentReadError, match=r"另存为.*\.docx") as info:
        import_file(old)
    assert ".doc" in str(info.value)


def test_doc_that_is_really_a_web_page(tmp_path):
    page = tmp_path / "export.doc"
    page.write_bytes(b"<html><body>\xe6\x8a\xa5\xe5\x91\x8a</body></html>")
    with pytest.raises(DocumentReadError, match="网页"):
        import_file(page)


def test_docx_saved_under_doc_name_is_read(tmp_path):
    d = docx.Document()
    d.add_paragraph("其实是新格式")
    assert import_file(_save(d, tmp_path / "renamed.doc")).text == "其实是新格式"


def test_empty_docx(tmp_path):
    d = docx.Document()
    d.add_paragraph("")
    d.add_paragraph("   ")
    with pytest.raises(DocumentReadError, match="文档中没有文字"):
        read_docx_text(_save(d, tmp_path / "empty.docx"))


def test_zero_byte_docx(tmp_path):
    empty = tmp_path / "zero.docx"
    empty.write_bytes(b"")
    with pytest.raises(DocumentReadError, match="没有文字"):
        import_file(empty)


@pytest.mark.parametrize("name", ["report.wps", "report.pdf", "report.odt", "report.rtf"])
def test_unsupported_formats(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"whatever")
    with pytest.raises(DocumentReadError, match="不支持"):
        import_file(path)


def test_errors_carry_the_path(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"garbage")
    with pytest.raises(DocumentReadError) as info:
        import_file(bad)
    assert info.value.path == bad and "bad.docx" in info.value.message
