"""Export highlights as CSV (one row per highlight), W3C Web Annotation JSON or Markdown.

Every exporter streams its rows from ONE SQL query (highlights joined to their article), so the
cost per highlight stays close to a bare ``csv.writer`` loop. Rows come out ordered by article id,
then start offset.

CSV: the columns of :data:`CSV_COLUMNS`: issue 2's fourteen (:data:`CORE_COLUMNS`), then the anchor
score, the annotator's name, the origin (``manual``, ``suggested`` or ``imported``) and the article
text's SHA-256 (so an import can find the article by its text). UTF-8, RFC 4180 quoting (``\\r\\n``
between records, newlines inside a cell kept inside quotes). ``excel=True`` writes a byte-order
mark first so that Excel reads UTF-8. The formula guard (on by default) puts a ``'`` before every
text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, so a spreadsheet
never runs a cell as a formula; numbers (ids, offsets, scores) are never guarded.
The guard runs inside SQLite.

JSON: see :mod:`reader.export_json` (an ``AnnotationCollection`` of W3C Web Annotations).
Markdown: see :mod:`reader.export_md`.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from reader.store import Library

CORE_COLUMNS = (
    "article_id",
    "article_url",
    "article_title",
    "highlight_id",
    "label",
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "note",
    "created_at",
    "updated_at",
    "anchor_status",
)
CSV_COLUMNS = (*CORE_COLUMNS, "anchor_score", "annotator", "origin", "text_sha256")
FORMATS = ("csv", "json", "md")
GUARD_CHARS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"

# Column name -> SQL expression over highlights ``h`` joined to articles ``a``; text columns are
# marked True (they get the formula guard).
_SQL_COLUMNS: tuple[tuple[str, bool], ...] = (
    ("h.article_id", False),
    ("COALESCE(a.url, a.canonical_url)", True),
    ("a.title", True),
    ("h.id", False),
    ("h.label", True),
    ("h.start", False),
    ('h."end"', False),
    ("h.exact", True),
    ("h.prefix", True),
    ("h.suffix", True),
    ("h.note", True),
    ("h.created_at", True),
    ("h.updated_at", True),
    ("h.anchor_status", True),
    ("h.anchor_score", False),
    ("coalesce(nullif(h.annotator, ''), :me)", True),
    ("h.origin", True),
    ("a.text_sha256", True),
)
_GUARD_SQL = "CASE WHEN unicode({e}) IN (61, 43, 45, 64, 9, 13) THEN '''' || {e} ELSE {e} END"


def guard_cell(value: str) -> str:
    """Return ``value`` with a leading ``'`` if a spreadsheet could read it as a formula."""
    return "'" + value if value.startswith(GUARD_CHARS) else value


def _select(formula_guard: bool) -> str:
    """The SELECT list of the export query, with the guard applied to text columns if asked."""
    parts = []
    for expr, is_text in _SQL_COLUMNS:
        parts.append(_GUARD_SQL.format(e=expr) if formula_guard and is_text else expr)
    return ", ".join(parts)


@contextmanager
def store_errors(library: Library) -> Iterator[None]:
    """Turn an SQLite failure the user can act on (locked, damaged, ...) into StoreError while exporting."""
    try:
        yield
    except sqlite3.Error as exc:
        from reader.migrations import store_error

        err = store_error(exc, library.path)
        if err is None:
            raise
        raise err from exc


def check_filters(library: Library, article_id: int | None, label: str | None) -> None:
    """Raise NotFoundError when the article or label to export does not exist."""
    if article_id is not None:
        library.get_article(article_id)
    if label is not None:
        library.get_label(label)


def highlight_rows(
    library: Library,
    *,
    article_id: int | None = None,
    label: str | None = None,
    formula_guard: bool = False,
    annotator: str | None = None,
) -> Iterator[tuple]:
    """Stream export rows (in :data:`CSV_COLUMNS` order) from one joined query.

    Everyone's highlights (the local annotator's named as such), or only ``annotator``'s.
    """
    where: list[str] = []
    params: dict[str, object] = {"me": library.annotator}
    if article_id is not None:
        where.append("h.article_id = :article")
        params["article"] = article_id
    if label is not None:
        where.append("h.label = :label")
        params["label"] = label
    if annotator is not None:
        where.append("h.annotator = :layer")
        params["layer"] = library.layer(annotator)
    sql = (
        f"SELECT {_select(formula_guard)} FROM highlights h JOIN articles a ON a.id = h.article_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY h.article_id, h.start, h.id"
    )
    return library.db.conn.execute(sql, params)


def export_csv(
    library: Library,
    out: TextIO,
    *,
    article_id: int | None = None,
    label: str | None = None,
    excel: bool = False,
    formula_guard: bool = True,
) -> int:
    """Write one CSV row per highlight to ``out`` (open it with ``newline=""``); return the row count."""
    check_filters(library, article_id, label)
    if excel:
        out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    counter = _Counter(
        highlight_rows(library, article_id=article_id, label=label, formula_guard=formula_guard)
    )
    writer.writerows(counter)
    return counter.n


class _Counter:
    """Iterate rows while counting them (keeps ``writerows`` on its fast C path)."""

    __slots__ = ("it", "n")

    def __init__(self, rows: Iterator[tuple]) -> None:
        self.it = iter(rows)
        self.n = 0

    def __iter__(self) -> _Counter:
        return self

    def __next__(self) -> tuple:
        row = next(self.it)
        self.n += 1
        return row


def export_json(
    library: Library,
    out: TextIO,
    *,
    article_id: int | None = None,
    label: str | None = None,
    articles: bool = True,
) -> int:
    """Write a W3C Web Annotation collection to ``out``; return the number of annotations.

    ``articles``: embed each annotated article (URL, title, hash, blocks) so that an import into
    another library can create the article (see :mod:`reader.export_json`).
    """
    from reader.export_json import article_records, label_records, write_collection

    check_filters(library, article_id, label)
    extra: dict[str, object] = {"sift:labels": label_records(library)}
    if articles:
        extra["sift:articles"] = article_records(library, article_id=article_id, label=label)
    return write_collection(
        out, highlight_rows(library, article_id=article_id, label=label), article_id, label, extra=extra
    )


def export_markdown(
    library: Library, out: TextIO, *, article_id: int | None = None, label: str | None = None
) -> int:
    """Write a Markdown digest of your own highlights (per article: title, link, density, facts, filler)."""
    from reader.export_md import write_markdown

    check_filters(library, article_id, label)
    rows = highlight_rows(library, article_id=article_id, label=label, annotator="")
    return write_markdown(library, out, rows, article_id)


def export(
    library: Library,
    out: TextIO,
    fmt: str,
    *,
    article_id: int | None = None,
    label: str | None = None,
    excel: bool = False,
    formula_guard: bool = True,
    articles: bool = True,
) -> int:
    """Dispatch to the exporter for ``fmt`` (csv, json or md); return the number of highlights.

    ``articles``: JSON only, embed the annotated articles' text (on by default).
    """
    with store_errors(library):
        if fmt == "csv":
            return export_csv(
                library, out, article_id=article_id, label=label, excel=excel, formula_guard=formula_guard
            )
        if fmt == "json":
            return export_json(library, out, article_id=article_id, label=label, articles=articles)
        if fmt == "md":
            return export_markdown(library, out, article_id=article_id, label=label)
    raise ValueError(f"unknown export format {fmt!r}")
