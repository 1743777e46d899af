"""Highlights in the library: your own layer (paint, erase, notes, undo), other annotators' layers,
anchor status (re-attach, confirm, what needs attention) and the local annotator's name.

Every annotator has a *layer*: within one layer a character carries at most one label (see
:mod:`reader.paint`); layers never affect each other. The library's own (local) annotator is
stored as ``annotator = ''`` and named by :attr:`HighlightsMixin.annotator` (table ``meta``), so
renaming yourself changes no highlight; imported highlights carry their annotator's name.
Orphaned highlights keep their last offsets, into an older version of the text: paint planning,
stats and drawing skip them; they are listed with their quote and note until re-attached.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import Any

from reader import migrations
from reader.errors import InputError, NotFoundError
from reader.migrations import guarded as _guarded
from reader.paint import (
    ORIGINS,
    Change,
    Highlight,
    check_range,
    plan_erase,
    plan_paint,
    utc_now,
)
from reader.store_search import int_array

HL_COLS = (
    'id, article_id, label, start, "end", exact, prefix, suffix, note, created_at, updated_at, '
    "anchor_status, anchor_score, annotator, origin, import_key"
)
ANCHORED = "anchor_status != 'orphaned'"  # SQL: highlights placed in the current text


def row_highlight(row: Sequence[Any]) -> Highlight:
    """A highlight from a row of :data:`HL_COLS`."""
    return Highlight(*row)


class HighlightsMixin:
    """Highlight and annotator methods of :class:`reader.store.Library`."""

    conn: sqlite3.Connection
    path: Path

    def transaction(self) -> AbstractContextManager[None]:  # provided by Library
        raise NotImplementedError

    def _text(self, article_id: int) -> str:  # provided by Library
        raise NotImplementedError

    # ---- annotators -----------------------------------------------------------------------------

    @property
    @_guarded
    def annotator(self) -> str:
        """The local annotator's name (whose highlights paint/erase change; exports name them)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'annotator'").fetchone()
        return row[0] if row else migrations.default_annotator()

    @annotator.setter
    @_guarded
    def annotator(self, name: str) -> None:
        name = " ".join(str(name or "").split())
        if not name or len(name) > 80 or not name.isprintable():
            raise InputError("An annotator name must be 1-80 printable characters; choose another name.")
        with self.transaction():
            used = self.conn.execute(
                "SELECT count(*) FROM highlights WHERE annotator = ?", (name,)
            ).fetchone()
            if used[0]:
                raise InputError(
                    f"{used[0]} imported highlight(s) are by an annotator named {name!r}; "
                    "choose a name of your own."
                )
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES ('annotator', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (name,),
            )

    def layer(self, annotator: str | None) -> str:
        """The stored annotator value for a name: ``""`` for the local annotator (or ``""``/None)."""
        if not annotator or annotator == self.annotator:
            return ""
        return annotator

    @_guarded
    def annotators(self, article_id: int | None = None) -> list[str]:
        """Names of everyone with highlights (in one article or all), the local annotator first."""
        where, params = ("WHERE article_id = ?", (article_id,)) if article_id is not None else ("", ())
        names = [
            n for (n,) in self.conn.execute(f"SELECT DISTINCT annotator FROM highlights {where}", params)
        ]
        local = [self.annotator] if "" in names or not names else []
        return local + sorted(n for n in names if n)

    # ---- highlights ----------------------------------------------------------------------------

    @_guarded
    def highlights(
        self,
        article_id: int | None = None,
        *,
        label: str | None = None,
        annotator: str | None = "",
        orphans: bool = True,
    ) -> list[Highlight]:
        """Highlights of one article (or all) in text order: the local annotator's by default.

        ``annotator``: ``""`` (default) or the local name for your own, another name for that
        annotator's, ``None`` for everyone's. Orphaned highlights keep offsets into an older version
        of the text: list them by quote and note, never draw them by offset; ``orphans=False``
        leaves them out (then every offset of the result fits the current text).
        """
        where, params = ["1"], []
        if article_id is not None:
            where.append("article_id = ?")
            params.append(article_id)
        if label is not None:
            where.append("label = ?")
            params.append(label)
        if annotator is not None:
            where.append("annotator = ?")
            params.append(self.layer(annotator))
        if not orphans:
            where.append(ANCHORED)
        sql = f"SELECT {HL_COLS} FROM highlights WHERE {' AND '.join(where)} ORDER BY article_id, start, id"
        return [row_highlight(r) for r in self.conn.execute(sql, params)]

    @_guarded
    def get_highlight(self, highlight_id: int) -> Highlight:
        """One highlight; NotFoundError if there is none with that id."""
        row = self.conn.execute(f"SELECT {HL_COLS} FROM highlights WHERE id = ?", (highlight_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"There is no highlight {highlight_id} in this library.")
        return row_highlight(row)

    def _near(self, article_id: int, start: int, end: int, layer: str = "") -> list[Highlight]:
        """One annotator's anchored highlights touching ``[start, end]``."""
        sql = (
            f'SELECT {HL_COLS} FROM highlights WHERE article_id = ? AND start <= ? AND "end" >= ? '
            f"AND annotator = ? AND {ANCHORED}"
        )
        return [row_highlight(r) for r in self.conn.execute(sql, (article_id, end, start, layer))]

    def _check_label(self, label: str) -> None:
        if not self.conn.execute("SELECT 1 FROM labels WHERE name = ?", (label,)).fetchone():
            names = ", ".join(n for (n,) in self.conn.execute("SELECT name FROM labels ORDER BY ord"))
            raise InputError(f"There is no label {label!r}; use one of: {names} (or add it first).")

    @_guarded
    def paint(
        self,
        article_id: int,
        start: int,
        end: int,
        label: str,
        *,
        note: str | None = None,
        origin: str = "manual",
    ) -> Change:
        """Give ``[start, end)`` the label in your own highlights (see :mod:`reader.paint`).

        ``origin``: ``manual`` or ``suggested`` (an accepted suggestion). Returns what changed.
        """
        if origin not in ORIGINS:
            raise InputError(f"The origin {origin!r} is not one of {', '.join(ORIGINS)}.")
        with self.transaction():
            text = self._text(article_id)
            self._check_label(label)
            check_range(text, start, end)
            near = self._near(article_id, start, end)
            return self._write(
                plan_paint(text, near, article_id, start, end, label, note=note, origin=origin)
            )

    @_guarded
    def erase(self, article_id: int, start: int, end: int) -> Change:
        """Remove every label of your own from ``[start, end)``; returns what changed."""
        with self.transaction():
            text = self._text(article_id)
            check_range(text, start, end)
            return self._write(plan_erase(text, self._near(article_id, start, end), article_id, start, end))

    @_guarded
    def reattach(self, highlight_id: int, start: int, end: int) -> Change:
        """Place a highlight (typically an orphaned or fuzzy one) on ``[start, end)`` of the current text.

        It is painted there in its annotator's layer (trimming other labels, merging with its own
        label like :meth:`paint`), keeping its id, note, annotator, origin and timestamps when it
        does not merge; it becomes ``exact`` with score 1. Undo with ``apply(change.inverted())``.
        """
        with self.transaction():
            h = self.get_highlight(highlight_id)
            text = self._text(h.article_id)
            check_range(text, start, end)
            near = [x for x in self._near(h.article_id, start, end, h.annotator) if x.id != h.id]
            plan = plan_paint(
                text,
                near,
                h.article_id,
                start,
                end,
                h.label,
                note=h.note,
                origin=h.origin,
                annotator=h.annotator,
            )
            added = tuple(  # the new row (not merged into a neighbour) is the highlight itself
                replace(x, id=h.id, created_at=h.created_at, import_key=h.import_key)
                if x.id is None and x.label == h.label and (x.start, x.end) == (start, end)
                else x
                for x in plan.added
            )
            return self._write(Change(h.article_id, (h, *plan.removed), added))

    @_guarded
    def attention(self, article_id: int | None = None) -> list[Highlight]:
        """Highlights needing a look (``fuzzy`` or ``orphaned``), everyone's, in text order."""
        where, params = "anchor_status != 'exact'", []
        if article_id is not None:
            where += " AND article_id = ?"
            params.append(article_id)
        sql = f"SELECT {HL_COLS} FROM highlights WHERE {where} ORDER BY article_id, start, id"
        return [row_highlight(r) for r in self.conn.execute(sql, params)]

    @_guarded
    def attention_counts(
        self, article_ids: Iterable[int] | None = None, *, annotator: str | None = None
    ) -> dict[int, int]:
        """Article id -> how many of its highlights are ``fuzzy`` or ``orphaned`` (articles with any).

        ``article_ids`` asks about those articles only (a page of the library list: index-only lookups
        in ``highlights_totals``, about 0.1 ms for 200 rows); ``annotator`` is ``None`` (default) for
        everyone's highlights, else as in :meth:`highlights` (``""`` for your own).
        """
        where, params = ["anchor_status != 'exact'"], []
        if article_ids is not None:
            where.append("article_id IN (SELECT value FROM json_each(?))")
            params.append(int_array(article_ids))
        if annotator is not None:
            where.append("annotator = ?")
            params.append(self.layer(annotator))
        sql = f"SELECT article_id, count(*) FROM highlights WHERE {' AND '.join(where)} GROUP BY article_id"
        return dict(self.conn.execute(sql, params).fetchall())

    @_guarded
    def confirm(self, highlight_id: int) -> Change:
        """Accept a ``fuzzy`` highlight where it is (it becomes ``exact``); undoable like paint."""
        with self.transaction():
            h = self.get_highlight(highlight_id)
            if h.anchor_status == "orphaned":
                raise InputError(
                    f"Highlight {highlight_id} is orphaned; select where it belongs to re-attach it."
                )
            if h.anchor_status == "exact":
                return Change(h.article_id)
            done = replace(h, anchor_status="exact", anchor_score=1.0, updated_at=utc_now())
            return self._write(Change(h.article_id, (h,), (done,)))

    @_guarded
    def add_highlights(self, article_id: int, rows: Sequence[Highlight]) -> Change:
        """Insert new rows as they are (an import): anchored ones must fit the text and their layer.

        InputError (and nothing written) if an anchored row is outside the text or overlaps an
        anchored highlight of the same annotator.
        """
        with self.transaction():
            text = self._text(article_id)
            added: list[Highlight] = []
            for h in rows:
                if h.id is not None or h.article_id != article_id:
                    raise InputError("New highlights must have no id and belong to the article given.")
                if h.anchor_status != "orphaned":
                    check_range(text, h.start, h.end)
                    if self._near(article_id, h.start + 1, h.end - 1, h.annotator):
                        raise InputError(
                            f"The highlight {h.start}-{h.end} overlaps another of the same annotator."
                        )
                added.extend(self._write(Change(article_id, (), (h,))).added)
            return Change(article_id, (), tuple(added))

    @_guarded
    def set_note(self, highlight_id: int, note: str) -> Change:
        """Replace a highlight's note."""
        with self.transaction():
            h = self.get_highlight(highlight_id)
            if h.note == note:
                return Change(h.article_id)
            return self._write(Change(h.article_id, (h,), (replace(h, note=note, updated_at=utc_now()),)))

    @_guarded
    def delete_highlight(self, highlight_id: int) -> Change:
        """Delete one highlight."""
        with self.transaction():
            h = self.get_highlight(highlight_id)
            return self._write(Change(h.article_id, (h,), ()))

    @_guarded
    def apply(self, change: Change) -> None:
        """Remove ``change.removed`` and insert ``change.added`` with their ids (undo/redo)."""
        stale = InputError("This change no longer matches the library (it was edited elsewhere); reload it.")
        with self.transaction():
            for h in change.removed:
                row = self.conn.execute(f"SELECT {HL_COLS} FROM highlights WHERE id = ?", (h.id,)).fetchone()
                if row is None or row_highlight(row) != h:
                    raise stale
            gone = {h.id for h in change.removed}
            for h in change.added:
                if h.id is None or h.article_id != change.article_id:
                    raise InputError("Only changes returned by the library can be applied.")
                if (
                    h.id not in gone
                    and self.conn.execute("SELECT 1 FROM highlights WHERE id = ?", (h.id,)).fetchone()
                ):
                    raise stale
            text = self._text(change.article_id)
            for h in change.added:
                if h.anchor_status != "orphaned":  # an orphan's offsets are into an older text
                    check_range(text, h.start, h.end)
            self._write(change)
            overlap = self.conn.execute(
                "SELECT 1 FROM highlights a JOIN highlights b ON b.article_id = a.article_id AND a.id < b.id "
                'AND a.annotator = b.annotator AND a.start < b."end" AND b.start < a."end" '
                "WHERE a.article_id = ? AND a.anchor_status != 'orphaned' AND b.anchor_status != 'orphaned' "
                "LIMIT 1",
                (change.article_id,),
            ).fetchone()
            if overlap:
                raise stale

    def _write(self, change: Change) -> Change:
        """Delete the removed rows and insert the added ones; new rows get ids."""
        from reader.stats import highlight_words  # here: opening the library needs no word counts

        if change.removed:
            self.conn.executemany("DELETE FROM highlights WHERE id = ?", [(h.id,) for h in change.removed])
        added = []
        for h in change.added:
            if h.origin not in ORIGINS:
                raise InputError(f"The origin {h.origin!r} is not one of {', '.join(ORIGINS)}.")
            values = (h.id, h.article_id, h.label, h.start, h.end, h.exact, h.prefix, h.suffix, h.note)
            more = (h.created_at, h.updated_at, h.anchor_status, h.anchor_score, h.annotator, h.origin)
            cur = self.conn.execute(
                'INSERT INTO highlights (id, article_id, label, start, "end", exact, prefix, suffix, note, '
                "created_at, updated_at, anchor_status, anchor_score, annotator, origin, import_key, words) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (*values, *more, h.import_key, highlight_words(h.exact, h.prefix)),
            )
            added.append(h if h.id is not None else replace(h, id=cur.lastrowid))
        return Change(change.article_id, change.removed, tuple(added))
