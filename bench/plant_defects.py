"""Planted defects: each labelled defect type, planted at a random place of a clean report, must be
found at that place by the right rule, and nothing else new (error/warning) may appear.

    .venv/bin/python -m bench.plant_defects [--seeds 5] [--verbose] [--texts ../shared/realworld]

Also used by tests/test_planted_defects.py (fewer seeds). Clean reports: tests/data/clean_*.txt.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
# clean report -> its kind (the kind it is written as)
CLEAN = {"clean_duizhao_personal.txt": "duizhao", "clean_zhuti_zeren.txt": "zhuti_zeren",
         "clean_zongjie_hospital.txt": "zongjie", "clean_thematic.txt": "shuzhi",
         "clean_banzi.txt": "duizhao", "clean_flat.txt": "zongjie",
         "clean_report_1.txt": "shuzhi", "clean_report_2.txt": "shuzhi"}
LOUD = ("error", "warning")


@dataclass
class Planted:
    text: str
    start: int  # the planted span in the new text
    end: int


def _sentence_ends(text: str) -> list[int]:
    """Places after a 。 inside body paragraphs (not the title line), where a sentence may be inserted."""
    first = text.find("\n")
    return [m.end() for m in re.finditer("。", text) if m.start() > first]


def _insert_sentence(sentence: str, mark: str) -> Callable[[str, random.Random], Planted | None]:
    """Inserts `sentence` after a random 。; the planted span is `mark` inside it."""
    def plant(text: str, rng: random.Random) -> Planted | None:
        spots = _sentence_ends(text)
        if not spots:
            return None
        at = rng.choice(spots)
        new = text[:at] + sentence + text[at:]
        s = at + sentence.index(mark)
        return Planted(new, s, s + len(mark))
    return plant


def _replace_in(pattern: str, group: int, repl: Callable[[re.Match], str]):
    """Replaces group `group` of a random match of `pattern` (in the body) with repl(match)."""
    rx = re.compile(pattern)

    def plant(text: str, rng: random.Random) -> Planted | None:
        first = text.find("\n")
        ms = [m for m in rx.finditer(text) if m.start() > first]
        if not ms:
            return None
        m = rng.choice(ms)
        s, e = m.span(group)
        r = repl(m)
        return Planted(text[:s] + r + text[e:], s, s + len(r))
    return plant


def _numbers_to(mark: str):
    # a count (12次, 26名) whose figure was never filled in
    return _replace_in(r"(?<![0-9. ])([0-9]{1,3})(?=[次名个项人件篇场条])", 1, lambda m: mark)


def _year_placeholder():
    return _replace_in(r"(?<![0-9])(20[0-9]{2})(?=年)", 1, lambda m: "20XX")


def _space_in_word():
    words = "党员|支部|落实|组织|学习|群众|整改|监督|责任|制度|开展|建设"
    return _replace_in(f"(?<=[\u4e00-\u9fff])({words})(?=[\u4e00-\u9fff])", 1, lambda m: m.group(1)[0] + " " + m.group(1)[1])


def _duplicate_word():
    return _replace_in("(?<=[\u4e00-\u9fff])(落实|加强|开展|推进|建立|组织)(?=[\u4e00-\u9fff])", 1, lambda m: m.group(1) * 2)


def _repeated_title(text: str, rng: random.Random) -> Planted | None:
    title, _, rest = text.partition("\n")
    breaks = [m.end() for m in re.finditer("\n", text) if m.start() > len(title) + 1]
    if not breaks:
        return None
    at = rng.choice(breaks[:-1] or breaks)
    return Planted(text[:at] + title + "\n" + text[at:], at, at + len(title))


def _unpaired_quote(text: str, rng: random.Random) -> Planted | None:
    # the closer of a short quoted term dropped: 落实“三会一课制度
    first = text.find("\n")
    ms = [m for m in re.finditer("“([\u4e00-\u9fff]{2,8})”", text) if m.start() > first]
    if not ms:
        return None
    m = rng.choice(ms)
    return Planted(text[:m.end() - 1] + text[m.end():], m.start(), m.start() + 1)


def _numbering_slip(text: str, rng: random.Random) -> Planted | None:
    # 一是…二是… → 一是…三是…
    ms = [m for m in re.finditer("二是", text) if "一是" in text[max(0, m.start() - 400):m.start()]]
    if not ms:
        return None
    m = rng.choice(ms)
    return Planted(text[:m.start()] + "三是" + text[m.end():], m.start(), m.end())


def _space_in_word_fullwidth():
    words = "党员|支部|落实|组织|学习|群众|整改|监督|责任|制度|开展|建设"
    return _replace_in(f"(?<=[\u4e00-\u9fff])({words})(?=[\u4e00-\u9fff])", 1,
                       lambda m: m.group(1)[0] + "\u3000" + m.group(1)[1])


def _opener_dropped(text: str, rng: random.Random) -> Planted | None:
    # the opener of a short quoted term dropped: 落实三会一课”制度
    first = text.find("\n")
    ms = [m for m in re.finditer("“([\u4e00-\u9fff]{2,8})”", text) if m.start() > first]
    if not ms:
        return None
    m = rng.choice(ms)
    close = m.end() - 2  # the closer, once the opener is gone
    return Planted(text[:m.start()] + text[m.start() + 1:], close, close + 1)


def _heading_slip(text: str, rng: random.Random) -> Planted | None:
    # （一）（二）（三） → （一）（三）（三）
    ms = [m for m in re.finditer("(?m)^[ \u3000]*（二）", text) if "（三）" in text[m.end():m.end() + 1500]]
    if not ms:
        return None
    m = rng.choice(ms)
    s = m.end() - 3
    return Planted(text[:s] + "（三）" + text[m.end():], s, s + 3)


def _nth_slip(text: str, rng: random.Random) -> Planted | None:
    # 第一，…第二，…第三， → 第一，…第三，…第三，
    ms = [m for m in re.finditer("第二(?=，)", text) if "第一，" in text[max(0, m.start() - 400):m.start()]]
    if not ms:
        return None
    m = rng.choice(ms)
    return Planted(text[:m.start()] + "第三" + text[m.end():], m.start(), m.end())


def _reversed_quotes(text: str, rng: random.Random) -> Planted | None:
    first = text.find("\n")
    ms = [m for m in re.finditer("“([\u4e00-\u9fff]{2,8})”", text) if m.start() > first]
    if not ms:
        return None
    m = rng.choice(ms)
    return Planted(text[:m.start()] + "”" + m.group(1) + "“" + text[m.end():], m.start(), m.end())


def _repeated_sentence(text: str, rng: random.Random) -> Planted | None:
    # a sentence of 30+ characters pasted twice in a row
    first = text.find("\n")
    ms = [m for m in re.finditer("[^。\n]{30,80}。", text) if m.start() > first]
    if not ms:
        return None
    m = rng.choice(ms)
    return Planted(text[:m.end()] + m.group() + text[m.end():], m.end(), m.end() + len(m.group()))


def _html_at_paragraph_start(text: str, rng: random.Random) -> Planted | None:
    starts = [m.end() for m in re.finditer("\n", text)][1:-1]
    if not starts:
        return None
    at = rng.choice(starts)
    tag = "<p style=\"text-indent:2em;line-height:28px\">"
    return Planted(text[:at] + tag + text[at:], at, at + len(tag))


# defect type -> (how to plant it, the rules that may find it)
SLIP_RULES = ("formulation.variant", "hygiene.typo")
DEFECTS: dict[str, tuple[Callable[[str, random.Random], Planted | None], tuple[str, ...]]] = {
    "placeholder XX": (_numbers_to("XX"), ("hygiene.placeholder",)),
    "placeholder ××": (_numbers_to("××"), ("hygiene.placeholder",)),
    "placeholder □□": (_numbers_to("□□"), ("hygiene.placeholder",)),
    "year 20XX": (_year_placeholder(), ("hygiene.placeholder", "hygiene.year")),
    "slip 四个意思": (_insert_sentence("全体党员不断增强“四个意思”。", "四个意思"), SLIP_RULES),
    "slip 四个自性": (_insert_sentence("我们始终坚定“四个自性”。", "四个自性"), SLIP_RULES),
    "slip 两个拥护": (_insert_sentence("党员干部要坚决做到“两个拥护”。", "两个拥护"), SLIP_RULES),
    "slip 两个确力": (_insert_sentence("深刻领悟“两个确力”的决定性意义。", "两个确力"), SLIP_RULES),
    "slip 总书计": (_insert_sentence("认真学习习近平总书计重要讲话精神。", "总书计"), SLIP_RULES),
    "slip 不忘出心": (_insert_sentence("党员干部要不忘出心、牢记使命。", "出心"), SLIP_RULES),
    "slip 主题党曰": (_insert_sentence("各支部按月开展主题党曰活动。", "党曰"), SLIP_RULES),
    "residue 会员分享": (_insert_sentence("本文由会员分享，可在线阅读。", "本文由会员分享"), ("hygiene.watermark",)),
    "residue HTML": (_insert_sentence("<p style=\"text-indent:2em\">", "<p style=\"text-indent:2em\">"),
                     ("hygiene.watermark",)),
    "space in word": (_space_in_word(), ("hygiene.linebreak",)),
    "repeated title": (_repeated_title, ("hygiene.duplicate_line",)),
    "unpaired quote": (_unpaired_quote, ("hygiene.bracket",)),
    "numbering 一是…三是": (_numbering_slip, ("hygiene.numbering",)),
    "duplicated word": (_duplicate_word(), ("hygiene.duplicate_word",)),
    "slip 四个意思 unquoted": (_insert_sentence("全体党员不断增强四个意思。", "四个意思"), SLIP_RULES),
    "slip 两个拥护 unquoted": (_insert_sentence("党员干部要坚决做到两个拥护。", "两个拥护"), SLIP_RULES),
    "space in word (全角)": (_space_in_word_fullwidth(), ("hygiene.linebreak",)),
    "unpaired quote (opener)": (_opener_dropped, ("hygiene.bracket",)),
    "numbering （一）…（三）": (_heading_slip, ("hygiene.numbering",)),
    "residue HTML line start": (_html_at_paragraph_start, ("hygiene.watermark",)),
    "numbering 第一…第三": (_nth_slip, ("hygiene.numbering",)),
    "ASCII comma": (_replace_in("(?<=[\u4e00-\u9fff])(，)(?=[\u4e00-\u9fff])", 1, lambda m: ","),
                    ("hygiene.punctuation",)),
    "reversed quotes": (_reversed_quotes, ("hygiene.bracket",)),
    "traditional 黨": (_replace_in("(?<=[\u4e00-\u9fff])(党)(?=[\u4e00-\u9fff])", 1, lambda m: "黨"),
                       ("hygiene.traditional",)),
    "repeated sentence": (_repeated_sentence, ("hygiene.duplicate_line", "boilerplate.repetition")),
}


def _loud(report) -> Counter:
    return Counter((f.rule, f.text) for f in report.findings if f.severity.value in LOUD)


def check_one(analyzer, text: str, kind: str, defect: str, rng: random.Random, base=None):
    """None when the defect cannot be planted in this text; else (found_right, extras, planted)."""
    plant, rules = DEFECTS[defect]
    planted = plant(text, rng)
    if planted is None:
        return None
    base = base if base is not None else _loud(analyzer.analyze(text, kind))
    report = analyzer.analyze(planted.text, kind)
    near = lambda f: f.start < planted.end + 2 and f.end > planted.start - 2  # noqa: E731
    hit = any(f.rule in rules and near(f) for f in report.findings)
    new = _loud(report) - base
    extras = [(f.rule, f.severity.value, f.text, f.message) for f in report.findings
              if f.severity.value in LOUD and new[(f.rule, f.text)] and not near(f)]
    return hit, extras, planted


def _bases(folder: Path | None) -> dict[Path, str]:
    """The texts to plant into, with their kinds: the clean reports, or every .txt of `folder` (its
    kinds.json names the kinds, as in ../shared/realworld/; shuzhi otherwise)."""
    if folder is None:
        return {DATA / name: kind for name, kind in CLEAN.items()}
    kinds_file = folder / "kinds.json"
    kinds = json.loads(kinds_file.read_text(encoding="utf-8")) if kinds_file.exists() else {}
    return {p: kinds.get(p.stem, kinds.get(p.name, "shuzhi")) for p in sorted(folder.glob("*.txt"))}


def run(seeds: int = 3, names=None, verbose: bool = False, folder: Path | None = None):
    from core.analysis.analyzer import Analyzer
    from core.analysis.lexicon import get_lexicon

    analyzer = Analyzer(get_lexicon())
    rows = []
    for path, kind in _bases(folder).items():
        name = path.name
        if names and name not in names:
            continue
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        base = _loud(analyzer.analyze(text, kind))
        for defect in DEFECTS:
            for seed in range(seeds):
                res = check_one(analyzer, text, kind, defect, random.Random(f"{name}:{defect}:{seed}"), base)
                if res is None:
                    continue
                hit, extras, planted = res
                rows.append((name, defect, seed, hit, extras, planted))
                if verbose and (not hit or extras):
                    ctx = planted.text[max(0, planted.start - 12):planted.end + 12].replace("\n", "⏎")
                    print(f"{name} {defect} seed {seed}: {'found' if hit else 'MISSED'} at …{ctx}…")
                    for x in extras:
                        print("    extra:", x)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--texts", type=Path, help="plant into every .txt of this folder (e.g. ../shared/realworld)")
    args = ap.parse_args()
    rows = run(args.seeds, verbose=args.verbose, folder=args.texts)
    by = {}
    for _name, defect, _seed, hit, extras, _p in rows:
        n, h, x = by.get(defect, (0, 0, 0))
        by[defect] = (n + 1, h + hit, x + bool(extras))
    for defect, (n, h, x) in by.items():
        print(f"{defect:20} found {h}/{n}   with extra findings {x}/{n}")
    total = len(rows)
    print(f"planted: found {sum(r[3] for r in rows)}/{total}; clean elsewhere {sum(not r[4] for r in rows)}/{total}")


if __name__ == "__main__":
    main()
