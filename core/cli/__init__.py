"""The `python -m core` command line (DESIGN 4.4): one parser, one sub-command module each."""

from __future__ import annotations

import argparse
import sys

from core.cli import audit as audit_cli
from core.cli import check as check_cli
from core.cli import drafts as drafts_cli
from core.cli import export as export_cli
from core.cli import review as review_cli
from core.cli import rules as rules_cli
from core.common.argparse_zh import ChineseParser as _ChineseParser


def build_parser() -> argparse.ArgumentParser:
    parser = _ChineseParser(prog="python -m core", description="述职助手命令行工具")
    sub = parser.add_subparsers(dest="command", parser_class=_ChineseParser)
    check_cli.add_parser(sub)
    drafts_cli.add_parser(sub)
    export_cli.add_parser(sub)
    review_cli.add_parser(sub)
    audit_cli.add_parser(sub)
    rules_cli.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")  # Windows consoles default to a legacy code page
        except (AttributeError, ValueError):
            pass
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.func(args)
    except BrokenPipeError:  # `… | head` closed the pipe: not an error of ours
        sys.stderr.close()
        return 0


