"""Cost of the hygiene.* and formulation.* rules against the floor of DESIGN section 7 (jieba).

    python bench/bench_rules.py [--runs N]

Builds 5 000- and 50 000-character reports by varying the paragraphs of the clean test reports
(tests/data/clean_hygiene_*.txt; figures changed so no two paragraphs are equal), then times each
rule cold — every paragraph checked, no analyzer cache — and jieba's segmentation of the same text.
Prints the median milliseconds of each rule and its ratio to jieba.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core.analysis.analyzer import Analyzer, RuleContext  # noqa: E402
from core.analysis.lexicon import get_lexicon  # noqa: E402
from core.analysis.rules import all_rules  # noqa: E402
from core.analysis.settings import AnalysisSettings  # noqa: E402
from core.text.numerals import int_to_chinese  # noqa: E402

DATA = ROOT / "tests" / "data"
PREFIXES = ("hygiene.", "formulation.")
SECTIONS = ["履职情况", "存在问题", "原因分析", "下一步打算"]
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


def body_paragraphs() -> list[str]:
    out = []
    for path in sorted(DATA.glob("clean_hygiene_*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = _HEADING.sub("", line.strip())
            if len(line) >= 40:  # body text, not titles, headings or signatures
                out.append(line)
    return out


def build_report(chars: int) -> str:
    """A numbered report of about `chars` characters whose paragraphs all differ."""
    paras = body_paragraphs()
    lines = ["2024年度抓基层党建工作述职报告",
             "按照县委组织部的安排，现将本人2024年度抓基层党建工作情况报告如下。"]
    size = sum(len(x) + 1 for x in lines)
    k = 0
    sec = 0
    while size < chars:
        sec += 1
        head = f"{int_to_chinese(sec)}、{SECTIONS[(sec - 1) % len(SECTIONS)]}"
        lines.append(head)
        size += len(head) + 1
        for sub in range(1, 6):
            if size >= chars:
                break
            k += 1
            # Vary every figure so that no paragraph text repeats (no cache can help).
            body = re.sub(r"\d+", lambda m, k=k: str(int(m.group()) + k), paras[k % len(paras)])
            line = f"（{int_to_chinese(sub)}）{body}"
            lines.append(line)
            size += len(line) + 1
    return "\n".join(lines)[:chars]


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def measure(floor_fn, fns: dict[str, object], runs: int) -> tuple[float, dict[str, tuple[float, float]]]:
    """Median ms of the floor and of each function, and the median of per-run ratios.

    Each run times the floor and every function back to back, so a busy machine slows both
    sides of a ratio alike.
    """
    floors: list[float] = []
    per: dict[str, list[tuple[float, float]]] = {k: [] for k in fns}
    for _ in range(runs):
        f = timed(floor_fn)
        floors.append(f)
        for k, fn in fns.items():
            ms = timed(fn)
            per[k].append((ms, ms / f))
    return statistics.median(floors), {k: (statistics.median(v[0] for v in vals),
                                            statistics.median(v[1] for v in vals)) for k, vals in per.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=11)
    args = ap.parse_args(argv)
    lex = get_lexicon()
    tok = lex.segmenter()  # load jieba before timing
    rules = {rid: r for rid, r in sorted(all_rules().items()) if rid.startswith(PREFIXES)}
    analyzer = Analyzer(lex, AnalysisSettings(only_rules=set(rules)))
    kind = lex.kind("shuzhi")
    for chars in (5_000, 50_000):
        text = build_report(chars)
        runs = args.runs if chars <= 5_000 else max(3, args.runs // 2)
        doc = analyzer.parse(text)
        paragraphs = [p.text for p in doc.paragraphs if p.text.strip()]
        ctx = RuleContext(lex, kind, analyzer.settings)
        for r in rules.values():  # build the compiled data once (it is kept per lexicon)
            list(r.func(doc, ctx)) if r.scope == "document" else [list(r.func(p, ctx)) for p in paragraphs[:3]]
        fns: dict[str, object] = {}
        for rid, r in rules.items():
            if r.scope == "paragraph":
                fns[rid] = lambda r=r, ps=paragraphs, c=ctx: [list(r.func(p, c)) for p in ps]
            else:
                fns[rid] = lambda r=r, d=doc, c=ctx: list(r.func(d, c))
        # Through the analyzer, cold (a new Analyzer: no paragraph cache) minus the same with no rule:
        # what these rules add to a first analysis, the analyzer's per-paragraph bookkeeping included.
        fns["analyze(): these rules"] = lambda t=text: Analyzer(lex, AnalysisSettings(only_rules=set(rules))).analyze(t)
        fns["analyze(): no rule"] = lambda t=text: Analyzer(lex, AnalysisSettings(only_rules=set())).analyze(t)
        edited = text.replace("。", "，", 1)
        analyzer.analyze(text)
        fns["re-analysis after an edit"] = lambda e=edited, t=text: (analyzer.analyze(e), analyzer.analyze(t))
        floor, res = measure(lambda t=text: tok.cut(t), fns, runs)
        print(f"\n{len(text)} characters, {len(paragraphs)} paragraphs; jieba.lcut {floor:.2f} ms (the floor)")
        print(f"  {'rule':30s} {'ms':>8s} {'× jieba':>8s}")
        total_ms = total_ratio = 0.0
        for rid in rules:
            ms, ratio = res[rid]
            total_ms += ms
            total_ratio += ratio
            print(f"  {rid:30s} {ms:8.2f} {ratio:8.3f}")
        print(f"  {'sum of these rules':30s} {total_ms:8.2f} {total_ratio:8.3f}")
        (a_ms, a_r), (n_ms, n_r) = res["analyze(): these rules"], res["analyze(): no rule"]
        print(f"  {'analyze() adds (cold)':30s} {a_ms - n_ms:8.2f} {a_r - n_r:8.3f}"
              f"   (analyze() with them {a_ms:.2f} ms, with no rule {n_ms:.2f} ms)")
        ms, ratio = res["re-analysis after an edit"]
        print(f"  {'re-analysis after an edit':30s} {ms / 2:8.2f} {ratio / 2:8.3f}   (paragraph cache)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
