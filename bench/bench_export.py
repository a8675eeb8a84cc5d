"""Word export benchmark (DESIGN 7: a 30 000-character report to .docx under 1 s).

Run: python bench/bench_export.py [--chars 30000] [--repeat 7]
Builds a report from tests/data/docx/report.txt (title, headings, run-in headings, body),
exports it to a temporary folder and prints the median against the budget; the import of the
exported file is timed too, for information.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.docx_io import ExportOptions, export_docx, read_docx_text  # noqa: E402

SOURCE = ROOT / "tests" / "data" / "docx" / "report.txt"
BUDGET_MS = 1000.0


def report_text(chars: int) -> str:
    """About `chars` characters: the sample's title once, then its body repeated."""
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    title, body = lines[0], [s for s in lines[1:] if s.strip()]
    out, total, n = [title], len(title), 0
    while total < chars:
        line = body[n % len(body)]
        out.append(line)
        total += len(line) + 1
        n += 1
    return "\n".join(out)


def median_ms(fn, repeat: int) -> float:
    fn()  # warm imports and caches once
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=30000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    text = report_text(args.chars)
    options = ExportOptions(author="陈立新", unit="中共青松县农业农村局机关委员会", date="2024-12-20",
                            signature=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.docx"
        export_ms = median_ms(lambda: export_docx(text, out, options), args.repeat)
        import_ms = median_ms(lambda: read_docx_text(out), args.repeat)
        size_kb = out.stat().st_size / 1024
    ok = export_ms < BUDGET_MS
    print(f"export {len(text)} chars: median {export_ms:.1f} ms "
          f"(budget {BUDGET_MS:.0f} ms, {export_ms / BUDGET_MS:.2f}x) {'OK' if ok else 'OVER BUDGET'}; "
          f"file {size_kb:.0f} KB")
    print(f"import the exported file: median {import_ms:.1f} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
