"""Schema: named migrations applied in order (sqlite-utils style) and the optional FTS5 index.

Each migration runs in one transaction together with its row in `migrations`, so a crash
mid-migration leaves the database at the previous step. Never edit a shipped migration:
append a new one.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

from core.text.wordcount import word_count

Migration = tuple[str, Callable[[sqlite3.Connection], None]]


def _m0001_initial(conn: sqlite3.Connection) -> None:
    # body last: columns before a large value are read without walking its overflow pages.
    conn.execute("""
        CREATE TABLE drafts (
            id       INTEGER PRIMARY KEY,
            title    TEXT NOT NULL DEFAULT '',
            kind     TEXT NOT NULL DEFAULT 'shuzhi',
            year     INTEGER,
            unit     TEXT NOT NULL DEFAULT '',
            author   TEXT NOT NULL DEFAULT '',
            created  REAL NOT NULL,
            updated  REAL NOT NULL,
            deleted  REAL,
            body     TEXT NOT NULL DEFAULT ''
        )""")
    conn.execute("""
        CREATE TABLE versions (
            id       INTEGER PRIMARY KEY,
            draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
            created  REAL NOT NULL,
            reason   TEXT NOT NULL,
            chars    INTEGER NOT NULL DEFAULT 0,
            body     TEXT NOT NULL
        )""")
    conn.execute("CREATE INDEX versions_by_draft ON versions(draft_id, created)")
    conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")


def _m0002_ignores_cursor_chars(conn: sqlite3.Connection) -> None:
    conn.execute("""
        CREATE TABLE ignores (
            id         INTEGER PRIMARY KEY,
            draft_id   INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
            rule       TEXT NOT NULL,
            text       TEXT,      -- NULL: the whole rule is ignored (忽略此规则)
            occurrence INTEGER,   -- which occurrence of `text` (忽略此处); NULL: any
            created    REAL NOT NULL
        )""")
    # UNIQUE treats NULLs as distinct, so index the coalesced values.
    conn.execute("""
        CREATE UNIQUE INDEX ignores_unique
        ON ignores(draft_id, rule, coalesce(text, char(0)), coalesce(occurrence, -1))""")
    conn.execute("ALTER TABLE drafts ADD COLUMN cursor INTEGER NOT NULL DEFAULT 0")
    conn.execute("ALTER TABLE drafts ADD COLUMN chars INTEGER NOT NULL DEFAULT 0")
    conn.execute("UPDATE drafts SET chars = length(body)")
    # Covering index: the draft list never touches the (large) rows themselves.
    conn.execute("""
        CREATE INDEX drafts_list
        ON drafts(deleted, updated, id, title, kind, year, unit, author, created, chars)""")


def _m0003_last_year_links(conn: sqlite3.Connection) -> None:
    # Which report of the year before a draft is checked against (substance.last_year): another
    # draft, or a file. A deleted source draft leaves the link empty, not dangling.
    conn.execute("""
        CREATE TABLE last_year_links (
            draft_id  INTEGER PRIMARY KEY REFERENCES drafts(id) ON DELETE CASCADE,
            source_id INTEGER REFERENCES drafts(id) ON DELETE SET NULL,
            path      TEXT,
            created   REAL NOT NULL
        )""")
    conn.execute("CREATE INDEX last_year_by_source ON last_year_links(source_id)")


def register_functions(conn: sqlite3.Connection) -> None:
    """word_count(body) in SQL: the `chars` columns hold 字数 by Word's rule (core/text/wordcount.py).
    Used in statements only, never in the schema, so other sqlite tools can still open the file."""
    conn.create_function("word_count", 1, lambda body: word_count(body or ""), deterministic=True)


def _m0004_word_counts(conn: sqlite3.Connection) -> None:
    # `chars` was len(body); it is now 字数 as Word counts it, the one count shown everywhere.
    register_functions(conn)
    conn.execute("UPDATE drafts SET chars = word_count(body)")
    conn.execute("UPDATE versions SET chars = word_count(body)")


MIGRATIONS: list[Migration] = [
    ("0001_initial", _m0001_initial),
    ("0002_ignores_cursor_chars", _m0002_ignores_cursor_chars),
    ("0003_last_year_links", _m0003_last_year_links),
    ("0004_word_counts", _m0004_word_counts),
]


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied REAL NOT NULL)")
    return [row[0] for row in conn.execute("SELECT name FROM migrations ORDER BY rowid")]


FOREIGN = ("“{name}”不是述职助手的草稿库（可能是其他程序的数据库）。为了不损坏它，程序没有做任何修改。"
           "请把这个文件移到别处，或用环境变量 SHUZHI_DATA_DIR 指定另一个数据文件夹。")
NEWER = ("草稿库“{name}”是更新版本的述职助手创建或升级的（含有本版本不认识的结构：{what}）。"
         "为了不损坏数据，本版本不会修改它。请用新版本的述职助手打开。")


class NotOurDatabase(Exception):
    """The file is a valid SQLite database, but not ours or of a newer version; never modified."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind  # "foreign" | "newer"


def check_ours(conn: sqlite3.Connection, name: str) -> None:
    """Read-only check before any write: an empty database, or ours at a version we know."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return
    if "migrations" not in tables:
        raise NotOurDatabase(FOREIGN.format(name=name), "foreign")
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM migrations")]
    except sqlite3.Error as exc:
        raise NotOurDatabase(FOREIGN.format(name=name), "foreign") from exc
    unknown = [n for n in names if n not in {m for m, _ in MIGRATIONS}]
    if unknown:
        raise NotOurDatabase(NEWER.format(name=name, what="、".join(unknown[:3])), "newer")
    if "drafts" not in tables and (names or len(tables) > 1):  # not our tables
        raise NotOurDatabase(FOREIGN.format(name=name), "foreign")


def apply_migrations(conn: sqlite3.Connection, upto: str | None = None) -> list[str]:
    """Apply missing migrations in order (up to and including `upto`); return the names applied."""
    done = set(applied_migrations(conn))
    applied: list[str] = []
    for name, step in MIGRATIONS:
        if name not in done:
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Another instance may have migrated while we waited for the write lock.
                if conn.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone() is None:
                    step(conn)
                    conn.execute("INSERT INTO migrations(name, applied) VALUES (?, ?)", (name, time.time()))
                    applied.append(name)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        if name == upto:
            break
    return applied


# ---- full-text search (depends on the sqlite build, so it is not a migration) ----

_fts_support: bool | None = None


def fts_trigram_available() -> bool:
    """Whether this sqlite3 build has FTS5 with the trigram tokenizer (checked once)."""
    global _fts_support
    if _fts_support is None:
        try:
            probe = sqlite3.connect(":memory:")
            try:
                probe.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
                _fts_support = True
            finally:
                probe.close()
        except sqlite3.Error:
            _fts_support = False
    return _fts_support


FTS_TRIGGERS = {
    "drafts_fts_ai": """
        CREATE TRIGGER drafts_fts_ai AFTER INSERT ON drafts BEGIN
            INSERT INTO drafts_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
        END""",
    "drafts_fts_ad": """
        CREATE TRIGGER drafts_fts_ad AFTER DELETE ON drafts BEGIN
            INSERT INTO drafts_fts(drafts_fts, rowid, title, body)
            VALUES ('delete', old.id, old.title, old.body);
        END""",
    # Only title/body changes touch the index: cursor and meta saves stay cheap.
    "drafts_fts_au": """
        CREATE TRIGGER drafts_fts_au AFTER UPDATE OF title, body ON drafts BEGIN
            INSERT INTO drafts_fts(drafts_fts, rowid, title, body)
            VALUES ('delete', old.id, old.title, old.body);
            INSERT INTO drafts_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
        END""",
}


def _schema_names(conn: sqlite3.Connection, type_: str) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = ?", (type_,))}


def ensure_search_index(conn: sqlite3.Connection) -> bool:
    """Create or repair the external-content FTS5 index; return whether FTS is usable.

    Without FTS5 the triggers are dropped (they would make every write fail with
    "no such module"); when FTS5 is back, missing pieces are recreated and rebuilt.
    """
    triggers = _schema_names(conn, "trigger") & set(FTS_TRIGGERS)
    has_table = "drafts_fts" in _schema_names(conn, "table")
    if not fts_trigram_available():
        if triggers:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for name in triggers:
                    conn.execute(f"DROP TRIGGER IF EXISTS {name}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        return False
    if has_table and len(triggers) == len(FTS_TRIGGERS):
        return True
    conn.execute("BEGIN IMMEDIATE")
    try:
        if not has_table:
            conn.execute("""
                CREATE VIRTUAL TABLE drafts_fts USING fts5(
                    title, body, content='drafts', content_rowid='id', tokenize='trigram')""")
        for name, sql in FTS_TRIGGERS.items():
            if name not in triggers:
                conn.execute(sql)
        # The index may have missed writes made while the triggers were absent.
        conn.execute("INSERT INTO drafts_fts(drafts_fts) VALUES ('rebuild')")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return True
