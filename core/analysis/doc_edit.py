"""What changed since a document rule's last analysis, so it can keep the rest of its result (issue 15).

A rule keeps (Facts of its last document, its state) with `keep`; `previous` gives that state and the
`Edit` from that document to this one: the paragraphs that differ (same paragraph count only: a line
added or removed recomputes everything) and whether the document's shape (sections, title, heading
and list counts, the changed paragraphs' headings and 一是 items) is the same up to the shift of
everything after the edit. Findings of unchanged paragraphs are then moved with `Edit.finding`.
The safety net is tests/test_incremental.py (a running analyzer equals a fresh one).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from core.analysis.findings import Finding
from core.common.seq import common_prefix, common_suffix
from core.text.document import Document
from core.text.spaces import INDENT_WS

_WS = INDENT_WS  # as core.text.sections strips a line
_PAR = attrgetter("paragraph")


@dataclass(eq=False, slots=True)
class Facts:
    doc: Document
    texts: list[str]
    starts: list[int]
    sections: list[tuple]
    shape: tuple


def facts(ctx, doc: Document) -> Facts:
    """The Facts of this analysis's document (computed once per analysis)."""
    hit = ctx.scratch.get("doc_edit:facts")
    if hit is None or hit.doc is not doc:
        paras = doc.paragraphs
        hit = Facts(doc, [p.text for p in paras], [p.start for p in paras],
                    [(s.key, s.keys, s.title, s.heading is None, s.start, s.end, s.body_start) for s in doc.sections],
                    (len(paras), doc.title.index if doc.title is not None else None, doc.section_level, doc.year,
                     tuple(h.paragraph for h in doc.outline), tuple(h.paragraph for h in doc.page_markers),
                     len(doc.headings), len(doc.enums), len(doc.inline_headings)))
        ctx.scratch["doc_edit:facts"] = hit
    return hit


def _of_paragraph(items: list, i: int) -> list:
    return items[bisect_left(items, i, key=_PAR):bisect_right(items, i, key=_PAR)]


def _paragraph_sig(doc: Document, i: int, start: int) -> tuple:
    """What the shape-dependent rules read of paragraph i, positions relative to it."""
    text = doc.paragraphs[i].text

    def rel(h):
        return (h.level, h.style, h.number, h.marker, h.title, h.start - start, h.end - start, h.run_in,
                h.title_start - start)

    heads = tuple(rel(h) for h in _of_paragraph(doc.headings, i))
    inline = tuple(rel(h) for h in _of_paragraph(doc.inline_headings, i))
    enums = tuple((e.number, e.marker, e.start - start, e.end - start, e.family) for e in _of_paragraph(doc.enums, i))
    stripped = text.strip(_WS)
    # Text an item's check reads (before the last 一是), and short lines (a part's label line).
    prefix = text[:enums[-1][3]] if enums else None
    return heads, inline, enums, prefix, bool(text.strip()), stripped if len(stripped) <= 24 else None


@dataclass(eq=False, slots=True)
class Edit:
    old: Facts
    new: Facts
    i0: int  # paragraphs [i0, i1) differ (their indexes are the same in both documents)
    i1: int
    a: int  # where the first changed paragraph starts (in both)
    b_old: int  # where the last changed paragraph ends, before and now
    b_new: int
    delta: int
    same_shape: bool

    def map(self, x: int) -> int:
        """A position of the old document in the new one (inside a changed paragraph: relative to
        its start, its end to its end)."""
        if x < self.a:
            return x
        if x >= self.b_old:
            return x + self.delta
        o, n = self.old, self.new
        j = bisect_right(o.starts, x, self.i0, self.i1) - 1
        if x == o.starts[j] + len(o.texts[j]):
            return n.starts[j] + len(n.texts[j])
        return n.starts[j] + x - o.starts[j]

    def touches(self, start: int, end: int) -> bool:
        """Does [start, end] (new positions) meet a changed paragraph?"""
        return self.i0 < self.i1 and start <= self.b_new and end >= self.a

    def touched_old(self, start: int, end: int) -> bool:
        return self.i0 < self.i1 and start <= self.b_old and end >= self.a

    def finding(self, f: Finding) -> Finding:
        """f of the old document, placed in the new one (the same object when it did not move)."""
        s, e = self.map(f.start), self.map(f.end)
        data = f.data
        moved = data and ("covers" in data or "first_start" in data)
        if s == f.start and e == f.end and not moved:
            return f
        g = Finding(f.rule, f.severity, s, e, f.text, f.message, f.suggestion, f.section, dict(data))
        if moved:
            if "covers" in data:
                g.data["covers"] = [[self.map(c[0]), self.map(c[1]), *c[2:]] for c in data["covers"]]
            if "first_start" in data:
                g.data["first_start"] = self.map(data["first_start"])
                g.data["first_end"] = self.map(data["first_end"])
        return g


def edit_between(old: Facts, new: Facts) -> Edit | None:
    n = len(new.texts)
    if len(old.texts) != n:
        return None
    ot, nt = old.texts, new.texts
    i0 = common_prefix(ot, nt, n)
    i1 = n - common_suffix(ot, nt, n - i0) if i0 < n else n
    if i0 >= i1:
        edit = Edit(old, new, n, n, 0, 0, 0, 0, True)
        edit.same_shape = old.shape == new.shape and old.sections == new.sections
        return edit
    a = new.starts[i0]
    b_old = old.starts[i1 - 1] + len(ot[i1 - 1])
    b_new = new.starts[i1 - 1] + len(nt[i1 - 1])
    edit = Edit(old, new, i0, i1, a, b_old, b_new, b_new - b_old, False)
    edit.same_shape = _same_shape(edit)
    return edit


def _same_shape(e: Edit) -> bool:
    o, n = e.old, e.new
    if o.shape != n.shape or len(o.sections) != len(n.sections):
        return False
    for i in range(e.i0, e.i1):
        if _paragraph_sig(o.doc, i, o.starts[i]) != _paragraph_sig(n.doc, i, n.starts[i]):
            return False
    secs_o, secs_n = o.sections, n.sections
    k = 0
    a = e.a
    while k < len(secs_n) and secs_n[k][5] < a:  # sections wholly before the edit: equal as they are
        k += 1
    if secs_o[:k] != secs_n[:k]:
        return False
    m = e.map
    for so, sn in zip(secs_o[k:], secs_n[k:], strict=True):
        if so[:4] != sn[:4] or m(so[4]) != sn[4] or m(so[5]) != sn[5] or m(so[6]) != sn[6]:
            return False
    return True


def previous(ctx, name: str, doc: Document) -> tuple[Edit | None, Any]:
    """(the Edit from the document of `name`'s last state to this one, that state), or (None, None)."""
    if ctx.last is None:
        return None, None
    hit = ctx.last.swap(f"{ctx.kind.id}:edit:{name}", None)
    if hit is None:
        return None, None
    old, state = hit
    new = facts(ctx, doc)
    cache = ctx.scratch.setdefault("doc_edit:edits", {})
    edit = cache.get(id(old))
    if edit is None or edit.old is not old:
        edit = cache[id(old)] = edit_between(old, new)
    return edit, state


def keep(ctx, name: str, doc: Document, state: Any) -> None:
    """Keep `state` of this document for `name`'s next analysis."""
    if ctx.last is not None:
        ctx.last.swap(f"{ctx.kind.id}:edit:{name}", (facts(ctx, doc), state))


def same_shape_findings(ctx, name: str, doc: Document, compute) -> list[Finding]:
    """compute() (a list of findings), or the last one moved along when only text the rule does not
    read changed (Edit.same_shape: its findings follow from the document's shape alone)."""
    edit, old = previous(ctx, name, doc)
    if edit is not None and edit.same_shape and old is not None:
        found = [edit.finding(f) for f in old]
    else:
        found = list(compute())
    keep(ctx, name, doc, found)
    return found
