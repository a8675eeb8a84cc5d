"""Timing helpers shared by the benchmarks: medians, percentiles, and for the window benches a
Qt event-loop wait and a 1 ms heartbeat that records how long the UI thread was blocked."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(fn: Callable[[], object], repeat: int, warm: bool = False) -> float:
    """Median wall time of `fn` in ms (`warm`: one untimed run first, for imports and page cache)."""
    if warm:
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def interleaved_times(fns: list[Callable[[], object]], repeat: int,
                      clock: Callable[[], float] = time.perf_counter) -> list[list[float]]:
    """Times in ms of several functions run in turn `repeat` times, so all see the same machine
    state. `clock`: time.perf_counter (wall) or time.process_time (this process's CPU time, which a
    busy machine inflates less)."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, out in zip(fns, times, strict=True):
            t0 = clock()
            fn()
            out.append((clock() - t0) * 1000)
    return times


def interleaved_medians(fns: list[Callable[[], object]], repeat: int,
                        clock: Callable[[], float] = time.perf_counter) -> list[float]:
    """Medians of several functions run in turn, so all of them see the same machine state."""
    return [statistics.median(t) for t in interleaved_times(fns, repeat, clock)]


def pct(values, p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] if s else float("nan")


def wait_for(app, cond: Callable[[], bool], timeout: float = 30.0) -> bool:
    """Run the Qt event loop until `cond()` holds (or the timeout); returns cond()."""
    end = time.perf_counter() + timeout
    while not cond() and time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)
    return cond()


class Heartbeat:
    """A 1 ms timer on the UI thread; each late tick is a stall of the event loop."""

    def __init__(self) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        self._clock = QElapsedTimer()
        self._gaps: list[float] = []
        self._cpu: list[float] = []  # UI-thread CPU time between ticks (ms)
        self._cpu_last = 0.0
        self._timer = QTimer()
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._tick)
        self._last = 0

    def start(self) -> None:
        self._clock.start()
        self._last = self._clock.nsecsElapsed()
        self._cpu_last = time.thread_time()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = self._clock.nsecsElapsed()
        self._gaps.append((now - self._last) / 1e6)
        self._last = now
        cpu = time.thread_time()
        self._cpu.append((cpu - self._cpu_last) * 1000)
        self._cpu_last = cpu

    @property
    def busy(self) -> list[float]:
        """CPU time the UI thread itself spent between ticks (ms): the part of a stall that is
        our work, not the machine's other processes (on a loaded machine a stall is mostly
        waiting for a core)."""
        return list(self._cpu)

    @property
    def stalls(self) -> list[float]:
        """How much later than 1 ms each tick came (ms)."""
        return [max(0.0, g - 1.0) for g in self._gaps]
