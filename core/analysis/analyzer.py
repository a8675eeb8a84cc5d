"""Runs the enabled rules over a text and builds the Report (DESIGN 4.5).

Paragraph-scope rules are cached per paragraph text, so after a one-paragraph edit only that
paragraph is re-checked; document-scope rules are cheap passes over the parsed Document.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat, starmap
from typing import Any

from core.analysis.checklist import build_checklist
from core.analysis.compare import CompareDoc
from core.analysis.findings import Finding, Report, SectionSpan
from core.analysis.incremental import LastResults
from core.analysis.kinds import KindSpec
from core.analysis.lexicon import Lexicon, get_lexicon
from core.analysis.merge import JoinMemo, merge_findings, merge_table
from core.analysis.rules import Rule, all_rules
from core.analysis.rules.structure import is_skeleton
from core.analysis.settings import AnalysisSettings
from core.common.seq import common_prefix
from core.common.trie_regex import trie_regex
from core.text.document import Document, ParseCache
from core.text.sections import parse_report

log = logging.getLogger(__name__)
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

# Above these sizes analysis degrades instead of freezing (issue 18, DESIGN 7); a report is at
# most ~100 000 characters. Longer: the paragraph rules only; far longer: no rules at all.
FULL_ANALYSIS_CHARS = 150_000
PARAGRAPH_ANALYSIS_CHARS = 400_000
DEGRADED_NOTICE = {
    "paragraph": "全文超过 {full:,} 字：只做了段落内的检查（结构、套话重复等全文检查已跳过）",
    "none": "全文超过 {para:,} 字：太长，没有检查。请把报告拆成几份，或删去不属于报告的内容",
}


def analysis_level(chars: int, full: int = FULL_ANALYSIS_CHARS, para: int = PARAGRAPH_ANALYSIS_CHARS) -> str:
    """"full", "paragraph" or "none" for a text of `chars` characters."""
    return "full" if chars <= full else "paragraph" if chars <= para else "none"


class ParagraphSums:
    """A document-wide count (clauses, bigrams, 套话 …) summed over per-paragraph parts and kept
    between analyses: the next analysis subtracts the parts of paragraphs that went and adds those
    of paragraphs that came, so a one-paragraph edit costs one paragraph, not the document."""

    def __init__(self) -> None:
        self._keys: Counter = Counter()  # paragraph key -> how many paragraphs have it
        self._order: list[Hashable] = []  # the keys in paragraph order, of the last update
        self._counts: dict[Hashable, Mapping[Hashable, int]] = {}
        self.total: Counter = Counter()
        self._lock = threading.Lock()
        # Bumped by every update; `changed`: the items whose total the last update changed
        # (None: summed afresh, any may have changed), so callers can keep what depends on others.
        self.generation = 0
        self.changed: set | None = None
        self.derived: dict[str, Any] = {}  # callers' state kept up to date from `changed`

    def update(self, items: Sequence[tuple[Hashable, Any]], count: Callable[[Any], Mapping[Hashable, int]]) -> Counter:
        """`items`: (key, part) of every paragraph now; `count(part)`: that paragraph's counts, all
        positive (called only for keys not seen in the last analysis). Returns the total (do not modify)."""
        with self._lock:
            keys = [k for k, _ in items]
            old = self._order
            # An edit changes a window of paragraphs: the keys before and after it are the same, so
            # what went and came is the difference of the two windows (cheap), not of the documents.
            a = common_prefix(old, keys)
            b = common_prefix(old[:a - 1:-1], keys[:a - 1:-1]) if a else common_prefix(old[::-1], keys[::-1])
            mid_old, mid_new = Counter(old[a:len(old) - b]), Counter(keys[a:len(keys) - b])
            gone, came = mid_old - mid_new, mid_new - mid_old
            self._order = keys
            self.generation += 1
            if len(gone) + len(came) > max(8, len(keys) // 2):  # mostly new text: sum afresh
                now = Counter(keys)
                self._counts = {k: self._counts.get(k) or count(part) for k, part in dict(items).items()}
                self.changed = None
                # Every item repeated by its count and counted in C (Counter's own counting loop):
                # three times faster than adding the counts one by one.
                counts_of = self._counts
                self.total = Counter(chain.from_iterable(
                    chain.from_iterable(starmap(repeat, counts_of[k].items())) for k, n in now.items() for _ in range(n)))
            else:
                total = self.total
                changed = self.changed = set()
                for k, n in gone.items():
                    changed.update(self._counts[k])
                    for item, c in self._counts[k].items():
                        left = total[item] - c * n
                        if left > 0:
                            total[item] = left
                        else:
                            del total[item]
                    if not self._keys[k] - n:  # its last paragraph went
                        del self._counts[k]
                # The parts of the paragraphs that came: they are inside the window.
                parts = dict(items[a:len(keys) - b]) if came else {}
                for k, n in came.items():
                    counts = self._counts.get(k)
                    if counts is None:
                        counts = self._counts[k] = count(parts[k])
                    changed.update(counts)
                    for item, c in counts.items():
                        total[item] += c * n
                now = self._keys
                for k, n in gone.items():  # (a Counter's subtract and += Counter() scan every key)
                    left = now[k] - n
                    if left > 0:
                        now[k] = left
                    else:
                        del now[k]
                for k, n in came.items():
                    now[k] += n
            self._keys = now
            return self.total


@dataclass
class RuleContext:
    lexicon: Lexicon
    kind: KindSpec
    settings: AnalysisSettings
    compare: Sequence[CompareDoc] = ()
    # Rules leave figures here for the checklist (figure counts, density, matched problems …).
    stats: dict[str, Any] = field(default_factory=dict)
    # The analyzer's running sums (kept between analyses with the same kind, settings and data).
    sums: dict[str, ParagraphSums] | None = None
    # The analyzer's last results of document-wide computations (core/analysis/incremental.py).
    last: LastResults | None = None
    # Facts about this analysis's document several rules share (never leaves the analysis).
    scratch: dict[str, Any] = field(default_factory=dict)

    def reuse(self, name: str, inputs: Hashable, compute: Callable[[], Any]) -> Any:
        """compute(), or its result of the last analysis when `inputs` are equal (do not modify it)."""
        if self.last is None:
            return compute()
        return self.last.get(f"{self.kind.id}:{name}", inputs, compute)

    def summed(self, name: str, items: Sequence[tuple[Hashable, Any]],
               count: Callable[[Any], Mapping[Hashable, int]]) -> Counter:
        """Document-wide counts from per-paragraph parts, incrementally (see ParagraphSums)."""
        if self.sums is None:
            return ParagraphSums().update(items, count)
        key = f"{self.kind.id}:{name}"
        acc = self.sums.get(key)
        if acc is None:
            acc = self.sums.setdefault(key, ParagraphSums())
        return acc.update(items, count)

    def running_sum(self, name: str) -> ParagraphSums | None:
        """The analyzer's ParagraphSums behind summed(name) (None without analyzer state)."""
        return self.sums.get(f"{self.kind.id}:{name}") if self.sums is not None else None

    def threshold(self, group: str, name: str, default: Any = None) -> Any:
        key = f"{group}.{name}"
        if key in self.settings.thresholds:
            return self.settings.thresholds[key]
        return self.lexicon.toml("thresholds").get(group, {}).get(name, default)

    def tokens(self, text: str) -> tuple[str, ...]:
        return self.lexicon.cut(text)


class Analyzer:
    full_limit = FULL_ANALYSIS_CHARS  # per instance in tests
    paragraph_limit = PARAGRAPH_ANALYSIS_CHARS

    def __init__(self, lexicon: Lexicon | None = None, settings: AnalysisSettings | None = None,
                 cache_size: int = 20_000) -> None:
        self.lexicon = lexicon or get_lexicon()
        self.settings = settings or AnalysisSettings()
        self._rules = all_rules()
        self._cache: OrderedDict[str, dict[str, list[Finding]]] = OrderedDict()  # paragraph -> rule -> findings
        self._cache_size = cache_size
        self._parse_cache = ParseCache()
        self._cache_key = self.settings.key()
        self._lexicon_version = self.lexicon.version
        self._sums: dict[str, ParagraphSums] = {}  # document-wide counts kept between analyses
        self._last = LastResults()  # document-wide results kept between analyses
        self._lock = threading.Lock()
        self._joins = JoinMemo()  # merged findings of the last analysis
        self._last_paragraphs: tuple | None = None  # the last paragraphs and their findings
        self._merge_lock = threading.Lock()

    @property
    def rules(self) -> dict[str, Rule]:
        return self._rules

    def set_settings(self, settings: AnalysisSettings) -> None:
        with self._lock:
            self.settings = settings
            if settings.key() != self._cache_key:
                self._cache.clear()
                self._last_paragraphs = None
                self._sums = {}
                self._last = LastResults()
                self._cache_key = settings.key()

    def enabled_rules(self) -> list[Rule]:
        return [r for r in self._rules.values() if self.settings.enabled(r.id, r.default_enabled)]

    def parse(self, text: str, kind: str = "shuzhi") -> Document:
        return parse_report(text, self.lexicon.section_matcher(kind), self._parse_cache)

    def analyze(self, text: str, kind: str = "shuzhi", compare: Sequence[str | CompareDoc] = (),
                last_year: str | CompareDoc | None = None) -> Report:
        """`last_year`: last year's report (also compared for copied passages); or pass it in
        `compare` as a CompareDoc with last_year=True."""
        compare = with_last_year(compare, last_year)
        kind_spec = self.lexicon.kind(kind)
        with self._lock:
            settings = self.settings
            if self.lexicon.version != self._lexicon_version:
                self._cache.clear()  # the user's word lists changed
                self._last_paragraphs = None
                self._sums = {}
                self._last = LastResults()
                self._lexicon_version = self.lexicon.version
            sums, last = self._sums, self._last
        doc = self.parse(text, kind)
        ctx = RuleContext(self.lexicon, kind_spec, settings, [_as_compare(c, i) for i, c in enumerate(compare)],
                          sums=sums, last=last)
        rules = [r for r in self._rules.values() if settings.enabled(r.id, r.default_enabled)]
        level = analysis_level(len(text), self.full_limit, self.paragraph_limit)
        if level != "full":  # degrade, and say so (Report.stats["degraded"])
            rules = [r for r in rules if r.scope == "paragraph"] if level == "paragraph" else []
            ctx.stats["degraded"] = level
            ctx.stats["degraded_notice"] = DEGRADED_NOTICE[level].format(full=self.full_limit,
                                                                         para=self.paragraph_limit)
        errors: list[str] = []
        findings = self._run_paragraph_rules([r for r in rules if r.scope == "paragraph"], doc, ctx, errors)
        for r in rules:
            if r.scope == "paragraph":
                continue
            try:
                findings.extend(r.func(doc, ctx))
            except Exception as exc:  # a rule bug must never take the editor down
                log.exception("rule %s failed", r.id)
                errors.append(f"{r.id}: {exc!r}")
        findings = drop_whitelisted(_clean(findings, text), text, self.lexicon)
        if is_skeleton(doc):  # a new skeleton: no substance to judge yet (its checklist says 待填写)
            findings = [f for f in findings if not f.rule.startswith("substance.")]
        # One defect, one finding; the joins of the last merge are reused (one merge at a time).
        with self._merge_lock:
            findings = merge_findings(findings, merge_table(self.lexicon), text, self._joins)
        checklist = build_checklist(doc, ctx, findings)
        ctx.stats["rule_errors"] = errors
        sections = [SectionSpan(k, s.title, s.start, s.end) for s in doc.sections if s.key != "other"
                    for k in s.keys]
        return Report(text, kind, sections, checklist, findings, ctx.stats, doc)

    def _run_paragraph_rules(self, rules: list[Rule], doc: Document, ctx: RuleContext,
                             errors: list[str]) -> list[Finding]:
        """Each paragraph once, every paragraph rule on it; results cached by paragraph text
        (one entry per paragraph holding each rule's findings), so an edit redoes one paragraph.
        The paragraphs before and after an edit, equal to the last analysis's (same text, same
        place), take its findings as they are: list slices, not a lookup per paragraph."""
        # An entry also keeps the findings of all of them together (a short key: quick to hash).
        ids = ("all", "\x1f".join(r.id for r in rules))
        paras = doc.paragraphs
        n = len(paras)
        last = self._last_paragraphs  # (ids, paragraphs, findings before each, findings) or None
        a = b = 0
        if last is not None and last[0] == ids:
            old, old_before, old_out = last[1], last[2], last[3]
            m = len(old)
            a = common_prefix(old, paras)
            k = min(n, m) - a
            b = common_prefix(old[m - k:][::-1], paras[n - k:][::-1]) if k > 0 else 0
        before: list[int] = []  # findings before each middle paragraph, in `mid`
        mid, ok = self._paragraphs_findings(rules, paras[a:n - b], ctx, errors, ids, before)
        if a or b:
            head, tail = old_before[a], old_before[m - b]
            out = old_out[:head] + mid + old_out[tail:]
            shift = head + len(mid) - tail
            before = old_before[:a] + [head + x for x in before[:-1]] + [x + shift for x in old_before[m - b:]]
        else:
            out = mid
        # Kept only when every rule ran on every paragraph: a failing rule is tried (and reported) again.
        self._last_paragraphs = (ids, paras, before, out) if ok else None
        return list(out)  # the caller extends it: the kept list stays as it is

    def _paragraphs_findings(self, rules: list[Rule], paras: list, ctx: RuleContext, errors: list[str],
                             ids: tuple, before: list[int]) -> tuple[list[Finding], bool]:
        """The findings of these paragraphs in order, and whether no rule failed; `before` gets
        the number of findings before each paragraph (and, last, their total)."""
        out: list[Finding] = []
        cache = self._cache
        failed: set[str] = set()
        # Paragraphs not analysed before: segmented first, all together, then each rule over all
        # of them in turn (one rule's tables and code stay in the CPU cache: ~10 % of a cold
        # analysis). A rule that fails here is simply tried again below.
        fresh = list(dict.fromkeys(p.text for p in paras
                                   if p.text and p.text not in cache and not p.text.isspace()))
        new: dict[str, dict] = {t: {} for t in fresh}
        for t in fresh:
            ctx.tokens(t)
        for r in rules:
            for t in fresh:
                try:
                    new[t][r.id] = list(r.func(t, ctx))
                except Exception:  # noqa: BLE001 - reported by the loop below
                    pass
        all_ok = True
        for p in paras:
            before.append(len(out))
            text = p.text
            if not text or text.isspace():
                continue
            entry = cache.get(text)
            if entry is None:
                entry = cache[text] = new.get(text) or {}
                if len(cache) > self._cache_size:
                    cache.popitem(last=False)
            found = entry.get(ids)
            if found is None:
                found, ok = [], True
                for r in rules:
                    hit = entry.get(r.id)
                    if hit is None:
                        try:
                            hit = entry[r.id] = list(r.func(text, ctx))
                        except Exception as exc:  # a rule bug must never take the editor down
                            ok = all_ok = False
                            if r.id not in failed:
                                failed.add(r.id)
                                log.exception("rule %s failed", r.id)
                                errors.append(f"{r.id}: {exc!r}")
                            continue
                    found.extend(hit)
                if ok:  # a failing rule is tried (and reported) again next time
                    entry[ids] = found
            if found:
                start = p.start
                at = entry.get(None)  # (found, start, findings there) of the last analysis
                if at is not None and at[1] == start and at[0] is found:
                    out.extend(at[2])  # the same findings at the same place: no copies (never modified)
                else:
                    shifted = [f.shifted(start) for f in found]
                    entry[None] = (found, start, shifted)
                    out.extend(shifted)
        before.append(len(out))
        return out, all_ok


def _whitelist_regex(lexicon: Lexicon):
    words = sorted({w for w in lexicon.words("whitelist") if w}, key=len, reverse=True)
    return trie_regex(words)


def drop_whitelisted(findings: list[Finding], text: str, lexicon: Lexicon) -> list[Finding]:
    """白名单: a finding lying inside an occurrence of a whitelisted word is never shown."""
    rx = lexicon.memo("whitelist_regex", lambda: _whitelist_regex(lexicon))
    if rx is None or not findings:
        return findings
    spans = [m.span() for m in rx.finditer(text)]
    if not spans:
        return findings
    return [f for f in findings
            if f.end <= f.start or not any(s <= f.start and f.end <= e for s, e in spans)]


def with_last_year(compare: Sequence[str | CompareDoc], last_year: str | CompareDoc | None) -> list:
    out = list(compare)
    if last_year is not None:
        if isinstance(last_year, str):
            last_year = CompareDoc("上年度报告", last_year, True)
        elif not last_year.last_year:
            last_year = CompareDoc(last_year.name, last_year.text, True)
        out = [c for c in out if not (isinstance(c, CompareDoc) and c.text == last_year.text)] + [last_year]
    return out


def _as_compare(c: str | CompareDoc, i: int) -> CompareDoc:
    return c if isinstance(c, CompareDoc) else CompareDoc(f"对照文本{i + 1}", c)


def _clean(findings: list[Finding], text: str) -> list[Finding]:
    """Clamp spans, make `text` exactly the flagged slice, sort, and drop exact duplicates."""
    n = len(text)
    seen = set()
    out = []
    for f in findings:
        s, e = f.start, f.end
        if not 0 <= s <= e <= n:
            s = f.start = max(0, min(s, n))
            e = f.end = max(s, min(e, n))
        f.text = text[s:e]
        ident = (f.rule, s, e, f.message)
        if ident in seen:
            continue
        seen.add(ident)
        out.append(f)
    order = SEVERITY_ORDER  # a Severity hashes and compares as its value
    out.sort(key=lambda f: (f.start, order.get(f.severity, 3), f.rule))
    return out


_default_lock = threading.Lock()
_default: dict[int, Analyzer] = {}


def default_analyzer() -> Analyzer:
    with _default_lock:
        lex = get_lexicon()
        a = _default.get(id(lex))
        if a is None:
            a = _default[id(lex)] = Analyzer(lex)
        return a


def analyze(text: str, kind: str = "shuzhi", compare: Sequence[str] = (),
            last_year: str | CompareDoc | None = None) -> Report:
    """The entry point of DESIGN 4.5, using the shipped data and default settings."""
    return default_analyzer().analyze(text, kind, compare, last_year)
