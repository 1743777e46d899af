"""The library's paint labels: list, add, recolour, re-key, rename (carrying highlights), remove."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

from reader.errors import InputError, NotFoundError
from reader.migrations import guarded
from reader.models import Label

BUILT_IN = ("fact", "filler")
PALETTE = ("#8ab4f8", "#c58af9", "#f28b82", "#fdd663", "#81c995", "#ff8bcb", "#78d9ec", "#fcad70")
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 40 or any(not ch.isprintable() for ch in name):
        raise InputError("A label name must be 1-40 printable characters; choose another name.")
    return name


def _check_color(color: str) -> str:
    if not _COLOR.fullmatch(color or ""):
        raise InputError(f"The colour {color!r} is not a #rrggbb colour; give one like #7ccf8a.")
    return color.lower()


def _check_key(key: str) -> str | None:
    """One visible character, or ``None`` for an empty key (no shortcut)."""
    if key == "":
        return None
    if len(key) != 1 or not key.isprintable() or key.isspace():
        raise InputError(f"The key {key!r} must be one visible character, such as 3.")
    return key


class LabelsMixin:
    """Label methods of :class:`reader.store.Library`."""

    conn: sqlite3.Connection
    path: Path

    def transaction(self) -> AbstractContextManager[None]:  # provided by Library
        raise NotImplementedError

    def _labels(self) -> Iterator[Label]:
        for name, color, key, order in self.conn.execute(
            "SELECT name, color, key, ord FROM labels ORDER BY ord"
        ):
            yield Label(name, color, key, order)

    @guarded
    def labels(self) -> list[Label]:
        """All labels in their order (``fact`` and ``filler`` first)."""
        return list(self._labels())

    @guarded
    def get_label(self, name: str) -> Label:
        """One label; NotFoundError if it does not exist."""
        row = self.conn.execute("SELECT name, color, key, ord FROM labels WHERE name = ?", (name,)).fetchone()
        if row is None:
            names = ", ".join(lb.name for lb in self._labels())
            raise NotFoundError(f"There is no label {name!r}; use one of: {names} (or add it first).")
        return Label(*row)

    def _check_key_free(self, key: str | None, owner: str | None) -> None:
        if key is None:
            return
        row = self.conn.execute("SELECT name FROM labels WHERE key = ?", (key,)).fetchone()
        if row and row[0] != owner:
            raise InputError(f"The key {key} is already used by the label {row[0]!r}; choose another key.")

    @guarded
    def add_label(self, name: str, *, color: str | None = None, key: str | None = None) -> Label:
        """Add a label (colour picked from a palette and no key unless given)."""
        name = _check_name(name)
        key = _check_key(key) if key is not None else None
        with self.transaction():
            if self.conn.execute("SELECT 1 FROM labels WHERE name = ?", (name,)).fetchone():
                raise InputError(f"A label named {name!r} already exists; choose another name.")
            self._check_key_free(key, None)
            count, last = self.conn.execute("SELECT count(*), coalesce(max(ord), -1) FROM labels").fetchone()
            color = _check_color(color) if color is not None else PALETTE[count % len(PALETTE)]
            self.conn.execute(
                "INSERT INTO labels (name, color, key, ord) VALUES (?, ?, ?, ?)", (name, color, key, last + 1)
            )
        return Label(name, color, key, last + 1)

    @guarded
    def update_label(
        self, name: str, *, new_name: str | None = None, color: str | None = None, key: str | None = None
    ) -> Label:
        """Rename (its highlights follow), recolour or re-key a label; ``key=""`` removes the key."""
        with self.transaction():
            label = self.get_label(name)
            if color is not None:
                label.color = _check_color(color)
            if key is not None:
                label.key = _check_key(key)
                self._check_key_free(label.key, name)
            if new_name is not None and new_name.strip() != name:
                if name in BUILT_IN:
                    raise InputError(
                        f"The built-in label {name!r} cannot be renamed (fact density needs it)."
                    )
                label.name = _check_name(new_name)
                if self.conn.execute("SELECT 1 FROM labels WHERE name = ?", (label.name,)).fetchone():
                    raise InputError(f"A label named {label.name!r} already exists; choose another name.")
            self.conn.execute(
                "UPDATE labels SET name = ?, color = ?, key = ? WHERE name = ?",
                (label.name, label.color, label.key, name),
            )
        return label

    @guarded
    def remove_label(self, name: str, *, force: bool = False) -> None:
        """Remove a label; InputError if highlights use it, unless ``force`` (which deletes them)."""
        with self.transaction():
            self.get_label(name)
            if name in BUILT_IN:
                raise InputError(f"The built-in label {name!r} cannot be removed.")
            (used,) = self.conn.execute("SELECT count(*) FROM highlights WHERE label = ?", (name,)).fetchone()
            if used and not force:
                raise InputError(
                    f"The label {name!r} is used by {used} highlight(s); erase them or force the removal."
                )
            self.conn.execute("DELETE FROM highlights WHERE label = ?", (name,))
            self.conn.execute("DELETE FROM labels WHERE name = ?", (name,))
