"""Helpers for tests that look inside a library file from the outside."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def snapshot(db: Path) -> dict[str, int]:
    """Row counts of every table in the library file (read through a separate connection)."""
    con = sqlite3.connect(db)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()
