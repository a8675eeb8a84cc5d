"""Word documents built for the review and audit tests: text split over many runs, hyperlinks,
fields, tables, headers, footers, an image and an existing comment (their own texts)."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

# A 1×1 PNG, so the package holds an image part that must come through untouched.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def _runs(paragraph, pieces, bold_every=2):
    """Add each piece as its own run, alternating formatting so runs cannot be merged."""
    for n, piece in enumerate(pieces):
        run = paragraph.add_run(piece)
        run.bold = n % bold_every == 1
        run.font.size = Pt(16 if n % 3 else 15)
    return paragraph


def _hyperlink(paragraph, text: str, url: str = "http://example.invalid/"):
    rid = paragraph.part.relate_to(url, docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:rPr><w:u w:val="single"/></w:rPr>'
                     f'<w:t>{text[:2]}</w:t></w:r><w:r><w:t>{text[2:]}</w:t></w:r></w:hyperlink>')
    paragraph._p.append(link)


def _complex_field(paragraph, instr: str, result: list[str]):
    p = paragraph._p
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'))
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
    for piece in result:
        p.append(parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:i/></w:rPr><w:t>{piece}</w:t></w:r>'))
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))


def _simple_field(paragraph, instr: str, result: str):
    paragraph._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" {instr} "><w:r><w:t>{result}</w:t></w:r></w:fldSimple>'))


def build_tricky_docx(path: Path) -> Path:
    """A report whose findings fall across runs, in a hyperlink, in fields and in a table."""
    d = docx.Document()
    sec = d.sections[0]
    sec.header.paragraphs[0].text = "内部资料 注意保存"
    footer = sec.footer.paragraphs[0]
    footer.add_run("第 ")
    _simple_field(footer, "PAGE", "1")
    footer.add_run(" 页")
    d.add_paragraph("2024年度党支部书记抓基层党建工作述职报告", style="Title")
    _runs(d.add_paragraph(), ["根据", "X", "X", "安排，现将本人一年来抓党建工作情况报告如下。"])
    d.add_paragraph("一、履职情况", style="Heading 1")
    p = _runs(d.add_paragraph(), ["我坚持学习习近平新时代", "中国特色社会主", "意思想", ",", "认真落实“三会一课”制度。"])
    p.add_run("\t")
    commented = p.add_run("全年开展主题党日12次。")
    d.add_comment(commented, text="原有批注：请核对次数。", author="张三", initials="ZS")
    _runs(d.add_paragraph(), ["我们", "支部", "支部开展", "谈心谈话", "50人次，", "认真", "布", "署", "年度任务。"])
    p = d.add_paragraph("有关情况详见")
    _hyperlink(p, "XX网站专栏")
    p.add_run("，联系人")
    _complex_field(p, "MERGEFIELD 联系人", ["X", "X同志"])
    p.add_run("，电话")
    _simple_field(p, "MERGEFIELD 电话", "XX")
    p.add_run("。")
    d.add_paragraph().add_run().add_picture(io.BytesIO(PNG))
    table = d.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text = "支部"
    table.cell(0, 1).text = "XX支部"
    table.cell(1, 0).text = "党员"
    table.cell(1, 1).paragraphs[0].add_run("32")
    table.cell(1, 1).paragraphs[0].add_run("名")
    d.add_paragraph("二、存在问题", style="Heading 1")
    d.add_paragraph("一是理论学习不够深入，学用结合不紧。二是联系群众不够紧密，调研次数偏少。")
    d.add_paragraph("三、原因分析", style="Heading 1")
    d.add_paragraph("主要是本人宗旨意识有所淡化，自我要求有所放松，抓落实的韧劲不足。")
    d.add_paragraph("四、下一步打算", style="Heading 1")
    d.add_paragraph("一是加强理论学习，每月专题学习一次。二是密切联系群众，每季度调研不少于两次。")
    d.save(path)
    return path


def set_run_font(run, east_asia: str | None = None, size: float | None = None):
    if size is not None:
        run.font.size = Pt(size)
    if east_asia:
        rpr = run._r.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
            rpr.insert(0, fonts)
        fonts.set(qn("w:eastAsia"), east_asia)
