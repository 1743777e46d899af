"""Helper for test_crash_safety: paints disjoint highlights forever, printing each id after its commit.

``python tests/crash_writer.py LIBRARY.db SEED`` runs one writer. ``--serve`` is a fork server
(imports once, so a hundred kills stay fast): each stdin line ``run DB SEED OUTFILE`` forks a
writer whose stdout is OUTFILE and prints its pid; ``reap PID`` waits for it. Ranges never touch
(one character apart), so no later paint merges or trims an acknowledged highlight.
"""

from __future__ import annotations

import os
import random
import sys

from reader.blocks import Block
from reader.models import ArticleContent
from reader.store import Library

TEXT = " ".join(f"w{i % 10}" for i in range(600))  # 1,799 characters


def next_spot(lib: Library) -> tuple[int, int]:
    """The article to paint and the first free offset in it (a new article when the last is full)."""
    row = lib.conn.execute(
        'SELECT a.id, coalesce(max(h."end"), -1) FROM articles a '
        "LEFT JOIN highlights h ON h.article_id = a.id "
        "GROUP BY a.id ORDER BY a.id DESC LIMIT 1"
    ).fetchone()
    if row is None or row[1] + 3 > len(TEXT):
        art = lib.add_article(ArticleContent([Block("paragraph", TEXT)], title="Crash test"))
        return art.id, 0
    return row[0], row[1] + 1


def write(path: str, seed: int) -> None:
    """Paint until killed."""
    lib = Library(path)
    rng = random.Random(seed)
    out = sys.stdout
    while True:
        aid, pos = next_spot(lib)
        if rng.random() < 0.3:  # several paints in one transaction, acknowledged after the commit
            ids = []
            with lib.transaction():
                for _ in range(3):
                    if pos + 1 > len(TEXT):
                        break
                    ids.append(lib.paint(aid, pos, pos + 1, "fact").added[0].id)
                    pos += 2
        else:
            h = lib.paint(aid, pos, pos + 1, rng.choice(("fact", "filler")), note=f"note {pos}").added[0]
            ids = [h.id]
            if rng.random() < 0.3:
                lib.set_note(h.id, f"changed {pos}")
        for i in ids:
            out.write(f"{i}\n")
        out.flush()


def serve() -> None:
    """Fork one writer per ``run`` command; ``reap`` collects it after the parent killed it."""
    for line in sys.stdin:
        cmd, *args = line.split()
        if cmd == "run":
            path, seed, out_path = args
            pid = os.fork()
            if pid == 0:
                fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                os.dup2(fd, 1)
                sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
                try:
                    write(path, int(seed))
                finally:
                    os._exit(1)
            print(pid, flush=True)
        elif cmd == "reap":
            _, status = os.waitpid(int(args[0]), 0)
            print(status, flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        serve()
    else:
        write(sys.argv[1], int(sys.argv[2]))
