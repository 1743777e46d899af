"""End to end in real processes: ``python -m reader`` and the installed ``sift`` console script."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Ferry timetable changes</title></head>
<body><article><h1>Ferry timetable changes</h1>
<p>From 3 March the morning ferry to the island leaves at 06:40 instead of 07:10, the harbour office said.</p>
<p>Many will surely wonder what the future holds for the crossing.</p>
<p>The evening service keeps its 19:30 departure.</p>
</article></body></html>
"""
NOTES = "Ferry notes\n\nTickets cost 4 euros, or 30 euros for ten trips.\n"
SIFT = Path(sys.executable).parent / "sift"

pytestmark = pytest.mark.slow


def environment(tmp_path: Path) -> dict[str, str]:
    """A clean environment: no SIFT_DB, settings and data folders inside tmp_path, Qt offscreen."""
    env = {k: v for k, v in os.environ.items() if k != "SIFT_DB"}
    env.update(
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        QT_QPA_PLATFORM="offscreen",
        PYTHONIOENCODING="utf-8",
    )
    return env


def run(cmd: list[str], tmp_path: Path, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, capture_output=True, text=True, encoding="utf-8", timeout=120, cwd=tmp_path,
        env=environment(tmp_path), **kw,
    )  # fmt: skip


@pytest.fixture
def sources(tmp_path: Path) -> tuple[Path, Path]:
    page = tmp_path / "ferry.html"
    page.write_text(PAGE, encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES, encoding="utf-8")
    return page, notes


@pytest.mark.parametrize("launcher", ["module", "script"])
def test_add_highlight_export_end_to_end(launcher, tmp_path, sources):
    base = [sys.executable, "-m", "reader"] if launcher == "module" else [str(SIFT)]
    if launcher == "script" and not SIFT.exists():
        pytest.fail(f"the sift console script is not installed at {SIFT} (pip install -e .)")
    db = tmp_path / "lib" / "library.db"
    db.parent.mkdir()
    sift = [*base, "--db", str(db)]
    page, notes = sources

    res = run([*sift, "add", str(page), str(notes)], tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout == "1\tFerry timetable changes\n2\tFerry notes\n"

    res = run(
        [*sift, "highlight", "1", "fact", "--quote", "the morning ferry to the island leaves at 06:40"],
        tmp_path,
    )
    assert res.returncode == 0, res.stderr
    fact_id = res.stdout.strip()
    res = run(
        [*sift, "highlight", "1", "filler", "--quote", "what the future holds", "--note", "=vague"], tmp_path
    )
    assert res.returncode == 0, res.stderr
    res = run([*sift, "highlight", "2", "fact", "--quote", "Tickets cost 4 euros"], tmp_path)
    assert res.returncode == 0, res.stderr

    out = tmp_path / "highlights.csv"
    res = run([*sift, "export", "-o", str(out)], tmp_path)
    assert res.returncode == 0, res.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"article_id,article_url,article_title,highlight_id,label,start,end,exact,")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert [(r["article_id"], r["label"], r["exact"]) for r in rows] == [
        ("1", "fact", "the morning ferry to the island leaves at 06:40"),
        ("1", "filler", "what the future holds"),
        ("2", "fact", "Tickets cost 4 euros"),
    ]
    assert rows[0]["highlight_id"] == fact_id and rows[0]["article_title"] == "Ferry timetable changes"
    assert rows[1]["note"] == "'=vague"  # formula guard on by default
    assert all(r["anchor_status"] == "exact" and r["created_at"] for r in rows)

    res = run([*sift, "add", str(tmp_path / "absent.html")], tmp_path)
    assert res.returncode == 1 and res.stderr.startswith("sift: ") and "Traceback" not in res.stderr
    res = run([*sift, "add"], tmp_path)
    assert res.returncode == 2


def test_default_library_place_and_version(tmp_path, sources):
    page, _ = sources
    res = run([str(SIFT), "--version"], tmp_path)
    assert res.returncode == 0 and res.stdout.startswith("sift ")
    res = run([sys.executable, "-m", "reader", "add", str(page)], tmp_path)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "data" / "sift-reader" / "library.db").exists()
    res = run([sys.executable, "-m", "reader", "extract", str(page)], tmp_path)
    assert res.returncode == 0 and "06:40" in res.stdout


def test_bare_sift_opens_the_window_offscreen(tmp_path):
    db = tmp_path / "gui.db"
    env = environment(tmp_path) | {"SIFT_EXIT_AFTER_PAINT": "1"}
    res = subprocess.run(
        [str(SIFT), "--db", str(db)], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env
    )
    assert res.returncode == 0, res.stderr
    assert "first-paint-ms" in res.stdout
    assert db.exists()
