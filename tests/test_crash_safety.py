"""kill -9 a writer at random moments: the file stays sound and every acknowledged highlight is there."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from reader.store import Library

WRITER = Path(__file__).resolve().parent / "crash_writer.py"
KILLS = 110


def acked_ids(out: Path) -> set[int]:
    """Ids on complete lines (a line cut by the kill was never acknowledged)."""
    lines = out.read_text().split("\n")[:-1] if out.exists() else []
    return {int(x) for x in lines}


def wait_for_first_ack(out: Path, limit: float = 20.0) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if out.exists() and b"\n" in out.read_bytes():
            return
        time.sleep(0.001)
    raise AssertionError(f"the writer acknowledged nothing within {limit} s")


@pytest.mark.slow
def test_acknowledged_highlights_survive_kill_9(tmp_path, python_exe):
    db = tmp_path / "crash.db"
    rng = random.Random(20240501)
    server = subprocess.Popen(
        [python_exe, str(WRITER), "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    acked: set[int] = set()
    mid_paint = 0
    try:
        for i in range(KILLS):
            out = tmp_path / f"acks-{i}.txt"
            server.stdin.write(f"run {db} {rng.randrange(10**6)} {out}\n")
            server.stdin.flush()
            pid = int(server.stdout.readline())
            if i % 5 == 0:  # anywhere, including while the library is being created or opened
                time.sleep(rng.uniform(0, 0.03))
            else:  # while it is painting
                wait_for_first_ack(out)
                mid_paint += 1
                time.sleep(rng.uniform(0, 0.02))
            os.kill(pid, signal.SIGKILL)
            server.stdin.write(f"reap {pid}\n")
            server.stdin.flush()
            status = int(server.stdout.readline())
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, "writer died by itself"
            acked |= acked_ids(out)
            if not db.exists():
                continue
            conn = sqlite3.connect(db)
            try:
                assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
                created = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'highlights'").fetchone()
                present = {r[0] for r in conn.execute("SELECT id FROM highlights")} if created else set()
            finally:
                conn.close()
            missing = acked - present
            assert not missing, f"after kill {i + 1}: acknowledged highlights lost: {sorted(missing)[:10]}"
    finally:
        server.stdin.close()
        server.wait(timeout=10)
    assert mid_paint >= 80 and len(acked) > KILLS
    with Library(db) as lib:  # still opens as a current library, and the search index agrees
        assert {h.id for h in lib.highlights()} >= acked
        assert lib.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert lib.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')").rowcount
        lib.conn.execute("INSERT INTO highlights_fts(highlights_fts) VALUES('integrity-check')")
        assert lib.list_articles()[0].highlight_count > 0
