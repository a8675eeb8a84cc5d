"""Export a report's text to Word (.docx) in the official layout (GB/T 9704-2012, DESIGN 6).

Paragraph roles come from `core.text.document.parse`: the title line gets the Title style, standalone
headings Heading 1-4, run-in headings ("（一）加强理论学习。本人……") stay body paragraphs whose
heading part is a separate run in the heading level's font, as official documents set them.
Blank lines are dropped (official documents space by the grid, not by empty paragraphs).

The body XML is built as one string and parsed once: python-docx's per-run API is ~10x slower,
and a 30 000-character report must export in well under a second.
"""

from __future__ import annotations

import datetime as _dt
import errno
import io
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from core.common.atomic import atomic_write_bytes, name_problem
from core.text.document import parse
from core.text.spaces import INDENT_WS
from core.wordio.docx_styles import (
    HEADING_STYLE_IDS,
    STYLE_SIGNATURE,
    STYLE_SUBTITLE,
    STYLE_TITLE,
    Layout,
    add_page_numbers,
    configure_font_table,
    configure_page,
    configure_settings,
    configure_styles,
    drop_template_leftovers,
    heading_bold,
)

Progress = Callable[[int, int], None]

# Characters XML 1.0 cannot hold; a pasted control character must not make the export fail.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SENTENCE_PUNCT = re.compile(r"[。，,；;：:！!？?]")
_BYLINE_MAX = 30
_SUBTITLE_RE = re.compile(r"^(—|（.*）$|\(.*\)$)")
_BYLINE_GAP = re.compile(r"\S[ \u3000]+\S")


class ExportError(Exception):
    """Export failed; the message is Chinese and says what to do. Nothing at the target was lost."""

    def __init__(self, message: str, path: Path | None = None):
        super().__init__(message)
        self.message = message
        self.path = path


@dataclass(slots=True)
class ExportOptions:
    title: str | None = None  # document property; printed only when the text has no title line
    author: str | None = None
    unit: str | None = None
    position: str | None = None  # 职务, before the name in the 落款 ("述职人：党支部书记 张三")
    date: _dt.date | str | None = None
    bold_headings: bool = False  # bold for the 楷体 (level 2) and 仿宋 (level 3) headings
    signature: bool = False  # 单位 / 述职人 / 日期 right-aligned after the body
    signature_label: str = "述职人："
    page_numbers: bool = True
    layout: Layout = field(default_factory=Layout)


# ---------------------------------------------------------------- text helpers

def format_date(value: _dt.date | str | None) -> str:
    """2024年12月20日 (Arabic numerals, no leading zeros: GB/T 9704 7.3.5.3)."""
    if value is None:
        return ""
    if isinstance(value, _dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    m = re.fullmatch(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*", value)
    if m:
        return f"{int(m.group(1))}年{int(m.group(2))}月{int(m.group(3))}日"
    return value.strip()


def _units(s: str) -> float:
    """Width in character cells: ASCII letters and digits are half-width."""
    return sum(0.5 if ord(c) < 128 else 1.0 for c in s)


def _display_units(s: str) -> float:
    """_units plus the quarter-character gap Word and WPS put between Chinese and digits/Latin."""
    gaps = sum(1 for x, y in zip(s, s[1:], strict=False) if (ord(x) < 128) != (ord(y) < 128))
    return _units(s) + 0.25 * gaps


_NO_LINE_START = set("，。、；：！？）》」』”’,.;:!?)%")
_NO_LINE_END = set("（《「『“‘(")
_TAILS = ("对照检查材料", "检视剖析材料", "述职述责述廉报告", "述职报告", "工作报告", "情况报告",
          "工作总结", "发言提纲", "报告", "总结")
_ORG_ENDS = ("委员会", "党委", "党组", "党工委", "党支部", "党总支", "支部")
_POSTS = ("书记", "副书记", "委员", "主任", "同志", "班子", "领导班子")
# Words a title line must not be broken inside (no jieba here: loading it costs over a second).
_TITLE_WORDS = ("全面从严治党", "主体责任", "第一责任人", "抓基层党建", "基层党建", "党建工作",
                "述职述责述廉", "述职报告", "民主生活会", "组织生活会", "领导班子", "对照检查材料",
                "检视剖析材料", "党风廉政建设", "意识形态", "责任制", "党组织", "党支部", "党总支",
                "党工委", "委员会", "副书记", "书记", "履行", "情况", "工作", "年度", "报告", "总结",
                "问题", "整改", "落实", "中共", "机关")


def _inside_word(title: str, i: int) -> bool:
    for w in _TITLE_WORDS:
        j = title.find(w)
        while j != -1:
            if j < i < j + len(w):
                return True
            j = title.find(w, j + 1)
    return False


def _break_quality(a: str, b: str) -> float:
    """How natural a line break between `a` and `b` is (higher is better)."""
    if a.endswith("关于") and len(a) <= 4:
        return -6  # "关于" alone on a line reads badly
    if b.startswith(_POSTS) and a.endswith(_ORG_ENDS):
        return -5  # "…委员会 / 书记…" splits a post from its organisation
    score = 0.0
    if a[-1] in "、，：—" or a.endswith("的"):
        score += 4
    if any(b.startswith(t) for t in _TAILS):
        score += 4
    if re.match(r"\d{4}", b):
        score += 4  # before the year: "…书记 / 2024年度…"
    if a.endswith(_POSTS) or a.endswith(_ORG_ENDS) or a.endswith("年度"):
        score += 3
    return score


def split_title(title: str, per_line: int) -> list[str]:
    """Split a title that does not fit one line into two centred lines at a natural point.

    Word would wrap a centred title wherever the line fills up, often inside a word
    (“述职报|告”); official practice breaks between words with lines of similar length.
    Titles needing three or more lines are left to Word's wrapping.
    """
    if _units(title) <= per_line:
        return [title]
    best: tuple[float, int] | None = None
    for i in range(1, len(title)):
        a, b = title[:i], title[i:]
        if _units(a) > per_line or _units(b) > per_line:
            continue
        if b[0] in _NO_LINE_START or a[-1] in _NO_LINE_END:
            continue
        if a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
            continue  # never inside 2024 or a Latin word
        score = -abs(_units(a) - _units(b)) + _break_quality(a, b)
        if _inside_word(title, i):
            score -= 8
        if best is None or score > best[0]:
            best = (score, i)
    if best is None:
        return [title]
    return [title[: best[1]], title[best[1]:]]


# ---------------------------------------------------------------- XML building

_W_NS = nsdecls("w")


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _attr(value: str) -> str:
    return escape(_clean(value), {'"': "&quot;"})


def _run_xml(text: str, latin: str, east_asia: str, bold: bool | None = None,
             breaks: bool = False) -> str:
    latin, east_asia = _attr(latin), _attr(east_asia)  # font names may come from the export dialog
    rpr = (f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" '
           f'w:cs="{latin}" w:hint="eastAsia"/>')
    if bold is not None:
        rpr += "<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>'
    parts: list[str] = []
    lines = text.split("\n") if breaks else [text]
    for n, line in enumerate(lines):
        if n:
            parts.append("<w:br/>")
        for k, piece in enumerate(_clean(line).split("\t")):
            if k:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"<w:r><w:rPr>{rpr}</w:rPr>{''.join(parts)}</w:r>"


def _para_xml(runs: str, style: str | None = None, extra_ppr: str = "") -> str:
    ppr = (f'<w:pStyle w:val="{style}"/>' if style else "") + extra_ppr
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{runs}</w:p>"


@dataclass(slots=True)
class _Block:
    kind: str  # title | subtitle | heading | runin | body | salutation
    text: str
    level: int = 0
    head: str = ""


def plan_blocks(text: str, options: ExportOptions) -> list[_Block]:
    """Decide each exported paragraph's role; blank lines are dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    doc = parse(text)
    by_par = {h.paragraph: h for h in doc.headings}
    first_heading = min(by_par) if by_par else len(doc.paragraphs)
    blocks: list[_Block] = []
    if doc.title is None and options.title and options.title.strip():
        blocks.append(_Block("title", options.title.strip()))
    title_index = doc.title.index if doc.title is not None else None
    byline_window = title_index is not None  # lines right under the title may be a byline
    for p in doc.paragraphs:
        t = p.text.strip(INDENT_WS)
        if not t:
            continue
        if p.index == title_index:
            blocks.append(_Block("title", t))
            continue
        h = by_par.get(p.index)
        if h is not None:
            byline_window = False
            blocks.append(_heading_block(p.text, p.start, h))
            continue
        if byline_window and len(blocks) <= 3 and _is_byline(t):
            blocks.append(_Block("subtitle", t))
            continue
        byline_window = False
        if p.index < first_heading and len(t) <= 30 and t[-1] in "：:" and "。" not in t:
            blocks.append(_Block("salutation", t))  # 各位领导、同志们： starts at the margin
            continue
        blocks.append(_Block("body", t))
    return blocks


def _is_byline(t: str) -> bool:
    """A line under the title naming the speaker or occasion: "——在…会上的述职",
    "（2024年12月20日）", "述职人：张三", "机关党委书记　张三" (post and name apart)."""
    if len(t) > 40:
        return False
    if _SUBTITLE_RE.match(t) or t.startswith(("述职人", "报告人", "汇报人")):
        return True
    return len(t) <= _BYLINE_MAX and bool(_BYLINE_GAP.search(t)) and not _SENTENCE_PUNCT.search(t)


def _heading_block(raw: str, par_start: int, h) -> _Block:
    t = raw.strip(INDENT_WS)
    if not h.run_in:
        return _Block("heading", t, h.level)
    lead = len(raw) - len(raw.lstrip(INDENT_WS))
    head = raw[lead: h.end - par_start]
    rest = raw[h.end - par_start:].rstrip(INDENT_WS)
    if not rest.strip(INDENT_WS):
        # The parser calls a long one-sentence item run-in; it is body text that starts with a number.
        return _Block("body", t) if len(t) > 60 else _Block("heading", t, h.level)
    return _Block("runin", rest, h.level, head)


def _body_xml(blocks: list[_Block], options: ExportOptions, progress: Progress | None,
              total: int) -> str:
    lay = options.layout
    latin, body_font = lay.latin_font, lay.body_font
    per_line = int(lay.text_width / 20 // lay.title_size_pt)
    no_indent = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
    out: list[str] = []
    step = max(1, len(blocks) // 50)
    for n, b in enumerate(blocks):
        if b.kind == "title":
            lines = "\n".join(split_title(b.text, per_line))
            out.append(_para_xml(_run_xml(lines, latin, lay.title_font, breaks=True), STYLE_TITLE))
        elif b.kind == "subtitle":
            out.append(_para_xml(_run_xml(b.text, latin, lay.subtitle_font), STYLE_SUBTITLE))
        elif b.kind == "heading":
            # Bold comes from the Heading style alone, so restyling in Word applies everywhere.
            out.append(_para_xml(_run_xml(b.text, latin, lay.heading_font(b.level)),
                                 HEADING_STYLE_IDS[b.level]))
        elif b.kind == "runin":
            bold = heading_bold(b.level, options.bold_headings)
            runs = (_run_xml(b.head, latin, lay.heading_font(b.level), bold)
                    + _run_xml(b.text, latin, body_font))
            out.append(_para_xml(runs))
        elif b.kind == "salutation":
            out.append(_para_xml(_run_xml(b.text, latin, body_font), extra_ppr=no_indent))
        else:
            out.append(_para_xml(_run_xml(b.text, latin, body_font)))
        if progress is not None and (n + 1) % step == 0:
            progress(n + 1, total)
    out.extend(_signature_xml(options))
    return "".join(out)


def signature_lines(options: ExportOptions) -> list[tuple[str, float]]:
    """单位 / 述职人 / 日期 and how many characters each sits in from the right margin: the date 4
    characters in, the other lines centred over it. Empty without a signature. (Word export and print.)"""
    if not options.signature:
        return []
    lines: list[str] = []
    if options.unit and options.unit.strip():
        lines.append(options.unit.strip())
    if options.author and options.author.strip():
        who = " ".join(x.strip() for x in (options.position or "", options.author) if x and x.strip())
        lines.append(f"{options.signature_label}{who}")
    date = format_date(options.date)
    if not lines and not date:
        return []
    date_width = _display_units(date) if date else max(_display_units(s) for s in lines)
    return [(line, max(0.0, 4 + (date_width - _display_units(line)) / 2))
            for line in lines + ([date] if date else [])]


def _signature_xml(options: ExportOptions) -> list[str]:
    lay = options.layout
    char = lay.body_size_pt * 20
    planned = signature_lines(options)
    out = []
    for i, (line, chars) in enumerate(planned):
        spacing = ""
        if i == 0:  # one empty grid line between the body and the signature
            spacing = (f'<w:spacing w:before="{lay.line_pitch}" w:beforeLines="100" '
                       f'w:line="{lay.line_pitch}" w:lineRule="exact"/>')
        ind = f'<w:ind w:rightChars="{round(chars * 100)}" w:right="{round(chars * char)}"/>'
        # The block stays on one page: each line keeps with the next, none is split.
        keep = ("<w:keepNext/>" if i < len(planned) - 1 else "") + "<w:keepLines/>"
        out.append(_para_xml(_run_xml(line, lay.latin_font, lay.body_font), STYLE_SIGNATURE,
                             keep + spacing + ind))
    return out


# ---------------------------------------------------------------- the document

def build_document(text: str, options: ExportOptions | None = None,
                   progress: Progress | None = None):
    """The python-docx Document for `text` (not saved)."""
    options = options or ExportOptions()
    blocks = plan_blocks(text, options)
    if not blocks:
        raise ExportError("文档中没有文字，无法导出。")
    total = len(blocks) + 1  # the last step is writing the file
    if progress is not None:
        progress(0, total)
    document = docx.Document()
    configure_styles(document, options.layout, options.bold_headings)
    configure_page(document, options.layout)
    configure_settings(document, odd_even_footers=options.page_numbers)
    configure_font_table(document)
    drop_template_leftovers(document)
    if options.page_numbers:
        add_page_numbers(document, options.layout)

    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    sect = body.find(qn("w:sectPr"))
    fragment = parse_xml(f"<w:body {_W_NS}>{_body_xml(blocks, options, progress, total)}</w:body>")
    for p in list(fragment):
        sect.addprevious(p)

    title = options.title or next((b.text for b in blocks if b.kind == "title"), "")
    _set_properties(document, title.strip(), (options.author or "").strip())
    return document


def _set_properties(document, title: str, author: str) -> None:
    cp = document.core_properties
    now = _dt.datetime.now(_dt.UTC).replace(microsecond=0, tzinfo=None)
    cp.title = title
    cp.author = author  # also clears python-docx's own "python-docx"
    cp.last_modified_by = author
    cp.comments = ""
    cp.keywords = ""
    cp.subject = ""
    cp.language = "zh-CN"
    cp.revision = 1
    cp.created = now
    cp.modified = now


def export_docx(text: str, path: str | os.PathLike, options: ExportOptions | None = None,
                progress: Progress | None = None) -> None:
    """Write `text` as an official-layout .docx at `path` (temporary file, then replace).

    Raises ExportError with a Chinese message; on failure the file at `path` is untouched.
    """
    path = Path(path)
    _check_target(path)
    seen_total = [1]

    def track(done: int, total: int) -> None:
        seen_total[0] = total
        if progress is not None:
            progress(done, total)

    document = build_document(text, options, track)
    buf = io.BytesIO()
    document.save(buf)
    _write(path, buf.getvalue())
    if progress is not None:
        progress(seen_total[0], seen_total[0])


def _check_target(path: Path) -> None:
    problem = name_problem(path)
    if problem:
        raise ExportError(problem, path)
    if path.suffix.lower() != ".docx" and not path.is_dir():
        # Word warns about a .doc/.wps name on a .docx file; better to say so now.
        raise ExportError(f"导出文件名“{path.name}”应以 .docx 结尾。", path)
    if path.is_dir():
        raise ExportError(f"“{path}”是一个文件夹，不能作为导出文件。请输入文件名，例如“述职报告.docx”。", path)
    parent = path.parent
    if not parent.is_dir():
        raise ExportError(f"保存位置“{parent}”不存在。请先创建该文件夹，或选择其他位置。", path)
    try:
        st = path.stat()
    except OSError:
        return
    if not st.st_mode & stat.S_IWUSR:
        raise ExportError(f"“{path.name}”是只读文件，不能覆盖。请另存为其他文件名，"
                          "或在文件属性中取消“只读”后重试。", path)


def _write(path: Path, data: bytes) -> None:
    unchanged = "原文件未被改动。" if path.exists() else ""
    try:
        atomic_write_bytes(path, data)
    except PermissionError as e:
        if e.filename2 is not None or any(p.exists() for p in _lock_files(path)):
            # Renaming over the target failed: Windows refuses while Word/WPS has it open.
            raise ExportError(f"无法覆盖“{path.name}”：文件可能正在 Word 或 WPS 中打开，或被其他程序占用。"
                              f"请关闭该文件后重试，或另存为其他文件名。{unchanged}", path) from e
        raise ExportError(f"无法在“{path.parent}”中保存文件：该文件夹是只读的或没有写入权限。"
                          f"请选择其他保存位置。{unchanged}", path) from e
    except IsADirectoryError as e:
        raise ExportError(f"“{path}”是一个文件夹，不能作为导出文件。", path) from e
    except FileNotFoundError as e:
        if path.parent.is_dir():  # the folder is there but refuses new files (special file systems)
            raise ExportError(f"无法在“{path.parent}”中保存文件：该位置不能写入。请选择其他保存位置。", path) from e
        raise ExportError(f"保存位置“{path.parent}”不存在。请选择其他位置。", path) from e
    except OSError as e:
        if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            raise ExportError(f"磁盘空间不足，无法保存“{path.name}”。请清理磁盘或另存到其他位置。"
                              f"{unchanged}", path) from e
        if e.errno == errno.EROFS:
            raise ExportError(f"“{path.parent}”位于只读的磁盘上，无法保存。请选择其他位置。", path) from e
        reason = e.strerror or str(e)
        raise ExportError(f"无法保存“{path.name}”：{reason}。{unchanged}", path) from e


def _lock_files(path: Path) -> list[Path]:
    """Word and WPS mark an open document with an owner file "~$…" in the same folder
    (long names lose their first two characters)."""
    return [path.with_name("~$" + path.name), path.with_name("~$" + path.name[2:])]
