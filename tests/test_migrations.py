"""Opening library files: fresh, older schema (fixture), newer, foreign, locked, damaged."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.errors import StoreError
from reader.migrations import APPLICATION_ID, SCHEMA_VERSION
from reader.store import Library

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "library-v1.db"


def pragma(path, name):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def test_fresh_library_is_current_wal_and_has_no_backup(db_path):
    with Library(db_path) as lib:
        assert lib.backup_path is None
        assert lib.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert lib.conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        names = [r[0] for r in lib.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert len(names) == SCHEMA_VERSION
    assert pragma(db_path, "user_version") == SCHEMA_VERSION
    assert pragma(db_path, "application_id") == APPLICATION_ID
    assert pragma(db_path, "journal_mode") == "wal"
    assert list(db_path.parent.glob("*.bak-*")) == []
    with Library(db_path) as lib:  # reopening changes nothing
        assert lib.backup_path is None


def test_v1_fixture_migrates_keeps_data_and_is_backed_up(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURE, path)
    assert pragma(path, "user_version") == 1
    with Library(path) as lib:
        assert lib.backup_path is not None and lib.backup_path.name.startswith("old.db.bak-1-")
        art = lib.get_article(1)
        assert art.title == "Harbour ferry returns" and art.tags == ["transport"]
        hs = lib.highlights(1)
        assert [h.label for h in hs] == ["fact", "filler", "opinion"]
        assert hs[0].note == "checked with the port authority"
        assert [lb.name for lb in lib.labels()] == ["fact", "filler", "opinion"]
        # new features work on migrated data: word counts were backfilled, search indexed old rows
        summary = lib.list_articles()[0]
        assert summary.fact_words == 14 and summary.filler_words == 5
        assert [h.article_id for h in lib.search("ferry")] == [1]
        assert [h.article_id for h in lib.search("authority")] == [1]
        lib.paint(1, 0, 7, "fact")
    assert pragma(path, "user_version") == SCHEMA_VERSION
    backup = next(tmp_path.glob("old.db.bak-1-*"))
    assert pragma(backup, "user_version") == 1 and pragma(backup, "integrity_check") == "ok"
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT count(*) FROM highlights").fetchone()[0] == 3
    conn.close()


def test_failed_migration_changes_nothing(tmp_path, monkeypatch):
    import reader.migrations as m

    path = tmp_path / "old.db"
    shutil.copy(FIXTURE, path)
    before = path.read_bytes()

    def broken(db):
        db.execute("ALTER TABLE highlights ADD COLUMN words INTEGER NOT NULL DEFAULT 0")
        raise RuntimeError("migration bug")

    step = next(x for x in m.MIGRATIONS._migrations if x.name == "v2_word_counts_and_search")
    monkeypatch.setattr(step, "fn", broken)
    with pytest.raises(RuntimeError, match="migration bug"):
        Library(path)
    assert pragma(path, "user_version") == 1
    conn = sqlite3.connect(path)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(highlights)")]
    conn.close()
    assert "words" not in cols and len(before) > 0


def test_newer_schema_is_refused(db_path):
    Library(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(
        StoreError, match=rf"newer version of Sift \(schema {SCHEMA_VERSION + 1}\); update Sift"
    ):
        Library(db_path)


def test_unknown_migration_name_counts_as_newer(db_path):
    Library(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('sift', 'v9_future', 'x')"
    )
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer version of Sift"):
        Library(db_path)


def test_non_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("just some notes, not a database\n" * 50)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a Sift library"):
        Library(path)
    assert path.read_bytes() == before


def test_other_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="SQLite database but not a Sift library"):
        Library(path)


def test_locked_library_gives_store_error(db_path):
    with Library(db_path, busy_timeout=0.3) as lib:
        art_id = lib.conn.execute(
            "INSERT INTO articles (added_at, html, text, blocks, text_sha256) "
            "VALUES ('t', '', 'abc', '[]', 'h')"
        ).lastrowid
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            with Library(db_path, busy_timeout=0.2) as second, pytest.raises(StoreError, match="locked"):
                second.paint(art_id, 0, 2, "fact")
            with pytest.raises(StoreError, match="locked"):
                lib.paint(art_id, 0, 2, "fact")
        finally:
            other.execute("ROLLBACK")
            other.close()
        lib.paint(art_id, 0, 2, "fact")  # usable again once the lock is gone


def test_locked_old_library_cannot_be_migrated(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURE, path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked"):
            Library(path, busy_timeout=0.2)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert pragma(path, "user_version") == 1


def test_damaged_library_gives_store_error(db_path):
    with Library(db_path) as lib:
        lib.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db_path.read_bytes())
    page = 4096
    for i in range(page, len(data)):  # wreck every page after the header page
        data[i] = 0xA5
    db_path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged"), Library(db_path) as lib:
        lib.list_articles()


def test_folder_instead_of_file_is_refused(tmp_path):
    with pytest.raises(StoreError, match="folder"):
        Library(tmp_path)


def test_disk_full_gives_store_error_and_writes_nothing(db_path):
    from reader.blocks import blocks_from_text
    from reader.models import ArticleContent

    with Library(db_path) as lib:
        pages = lib.conn.execute("PRAGMA page_count").fetchone()[0]
        lib.conn.execute(f"PRAGMA max_page_count = {pages + 1}")  # SQLite's own "disk is full" path
        big = ArticleContent(blocks_from_text("word " * 20_000), title="Too big")
        with pytest.raises(StoreError, match="is full; free some space"):
            lib.add_article(big)
        assert lib.article_count() == 0
        lib.conn.execute("PRAGMA max_page_count = 1073741823")
        lib.add_article(ArticleContent(blocks_from_text("Small enough."), title="Fits"))
        assert lib.article_count() == 1


def test_read_only_library_gives_store_error(db_path):
    from reader.blocks import blocks_from_text
    from reader.models import ArticleContent

    with Library(db_path) as lib:
        lib.conn.execute("PRAGMA query_only = 1")  # stands in for a read-only file (root ignores chmod)
        with pytest.raises(StoreError, match="read-only"):
            lib.add_article(ArticleContent(blocks_from_text("Some text."), title="T"))


def test_v1_fixture_gains_versions_annotators_and_origins(tmp_path, monkeypatch):
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "  old  user ")
    path = tmp_path / "old.db"
    shutil.copy(FIXTURE, path)
    with Library(path) as lib:
        assert lib.annotator == "old user"  # the OS user at upgrade time, whitespace tidied
        hs = lib.highlights(1)  # the old rows are the local annotator's, anchored, manual
        assert [(h.annotator, h.origin, h.anchor_score, h.import_key) for h in hs] == [
            ("", "manual", 1.0, None)
        ] * 3
        assert lib.highlights(1, annotator="old user") == hs
        from reader.versions import list_versions, refresh_article

        assert [(v.version, v.current) for v in list_versions(lib, 1)] == [(1, True)]
        art = lib.get_article(1)
        new = art.text.replace("two-year pause", "two-year break")
        from reader.blocks import blocks_from_text
        from reader.models import ArticleContent

        result = refresh_article(lib, 1, ArticleContent(blocks_from_text(new), title=art.title))
        assert (result.version, result.exact + result.fuzzy + result.orphaned) == (2, 3)
        assert lib.highlights(1)[0].anchor_status == "fuzzy"


def test_v3_library_migrates_to_current(tmp_path):
    from sqlite_utils import Database

    from reader.migrations import MIGRATIONS

    path = tmp_path / "v3.db"
    conn = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS.apply(Database(conn, execute_plugins=False), stop_before="v4_versions_and_annotators")
    conn.execute(
        "INSERT INTO articles (id, url, title, added_at, html, text, blocks, text_sha256, word_count) "
        "VALUES (1, 'https://e.org/a', 'A', 't', '', 'Short text here.', '[]', 'h', 3)"
    )
    conn.execute(
        'INSERT INTO highlights (article_id, label, start, "end", exact, prefix, suffix, note, created_at, '
        "updated_at, words) VALUES (1, 'fact', 0, 10, 'Short text', '', ' here.', 'kept', 't', 't', 2)"
    )
    conn.close()
    assert pragma(path, "user_version") == 3
    with Library(path) as lib:
        assert lib.backup_path is not None and lib.backup_path.name.startswith("v3.db.bak-3-")
        (h,) = lib.highlights(1)
        assert (h.note, h.anchor_status, h.anchor_score, h.annotator, h.origin) == (
            "kept",
            "exact",
            1.0,
            "",
            "manual",
        )
        assert lib.list_articles()[0].fact_words == 2
        indexes = {r[1] for r in lib.conn.execute("PRAGMA index_list(highlights)")}
        assert {"highlights_totals", "highlights_import_key"} <= indexes
        lib.annotator = "Ana"
        assert lib.annotator == "Ana"
    assert pragma(path, "user_version") == SCHEMA_VERSION == 5
    with Library(path) as lib:
        assert lib.annotator == "Ana"  # stored in the library


SUGGEST_TABLES = {"suggest_models", "suggest_words", "suggest_examples", "suggest_synced", "suggest_cache"}


def tables(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def test_fresh_library_has_the_suggestion_tables(db_path):
    Library(db_path).close()
    assert tables(db_path) >= SUGGEST_TABLES
    conn = sqlite3.connect(db_path)
    indexes = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    conn.close()
    assert "suggest_examples_seq" in indexes


def test_v1_fixture_reaches_v5_with_a_backup_and_suggestions_work(tmp_path):
    from reader.suggest_store import example_counts, load_model, record_feedback

    path = tmp_path / "old.db"
    shutil.copy(FIXTURE, path)
    assert not SUGGEST_TABLES & tables(path)
    with Library(path) as lib:
        assert lib.backup_path is not None and lib.backup_path.name.startswith("old.db.bak-1-")
        assert load_model(lib).seen == 0
        text = lib.get_article(1).text
        start = text.index("Everyone agrees")
        record_feedback(lib, 1, start, len(text), "filler")
        assert example_counts(lib)["accepted"] == 1
    assert pragma(path, "user_version") == SCHEMA_VERSION == 5
    assert tables(path) >= SUGGEST_TABLES
    assert not SUGGEST_TABLES & tables(lib.backup_path)  # the backup is the file as it was
    assert pragma(lib.backup_path, "user_version") == 1


# What Sift wrote before migration 5: the suggestion tables, created on the first suggestion write.
OLD_SUGGEST_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS suggest_models "
    "(name TEXT PRIMARY KEY, data BLOB NOT NULL, updated_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS suggest_words (learner INTEGER NOT NULL, key INTEGER NOT NULL, "
    "value REAL NOT NULL, PRIMARY KEY (learner, key)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS suggest_examples (article_id INTEGER NOT NULL REFERENCES articles(id) "
    'ON DELETE CASCADE, start INTEGER NOT NULL, "end" INTEGER NOT NULL, label TEXT NOT NULL, '
    "source TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, created_at TEXT NOT NULL, "
    'PRIMARY KEY (article_id, start, "end"))',
    "CREATE INDEX IF NOT EXISTS suggest_examples_seq ON suggest_examples(seq)",
    "CREATE TABLE IF NOT EXISTS suggest_synced (article_id INTEGER PRIMARY KEY REFERENCES articles(id) "
    "ON DELETE CASCADE, fingerprint TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS suggest_cache (text_sha256 TEXT NOT NULL, model TEXT NOT NULL, "
    "fact_words INTEGER NOT NULL, filler_words INTEGER NOT NULL, fact_sentences INTEGER NOT NULL, "
    "filler_sentences INTEGER NOT NULL, PRIMARY KEY (text_sha256, model))",
)
ARTICLE = (
    "Harlow Mills said on Tuesday it will close its Brent Road plant in March, cutting 120 jobs.\n"
    "It is worth noting that change is never easy for a community."
)


def _v4_library_with_suggestions(path, source) -> None:
    """A schema-4 file whose suggestion tables hold the rows of ``source`` (a current library)."""
    from sqlite_utils import Database

    from reader.migrations import MIGRATIONS

    conn = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS.apply(Database(conn, execute_plugins=False), stop_before="v5_suggestion_tables")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
    for sql in OLD_SUGGEST_SCHEMA:
        conn.execute(sql)
    conn.execute("ATTACH DATABASE ? AS src", (str(source),))
    conn.execute("BEGIN")
    for table in ("articles", "highlights", *sorted(SUGGEST_TABLES)):
        cols = [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]
        names = ", ".join(f'"{c}"' for c in cols)
        conn.execute(f"INSERT INTO main.{table} ({names}) SELECT {names} FROM src.{table}")
    conn.execute("COMMIT")
    conn.execute("DETACH DATABASE src")
    conn.close()


def test_v4_library_with_suggestion_data_upgrades_keeping_it(tmp_path):
    from reader.blocks import blocks_from_text
    from reader.models import ArticleContent
    from reader.suggest_store import (
        example_counts,
        load_examples,
        load_model,
        model_key,
        record_feedback,
        rejected_spans,
        relearn,
        sync_examples,
    )

    source = tmp_path / "source.db"
    with Library(source) as lib:
        content = ArticleContent(blocks_from_text(ARTICLE.replace("\n", "\n\n")), title="Mills")
        aid = lib.add_article(content, url="https://www.harlow-news.example/mills").id
        text = lib.get_article(aid).text
        first = text.index("\n")
        lib.paint(aid, 0, first, "fact")
        relearn(lib)  # the highlight becomes an example and the model is stored
        record_feedback(lib, aid, first + 1, len(text), "fact", accepted=False)  # so: filler
        before = (load_model(lib).seen, example_counts(lib), model_key(lib), rejected_spans(lib, aid))
        cache = lib.conn.execute("INSERT INTO suggest_cache VALUES ('sha', 'm', 1, 2, 3, 4)").rowcount
    assert cache == 1 and before[0] == 2
    path = tmp_path / "v4.db"
    _v4_library_with_suggestions(path, source)
    with Library(path) as lib:
        assert lib.backup_path is not None and lib.backup_path.name.startswith("v4.db.bak-4-")
        assert (load_model(lib).seen, example_counts(lib), model_key(lib), rejected_spans(lib, aid)) == before
        assert len(load_examples(lib)) == 2
        assert lib.conn.execute("SELECT * FROM suggest_cache").fetchall() == [("sha", "m", 1, 2, 3, 4)]
        assert sync_examples(lib) == 0  # the synced fingerprints came along: nothing to redo
        names = [r[0] for r in lib.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert names[-1] == "v5_suggestion_tables"
    assert pragma(path, "user_version") == 5
    backup = next(tmp_path.glob("v4.db.bak-4-*"))
    assert pragma(backup, "user_version") == 4 and pragma(backup, "integrity_check") == "ok"
