"""Map the analysed text of a .docx back to its XML (for review comments and revisions).

`map_docx` reads document.xml with the import walker, so the text is exactly what
`python -m core check IN.docx` analyses (paragraphs joined by "\n"), and keeps for every
character the element it came from: a w:t and the offset inside its text, or a run child like
w:tab / w:br, or None for a separator the reader added (between paragraphs, table cells).
`split_at` makes a run start at a given character, so comment marks can sit between runs.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

from core.wordio.docx_import import _Walker

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Per-character source: (element, offset in its text) or None.
Source = tuple[etree._Element, int] | None


@dataclass
class TextMap:
    text: str
    sources: list[Source]
    w: str  # the WordprocessingML namespace of the document

    def q(self, tag: str) -> str:
        return f"{{{self.w}}}{tag}"


def build_map(root: etree._Element, w: str, title_ids: set[str]) -> TextMap:
    body = root.find(f"{{{w}}}body")
    walker = _Walker(w, title_ids)
    lines = walker.blocks(body, []) if body is not None else []
    chars: list[str] = []
    sources: list[Source] = []
    for n, line in enumerate(lines):
        if n:
            chars.append("\n")
            sources.append(None)
        for s, src in line:
            if not s:
                continue
            chars.extend(s)
            if src is None:
                sources.extend([None] * len(s))
            else:
                sources.extend((src, i) for i in range(len(s)))
    # The reader's normalisation (docx_import._normalise): "\r\n" -> "\n", a lone "\r" -> "\n",
    # leading BOMs removed.
    keep = [True] * len(chars)
    i = 0
    while i < len(chars) and chars[i] == "\ufeff":
        keep[i] = False
        i += 1
    for j, c in enumerate(chars):
        if c == "\r":
            if j + 1 < len(chars) and chars[j + 1] == "\n":
                keep[j] = False
            else:
                chars[j] = "\n"
    if not all(keep):
        chars = [c for c, k in zip(chars, keep, strict=True) if k]
        sources = [s for s, k in zip(sources, keep, strict=True) if k]
    return TextMap("".join(chars), sources, w)


def title_ids_of(styles_root: etree._Element | None, w: str) -> set[str]:
    ids = {"Title"}
    if styles_root is None:
        return ids
    for st in styles_root.iter(f"{{{w}}}style"):
        name_el = st.find(f"{{{w}}}name")
        if name_el is not None and str(name_el.get(f"{{{w}}}val", "")).lower() == "title":
            ids.add(str(st.get(f"{{{w}}}styleId")))
    return ids


def run_of(el: etree._Element, w: str) -> etree._Element | None:
    """The w:r an element (w:t, w:tab …) belongs to, if it is a direct child of one."""
    parent = el.getparent()
    if parent is not None and parent.tag == f"{{{w}}}r":
        return parent
    return None


def split_at(el: etree._Element, offset: int, w: str) -> bool:
    """Make a new run start at `el` (at `offset` inside a w:t's text). False if `el` is not in a run."""
    run = run_of(el, w)
    if run is None:
        return False
    if offset > 0:
        text = el.text or ""
        tail = etree.Element(el.tag, attrib=dict(el.attrib))
        tail.text = text[offset:]
        el.text = text[:offset]
        el.set(XML_SPACE, "preserve")
        tail.set(XML_SPACE, "preserve")
        el.addnext(tail)
        el = tail
    rpr_tag = f"{{{w}}}rPr"
    prev = el.getprevious()
    while prev is not None and (prev.tag == rpr_tag or not isinstance(prev.tag, str)):
        prev = prev.getprevious()
    if prev is None:
        return True  # el already starts its run
    new_run = etree.Element(run.tag, attrib=dict(run.attrib))
    rpr = run.find(rpr_tag)
    if rpr is not None:
        new_run.append(deepcopy(rpr))
    moving = [el]
    nxt = el.getnext()
    while nxt is not None:
        moving.append(nxt)
        nxt = nxt.getnext()
    for child in moving:
        new_run.append(child)  # lxml moves the element
    run.addnext(new_run)
    return True


