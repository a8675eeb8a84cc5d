"""Read a report file as the analyser sees it: .txt in any supported encoding, or .docx."""

from __future__ import annotations

from pathlib import Path

from core.textfile import UnreadableFileError, read_text_file


def read_report_file(path: str | Path) -> str:
    """Text of a .txt or .docx file; raises UnreadableFileError (Chinese message) otherwise."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".docx":
        from core.docx_io import DocumentReadError, read_docx_text

        try:
            return read_docx_text(p)
        except DocumentReadError as exc:
            raise UnreadableFileError(str(exc)) from exc
    if suffix in (".doc", ".wps"):
        raise UnreadableFileError(f"“{p.name}”是旧版 Word/WPS 格式，请在 Word 或 WPS 中另存为 .docx 后再打开。")
    return read_text_file(p)
