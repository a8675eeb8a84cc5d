"""boilerplate.overlap benchmark (DESIGN 7: 50 000 characters against 20 documents under 1 s),
timed side by side with difflib.SequenceMatcher on the same input, plus per-rule timings of the
boilerplate.* rules on 5 000 and 50 000 characters.

Run: python bench/bench_overlap.py [--chars 50000] [--docs 20] [--doc-chars 10000] [--repeat 5]
                                   [--no-difflib] [--no-rules]
The texts are generated from jieba's dictionary words (no real reports are copied); copied
passages of known length are planted in the report, so both methods are checked against the truth.
"""

from __future__ import annotations

import argparse
import difflib
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import median_ms  # noqa: E402
from core.analysis.analyzer import Analyzer, CompareDoc  # noqa: E402
from core.analysis.lexicon import get_lexicon  # noqa: E402
from core.analysis.rules import boilerplate_overlap  # noqa: E402
from core.analysis.settings import AnalysisSettings  # noqa: E402
from core.text.fingerprint import normalize  # noqa: E402

MIN_LEN = 20
PUNCT = "，，，、；。"


def vocabulary(lexicon) -> list[str]:
    return [w for w, f, tag in lexicon.segmenter().dictionary_entries()
            if f >= 2000 and tag in ("n", "v", "vn", "a", "d", "ad")]


def prose(rng: random.Random, words: list[str], chars: int) -> str:
    """Paragraphs of random words with Chinese punctuation, about `chars` characters."""
    out, n, para = [], 0, 0
    while n < chars:
        w = rng.choice(words)
        out.append(w)
        n += len(w)
        para += len(w)
        if rng.random() < 0.12:
            out.append(rng.choice(PUNCT))
        if para > rng.randint(150, 400):
            out.append("。\n")
            para = 0
    return "".join(out)


def build_input(seed: int, chars: int, docs: int, doc_chars: int, lexicon):
    rng = random.Random(seed)
    words = vocabulary(lexicon)
    sources = [prose(rng, words, doc_chars) for _ in range(docs)]
    pieces, planted, total = [], 0, 0
    body = prose(rng, words, chars)
    paragraphs = body.split("\n")
    # Plant a copied passage after every 6th paragraph, 25–400 characters long, some re-punctuated.
    for i, p in enumerate(paragraphs):
        if total >= chars:
            break
        pieces.append(p)
        total += len(p) + 1
        if i % 6 == 3:
            src = rng.choice(sources)
            length = rng.randint(25, 400)
            start = rng.randrange(0, max(1, len(src) - length))
            copy = src[start:start + length]
            if rng.random() < 0.5:
                copy = copy.replace("，", "；").replace("\n", "")
            pieces.append("今年" + copy + "，并有所调整")
            total += len(pieces[-1]) + 1
            planted += len(normalize(copy).text)
    query = "\n".join(pieces)[:chars]
    return query, sources, planted




def clear_caches(lexicon) -> None:
    boilerplate_overlap._INDEXES._data.clear()
    for key in [k for k in lexicon._memo if k.startswith("boilerplate:cache:")]:
        del lexicon._memo[key]


def bench_overlap(args, lexicon) -> None:
    query, sources, planted = build_input(args.seed, args.chars, args.docs, args.doc_chars, lexicon)
    compare = [CompareDoc(f"参考{i + 1}", s) for i, s in enumerate(sources)]
    analyzer = Analyzer(lexicon, AnalysisSettings(only_rules={"boilerplate.overlap"}))
    print(f"输入：报告 {len(query)} 字，对照文本 {len(sources)} 份、共 {sum(map(len, sources))} 字，"
          f"植入相同段落 {planted} 字（不计标点）")

    def cold():
        clear_caches(lexicon)
        return analyzer.analyze(query, "shuzhi", compare)

    cold_ms = median_ms(cold, args.repeat)
    report = analyzer.analyze(query, "shuzhi", compare)
    warm_ms = median_ms(lambda: analyzer.analyze(query, "shuzhi", compare), args.repeat)
    paras = query.split("\n")
    mid = len(paras) // 2
    edits = []
    for i in range(args.repeat):
        edited = list(paras)
        edited[mid] = edited[mid] + f"新增一句第{i}次修改的内容。"
        edits.append("\n".join(edited))
    times = []
    for text in edits:
        t = time.perf_counter()
        analyzer.analyze(text, "shuzhi", compare)
        times.append((time.perf_counter() - t) * 1000)
    edit_ms = statistics.median(times)
    ov = report.stats["boilerplate"]["overlap"]
    found = ov["copied_chars"]
    print(f"k-gram 指纹（winnowing）：首次 {cold_ms:.0f} ms（含建索引），再次 {warm_ms:.1f} ms，"
          f"改一段后 {edit_ms:.1f} ms；找到相同文字 {found} 字，{len(report.findings)} 处，"
          f"占全文 {ov['share']:.1%}  [预算 < 1000 ms：{'达标' if cold_ms < 1000 else '超标'}]")
    if args.no_difflib:
        return
    qn = normalize(query).text
    t = time.perf_counter()
    covered = [False] * len(qn)
    for s in sources:
        sm = difflib.SequenceMatcher(None, qn, normalize(s).text, autojunk=False)
        for blk in sm.get_matching_blocks():
            if blk.size >= MIN_LEN:
                covered[blk.a:blk.a + blk.size] = [True] * blk.size
    diff_ms = (time.perf_counter() - t) * 1000
    diff_found = sum(covered)
    print(f"difflib.SequenceMatcher（autojunk=False，逐份比对）：{diff_ms:.0f} ms，找到相同文字 {diff_found} 字"
          f"（{diff_found / max(1, planted):.0%} 的植入文字）；指纹法找到 {found / max(1, planted):.0%}；"
          f"耗时比 {diff_ms / max(cold_ms, 0.001):.0f}×")


def _edit_times(analyzer, lexicon, text, compare, repeat) -> float:
    """Median time of re-analysing after appending a sentence to the middle paragraph."""
    paras = text.split("\n")
    mid = len(paras) // 2
    times = []
    for i in range(repeat):
        edited = list(paras)
        edited[mid] += f"补充第{i}句。"
        joined = "\n".join(edited)
        lexicon.cut(edited[mid])  # the new paragraph's tokens: jieba's own cost, not the rules'
        t0 = time.perf_counter()
        analyzer.analyze(joined, "shuzhi", compare)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def bench_rules(args, lexicon) -> None:
    from core.analysis.rules import all_rules

    base = "\n".join((ROOT / "tests" / "data" / n).read_text(encoding="utf-8")
                     for n in ("clean_boilerplate_1.txt", "clean_boilerplate_2.txt", "clean_report_1.txt",
                               "clean_report_2.txt"))
    text5k = base[:5000]
    # 50 000 characters, two ways: ten variants of the 5 000 with their own figures (every clause
    # repeats ten times: the worst case for repetition), and generated prose that never repeats.
    variants = ["".join(str((int(c) + i) % 10) if c.isdigit() else c for c in text5k) for i in range(10)]
    text50k = "\n".join(variants)[:50000]
    prose50k = prose(random.Random(args.seed + 1), vocabulary(lexicon), 50000)[:50000]
    compare = [CompareDoc("去年", base[5000:] + text5k[:2000])]
    mine = ["boilerplate.repetition", "boilerplate.cliche", "boilerplate.empty_claim", "boilerplate.overlap"]
    every = set(all_rules())
    others = every - set(mine)
    tok = lexicon.segmenter()
    for label, text in (("5 000 字报告", text5k), ("50 000 字（十份相近报告）", text50k),
                        ("50 000 字（不重复的生成文字）", prose50k)):
        floor = median_ms(lambda t=text: tok.cut(t), 3)
        print(f"— {label}：jieba 分词 {floor:.1f} ms（对照文本 1 份）")
        for p in text.split("\n"):
            lexicon.cut(p)  # tokens cached: the floor is paid once, by whichever rule comes first
        bare = Analyzer(lexicon, AnalysisSettings(only_rules=set()))
        print(f"   {'（仅解析文档，无规则）':26}      {median_ms(lambda a=bare, t=text: a.analyze(t), args.repeat):6.1f} ms")
        for rid in mine:
            an = Analyzer(lexicon, AnalysisSettings(only_rules={rid}))

            def cold(a=an, t=text):
                clear_caches(lexicon)
                a.analyze(t, "shuzhi", compare)

            cold_ms = median_ms(cold, args.repeat)
            an.analyze(text, "shuzhi", compare)
            print(f"   {rid:26} 首次 {cold_ms:6.1f} ms   改一段后 {_edit_times(an, lexicon, text, compare, args.repeat):5.1f} ms"
                  "（均含解析文档）")
        for name, rules in (("全部规则", every), ("不含 boilerplate.*", others)):
            an = Analyzer(lexicon, AnalysisSettings(only_rules=rules))

            def full(a=an, t=text):
                lexicon._tokens._data.clear()  # a text never seen: jieba runs inside the analysis
                clear_caches(lexicon)
                a._cache.clear()
                a.analyze(t, "shuzhi")

            full_ms = median_ms(full, 3)
            an.analyze(text, "shuzhi")
            edit_ms = _edit_times(an, lexicon, text, (), args.repeat)
            print(f"   {name:18} 完整分析 {full_ms:6.1f} ms（{full_ms / floor:.2f}× 分词）  改一段后 {edit_ms:5.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=50_000)
    ap.add_argument("--docs", type=int, default=20)
    ap.add_argument("--doc-chars", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--no-difflib", action="store_true")
    ap.add_argument("--no-rules", action="store_true")
    args = ap.parse_args()
    lexicon = get_lexicon()
    lexicon.segmenter()
    bench_overlap(args, lexicon)
    if not args.no_rules:
        bench_rules(args, lexicon)


if __name__ == "__main__":
    main()
