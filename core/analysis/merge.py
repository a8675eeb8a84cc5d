"""One defect, one finding: merges the findings several rules give for the same defect.

Runs once per analysis over the sorted, cleaned findings (the analyzer's last step), in
O(n log n): findings are grouped by span, and containment is looked up by bisecting the few
container findings. Data: resources/merge.toml.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from core.analysis.findings import SEVERITY_RANK, Finding, Severity


@dataclass(frozen=True, slots=True)
class Pair:
    keep: str
    drop: str
    nested: bool  # not the same span: one inside the other (or, with overlap, any overlap)
    join: bool
    prefix: str = ""
    overlap: bool = False


@dataclass(frozen=True, slots=True)
class MergeTable:
    pairs: tuple[Pair, ...]
    residue: frozenset[str]
    runs: frozenset[str] = frozenset()
    run_gap: re.Pattern[str] | None = None
    run_min: int = 3


def merge_table(lexicon) -> MergeTable:
    def build() -> MergeTable:
        raw = lexicon.toml("merge")
        pairs = tuple(Pair(p["keep"], p["drop"], p.get("where", "same") in ("nested", "overlap"),
                           bool(p.get("join")), p.get("prefix", ""), p.get("where") == "overlap")
                      for p in raw.get("same_defect", []))
        runs = raw.get("runs", {})
        return MergeTable(pairs, frozenset(raw.get("residue", {}).get("rules", [])),
                          frozenset(runs.get("rules", [])), re.compile(runs["gap"]) if runs.get("gap") else None,
                          int(runs.get("min", 3)))

    return lexicon.memo("merge_table", build)


def _joined(kept: Finding, dropped: Finding, pair: Pair) -> Finding:
    """`kept`, also carrying what `dropped` said (both facts in one message)."""
    message = kept.message
    if pair.join and dropped.message and dropped.message not in message:
        message = f"{message.rstrip('。')}；{pair.prefix}{dropped.message}"
    data = dict(kept.data)
    data["merged"] = sorted(set(data.get("merged", [])) | {dropped.rule})
    # Built directly: what dataclasses.replace makes, without its per-field introspection.
    return Finding(kept.rule, kept.severity, kept.start, kept.end, kept.text, message,
                   kept.suggestion or dropped.suggestion, kept.section, data)


class JoinMemo:
    """The joined findings of the last merge, by the identity of the two findings joined: after
    an edit most findings are the same objects as before, and so are their joins. A join is
    reused only while the kept finding still has the span and text it had (the analyzer's clean
    step sets them in place). Holds the last merge's joins only."""

    def __init__(self) -> None:
        self._last: dict[tuple[int, int, int], tuple] = {}
        self._now: dict[tuple[int, int, int], tuple] = {}

    def joined(self, kept: Finding, dropped: Finding, pair: Pair) -> Finding:
        key = (id(kept), id(dropped), id(pair))  # the entry holds all three: their ids stay theirs
        hit = self._last.get(key)
        if hit is not None:
            r = hit[3]
            if hit[0] is not kept or hit[1] is not dropped or hit[2] is not pair or r.start != kept.start \
                    or r.end != kept.end or r.text != kept.text:
                hit = None
        if hit is None:
            hit = (kept, dropped, pair, _joined(kept, dropped, pair))
        self._now[key] = hit
        return hit[3]

    def done(self) -> None:
        self._last, self._now = self._now, {}


_SPECIAL_KEYS = frozenset({"covers", "explains", "explains_inside"})


def merge_findings(findings: list[Finding], table: MergeTable, text: str | None = None,
                   memo: JoinMemo | None = None) -> list[Finding]:
    """`findings` sorted by start (as the analyzer leaves them); returns them merged, same order.
    `text`: the analysed text (needed to merge runs of residue). `memo`: the joins of the last
    merge, to reuse (the analyzer keeps one; not safe to share between threads)."""
    join = memo.joined if memo is not None else _joined
    try:
        return _merge(findings, table, text, join)
    finally:
        if memo is not None:
            memo.done()


def _merge(findings: list[Finding], table: MergeTable, text: str | None, join) -> list[Finding]:
    if text is not None:
        findings = _multi_paragraph_quotations(findings, text)
    if len(findings) < 2:
        return findings
    if text is not None and table.runs and table.run_gap is not None:
        findings = _merge_runs(findings, table, text)
    out: list[Finding | None] = list(findings)
    # Each rule's findings by index (a finding keeps its rule: merged ones keep the kept one's),
    # found once for the few rules the steps below look at; a scan per rule runs in C.
    rules = [f.rule for f in findings]
    present = set(rules)
    by_rule: dict[str, list[int]] = {}

    def of_rule(r: str) -> list[int]:
        idx = by_rule.get(r)
        if idx is None:
            idx = by_rule[r] = [i for i, x in enumerate(rules) if x == r] if r in present else []
        return idx

    starts = [f.start for f in findings]  # ascending: findings come sorted by start
    # 0. Findings another one explains (a quote split by a line break: the break, not two
    #    unpaired quotes): it lists them in data["covers"] as [start, end, rule].
    # One pass for the few findings that carry such facts (most carry none of these keys).
    special = [f for f in findings if f.data and not _SPECIAL_KEYS.isdisjoint(f.data)]
    covered = {(s, e, r) for f in special if "covers" in f.data for s, e, r in f.data["covers"]}
    if covered:
        out = [None if (f.start, f.end, f.rule) in covered else f for f in out]
    #    A finding can also explain every finding of one rule inside a span that counts at most n
    #    occurrences (a sentence pasted twice: its clauses each "appear 2 times"): data["explains"];
    #    data["explains_inside"] names rules all of whose findings inside the finding's own span it
    #    explains (the characters of a garbled stretch are no traditional text).
    explains = [span for f in special if "explains" in f.data for span in f.data["explains"]]
    explains += [[f.start, f.end, r, -1] for f in special if "explains_inside" in f.data
                 for r in f.data["explains_inside"]]  # spans that move with the finding
    if explains:
        _drop_explained(out, explains, of_rule, starts)
    # 1. Same span: identical findings from two rules, and the same-defect pairs. Sorted by start,
    #    so findings of one span share a start: only starts held twice are grouped, by bisection.
    by_span: dict[tuple[int, int], list[int]] = {}
    if len(set(starts)) < len(starts):
        for st in sorted({a for a, b in zip(starts, starts[1:], strict=False) if a == b}):
            for i in range(bisect_left(starts, st), bisect_right(starts, st)):
                f = out[i]
                if f is not None:
                    by_span.setdefault((st, f.end), []).append(i)
    same = {(p.keep, p.drop): p for p in table.pairs}
    for idx in by_span.values():
        if len(idx) < 2:
            continue
        seen: dict[tuple, int] = {}
        for i in idx:
            f = out[i]
            ident = (f.message, f.suggestion)
            j = seen.get(ident)
            if j is not None and out[j] is not None and out[j].rule != f.rule:
                # identical advice from two rules: keep the more severe one
                if SEVERITY_RANK[f.severity] < SEVERITY_RANK[out[j].severity]:
                    out[j], out[i] = f, None
                else:
                    out[i] = None
                continue
            seen[ident] = i
        for i in idx:
            for j in idx:
                a, b = out[i], out[j]
                if a is None or b is None or i == j:
                    continue
                pair = same.get((a.rule, b.rule))
                if pair is not None and not pair.nested:
                    out[i], out[j] = join(a, b, pair), None
    # 2. Nested pairs (a 套话 inside a repeated phrase) and moot findings inside residue.
    nested = [p for p in table.pairs if p.nested]
    containers: dict[str, list[int]] = {}
    wanted = {p.keep for p in nested} | {p.drop for p in nested} | table.residue
    for r in wanted:
        idx = [i for i in of_rule(r) if out[i] is not None and out[i].end > out[i].start]
        if idx:
            containers[r] = idx
    for p in nested:
        keeps, drops = containers.get(p.keep, []), containers.get(p.drop, [])
        if not keeps or not drops:
            continue
        starts = [out[k].start for k in keeps]
        for d in drops:
            f = out[d]
            if f is None:
                continue
            k = _around(keeps, starts, f, out, p.overlap)
            if k is not None:
                out[k], out[d] = join(out[k], f, p), None
    residue = sorted((i for r in table.residue for i in containers.get(r, [])
                      if out[i] is not None and out[i].severity == Severity.ERROR), key=lambda i: out[i].start)
    if residue:
        starts = [out[k].start for k in residue]
        for i, f in enumerate(out):
            if f is None or f.rule in table.residue or f.severity == Severity.ERROR or f.end <= f.start:
                continue
            k = bisect_right(starts, f.start) - 1
            if k >= 0 and f.end <= out[residue[k]].end:
                out[i] = None
    return [f for f in out if f is not None]


def _drop_explained(out: list[Finding | None], explains: list, of_rule, starts: list[int]) -> None:
    """Sets to None each finding a data["explains"] span [lo, hi, rule, n] explains (inside the
    span, counted at most n times). `out` is sorted by start: a span's candidates, the findings
    of its rule starting inside it, are found by bisection. `of_rule(rule)`: their indexes;
    `starts`: every finding's start (ascending)."""
    spans: dict[str, list] = {}
    for lo, hi, r, n in explains:
        spans.setdefault(r, []).append((lo, hi, n))
    for r, items in spans.items():
        idx = of_rule(r)
        if not idx:
            continue
        at = [starts[i] for i in idx]
        for lo, hi, n in items:
            for i in idx[bisect_left(at, lo):bisect_right(at, hi)]:
                f = out[i]
                if f is None or f.end > hi:
                    continue
                count = f.data.get("count")
                if n < 0 or (count if count is not None else n + 1) <= n:
                    out[i] = None


def _around(keeps: list[int], starts: list[int], f: Finding, out: list, overlap: bool = False) -> int | None:
    """The kept-rule finding nested with `f` (either inside the other; or overlapping it), or None."""
    k = bisect_right(starts, f.end) - 1
    for j in range(k, max(-1, k - 4), -1):  # the few nearest: such findings rarely overlap each other
        g = out[keeps[j]]
        if g is None:
            continue
        if (g.start <= f.start and f.end <= g.end) or (f.start <= g.start and g.end <= f.end) \
                or (overlap and g.start < f.end and f.start < g.end):
            return keeps[j]
    return None


def _merge_runs(findings: list[Finding], table: MergeTable, text: str) -> list[Finding]:
    """Residue of one kind piece after piece (HTML tags line after line): one finding for the run."""
    runs: list[list[int]] = []
    last: dict[tuple[str, str], list[int]] = {}  # (rule, kind) -> the open run
    for i, f in enumerate(findings):
        if f.rule not in table.runs:
            continue
        kind = f.data.get("kind") if f.data else None
        if not kind or f.end <= f.start:
            continue
        run = last.get((f.rule, kind))
        if run is not None:
            prev = findings[run[-1]]
            if prev.end <= f.start and prev.severity == f.severity and table.run_gap.match(text[prev.end:f.start]):
                run.append(i)
                continue
        run = [i]
        runs.append(run)
        last[(f.rule, kind)] = run
    runs = [r for r in runs if len(r) >= table.run_min]
    if not runs:
        return findings
    gone: set[int] = set()
    out = list(findings)
    for r in runs:
        first, end = findings[r[0]], findings[r[-1]].end
        what = first.data.get("what") or "网站残留"
        out[r[0]] = replace(first, end=end, text=text[first.start:end], suggestion=None,
                            message=f"这里连续 {len(r)} 处{what}，提交前请一并删除。",
                            data={**first.data, "count": len(r)})
        gone.update(r[1:])
    return [f for i, f in enumerate(out) if i not in gone]


# ---- quotations of several paragraphs ------------------------------------------------------
_CLOSER = {"“": "”", "‘": "’"}
_INDENT = " \u3000\t\xa0"
_PARAGRAPH_END = tuple("。！？；：…")
_QUOTED_MIN = 15  # the last paragraph's quotation is a passage, not a quoted term (“四个意识”要…)


def _multi_paragraph_quotations(findings: list[Finding], text: str) -> list[Finding]:
    """GB/T 15834: a quotation of several paragraphs opens every paragraph with “ and closes only
    the last one with ”. The unclosed openers of the earlier paragraphs are no defect. When the
    chain never closes, one error is kept: at the last paragraph's opener, where ” is missing."""
    moot: set[int] = set()
    for f in findings:
        if f.rule != "hygiene.bracket" or f.severity != Severity.ERROR or f.end - f.start != 1 \
                or f.start in moot or text[f.start:f.end] not in _CLOSER:
            continue
        opener = text[f.start]
        chain = [f.start]
        pos = f.start
        closed = False
        while True:
            end = text.find("\n", pos)
            if end < 0:
                break
            tail = text[pos + 1:end].rstrip(_INDENT)
            if _CLOSER[opener] in tail or opener in tail or not tail.endswith(_PARAGRAPH_END):
                break  # this paragraph's opener is not simply left open at its end
            nxt = end + 1
            while nxt < len(text) and text[nxt] in _INDENT + "\n":
                nxt += 1
            if nxt >= len(text) or text[nxt] != opener:
                break
            line_end = text.find("\n", nxt)
            line = text[nxt:line_end if line_end >= 0 else len(text)]
            shut = _closing(line, opener)
            if shut is None:
                chain.append(nxt)  # a middle paragraph: opened, left open
                pos = nxt
                continue
            closed = shut >= _QUOTED_MIN
            break
        if len(chain) > 1 or closed:
            moot.update(chain if closed else chain[:-1])
    if moot:
        findings = [f for f in findings if not (f.rule == "hygiene.bracket" and f.end - f.start == 1 and f.start in moot)]
    return _quotation_across_paragraphs(findings, text)


_OPENER = {v: k for k, v in _CLOSER.items()}
_ACROSS_MAX = 3  # line breaks a quotation may span with its middle paragraphs unmarked
_ACROSS_CHARS = 3000  # and characters


def _quotation_across_paragraphs(findings: list[Finding], text: str) -> list[Finding]:
    """他指出：“…。⏎…。⏎…。”: a quotation over a few paragraphs with “ only at its start. The marks
    pair; only the convention (“ at every paragraph) is missed, so the two unpaired-quote errors
    become one suggestion."""
    pending: dict[str, Finding] = {}
    out: list[Finding | None] = list(findings)
    where: dict[int, int] = {}
    changed = False
    for i, f in enumerate(findings):
        if f.rule != "hygiene.bracket" or f.severity != Severity.ERROR or f.end - f.start != 1:
            continue
        ch = text[f.start]
        if ch in _CLOSER:
            end = text.find("\n", f.start)
            tail = text[f.start + 1:end].rstrip(_INDENT) if end >= 0 else ""
            if tail.endswith(_PARAGRAPH_END) and _CLOSER[ch] not in tail and ch not in tail:
                pending[ch], where[f.start] = f, i
            else:
                pending.pop(ch, None)
            continue
        opener = _OPENER.get(ch)
        o = pending.pop(opener, None) if opener else None
        if o is None:
            continue
        if f.start - o.end > _ACROSS_CHARS:
            continue
        between = text[o.end:f.start]
        if not 1 <= between.count("\n") <= _ACROSS_MAX or between.count(opener) != between.count(ch):
            continue
        out[where[o.start]] = replace(o, severity=Severity.INFO, message=(
            f"这段引文跨了几个段落：按规范，引文每段开头都用前引号{opener}，只在最后一段末尾用后引号{ch}。"),
            data={**o.data, "merged": ["hygiene.bracket"]})
        out[i] = None
        changed = True
    return [f for f in out if f is not None] if changed else findings


def _closing(line: str, opener: str) -> int | None:
    """Where the quotation opened at line[0] closes (None: left open)."""
    closer, depth = _CLOSER[opener], 0
    for i, ch in enumerate(line):
        if ch == opener:
            depth += 1
        elif ch == closer:
            depth -= 1
            if depth == 0:
                return i
    return None
