"""The library: one SQLite file (via sqlite-utils) holding articles, labels and highlights.

Durability: WAL journal with ``synchronous=NORMAL``. A commit is in the WAL (in the OS's
file cache) before a method returns, so anything a method reported as saved survives the
process being killed (``kill -9``); a power cut may roll back the last few commits but never
corrupts the file. Every writing method is one transaction; :meth:`Library.transaction`
groups several into one (nested calls join the outer transaction through a savepoint).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import migrations
from reader.errors import InputError, NotFoundError, StoreError
from reader.migrations import guarded as _guarded
from reader.migrations import store_error
from reader.models import Article, ArticleContent
from reader.paint import (
    Change,
    Highlight,
    utc_now,
)
from reader.store_highlights import ANCHORED, HighlightsMixin
from reader.store_labels import LabelsMixin
from reader.store_search import (
    SNIPPET_CLOSE,
    SNIPPET_OPEN,
    SearchHit,
    SearchMixin,
    parse_tags,
    quote_terms,
    tags_json,
)

if TYPE_CHECKING:
    import sqlite_utils

    from reader.blocks import Block
    from reader.stats import Stats

__all__ = [
    "SNIPPET_CLOSE",
    "SNIPPET_OPEN",
    "Change",
    "Highlight",
    "Library",
    "SearchHit",
    "quote_terms",
    "store_error",
]

_ART_COLS = (
    "id, title, text, blocks, html, url, canonical_url, byline, site_name, published, language, added_at, "
    "fetched_at, text_sha256, word_count, extractor, extractor_version, read, archived, tags"
)


class Library(HighlightsMixin, LabelsMixin, SearchMixin):
    """A Sift library file. Open with ``Library(path)``; close with :meth:`close` or ``with``."""

    @_guarded
    def __init__(self, path: str | Path, *, busy_timeout: float = 5.0) -> None:
        self.path = Path(path).expanduser()
        self._depth = 0
        self.closed = False
        self.backup_path: Path | None = None
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a library file; give a file name.")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"The folder for the library {self.path} cannot be created ({exc.strerror})."
            ) from exc
        conn = sqlite3.connect(str(self.path), timeout=busy_timeout, isolation_level=None)
        self.conn = conn
        self._db: sqlite_utils.Database | None = None
        try:
            migrations.schema_version(conn, self.path)  # refuses foreign/newer files before changing them
            conn.execute("PRAGMA foreign_keys = ON")
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            self.backup_path = migrations.migrate(conn, self.path)
        except BaseException:
            conn.close()
            raise

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils' view of the connection (imported on first use: it is slow to import)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._db

    def close(self) -> None:
        """Close the file."""
        self.conn.close()
        self.closed = True

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One user action: commit at the end, roll back on error; nested calls join the outer one."""
        conn = self.conn
        try:
            if self._depth:
                conn.execute(f"SAVEPOINT sift_{self._depth}")
            else:
                conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise (store_error(exc, self.path) or exc) from exc
        self._depth += 1
        name = f"sift_{self._depth - 1}"
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                if self._depth > 1:
                    conn.execute(f"ROLLBACK TO {name}")
                    conn.execute(f"RELEASE {name}")
                else:
                    conn.execute("ROLLBACK")
            raise
        else:
            try:
                conn.execute(f"RELEASE {name}" if self._depth > 1 else "COMMIT")
            except sqlite3.Error as exc:
                if self._depth == 1 and conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise (store_error(exc, self.path) or exc) from exc
        finally:
            self._depth -= 1

    # ---- articles ------------------------------------------------------------------------------

    @_guarded
    def add_article(
        self,
        content: ArticleContent,
        *,
        url: str | None = None,
        fetched_at: str | None = None,
        tags: Sequence[str] = (),
    ) -> Article:
        """Store an article (its blocks normalized) and return it."""
        blocks, content_cols = content_row(content)
        row: dict[str, Any] = {
            **content_cols,
            "url": url,
            "added_at": utc_now(),
            "fetched_at": fetched_at,
            "read": False,
            "archived": False,
            "tags": _clean_tags(tags),
        }
        cols = list(row)
        values = [tags_json(v) if k == "tags" else v for k, v in row.items()]
        with self.transaction():
            cur = self.conn.execute(
                f"INSERT INTO articles ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", values
            )
        return Article(id=cur.lastrowid, blocks=blocks, **{k: v for k, v in row.items() if k != "blocks"})

    def _article(self, row: Sequence[Any]) -> Article:
        from reader.blocks import blocks_from_json  # here: opening the window needs no article's blocks

        d = dict(zip(_ART_COLS.split(", "), row, strict=True))
        d["blocks"] = blocks_from_json(d["blocks"])
        d["read"], d["archived"] = bool(d["read"]), bool(d["archived"])
        d["tags"] = parse_tags(d["tags"])
        return Article(**d)

    @_guarded
    def get_article(self, article_id: int) -> Article:
        """The stored article; NotFoundError if there is none with that id."""
        row = self.conn.execute(f"SELECT {_ART_COLS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"There is no article {article_id} in this library; `sift list` shows them.")
        return self._article(row)

    @_guarded
    def find_article(self, *, url: str | None = None, text_sha256: str | None = None) -> Article | None:
        """The first article whose url or canonical url is ``url``, else whose text hash matches."""
        row = None
        if url:
            row = self.conn.execute(
                f"SELECT {_ART_COLS} FROM articles WHERE url = ? OR canonical_url = ? ORDER BY id LIMIT 1",
                (url, url),
            ).fetchone()
        if row is None and text_sha256:
            row = self.conn.execute(
                f"SELECT {_ART_COLS} FROM articles WHERE text_sha256 = ? ORDER BY id LIMIT 1", (text_sha256,)
            ).fetchone()
        return self._article(row) if row else None

    @_guarded
    def update_article(
        self,
        article_id: int,
        *,
        read: bool | None = None,
        archived: bool | None = None,
        tags: Sequence[str] | None = None,
        title: str | None = None,
    ) -> None:
        """Change an article's read/archived state, tags or title."""
        changes: dict[str, Any] = {}
        if read is not None:
            changes["read"] = int(read)
        if archived is not None:
            changes["archived"] = int(archived)
        if tags is not None:
            changes["tags"] = tags_json(_clean_tags(tags))
        if title is not None:
            changes["title"] = title.strip()
        with self.transaction():
            self._text(article_id)
            if changes:
                sets = ", ".join(f"{k} = :{k}" for k in changes)
                self.conn.execute(f"UPDATE articles SET {sets} WHERE id = :id", {**changes, "id": article_id})

    @_guarded
    def delete_article(self, article_id: int) -> None:
        """Delete an article and its highlights."""
        with self.transaction():
            if self.conn.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount == 0:
                raise NotFoundError(f"There is no article {article_id} in this library; nothing was deleted.")

    @_guarded
    def article_count(self) -> int:
        """How many articles the library holds."""
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def _text(self, article_id: int) -> str:
        row = self.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"There is no article {article_id} in this library; `sift list` shows them.")
        return row[0]

    # ---- stats -----------------------------------------------------------------------------------

    @_guarded
    def stats(self, article_id: int | None = None, *, annotator: str | None = "") -> Stats:
        """Characters, words and highlights per label, and fact density (one article or all).

        Counts one annotator's anchored highlights (your own by default; ``None``: everyone's).
        """
        from reader.stats import Stats

        where, params = [ANCHORED], []
        if article_id is not None:
            self._text(article_id)
            where.append("article_id = ?")
            params.append(article_id)
        if annotator is not None:
            where.append("annotator = ?")
            params.append(self.layer(annotator))
        rows = self.conn.execute(
            f'SELECT label, sum("end" - start), sum(words), count(*) FROM highlights '
            f"WHERE {' AND '.join(where)} GROUP BY label",
            params,
        ).fetchall()
        names = [n for (n,) in self.conn.execute("SELECT name FROM labels ORDER BY ord, name")]
        return Stats.from_totals(names, rows)


def content_row(content: ArticleContent) -> tuple[list[Block], dict[str, Any]]:
    """Normalized blocks and the article columns derived from content; InputError if it has no text."""
    import hashlib  # here, not at the top: loading OpenSSL slows every start for a rare add

    from reader.blocks import blocks_to_html, blocks_to_json, canonical_text, normalize_blocks
    from reader.stats import count_words

    blocks = normalize_blocks(content.blocks)
    text = canonical_text(blocks)
    if not text.strip():
        raise InputError("This article has no text, so it was not added.")
    return blocks, {
        "title": (content.title or "").strip(),
        "text": text,
        "blocks": blocks_to_json(blocks),
        "html": blocks_to_html(blocks),
        "canonical_url": content.canonical_url,
        "byline": content.byline,
        "site_name": content.site_name,
        "published": content.published,
        "language": content.language,
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "word_count": count_words(text),
        "extractor": content.extractor,
        "extractor_version": content.extractor_version,
    }


def _clean_tags(tags: Sequence[str]) -> list[str]:
    """Stripped, non-empty, de-duplicated tags in their given order."""
    if isinstance(tags, str):
        tags = [tags]
    out: list[str] = []
    for t in tags:
        t = re.sub(r"\s+", " ", str(t)).strip()
        if t and t not in out:
            out.append(t)
    return out
