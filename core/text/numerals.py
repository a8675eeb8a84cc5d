"""Chinese numerals used in heading numbers (一 … 九十九)."""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_to_int(s: str) -> int | None:
    """一→1, 十→10, 十二→12, 二十→20, 二十三→23; None when not a simple numeral."""
    if not s:
        return None
    if s == "十":
        return 10
    if "十" in s:
        head, _, tail = s.partition("十")
        tens = DIGITS.get(head, None) if head else 1
        units = DIGITS.get(tail, None) if tail else 0
        if tens is None or units is None or len(head) > 1 or len(tail) > 1:
            return None
        return tens * 10 + units
    if len(s) == 1:
        return DIGITS.get(s)
    return None


def int_to_chinese(n: int) -> str:
    names = "零一二三四五六七八九"
    if n < 10:
        return names[n]
    if n < 20:
        return "十" + (names[n % 10] if n % 10 else "")
    if n < 100:
        return names[n // 10] + "十" + (names[n % 10] if n % 10 else "")
    return str(n)
