"""Random input-method slips planted in the clean reports: how many hygiene.typo / formulation.variant
find, and whether anything new appears elsewhere.

    .venv/bin/python -m bench.plant_slips [--per-text 30] [--seed 1] [--mode toned|sound|shape] [--verbose]

A frequent word (2-4 characters, dictionary frequency >= 1000) of a clean report gets one character
replaced, the result being no dictionary word: `toned` by a common character of the same pinyin and
tone, `sound` of the same pinyin in any tone (what a pinyin input method typed without tones offers),
`shape` by a look-alike from resources/words/similar_shapes.txt. Found = a finding of those rules
covers the slip; "right fix" = applying its suggestion gives back the original text.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

from core.analysis.analyzer import Analyzer
from core.analysis.lexicon import Lexicon
from core.common.paths import resource_path
from core.text.sound import readings

ROOT = Path(__file__).resolve().parent.parent
RULES = ("hygiene.typo", "formulation.variant")
WORD = re.compile("[\u4e00-\u9fff]{2,4}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-text", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mode", choices=("toned", "sound", "shape"), default="toned")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    lex = Lexicon()
    analyzer = Analyzer(lex)
    seg = lex.segmenter()
    conf = lex.confusables()
    tables = seg.freq_tables()

    def freq(w: str) -> int:
        return tables[w[0]].get(w) or 0

    by_reading: dict[str, list[str]] = defaultdict(list)
    for cp in range(0x4E00, 0x9FA6):
        ch = chr(cp)
        if freq(ch) >= 3000:
            for r in readings(ch):
                by_reading[r].append(ch)
    shapes: dict[str, set[str]] = {}
    for line in resource_path("words/similar_shapes.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        for c in line:
            shapes.setdefault(c, set()).update(set(line) - {c})

    def alternatives(c: str) -> list[str]:
        if args.mode == "shape":
            return sorted(a for a in shapes.get(c, ()) if freq(a) >= 100)
        same = {a for r in readings(c) for a in by_reading.get(r, ()) if a != c}
        if args.mode == "toned":
            same = {a for a in same if conf.toned_key(a) == conf.toned_key(c)}
        return sorted(same)

    files = sorted((ROOT / "tests" / "data").glob("clean_*.txt"))
    planted = found = right = 0
    extras: Counter = Counter()
    missed: list[str] = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        base = {(f.rule, f.start, f.text) for f in analyzer.analyze(text).findings if f.rule in RULES}
        words, pos = [], 0
        for tok in seg.cut(text):
            if WORD.fullmatch(tok) and freq(tok) >= 1000:
                words.append((pos, tok))
            pos += len(tok)
        rng.shuffle(words)
        done = 0
        for pos, tok in words:
            if done >= args.per_text:
                break
            i = rng.randrange(len(tok))
            alts = [a for a in alternatives(tok[i]) if freq(tok[:i] + a + tok[i + 1:]) == 0]
            if not alts:
                continue
            a = rng.choice(alts)
            new = text[:pos + i] + a + text[pos + i + 1:]
            done += 1
            planted += 1
            fs = [f for f in analyzer.analyze(new).findings if f.rule in RULES]
            near = [f for f in fs if f.start <= pos + i < f.end]
            if near:
                found += 1
                right += any(new[:f.start] + (f.suggestion or "") + new[f.end:] == text for f in near)
            else:
                missed.append(f"{tok}→{tok[:i]}{a}{tok[i + 1:]}" + (f"（{new[max(0, pos - 4):pos + len(tok) + 4]}）" if args.verbose else ""))
            for f in fs:
                if f not in near and (f.rule, f.start, f.text) not in base:
                    extras[(f.rule, f.severity.value)] += 1
                    if args.verbose:
                        print(f"elsewhere: {f.text}→{f.suggestion}（{new[max(0, f.start - 6):f.end + 6]}）"
                              f" planted {tok}→{tok[:i]}{a}{tok[i + 1:]}".replace("\n", "⏎"))
    print(f"{args.mode}: planted {planted}, found {found} ({found / max(planted, 1):.0%}), "
          f"right fix {right}; new findings elsewhere {dict(extras) or 0}")
    if args.verbose:
        print("missed:", "\n  ".join(m.replace("\n", "⏎") for m in missed))


if __name__ == "__main__":
    main()
