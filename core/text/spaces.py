"""The one whitespace normalisation every reader of the document's shape uses.

Indentation and stray spacing as real drafts carry it: ASCII space, tab, full-width space, NBSP and
the other Unicode spaces web pages and Word leave.  The window's editor (Qt's toPlainText) turns NBSP
into a plain space while a file read by the command line keeps it, so headings, numbering and
sections must read both the same way.  The text itself is never rewritten: offsets index it.
"""

from __future__ import annotations

INDENT_WS = " \t\u3000\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\ufeff"


def strip_ws(text: str) -> str:
    """`text` without leading and trailing whitespace of any of the INDENT_WS kinds."""
    return text.strip(INDENT_WS)
