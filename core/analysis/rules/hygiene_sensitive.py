"""hygiene.sensitive: 密级 markings and personal data (身份证号, 手机号) in a report that is about to
leave the office.  Warnings; the export gate shows them again (it reads the normal findings).

Precision first: a level word counts only as a marking (机密★一年, 密级：秘密, a line of its own,
【内部资料】), never inside ordinary text (保守党的秘密, 国家秘密); an ID number only with a valid
birth date and ISO 7064 check digit, or when a label names it (身份证号：…, a wrong check digit
or the old 15 digits included); a mobile number only as a whole 11-digit 1[3-9] number; a bank
card number only after its label (银行卡号).
"""

from __future__ import annotations

import re
from datetime import date

from core.analysis.findings import Finding, Severity
from core.analysis.rules import rule
from core.analysis.rules.hygiene_common import cached

RULE = "hygiene.sensitive"
ID_RE = re.compile(r"(?<![0-9０-９A-Za-z])([1-9]\d{5})((?:19|20)\d{2})(\d{2})(\d{2})(\d{3})([0-9Xx])(?![0-9０-９A-Za-z])")
MOBILE_RE = re.compile(r"(?<![0-9A-Za-z\-])(?:(?:\+|＋)?86[\s\-]?)?(1[3-9]\d)([\s\-]?)(\d{4})\2(\d{4})(?![0-9A-Za-z])(?!\s*[%％万亿元分个名人次件项户])")
# A label just before a number says what it is, whatever its check digit.
ID_LABEL_RE = re.compile(r"(?:身份证|公民身份号码|证件号码?)(?:号码|号)?[\s：:为是]*$")
LABELLED_ID_RE = re.compile(r"(?<![0-9０-９A-Za-z])(?:[1-9]\d{16}[0-9Xx]|[1-9]\d{14})(?![0-9０-９A-Za-z])")
CARD_RE = re.compile(r"(?:银行卡|银行账|卡)号(?:码)?[\s：:为是]*(\d{4}(?:[\s\-]?\d{4}){2,3}(?:\d{1,3})?)(?![0-9A-Za-z])")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_checksum_ok(number: str) -> bool:
    """ISO 7064 MOD 11-2, the check digit of the 18-digit 居民身份证号码 (GB 11643)."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(number[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == number[17].upper()


def _valid_birth(y: str, m: str, d: str) -> bool:
    try:
        born = date(int(y), int(m), int(d))
    except ValueError:
        return False
    return born <= date.today()


def _patterns(ctx):
    def build():
        try:
            data = ctx.lexicon.toml("sensitive")
        except (OSError, ValueError):
            data = {}
        levels = "|".join(map(re.escape, data.get("levels", ["绝密", "机密", "秘密"])))
        notes = "|".join(map(re.escape, data.get("notes", ["内部资料", "注意保密"]))) or "(?!)"
        star = re.compile(rf"(?:{levels})\s*[★☆*＊]|[★☆]\s*(?:{levels})")
        label = re.compile(rf"密\s*级\s*[：:]?\s*(?:{levels}|内部)")
        bracket = re.compile(rf"[【\[〔（(]\s*(?:{levels}|{notes})(?:\s*[★☆]?\s*(?:{notes}|\S{{0,4}}))?\s*[】\]〕）)]")
        line = re.compile(rf"^[\s\u3000]*(?:(?:{levels}|{notes})(?:[\s\u3000★☆·、，]*(?:\d+年|[一二三四五六七八九十]+年|长期))?"
                          rf"[\s\u3000·、，,。]*)+$")
        return star, label, bracket, line, int(data.get("marking_line_max", 16))

    return cached(ctx, "hygiene:sensitive", build)


_ADVICE_MARK = ("报告要报送组织部门或导出 Word 外发：确认这份材料可以公开报送，删去密级标志；"
                "涉密内容不得在非涉密计算机上起草、存储。")


@rule(RULE, scope="paragraph", description="密级标志、身份证号、手机号码：报告外发前应删去或确认")
def sensitive(text: str, ctx):
    star, label, bracket, line, line_max = _patterns(ctx)
    out: list[Finding] = []
    marks: list[tuple[int, int]] = []
    stripped = text.strip(" \t\u3000")
    if len(stripped) <= line_max and line.match(text):
        s = text.index(stripped[0])
        marks.append((s, s + len(stripped)))
    else:
        for rx in (star, label, bracket):
            for m in rx.finditer(text):
                if not any(a <= m.start() < b for a, b in marks):
                    marks.append(m.span())
    for s, e in sorted(marks):
        out.append(Finding(RULE, Severity.WARNING, s, e, "",
                           f"密级或内部资料标志“{text[s:e].strip()}”：这份报告将离开本单位。",
                           _ADVICE_MARK, data={"kind": "classification"}))
    for m in ID_RE.finditer(text):
        number = m.group(0)
        if not _valid_birth(m.group(2), m.group(3), m.group(4)) or not id_checksum_ok(number):
            continue
        out.append(Finding(RULE, Severity.WARNING, m.start(), m.end(), "",
                           f"身份证号码（{number[:6]}********{number[-4:]}，校验位正确）：报告外发前应删去个人证件号码。",
                           "删去身份证号；确需写明身份时只写姓名和职务。", data={"kind": "id_number"}))
    if "证" in text or "身份" in text:
        for m in LABELLED_ID_RE.finditer(text):
            if any(f.start <= m.start() < f.end for f in out) or not ID_LABEL_RE.search(text[max(0, m.start() - 12):m.start()]):
                continue
            number = m.group(0)
            out.append(Finding(RULE, Severity.WARNING, m.start(), m.end(), "",
                               f"身份证号码（{number[:6]}****{number[-4:]}）：报告外发前应删去个人证件号码"
                               "（这个号码的校验位或位数不对，也可能写错了）。",
                               "删去身份证号；确需写明身份时只写姓名和职务。", data={"kind": "id_number"}))
    if "卡号" in text or "账号" in text:
        for m in CARD_RE.finditer(text):
            out.append(Finding(RULE, Severity.WARNING, m.start(1), m.end(1), "",
                               "银行卡号：报告外发前应删去个人账户信息。",
                               "删去银行卡号。", data={"kind": "bank_card"}))
    for m in MOBILE_RE.finditer(text):
        if any(f.start <= m.start() < f.end for f in out):
            continue
        out.append(Finding(RULE, Severity.WARNING, m.start(), m.end(), "",
                           f"手机号码（{m.group(1)}****{m.group(4)}）：报告外发前应删去个人联系方式。",
                           "删去手机号；需要联系方式时写单位办公电话。", data={"kind": "mobile"}))
    return out
