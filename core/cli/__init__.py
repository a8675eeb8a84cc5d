"""The `python -m core` command line (DESIGN 4.4): one parser, one sub-command module each."""

from __future__ import annotations

import argparse
import re
import sys

from core.cli import audit as audit_cli
from core.cli import check as check_cli
from core.cli import drafts as drafts_cli
from core.cli import export as export_cli
from core.cli import review as review_cli
from core.cli import rules as rules_cli

# argparse's own error messages, said in Chinese (its English text is kept for anything else).
_ARGPARSE_MESSAGES = [
    (re.compile(r"the following arguments are required: (.+)"), "缺少参数：{0}"),
    (re.compile(r"argument (\S+): invalid int value: '(.*)'"), "参数 {0} 应为整数，“{1}”不是整数"),
    (re.compile(r"argument (\S+): invalid float value: '(.*)'"), "参数 {0} 应为数字，“{1}”不是数字"),
    (re.compile(r"argument (\S+): invalid choice: '(.*)' \(choose from (.*)\)"), "参数 {0} 不能取“{1}”，可选：{2}"),
    (re.compile(r"unrecognized arguments: (.+)"), "无法识别的参数：{0}"),
    (re.compile(r"argument (\S+): expected one argument"), "参数 {0} 后面缺少取值"),
    (re.compile(r"argument (\S+): expected at least one argument"), "参数 {0} 后面至少要有一个取值"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), "参数 {0} 不能与 {1} 同时使用"),
    (re.compile(r"ambiguous option: (\S+) could match (.+)"), "选项 {0} 不明确，可能是：{1}"),
]


def chinese_usage_error(message: str) -> str:
    for pattern, text in _ARGPARSE_MESSAGES:
        m = pattern.fullmatch(message)
        if m:
            return text.format(*(g.replace("'", "") for g in m.groups()))
    return message


class _ChineseFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class _ChineseParser(argparse.ArgumentParser):
    """--help and usage errors in Chinese (headings, -h, argparse's own messages)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _ChineseFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str):
        usage = self.format_usage().strip().removeprefix("用法：").strip()
        print(f"用法：{usage}", file=sys.stderr)
        print(f"用法错误：{chinese_usage_error(message)}", file=sys.stderr)
        raise SystemExit(2)


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


