"""Storage benchmark (DESIGN 7: draft list and search over 1 000 drafts under 50 ms).

Run: python bench/bench_storage.py [--drafts 1000] [--versions 10] [--repeat 30]
Creates drafts with versions in a temporary data folder and prints medians against budgets.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.timing import median_ms  # noqa: E402
from core.storage import Storage, open_storage_safely  # noqa: E402

SUBJECTS = ["党支部", "党委", "本人", "班子成员", "支部委员会", "机关党委", "全体党员", "基层党组织"]
VERBS = ["认真落实", "扎实推进", "组织开展", "深入学习", "持续加强", "严格执行", "统筹推进", "督促指导"]
OBJECTS = ["“三会一课”制度", "主题党日活动", "理论学习中心组学习", "党风廉政建设", "意识形态工作",
           "发展党员工作", "党员教育管理", "“第一议题”制度", "基层党建述职评议", "作风建设",
           "谈心谈话", "组织生活会", "党费收缴", "阵地建设", "志愿服务"]
TAILS = ["全年共计{n}次", "覆盖党员{n}人次", "形成调研报告{n}篇", "整改问题{n}项", "参与率达{n}%",
         "取得明显成效", "得到上级肯定", "群众满意度进一步提升"]
HEADINGS = ["一、履职情况", "二、存在问题", "三、原因分析", "四、下一步打算"]
RARE = "廉洁文化进社区"  # appears in a few drafts only


def sentence(rng: random.Random) -> str:
    tail = rng.choice(TAILS).format(n=rng.randint(2, 98))
    return f"{rng.choice(SUBJECTS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}，{tail}。"


def make_body(rng: random.Random, year: int, chars: int) -> str:
    parts = [f"关于{year}年度抓基层党建工作的述职报告",
             f"根据上级党委安排，现将{year}年度履行基层党建工作责任制情况报告如下。"]
    per_section = chars // len(HEADINGS)
    for heading in HEADINGS:
        parts.append(heading)
        section = ""
        while len(section) < per_section:
            section += "".join(sentence(rng) for _ in range(rng.randint(3, 6))) + "\n"
        parts.append(section.rstrip("\n"))
    return "\n".join(parts)


def populate(storage: Storage, drafts: int, versions: int, rng: random.Random) -> None:
    # Bench-only shortcut: no fsync while filling (the measured operations use the real setting).
    storage.conn.execute("PRAGMA synchronous = OFF")
    for i in range(drafts):
        year = rng.choice([2021, 2022, 2023, 2024])
        body = make_body(rng, year, rng.randint(2000, 5000))
        if i % 200 == 7:
            body += f"\n{RARE}"
        draft_id = storage.create_draft(f"{year}年度述职报告（{i + 1}）", body[: len(body) // versions], year=year,
                                        unit=rng.choice(["第一党支部", "机关党委", "综合办公室党支部"]),
                                        author=rng.choice(["张明", "李华", "王芳"]), now=1.7e9 + i)
        for k in range(1, versions + 1):
            storage.add_version(draft_id, "auto" if k < versions else "manual",
                                body=body[: len(body) * k // versions], now=1.7e9 + i + k)
    storage.conn.execute("PRAGMA synchronous = FULL")
    storage.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")




def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--drafts", type=int, default=1000)
    ap.add_argument("--versions", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args(argv)
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="shuzhi-bench-") as tmp:
        os.environ["SHUZHI_DATA_DIR"] = tmp
        storage = Storage(Path(tmp) / "shuzhi.db")
        t0 = time.perf_counter()
        populate(storage, args.drafts, args.versions, rng)
        fill_s = time.perf_counter() - t0
        size_mb = (Path(tmp) / "shuzhi.db").stat().st_size / 1e6
        print(f"{args.drafts} drafts × {args.versions} versions, search mode {storage.search_mode}, "
              f"database {size_mb:.0f} MB, filled in {fill_s:.1f} s")

        big_id = storage.create_draft("五万字草稿", make_body(rng, 2024, 50_000))
        big = [make_body(rng, 2024, 50_000)[:50_000], make_body(rng, 2024, 50_000)[:50_000]]
        counter = iter(range(10**9))

        def autosave() -> None:
            n = next(counter)
            storage.update_draft_body(big_id, big[n % 2] + str(n), cursor=n)

        rows = [
            ("list_drafts (1 000 rows)", lambda: storage.list_drafts(), 50.0),
            ("search 3 chars, frequent (FTS)", lambda: storage.search("党支部"), 50.0),
            ("search 3 chars, rare (FTS)", lambda: storage.search(RARE[:3]), 50.0),
            ("search 2 chars, frequent (LIKE)", lambda: storage.search("党费"), 50.0),
            ("search 2 chars, rare (LIKE)", lambda: storage.search("廉洁"), 50.0),
            ("search 2 chars, absent (LIKE, full scan)", lambda: storage.search("瑕疵"), 50.0),
            ("get_draft", lambda: storage.get_draft(500), None),
            ("update_draft_body 50 000 chars", autosave, None),
            ("update_draft_body unchanged", lambda: storage.update_draft_body(big_id, big[0]), None),
        ]
        print(f"\n{'operation':<44}{'median ms':>10}{'budget':>10}  ok")
        failed = False
        for name, fn, budget in rows:
            ms = median_ms(fn, args.repeat, warm=True)  # warm the page cache once, as the app would be
            ok = "" if budget is None else ("✔" if ms < budget else "✘")
            failed |= ok == "✘"
            print(f"{name:<44}{ms:>10.2f}{'' if budget is None else f'< {budget:.0f}':>10}  {ok}")
        storage.close()
        t0 = time.perf_counter()
        opened = open_storage_safely(tmp, check=True)
        open_ms = (time.perf_counter() - t0) * 1000
        opened.storage.close()
        print(f"{'open with quick_check (once, cold-ish)':<44}{open_ms:>10.2f}")
        print("\nautosave runs in a worker thread; its time is reported, not budgeted.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
