"""Autosave while typing (issue 7), on the real main window offscreen: a 50 000-character draft,
continuous input-method typing for a few seconds with autosaves every second (max-wait), the
草稿箱 visible. Reports the longest UI-thread stall (1 ms heartbeat), the UI-thread cost of
starting each save, and the worker's time per save; then the same typing with autosave off,
to show what the saves add (after a discarded warm-up run); and the 历史版本 diff of two
50 000-character versions. Budget (DESIGN 7): the UI thread never blocked > 16 ms.
Run: python bench/bench_autosave_ui.py"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtGui import QInputMethodEvent, QTextCursor  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench.corpus import report_text  # noqa: E402
from bench.timing import Heartbeat, pct, wait_for  # noqa: E402
from ui.drafts.versions_dialog import diff_html  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

TYPED = "我主持召开支部委员会会议研究党建工作，推动问题整改落实到位。"
SECONDS = 6.0
INTERVAL_MS = 40  # a fast typist: 25 characters a second, no pause long enough for the debounce






def run(app, autosave: bool) -> dict:
    data = tempfile.mkdtemp(prefix="shuzhi-bench-autosave-")
    w = MainWindow(Path(data))  # installs the draft session itself
    s = w.drafts
    s.inform, s.ask = (lambda *a: None), (lambda *a: True)
    w.show()
    w.start()
    wait_for(app, lambda: w.analysis.is_ready)
    s.dock.show()
    s.dock.raise_()
    text = report_text(50_000)
    s.open_text_as_new_draft(text, "基准草稿")
    wait_for(app, lambda: w.last_report is not None and w.last_report.text == w.text())
    if autosave:
        s.delay_ms, s.max_wait_ms = 500, 1000
    else:
        s.delay_ms = s.max_wait_ms = 10**8
    # UI-thread cost of starting a save: read the text, build the job, queue it.
    trigger_ms: list[float] = []
    original = s._save_job

    def timed_save_job():
        t0 = time.perf_counter()
        result = original()
        trigger_ms.append((time.perf_counter() - t0) * 1000)
        return result

    s._save_job = timed_save_job
    w.editor.moveCursor(QTextCursor.MoveOperation.End)
    hb = Heartbeat()
    hb.start()
    typed = [0]

    def key():
        ev = QInputMethodEvent("", [])
        ev.setCommitString(TYPED[typed[0] % len(TYPED)])
        QApplication.sendEvent(w.editor, ev)
        typed[0] += 1

    kt = QTimer()
    kt.setInterval(INTERVAL_MS)
    kt.timeout.connect(key)
    kt.start()
    end = time.perf_counter() + SECONDS
    wait_for(app, lambda: time.perf_counter() >= end, timeout=SECONDS + 5)
    kt.stop()
    wait_for(app, lambda: not s._saving, timeout=10)
    hb.stop()
    saves = list(s.save_seconds)
    w.close()
    stalls = hb.stalls
    return {"chars": len(w.text()), "typed": typed[0], "stalls": stalls, "saves": [x * 1000 for x in saves],
            "trigger": trigger_ms}


def main():
    app = QApplication.instance() or QApplication([])
    run(app, autosave=False)  # warm-up: the first window of a process pays one-off costs
    on = run(app, autosave=True)
    off = run(app, autosave=False)
    print(f"5 万字草稿（{on['chars']} 字）连续输入 {SECONDS:.0f} 秒（每 {INTERVAL_MS} ms 一个字，"
          f"共 {on['typed']} 字），草稿箱可见")
    print(f"  自动保存 {len(on['saves'])} 次；工作线程每次耗时 ms：中位数 {statistics.median(on['saves']):.1f}"
          f"  最大 {max(on['saves']):.1f}")
    print(f"  UI 线程发起一次保存 ms：中位数 {statistics.median(on['trigger']):.2f}  最大 {max(on['trigger']):.2f}")
    for name, r in (("开启自动保存", on), ("关闭自动保存", off)):
        st = r["stalls"]
        print(f"  {name}：事件循环停顿 ms p50 {pct(st, 50):.2f}  p99 {pct(st, 99):.2f}  max {max(st):.2f}"
              f"   预算 16")
    chars, ms = bench_diff()
    print(f"历史版本比较（{chars} 字的两个版本）：{ms:.0f} ms（中位数）")


def bench_diff() -> tuple[int, float]:
    old = report_text(50_000)
    paras = old.split("\n")
    paras[10] = paras[10] + "（补充一句。）"
    del paras[len(paras) // 2]
    paras.insert(len(paras) * 3 // 4, "新增的一段内容。")
    new = "\n".join(paras)
    diff_html(old, new)  # warm-up
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        diff_html(old, new)
        times.append((time.perf_counter() - t0) * 1000)
    return len(old), statistics.median(times)


if __name__ == "__main__":
    main()
