"""The library file's safety: schema migrations (sqlite-utils ``Migrations``), version checks,
backups before migrating, and the user-facing errors for SQLite failures.

Each migration runs in one transaction together with its record in ``_sqlite_migrations``
(sqlite-utils' built-in facility) and sets ``PRAGMA user_version`` to its number, so the
schema version is readable without touching any table. ``PRAGMA application_id`` marks the
file as Sift's. A migration, once released, is never edited: add a new one instead.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reader.errors import StoreError

if TYPE_CHECKING:  # sqlite-utils is imported only when a file needs migrating (it is slow to import)
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

T = TypeVar("T")
APPLICATION_ID = 0x53696674  # "Sift"
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"


def v1_initial(db: Database) -> None:
    """Articles, labels (with the defaults) and highlights."""
    for sql in (
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            url TEXT, canonical_url TEXT, title TEXT NOT NULL DEFAULT '', byline TEXT, site_name TEXT,
            published TEXT, language TEXT, added_at TEXT NOT NULL, fetched_at TEXT,
            html TEXT NOT NULL, text TEXT NOT NULL, blocks TEXT NOT NULL, text_sha256 TEXT NOT NULL,
            word_count INTEGER NOT NULL DEFAULT 0, extractor TEXT NOT NULL DEFAULT '',
            extractor_version TEXT NOT NULL DEFAULT '', read INTEGER NOT NULL DEFAULT 0,
            archived INTEGER NOT NULL DEFAULT 0, tags TEXT NOT NULL DEFAULT '[]')""",
        "CREATE INDEX articles_url ON articles(url)",
        "CREATE INDEX articles_canonical_url ON articles(canonical_url)",
        "CREATE INDEX articles_text_sha256 ON articles(text_sha256)",
        """CREATE TABLE labels (
            name TEXT PRIMARY KEY, color TEXT NOT NULL, key TEXT, ord INTEGER NOT NULL DEFAULT 0)""",
        "CREATE UNIQUE INDEX labels_key ON labels(key) WHERE key IS NOT NULL",
        """CREATE TABLE highlights (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            exact TEXT NOT NULL, prefix TEXT NOT NULL DEFAULT '', suffix TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
            anchor_status TEXT NOT NULL DEFAULT 'exact',
            CHECK (start >= 0 AND "end" > start))""",
        "CREATE INDEX highlights_article_start ON highlights(article_id, start)",
        "CREATE INDEX highlights_label ON highlights(label)",
        "INSERT INTO labels (name, color, key, ord) VALUES ('fact', '#7ccf8a', '1', 0), "
        "('filler', '#f2b36b', '2', 1)",
        f"PRAGMA application_id = {APPLICATION_ID}",
    ):
        db.execute(sql)


def v2_word_counts_and_search(db: Database) -> None:
    """Per-highlight word counts (so list stats are SUMs) and FTS5 over title, text and notes."""
    from reader.stats import highlight_words

    db.execute("ALTER TABLE highlights ADD COLUMN words INTEGER NOT NULL DEFAULT 0")
    rows = db.execute("SELECT id, exact, prefix FROM highlights").fetchall()
    db.conn.executemany(
        "UPDATE highlights SET words = ? WHERE id = ?", [(highlight_words(e, p), i) for i, e, p in rows]
    )
    db["articles"].enable_fts(["title", "text"], create_triggers=True, tokenize=FTS_TOKENIZE)
    db["highlights"].enable_fts(["note"], create_triggers=True, tokenize=FTS_TOKENIZE)
    # Title matches weigh more than body matches; `ORDER BY rank` uses this.
    db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('rank', 'bm25(5.0, 1.0)')")


def v3_list_indexes(db: Database) -> None:
    """Covering indexes so the library list never reads article bodies or highlight quotes."""
    db.execute(
        "CREATE INDEX articles_list ON articles(archived, added_at, id, read, title, url, site_name, "
        "published, word_count, tags)"
    )
    db.execute("CREATE INDEX highlights_totals ON highlights(article_id, label, words)")


def v4_versions_and_annotators(db: Database) -> None:
    """Kept article versions; per-highlight anchor score, annotator, origin and import identity; meta.

    ``highlights.annotator`` is ``''`` for the library's own (local) annotator, whose name lives in
    ``meta`` (key ``annotator``), so renaming yourself never touches a highlight; other annotators'
    (imported) highlights carry their name. ``origin`` is ``manual``, ``suggested`` or ``imported``
    (from a file that did not say). ``import_key`` identifies an imported annotation so that a second
    import never duplicates it. Orphaned highlights keep their last offsets (into an older version).
    """
    for sql in (
        """CREATE TABLE article_versions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            version INTEGER NOT NULL, added_at TEXT NOT NULL, fetched_at TEXT,
            title TEXT NOT NULL DEFAULT '', html TEXT NOT NULL, text TEXT NOT NULL, blocks TEXT NOT NULL,
            text_sha256 TEXT NOT NULL, word_count INTEGER NOT NULL DEFAULT 0,
            extractor TEXT NOT NULL DEFAULT '', extractor_version TEXT NOT NULL DEFAULT '',
            UNIQUE (article_id, version))""",
        "ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE articles ADD COLUMN version_added_at TEXT",  # NULL: the first version (added_at)
        "ALTER TABLE highlights ADD COLUMN anchor_score REAL NOT NULL DEFAULT 1.0",
        "ALTER TABLE highlights ADD COLUMN annotator TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE highlights ADD COLUMN origin TEXT NOT NULL DEFAULT 'manual'",
        "ALTER TABLE highlights ADD COLUMN import_key TEXT",
        "CREATE UNIQUE INDEX highlights_import_key ON highlights(article_id, import_key) "
        "WHERE import_key IS NOT NULL",
        # list totals count the local annotator's anchored highlights only
        "DROP INDEX highlights_totals",
        "CREATE INDEX highlights_totals ON highlights(article_id, annotator, anchor_status, label, words)",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ):
        db.execute(sql)
    db.execute("INSERT INTO meta (key, value) VALUES ('annotator', ?)", [default_annotator()])


def v5_suggestion_tables(db: Database) -> None:
    """The user's suggestion model, its examples and caches (see :mod:`reader.suggest_store`).

    Libraries written before this migration may already hold these tables (Sift created them on the
    first suggestion write): they are kept as they are, with their data.
    """
    for sql in (
        "CREATE TABLE IF NOT EXISTS suggest_models "
        "(name TEXT PRIMARY KEY, data BLOB NOT NULL, updated_at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS suggest_words (learner INTEGER NOT NULL, key INTEGER NOT NULL, "
        "value REAL NOT NULL, PRIMARY KEY (learner, key)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS suggest_examples (article_id INTEGER NOT NULL REFERENCES articles(id) "
        'ON DELETE CASCADE, start INTEGER NOT NULL, "end" INTEGER NOT NULL, label TEXT NOT NULL, '
        "source TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, created_at TEXT NOT NULL, "
        'PRIMARY KEY (article_id, start, "end"))',
        "CREATE INDEX IF NOT EXISTS suggest_examples_seq ON suggest_examples(seq)",
        "CREATE TABLE IF NOT EXISTS suggest_synced (article_id INTEGER PRIMARY KEY "
        "REFERENCES articles(id) ON DELETE CASCADE, fingerprint TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS suggest_cache (text_sha256 TEXT NOT NULL, model TEXT NOT NULL, "
        "fact_words INTEGER NOT NULL, filler_words INTEGER NOT NULL, fact_sentences INTEGER NOT NULL, "
        "filler_sentences INTEGER NOT NULL, PRIMARY KEY (text_sha256, model))",
    ):
        db.execute(sql)


def default_annotator() -> str:
    """The operating-system user name, or ``"me"`` when it cannot be found."""
    try:
        import getpass  # (here: the window starts without it)

        name = " ".join(getpass.getuser().split())
    except (OSError, KeyError, ImportError):
        name = ""
    return name or "me"


STEPS: tuple[Callable[[Database], None], ...] = (
    v1_initial,
    v2_word_counts_and_search,
    v3_list_indexes,
    v4_versions_and_annotators,
    v5_suggestion_tables,
)
SCHEMA_VERSION = len(STEPS)
KNOWN = {fn.__name__ for fn in STEPS}


def _versioned(number: int, fn: Callable[[Database], None]) -> Callable[[Database], None]:
    """Wrap a step so it also sets ``PRAGMA user_version`` inside its transaction."""

    def step(db: Database) -> None:
        fn(db)
        db.execute(f"PRAGMA user_version = {number}")

    step.__name__ = fn.__name__
    return step


@cache
def migrations() -> Migrations:
    """sqlite-utils' ``Migrations("sift")`` holding every step (built on first use)."""
    from sqlite_utils.migrations import Migrations

    steps = Migrations("sift")
    for n, fn in enumerate(STEPS, start=1):
        steps(name=fn.__name__)(_versioned(n, fn))
    return steps


def __getattr__(name: str) -> Any:
    """``MIGRATIONS``: the same as :func:`migrations` (kept for callers of the earlier name)."""
    if name == "MIGRATIONS":
        return migrations()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def schema_version(db: Database | sqlite3.Connection, path: Path) -> int:
    """The schema version of an open file: 0 for an empty file; StoreError for newer or foreign files."""
    conn = db.conn if hasattr(db, "conn") else db
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id != APPLICATION_ID:
        if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
            return 0
        raise StoreError(
            f"{path} is an SQLite database but not a Sift library; choose another file with --db or SIFT_DB."
        )
    unknown = set()
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'").fetchone():
        applied = conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = 'sift'").fetchall()
        unknown = {name for (name,) in applied} - KNOWN
    if version > SCHEMA_VERSION or unknown:
        newer = max(version, SCHEMA_VERSION + 1)
        raise StoreError(
            f"This library was written by a newer version of Sift (schema {newer}); update Sift to open it."
        )
    return version


def backup(path: Path, version: int) -> Path:
    """Copy the database to ``<name>.bak-<version>-<UTC timestamp>`` with SQLite's backup API."""
    from datetime import UTC, datetime

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.bak-{version}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.bak-{version}-{stamp}-{n}")
    # A second connection reads the file: the caller holds the write lock, so nothing changes meanwhile
    # (the backup API refuses a source connection that is itself writing).
    source = sqlite3.connect(str(path))
    dest = sqlite3.connect(str(target))
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    return target


def migrate(db: Database | sqlite3.Connection, path: Path) -> Path | None:
    """Bring the file to SCHEMA_VERSION (backing up a non-empty older file first); return the backup path."""
    if schema_version(db, path) == SCHEMA_VERSION:
        return None
    if not hasattr(db, "conn"):
        from sqlite_utils import Database

        db = Database(db, execute_plugins=False)
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")  # the whole upgrade is one transaction, and only one process runs it
    try:
        version = schema_version(db, path)
        saved = None
        if version < SCHEMA_VERSION:
            if version > 0:
                saved = backup(path, version)
            migrations().apply(db)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return saved


def store_error(exc: sqlite3.Error, path: Path) -> StoreError | None:
    """The user-facing error for an SQLite failure the user can act on, or ``None`` for a bug."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    msg = str(exc).lower()
    if primary in (5, 6) or "database is locked" in msg:
        return StoreError(
            f"The library {path} is locked by another program (perhaps another Sift); "
            "close it or try again in a moment."
        )
    if primary == 13 or "disk is full" in msg:
        return StoreError(f"The disk holding the library {path} is full; free some space and try again.")
    if primary == 26 or "not a database" in msg:
        return StoreError(
            f"{path} is not a Sift library (it is not an SQLite database); choose another file."
        )
    if primary == 11 or "malformed" in msg:
        return StoreError(
            f"The library {path} is damaged; restore it from a backup (Sift keeps .bak- copies beside it)."
        )
    if primary == 8 or "readonly" in msg:
        return StoreError(f"The library {path} is read-only; check its permissions or choose another file.")
    if primary == 14 or "unable to open" in msg:
        return StoreError(
            f"The library {path} cannot be opened; check that its folder exists and is writable."
        )
    if primary == 10 or "disk i/o error" in msg:
        return StoreError(f"Reading or writing the library {path} failed (disk error); check the disk.")
    return None


def guarded(fn: Callable[..., T]) -> Callable[..., T]:
    """Turn SQLite failures the user can act on into StoreError; anything else propagates."""

    @functools.wraps(fn)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> T:
        try:
            return fn(self, *args, **kwargs)
        except sqlite3.Error as exc:
            err = store_error(exc, self.path)
            if err is None:
                raise
            raise err from exc

    return wrapper
