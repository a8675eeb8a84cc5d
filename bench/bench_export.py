"""Word export benchmark (DESIGN 7: a 30 000-character report to .docx under 1 s).

Run: python bench/bench_export.py [--chars 30000] [--repeat 7]
Builds a report from tests/data/docx/report.txt (title, headings, run-in headings, body),
exports it to a temporary folder and prints the median against the budget; the import of the
exported file is timed too, for information.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import report_text  # noqa: E402
from bench.timing import median_ms  # noqa: E402
from core.wordio.docx_io import ExportOptions, export_docx, read_docx_text  # noqa: E402

BUDGET_MS = 1000.0






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
        export_ms = median_ms(lambda: export_docx(text, out, options), args.repeat, warm=True)
        import_ms = median_ms(lambda: read_docx_text(out), args.repeat, warm=True)
        size_kb = out.stat().st_size / 1024
    ok = export_ms < BUDGET_MS
    print(f"export {len(text)} chars: median {export_ms:.1f} ms "
          f"(budget {BUDGET_MS:.0f} ms, {export_ms / BUDGET_MS:.2f}x) {'OK' if ok else 'OVER BUDGET'}; "
          f"file {size_kb:.0f} KB")
    print(f"import the exported file: median {import_ms:.1f} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
