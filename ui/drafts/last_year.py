"""上年度报告 of the open draft (substance.last_year): chosen from the 草稿箱 or a file, stored
per draft in the database (以此为底稿新建 links the source by itself), loaded when a draft opens
and passed to the analyser as a compare text marked `last_year`."""

from __future__ import annotations

from core.analysis.compare import CompareDoc
from core.storage import LastYearLink, StorageError
from core.wordio.read_input import read_report_file
from core.wordio.textfile import UnreadableFileError

TITLE = "选择上年度报告"
FROM_FILE = "从文件选择（.docx / .txt）…"
NONE = "不使用上年度报告"


class LastYear:
    """window.last_year: the CompareDoc of the open draft's last-year report, or None."""

    def __init__(self, session) -> None:
        self.session = session
        self.doc: CompareDoc | None = None
        self.link: LastYearLink | None = None
        self._for: int | None = -1
        session.draft_opened.connect(self.reload)
        session.drafts_changed.connect(self._maybe_reload)

    def _maybe_reload(self) -> None:
        if self.session.draft_id != self._for:
            self.reload()  # a new blank draft has no last year

    def reload(self, *_args) -> None:
        s = self.session
        link, doc = None, None
        if s.draft_id is not None and s.storage is not None:
            try:
                link = s.storage.get_last_year(s.draft_id)
                doc = self._document(link) if link is not None else None
            except StorageError as exc:
                s.window.statusBar().showMessage(f"上年度报告未能读取：{exc}", 8000)
        before = (self.doc.name, self.doc.text) if self.doc else None
        self.link, self.doc, self._for = link, doc, s.draft_id
        if before != ((doc.name, doc.text) if doc else None):
            s.window.revision += 1  # new inputs: a result computed without them is stale
            s.window.request_analysis(immediate=True)

    def _document(self, link: LastYearLink) -> CompareDoc | None:
        s = self.session
        if link.source_id is not None:
            d = s.storage.get_draft(link.source_id)
            return CompareDoc(f"上年度报告《{d.title or '无标题'}》", d.body, True) if d is not None else None
        try:
            return CompareDoc(f"上年度报告《{_stem(link.path)}》", read_report_file(link.path), True)
        except (UnreadableFileError, OSError) as exc:
            s.window.statusBar().showMessage(f"上年度报告无法读取：{exc}", 8000)
            return None

    def choose(self) -> bool:
        """文件 → 选择上年度报告…: a draft of the 草稿箱, a file, or none."""
        s = self.session
        draft_id = None if s.is_blank else s.ensure_draft()
        if draft_id is None or s.storage is None:
            s.inform(TITLE, "编辑区是空的，先写下或打开本年度的报告。" if s.is_blank
                     else f"当前草稿未能保存：{s.failure}")
            return False
        try:
            drafts = [d for d in s.storage.list_drafts() if d.id != draft_id]
        except StorageError as exc:
            s.inform(TITLE, str(exc))
            return False
        options = [FROM_FILE] + [f"{d.title or '无标题'}" + (f"（{d.year}年）" if d.year else "") for d in drafts]
        current = 0
        if self.link is not None:
            options.append(NONE)
            current = next((i + 1 for i, d in enumerate(drafts) if d.id == self.link.source_id), 0)
        choice = s.get_item(TITLE, "核对上年度问题整改交代所依据的报告：", options, current)
        if choice is None:
            return False
        source_id, path = None, None
        if options[choice] == FROM_FILE:
            path = s.get_open_path(TITLE, "述职报告 (*.docx *.txt)")
            if not path:
                return False
            try:
                read_report_file(path)
            except (UnreadableFileError, OSError) as exc:
                s.inform(TITLE, f"这个文件无法读取：{exc}")
                return False
        elif options[choice] != NONE:
            source_id = drafts[choice - 1].id
        try:
            s.call(lambda st: st.set_last_year(draft_id, source_id=source_id, path=path))
        except StorageError as exc:
            s.inform(TITLE, f"未能保存选择：{exc}")
            return False
        self.reload()
        return True


def _stem(path: str) -> str:
    name = str(path).replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name
