"""Single-instance detection: an OS file lock on `<data>/shuzhi.lock`.

The lock dies with the process (even on SIGKILL or power loss), so a stale lock file never
blocks the next start. A second instance gets None and opens the drafts read-only.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Imported here, not in release(): a lock released by __del__ at interpreter exit cannot import.
if sys.platform.startswith("win"):
    import msvcrt
else:
    import fcntl

LOCK_NAME = "shuzhi.lock"


class InstanceLock:
    def __init__(self, path: Path, handle) -> None:
        self.path = path
        self._handle = handle

    @property
    def held(self) -> bool:
        return self._handle is not None

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        try:
            if sys.platform.startswith("win"):
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
            else:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        except OSError:
            pass  # closing the handle releases it anyway
        finally:
            handle.close()

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:
        self.release()


def acquire_instance_lock(data_dir: str | os.PathLike[str]) -> InstanceLock | None:
    """Return a held lock, or None if another instance already holds it."""
    path = Path(data_dir) / LOCK_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+b")  # noqa: SIM115 - kept open for the life of the lock
    try:
        if sys.platform.startswith("win"):
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    try:  # informative only: which process holds it
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()).encode())
        handle.flush()
    except OSError:
        pass
    return InstanceLock(path, handle)
