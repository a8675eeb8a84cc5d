"""Read a report file as the analyser sees it: a Word file via core.wordio.docx_io, anything else as
text in one of the supported encodings (UTF-8 ± BOM, GB18030/GBK, UTF-16 with BOM)."""

from __future__ import annotations

from pathlib import Path

from core.wordio.textfile import UnreadableFileError, read_text_file

WORD_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm", ".doc", ".wps", ".wpt"}


def read_report_file(path: str | Path) -> str:
    """Text of the file; raises UnreadableFileError with a Chinese message otherwise."""
    p = Path(path)
    if p.suffix.lower() in WORD_SUFFIXES:
        from core.wordio.docx_io import DocumentReadError, import_file

        try:
            return import_file(p).text
        except DocumentReadError as exc:
            raise UnreadableFileError(str(exc), exc.first_part) from exc
    return read_text_file(p)
