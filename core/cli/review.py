"""`python -m core review IN.docx OUT.docx [--kind K] [--revisions]`: findings as Word comments.

Exit status as for `check`: 0 no error findings, 1 some error findings, 2 a usage error,
an unreadable IN, OUT the same file as IN, or OUT not writable (Chinese message on stderr).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.analysis.findings import Severity
from core.cli.setup import analyzer_from_args

HELP = "把检查结果作为批注（可选修订）写入 Word 文档的副本"


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("review", help=HELP, description=HELP + "；原文件不会被改动。")
    p.add_argument("input", metavar="IN.docx", help="要审阅的 Word 文档")
    p.add_argument("output", metavar="OUT.docx", help="写入批注后的新文件（不能与 IN 相同）")
    p.add_argument("--kind", default="shuzhi", help="报告类型，默认 shuzhi（书记述职报告）")
    p.add_argument("--revisions", action="store_true",
                   help="可直接替换的问题（标点、重复字词、错别字、规范表述）同时写成修订，可在 Word/WPS 中接受或拒绝")
    p.add_argument("--data-dir", metavar="DIR", help="使用该数据目录中的设置和自定义词表")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from core.wordio.docx_import import DocumentReadError
    from core.wordio.review import ReviewError, review_docx

    analyzer = analyzer_from_args(args)
    if analyzer is None:
        return 2
    if Path(args.output).suffix.lower() != ".docx":
        print(f"错误：输出文件“{args.output}”应以 .docx 结尾。", file=sys.stderr)
        return 2
    try:
        result = review_docx(args.input, args.output, lambda text: analyzer.analyze(text, args.kind),
                             revisions=args.revisions)
    except DocumentReadError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except ReviewError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    report = result.report
    errors = report.count(Severity.ERROR)
    extra = f"，{result.revisions} 处修订" if args.revisions else ""
    print(f"已写入 {args.output}：{result.comments} 条批注{extra}（{errors} 处错误 · "
          f"{len(report.findings) - errors} 处提醒和建议）")
    return 1 if errors else 0
