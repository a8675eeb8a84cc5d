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


# ---- amounts in running text (substance.numbers) ------------------------------------------
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"


def _cn_section(s: str) -> int | None:
    """A numeral below 万: 三百零五, 一千二 (= 1 200), 十二, 二〇二四 (read digit by digit)."""
    if not any(c in _SMALL_UNITS for c in s):
        if s and all(c in DIGITS for c in s):
            value = 0
            for c in s:
                value = value * 10 + DIGITS[c]
            return value
        return None
    total, digit, last_unit, zero = 0, None, 10_000, False
    for c in s:
        if c in DIGITS:
            d = DIGITS[c]
            if d == 0:
                zero = True  # 三百零五: the 零 keeps the tens place empty
            elif digit is not None:
                return None  # 二三百: two digits in a row is no numeral
            else:
                digit = d
        elif c in _SMALL_UNITS:
            unit = _SMALL_UNITS[c]
            if unit >= last_unit:
                return None  # 百千 / 十十: units must fall
            total += (digit if digit is not None else 1) * unit
            digit, last_unit, zero = None, unit, False
        else:
            return None
    if digit is not None:
        # 一千二 is 1 200: a trailing digit takes the place below the last unit, unless 零 came first.
        total += digit if zero or last_unit == 10 else digit * (last_unit // 10)
    return total


def chinese_amount(s: str) -> int | None:
    """Chinese numerals with 万 and 亿: 一千二百五十六 → 1256, 三万五 → 35000, 两亿 → 2e8."""
    if not s or any(c not in CN_NUMERAL_CHARS for c in s):
        return None
    total, rest, last_big = 0, s, 0
    for big_char, big in (("亿", 100_000_000), ("万", 10_000)):
        if big_char in rest:
            head, _, rest = rest.partition(big_char)
            if big_char in rest or not head:
                return None
            value = chinese_amount(head) if big_char == "亿" and "万" in head else _cn_section(head)
            if not value:
                return None
            total += value * big
            last_big = big
    if not rest:
        return total
    tail = _cn_section(rest)
    if tail is None:
        return None
    if last_big and len(rest) == 1:
        tail *= last_big // 10  # 三万五 is 35 000
    return total + tail


def parse_amount(s: str) -> float | None:
    """An amount as written in a report: 1256, 1,256, 12.5, 3.2万, 1.5亿, 一千二百, 三万五千."""
    s = s.strip()
    if not s:
        return None
    mult = 1
    while s and s[-1] in _BIG_UNITS and not (len(s) > 1 and s[-2] in CN_NUMERAL_CHARS):
        mult *= _BIG_UNITS[s[-1]]
        s = s[:-1]
    if not s:
        return None
    if s[0].isdigit():
        plain = s.replace(",", "")
        try:
            return float(plain) * mult
        except ValueError:
            return None
    value = chinese_amount(s)
    return None if value is None else float(value) * mult
