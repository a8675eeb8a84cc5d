"""The official layout (GB/T 9704-2012) as Word styles, page setup and page-number footers.

Everything here edits python-docx's default template in place; `core.wordio.docx_export` fills the body.
Sizes are in twips (1/20 pt) because that is what the XML stores: rounding once here keeps the
numbers in the file exactly the ones the tests read back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

TWIPS_PER_MM = 1440 / 25.4
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# Word's ids for the styles we set; names are what users see in Word's style gallery.
STYLE_NORMAL = "Normal"
STYLE_TITLE = "Title"
STYLE_SUBTITLE = "Subtitle"
STYLE_SIGNATURE = "Luokuan"  # 落款: "Signature" is a Word built-in name
STYLE_FOOTER = "Footer"
HEADING_STYLE_IDS = {1: "Heading1", 2: "Heading2", 3: "Heading3", 4: "Heading4"}


def mm(value: float) -> int:
    return round(value * TWIPS_PER_MM)


@dataclass(slots=True)
class Layout:
    """Page and type settings; the defaults are GB/T 9704-2012 (the export dialog may change them)."""

    page_width_mm: float = 210.0
    page_height_mm: float = 297.0
    margin_top_mm: float = 37.0
    margin_bottom_mm: float = 35.0
    margin_left_mm: float = 28.0
    margin_right_mm: float = 26.0
    footer_mm: float = 25.0  # page bottom -> bottom of the page-number line (一字线 ≈7 mm under the text)
    lines_per_page: int = 22
    chars_per_line: int = 28
    body_size_pt: float = 16.0  # 3号
    title_size_pt: float = 22.0  # 2号
    page_number_size_pt: float = 14.0  # 4号
    latin_font: str = "Times New Roman"
    body_font: str = "仿宋_GB2312"
    title_font: str = "方正小标宋简体"
    subtitle_font: str = "楷体_GB2312"
    page_number_font: str = "宋体"
    heading_fonts: dict[int, str] = field(
        default_factory=lambda: {1: "黑体", 2: "楷体_GB2312", 3: "仿宋_GB2312", 4: "仿宋_GB2312"})

    # Derived values, all in twips as written to the file.
    @property
    def page_w(self) -> int:
        return mm(self.page_width_mm)

    @property
    def page_h(self) -> int:
        return mm(self.page_height_mm)

    @property
    def text_width(self) -> int:
        return self.page_w - mm(self.margin_left_mm) - mm(self.margin_right_mm)

    @property
    def line_pitch(self) -> int:
        """Exact line spacing: the largest whole twip count that fits `lines_per_page` lines
        (579 twips = 28.95 pt for the default page)."""
        height = self.page_h - mm(self.margin_top_mm) - mm(self.margin_bottom_mm)
        return height // self.lines_per_page

    @property
    def char_spacing(self) -> int:
        """Character spacing (w:spacing, 1/20 pt; negative = condensed) that puts
        `chars_per_line` body characters on a line: -5 (0.25 pt) for 28 characters on 156 mm.

        Word's own way is a character grid (docGrid linesAndChars with a negative charSpace),
        but LibreOffice then gives each 16 pt character two 15.8 pt cells (14 per line); a
        slight condensing gives 28 per line in Word, WPS and LibreOffice alike."""
        delta = self.text_width / self.chars_per_line - self.body_size_pt * 20
        return min(0, math.floor(delta))

    @property
    def indent_2chars(self) -> int:
        return round(self.body_size_pt * 20 * 2)

    def heading_font(self, level: int) -> str:
        return self.heading_fonts.get(level, self.body_font)

    def with_common_fonts(self) -> Layout:
        """仿宋 / 楷体 instead of 仿宋_GB2312 / 楷体_GB2312, for PCs without the GB2312 fonts
        (Windows has 仿宋 and 楷体 since Vista; the GB2312 ones are an extra install)."""
        from dataclasses import replace

        swap = lambda name: GB2312_COMMON.get(name, name)  # noqa: E731
        return replace(self, body_font=swap(self.body_font), subtitle_font=swap(self.subtitle_font),
                       heading_fonts={k: swap(v) for k, v in self.heading_fonts.items()})


GB2312_COMMON = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体"}


# Fonts as Word finds them on an office PC; altName lets Word/WPS substitute the common Windows
# face when the GB2312 or Founder font is missing; charset 86 (GB2312) keeps substitutes Chinese.
FONT_ALTERNATES = {
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "方正小标宋简体": "宋体",
    "黑体": "SimHei",
    "宋体": "SimSun",
    "仿宋": "FangSong",
    "楷体": "KaiTi",
}


# ---------------------------------------------------------------- small XML helpers

def _insert(parent, el, before: tuple[str, ...]) -> None:
    """Put `el` before the first existing child named in `before` (schema order), else last."""
    for name in before:
        ref = parent.find(qn(name))
        if ref is not None:
            ref.addprevious(el)
            return
    parent.append(el)


def _child(parent, tag: str, before: tuple[str, ...] = ()):
    """The first child `tag` of `parent`, created if missing (inserted before any of `before`)."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        _insert(parent, el, before)
    return el


def _replace(parent, tag: str, attrs: dict[str, str], before: tuple[str, ...] = ()):
    old = parent.find(qn(tag))
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(k), v)
    if old is not None:
        old.addprevious(el)
        parent.remove(old)
    else:
        _insert(parent, el, before)
    return el


def fonts_attrs(latin: str, east_asia: str) -> dict[str, str]:
    # hint=eastAsia: quotes “”, dashes and ellipses (shared code points) take the Chinese font.
    return {"w:ascii": latin, "w:hAnsi": latin, "w:eastAsia": east_asia, "w:cs": latin,
            "w:hint": "eastAsia"}


# rPr children order (CT_RPr sequence) for the elements we write.
_RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
              "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
              "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
              "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
              "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
              "w:specVanish", "w:oMath")
_PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
              "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
              "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
              "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
              "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
              "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
              "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _set_in_order(parent, order: tuple[str, ...], tag: str, attrs: dict[str, str] | None = None):
    """Replace child `tag`, keeping the schema's child order (Word rejects out-of-order XML)."""
    later = order[order.index(tag) + 1:]
    return _replace(parent, tag, attrs or {}, before=later)


def set_rpr(rpr, *, latin: str, east_asia: str, size_pt: float | None = None,
            bold: bool | None = None, black: bool = False, spacing: int | None = None) -> None:
    _set_in_order(rpr, _RPR_ORDER, "w:rFonts", fonts_attrs(latin, east_asia))
    if spacing is not None:
        _set_in_order(rpr, _RPR_ORDER, "w:spacing", {"w:val": str(spacing)})
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            _set_in_order(rpr, _RPR_ORDER, tag, {} if bold else {"w:val": "0"})
    for tag in ("w:i", "w:iCs"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    if black:
        _set_in_order(rpr, _RPR_ORDER, "w:color", {"w:val": "000000"})
    if size_pt is not None:
        half = str(round(size_pt * 2))
        _set_in_order(rpr, _RPR_ORDER, "w:sz", {"w:val": half})
        _set_in_order(rpr, _RPR_ORDER, "w:szCs", {"w:val": half})


def strip_theme_fonts(root) -> None:
    """Remove theme font references everywhere under `root`: they beat w:ascii/w:eastAsia."""
    for rfonts in root.iter(qn("w:rFonts")):
        for attr in THEME_ATTRS:
            rfonts.attrib.pop(qn(attr), None)


# ---------------------------------------------------------------- styles

def _style(styles_el, style_id: str, name: str, kind: str = "paragraph"):
    for el in styles_el.findall(qn("w:style")):
        if el.get(qn("w:styleId")) == style_id:
            return el
    el = OxmlElement("w:style")
    el.set(qn("w:type"), kind)
    el.set(qn("w:customStyle"), "1")
    el.set(qn("w:styleId"), style_id)
    name_el = OxmlElement("w:name")
    name_el.set(qn("w:val"), name)
    el.append(name_el)
    if kind == "paragraph":
        based = OxmlElement("w:basedOn")
        based.set(qn("w:val"), STYLE_NORMAL)
        el.append(based)
        q = OxmlElement("w:qFormat")
        el.append(q)
    styles_el.append(el)
    return el


def _fresh(style_el, tag: str):
    """Drop the template's pPr/rPr of a style and start an empty one (no borders, colours, spacing)."""
    old = style_el.find(qn(tag))
    if old is not None:
        style_el.remove(old)
    el = OxmlElement(tag)
    if tag == "w:pPr":
        rpr = style_el.find(qn("w:rPr"))
        if rpr is not None:
            rpr.addprevious(el)
            return el
    style_el.append(el)
    return el


def _para_props(ppr, layout: Layout, *, indent: bool, jc: str, keep_next: bool = False,
                outline: int | None = None, after_lines: int = 0, snap: bool = True) -> None:
    if keep_next:
        _set_in_order(ppr, _PPR_ORDER, "w:keepNext")
    _set_in_order(ppr, _PPR_ORDER, "w:widowControl", {"w:val": "0"})  # keep the 22-line grid
    if not snap:
        _set_in_order(ppr, _PPR_ORDER, "w:snapToGrid", {"w:val": "0"})
    _set_in_order(ppr, _PPR_ORDER, "w:spacing", {
        "w:before": "0", "w:beforeLines": "0", "w:after": str(layout.line_pitch * after_lines),
        "w:afterLines": str(100 * after_lines), "w:line": str(layout.line_pitch), "w:lineRule": "exact"})
    if indent:
        _set_in_order(ppr, _PPR_ORDER, "w:ind", {
            "w:firstLineChars": "200", "w:firstLine": str(layout.indent_2chars)})
    else:
        _set_in_order(ppr, _PPR_ORDER, "w:ind", {"w:firstLineChars": "0", "w:firstLine": "0"})
    _set_in_order(ppr, _PPR_ORDER, "w:jc", {"w:val": jc})
    if outline is not None:
        _set_in_order(ppr, _PPR_ORDER, "w:outlineLvl", {"w:val": str(outline)})


def configure_styles(document, layout: Layout, bold_headings: bool = False) -> None:
    styles_el = document.styles.element
    strip_theme_fonts(styles_el)

    # Document defaults: what any style we do not touch (tables, lists) falls back to.
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_rpr(rpr_default, latin=layout.latin_font, east_asia=layout.body_font, size_pt=layout.body_size_pt)
    _set_in_order(rpr_default, _RPR_ORDER, "w:lang",
                  {"w:val": "en-US", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"})
    ppr_default = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _set_in_order(ppr_default, _PPR_ORDER, "w:spacing",
                  {"w:after": "0", "w:line": str(layout.line_pitch), "w:lineRule": "exact"})

    normal = _style(styles_el, STYLE_NORMAL, "Normal")
    _para_props(_fresh(normal, "w:pPr"), layout, indent=True, jc="both")
    set_rpr(_fresh(normal, "w:rPr"), latin=layout.latin_font, east_asia=layout.body_font,
            size_pt=layout.body_size_pt, black=True, spacing=layout.char_spacing)

    title = _style(styles_el, STYLE_TITLE, "Title")
    # One blank line (a grid line) under the title, as GB/T 9704 places the body.
    _para_props(_fresh(title, "w:pPr"), layout, indent=False, jc="center", after_lines=1, snap=False)
    set_rpr(_fresh(title, "w:rPr"), latin=layout.latin_font, east_asia=layout.title_font,
            size_pt=layout.title_size_pt, bold=False, black=True, spacing=0)

    subtitle = _style(styles_el, STYLE_SUBTITLE, "Subtitle")
    _para_props(_fresh(subtitle, "w:pPr"), layout, indent=False, jc="center")
    set_rpr(_fresh(subtitle, "w:rPr"), latin=layout.latin_font, east_asia=layout.subtitle_font,
            size_pt=layout.body_size_pt, bold=False, black=True)

    for level, style_id in HEADING_STYLE_IDS.items():
        el = _style(styles_el, style_id, f"heading {level}")
        _para_props(_fresh(el, "w:pPr"), layout, indent=True, jc="both", keep_next=True,
                    outline=level - 1)
        set_rpr(_fresh(el, "w:rPr"), latin=layout.latin_font, east_asia=layout.heading_font(level),
                size_pt=layout.body_size_pt, bold=heading_bold(level, bold_headings), black=True)
        # The linked character style ("Heading 1 Char") is what Word applies to part of a paragraph.
        char = _style(styles_el, f"{style_id}Char", f"Heading {level} Char", kind="character")
        set_rpr(_fresh(char, "w:rPr"), latin=layout.latin_font, east_asia=layout.heading_font(level),
                size_pt=layout.body_size_pt, bold=heading_bold(level, bold_headings), black=True)
    for char_id, font, size in (("TitleChar", layout.title_font, layout.title_size_pt),
                                ("SubtitleChar", layout.subtitle_font, layout.body_size_pt)):
        char = _style(styles_el, char_id, char_id, kind="character")
        set_rpr(_fresh(char, "w:rPr"), latin=layout.latin_font, east_asia=font, size_pt=size,
                bold=False, black=True)

    signature = _style(styles_el, STYLE_SIGNATURE, "落款")
    _para_props(_fresh(signature, "w:pPr"), layout, indent=False, jc="right")

    footer = _style(styles_el, STYLE_FOOTER, "footer")
    fppr = _fresh(footer, "w:pPr")
    _set_in_order(fppr, _PPR_ORDER, "w:snapToGrid", {"w:val": "0"})
    _set_in_order(fppr, _PPR_ORDER, "w:spacing", {"w:after": "0", "w:line": "240", "w:lineRule": "auto"})
    _set_in_order(fppr, _PPR_ORDER, "w:ind", {"w:firstLineChars": "0", "w:firstLine": "0"})
    f = layout.page_number_font
    set_rpr(_fresh(footer, "w:rPr"), latin=f, east_asia=f, size_pt=layout.page_number_size_pt,
            black=True, spacing=0)


def heading_bold(level: int, bold_headings: bool) -> bool:
    # 黑体 is already heavy; the bold option is for the 楷体 and 仿宋 levels (2 and 3).
    return bold_headings and level in (2, 3)


# ---------------------------------------------------------------- page, settings, fonts

def configure_page(document, layout: Layout) -> None:
    section = document.sections[0]
    sect = section._sectPr
    _replace(sect, "w:pgSz", {"w:w": str(layout.page_w), "w:h": str(layout.page_h)},
             before=("w:pgMar",))
    _replace(sect, "w:pgMar", {
        "w:top": str(mm(layout.margin_top_mm)), "w:right": str(mm(layout.margin_right_mm)),
        "w:bottom": str(mm(layout.margin_bottom_mm)), "w:left": str(mm(layout.margin_left_mm)),
        "w:header": str(mm(15)), "w:footer": str(mm(layout.footer_mm)), "w:gutter": "0"},
        before=("w:pgNumType", "w:cols"))
    # Word's 页面设置 → 文档网格 "只指定行网格": 22 lines; the exact line spacing does the rest.
    _replace(sect, "w:docGrid", {"w:type": "lines", "w:linePitch": str(layout.line_pitch)})


def configure_settings(document, odd_even_footers: bool) -> None:
    settings = document.settings.element
    document.settings.odd_and_even_pages_header_footer = odd_even_footers
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def drop_template_leftovers(document) -> None:
    """Remove parts of python-docx's template that would contradict our styles: the Word 2010
    "stylesWithEffects" copy (still with theme fonts) and a thumbnail of an unrelated page."""
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(rid)
    package_rels = document.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package_rels.pop(rid)


def configure_font_table(document) -> None:
    """Declare the Chinese faces with a GB2312 charset and a common Windows alternate."""
    font_part = None
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            font_part = rel.target_part
    if font_part is None:
        return
    from lxml import etree

    root = etree.fromstring(font_part.blob)
    have = {el.get(qn("w:name")) for el in root.findall(qn("w:font"))}
    for name, alt in FONT_ALTERNATES.items():
        if name in have:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, val in (("w:altName", alt), ("w:charset", "86"), ("w:family", "modern"),
                         ("w:pitch", "fixed")):
            sub = etree.SubElement(font, qn(tag))
            sub.set(qn("w:val"), val)
    font_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ---------------------------------------------------------------- page numbers

def _run(parent, layout: Layout, text: str | None = None, fld: str | None = None, instr: str | None = None):
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    f = layout.page_number_font
    rfonts = OxmlElement("w:rFonts")
    for k, v in fonts_attrs(f, f).items():
        rfonts.set(qn(k), v)
    rpr.append(rfonts)
    r.append(rpr)
    if fld is not None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), fld)
        r.append(el)
    if instr is not None:
        el = OxmlElement("w:instrText")
        el.set(qn("xml:space"), "preserve")
        el.text = instr
        r.append(el)
    if text is not None:
        el = OxmlElement("w:t")
        el.set(qn("xml:space"), "preserve")
        el.text = text
        r.append(el)
    parent.append(r)


def _page_number_paragraph(footer, layout: Layout, align: str) -> None:
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    el = p._p
    for child in list(el):
        el.remove(child)
    ppr = OxmlElement("w:pPr")
    style = OxmlElement("w:pStyle")
    style.set(qn("w:val"), STYLE_FOOTER)
    ppr.append(style)
    one_char = str(round(layout.page_number_size_pt * 20))  # "one character in from the edge"
    ind = OxmlElement("w:ind")
    ind.set(qn("w:right" if align == "right" else "w:left"), one_char)
    ppr.append(ind)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), align)
    ppr.append(jc)
    el.append(ppr)
    _run(el, layout, text="— ")
    _run(el, layout, fld="begin")
    _run(el, layout, instr=" PAGE ")
    _run(el, layout, fld="separate")
    _run(el, layout, text="1")
    _run(el, layout, fld="end")
    _run(el, layout, text=" —")


def add_page_numbers(document, layout: Layout) -> None:
    """"— 1 —": odd pages at the right, even pages at the left (GB/T 9704 7.5)."""
    section = document.sections[0]
    section.footer.is_linked_to_previous = False
    _page_number_paragraph(section.footer, layout, "right")
    section.even_page_footer.is_linked_to_previous = False
    _page_number_paragraph(section.even_page_footer, layout, "left")
