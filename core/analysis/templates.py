"""New-report skeletons: the kind's title and section headings in order, ready to fill in."""

from __future__ import annotations

from core.analysis.kinds import KindSpec
from core.text.numerals import int_to_chinese

OPENINGS = {
    "shuzhi": "根据上级党组织关于开展{year}年度党组织书记抓基层党建工作述职评议的安排，现将本人履行基层党建工作第一责任人职责情况报告如下。",
    "zhuti_zeren": "根据上级关于报告履行全面从严治党主体责任情况的要求，现将{year}年度履行主体责任情况报告如下。",
    "zongjie": "{year}年，在上级党组织的坚强领导下，我们围绕中心、服务大局，扎实推进党建各项工作，现将全年工作总结如下。",
    "duizhao": "按照{year}年度民主生活会的安排，本人认真学习规定篇目，广泛征求意见，深入查摆问题，现将个人对照检查情况报告如下。",
}
# Heading wording per section (the kind's label is used when absent).
HEADINGS = {"rectification": "上年度问题整改情况", "performance": "履职情况", "problems": "存在问题",
            "causes": "原因分析", "plans": "下一步打算"}
DUIZHAO_HEADINGS = {"problems": "查摆的问题", "causes": "原因剖析", "plans": "整改措施"}


def report_skeleton(kind: KindSpec, year: int, unit: str = "", author: str = "",
                    include_optional: bool = False) -> str:
    """Title, signature line, opening sentence and numbered empty sections of `kind`."""
    lines = [kind.title.format(year=year)]
    byline = " ".join(x for x in (unit.strip(), author.strip()) if x)
    if byline:
        lines.append(byline)
    lines.append(OPENINGS.get(kind.id, OPENINGS["shuzhi"]).format(year=year))
    names = DUIZHAO_HEADINGS if kind.id == "duizhao" else {}
    n = 0
    for key in kind.order:
        spec = kind.sections[key]
        if key == "opening" or (not spec.required and not include_optional):
            continue
        n += 1
        lines.append(f"{int_to_chinese(n)}、{names.get(key) or HEADINGS.get(key) or spec.label}")
        lines.append("")
    return "\n".join(lines)
