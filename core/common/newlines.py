"""One line-ending rule for every way text enters the app (files, the command line, the editor,
the stored body): CRLF and lone CR become LF, as the editor (QPlainTextEdit) shows them."""

from __future__ import annotations


def normalise_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")
