"""导出检查结果: a .docx a leader can read: summary, checklist, and the findings grouped by section,
each with the sentence it is in and the suggestion. Set in the official fonts (docx_styles)."""

from __future__ import annotations

import datetime as _dt
import io
import os
import re
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from core.analysis.findings import SEVERITY_LABELS, Finding, Report, Severity, is_replacement
from core.analysis.rule_names import counts_by_name, rule_name
from core.wordio.docx_export import _check_target, _write
from core.wordio.docx_styles import Layout, configure_page, configure_styles, drop_template_leftovers

STATUS = {"pass": "✔ 通过", "fail": "✘ 未通过", "warn": "⚠ 提醒", "todo": "○ 待填写"}
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
MAX_SENTENCE = 120


def sentence_of(text: str, f: Finding) -> str:
    """The sentence holding the finding (cut to MAX_SENTENCE characters around it)."""
    if f.end <= f.start and not f.text:
        return ""
    start = f.start
    while start > 0 and not _SENTENCE_END.match(text[start - 1]):
        start -= 1
    m = _SENTENCE_END.search(text, max(f.end, f.start + 1) - 1 if f.end > f.start else f.start)
    end = m.end() if m else len(text)
    s = text[start:end].strip()
    if len(s) > MAX_SENTENCE:
        left = max(start, f.start - MAX_SENTENCE // 3)
        s = ("…" if left > start else "") + text[left:left + MAX_SENTENCE].strip() + "…"
    return s.replace("\n", " ")


def _clean(s: str) -> str:
    return _XML_INVALID.sub("", s)


def _groups(report: Report, section_labels: dict[str, str]) -> list[tuple[str, list[Finding]]]:
    """Findings by the part of the report they are in, in the report's order; whole-report ones first."""
    spans = sorted(report.sections, key=lambda s: s.start)
    groups: dict[str, list[Finding]] = {}
    order: list[str] = []

    def add(name: str, f: Finding) -> None:
        if name not in groups:
            groups[name] = []
            order.append(name)
        groups[name].append(f)

    for f in sorted(report.findings, key=lambda f: (f.start, f.end)):
        if f.rule == "structure.missing_section":
            add("全文", f)
            continue
        sec = next((s for s in reversed(spans) if s.start <= f.start < max(s.end, s.start + 1)), None)
        if sec is None:
            name = section_labels.get(f.section or "", "全文") if f.section else "全文"
        else:
            name = sec.title.strip() or section_labels.get(sec.key, sec.key)
        add(name, f)
    if "全文" in order:
        order.remove("全文")
        order.insert(0, "全文")
    return [(name, groups[name]) for name in order]


def build_check_report(report: Report, title: str, kind_name: str = "",
                       section_labels: dict[str, str] | None = None,
                       now: _dt.datetime | None = None):
    """The python-docx Document of the check report (not saved)."""
    layout = Layout()
    d = docx.Document()
    configure_styles(d, layout)
    configure_page(d, layout)
    drop_template_leftovers(d)
    d.core_properties.title = _clean(f"{title}检查结果")
    d.core_properties.author = "述职助手"
    d.add_paragraph(_clean(f"《{title}》检查结果"), style="Title")
    errors = report.count(Severity.ERROR)
    warnings = report.count(Severity.WARNING)
    infos = len(report.findings) - errors - warnings
    t = now or _dt.datetime.now()
    when = f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"
    d.add_paragraph("一、总体情况", style="Heading 1")
    d.add_paragraph(_clean(f"报告类型：{kind_name or report.kind}；字数：{report.words}；检查时间：{when}。"))
    d.add_paragraph(f"共发现 {errors} 处错误、{warnings} 处提醒、{infos} 条建议。错误应在提交前改正；"
                    "提醒多半有问题，值得逐条看一看；建议供润色参考。")
    if errors:
        d.add_paragraph("错误按类别：" + "、".join(f"{n} {c} 处" for n, c in counts_by_name(report.findings)) + "。")
    d.add_paragraph("二、检查清单", style="Heading 1")
    table = d.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, ("项目", "结果", "说明"), strict=True):
        cell.text = head
    for item in report.checklist:
        cells = table.add_row().cells
        cells[0].text = _clean(item.label)
        cells[1].text = STATUS.get(item.status, item.status)
        cells[2].text = _clean(item.message)
    for row in table.rows:  # table text: no first-line indent, single-spaced
        for cell in row.cells:
            for p in cell.paragraphs:
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT  # justified short cells stretch apart
                p.paragraph_format.first_line_indent = 0
                ind = p._p.get_or_add_pPr().find(qn("w:ind"))
                if ind is not None:
                    ind.set(qn("w:firstLineChars"), "0")
    d.add_paragraph("三、发现的问题", style="Heading 1")
    if not report.findings:
        d.add_paragraph("未发现问题。")
    labels = section_labels or {}
    cn = "一二三四五六七八九十"
    for n, (name, findings) in enumerate(_groups(report, labels)):
        marker = f"（{cn[n]}）" if n < len(cn) else f"（{n + 1}）"
        d.add_paragraph(_clean(f"{marker}{name}（{len(findings)} 处）"), style="Heading 2")
        for i, f in enumerate(findings, 1):
            head = f"{i}.【{SEVERITY_LABELS[f.severity]}·{rule_name(f.rule)}】"
            p = d.add_paragraph()
            p.add_run(head).bold = True
            p.add_run(_clean(f.message))
            sentence = sentence_of(report.text, f)
            if sentence:
                q = d.add_paragraph()
                q.add_run("原文：").bold = True
                q.add_run(_clean(sentence))
                if f.text and f.text in sentence:
                    q.add_run(_clean(f"（问题文字：“{f.text}”）"))
            if f.suggestion:
                s = d.add_paragraph()
                if is_replacement(f):
                    s.add_run("建议改为：").bold = True
                    s.add_run(_clean(f"“{f.suggestion}”"))
                else:
                    s.add_run("建议：").bold = True
                    s.add_run(_clean(f.suggestion))
    footer = d.add_paragraph("本检查结果由述职助手自动生成，仅供修改参考。")
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return d


def export_check_report(report: Report, path: str | os.PathLike, title: str, kind_name: str = "",
                        section_labels: dict[str, str] | None = None) -> None:
    """Write the check report to `path` (temporary file, then replace). Raises ExportError (Chinese)."""
    path = Path(path)
    _check_target(path)
    buf = io.BytesIO()
    build_check_report(report, title, kind_name, section_labels).save(buf)
    _write(path, buf.getvalue())
