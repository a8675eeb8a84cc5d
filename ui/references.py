"""The 参考文本 folder: earlier reports and templates the copy detector compares against.
Files are read once and re-read only when they change (checked by size and mtime)."""

from __future__ import annotations

from pathlib import Path

from core.analysis.analyzer import CompareDoc
from core.wordio.read_input import read_report_file
from core.wordio.textfile import UnreadableFileError

SUFFIXES = (".txt", ".docx")


class ReferenceFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._cache: dict[Path, tuple[tuple[int, int], CompareDoc | None]] = {}

    def documents(self) -> list[CompareDoc]:
        try:
            paths = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
        except OSError:
            return []
        docs = []
        for p in paths:
            try:
                st = p.stat()
            except OSError:
                continue
            stamp = (st.st_size, st.st_mtime_ns)
            hit = self._cache.get(p)
            if hit is None or hit[0] != stamp:
                try:
                    doc = CompareDoc(p.stem, read_report_file(p))
                except (UnreadableFileError, OSError):
                    doc = None  # an unreadable reference is skipped, never fatal
                hit = (stamp, doc)
                self._cache[p] = hit
            if hit[1] is not None:
                docs.append(hit[1])
        return docs
