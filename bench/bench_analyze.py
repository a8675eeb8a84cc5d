"""Analysis budgets of DESIGN 7: full analysis vs jieba's own segmentation, and re-analysis after
a one-paragraph edit.  Run: python bench/bench_analyze.py [--repeat N] [--cpu]

Each figure is timed interleaved with jieba's cut of the same whole text; the verdict uses the
ratio of the medians. 最好比值 (best of N: fastest run over fastest run) is printed beside it, since
on a busy machine the slow runs are the machine's; --cpu times this process's CPU time instead of
wall time.

全文分析 is cold: fresh analyzer, no cached tokens, HMM cuts or per-paragraph results. The
segmenter's table of dictionary lookups (a fragment's frequency, or that it is no word) is the
same for every text and stays filled in the running app; 其中加载后第一次 empties it as well.
Since the clauses of Chinese, digits and letters are cut by jieba-rs (rjieba), that table only
serves the clauses the Python route cuts (with . % - and the like), so both rows cost alike.
The analyser here is accelerated as in the app's worker once idle (Segmenter.accelerated)."""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import jieba  # noqa: E402

from bench.corpus import report_text  # noqa: E402
from bench.timing import interleaved_times  # noqa: E402
from core.analysis.analyzer import Analyzer  # noqa: E402
from core.analysis.lexicon import Lexicon  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=21)
    ap.add_argument("--cpu", action="store_true", help="CPU time of this process instead of wall time")
    args = ap.parse_args()
    clock = time.process_time if args.cpu else time.perf_counter
    jieba.setLogLevel(60)
    jieba.initialize()
    lexicon = Lexicon()
    lexicon.segmenter()
    gc.freeze()  # as the app does once the analyser is loaded (ui/analysis_service.py)
    rows = []
    for size, budget in ((5_000, 1.0), (50_000, 1.0)):  # ≤ 1.0 × jieba
        text = report_text(size)

        def cold(t=text):
            # A fresh analyzer, token cache and per-paragraph results: no result of an earlier
            # run is reused (the segmenter's dictionary lookups stay, as in the running app).
            lexicon.drop_text_caches()
            Analyzer(lexicon).analyze(t)

        def first(t=text):
            # The first analysis after loading: the segmenter's lookup table is empty too.
            lexicon.drop_text_caches()
            lexicon.segmenter().forget_lookups()
            Analyzer(lexicon).analyze(t)

        # Interleaved, so the medians see the same machine state (the floor alone varies ±30 %).
        floor, full, full_first = interleaved_times([lambda t=text: jieba.lcut(t), cold, first], args.repeat, clock)
        rows.append((f"全文分析 {len(text)} 字", full, floor, budget))
        rows.append(("  其中加载后第一次", full_first, floor, budget))
    # Re-analysis after editing one paragraph of a 50 000-character report.
    text = report_text(50_000)
    analyzer = Analyzer(lexicon)
    analyzer.analyze(text)
    paras = text.split("\n")
    k = len(paras) // 2

    def edit_once(state={"n": 0}):  # noqa: B006 - a counter kept across calls on purpose
        state["n"] += 1
        edited = paras[:k] + [paras[k] + f"新增内容{state['n']}次。"] + paras[k + 1:]
        analyzer.analyze("\n".join(edited))

    # Interleaved with jieba on the whole text: the budget is a ratio to that floor (DESIGN 7).
    floor, edit = interleaved_times([lambda t=text: jieba.lcut(t), edit_once], args.repeat, clock)
    rows.append((f"单段修改后再分析 {len(text)} 字", edit, floor, 0.05))
    print("分词：" + ("中文分句由 jieba-rs（rjieba）切分" if lexicon.segmenter().accelerated else "纯 Python（未装 rjieba）"))
    print("比值 = 同一次运行中 jieba 切分同一全文的中位数之比（机器繁忙时看比值）"
          + ("；CPU 时间" if args.cpu else "；墙钟时间"))
    print(f"{'项目':<28}{'中位数 ms':>10}{'jieba ms':>10}{'比值':>8}{'最好比值':>8}{'预算':>9}  结论")
    for name, times, floors, budget in rows:
        ms, floor = statistics.median(times), statistics.median(floors)
        ratio = ms / floor
        best = min(times) / min(floors)
        ok = ratio <= budget
        print(f"{name:<28}{ms:>10.1f}{floor:>10.1f}{ratio:>8.3f}{best:>10.3f}{budget:>8.2f}×  "
              f"{'达标' if ok else '超出'}")


if __name__ == "__main__":
    main()
