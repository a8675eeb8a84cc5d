"""Write findings back into the user's own .docx as Word comments (批注) and tracked changes (修订).

The output is the input package with only three kinds of change: document.xml gains comment
marks (and, on request, w:del/w:ins revisions) around exactly the flagged text, comments.xml
gains the comments, and the relationship / content-type entries for a new comments part. Every
other part (styles, headers, footers, images, existing comments…) is copied byte for byte.
Runs are split where a finding starts or ends inside one; a split run keeps its w:rPr, so the
rendered text looks exactly as before.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import posixpath
import zipfile
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from core.analysis.findings import SEVERITY_LABELS, Finding, Report, is_replacement
from core.analysis.rule_names import rule_name
from core.common.atomic import atomic_write_bytes
from core.wordio.docx_import import (
    W_NAMESPACES,
    DocumentReadError,
    _corrupt,
    _main_part,
    _not_docx,
    _read_bytes,
    _xml,
)
from core.wordio.docx_map import XML_SPACE, TextMap, build_map, run_of, split_at, title_ids_of

AUTHOR = "述职助手"
INITIALS = "述职"
# Findings whose suggestion is a safe, mechanical replacement (DESIGN 4.2).
REVISION_RULES = frozenset({"hygiene.punctuation", "hygiene.duplicate_word", "hygiene.typo",
                            "formulation.variant"})

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_COMMENTS_REL = {W_NAMESPACES[0]: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
                 W_NAMESPACES[1]: "http://purl.oclc.org/ooxml/officeDocument/relationships/comments"}
_COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


class ReviewError(Exception):
    """The review copy could not be written; Chinese message. IN is never touched."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ReviewResult:
    report: Report
    comments: int
    revisions: int


@dataclass
class _Note:
    start: int
    end: int
    lines: list[str]
    replacement: str | None = None
    first: etree._Element | None = None
    last: etree._Element | None = None


@dataclass
class Package:
    """A .docx read for review: its members, the main part and the text map."""

    path: Path
    infos: list[zipfile.ZipInfo]
    data: dict[str, bytes]
    main: str
    root: etree._Element
    title_ids: set[str]
    map: TextMap

    @property
    def w(self) -> str:
        return self.map.w


def open_package(path: str | os.PathLike) -> Package:
    """Read a .docx for review. Raises DocumentReadError (Chinese) like the importer."""
    path = Path(path)
    raw = _read_bytes(path)
    if not raw.startswith(b"PK"):
        raise _not_docx(path, raw)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            infos = zf.infolist()
            main = _main_part(zf, path)
            root = _xml(zf, main, path)
            data = {i.filename: zf.read(i.filename) for i in infos}
    except DocumentReadError:
        raise
    except Exception as e:  # BadZipFile, zlib.error, truncated members
        raise _corrupt(path, "压缩包结构损坏") from e
    w = etree.QName(root).namespace or W_NAMESPACES[0]
    if w not in W_NAMESPACES or root.find(f"{{{w}}}body") is None:
        raise _corrupt(path, "缺少文档正文")
    styles_name = posixpath.join(posixpath.dirname(main), "styles.xml")
    styles = None
    if styles_name in data:
        try:
            styles = etree.fromstring(data[styles_name], _PARSER)
        except etree.XMLSyntaxError:
            styles = None
    title_ids = title_ids_of(styles, w)
    tmap = build_map(root, w, title_ids)
    if not tmap.text.strip():
        raise DocumentReadError(f"“{path.name}”：文档中没有文字。", path)
    return Package(path, infos, data, main, root, title_ids, tmap)


def same_file(a: Path, b: Path) -> bool:
    try:
        if b.exists() and os.path.samefile(a, b):
            return True
    except OSError:
        pass
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def review_docx(in_path: str | os.PathLike, out_path: str | os.PathLike,
                analyse: Callable[[str], Report], *, revisions: bool = False,
                now: _dt.datetime | None = None) -> ReviewResult:
    """Write OUT = IN with the findings of `analyse(text of IN)` as comments (and revisions).

    Raises DocumentReadError for an unreadable IN, ReviewError when OUT is IN or cannot be written.
    """
    in_path, out_path = Path(in_path), Path(out_path)
    if same_file(in_path, out_path):
        raise ReviewError("输出文件不能与原文件相同：请另选一个文件名，原文件不会被改写。")
    if out_path.is_dir():
        raise ReviewError(f"“{out_path}”是一个文件夹，请给出要写入的 .docx 文件名。")
    pkg = open_package(in_path)
    report = analyse(pkg.map.text)
    notes = plan_notes(report, pkg.map.text)
    data, n_rev, n_comments = annotate(pkg, notes, revisions=revisions, now=now)
    try:
        atomic_write_bytes(out_path, data)
    except OSError as e:
        raise ReviewError(_write_message(out_path, e)) from e
    return ReviewResult(report, n_comments, n_rev)


def _write_message(path: Path, e: OSError) -> str:
    if isinstance(e, PermissionError):
        return f"无法写入“{path.name}”：文件可能正在 Word/WPS 中打开，或文件夹只读。请关闭后重试或另存到其他位置。"
    if isinstance(e, FileNotFoundError):
        return f"无法写入“{path}”：文件夹不存在。"
    return f"无法写入“{path.name}”：{e.strerror or e}。"


# ---- which text each comment marks ------------------------------------------------------------

def comment_lines(f: Finding) -> list[str]:
    lines = [f"【{SEVERITY_LABELS[f.severity]}·{rule_name(f.rule)}】{f.message}"]
    if f.suggestion:
        lines.append(("建议改为：" if is_replacement(f) else "建议：") + f.suggestion)
    return lines


def _line_span(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end < 0 else end)


def _first_line(text: str) -> tuple[int, int]:
    pos = 0
    while pos < len(text):
        s, e = _line_span(text, pos)
        if text[s:e].strip():
            return s, e
        pos = e + 1
    return 0, len(text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\u3000":
        start += 1
    while end > start and text[end - 1] in " \t\u3000":
        end -= 1
    return start, end


def plan_notes(report: Report, text: str) -> list[_Note]:
    """One note per finding on its text; section-level findings merged into one note per heading."""
    notes: list[_Note] = []
    by_anchor: dict[tuple[int, int], _Note] = {}
    for f in report.findings:
        start, end = max(0, min(f.start, len(text))), max(0, min(f.end, len(text)))
        if f.text and end > start:
            rep = f.suggestion if f.rule in REVISION_RULES and is_replacement(f) else None
            notes.append(_Note(start, end, comment_lines(f), rep))
            continue
        # A finding about a whole section: on its heading line, or the document's first paragraph.
        if end > start:
            s, e = _line_span(text, start)
            anchor = _trim(text, max(s, start), min(e, end))
        else:
            anchor = _trim(text, *_first_line(text))
        if anchor[1] <= anchor[0]:
            anchor = _trim(text, *_first_line(text))
        note = by_anchor.get(anchor)
        if note is None:
            note = by_anchor[anchor] = _Note(anchor[0], anchor[1], [])
            notes.append(note)
        note.lines.extend(comment_lines(f))
    return notes


# ---- writing the marks --------------------------------------------------------------------

def _real_range(tmap: TextMap, start: int, end: int) -> tuple[int, int] | None:
    """First and last+1 character in [start, end) that come from the document (not separators)."""
    src = tmap.sources
    first = next((i for i in range(start, end) if src[i] is not None), None)
    if first is None:
        # Only separators flagged (e.g. a line break): mark the neighbouring characters.
        left = next((i for i in range(start - 1, -1, -1) if src[i] is not None), None)
        right = next((i for i in range(end, len(src)) if src[i] is not None), None)
        if left is None and right is None:
            return None
        first = left if left is not None else right
        last = right if right is not None else left
        return first, last + 1
    last = next(i for i in range(end - 1, first - 1, -1) if src[i] is not None)
    return first, last + 1


def _max_id(*roots: etree._Element | None, w: str) -> int:
    key = f"{{{w}}}id"
    best = -1
    for root in roots:
        if root is None:
            continue
        for el in root.iter():
            v = el.get(key) if isinstance(el.tag, str) else None
            if v is not None and v.lstrip("-").isdigit():
                best = max(best, int(v))
    return best


def annotate(pkg: Package, notes: list[_Note], *, revisions: bool = False,
             now: _dt.datetime | None = None) -> tuple[bytes, int, int]:
    """The bytes of the reviewed package, the number of revisions and of comments written."""
    w = pkg.w
    q = pkg.map.q
    tmap = pkg.map
    text = tmap.text
    spans = []
    for note in notes:
        span = _real_range(tmap, note.start, note.end)
        spans.append(span)
        if span is not None and span != (note.start, note.end):
            note.replacement = None  # the flagged text is not all in runs: comment only
    # 1. Split runs so that every marked range starts and ends on a run boundary.
    cuts: dict[etree._Element, set[int]] = {}
    for span in spans:
        if span is None:
            continue
        for pos in span:
            if pos < len(text) and tmap.sources[pos] is not None:
                el, off = tmap.sources[pos]
                cuts.setdefault(el, set()).add(off)
    for el, offsets in cuts.items():
        for off in sorted(offsets, reverse=True):
            split_at(el, off, w)
    tmap = build_map(pkg.root, w, pkg.title_ids)
    if tmap.text != text:  # cannot happen: splitting keeps every character in order
        raise ReviewError("内部错误：拆分文字块后正文发生变化，已停止，未写入任何文件。")
    comments_name, comments_root, rels_change, ct_change = _comments_part(pkg)
    next_id = _max_id(pkg.root, comments_root, w=w) + 1
    stamp = (now or _dt.datetime.now(_dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    attrs = {q("author"): AUTHOR, q("date"): stamp}
    # 2. Anchor nodes: the first and last run of each range.
    for note, span in zip(notes, spans, strict=True):
        if span is None:
            continue
        a, b = span
        note.first = _node(tmap.sources[a][0], w)
        note.last = _node(tmap.sources[b - 1][0], w)
    # 3. Tracked changes for safe replacements, never two on the same text.
    n_rev = 0
    if revisions:
        taken: list[tuple[int, int]] = []
        for note in sorted((n for n in notes if n.replacement is not None), key=lambda n: n.start):
            if any(note.start < e and s < note.end for s, e in taken):
                continue
            runs = _plain_runs(tmap, note.start, note.end, w)
            if runs is None:
                continue
            rev_id = next_id
            next_id += 2
            note.first, note.last = _track_change(runs, note.replacement, rev_id, attrs, w)
            taken.append((note.start, note.end))
            n_rev += 1
    # 4. Comment marks and the comments themselves.
    written = 0
    for note in notes:
        if note.first is None or note.last is None:
            continue
        cid = str(next_id)
        next_id += 1
        start = etree.Element(q("commentRangeStart"), {q("id"): cid})
        end = etree.Element(q("commentRangeEnd"), {q("id"): cid})
        note.first.addprevious(start)
        note.last.addnext(end)
        ref = etree.Element(q("r"))
        etree.SubElement(ref, q("commentReference"), {q("id"): cid})
        _ref_host(end, w).addnext(ref)
        comments_root.append(_comment(cid, note.lines, attrs, w))
        written += 1
    out = {pkg.main: _serialise(pkg.root), comments_name: _serialise(comments_root)}
    out.update(rels_change)
    out.update(ct_change)
    return _zip(pkg, out), n_rev, written


def _node(el: etree._Element, w: str) -> etree._Element:
    """The element a comment mark goes beside: the run holding `el`."""
    run = run_of(el, w)
    return el if run is None else run


_WRAPPERS = ("ins", "del", "moveTo", "moveFrom", "fldSimple")


def _ref_host(end: etree._Element, w: str) -> etree._Element:
    """Where the comment reference run goes: after the end mark, outside revisions and simple fields
    (a reference inside a w:ins is removed when its insertion is rejected; a field update drops it)."""
    wrappers = {f"{{{w}}}{t}" for t in _WRAPPERS}
    host = end
    while host.getparent() is not None and host.getparent().tag in wrappers:
        host = host.getparent()
    return _after_field(host, w)


def _field_chars(el: etree._Element, w: str) -> list[str]:
    if el.tag != f"{{{w}}}r":
        return []
    return [c.get(f"{{{w}}}fldCharType", "") for c in el.iter(f"{{{w}}}fldChar")]


def _after_field(node: etree._Element, w: str) -> etree._Element:
    """The run ending the complex field whose result holds `node`, else `node`: Word and LibreOffice
    drop or misplace a comment reference inside a field result."""
    depth = 0
    prev = node.getprevious()
    while prev is not None:
        for kind in reversed(_field_chars(prev, w)):
            if kind == "end":
                depth += 1
            elif kind == "begin":
                if depth == 0:
                    break
                depth -= 1
        else:
            prev = prev.getprevious()
            continue
        break
    if prev is None:
        return node  # not inside a field (in this container)
    depth = 0
    nxt = node.getnext()
    while nxt is not None:
        for kind in _field_chars(nxt, w):
            if kind == "begin":
                depth += 1
            elif kind == "end":
                if depth == 0:
                    return nxt
                depth -= 1
        nxt = nxt.getnext()
    return node


def _plain_runs(tmap: TextMap, start: int, end: int, w: str) -> list[etree._Element] | None:
    """The runs holding [start, end) if they are adjacent plain-text runs of one paragraph or link."""
    t_tag, rpr_tag = f"{{{w}}}t", f"{{{w}}}rPr"
    runs: list[etree._Element] = []
    for i in range(start, end):
        src = tmap.sources[i]
        if src is None or src[0].tag != t_tag:
            return None
        run = run_of(src[0], w)
        if run is None:
            return None
        if not runs or runs[-1] is not run:
            runs.append(run)
    parent = runs[0].getparent()
    if parent is None or parent.tag not in (f"{{{w}}}p", f"{{{w}}}hyperlink"):
        return None
    for a, b in zip(runs, runs[1:], strict=False):
        if a.getnext() is not b:
            return None
    for run in runs:
        if any(c.tag not in (t_tag, rpr_tag) for c in run if isinstance(c.tag, str)):
            return None
    return runs


def _track_change(runs: list[etree._Element], replacement: str, rev_id: int, attrs: dict, w: str):
    q = lambda tag: f"{{{w}}}{tag}"  # noqa: E731
    first = runs[0]
    deletion = etree.Element(q("del"), {q("id"): str(rev_id), **attrs})
    insertion = etree.Element(q("ins"), {q("id"): str(rev_id + 1), **attrs})
    first.addprevious(deletion)
    for run in runs:
        deletion.append(run)
        for t in run.iter(q("t")):
            t.tag = q("delText")
            t.set(XML_SPACE, "preserve")
    new_run = etree.SubElement(insertion, q("r"))
    rpr = first.find(q("rPr"))
    if rpr is not None:
        new_run.append(deepcopy(rpr))
    t = etree.SubElement(new_run, q("t"))
    t.text = replacement
    t.set(XML_SPACE, "preserve")
    deletion.addnext(insertion)
    return deletion, insertion


def _comment(cid: str, lines: list[str], attrs: dict, w: str) -> etree._Element:
    q = lambda tag: f"{{{w}}}{tag}"  # noqa: E731
    c = etree.Element(q("comment"), {q("id"): cid, **attrs, q("initials"): INITIALS})
    for n, line in enumerate(lines):
        p = etree.SubElement(c, q("p"))
        if n == 0:
            etree.SubElement(etree.SubElement(p, q("r")), q("annotationRef"))
        t = etree.SubElement(etree.SubElement(p, q("r")), q("t"))
        t.text = line
        t.set(XML_SPACE, "preserve")
    return c


# ---- package plumbing ---------------------------------------------------------------------

def _rels_name(part: str) -> str:
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def _comments_part(pkg: Package):
    """(part name, parsed comments root, {rels part: bytes} to add, {content types: bytes} to add)."""
    w = pkg.w
    rel_type = _COMMENTS_REL[w]
    rels_name = _rels_name(pkg.main)
    base = posixpath.dirname(pkg.main)
    rels = etree.fromstring(pkg.data[rels_name], _PARSER) if rels_name in pkg.data else \
        etree.Element(f"{{{_REL_NS}}}Relationships", nsmap={None: _REL_NS})
    for rel in rels:
        if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            if name in pkg.data:
                try:
                    return name, etree.fromstring(pkg.data[name], _PARSER), {}, {}
                except etree.XMLSyntaxError:
                    raise ReviewError("原文件中的批注部分已损坏，无法在其中添加批注。") from None
    name = posixpath.join(base, "comments.xml")
    n = 1
    while name in pkg.data:
        n += 1
        name = posixpath.join(base, f"comments{n}.xml")
    used = {rel.get("Id") for rel in rels}
    k = 1
    while f"rId{k}" in used:
        k += 1
    etree.SubElement(rels, f"{{{_REL_NS}}}Relationship",
                     {"Id": f"rId{k}", "Type": rel_type, "Target": posixpath.relpath(name, base)})
    ct = etree.fromstring(pkg.data["[Content_Types].xml"], _PARSER)
    etree.SubElement(ct, f"{{{_CT_NS}}}Override", {"PartName": "/" + name, "ContentType": _COMMENTS_CT})
    root = etree.Element(f"{{{w}}}comments", nsmap={"w": w})
    return name, root, {rels_name: _serialise(rels)}, {"[Content_Types].xml": _serialise(ct)}


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _zip(pkg: Package, changed: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in pkg.infos:
            data = changed.pop(info.filename, None)
            zf.writestr(info, pkg.data[info.filename] if data is None else data)
        for name, data in changed.items():  # new parts
            zf.writestr(name, data)
    return buf.getvalue()
