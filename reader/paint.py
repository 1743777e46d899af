"""Paint and erase as pure plans over an article's highlights (no database).

A character carries at most one label. Painting ``[start, end)`` with a label:

* trims or splits every highlight of *another* label that overlaps the range (a fact
  painted inside a filler paragraph leaves filler | fact | filler); the pieces keep the
  original's note and ``created_at``, the first piece keeps its id, later pieces are new;
* merges the range with every highlight of the *same* label that overlaps or touches it
  into one highlight (the first one's id and ``created_at``; distinct non-empty notes,
  plus the new note, joined with ``"\\n"``).

Erasing trims or splits every highlight overlapping the range. Nothing is snapped to
words or sentences here (the window does that). ``exact``/``prefix``/``suffix`` are always
recomputed from the text for every new or changed row (which makes it ``exact``, score 1). A
:class:`Change` lists exactly the rows removed and added, so applying ``change.inverted()``
restores the previous rows.

Plans work on ONE annotator's layer: the caller passes only that annotator's anchored
highlights (orphaned ones keep offsets into an older text and are never planned over). A piece
keeps its row's annotator, origin and import key (only the piece keeping the id keeps the key);
a merge is ``suggested`` only if every part of it was, else ``manual``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import NamedTuple

from reader.anchors import make_quote
from reader.errors import InputError
from reader.models import Highlight

ORIGINS = ("manual", "suggested", "imported")
STATUSES = ("exact", "fuzzy", "orphaned")


class Change(NamedTuple):  # (not a frozen dataclass: made in a tenth of the time, at every start)
    """The rows one user action removed and added (new rows carry ``id=None`` until stored)."""

    article_id: int
    removed: tuple[Highlight, ...] = ()
    added: tuple[Highlight, ...] = ()

    def inverted(self) -> Change:
        """The change that undoes this one."""
        return Change(self.article_id, self.added, self.removed)

    @property
    def empty(self) -> bool:
        """True when the action changed nothing."""
        return not self.removed and not self.added


def utc_now() -> str:
    """The current time as ISO 8601 UTC with milliseconds and a ``Z``."""
    from datetime import UTC, datetime  # (here: the window's first paint needs no clock)

    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def check_range(text: str, start: int, end: int) -> None:
    """Raise InputError unless ``0 <= start < end <= len(text)``."""
    n = len(text)
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= n):
        raise InputError(
            f"The range {start}-{end} does not fit this article's {n} characters; "
            f"give a start and end with 0 <= start < end <= {n}."
        )


def _piece(text: str, h: Highlight, start: int, end: int, keep_id: bool, now: str) -> Highlight:
    """A trimmed copy of ``h`` covering ``[start, end)``, its quote recomputed."""
    exact, prefix, suffix = make_quote(text, start, end)
    return replace(
        h,
        id=h.id if keep_id else None,
        start=start,
        end=end,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        updated_at=now,
        anchor_status="exact",
        anchor_score=1.0,
        import_key=h.import_key if keep_id else None,
    )


def _cut(text: str, h: Highlight, start: int, end: int, now: str) -> list[Highlight]:
    """The parts of ``h`` left outside ``[start, end)``."""
    spans = []
    if h.start < start:
        spans.append((h.start, start))
    if h.end > end:
        spans.append((end, h.end))
    return [_piece(text, h, s, e, i == 0, now) for i, (s, e) in enumerate(spans)]


def join_notes(notes: Iterable[str | None]) -> str:
    """Distinct non-empty notes, in order, joined with newlines."""
    out: list[str] = []
    for n in notes:
        if n and n not in out:
            out.append(n)
    return "\n".join(out)


def plan_erase(
    text: str, existing: Sequence[Highlight], article_id: int, start: int, end: int, *, now: str | None = None
) -> Change:
    """Remove every label from ``[start, end)``."""
    check_range(text, start, end)
    now = now or utc_now()
    removed, added = [], []
    for h in sorted(existing, key=lambda h: h.start):
        if h.start < end and h.end > start:
            removed.append(h)
            added.extend(_cut(text, h, start, end, now))
    return Change(article_id, tuple(removed), tuple(added))


def plan_paint(
    text: str,
    existing: Sequence[Highlight],
    article_id: int,
    start: int,
    end: int,
    label: str,
    *,
    note: str | None = None,
    now: str | None = None,
    origin: str = "manual",
    annotator: str = "",
) -> Change:
    """Give ``[start, end)`` the ``label``, trimming other labels and merging with the same one.

    A new row gets ``origin`` and ``annotator`` (the layer ``existing`` belongs to).
    """
    check_range(text, start, end)
    if origin not in ORIGINS:
        raise InputError(f"The origin {origin!r} is not one of {', '.join(ORIGINS)}.")
    now = now or utc_now()
    removed: list[Highlight] = []
    added: list[Highlight] = []
    same: list[Highlight] = []
    for h in sorted(existing, key=lambda h: h.start):
        if h.label == label:
            if h.start <= end and h.end >= start:
                same.append(h)
        elif h.start < end and h.end > start:
            removed.append(h)
            added.extend(_cut(text, h, start, end, now))
    new_start = min([start, *(h.start for h in same)])
    new_end = max([end, *(h.end for h in same)])
    joined = join_notes([*(h.note for h in same), note])
    exact, prefix, suffix = make_quote(text, new_start, new_end)
    if not same:
        added.append(
            Highlight(
                None,
                article_id,
                label,
                start,
                end,
                exact,
                prefix,
                suffix,
                joined,
                now,
                now,
                "exact",
                annotator=annotator,
                origin=origin,
            )
        )
    elif not (len(same) == 1 and (same[0].start, same[0].end, same[0].note) == (new_start, new_end, joined)):
        first = same[0]
        origins = {h.origin for h in same} | {origin}
        removed.extend(same)
        added.append(
            replace(
                first,
                origin=origin if len(origins) == 1 else "manual",
                anchor_score=1.0,
                start=new_start,
                end=new_end,
                exact=exact,
                prefix=prefix,
                suffix=suffix,
                note=joined,
                updated_at=now,
                anchor_status="exact",
            )
        )
    return Change(
        article_id,
        tuple(sorted(removed, key=lambda h: h.start)),
        tuple(sorted(added, key=lambda h: h.start)),
    )


def apply_change(rows: Sequence[Highlight], change: Change) -> list[Highlight]:
    """Apply ``change`` to an in-memory list of rows (added rows must have ids); sorted by start."""
    gone = {h.id for h in change.removed}
    out = [h for h in rows if h.id not in gone]
    out.extend(change.added)
    return sorted(out, key=lambda h: h.start)
