"""argparse in Chinese for `python -m core` and `main.py`: --help headings, -h, usage and argparse's own
error messages (its English text is kept only for a message not listed here)."""

from __future__ import annotations

import argparse
import re
import sys

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


class ChineseFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """--help and usage errors in Chinese (headings, -h, argparse's own messages)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", ChineseFormatter)
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
