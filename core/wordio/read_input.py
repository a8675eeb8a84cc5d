"""Read a report file as the analyser sees it: a Word file via core.wordio.docx_io, anything else as
text in one of the supported encodings (UTF-8 ± BOM, GB18030/GBK, UTF-16 with BOM)."""

from __future__ import annotations

from pathlib import Path

from core.wordio.textfile import DecodedText, UnreadableFileError, read_text

WORD_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm", ".doc", ".wps", ".wpt"}


def read_report(path: str | Path) -> DecodedText:
    """Text of the file and what was changed on the way in (e.g. "已删除 3 个不可见的控制字符。"), so
    every entry point can say it; raises UnreadableFileError with a Chinese message otherwise."""
    p = Path(path)
    if p.suffix.lower() in WORD_SUFFIXES:
        from core.wordio.docx_io import DocumentReadError, import_file

        try:
            imported = import_file(p)
        except DocumentReadError as exc:
            raise UnreadableFileError(str(exc), exc.first_part) from exc
        return DecodedText(imported.text, imported.notice)
    return read_text(p)


def read_report_file(path: str | Path) -> str:
    """Text of the file; raises UnreadableFileError with a Chinese message otherwise."""
    return read_report(path).text
