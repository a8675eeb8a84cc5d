"""Read a report from a Word (.docx) or text file into plain text (DESIGN 4.4, 6).

A .docx becomes its body paragraphs in order joined by "\n"; tables become one line per row
(cells joined by a tab); headers, footers, footnotes, comments, text boxes and deleted
(tracked) text are left out. Numbering that Word generates automatically (list numbering,
"自动编号") is not stored as text in the file and cannot be recovered: such headings come in
without their "一、". Text is not normalised beyond "\r\n" -> "\n" and removing a BOM, because
the checker's offsets index exactly this text.
"""

from __future__ import annotations

import io
import os
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from core.common.newlines import normalise_newlines
from core.wordio.textfile import MAX_DRAFT_CHARS, too_long

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Directory entry names in an OLE file are UTF-16LE; an encrypted .docx is an OLE file holding
# an "EncryptedPackage" stream (Word "用密码进行加密", WPS 文档加密, IRM).
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_WORD_DOC_MARK = "WordDocument".encode("utf-16-le")
# A report's document.xml is a few MB even with heavy formatting; more is not a report (or is a
# zip bomb). The import streams it (neither the XML nor its tree is held whole); the review,
# which needs the tree, reads at most this much.
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_HEAD_BYTES = 64 * 1024 * 1024  # of a file that is not a zip, read to name what it is

DOCX_EXTS = {".docx", ".docm", ".dotx", ".dotm"}
TEXT_EXTS = {".txt", ".text", ".md"}
WPS_EXTS = {".wps", ".wpt"}

W_NAMESPACES = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                "http://purl.oclc.org/ooxml/wordprocessingml/main")  # transitional, strict
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_OFFICE_DOC_REL = "/officeDocument"


class DocumentReadError(Exception):
    """A file could not be imported; the message is Chinese and says what to do. `first_part`:
    set when the document is only too long, its beginning (to import on request)."""

    def __init__(self, message: str, path: Path | None = None, first_part: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.first_part = first_part


@dataclass(frozen=True, slots=True)
class ImportedText:
    text: str
    title_guess: str | None
    source_format: str  # "docx" | "text"
    notice: str = ""  # what was changed on the way in, for the status bar (controls removed …)


def _normalise(text: str) -> str:
    return normalise_newlines(text).lstrip("\ufeff")


def _os_error(e: OSError, path: Path) -> DocumentReadError:
    """A Chinese message for a file that could not be read at all."""
    if isinstance(e, FileNotFoundError):
        return DocumentReadError(f"找不到文件“{path}”。", path)
    if isinstance(e, IsADirectoryError):
        return DocumentReadError(f"“{path}”是一个文件夹，不是文件。", path)
    if isinstance(e, PermissionError):
        return DocumentReadError(f"没有权限读取“{path.name}”：文件可能正被其他程序独占打开。", path)
    return DocumentReadError(f"无法读取“{path.name}”：{e.strerror or e}。", path)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise _os_error(e, path) from e


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(8)
    except OSError as e:
        raise _os_error(e, path) from e


def _not_docx(path: Path, data: bytes) -> DocumentReadError:
    """The right message for a file that is not a zip package."""
    name = path.name
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTED_MARK in data:
            return DocumentReadError(
                f"“{name}”设置了打开密码（已加密），无法读取。请在 Word 或 WPS 中用密码打开，"
                "取消加密后另存为 .docx 再导入。", path)
        if path.suffix.lower() == ".doc" or _WORD_DOC_MARK in data:
            return DocumentReadError(
                f"“{name}”是旧版 Word 文档（.doc）格式，无法直接读取。请在 Word 或 WPS 中打开它，"
                "“另存为”Word 文档（*.docx）后再导入。", path)
        return DocumentReadError(
            f"“{name}”是旧版 Office 格式，不是 Word（.docx）文档。请在 Word 或 WPS 中另存为 .docx 后再导入。",
            path)
    head = data[:512].lstrip()
    if head.startswith(b"{\\rtf"):
        return DocumentReadError(
            f"“{name}”是 RTF 格式，无法直接读取。请在 Word 或 WPS 中另存为 .docx 后再导入。", path)
    if head[:1] == b"<" or head.startswith(b"MIME-Version"):
        # Office systems often save web pages (HTML/MHT) under a .doc name.
        return DocumentReadError(
            f"“{name}”实际是网页格式（HTML/MHT），不是 Word 文档。请在 Word 或 WPS 中打开，"
            "另存为 .docx 后再导入。", path)
    if not data:
        return DocumentReadError(f"“{name}”是空文件（0 字节），文档中没有文字。", path)
    return DocumentReadError(
        f"“{name}”不是有效的 Word（.docx）文件，或文件已损坏。请在 Word 或 WPS 中打开确认，"
        "另存为 .docx 后再导入。", path)


def _corrupt(path: Path, detail: str = "") -> DocumentReadError:
    extra = f"（{detail}）" if detail else ""
    return DocumentReadError(
        f"“{path.name}”已损坏，无法读取其中的文字{extra}。可在 Word 中用“打开并修复”打开后另存为 .docx 再导入。",
        path)


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)


class _PartTooLarge(Exception):
    pass


class _Capped(io.RawIOBase):
    """A zip member as a stream that stops the parse once `limit` bytes were inflated."""

    def __init__(self, raw, limit: int) -> None:
        self.raw, self.left = raw, limit

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        data = self.raw.read(min(len(buf), 1 << 16))
        self.left -= len(data)
        if self.left < 0:
            raise _PartTooLarge
        buf[:len(data)] = data
        return len(data)


def _too_large(path: Path) -> DocumentReadError:
    return DocumentReadError(f"“{path.name}”的正文解压后超过 {MAX_PART_BYTES // (1024 * 1024)} MB，"
                             "不像一份述职报告（可能是损坏或特制的文件），无法导入。", path)


def _read_part(zf: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    """A part read with a cap on its inflated size; None when over it."""
    with zf.open(name) as fh:
        data = fh.read(limit + 1)
    return None if len(data) > limit else data


def _xml(zf: zipfile.ZipFile, name: str, path: Path):
    try:
        info = zf.getinfo(name)
    except KeyError as e:
        raise _corrupt(path, "缺少文档正文") from e
    if info.file_size > MAX_PART_BYTES:
        raise _too_large(path)
    try:
        data = _read_part(zf, name, MAX_PART_BYTES)
        if data is None:  # the header lied about the size
            raise _too_large(path)
        return etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError,
            EOFError) as e:
        # zlib.error is a subclass of Exception only; caught by the caller's broad net.
        raise _corrupt(path, "正文 XML 无法解析") from e


def _main_part(zf: zipfile.ZipFile, path: Path) -> str:
    names = set(zf.namelist())
    if "_rels/.rels" in names:
        try:
            rels = etree.fromstring(_read_part(zf, "_rels/.rels", 1 << 20) or b"<x/>", _PARSER)
            for rel in rels:
                if str(rel.get("Type", "")).endswith(_OFFICE_DOC_REL):
                    target = rel.get("Target", "").lstrip("/")
                    if target in names:
                        return target
        except etree.XMLSyntaxError:
            pass
    if "word/document.xml" in names:
        return "word/document.xml"
    if "content.xml" in names:
        raise DocumentReadError(
            f"“{path.name}”是 OpenDocument（.odt）格式，请另存为 .docx 后再导入。", path)
    raise _corrupt(path, "找不到文档正文")


def _title_style_ids(zf: zipfile.ZipFile, main: str, w: str) -> set[str]:
    """Ids of paragraph styles named Title (Chinese Word uses ids like "a3" for them)."""
    ids = {"Title"}
    name = posixpath.join(posixpath.dirname(main), "styles.xml")
    try:
        root = etree.fromstring(_read_part(zf, name, MAX_PART_BYTES // 4) or b"<x/>", _PARSER)
    except Exception:  # styles are optional; a broken one must not stop the import
        return ids
    for st in root.iter(f"{{{w}}}style"):
        name_el = st.find(f"{{{w}}}name")
        if name_el is not None and str(name_el.get(f"{{{w}}}val", "")).lower() == "title":
            ids.add(str(st.get(f"{{{w}}}styleId")))
    return ids


class _Walker:
    """Collects body text in document order.

    Text is gathered as pieces (text, source): the source is the element the text came from
    (w:t, w:tab, w:br, …) or None for separators the reader adds. core.wordio.review uses the
    sources to map offsets of the analysed text back to runs; the import only joins the text.
    """

    def __init__(self, w: str, title_ids: set[str]):
        self.w = w
        self.title_ids = title_ids
        q = lambda tag: f"{{{w}}}{tag}"  # noqa: E731
        self.P, self.TBL, self.TR, self.TC = q("p"), q("tbl"), q("tr"), q("tc")
        self.SDT, self.SDT_CONTENT, self.CUSTOM = q("sdt"), q("sdtContent"), q("customXml")
        self.T, self.TAB, self.PTAB, self.BR, self.CR = q("t"), q("tab"), q("ptab"), q("br"), q("cr")
        self.NB_HYPHEN = q("noBreakHyphen")
        self.PPR, self.PSTYLE, self.VAL, self.TYPE = q("pPr"), q("pStyle"), q("val"), q("type")
        self.title: str | None = None  # the first Title-styled paragraph, a title guess
        # Subtrees whose text is not body text.
        self.skip = {q("pPr"), q("rPr"), q("del"), q("moveFrom"), q("txbxContent"), q("instrText"),
                     q("delText"), q("footnoteReference"), q("endnoteReference"), q("commentReference"),
                     f"{{{MC_NS}}}Fallback"}

    def blocks(self, container, out: list[list[Piece]]) -> list[list[Piece]]:
        """One list of pieces per line of text (a paragraph, a table row)."""
        for child in container:
            tag = child.tag
            if tag == self.P:
                out.append(self.paragraph(child))
            elif tag == self.TBL:
                out.extend(self.table(child))
            elif tag == self.SDT:
                content = child.find(self.SDT_CONTENT)
                if content is not None:
                    self.blocks(content, out)
            elif tag == self.CUSTOM:
                self.blocks(child, out)
        return out

    def paragraph(self, p) -> list[Piece]:
        ppr = p.find(self.PPR)
        is_title = False
        if ppr is not None:
            style = ppr.find(self.PSTYLE)
            is_title = style is not None and style.get(self.VAL) in self.title_ids
        parts: list[Piece] = []
        self._inline(p, parts, "" if is_title else "\n")
        if is_title and self.title is None:
            text = pieces_text(parts).strip()
            if text:
                self.title = text
        return parts

    def _inline(self, el, parts: list[Piece], line_break: str) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in self.skip:
                continue
            if tag == self.T:
                parts.append((child.text or "", child))
            elif tag in (self.TAB, self.PTAB):
                parts.append(("\t", child))
            elif tag == self.BR:
                # Page and column breaks are layout, not lines; a break inside a title is wrapping.
                if child.get(self.TYPE) in (None, "textWrapping"):
                    parts.append((line_break, child))
            elif tag == self.CR:
                parts.append((line_break, child))
            elif tag == self.NB_HYPHEN:
                parts.append(("-", child))
            elif tag == self.P:  # a paragraph nested in an inline content control
                parts.extend(self.paragraph(child))
            else:
                self._inline(child, parts, line_break)

    def _children(self, container, tag: str):
        """Direct `tag` children, looking through content controls and custom XML wrappers."""
        for child in container:
            if child.tag == tag:
                yield child
            elif child.tag == self.SDT:
                content = child.find(self.SDT_CONTENT)
                if content is not None:
                    yield from self._children(content, tag)
            elif child.tag == self.CUSTOM:
                yield from self._children(child, tag)

    def table(self, tbl) -> list[list[Piece]]:
        lines: list[list[Piece]] = []
        for tr in self._children(tbl, self.TR):
            cells: list[list[Piece]] = []
            for tc in self._children(tr, self.TC):
                texts = [t for t in self.blocks(tc, []) if pieces_text(t).strip()]
                # Paragraphs inside one cell stay on the row's line, separated like words.
                cell: list[Piece] = []
                for i, t in enumerate(texts):
                    if i:
                        cell.append(("\u3000", None))
                    cell.extend((s.replace("\n", "\u3000"), src) for s, src in t)
                cells.append(cell)
            while cells and not pieces_text(cells[-1]):
                cells.pop()
            if any(pieces_text(c).strip() for c in cells):
                line: list[Piece] = []
                for i, c in enumerate(cells):
                    if i:
                        line.append(("\t", None))
                    line.extend(c)
                lines.append(line)
        return lines


# A piece of body text and the element it came from (None: a separator the reader adds).
Piece = tuple[str, object]


def pieces_text(pieces: list[Piece]) -> str:
    return "".join(s for s, _ in pieces)


def read_docx_lines(path: Path) -> tuple[list[list[Piece]], str | None, etree._Element]:
    """(lines of pieces, first Title-styled paragraph text or None, document.xml root).

    The caller joins the lines with "\n" and normalises like `read_docx_text`. Raises
    DocumentReadError like `read_docx_text` (but not for an empty document).
    """
    _check_zip(path)
    try:
        with zipfile.ZipFile(path) as zf:
            main = _main_part(zf, path)
            root = _xml(zf, main, path)
            w = etree.QName(root).namespace or W_NAMESPACES[0]
            if w not in W_NAMESPACES:
                raise _corrupt(path, "不是 Word 文档正文")
            body = root.find(f"{{{w}}}body")
            if body is None:
                raise _corrupt(path, "缺少文档正文")
            walker = _Walker(w, _title_style_ids(zf, main, w))
            lines = walker.blocks(body, [])
    except DocumentReadError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as e:
        raise _corrupt(path, "压缩包结构损坏") from e
    except Exception as e:  # zlib.error and friends from a truncated member
        raise _corrupt(path) from e
    return lines, walker.title, root


def read_docx_text(path: str | os.PathLike) -> str:
    """The body text of a .docx: paragraphs in order joined by "\n" (see the module docstring).

    Raises DocumentReadError for a corrupt, encrypted, old-format (.doc) or empty document.
    """
    return _read_docx(Path(path))[0]


def _check_zip(path: Path) -> None:
    """A file that is not a zip package gets the message that names what it is."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if not head.startswith(b"PK"):
                raise _not_docx(path, head + fh.read(MAX_HEAD_BYTES))
    except OSError as e:
        raise _os_error(e, path) from e


def _read_docx(path: Path, max_chars: int = MAX_DRAFT_CHARS) -> tuple[str, str | None]:
    """(text, text of the first Title-styled paragraph or None). Streams the body: at most
    MAX_PART_BYTES inflated and about `max_chars` characters kept, whatever the file holds."""
    _check_zip(path)
    try:
        with zipfile.ZipFile(path) as zf:
            main = _main_part(zf, path)
            try:
                info = zf.getinfo(main)
            except KeyError as e:
                raise _corrupt(path, "缺少文档正文") from e
            if info.file_size > MAX_PART_BYTES:
                raise _too_large(path)
            lines, title, full = _stream_body(zf, main, path, max_chars)
    except DocumentReadError:
        raise
    except _PartTooLarge as e:
        raise _too_large(path) from e
    except etree.XMLSyntaxError as e:
        raise _corrupt(path, "正文 XML 无法解析") from e
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as e:
        raise _corrupt(path, "压缩包结构损坏") from e
    except Exception as e:  # zlib.error and friends from a truncated member
        raise _corrupt(path) from e
    text = _normalise("\n".join(lines))
    if not full:
        e = too_long(path.name, text, max_chars)
        raise DocumentReadError(str(e), path, first_part=e.first_part)
    if not text.strip():
        raise DocumentReadError(f"“{path.name}”：文档中没有文字。", path)
    return text, title


def _stream_body(zf: zipfile.ZipFile, main: str, path: Path, max_chars: int):
    """(lines, title, complete): each child of <w:body> is walked as soon as it is parsed, its
    text kept and the elements freed; the parse stops after `max_chars` characters."""
    lines: list[str] = []
    walker: _Walker | None = None
    body_tag, chars = None, 0
    with zf.open(main) as raw:
        stream = io.BufferedReader(_Capped(raw, MAX_PART_BYTES), 1 << 16)
        events = etree.iterparse(stream, events=("start", "end"), resolve_entities=False, no_network=True,
                                 remove_comments=True)
        for event, el in events:
            if walker is None:  # the root element
                w = etree.QName(el).namespace or W_NAMESPACES[0]
                if w not in W_NAMESPACES:
                    raise _corrupt(path, "不是 Word 文档正文")
                walker, body_tag = _Walker(w, _title_style_ids(zf, main, w)), f"{{{w}}}body"
                continue
            if event != "end":
                continue
            parent = el.getparent()
            if parent is None or parent.tag != body_tag:
                if el.tag == body_tag:
                    return lines, walker.title, True
                continue
            for line in walker.blocks([el], []):
                text = pieces_text(line)
                lines.append(text)
                chars += len(text) + 1
            el.clear()
            while el.getprevious() is not None:  # free what was walked
                del parent[0]
            if chars > max_chars:
                return lines, walker.title, False
    raise _corrupt(path, "缺少文档正文")


def _title_from_text(text: str) -> str | None:
    from core.text.document import parse

    doc = parse(text)
    if doc.title is not None:
        return doc.title.text.strip(" \t\u3000") or None
    return None


def import_file(path: str | os.PathLike) -> ImportedText:
    """Read a .docx or text file (.txt/.text/.md, any encoding of DESIGN 4.4) for a new draft.

    `title_guess`: the Title-styled paragraph, else the text's title line, else the file name.
    Raises DocumentReadError (Chinese message) for anything that cannot be read.
    """
    path = Path(path)
    ext = path.suffix.lower()
    if ext in WPS_EXTS:
        raise DocumentReadError(
            f"不支持 WPS 文字格式（{ext}）。请在 WPS 中把“{path.name}”另存为 .docx 后再导入。", path)
    if ext == "" and path.is_file():
        head = _read_head(path)
        ext = ".docx" if head.startswith((b"PK", OLE_MAGIC)) else ".txt"
    if ext in DOCX_EXTS or ext == ".doc":
        text, styled_title = _read_docx(path)
        title = styled_title or _title_from_text(text) or path.stem
        return ImportedText(text, title, "docx")
    if ext in TEXT_EXTS:
        decoded = _read_text(path)
        text = decoded.text
        if not text.strip():
            raise DocumentReadError(f"“{path.name}”：文件中没有文字。", path)
        return ImportedText(text, _title_from_text(text) or path.stem, "text", decoded.notice)
    raise DocumentReadError(
        f"不支持的文件格式“{ext or path.name}”。请导入 Word 文档（.docx）或文本文件（.txt）；"
        "其他格式请先在 Word 或 WPS 中另存为 .docx。", path)


def _read_text(path: Path):
    from core.wordio.textfile import UnreadableFileError, read_text

    try:
        return read_text(path)
    except UnreadableFileError as e:
        raise DocumentReadError(str(e), path, first_part=e.first_part) from e
    except OSError as e:
        raise _os_error(e, path) from e
