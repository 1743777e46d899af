"""Run every Sift benchmark: ``python -m bench`` (``SIFT_BENCH_QUICK=1`` for a smoke-sized run)."""

from __future__ import annotations

import importlib

BENCHES: tuple[str, ...] = (
    "extraction",
    "gui",
    "export",
    "reanchor",
    "filler",
    "library",
    "suggest_window",
    "highlights_pane",
)


def main() -> None:
    """Import each bench module listed in BENCHES and call its main()."""
    for name in BENCHES:
        print(f"== bench.{name} ==", flush=True)
        importlib.import_module(f"bench.{name}").main()
        print(flush=True)


if __name__ == "__main__":
    main()
