"""Helpers shared by the boilerplate.* rules (no rule is registered here).

Document-scope rules run on every analysis, so everything that depends only on a paragraph's
text is computed once and kept in an LRU keyed by that text (see `para_cache`); a one-paragraph
edit then costs one paragraph of work plus cheap passes over cached results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.analysis.incremental import per_document
from core.common.lru import LRU
from core.common.trie_regex import trie_regex
from core.text.cjk import CJK_CLASS
from core.text.document import Document, Paragraph

# Enumeration markers that open a sentence or clause: 一是 / 二要 / 首先 / （一） / 1. / 一、
# Use with .match(text, pos) (no ^: it would not match at pos).
LEAD_MARKER = re.compile(
    r"[\s\u3000“”\"‘’]*(?:(?:[一二三四五六七八九十]{1,3}(?:是|要|抓|方面)|首先|其次|再次|最后|第[一二三四五六七八九十]{1,3}"
    r"|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、]|[一二三四五六七八九十]{1,3}、)[，,、：:]?)+[\s\u3000“”\"‘’]*")
KEEP_RE = re.compile(f"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ{CJK_CLASS}]+")


def data(ctx) -> dict:
    return ctx.lexicon.memo("boilerplate:data", lambda: load_data(ctx.lexicon, "boilerplate"))


def load_data(lexicon, name: str) -> dict:
    try:
        return lexicon.toml(name)
    except (OSError, ValueError):  # a missing or broken data file must not stop the analysis
        return {}


def threshold(ctx, name: str):
    """resources/thresholds.toml [boilerplate], overridden by the user's settings (same type)."""
    default = ctx.lexicon.toml("thresholds").get("boilerplate", {}).get(name)
    value = ctx.threshold("boilerplate", name, default)
    return type(default)(value) if default is not None else value


def para_cache(ctx, name: str, capacity: int = 20000) -> LRU:
    """An LRU owned by the lexicon (so a reloaded word list starts a fresh cache)."""
    return ctx.lexicon.cache(f"boilerplate:{name}", capacity)


def stats(ctx) -> dict:
    """The figures of the 套话与重复 panel: ctx.stats["boilerplate"][<rule part>]."""
    return ctx.stats.setdefault("boilerplate", {})


@per_document  # three rules ask for it
def body_paragraphs(doc: Document) -> list[tuple[Paragraph, int]]:
    """Non-empty paragraphs with the number of leading characters that are not body text:
    the title is skipped whole, a heading (or a run-in heading up to its 。) and a label such as
    “原因分析：” are skipped."""
    skip: dict[int, int] = {}
    if doc.title is not None:
        skip[doc.title.index] = len(doc.title.text)
    for h in doc.headings:
        p = doc.paragraphs[h.paragraph]
        skip[h.paragraph] = max(skip.get(h.paragraph, 0), h.end - p.start)
    for s in doc.sections:
        if s.heading is None and s.key != "opening":
            p = doc.paragraph_at(s.start)
            if p is not None and p.start <= s.body_start <= p.end:
                skip[p.index] = max(skip.get(p.index, 0), s.body_start - p.start)
    out = []
    get = skip.get
    for p in doc.paragraphs:
        k = get(p.index, 0)
        t = p.text
        # Body text after k (isspace: no stripped copy; a heading's line is sliced only)
        if k < len(t) and not (t[k:] if k else t).isspace():
            out.append((p, k))
    return out


@dataclass(slots=True)
class Span:
    """A section, or the whole text when the parser found none."""

    key: str
    title: str
    start: int
    end: int
    body_start: int


@per_document  # two rules ask for it
def section_spans(doc: Document) -> list[Span]:
    """The document's sections as spans (shared: callers must not modify them)."""
    if doc.sections:
        return [Span(s.key, s.title, s.start, s.end, s.body_start) for s in doc.sections]
    start = doc.title.end + 1 if doc.title is not None else 0
    start = min(start, len(doc.text))
    return [Span("other", "全文", start, len(doc.text), start)]


def neutral_terms(ctx) -> list[str]:
    """Names, fixed formulations and section words: never counted as repeated phrasing."""
    lex = ctx.lexicon
    terms = set(lex.words("domain_terms")) | set(lex.words("boilerplate_names"))
    terms |= set(lex.words("boilerplate_formulations")) | set(lex.words("boilerplate_section_words"))
    for spec in ctx.kind.sections.values():
        terms.add(spec.label)
    return sorted((t for t in terms if len(t) >= 2), key=len, reverse=True)


def neutral_regex(ctx) -> re.Pattern[str] | None:
    def build():
        terms = neutral_terms(ctx)
        return trie_regex(terms)

    return ctx.lexicon.memo(f"boilerplate:neutral:{ctx.kind.id}", build)


def formulations(ctx) -> frozenset[str]:
    return ctx.lexicon.memo("boilerplate:formulations",
                            lambda: frozenset(ctx.lexicon.words("boilerplate_formulations")))


# jieba's part-of-speech tags that make a phrase "phrasing" rather than a topic noun compound:
# a verb/adverb/adjective/preposition/idiom first (坚持…, 严格落实, 用党的…), or an adverb or idiom
# anywhere.  理论学习, 思想政治, 党员教育 are names of topics, and a report repeats them freely.
FIRST_TAGS = frozenset({"v", "vd", "vg", "d", "ad", "a", "ag", "i", "l", "p"})
ANY_TAGS = frozenset({"d", "ad", "vd", "i", "l"})


def pos_tags(ctx) -> dict[str, str]:
    """word -> tag from jieba's dictionary, for the tags above only (loaded once, ~0.2 s)."""
    return ctx.lexicon.memo("boilerplate:pos_tags", lambda: ctx.lexicon.segmenter().pos_tags(FIRST_TAGS | ANY_TAGS))


def quote_name(name: str) -> str:
    name = name.strip().strip("《》")
    return f"《{name}》"
