"""Map a parsed Document's headings onto the section keys of its report kind."""

from __future__ import annotations

import re
from collections.abc import Callable

from core.text.document import Document, Heading, ParseCache, Section, parse

_WS = " \t\u3000"
# "原因分析：一是……" — a label that opens a paragraph names a section too.
LABEL_RE = re.compile(r"^[ \t\u3000]*([^，。；：:,;]{2,14})[：:]")
OPENING_HINT = re.compile(r"根据|按照|现将|如下|述职|汇报|以来")


def _candidates(doc: Document, match: Callable[[str], tuple[str, ...]]):
    """(start, level or None, keys, title, heading, body_start) for each section-naming line."""
    heading_pars = {h.paragraph: h for h in doc.headings}
    title_index = doc.title.index if doc.title is not None else -1
    out = []
    for p in doc.paragraphs:
        text = p.text
        if not text.strip(_WS) or p.index == title_index:
            continue
        h: Heading | None = heading_pars.get(p.index)
        if h is not None:
            keys = match(h.title)
            out.append((h.start, h.level, keys, h.title, h, h.end))
            continue
        stripped = text.strip(_WS)
        if len(stripped) <= 20 and not re.search(r"[。，,；;！？：:]", stripped.rstrip("：:")):
            keys = match(stripped)
            if keys:
                out.append((p.start + text.index(stripped[0]), None, keys, stripped.rstrip("：:"), None, p.end))
            continue
        m = LABEL_RE.match(text)
        if m:
            keys = match(m.group(1))
            if keys:
                out.append((p.start + m.start(1), None, keys, m.group(1), None, p.start + m.end()))
    return out


def assign_sections(doc: Document, match: Callable[[str], tuple[str, ...]]) -> None:
    cands = _candidates(doc, match)
    numbered_levels = [lvl for _, lvl, keys, *_ in cands if lvl is not None and keys]
    level = min(numbered_levels) if numbered_levels else None
    doc.section_level = level
    # Section starts: matching lines at the section level (or unnumbered), and any other
    # heading at or above that level, which closes the previous section.
    starts = []
    for start, lvl, keys, title, h, body_start in cands:
        if lvl is None and keys:
            starts.append((start, keys, title, h, body_start))
        elif lvl is not None and level is not None and lvl <= level:
            starts.append((start, keys if keys else ("other",), title, h, body_start))
    starts.sort(key=lambda s: s[0])
    sections: list[Section] = []
    text_end = len(doc.text)
    first = starts[0][0] if starts else text_end
    open_start = doc.title.end + 1 if doc.title is not None else 0
    if open_start < first:
        opening_text = doc.text[open_start:first]
        lead = len(opening_text) - len(opening_text.lstrip())
        if opening_text.strip() and (starts or OPENING_HINT.search(opening_text)):
            end = first
            sections.append(Section("opening", "开头", open_start + lead, end, open_start + lead, None,
                                    ("opening",)))
    for i, (start, keys, title, h, body_start) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else text_end
        # Trim the trailing newline so a section ends with its last character.
        while end > start and doc.text[end - 1] == "\n":
            end -= 1
        sections.append(Section(keys[0], title, start, end, min(body_start, end), h, tuple(keys)))
    doc.sections = sections


def section_body(doc: Document, section: Section) -> str:
    return doc.text[section.body_start: section.end]


def parse_report(text: str, section_matcher: Callable[[str], tuple[str, ...]] | None = None,
                 cache: ParseCache | None = None) -> Document:
    """Parse `text` and, given `section_matcher(title) -> tuple of keys`, name its sections."""
    doc = parse(text, cache)
    if section_matcher is not None:
        assign_sections(doc, section_matcher)
    return doc
