"""Word export (official layout) and import: the public entry points (DESIGN 3, 6).

    export_docx(text, path, options=ExportOptions(), progress=None)   -> None, raises ExportError
    build_document(text, options=None, progress=None)                 -> python-docx Document
    read_docx_text(path)                                              -> str, raises DocumentReadError
    import_file(path)                                                 -> ImportedText(text, title_guess, source_format)

The work is split over core.wordio.docx_styles (layout and styles), core.wordio.docx_export and core.wordio.docx_import.
"""

from __future__ import annotations

from core.wordio.docx_export import (
    ExportError,
    ExportOptions,
    build_document,
    export_docx,
    format_date,
    split_title,
)
from core.wordio.docx_import import DocumentReadError, ImportedText, import_file, read_docx_text
from core.wordio.docx_styles import Layout

__all__ = [
    "DocumentReadError",
    "ExportError",
    "ExportOptions",
    "ImportedText",
    "Layout",
    "build_document",
    "export_docx",
    "format_date",
    "import_file",
    "read_docx_text",
    "split_title",
]
