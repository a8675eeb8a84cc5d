"""No rule grows faster than the text (issue 15): every rule on pathological inputs at
5 000 / 50 000 / 500 000 characters, printed as milliseconds per 1 000 characters.

    python bench/bench_pathological.py [--sizes 5000,50000,500000] [--inputs a,b] [--rules prefix,…]

Inputs: one huge paragraph (clean, and with doubled / ASCII punctuation and broken brackets),
thousands of headings, 100 000 identical lines (at 500 000 characters), deep bracket nesting
(well-formed and crossed), long runs of one character. Each rule runs once, cold (no analyzer
cache; its own per-paragraph memos emptied), after the paragraphs' tokens are cut, so the figure
is the rule's own work; the jieba row is that segmentation. A row is flagged 超线性 when its cost
per 1 000 characters at the largest size is over 3 × the smallest size's (and the rule took over
50 ms): the cost must stay flat. A rule that already grew 4 × between the first two sizes is not
run at the largest (it would take minutes). Exit status 1 when any row is flagged.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpus import report_text  # noqa: E402
from core.analysis.analyzer import Analyzer, RuleContext  # noqa: E402
from core.analysis.lexicon import get_lexicon  # noqa: E402
from core.analysis.rules import all_rules  # noqa: E402
from core.text.numerals import int_to_chinese  # noqa: E402

SECTIONS = ("履职情况", "存在问题", "原因分析", "下一步打算")
SUBHEADS = ("加强理论武装", "党员教育管理不够到位", "落实“三会一课”制度", "基层组织建设有短板", "压实管党治党责任")


def _fit(parts, size: int, sep: str = "\n") -> str:
    out, total = [], 0
    for p in parts:
        if total >= size:
            break
        out.append(p)
        total += len(p) + len(sep)
    return sep.join(out)[:size]


def huge_paragraph(size: int) -> str:
    """One fixed 10 000-character block of report text repeated, so every size has the same mix."""
    block = report_text(10_000).replace("\n", "")
    return (block * (size // len(block) + 1))[:size]


def huge_paragraph_marks(size: int) -> str:
    """One paragraph full of slips: doubled and ASCII punctuation, lone and reversed brackets."""
    out = []
    n = 0
    for ch in huge_paragraph(size):
        n += 1
        if ch == "，":
            out.append("，，" if n % 3 == 0 else ("," if n % 3 == 1 else ch))
        elif ch == "。":
            out.append("." if n % 2 else "。")
        elif ch in "（《":
            out.append("" if n % 2 else ch)  # the closer stays alone
        elif ch == "“":
            out.append("”")
        else:
            out.append(ch)
    return "".join(out)[:size]


def many_headings(size: int) -> str:
    def lines():
        k = 0
        while True:
            k += 1
            yield f"{int_to_chinese(k % 99 + 1)}、{SECTIONS[k % len(SECTIONS)]}"
            for i, sub in enumerate(SUBHEADS, 1):
                yield f"（{int_to_chinese(i)}）{sub}"

    return _fit(lines(), size)


def identical_lines(size: int) -> str:
    line = "抓好党建工作"  # 7 characters a line with its break: 100 000 lines near 700 000 characters
    return _fit(iter(lambda: line, None), size)


def deep_nesting(size: int) -> str:
    opens, closes = "（“【《", "）”】》"
    depth = size // 2 - 2
    head = "".join(opens[i % 4] for i in range(depth))
    tail = "".join(closes[i % 4] for i in reversed(range(depth)))
    return head + "党建" + tail


def crossed_brackets(size: int) -> str:
    """Openers of one family, then closers of another: nothing pairs."""
    half = size // 2
    return "（" * half + "”" * (size - half)


def one_char_runs(size: int) -> str:
    chars = "党，.X 一"
    each = size // len(chars) - 1
    return "\n".join(c * each for c in chars)


def garbled_paragraph(size: int) -> str:
    """A whole report opened in the wrong encoding, as one paragraph: UTF-8 bytes read as GBK."""
    unit = report_text(3_000).replace("\n", "").encode().decode("gbk", errors="replace")
    return (unit * (size // len(unit) + 1))[:size]  # one block repeated: the same density at every size


def slips_paragraph(size: int) -> str:
    """One paragraph of input-method slips side by side (老党元送…): thousands of typo hints at once."""
    unit = "为老党元送去慰问金，明却责任，却保按期完成，"
    return (unit * (size // len(unit) + 1))[:size]


def marks_and_typos_paragraph(size: int) -> str:
    """One paragraph of listed typos, spaced quoted names and single quotes side by side: thousands
    of findings that each look at the others (overlaps, quotation depth, protected spans)."""
    unit = "认真的落实布署，深化“我为群 众办实事”活动，开展‘三会一课’，贯彻落全面从严治党，"
    return (unit * (size // len(unit) + 1))[:size]


def run_in_sections_paragraph(size: int) -> str:
    """One paragraph holding thousands of run-in headings (…成效明显。一、履职情况…): the rules that
    work per section must not walk the whole paragraph for each one."""
    unit = "显著提升，成效明显。一、履职情况发展党员11名，其中3名。二、存在问题主要是学习不够。三、下一步打算加强学习。"
    return (unit * (size // len(unit) + 1))[:size]


def residue_paragraph(size: int) -> str:
    """One paragraph of site residue repeated (a page's hidden-text notes): thousands of matches."""
    unit = "文件，教育我 ……此处隐藏1509个字，"
    return (unit * (size // len(unit) + 1))[:size]


def short_part_lines(size: int) -> str:
    """Thousands of short lines naming parts and broken off mid-phrase: line-break checks per line
    pair must not look at every section."""
    unit = "0原因分析第、、、\n九\n管大局2【【2\n2第十【2【第九0"
    return (unit * (size // len(unit) + 1))[:size]


INPUTS = {
    "huge_paragraph": huge_paragraph,
    "huge_paragraph_marks": huge_paragraph_marks,
    "many_headings": many_headings,
    "identical_lines": identical_lines,
    "deep_nesting": deep_nesting,
    "crossed_brackets": crossed_brackets,
    "one_char_runs": one_char_runs,
    "garbled_paragraph": garbled_paragraph,
    "slips_paragraph": slips_paragraph,
    "marks_and_typos_paragraph": marks_and_typos_paragraph,
    "run_in_sections_paragraph": run_in_sections_paragraph,
    "residue_paragraph": residue_paragraph,
    "short_part_lines": short_part_lines,
}


def timed(fn) -> float:
    """CPU time of this process in ms: on a busy machine, time spent waiting for a core is not counted."""
    t0 = time.process_time()
    fn()
    return (time.process_time() - t0) * 1000


def run_input(name: str, sizes: list[int], rules: dict, lex) -> list[tuple[str, str, list[float | None]]]:
    """Rows (input, what, ms per 1 000 characters at each size; None = not run)."""
    kind = lex.kind("shuzhi")
    per_k: dict[str, list[float | None]] = {}
    total_ms: dict[str, list[float | None]] = {}
    skip: set[str] = set()
    for si, size in enumerate(sizes):
        text = INPUTS[name](size)
        k = max(1.0, len(text) / 1000)
        lex.drop_text_caches()
        analyzer = Analyzer(lex)
        rows: dict[str, float | None] = {}
        doc = None

        def parse(a=analyzer, t=text):
            nonlocal doc
            doc = a.parse(t)

        rows["(parse)"] = timed(parse)
        paragraphs = [p.text for p in doc.paragraphs if p.text.strip()]
        rows["(jieba tokens)"] = timed(lambda ps=paragraphs: [lex.cut(p) for p in ps])
        ctx = RuleContext(lex, kind, analyzer.settings)
        gc.collect()
        gc.freeze()  # as the app does once loaded: a big parsed document is not re-scanned by every collection
        for rid, r in rules.items():
            if rid in skip:
                rows[rid] = None
                continue
            if r.scope == "paragraph":
                ms = timed(lambda r=r, ps=paragraphs, c=ctx: [list(r.func(p, c)) for p in ps])
            else:
                ms = timed(lambda r=r, d=doc, c=ctx: list(r.func(d, c)))
            rows[rid] = ms
        gc.unfreeze()
        for what, ms in rows.items():
            per_k.setdefault(what, []).append(None if ms is None else ms / k)
            total_ms.setdefault(what, []).append(ms)
        if si == len(sizes) - 2:  # before the largest size: drop what already grows fast
            for what, vals in per_k.items():
                if what in rules and vals[0] is not None and vals[-1] is not None \
                        and vals[-1] > 4 * max(vals[0], 0.01) and total_ms[what][-1] > 50:
                    skip.add(what)
    return [(name, what, vals) for what, vals in per_k.items()], total_ms


def super_linear(vals: list[float | None], totals: list[float | None]) -> bool:
    if any(v is None for v in vals):
        return True  # skipped because it grew too fast
    first, last = vals[0], vals[-1]
    return last > 3 * max(first, 0.005) and totals[-1] > 50


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="5000,50000,500000")
    ap.add_argument("--inputs", default=",".join(INPUTS))
    ap.add_argument("--rules", default="", help="only rules whose id starts with one of these prefixes")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    prefixes = tuple(p for p in args.rules.split(",") if p)
    lex = get_lexicon()
    lex.segmenter()
    rules = {rid: r for rid, r in sorted(all_rules().items()) if not prefixes or rid.startswith(prefixes)}
    run_input("many_headings", [2000], rules, lex)  # untimed: builds each rule's compiled data once
    flagged = []
    header = "".join(f"{s:>12,}" for s in sizes)
    for name in args.inputs.split(","):
        rows, totals = run_input(name, sizes, rules, lex)
        print(f"\n{name}: ms per 1 000 characters at{header}   (largest / smallest)")
        for _inp, what, vals in rows:
            cells = "".join(f"{v:12.4f}" if v is not None else f"{'(skipped)':>12}" for v in vals)
            growth = (vals[-1] / max(vals[0], 1e-6)) if None not in vals else float("inf")
            bad = super_linear(vals, totals[what])
            if bad and not what.startswith("("):
                flagged.append(f"{name}: {what}")
            print(f"  {what:36s}{cells}   ×{growth:6.1f}{'  超线性' if bad else ''}")
    print("\n超线性: " + ("; ".join(flagged) if flagged else "无"))
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
