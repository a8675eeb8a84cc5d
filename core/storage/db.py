"""Drafts, versions, ignored findings, settings, search and backups in one SQLite file.

No Qt here. The UI calls this from a worker thread: every public method holds the instance
lock, and every low-level failure surfaces as `StorageError` with a Chinese message.
Opening with damage detection lives in `opening.py`; the package re-exports both.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from core.common.atomic import name_problem
from core.common.newlines import normalise_newlines
from core.storage.errors import MESSAGES, StorageError, backup_reason, classify, guarded, wrap
from core.storage.files import BACKUP_DIR_NAME, DAILY_NAME, private
from core.storage.models import (
    REASONS,
    YEAR_IN_TITLE,
    Draft,
    DraftSummary,
    Ignore,
    LastYearLink,
    Version,
    VersionInfo,
    replace_report_year,
    replace_year_in_heading_lines,
)
from core.storage.schema import (
    NotOurDatabase,
    apply_migrations,
    check_ours,
    ensure_search_index,
    fts_trigram_available,
    register_functions,
)
from core.storage.search import SearchResult, build_id_query, make_snippet, split_terms
from core.text.wordcount import word_count

DEFAULT_KIND = "shuzhi"
AUTO_SNAPSHOT_INTERVAL = 600.0  # seconds of editing between automatic snapshots
AUTO_SNAPSHOTS_KEPT = 50  # per draft; manual and safety snapshots are never pruned

_META_FIELDS = ("title", "kind", "year", "unit", "author", "cursor")
_SUMMARY_COLS = "id, title, kind, year, unit, author, chars, created, updated, deleted"


def _missing(what: str = "草稿") -> StorageError:
    return StorageError(f"找不到指定的{what}，可能已被删除。", "missing")


class Storage:
    """The drafts database. Construct with a file path, or use `open_storage_safely()`."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False, check: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self.open_result: Any = None  # the OpenResult, set by core.storage.opening
        try:
            if not read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = self._connect()
            if not read_only:
                private(self.path)  # before the first write: the -wal/-shm files take its mode
            if check:
                problems = [r[0] for r in self._conn.execute("PRAGMA quick_check")]
                if problems != ["ok"]:
                    raise sqlite3.DatabaseError("database disk image is malformed: " + "; ".join(problems[:3]))
            if read_only:
                tables = {r[0] for r in self._conn.execute("SELECT name FROM sqlite_master")}
                self._fts = fts_trigram_available() and "drafts_fts" in tables
            else:
                apply_migrations(self._conn)
                self._fts = ensure_search_index(self._conn)
        except NotOurDatabase as exc:
            self.close()
            raise StorageError(str(exc), exc.kind) from exc
        except (sqlite3.Error, OSError) as exc:
            self.close()
            err = wrap(exc)
            # "unable to open database file" in a folder we cannot write: say so plainly.
            if err.kind in ("io", "other") and not read_only and not os.access(self.path.parent, os.W_OK):
                err = StorageError(MESSAGES["readonly"], "readonly")
            raise err from exc

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            conn = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None,
                                   check_same_thread=False, timeout=5.0)
        else:
            conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False, timeout=5.0)
        try:
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("PRAGMA foreign_keys = ON")
            register_functions(conn)
            check_ours(conn, self.path.name)  # before any write (even WAL mode): never touch a file not ours
            if not self.read_only:
                conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a committed autosave survives a power cut as well as a killed process.
            conn.execute("PRAGMA synchronous = FULL")
        except BaseException:
            conn.close()
            raise
        return conn

    @property
    def search_mode(self) -> str:
        return "fts5" if self._fts else "like"

    @property
    def backups_dir(self) -> Path:
        return self.path.parent / BACKUP_DIR_NAME

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StorageError("草稿库已关闭。", "other")
        return self._conn

    def close(self) -> None:
        with self._lock:
            conn, self._conn = self._conn, None
            if conn is not None:
                try:
                    conn.close()
                except sqlite3.Error:
                    pass

    def __enter__(self) -> Storage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: all or nothing, and no deadlock between two writers."""
        conn = self.conn
        if self.read_only:
            raise StorageError("草稿库以只读方式打开（另一个述职助手窗口正在使用），不能保存修改。", "readonly")
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise

    # ---- drafts ----

    @guarded
    def create_draft(self, title: str = "", body: str = "", *, kind: str = DEFAULT_KIND,
                     year: int | None = None, unit: str = "", author: str = "", cursor: int = 0,
                     now: float | None = None) -> int:
        now = time.time() if now is None else now
        body = normalise_newlines(body)  # the editor's line endings, whoever stores a body
        with self._write() as conn:
            cur = conn.execute(
                "INSERT INTO drafts(title, kind, year, unit, author, created, updated, body, cursor, chars)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (title, kind, year, unit, author, now, now, body, cursor, word_count(body)))
            return int(cur.lastrowid)

    @guarded
    def get_draft(self, draft_id: int) -> Draft | None:
        row = self.conn.execute(
            "SELECT id, title, kind, year, unit, author, body, cursor, created, updated, deleted"
            " FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return Draft(*row) if row else None

    @guarded
    def list_drafts(self, include_deleted: bool = False) -> list[DraftSummary]:
        """Newest first, without bodies (served by the covering index)."""
        where = "" if include_deleted else " WHERE deleted IS NULL"
        rows = self.conn.execute(
            f"SELECT {_SUMMARY_COLS} FROM drafts{where} ORDER BY updated DESC, id DESC").fetchall()
        return [DraftSummary(*r) for r in rows]

    @guarded
    def list_deleted(self) -> list[DraftSummary]:
        rows = self.conn.execute(
            f"SELECT {_SUMMARY_COLS} FROM drafts WHERE deleted IS NOT NULL ORDER BY deleted DESC, id DESC"
        ).fetchall()
        return [DraftSummary(*r) for r in rows]

    @guarded
    def update_draft_body(self, draft_id: int, body: str, cursor: int | None = None,
                          now: float | None = None) -> bool:
        """The autosave path: one UPDATE, skipped when the body is unchanged. Returns whether
        the body was written (a cursor-only change is stored without touching `updated`)."""
        now = time.time() if now is None else now
        body = normalise_newlines(body)
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE drafts SET body = ?, chars = ?, updated = ?, cursor = coalesce(?, cursor)"
                " WHERE id = ? AND body IS NOT ?", (body, word_count(body), now, cursor, draft_id, body))
            if cur.rowcount:
                return True
            if cursor is not None:
                exists = conn.execute("UPDATE drafts SET cursor = ? WHERE id = ?", (cursor, draft_id)).rowcount > 0
            else:
                exists = conn.execute("SELECT 1 FROM drafts WHERE id = ?", (draft_id,)).fetchone() is not None
            if not exists:
                raise _missing()
            return False

    @guarded
    def update_draft_meta(self, draft_id: int, *, now: float | None = None, **fields: Any) -> None:
        """Change any of title, kind, year, unit, author, cursor."""
        unknown = set(fields) - set(_META_FIELDS)
        if unknown:
            raise ValueError(f"unknown draft fields: {sorted(unknown)}")
        if not fields:
            return
        assignments = ", ".join(f"{name} = ?" for name in fields)
        params: list[Any] = list(fields.values())
        if set(fields) != {"cursor"}:
            assignments += ", updated = ?"
            params.append(time.time() if now is None else now)
        with self._write() as conn:
            if conn.execute(f"UPDATE drafts SET {assignments} WHERE id = ?", (*params, draft_id)).rowcount == 0:
                raise _missing()

    def rename(self, draft_id: int, title: str) -> None:
        self.update_draft_meta(draft_id, title=title)

    @guarded
    def soft_delete(self, draft_id: int, now: float | None = None) -> None:
        """Move to the recycle bin (回收站)."""
        with self._write() as conn:
            cur = conn.execute("UPDATE drafts SET deleted = ? WHERE id = ? AND deleted IS NULL",
                               (time.time() if now is None else now, draft_id))
            if cur.rowcount == 0 and not conn.execute("SELECT 1 FROM drafts WHERE id = ?", (draft_id,)).fetchone():
                raise _missing()

    @guarded
    def restore(self, draft_id: int) -> None:
        """Take a draft back out of the recycle bin."""
        with self._write() as conn:
            if conn.execute("UPDATE drafts SET deleted = NULL WHERE id = ?", (draft_id,)).rowcount == 0:
                raise _missing()

    @guarded
    def purge(self, draft_id: int) -> bool:
        """Delete for good, with its versions and ignores; only drafts already in the recycle bin."""
        with self._write() as conn:
            return conn.execute("DELETE FROM drafts WHERE id = ? AND deleted IS NOT NULL",
                                (draft_id,)).rowcount > 0

    @guarded
    def empty_recycle_bin(self) -> int:
        with self._write() as conn:
            return conn.execute("DELETE FROM drafts WHERE deleted IS NOT NULL").rowcount

    @guarded
    def duplicate_as_new_year(self, draft_id: int, new_year: int, now: float | None = None) -> int:
        """以此为底稿新建: a copy for `new_year`. The old year is replaced only where it is clearly
        the report year: in the title, the body's title line and the opening sentence (see
        `replace_year_in_heading_lines`); a year elsewhere in the body is left for the writer.
        Rule-level ignores (忽略此规则) are carried over; per-place ignores are not."""
        src = self.get_draft(draft_id)
        if src is None:
            raise _missing()
        old_year = src.year
        if old_year is None:
            m = YEAR_IN_TITLE.search(src.title)
            old_year = int(m.group(1)) if m else None
        title, body = src.title, src.body
        if old_year is not None and old_year != new_year:
            title, replaced = replace_report_year(title, old_year, new_year)
            if not replaced:
                title = f"{title}（{new_year}年）" if title else f"{new_year}年"
            body = replace_year_in_heading_lines(body, old_year, new_year)
        elif old_year is None:
            title = f"{title}（{new_year}年）" if title else f"{new_year}年"
        new_id = self.create_draft(title, body, kind=src.kind, year=new_year, unit=src.unit,
                                   author=src.author, now=now)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO ignores(draft_id, rule, text, occurrence, created)"
                " SELECT ?, rule, NULL, NULL, ? FROM ignores WHERE draft_id = ? AND text IS NULL",
                (new_id, time.time(), draft_id))
            # The source is last year's report of the copy (substance.last_year checks against it).
            conn.execute("INSERT INTO last_year_links(draft_id, source_id, path, created) VALUES (?, ?, NULL, ?)",
                         (new_id, draft_id, time.time()))
        return new_id

    # ---- last year's report of a draft ----

    @guarded
    def set_last_year(self, draft_id: int, *, source_id: int | None = None, path: str | None = None) -> None:
        """Link a draft to last year's report (another draft or a file); neither clears the link."""
        if source_id is not None and source_id == draft_id:
            raise StorageError("不能把草稿本身选为上年度报告。", "other")
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM drafts WHERE id = ?", (draft_id,)).fetchone() is None:
                raise _missing()
            if source_id is None and not path:
                conn.execute("DELETE FROM last_year_links WHERE draft_id = ?", (draft_id,))
                return
            if source_id is not None and conn.execute("SELECT 1 FROM drafts WHERE id = ?",
                                                      (source_id,)).fetchone() is None:
                raise _missing("上年度草稿")
            conn.execute("INSERT INTO last_year_links(draft_id, source_id, path, created) VALUES (?, ?, ?, ?)"
                         " ON CONFLICT(draft_id) DO UPDATE SET source_id = excluded.source_id,"
                         " path = excluded.path, created = excluded.created",
                         (draft_id, source_id, None if source_id is not None else str(path), time.time()))

    @guarded
    def get_last_year(self, draft_id: int) -> LastYearLink | None:
        row = self.conn.execute("SELECT draft_id, source_id, path FROM last_year_links WHERE draft_id = ?",
                                (draft_id,)).fetchone()
        if row is None or (row[1] is None and not row[2]):
            return None  # the source draft was purged
        return LastYearLink(*row)

    # ---- versions ----

    def _snapshot(self, conn: sqlite3.Connection, draft_id: int, reason: str, now: float) -> int:
        if reason not in REASONS:
            raise ValueError(f"unknown version reason: {reason}")
        cur = conn.execute(
            "INSERT INTO versions(draft_id, created, reason, chars, body)"
            " SELECT id, ?, ?, word_count(body), body FROM drafts WHERE id = ?", (now, reason, draft_id))
        if cur.rowcount == 0:
            raise _missing()
        return int(cur.lastrowid)

    @guarded
    def add_version(self, draft_id: int, reason: str = "manual", body: str | None = None,
                    now: float | None = None) -> int:
        """Snapshot the stored body (after saving `body` first, in the same transaction, if given)."""
        now = time.time() if now is None else now
        with self._write() as conn:
            if body is not None:
                body = normalise_newlines(body)
                conn.execute("UPDATE drafts SET body = ?, chars = ?, updated = ? WHERE id = ? AND body IS NOT ?",
                             (body, word_count(body), now, draft_id, body))
            return self._snapshot(conn, draft_id, reason, now)

    @guarded
    def list_versions(self, draft_id: int) -> list[VersionInfo]:
        rows = self.conn.execute(
            "SELECT id, draft_id, created, reason, chars FROM versions WHERE draft_id = ?"
            " ORDER BY created DESC, id DESC", (draft_id,)).fetchall()
        return [VersionInfo(*r) for r in rows]

    @guarded
    def get_version(self, version_id: int) -> Version | None:
        row = self.conn.execute("SELECT id, draft_id, created, reason, chars, body FROM versions WHERE id = ?",
                                (version_id,)).fetchone()
        return Version(*row) if row else None

    @guarded
    def restore_version(self, version_id: int, now: float | None = None) -> int:
        """Put a version's body back, after a 恢复前 snapshot of the current body (returned id)."""
        now = time.time() if now is None else now
        with self._write() as conn:
            row = conn.execute("SELECT draft_id, body FROM versions WHERE id = ?", (version_id,)).fetchone()
            if row is None:
                raise _missing("版本")
            draft_id, body = row
            safety_id = self._snapshot(conn, draft_id, "before_restore", now)
            conn.execute("UPDATE drafts SET body = ?, chars = ?, updated = ?, cursor = min(cursor, ?)"
                         " WHERE id = ?", (body, word_count(body), now, len(body), draft_id))
            return safety_id

    @guarded
    def maybe_auto_snapshot(self, draft_id: int, now: float | None = None,
                            interval: float = AUTO_SNAPSHOT_INTERVAL) -> int | None:
        """An 自动快照 once `interval` seconds have passed since the last snapshot (or since the
        draft was created) and the body differs from it; returns the new version id or None."""
        now = time.time() if now is None else now
        with self._write() as conn:
            row = conn.execute("SELECT created FROM drafts WHERE id = ?", (draft_id,)).fetchone()
            if row is None:
                raise _missing()
            last = conn.execute("SELECT created, body FROM versions WHERE draft_id = ?"
                                " ORDER BY created DESC, id DESC LIMIT 1", (draft_id,)).fetchone()
            since = last[0] if last else row[0]
            if now - since < interval:
                return None
            if last is not None and conn.execute("SELECT body = ? FROM drafts WHERE id = ?",
                                                 (last[1], draft_id)).fetchone()[0]:
                return None
            version_id = self._snapshot(conn, draft_id, "auto", now)
            conn.execute(
                "DELETE FROM versions WHERE draft_id = ? AND reason = 'auto' AND id NOT IN ("
                " SELECT id FROM versions WHERE draft_id = ? AND reason = 'auto'"
                " ORDER BY created DESC, id DESC LIMIT ?)", (draft_id, draft_id, AUTO_SNAPSHOTS_KEPT))
            return version_id

    # ---- ignored findings ----

    @guarded
    def add_ignore(self, draft_id: int, rule: str, text: str | None = None,
                   occurrence: int | None = None) -> int:
        """忽略此规则: add_ignore(id, rule); 忽略此处: add_ignore(id, rule, text, occurrence)."""
        with self._write() as conn:
            conn.execute("INSERT OR IGNORE INTO ignores(draft_id, rule, text, occurrence, created)"
                         " VALUES (?, ?, ?, ?, ?)", (draft_id, rule, text, occurrence, time.time()))
            row = conn.execute(
                "SELECT id FROM ignores WHERE draft_id = ? AND rule = ? AND coalesce(text, char(0)) ="
                " coalesce(?, char(0)) AND coalesce(occurrence, -1) = coalesce(?, -1)",
                (draft_id, rule, text, occurrence)).fetchone()
            return int(row[0])

    @guarded
    def list_ignores(self, draft_id: int) -> list[Ignore]:
        rows = self.conn.execute("SELECT id, draft_id, rule, text, occurrence FROM ignores"
                                 " WHERE draft_id = ? ORDER BY id", (draft_id,)).fetchall()
        return [Ignore(*r) for r in rows]

    @guarded
    def remove_ignore(self, ignore_id: int) -> bool:
        with self._write() as conn:
            return conn.execute("DELETE FROM ignores WHERE id = ?", (ignore_id,)).rowcount > 0

    @guarded
    def clear_ignores(self, draft_id: int) -> int:
        with self._write() as conn:
            return conn.execute("DELETE FROM ignores WHERE draft_id = ?", (draft_id,)).rowcount

    # ---- settings (values stored as JSON) ----

    @guarded
    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None:
            return default
        try:
            return json.loads(row[0])
        except (TypeError, ValueError):
            return default

    @guarded
    def set_setting(self, key: str, value: Any) -> None:
        """Store a JSON-serialisable value; None removes the key."""
        with self._write() as conn:
            if value is None:
                conn.execute("DELETE FROM settings WHERE key = ?", (key,))
            else:
                conn.execute("INSERT INTO settings(key, value) VALUES (?, ?)"
                             " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                             (key, json.dumps(value, ensure_ascii=False)))

    # ---- search ----

    @guarded
    def search(self, query: str, *, marks: tuple[str, str] = ("【", "】"), limit: int = 50,
               width: int = 30, escape: Callable[[str], str] | None = None) -> list[SearchResult]:
        """Live drafts containing every whitespace-separated term (case-insensitive), newest first.
        `snippet` shows the body around the first match with matches between `marks`; pass
        e.g. marks=("<b>", "</b>"), escape=html.escape for rich text."""
        terms = split_terms(query)
        if not terms:
            return []
        sql, params = build_id_query(terms, self._fts, limit)
        ids = [r[0] for r in self.conn.execute(sql, params)]
        results = []
        for draft_id in ids:
            title, kind, year, updated, body = self.conn.execute(
                "SELECT title, kind, year, updated, body FROM drafts WHERE id = ?", (draft_id,)).fetchone()
            in_title = any(t.casefold() in title.casefold() for t in terms)
            results.append(SearchResult(draft_id, title, kind, year, updated,
                                        make_snippet(body, terms, marks, width, escape), in_title))
        return results

    # ---- maintenance ----

    @guarded
    def integrity_check(self) -> list[str]:
        """["ok"] when healthy."""
        return [r[0] for r in self.conn.execute("PRAGMA integrity_check")]

    @guarded
    def backup(self, target: str | os.PathLike[str]) -> Path:
        """A consistent copy via the sqlite backup API, written to a temporary name then moved."""
        target = Path(target)
        problem = name_problem(target)
        if problem:
            raise StorageError(f"无法备份到“{target.name[:40]}…”：{problem}草稿库没有改动。", "other")
        if target.is_dir():
            raise StorageError(f"备份目标“{target}”是一个文件夹，请给出文件名，例如“{target / 'shuzhi-备份.db'}”。"
                               "草稿库没有改动。", "other")
        tmp = target.with_name(target.name + ".tmp")
        try:
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            tmp.unlink(missing_ok=True)
            os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))  # owner-only from the start
            dst = sqlite3.connect(str(tmp))
            try:
                self.conn.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")  # a self-contained single file
            finally:
                dst.close()
            os.replace(tmp, target)
        except BaseException as exc:
            try:  # never leave a partial (or complete, plaintext) copy behind
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
            if isinstance(exc, (sqlite3.Error, OSError)):
                raise StorageError(f"备份未能写入“{target}”：{backup_reason(exc)}草稿库没有改动。",
                                   classify(exc)) from exc
            raise
        return target

    def daily_backup(self, directory: str | os.PathLike[str] | None = None, keep: int = 7,
                     now: float | None = None) -> Path | None:
        """Today's `shuzhi-YYYY-MM-DD.db` in `<data>/backups/` unless it exists; keeps the last `keep`."""
        directory = Path(directory) if directory is not None else self.backups_dir
        day = time.strftime("%Y-%m-%d", time.localtime(time.time() if now is None else now))
        target = directory / f"shuzhi-{day}.db"
        made = None
        if not target.exists():
            made = self.backup(target)
        try:
            daily = sorted(p for p in directory.glob("shuzhi-*.db") if DAILY_NAME.fullmatch(p.name))
            for old in daily[:-keep] if keep > 0 else []:
                old.unlink(missing_ok=True)
        except OSError as exc:
            raise wrap(exc) from exc
        return made

    @guarded
    def restore_from_backup(self, backup_path: str | os.PathLike[str]) -> Path | None:
        """Replace the contents with a backup (after checking it). The current contents are first
        saved as `backups/shuzhi-before-restore-<time>.db` (returned; None if it held no drafts)."""
        backup_path = Path(backup_path)
        if not backup_path.is_file():
            raise StorageError(f"找不到备份文件“{backup_path.name}”。", "missing")
        src = sqlite3.connect(backup_path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            try:
                ok = [r[0] for r in src.execute("PRAGMA quick_check")] == ["ok"]
                ok = ok and src.execute("SELECT count(*) FROM sqlite_master WHERE name = 'drafts'").fetchone()[0]
            except sqlite3.DatabaseError:
                ok = False
            if not ok:
                raise StorageError(f"备份文件“{backup_path.name}”已损坏或不是述职助手的草稿库，未作恢复。", "damaged")
            saved = None
            if self.conn.execute("SELECT count(*) FROM drafts").fetchone()[0]:
                stamp = time.strftime("%Y%m%d-%H%M%S")
                saved = self.backup(self.backups_dir / f"shuzhi-before-restore-{stamp}.db")
            src.backup(self.conn)
        finally:
            src.close()
        apply_migrations(self.conn)  # the backup may predate newer migrations
        self._fts = ensure_search_index(self.conn)
        return saved

