"""Storage layer: drafts, versions, search, migrations, backups, damage, locking, CLI, text files."""

from __future__ import annotations

import html
import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from core.cli import drafts as drafts_cli
from core.storage import (
    REASONS,
    DraftSummary,
    Storage,
    StorageError,
    acquire_instance_lock,
    list_backups,
    open_storage_safely,
)
from core.storage import schema as storage_schema
from core.storage.errors import wrap
from core.wordio.textfile import UnreadableFileError, decode_text, read_text_file

ROOT = Path(__file__).resolve().parent.parent
BODY = "关于2024年度抓基层党建工作的述职报告\n2024年，我坚持把党建工作抓在手上。\n一、履职情况\n召开“三会一课”12次。"


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("SHUZHI_DATA_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def store(data):
    s = Storage(data / "shuzhi.db")
    yield s
    s.close()


# ---- connection and schema ----

def test_pragmas_and_migrations(store):
    c = store.conn
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert c.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    names = [r[0] for r in c.execute("SELECT name FROM migrations ORDER BY rowid")]
    assert names == [m[0] for m in storage_schema.MIGRATIONS]


def test_migration_from_first_schema_keeps_data(data):
    path = data / "shuzhi.db"
    conn = sqlite3.connect(path, isolation_level=None)
    storage_schema.apply_migrations(conn, upto="0001_initial")
    conn.execute("INSERT INTO drafts(id, title, year, created, updated, body) VALUES (7, '旧草稿', 2023, 1, 2, ?)",
                 ("旧的正文：基层党建工作扎实推进",))
    conn.execute("INSERT INTO versions(draft_id, created, reason, chars, body) VALUES (7, 1, 'manual', 3, '旧版本')")
    conn.execute("INSERT INTO settings VALUES ('last_draft_id', '7')")
    conn.close()
    with Storage(path) as s:
        names = [r[0] for r in s.conn.execute("SELECT name FROM migrations ORDER BY rowid")]
        assert names[:2] == ["0001_initial", "0002_ignores_cursor_chars"]
        assert names == [m[0] for m in storage_schema.MIGRATIONS]
        d = s.get_draft(7)
        assert (d.title, d.year, d.body, d.cursor) == ("旧草稿", 2023, "旧的正文：基层党建工作扎实推进", 0)
        assert s.list_drafts()[0].chars == len(d.body)
        assert [v.body for v in map(s.get_version, [v.id for v in s.list_versions(7)])] == ["旧版本"]
        assert s.get_setting("last_draft_id") == 7
        assert s.add_ignore(7, "hygiene.year") > 0
        assert [r.draft_id for r in s.search("党建工作")] == [7]  # index built for old rows


def test_failed_migration_rolls_back_with_its_record(data, monkeypatch):
    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("boom")

    monkeypatch.setattr(storage_schema, "MIGRATIONS", [*storage_schema.MIGRATIONS, ("0099_broken", broken)])
    with pytest.raises(StorageError):
        Storage(data / "shuzhi.db")
    conn = sqlite3.connect(data / "shuzhi.db")
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    assert "0099_broken" not in [r[0] for r in conn.execute("SELECT name FROM migrations")]
    conn.close()


# ---- drafts ----

def test_draft_crud(store):
    a = store.create_draft("2024年述职", BODY, year=2024, unit="第一支部", author="张三", now=100)
    b = store.create_draft("另一篇", "正文", now=200)
    d = store.get_draft(a)
    assert (d.title, d.kind, d.year, d.unit, d.author, d.body, d.cursor) == (
        "2024年述职", "shuzhi", 2024, "第一支部", "张三", BODY, 0)
    rows = store.list_drafts()
    assert [r.id for r in rows] == [b, a] and isinstance(rows[0], DraftSummary)
    # chars is 字数 by Word's rule: 17 + 16 + 6 + 11 (2024 and 12 one each, “”，。、 one each)
    assert not hasattr(rows[0], "body") and rows[1].chars == 50
    assert store.update_draft_body(a, BODY + "补充", cursor=5, now=300) is True
    assert store.update_draft_body(a, BODY + "补充", now=400) is False  # unchanged: no write
    assert store.update_draft_body(a, BODY + "补充", cursor=9, now=500) is False
    d = store.get_draft(a)
    assert (d.body, d.cursor, d.updated) == (BODY + "补充", 9, 300)
    assert [r.id for r in store.list_drafts()] == [a, b]
    store.update_draft_meta(a, unit="机关党委", year=2025, now=600)
    store.rename(a, "新标题")
    d = store.get_draft(a)
    assert (d.title, d.unit, d.year) == ("新标题", "机关党委", 2025) and d.updated > 600
    with pytest.raises(ValueError):
        store.update_draft_meta(a, body="x")
    assert store.get_draft(999) is None
    with pytest.raises(StorageError) as err:
        store.update_draft_body(999, "x")
    assert err.value.kind == "missing" and "找不到" in str(err.value)


def test_recycle_bin(store):
    a = store.create_draft("甲", "一")
    b = store.create_draft("乙", "二")
    store.add_version(a)
    store.soft_delete(a)
    assert [r.id for r in store.list_drafts()] == [b]
    assert [r.id for r in store.list_deleted()] == [a]
    assert {r.id for r in store.list_drafts(include_deleted=True)} == {a, b}
    store.restore(a)
    assert store.list_deleted() == []
    assert store.purge(b) is False  # live drafts are never purged
    store.soft_delete(a)
    store.soft_delete(b)
    assert store.purge(a) is True
    assert store.get_draft(a) is None and store.list_versions(a) == []
    assert store.empty_recycle_bin() == 1 and store.list_drafts(include_deleted=True) == []


def test_duplicate_as_new_year(store):
    body = ("关于2024年度抓基层党建工作的述职报告\n\n根据安排，现将2024年度履职情况报告如下。2024年3月，召开会议。\n"
            "2024年度考核优秀。对照2023年问题整改。")
    a = store.create_draft("2024年度述职报告", body, year=2024, unit="一支部", author="李四")
    store.add_ignore(a, "boilerplate.cliche")
    store.add_ignore(a, "hygiene.year", "2023", 0)
    b = store.duplicate_as_new_year(a, 2025)
    d = store.get_draft(b)
    assert (d.title, d.year, d.unit, d.author) == ("2025年度述职报告", 2025, "一支部", "李四")
    assert d.body == ("关于2025年度抓基层党建工作的述职报告\n\n根据安排，现将2025年度履职情况报告如下。2024年3月，召开会议。\n"
                      "2024年度考核优秀。对照2023年问题整改。")
    assert [(i.rule, i.text) for i in store.list_ignores(b)] == [("boilerplate.cliche", None)]
    assert store.get_draft(a).body == body
    c = store.duplicate_as_new_year(store.create_draft("述职报告", "正文"), 2026)
    assert store.get_draft(c).title == "述职报告（2026年）"


# ---- versions ----

def test_versions_and_restore(store):
    a = store.create_draft("稿", "第一稿")
    v1 = store.add_version(a, "manual", now=10)
    store.update_draft_body(a, "第二稿内容", now=20)
    v2 = store.add_version(a, "before_import", body="第三稿", now=30)
    assert store.get_draft(a).body == "第三稿"
    infos = store.list_versions(a)
    assert [v.id for v in infos] == [v2, v1]
    assert [v.reason_label for v in infos] == ["导入前", "手动保存"] and infos[1].chars == 3
    assert store.get_version(v1).body == "第一稿"
    safety = store.restore_version(v1, now=40)
    assert store.get_draft(a).body == "第一稿"
    before = store.get_version(safety)
    assert (before.reason, before.reason_label, before.body) == ("before_restore", "恢复前", "第三稿")
    assert set(REASONS) == {"manual", "auto", "before_restore", "before_import"}
    with pytest.raises(ValueError):
        store.add_version(a, "whenever")
    with pytest.raises(StorageError):
        store.restore_version(12345)


def test_auto_snapshot_every_ten_minutes(store):
    a = store.create_draft("稿", "起", now=0)
    assert store.maybe_auto_snapshot(a, now=300) is None
    store.update_draft_body(a, "起草中", now=590)
    vid = store.maybe_auto_snapshot(a, now=600)
    assert store.get_version(vid).reason == "auto"
    assert store.maybe_auto_snapshot(a, now=1300) is None  # body unchanged since the snapshot
    store.update_draft_body(a, "继续写", now=1301)
    assert store.maybe_auto_snapshot(a, now=1100) is None  # < 10 min since last snapshot
    assert store.maybe_auto_snapshot(a, now=1300) is not None
    for i in range(60):
        store.update_draft_body(a, f"第{i}稿", now=2000 + i * 700)
        store.maybe_auto_snapshot(a, now=2000 + i * 700)
    assert sum(v.reason == "auto" for v in store.list_versions(a)) == 50




# ---- ignores and settings ----

def test_ignores(store):
    a = store.create_draft("稿", "正文")
    rule = store.add_ignore(a, "boilerplate.cliche")
    here = store.add_ignore(a, "hygiene.placeholder", "XX", 1)
    assert store.add_ignore(a, "boilerplate.cliche") == rule  # no duplicates, even with NULLs
    assert store.add_ignore(a, "hygiene.placeholder", "XX", 1) == here
    got = [(i.rule, i.text, i.occurrence) for i in store.list_ignores(a)]
    assert got == [("boilerplate.cliche", None, None), ("hygiene.placeholder", "XX", 1)]
    assert store.remove_ignore(rule) is True and store.remove_ignore(rule) is False
    assert store.clear_ignores(a) == 1 and store.list_ignores(a) == []


def test_settings(store):
    assert store.get_setting("last_draft_id") is None and store.get_setting("x", 3) == 3
    store.set_setting("last_draft_id", 5)
    store.set_setting("window", {"w": 800, "名": "窗口"})
    assert store.get_setting("last_draft_id") == 5 and store.get_setting("window")["名"] == "窗口"
    store.set_setting("last_draft_id", None)
    assert store.get_setting("last_draft_id") is None


# ---- search ----

def _search_fixture(store):
    a = store.create_draft("甲", "第一段。\n我们认真落实“三会一课”制度，全年召开支部大会4次。")
    b = store.create_draft("乙：三会一课台账", "正文与标题无关。")
    c = store.create_draft("丙", "折扣100%_完成 以及 支部建设")
    return a, b, c


@pytest.mark.parametrize("fts", [True, False])
def test_search(store, data, monkeypatch, fts):
    if not fts:
        monkeypatch.setattr(storage_schema, "_fts_support", False)
        store.close()
        store = Storage(data / "shuzhi.db")
    assert store.search_mode == ("fts5" if fts else "like")
    a, b, c = _search_fixture(store)
    hits = store.search("三会一课")  # 4 characters: FTS
    assert [h.draft_id for h in hits] == [b, a]
    assert hits[1].snippet == "我们认真落实“【三会一课】”制度，全年召开支部大会4次。" and hits[0].in_title
    assert {h.draft_id for h in store.search("支部")} == {a, c}  # 2 characters: LIKE
    assert [h.draft_id for h in store.search("课")] == [b, a]
    assert [h.draft_id for h in store.search("%_")] == [c]  # LIKE wildcards are literal
    assert [h.draft_id for h in store.search("支部 三会一课")] == [a]  # all terms must match
    rich = store.search("支部", marks=("<b>", "</b>"), escape=html.escape)
    assert any("<b>支部</b>" in h.snippet and "&ldquo;" not in h.snippet for h in rich)
    store.update_draft_body(a, "改写后不再提到那项制度")
    assert [h.draft_id for h in store.search("三会一课")] == [b]
    store.soft_delete(b)
    assert store.search("三会一课") == [] and store.search("台账") == []
    assert store.search("  ") == []
    store.close()


def test_search_index_repaired_after_running_without_fts(data, monkeypatch):
    with Storage(data / "shuzhi.db") as s:
        s.create_draft("甲", "全面从严治党")
    monkeypatch.setattr(storage_schema, "_fts_support", False)
    with Storage(data / "shuzhi.db") as s:  # a build without FTS5: triggers dropped, writes work
        s.create_draft("乙", "从严治党主体责任")
    monkeypatch.setattr(storage_schema, "_fts_support", None)
    with Storage(data / "shuzhi.db") as s:
        assert s.search_mode == "fts5"
        assert {h.title for h in s.search("从严治党")} == {"甲", "乙"}


def test_long_snippet_is_trimmed(store):
    a = store.create_draft("长", "开头" * 100 + "基层党建" + "结尾" * 100)
    snip = store.search("基层党建", width=10)[0].snippet
    assert snip.startswith("…") and snip.endswith("…") and "【基层党建】" in snip and len(snip) < 40
    assert store.search("基层党建")[0].draft_id == a


# ---- concurrency and locking ----

def test_two_storages_interleaving_writes(data):
    s1, s2 = Storage(data / "shuzhi.db"), Storage(data / "shuzhi.db")
    a = s1.create_draft("共用", "")
    for i in range(40):
        (s1 if i % 2 else s2).update_draft_body(a, f"第{i}次")
        assert (s2 if i % 2 else s1).get_draft(a).body == f"第{i}次"
    errors = []

    def writer(s, tag):
        try:
            for i in range(30):
                s.create_draft(f"{tag}{i}", tag * 100)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(s, t)) for s, t in ((s1, "甲"), (s2, "乙"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(s1.list_drafts()) == 61
    assert s1.integrity_check() == ["ok"]
    s1.close()
    s2.close()


def test_instance_lock(data):
    first = acquire_instance_lock(data)
    assert first is not None and first.held
    assert acquire_instance_lock(data) is None
    first.release()
    again = acquire_instance_lock(data)
    assert again is not None
    again.release()


def test_read_only_second_instance(data):
    with Storage(data / "shuzhi.db") as s:
        a = s.create_draft("稿", "正文")
        with Storage(data / "shuzhi.db", read_only=True) as ro:
            assert ro.get_draft(a).body == "正文" and ro.search("正文")[0].draft_id == a
            with pytest.raises(StorageError) as err:
                ro.update_draft_body(a, "改")
            assert err.value.kind == "readonly" and "只读" in str(err.value)


def test_real_readonly_sqlite_error_is_wrapped(store):
    a = store.create_draft("稿", "正文")
    store._conn.close()  # swap in a read-only connection: sqlite itself refuses the write
    store._conn = sqlite3.connect(store.path.resolve().as_uri() + "?mode=ro", uri=True,
                                  isolation_level=None, check_same_thread=False)
    with pytest.raises(StorageError) as err:
        store.update_draft_body(a, "改写")
    assert err.value.kind == "readonly" and "只读" in str(err.value)
    assert isinstance(err.value.__cause__, sqlite3.OperationalError)


@pytest.mark.parametrize("message, kind", [
    ("attempt to write a readonly database", "readonly"),
    ("database or disk is full", "full"),
    ("disk I/O error", "io"),
    ("database is locked", "locked"),
])
def test_sqlite_errors_become_chinese_storage_errors(message, kind):
    err = wrap(sqlite3.OperationalError(message))
    assert err.kind == kind and any("\u4e00" <= ch <= "\u9fff" for ch in str(err))
    assert wrap(PermissionError(13, "denied")).kind == "permission"


def _chmod_effective(folder: Path) -> bool:
    os.chmod(folder, 0o555)
    try:
        (folder / "probe").write_text("x")
    except OSError:
        return True
    (folder / "probe").unlink()
    return False


def test_read_only_folder_raises_storage_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    with Storage(folder / "shuzhi.db") as s:
        a = s.create_draft("稿", "正文")
    try:
        if not _chmod_effective(folder):
            pytest.skip("chmod has no effect (running as root)")
        os.chmod(folder / "shuzhi.db", 0o444)
        with pytest.raises(StorageError) as err:
            with Storage(folder / "shuzhi.db") as s:
                s.update_draft_body(a, "改写")
        assert err.value.kind in {"readonly", "io", "permission"} and "保存" in str(err.value) or "权限" in str(
            err.value)
        fresh = folder / "new"
        with pytest.raises(StorageError):
            open_storage_safely(fresh)
    finally:
        os.chmod(folder, 0o755)
        os.chmod(folder / "shuzhi.db", 0o644)


# ---- backups and damage ----

def test_backup_and_daily_rotation(store, data):
    a = store.create_draft("稿", BODY)
    out = store.backup(data / "out" / "copy.db")
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT body FROM drafts WHERE id = ?", (a,)).fetchone()[0] == BODY
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    (store.backups_dir).mkdir()
    (store.backups_dir / "shuzhi-before-restore-20240101-000000.db").write_bytes(b"keep me")
    day = 86400
    made = [store.daily_backup(now=1_700_000_000 + i * day) for i in range(10)]
    assert all(made) and store.daily_backup(now=1_700_000_000 + 9 * day + 60) is None
    daily = sorted(p.name for p in store.backups_dir.glob("shuzhi-2*.db"))
    assert daily == sorted(p.name for p in made[-7:])
    assert (store.backups_dir / "shuzhi-before-restore-20240101-000000.db").exists()


def _make_db_with_backup(data: Path) -> int:
    with Storage(data / "shuzhi.db") as s:
        a = s.create_draft("重要草稿", BODY * 200)
        for i in range(5):
            s.add_version(a, body=BODY * (200 + i))
        s.daily_backup()
    return a


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_damaged_database_moved_aside_and_backup_offered(data, damage):
    a = _make_db_with_backup(data)
    db = data / "shuzhi.db"
    original = db.read_bytes()
    if damage == "garbage":
        db.write_bytes(os.urandom(50_000))
    else:
        db.write_bytes(original[: len(original) // 2])
    broken = db.read_bytes()
    (data / "shuzhi.db-wal").write_bytes(b"wal left by a crash" * 50)  # kept, moved along
    result = open_storage_safely(data)
    assert result.damaged and "损坏" in result.message and "没有删除" in result.message
    assert result.moved_to[0].name.startswith("shuzhi.db.damaged-") and result.moved_to[0].read_bytes() == broken
    wal = [p for p in result.moved_to if p.name.endswith("-wal")]
    assert wal and wal[0].read_bytes() == b"wal left by a crash" * 50
    assert sorted(p.name for p in data.glob("shuzhi.db*")) == sorted(
        ["shuzhi.db", "shuzhi.db-wal", "shuzhi.db-shm"] + [p.name for p in result.moved_to])
    assert result.backup == list_backups(data)[0] and result.backup.name in result.message
    s = result.storage
    assert s.list_drafts() == [] and s.integrity_check() == ["ok"]
    new = s.create_draft("损坏后新建", "新内容")
    saved = s.restore_from_backup(result.backup)
    assert s.get_draft(a).body == BODY * 204 and saved is not None and saved.exists()
    assert s.get_draft(new) is None or s.get_draft(new).title != "损坏后新建"
    assert s.search("党建工作")[0].draft_id == a
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal" and s.integrity_check() == ["ok"]
    s.close()


def test_open_default_healthy_and_without_backup(data):
    s = open_storage_safely(None).storage
    assert s.path == data / "shuzhi.db" and not s.open_result.damaged and s.open_result.message == ""
    s.close()
    (data / "shuzhi.db").write_bytes(b"not a database at all" * 100)
    s = open_storage_safely(None).storage
    assert s.open_result.damaged and s.open_result.backup is None and "没有找到可用的备份" in s.open_result.message
    s.close()


def test_restore_from_bad_backup_refused(store, data):
    bad = data / "bad.db"
    bad.write_bytes(b"\x00garbage" * 100)
    store.create_draft("保留", "内容")
    with pytest.raises(StorageError) as err:
        store.restore_from_backup(bad)
    assert "备份" in str(err.value) and store.list_drafts()[0].title == "保留"


# ---- text files ----

@pytest.mark.parametrize("raw", [
    "党建工作\r\n第二行".encode(), b"\xef\xbb\xbf" + "党建工作\r\n第二行".encode(),
    "党建工作\r\n第二行".encode("gb18030"), "党建工作\r\n第二行".encode("utf-16"),
    b"\xfe\xff" + "党建工作\r\n第二行".encode("utf-16-be"),
])
def test_decode_text_encodings(raw):
    assert decode_text(raw) == "党建工作\n第二行"


def test_decode_text_utf16_without_bom_and_refusals():
    assert decode_text("Party work report 2024\n党建".encode("utf-16-le")) == "Party work report 2024\n党建"
    with pytest.raises(UnreadableFileError, match="文件为空"):
        decode_text(b"")
    with pytest.raises(UnreadableFileError, match="二进制"):
        decode_text(bytes(range(256)) * 4)
    with pytest.raises(UnreadableFileError, match="二进制"):
        decode_text(b"abc\x01\x02\x03\x04\x05def" * 3)
    assert issubclass(UnreadableFileError, ValueError)


def test_read_text_file_missing(tmp_path):
    with pytest.raises(UnreadableFileError, match="找不到"):
        read_text_file(tmp_path / "none.txt")


# ---- command line ----

def test_cli_in_process(data, capsys):
    src = data / "in.txt"
    src.write_bytes("2024年度述职报告\r\n正文：党建工作".encode("gb18030"))
    assert drafts_cli.main(["import", str(src)]) == 0
    assert "已导入" in capsys.readouterr().out
    assert drafts_cli.main(["drafts", "list", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["title"] == "2024年度述职报告" and rows[0]["year"] == 2024
    draft_id = rows[0]["id"]
    assert drafts_cli.main(["show", str(draft_id), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["body"] == "2024年度述职报告\n正文：党建工作"
    assert drafts_cli.main(["show", str(draft_id)]) == 0 and "标题：2024年度述职报告" in capsys.readouterr().out
    assert drafts_cli.main(["list"]) == 0 and "2024年度述职报告" in capsys.readouterr().out
    assert drafts_cli.main(["export", str(draft_id), str(data / "out.txt")]) == 0
    assert (data / "out.txt").read_text(encoding="utf-8") == "2024年度述职报告\n正文：党建工作\n"
    assert drafts_cli.main(["backup", str(data / "b.db")]) == 0 and (data / "b.db").exists()
    capsys.readouterr()
    assert drafts_cli.main(["show", "999"]) == 2 and "找不到" in capsys.readouterr().err
    (data / "bin.txt").write_bytes(bytes(range(256)))
    assert drafts_cli.main(["import", str(data / "bin.txt")]) == 2 and "二进制" in capsys.readouterr().err
    (data / "empty.txt").write_bytes(b"")
    assert drafts_cli.main(["import", str(data / "empty.txt")]) == 2 and "为空" in capsys.readouterr().err
    assert drafts_cli.main(["bogus"]) == 2


def test_cli_import_docx(data, capsys):
    try:
        import core.wordio.docx_io  # noqa: F401
    except ImportError:
        (data / "a.docx").write_bytes(b"PK\x03\x04")
        assert drafts_cli.main(["import", str(data / "a.docx")]) == 2
        assert "Word" in capsys.readouterr().err
        return
    import docx

    doc = docx.Document()
    doc.add_paragraph("2025年述职报告")
    doc.add_paragraph("正文")
    doc.save(data / "a.docx")
    assert drafts_cli.main(["import", str(data / "a.docx")]) == 0
    assert drafts_cli.main(["list", "--format", "json"]) == 0
    assert "2025年述职报告" in capsys.readouterr().out


def test_cli_subprocess(data):
    with Storage(data / "shuzhi.db") as s:
        s.create_draft("子进程可见", "正文")
    env = {**os.environ, "SHUZHI_DATA_DIR": str(data), "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    out = subprocess.run([sys.executable, "-m", "core", "drafts", "list", "--format", "json"], cwd=ROOT,
                         env=env, capture_output=True, timeout=60)
    assert out.returncode == 0, out.stderr.decode("utf-8", "replace")
    assert json.loads(out.stdout.decode("utf-8"))[0]["title"] == "子进程可见"
    bad = subprocess.run([sys.executable, "-m", "core", "drafts", "show", "42"], cwd=ROOT, env=env,
                         capture_output=True, timeout=60)
    assert bad.returncode == 2 and "找不到" in bad.stderr.decode("utf-8")
