"""Review and audit benchmarks (DESIGN 7: comments into a 30 000-character .docx with 200 findings
under 1 s; format audit under 300 ms).

Run: python bench/bench_review.py [--chars 30000] [--findings 200] [--repeat 5]
Builds a report (bench/corpus.py), puts slips into it (placeholders, ASCII commas, typos) until the
analyser reports at least --findings findings (an even spread of exactly that many is kept),
exports it as .docx, then times
  review:  reading the .docx and mapping its text, splitting runs, writing comments and tracked
           changes, writing the package (the analysis itself is timed apart: it has its own budget);
  audit:   the GB/T 9704 audit of the same file.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import report_text  # noqa: E402
from bench.timing import median_ms  # noqa: E402
from core.analyzer import analyze  # noqa: E402
from core.wordio.audit import audit_docx  # noqa: E402
from core.wordio.docx_io import export_docx, read_docx_text  # noqa: E402
from core.wordio.review import annotate, open_package, plan_notes  # noqa: E402

REVIEW_BUDGET_MS = 1000.0
AUDIT_BUDGET_MS = 300.0
SLIPS = ("XX", ",", "布署")


def salted(text: str, wanted: int) -> str:
    """Put one slip into every k-th long paragraph until the analyser finds `wanted` findings."""
    lines = text.split("\n")
    base = len(analyze(text).findings)
    need = max(0, wanted - base)
    long_idx = [i for i, line in enumerate(lines) if len(line) > 40]
    step = max(1, len(long_idx) // max(1, need))
    for n, i in enumerate(long_idx[::step][:need]):
        line = lines[i]
        cut = len(line) // 2
        lines[i] = line[:cut] + SLIPS[n % len(SLIPS)] + line[cut:]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=30000)
    parser.add_argument("--findings", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    text = salted(report_text(args.chars), args.findings)
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.docx", Path(tmp) / "out.docx"
        export_docx(text, src)
        doc_text = read_docx_text(src)
        t0 = time.perf_counter()
        report = analyze(doc_text)
        analyse_ms = (time.perf_counter() - t0) * 1000
        found = len(report.findings)
        if found > args.findings:  # the corpus text alone may give more: keep an even spread
            step = found / args.findings
            report.findings = [report.findings[int(i * step)] for i in range(args.findings)]

        def review() -> None:
            pkg = open_package(src)
            data, _revs, _n = annotate(pkg, plan_notes(report, pkg.map.text), revisions=True)
            out.write_bytes(data)

        review_ms = median_ms(review, args.repeat, warm=True)
        audit_ms = median_ms(lambda: audit_docx(src), args.repeat, warm=True)
    ok_r, ok_a = review_ms < REVIEW_BUDGET_MS, audit_ms < AUDIT_BUDGET_MS
    print(f"review {len(doc_text)} chars, {len(report.findings)} findings (of {found}): median {review_ms:.1f} ms "
          f"(budget {REVIEW_BUDGET_MS:.0f} ms, {review_ms / REVIEW_BUDGET_MS:.2f}x) {'OK' if ok_r else 'OVER BUDGET'}")
    print(f"audit {len(doc_text)} chars: median {audit_ms:.1f} ms "
          f"(budget {AUDIT_BUDGET_MS:.0f} ms, {audit_ms / AUDIT_BUDGET_MS:.2f}x) {'OK' if ok_a else 'OVER BUDGET'}")
    print(f"analysis of the same text (for information, own budget): {analyse_ms:.0f} ms, one cold run")
    return 0 if ok_r and ok_a else 1


if __name__ == "__main__":
    sys.exit(main())
