"""Atomic file writes: write a temporary file beside the target, then replace it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Drafts and reports are sensitive (issue 18): a new file stays owner-only, as mkstemp makes
# it; a file that is replaced keeps the permissions it had.
_NEW_FILE_MODE = 0o600
NAME_MAX = 255  # bytes in one file name (ext4, NTFS, APFS)
PATH_MAX = 4096  # bytes in a path (Linux)


def name_problem(path: Path) -> str | None:
    """A Chinese reason why `path` cannot be a file name here, or None."""
    size = len(Path(path).name.encode("utf-8"))
    if size > NAME_MAX:
        return f"文件名太长（{size} 字节，最多 {NAME_MAX} 字节，约 85 个汉字）。请改用较短的文件名。"
    if len(os.fsencode(str(path))) > PATH_MAX:
        return f"保存路径太长（超过 {PATH_MAX} 字节）。请选择层级较浅的文件夹。"
    return None


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # The temporary name must fit NAME_MAX even when the target's name nearly fills it.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = path.stat().st_mode & 0o777 if path.exists() else _NEW_FILE_MODE
            os.chmod(tmp, mode)
        except OSError:
            pass  # permissions are a courtesy; the content is what matters
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    atomic_write_bytes(path, text.encode(encoding))
