"""Milliseconds since the process started (for --smoke), interpreter start-up included."""

from __future__ import annotations

import os
import time


def process_start_time(fallback: float) -> float:
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        ticks = int(fields[19])  # field 22: starttime, in clock ticks after boot
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        age = uptime - ticks / os.sysconf("SC_CLK_TCK")  # /proc/uptime has 10 ms resolution
        return time.time() - max(0.0, age)
    except (OSError, ValueError, IndexError, AttributeError):
        return fallback


def ms_since(start: float) -> int:
    return int(round((time.time() - start) * 1000))
