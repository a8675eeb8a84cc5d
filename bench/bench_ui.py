"""UI budgets of DESIGN 7 / issue 5, measured offscreen on the real main window:
- UI-thread time per keystroke while typing continuously into a 30 000-character report
  (handling each input-method event, and the longest event-loop stall seen by a 1 ms heartbeat);
- last keystroke -> updated checklist, 5 000-character report;
- `main.py --smoke`: window shown / analyser ready.
Run: python bench/bench_ui.py"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SHUZHI_DATA_DIR", tempfile.mkdtemp(prefix="shuzhi-bench-"))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtGui import QInputMethodEvent, QTextCursor  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench.corpus import report_text  # noqa: E402
from bench.timing import Heartbeat, pct, wait_for  # noqa: E402
from core.common.paths import data_dir  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

TYPED = "我主持召开支部委员会会议研究党建工作，推动问题整改落实到位。"






def typing_bench(app, chars: int, keystrokes: int, interval_ms: int, pause_every: int = 0, pause_ms: int = 0):
    w = MainWindow(data_dir())
    w.show()
    w.start()
    wait_for(app, lambda: w.analysis.is_ready)
    w.set_text(report_text(chars))
    wait_for(app, lambda: w.last_report is not None and w.last_report.text == w.text())
    w.editor.moveCursor(QTextCursor.MoveOperation.End)
    # Let the scroll to the end be painted before measuring (the bench's own move, not typing).
    settle = time.perf_counter() + 0.3
    wait_for(app, lambda: time.perf_counter() >= settle)
    handle_ms: list[float] = []
    hb = Heartbeat()
    hb.start()
    typed = [0]
    paused = [False]
    t_last_key = [0.0]
    applied = [0]
    w.report_rendered.connect(lambda _r: applied.__setitem__(0, applied[0] + 1))

    def key():
        if pause_every and typed[0] and typed[0] % pause_every == 0 and not paused[0]:
            # A pause long enough for the debounce: analyses finish and marks are applied while
            # the next burst of typing starts.
            paused[0] = True
            kt.setInterval(pause_ms)
            return
        if paused[0]:
            paused[0] = False
            kt.setInterval(interval_ms)
        ch = TYPED[typed[0] % len(TYPED)]
        ev = QInputMethodEvent("", [])
        ev.setCommitString(ch)
        t0 = time.perf_counter()
        QApplication.sendEvent(w.editor, ev)
        handle_ms.append((time.perf_counter() - t0) * 1000)
        t_last_key[0] = time.perf_counter()
        typed[0] += 1

    kt = QTimer()
    kt.setInterval(interval_ms)
    kt.timeout.connect(key)
    kt.start()
    wait_for(app, lambda: typed[0] >= keystrokes, timeout=keystrokes * interval_ms / 1000 + 30)
    kt.stop()
    done = wait_for(app, lambda: w.last_report is not None and w.last_report.text == w.text())
    latency = (time.perf_counter() - t_last_key[0]) * 1000 if done else float("nan")
    hb.stop()
    w.close()
    stalls = hb.stalls
    return handle_ms, stalls, latency, w.analysis.last_seconds * 1000, applied[0]


def smoke_figures():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, str(ROOT / "main.py"), "--smoke"], capture_output=True, text=True,
                             env=env, cwd=ROOT, timeout=60).stdout.split()
        runs.append((int(out[out.index("shown") + 1]), int(out[out.index("ready") + 1])))
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main():
    app = QApplication.instance() or QApplication([])
    for title, pause_every, pause_ms in (("连续输入", 0, 0), ("每 10 个字停顿 450 ms（停顿时分析、更新标记）", 10, 450)):
        handle, stalls, _lat, analysis_ms, applied = typing_bench(app, 30_000, 150, 60, pause_every, pause_ms)
        print(f"30 000 字报告，150 次按键，每 60 ms 一次，{title}；期间更新清单 {applied} 次")
        print(f"  按键处理 ms：p50 {pct(handle, 50):.2f}  p99 {pct(handle, 99):.2f}  max {max(handle):.2f}   预算 16")
        print(f"  事件循环停顿 ms：p50 {pct(stalls, 50):.2f}  p99 {pct(stalls, 99):.2f}  max {max(stalls):.2f}"
              f"   预算 16（1 ms 心跳，含渲染与分析线程争用）")
        print(f"  最后一次分析耗时 {analysis_ms:.0f} ms（工作线程）")
    lat = []
    for _ in range(3):
        _h, _s, latency, _a, _n = typing_bench(app, 5_000, 20, 60)
        lat.append(latency)
    print(f"最后一次按键到清单更新（5 000 字）：中位数 {statistics.median(lat):.0f} ms   预算 500")
    shown, ready = smoke_figures()
    print(f"--smoke：窗口显示 {shown:.0f} ms（预算 1000），分析器就绪 {ready:.0f} ms（预算 2500）")


if __name__ == "__main__":
    main()
