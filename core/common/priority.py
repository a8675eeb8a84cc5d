"""The analysis worker runs below the window's priority: when the two want the same core (two
cores, an autosave in flight), the window's event loop gets it first and typing does not wait
for an analysis; the analysis only takes a little longer."""

from __future__ import annotations

import os
import sys

NICE = 5  # POSIX niceness added (0 is normal, 19 the lowest)
BELOW_NORMAL_PRIORITY_CLASS = 0x00004000  # Windows


def lower_priority() -> bool:
    """Lower this process's scheduling priority a little; False where it cannot be done."""
    try:
        if sys.platform == "win32":
            import ctypes

            kernel32 = ctypes.windll.kernel32
            return bool(kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), BELOW_NORMAL_PRIORITY_CLASS))
        os.nice(NICE)
        return True
    except (OSError, AttributeError):
        return False  # a sandbox that forbids it: run at normal priority
