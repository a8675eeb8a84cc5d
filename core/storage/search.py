"""Draft search: SQL building (FTS5 trigram for terms of 3+ characters, LIKE for shorter ones)
and the highlighted snippet shown in the result list."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

MIN_FTS_TERM = 3  # trigram FTS cannot match anything shorter


@dataclass(slots=True, frozen=True)
class SearchResult:
    draft_id: int
    title: str
    kind: str
    year: int | None
    updated: float
    snippet: str  # an excerpt of the body with every match wrapped in the markers
    in_title: bool  # the title itself matches


def split_terms(query: str) -> list[str]:
    """Whitespace separates terms; all terms must match (AND)."""
    return [t for t in query.split() if t]


def like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def fts_phrase(term: str) -> str:
    # A quoted phrase: FTS operators typed by the user are matched literally.
    return '"' + term.replace('"', '""') + '"'


def build_id_query(terms: Sequence[str], use_fts: bool, limit: int) -> tuple[str, list[object]]:
    """SQL selecting the ids of matching live drafts, newest first (bodies fetched afterwards,
    so the sorter never carries large rows)."""
    long_terms = [t for t in terms if use_fts and len(t) >= MIN_FTS_TERM]
    short_terms = [t for t in terms if t not in long_terms]
    params: list[object] = []
    if long_terms:
        sql = ("SELECT d.id FROM drafts_fts JOIN drafts AS d ON d.id = drafts_fts.rowid "
               "WHERE drafts_fts MATCH ? AND d.deleted IS NULL")
        params.append(" ".join(fts_phrase(t) for t in long_terms))
    else:
        sql = "SELECT d.id FROM drafts AS d WHERE d.deleted IS NULL"
    for term in short_terms:
        sql += " AND (d.title LIKE ? ESCAPE '\\' OR d.body LIKE ? ESCAPE '\\')"
        pattern = like_pattern(term)
        params += [pattern, pattern]
    sql += " ORDER BY d.updated DESC, d.id DESC LIMIT ?"
    params.append(limit)
    return sql, params


def _terms_regex(terms: Sequence[str]) -> re.Pattern[str]:
    # Longest first so that overlapping terms highlight the longer match.
    alternatives = sorted({t for t in terms}, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in alternatives), re.IGNORECASE)


def mark_text(text: str, terms: Sequence[str], marks: tuple[str, str],
              escape: Callable[[str], str] | None = None) -> str:
    """Wrap every match of the terms in `text` with the markers."""
    return _mark_span(text, 0, len(text), list(_terms_regex(terms).finditer(text)) if terms else [],
                      marks, escape)


def _mark_span(text: str, start: int, end: int, matches: list[re.Match[str]],
               marks: tuple[str, str], escape: Callable[[str], str] | None) -> str:
    esc = escape or (lambda s: s)
    out: list[str] = []
    pos = start
    for m in matches:
        if m.start() < pos or m.end() > end:
            continue
        out.append(esc(text[pos:m.start()]))
        out.append(marks[0] + esc(m.group()) + marks[1])
        pos = m.end()
    out.append(esc(text[pos:end]))
    return "".join(out)


def make_snippet(body: str, terms: Sequence[str], marks: tuple[str, str] = ("【", "】"),
                 width: int = 30, escape: Callable[[str], str] | None = None) -> str:
    """About `width` characters either side of the first match, on one line, matches marked.

    `escape` (e.g. html.escape) is applied to the text but not to the markers.
    """
    matches = list(_terms_regex(terms).finditer(body)) if terms else []
    if not matches:
        start, end = 0, min(len(body), 2 * width)
    else:
        first = matches[0]
        start = max(0, first.start() - width)
        end = min(len(body), first.end() + width)
        # Don't start the excerpt in the middle of an earlier paragraph when avoidable.
        newline = body.rfind("\n", start, first.start())
        if newline != -1:
            start = newline + 1
    snippet = _mark_span(body, start, end, matches, marks, escape)
    snippet = re.sub(r"\s*\n\s*", " ", snippet).strip()
    prefix = "…" if start > 0 and body[start - 1] != "\n" else ""
    suffix = "…" if end < len(body) else ""
    return prefix + snippet + suffix
