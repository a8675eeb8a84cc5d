"""GB/T 9704-2012 layout audit of any .docx: what is really applied, not just declared.

Fonts and sizes are resolved the way Word does: run properties, then the run's character style,
then the paragraph style chain, then the document defaults; on each level a theme font
(w:eastAsiaTheme) beats the explicit w:eastAsia name, and is looked up in the theme part.
Each deviation names the clause of the standard and where it is (paragraph number, first words).
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from lxml import etree

from core.text.document import parse
from core.wordio.docx_import import (
    W_NAMESPACES,
    DocumentReadError,
    _corrupt,
    _main_part,
    _not_docx,
    _read_bytes,
    _xml,
)

TWIPS_PER_MM = 1440 / 25.4
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "http://purl.oclc.org/ooxml/officeDocument/relationships")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)

STD = "GB/T 9704-2012"
CLAUSE_PAPER = f"{STD} 5.1"
CLAUSE_MARGINS = f"{STD} 5.2.1"
CLAUSE_FONTS = f"{STD} 5.2.2"
CLAUSE_GRID = f"{STD} 5.2.3"
CLAUSE_TITLE = f"{STD} 7.3.1"
CLAUSE_BODY = f"{STD} 7.3.3"
CLAUSE_SIGN = f"{STD} 7.3.5"
CLAUSE_PAGE = f"{STD} 7.5"

MARGINS_MM = {"top": ("上边距（天头）", 37.0), "bottom": ("下边距", 35.0), "left": ("左边距（订口）", 28.0),
              "right": ("右边距", 26.0)}
# level -> (what the East Asian font name must contain, what the deviation says is expected)
HEADING_FONTS = {1: ("黑体", "黑体"), 2: ("楷体", "楷体（楷体_GB2312）"), 3: ("仿宋", "仿宋（仿宋_GB2312）"),
                 4: ("仿宋", "仿宋（仿宋_GB2312）")}
HEADING_LEVEL = {"cn": 1, "paren_cn": 2, "arabic": 3, "paren_arabic": 4}
LEVEL_NAMES = {1: "一级标题（一、）", 2: "二级标题（（一））", 3: "三级标题（1.）", 4: "四级标题（（1））"}
_DATE_LINE = re.compile(r"^\s*([0-9０-９]{4}|[〇零一二三四五六七八九○Ｏ]{4})\s*[年.\-/]\s*\S{1,3}\s*[月.\-/]\s*\S{1,3}\s*日?\s*$")
_GOOD_DATE = re.compile(r"^[1-9]\d{3}年[1-9]\d?月[1-9]\d?日$")
MAX_REPORTED = 3  # per item: the first places, then "等 N 处"


@dataclass(frozen=True, slots=True)
class Deviation:
    item: str
    expected: str
    found: str
    where: str
    clause: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


class _Styles:
    """Resolves paragraph and run properties through styles, defaults and the theme."""

    def __init__(self, styles_root, theme_root, w: str):
        self.w = w
        self._names: dict[str, str] = {}
        self._chains: dict[str | None, list] = {}
        self._ppr: dict[etree._Element, list] = {}
        self.by_id: dict[str, etree._Element] = {}
        self.default_para: str | None = None
        self.default_char: str | None = None
        self.rpr_default = self.ppr_default = None
        if styles_root is not None:
            for st in styles_root.iter(self.q("style")):
                sid = st.get(self.q("styleId"))
                if sid:
                    self.by_id[sid] = st
                if st.get(self.q("default")) in ("1", "true", "on"):
                    kind = st.get(self.q("type"))
                    if kind == "paragraph":
                        self.default_para = sid
                    elif kind == "character":
                        self.default_char = sid
            dd = styles_root.find(self.q("docDefaults"))
            if dd is not None:
                self.rpr_default = dd.find(f"{self.q('rPrDefault')}/{self.q('rPr')}")
                self.ppr_default = dd.find(f"{self.q('pPrDefault')}/{self.q('pPr')}")
        self.theme = self._theme_fonts(theme_root)

    def q(self, tag: str) -> str:
        name = self._names.get(tag)
        if name is None:
            name = self._names[tag] = f"{{{self.w}}}{tag}"
        return name

    @staticmethod
    def _theme_fonts(theme_root) -> dict[str, str]:
        out: dict[str, str] = {}
        if theme_root is None:
            return out
        for which in ("major", "minor"):
            font = theme_root.find(f".//{{{A_NS}}}{which}Font")
            if font is None:
                continue
            ea = font.find(f"{{{A_NS}}}ea")
            face = ea.get("typeface", "") if ea is not None else ""
            if not face:  # an empty ea: Word uses the script font for Simplified Chinese
                for f in font.findall(f"{{{A_NS}}}font"):
                    if f.get("script") == "Hans":
                        face = f.get("typeface", "")
            latin = font.find(f"{{{A_NS}}}latin")
            out[f"{which}EastAsia"] = face
            out[f"{which}HAnsi"] = latin.get("typeface", "") if latin is not None else ""
            out[f"{which}Ascii"] = out[f"{which}HAnsi"]
        return out

    def chain(self, style_id: str | None) -> list[etree._Element]:
        cached = self._chains.get(style_id)
        if cached is None:
            cached = self._chains[style_id] = self._chain(style_id)
        return cached

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        out, seen = [], set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            st = self.by_id[style_id]
            out.append(st)
            based = st.find(self.q("basedOn"))
            style_id = based.get(self.q("val")) if based is not None else None
        return out

    def para_style(self, p) -> str | None:
        ps = p.find(f"{self.q('pPr')}/{self.q('pStyle')}")
        return ps.get(self.q("val")) if ps is not None else self.default_para

    def ppr_levels(self, p) -> list:
        cached = self._ppr.get(p)
        if cached is None:
            cached = self._ppr[p] = self._ppr_levels(p)
        return cached

    def _ppr_levels(self, p) -> list:
        levels = [p.find(self.q("pPr"))]
        levels += [st.find(self.q("pPr")) for st in self.chain(self.para_style(p))]
        levels.append(self.ppr_default)
        return [lv for lv in levels if lv is not None]

    def rpr_levels(self, p, r) -> list:
        levels = [r.find(self.q("rPr"))] if r is not None else []
        rs = r.find(f"{self.q('rPr')}/{self.q('rStyle')}") if r is not None else None
        char_id = rs.get(self.q("val")) if rs is not None else self.default_char
        levels += [st.find(self.q("rPr")) for st in self.chain(char_id)]
        levels += [st.find(self.q("rPr")) for st in self.chain(self.para_style(p))]
        levels.append(self.rpr_default)
        return [lv for lv in levels if lv is not None]

    def ppr_attr(self, p, tag: str, attr: str) -> str | None:
        for lv in self.ppr_levels(p):
            el = lv.find(self.q(tag))
            if el is not None and el.get(self.q(attr)) is not None:
                return el.get(self.q(attr))
        return None

    def east_asia_font(self, p, r) -> tuple[str, bool]:
        """(font name, came from the theme)."""
        for lv in self.rpr_levels(p, r):
            fonts = lv.find(self.q("rFonts"))
            if fonts is None:
                continue
            theme = fonts.get(self.q("eastAsiaTheme"))
            if theme:
                return self.theme.get(theme, theme), True
            name = fonts.get(self.q("eastAsia"))
            if name:
                return name, False
        return "", False

    def size_pt(self, p, r) -> float:
        for lv in self.rpr_levels(p, r):
            sz = lv.find(self.q("sz"))
            if sz is not None and sz.get(self.q("val"), "").isdigit():
                return int(sz.get(self.q("val"))) / 2
        return 10.0  # Word's built-in default

    def spacing_twips(self, p, r) -> int:
        for lv in self.rpr_levels(p, r):
            sp = lv.find(self.q("spacing"))
            if sp is not None:
                try:
                    return int(sp.get(self.q("val"), "0"))
                except ValueError:
                    return 0
        return 0


@dataclass
class _Para:
    n: int  # 1-based, as a user counts paragraphs
    el: etree._Element
    text: str

    def where(self) -> str:
        head = self.text.strip()
        return f"第 {self.n} 段「{head[:12]}{'…' if len(head) > 12 else ''}」"


def _read(path: Path):
    raw = _read_bytes(path)
    if not raw.startswith(b"PK"):
        raise _not_docx(path, raw)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            main = _main_part(zf, path)
            root = _xml(zf, main, path)
            names = set(zf.namelist())
            rels_name = posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels")
            rels = {}
            if rels_name in names:
                for rel in etree.fromstring(zf.read(rels_name), _PARSER):
                    if rel.get("TargetMode") == "External":
                        continue
                    target = rel.get("Target", "")
                    name = target.lstrip("/") if target.startswith("/") else \
                        posixpath.normpath(posixpath.join(posixpath.dirname(main), target))
                    rels[rel.get("Id")] = (rel.get("Type", ""), name)
            parts = {}
            for _rid, (rtype, name) in rels.items():
                if name in names and rtype.rsplit("/", 1)[-1] in ("styles", "theme", "settings", "footer"):
                    try:
                        parts[name] = etree.fromstring(zf.read(name), _PARSER)
                    except etree.XMLSyntaxError:
                        pass
    except DocumentReadError:
        raise
    except Exception as e:
        raise _corrupt(path, "压缩包结构损坏") from e
    return root, rels, parts


def _part(rels, parts, kind: str):
    for rtype, name in rels.values():
        if rtype.rsplit("/", 1)[-1] == kind and name in parts:
            return parts[name]
    return None


def _mm(twips: str | None) -> float | None:
    try:
        return int(float(twips)) / TWIPS_PER_MM
    except (TypeError, ValueError):
        return None


def _font_ok(found: str, want: str) -> bool:
    return want in found


def audit_docx(path: str | os.PathLike) -> list[Deviation]:
    """Deviations of the .docx from the GB/T 9704-2012 layout. Raises DocumentReadError."""
    path = Path(path)
    root, rels, parts = _read(path)
    w = etree.QName(root).namespace or W_NAMESPACES[0]
    if w not in W_NAMESPACES or root.find(f"{{{w}}}body") is None:
        raise _corrupt(path, "缺少文档正文")
    q = lambda tag: f"{{{w}}}{tag}"  # noqa: E731
    styles = _Styles(_part(rels, parts, "styles"), _part(rels, parts, "theme"), w)
    body = root.find(q("body"))
    out: list[Deviation] = []
    sect = body.find(q("sectPr"))
    if sect is None:
        sects = list(body.iter(q("sectPr")))
        sect = sects[-1] if sects else None
    text_w, text_h = _page(sect, q, out)
    paras = _paragraphs(body, q)
    doc = parse("\n".join(p.text for p in paras))
    _grid(sect, paras, doc, styles, text_w, text_h, q, out)
    _title_and_body(paras, doc, styles, q, out)
    _signature(paras, styles, q, out)
    _page_numbers(sect, rels, parts, styles, q, out)
    return out


def _page(sect, q, out: list[Deviation]) -> tuple[float, float]:
    pg = sect.find(q("pgSz")) if sect is not None else None
    mar = sect.find(q("pgMar")) if sect is not None else None
    wmm = _mm(pg.get(q("w"))) if pg is not None else None
    hmm = _mm(pg.get(q("h"))) if pg is not None else None
    if wmm is None or hmm is None:
        wmm, hmm = 215.9, 279.4  # Word's default without a page size is US Letter
    if pg is not None and pg.get(q("orient")) == "landscape":
        wmm, hmm = min(wmm, hmm), max(wmm, hmm)
    if abs(wmm - 210) > 1 or abs(hmm - 297) > 1:
        out.append(Deviation("纸张", "A4（210 mm × 297 mm）", f"{wmm:.0f} mm × {hmm:.0f} mm", "页面设置", CLAUSE_PAPER))
    got = {}
    for side, (label, want) in MARGINS_MM.items():
        v = _mm(mar.get(q(side))) if mar is not None else None
        v = abs(v) if v is not None else 25.4
        got[side] = v
        if abs(v - want) > 1:
            out.append(Deviation(label, f"{want:.0f} mm ± 1 mm", f"{v:.1f} mm", "页面设置", CLAUSE_MARGINS))
    return (wmm - got["left"] - got["right"]) * TWIPS_PER_MM, (hmm - got["top"] - got["bottom"]) * TWIPS_PER_MM


def _paragraphs(body, q) -> list[_Para]:
    """Top-level body paragraphs with text (tables and text boxes have their own layout)."""
    out: list[_Para] = []
    skip = {q("del"), q("moveFrom"), q("instrText"), q("delText"), q("txbxContent"), q("pPr")}

    def text_of(p) -> str:
        parts: list[str] = []

        def walk(el):
            for c in el:
                if not isinstance(c.tag, str) or c.tag in skip:
                    continue
                if c.tag == q("t"):
                    parts.append(c.text or "")
                elif c.tag == q("tab"):
                    parts.append("\t")
                else:
                    walk(c)
        walk(p)
        return "".join(parts).replace("\n", " ")

    def blocks(container):
        for child in container:
            if child.tag == q("p"):
                t = text_of(child)
                if t.strip():
                    out.append(_Para(len(out) + 1, child, t))
            elif child.tag in (q("sdt"), q("customXml")):
                content = child.find(q("sdtContent"))
                blocks(content if content is not None else child)

    blocks(body)
    return out


def _text_runs(p, q):
    """(run, number of CJK characters) for runs with text, in order."""
    out = []
    for r in p.iter(q("r")):
        t = "".join(x.text or "" for x in r.findall(q("t")))
        if t.strip():
            out.append((r, sum(1 for c in t if "\u3400" <= c <= "\u9fff"), t))
    return out


def _main_run(p, q):
    runs = _text_runs(p, q)
    if not runs:
        return None
    return max(runs, key=lambda x: (x[1], len(x[2])))[0]


def _body_paras(paras: list[_Para], doc) -> list[tuple[_Para, int]]:
    """(paragraph, heading level or 0) for everything but the title and the signature block."""
    by_par = {h.paragraph: h for h in doc.headings}
    title_i = doc.title.index if doc.title is not None else -1
    out = []
    for i, p in enumerate(paras):
        if i == title_i:
            continue
        h = by_par.get(i)
        out.append((p, HEADING_LEVEL.get(h.style, 0) if h is not None else 0))
    return out


def _grid(sect, paras, doc, styles: _Styles, text_w, text_h, q, out):
    # The grid is measured on a body paragraph: the first long one, else the longest.
    body = [p for p, level in _body_paras(paras, doc) if level == 0]
    sample = next((p for p in body if len(p.text) > 20), max(body, key=lambda p: len(p.text), default=None))
    grid = sect.find(q("docGrid")) if sect is not None else None
    gtype = grid.get(q("type")) if grid is not None else None
    pitch = None
    try:
        pitch = int(grid.get(q("linePitch"))) if grid is not None and gtype in ("lines", "linesAndChars",
                                                                               "snapToChars") else None
    except (TypeError, ValueError):
        pitch = None
    line = None
    if sample is not None:
        rule = styles.ppr_attr(sample.el, "spacing", "lineRule") or "auto"
        val = styles.ppr_attr(sample.el, "spacing", "line")
        if val and val.lstrip("-").isdigit() and rule in ("exact", "atLeast"):
            line = abs(int(val))
        elif pitch is None:
            size = styles.size_pt(sample.el, _main_run(sample.el, q))
            mult = int(val) / 240 if val and val.isdigit() else 1.0
            line = round(size * 20 * 1.3 * mult)  # single spacing ≈ 1.3 × the font size
        else:
            line = pitch
    if line:
        lines = int(text_h // line + 0.01)
        if lines != 22:
            where = sample.where() if sample is not None else "页面设置"
            out.append(Deviation("每页行数", "22 行（行距约 28.95 磅）", f"{lines} 行（行距 {line / 20:.2f} 磅）",
                                 where, CLAUSE_GRID))
    if sample is not None:
        run = _main_run(sample.el, q)
        size_tw = styles.size_pt(sample.el, run) * 20
        char_pitch = size_tw + styles.spacing_twips(sample.el, run)
        if gtype in ("linesAndChars", "snapToChars") and grid.get(q("charSpace")):
            try:
                char_pitch = size_tw + int(grid.get(q("charSpace"))) * 20 / 4096
            except ValueError:
                pass
        chars = int(text_w // max(1.0, char_pitch) + 0.01)
        if chars != 28:
            out.append(Deviation("每行字数", "28 字", f"{chars} 字", sample.where(), CLAUSE_GRID))


def _report(out, item, expected, found_where: dict[str, list[str]], clause):
    for found, wheres in found_where.items():
        more = f" 等 {len(wheres)} 处" if len(wheres) > MAX_REPORTED else ""
        out.append(Deviation(item, expected, found, "；".join(wheres[:MAX_REPORTED]) + more, clause))


def _font_label(name: str, theme: bool) -> str:
    return f"{name or '未指定'}（主题字体）" if theme else (name or "未指定")


def _title_and_body(paras, doc, styles: _Styles, q, out):
    if doc.title is not None:
        p = paras[doc.title.index]
        run = _main_run(p.el, q)
        font, theme = styles.east_asia_font(p.el, run)
        size = styles.size_pt(p.el, run)
        if not _font_ok(font, "小标宋") or theme:
            out.append(Deviation("标题字体", "方正小标宋简体（2号小标宋）", _font_label(font, theme), p.where(), CLAUSE_TITLE))
        if abs(size - 22) > 0.25:
            out.append(Deviation("标题字号", "2号（22 磅）", f"{size:g} 磅", p.where(), CLAUSE_TITLE))
    fonts: dict[str, list[str]] = {}
    sizes: dict[str, list[str]] = {}
    indents: dict[str, list[str]] = {}
    spacing: dict[str, list[str]] = {}
    heading_fonts: dict[int, dict[str, list[str]]] = {}
    signature = set(_signature_indices(paras))
    for p, level in _body_paras(paras, doc):
        if p.n - 1 in signature:
            continue
        run = _main_run(p.el, q) if level == 0 else (_text_runs(p.el, q) or [(None,)])[0][0]
        font, theme = styles.east_asia_font(p.el, run)
        size = styles.size_pt(p.el, run)
        if level:
            want, label = HEADING_FONTS[level]
            if not _font_ok(font, want) or theme:
                heading_fonts.setdefault(level, {}).setdefault(_font_label(font, theme), []).append(p.where())
        elif not _font_ok(font, "仿宋") or theme:
            fonts.setdefault(_font_label(font, theme), []).append(p.where())
        if abs(size - 16) > 0.25:
            sizes.setdefault(f"{size:g} 磅", []).append(p.where())
        chars = styles.ppr_attr(p.el, "ind", "firstLineChars")
        first = styles.ppr_attr(p.el, "ind", "firstLine")
        hanging = styles.ppr_attr(p.el, "ind", "hanging")
        jc = styles.ppr_attr(p.el, "jc", "val") or "left"
        if jc in ("center", "right", "end"):
            continue  # centred or right-set lines (a byline, a subtitle) are not indented paragraphs
        ok = False
        if chars is not None and chars.lstrip("-").isdigit() and int(chars) != 0:
            ok = abs(int(chars) - 200) <= 10
        elif first is not None and first.isdigit():
            ok = abs(int(first) - size * 40) <= size * 4
        if hanging:
            ok = False
        if not ok:
            if chars and chars.lstrip("-").isdigit() and int(chars):
                got = f"{int(chars) / 100:g} 字"
            elif first and first.isdigit() and int(first):
                got = f"{int(first) / (size * 20):.1f} 字"
            else:
                got = "悬挂缩进" if hanging else "无缩进"
            indents.setdefault(got, []).append(p.where())
        rule = styles.ppr_attr(p.el, "spacing", "lineRule") or "auto"
        line = styles.ppr_attr(p.el, "spacing", "line")
        if rule == "auto" and line and line.isdigit() and int(line) != 240:
            spacing.setdefault(f"{int(line) / 240:g} 倍行距", []).append(p.where())
        elif rule in ("exact", "atLeast") and line and line.isdigit() and abs(int(line) - 579) > 12:
            spacing.setdefault(f"{'固定值' if rule == 'exact' else '最小值'} {int(line) / 20:g} 磅", []).append(p.where())
    _report(out, "正文字体", "仿宋（3号仿宋体字）", fonts, CLAUSE_BODY)
    _report(out, "正文字号", "3号（16 磅）", sizes, CLAUSE_FONTS)
    _report(out, "首行缩进", "2 字（每个自然段左空二字）", indents, CLAUSE_BODY)
    _report(out, "行距", "固定值约 28.95 磅（每页 22 行）", spacing, CLAUSE_GRID)
    for level in sorted(heading_fonts):
        _report(out, f"{LEVEL_NAMES[level]}字体", HEADING_FONTS[level][1], heading_fonts[level], CLAUSE_BODY)


def _signature_indices(paras: list[_Para]) -> list[int]:
    """The date line near the end and the short lines right above it (unit, name)."""
    for i in range(len(paras) - 1, max(-1, len(paras) - 4), -1):
        if _DATE_LINE.match(paras[i].text.strip()):
            out = [i]
            j = i - 1
            while j >= 0 and i - j <= 2 and len(paras[j].text.strip()) <= 30 and \
                    not re.search(r"[。；：，]$", paras[j].text.strip()):
                out.append(j)
                j -= 1
            return out
    return []


def _signature(paras, styles: _Styles, q, out):
    idx = _signature_indices(paras)
    if not idx:
        return
    date = paras[idx[0]]
    text = re.sub(r"\s", "", date.text)
    if not _GOOD_DATE.match(text):
        out.append(Deviation("成文日期", "阿拉伯数字，年份写全，月日不编虚位（如 2024年1月5日）", text,
                             date.where(), CLAUSE_SIGN))
    for i in sorted(idx):
        p = paras[i]
        jc = styles.ppr_attr(p.el, "jc", "val") or "left"
        left = styles.ppr_attr(p.el, "ind", "left") or styles.ppr_attr(p.el, "ind", "start") or "0"
        right_set = jc in ("right", "end") or (left.isdigit() and int(left) > 3000)
        if not right_set:
            out.append(Deviation("落款位置", "署名和日期居右（右空二字或四字）", "左对齐", p.where(), CLAUSE_SIGN))


def _page_numbers(sect, rels, parts, styles: _Styles, q, out):
    where = "页脚"
    refs = {}
    if sect is not None:
        for ref in sect.findall(q("footerReference")):
            rid = None
            for ns in R_NS:
                rid = rid or ref.get(f"{{{ns}}}id")
            if rid in rels and rels[rid][1] in parts:
                refs[ref.get(q("type"), "default")] = parts[rels[rid][1]]
    footers = {k: v for k, v in refs.items() if _page_field(v, q) is not None}
    if not footers:
        out.append(Deviation("页码", "“— 1 —”，4号宋体，单页居右、双页居左", "未设置页码", where, CLAUSE_PAGE))
        return
    settings = _part(rels, parts, "settings")
    odd_even = settings is not None and settings.find(q("evenAndOddHeaders")) is not None and \
        settings.find(q("evenAndOddHeaders")).get(q("val"), "true") not in ("0", "false", "off")
    for kind, root in footers.items():
        p = _page_field(root, q)
        text = "".join(t.text or "" for t in p.iter(q("t")))
        if not re.fullmatch(r"\s*[—―]\s*\d+\s*[—―]\s*", text):
            out.append(Deviation("页码格式", "— 1 —（数字左右各一条一字线）", text.strip() or "只有数字", where, CLAUSE_PAGE))
        runs = [r for r in p.iter(q("r")) if r.find(q("t")) is not None]
        size = styles.size_pt(p, runs[0] if runs else None)
        if abs(size - 14) > 0.25:
            out.append(Deviation("页码字号", "4号（14 磅）", f"{size:g} 磅", where, CLAUSE_PAGE))
        jc = styles.ppr_attr(p, "jc", "val") or "left"
        if kind == "default" and odd_even and jc not in ("right", "end"):
            out.append(Deviation("页码位置", "单页码居右空一字", _JC.get(jc, jc), "单页页脚", CLAUSE_PAGE))
        if kind == "even" and jc not in ("left", "start"):
            out.append(Deviation("页码位置", "双页码居左空一字", _JC.get(jc, jc), "双页页脚", CLAUSE_PAGE))
    if not odd_even or "even" not in footers:
        jc = styles.ppr_attr(_page_field(next(iter(footers.values())), q), "jc", "val") or "left"
        out.append(Deviation("页码位置", "单页码居右、双页码居左（奇偶页不同）",
                             f"各页相同（{_JC.get(jc, jc)}）", where, CLAUSE_PAGE))


_JC = {"left": "居左", "start": "居左", "center": "居中", "right": "居右", "end": "居右", "both": "两端对齐"}


def _page_field(footer_root, q):
    """The footer paragraph holding a PAGE field, or None."""
    for p in footer_root.iter(q("p")):
        instr = "".join(t.text or "" for t in p.iter(q("instrText")))
        simple = " ".join(f.get(q("instr"), "") for f in p.iter(q("fldSimple")))
        if re.search(r"\bPAGE\b", instr + " " + simple, re.I):
            return p
    return None


def reflow_docx(in_path: str | os.PathLike, out_path: str | os.PathLike, options=None) -> None:
    """按公文格式重排: a new .docx in our official layout with IN's text. Raises DocumentReadError,
    ExportError; refuses to write over IN."""
    from core.wordio.docx_export import ExportError, ExportOptions, export_docx
    from core.wordio.docx_import import import_file
    from core.wordio.review import same_file

    in_path, out_path = Path(in_path), Path(out_path)
    if same_file(in_path, out_path):
        raise ExportError("重排后的文件不能与原文件相同：请另选一个文件名，原文件不会被改写。", out_path)
    imported = import_file(in_path)
    export_docx(imported.text, out_path, options or ExportOptions(title=imported.title_guess))
