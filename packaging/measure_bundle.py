"""Size and start time of the bundle (dist/sift) beside the plain venv's `sift`, measured in one run.

Usage: .venv/bin/python packaging/measure_bundle.py [RUNS]   (after `make bundle`; default 7 runs each,
alternating bundle and venv so both see the same machine load). Prints medians and minimums of:
`sift --version` wall time, and first paint (SIFT_EXIT_AFTER_PAINT=1 → "first-paint-ms N") offscreen
and on X11 (Xvfb), on an existing library holding the sample article.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "sift" / "sift"
VENV = ROOT / ".venv" / "bin" / "sift"


def du(path: Path) -> str:
    """Human-readable disk usage, as `du -sh` prints it."""
    return subprocess.run(["du", "-sh", str(path)], capture_output=True, text=True).stdout.split()[0]


def runtime_install_mb() -> tuple[float, int]:
    """MB and count of the distributions `pip install sift-reader` needs (its requirement closure)."""
    import importlib.metadata as md
    import re

    seen: set[str] = set()
    todo = ["sift-reader"]
    total = 0
    while todo:
        name = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if name in seen:
            continue
        seen.add(name)
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        total += sum(f.size or 0 for f in dist.files or [] if name != "sift-reader")
        for req in dist.requires or []:
            if "extra ==" in req:
                continue
            todo.append(re.split(r"[\s\[<>=!~;(]", req, maxsplit=1)[0])
    return total / 1e6, len(seen)


def env_for(tmp: Path, **extra: str) -> dict[str, str]:
    """A minimal environment (no venv on PATH), settings and data in ``tmp``."""
    base = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp),
        "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": str(tmp / "config"),
        "XDG_DATA_HOME": str(tmp / "data"),
        "XDG_RUNTIME_DIR": str(tmp / "run"),
    }
    return base | extra


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall milliseconds and stdout of one run (which must succeed)."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    ms = (time.perf_counter() - start) * 1000
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr[-2000:]}")
    return ms, proc.stdout


def first_paint(stdout: str) -> float:
    """The N of the "first-paint-ms N" line."""
    for line in stdout.splitlines():
        if line.startswith("first-paint-ms "):
            return float(line.split()[1])
    raise SystemExit(f"no first-paint-ms line in: {stdout!r}")


def start_xvfb() -> tuple[subprocess.Popen, str]:
    """A private Xvfb server and its DISPLAY."""
    read, write = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as fh:
        return proc, ":" + fh.readline().strip()


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    for exe in (BUNDLE, VENV):
        if not exe.exists():
            raise SystemExit(f"{exe} is missing (make bundle / make venv)")
    archives = sorted((ROOT / "dist").glob("sift-*-linux-*.tar.gz"))
    print(f"bundle folder {du(BUNDLE.parent)} (dist/sift)", end="")
    print(f", archive {du(archives[-1])} ({archives[-1].name})" if archives else "")
    site = next((ROOT / ".venv" / "lib").glob("python3*/site-packages"))
    print(f"venv {du(ROOT / '.venv')} (.venv, with dev and test tools); its site-packages {du(site)}")
    mb, count = runtime_install_mb()
    print(f"what `pip install sift-reader` adds to a venv: {mb:.0f} MB in {count} distributions (+ Python)")

    tmp = Path(tempfile.mkdtemp(prefix="sift-measure-"))
    (tmp / "run").mkdir(mode=0o700)
    # one library per program, each created by that program's own first run (sample article): a venv
    # running newer sources may upgrade a library past what the bundle can open
    dbs = {name: str(tmp / f"{name}.db") for name in ("bundle", "venv")}
    xvfb, display = start_xvfb() if shutil.which("Xvfb") else (None, "")
    try:
        # one first run creates the library (sample article); every measured run reopens it
        for name, exe in (("bundle", BUNDLE), ("venv", VENV)):
            timed(
                [str(exe), "--db", dbs[name]],
                env_for(tmp, QT_QPA_PLATFORM="offscreen", SIFT_EXIT_AFTER_PAINT="1"),
            )
        cases = {
            "--version (wall ms)": (["--version"], {}, None),
            "first paint offscreen (first-paint-ms)": (
                ["--db", "{db}"],
                {"QT_QPA_PLATFORM": "offscreen", "SIFT_EXIT_AFTER_PAINT": "1"},
                first_paint,
            ),
        }
        if xvfb:
            cases["first paint on X11/Xvfb (first-paint-ms)"] = (
                ["--db", "{db}"],
                {"QT_QPA_PLATFORM": "xcb", "DISPLAY": display, "SIFT_EXIT_AFTER_PAINT": "1"},
                first_paint,
            )
        for label, (args, extra, parse) in cases.items():
            figures: dict[str, list[float]] = {"bundle": [], "venv": []}
            for _ in range(runs):
                for name, exe in (("bundle", BUNDLE), ("venv", VENV)):
                    argv = [a.replace("{db}", dbs[name]) for a in args]
                    ms, out = timed([str(exe), *argv], env_for(tmp, **extra))
                    figures[name].append(parse(out) if parse else ms)
            b, v = (statistics.median(figures[k]) for k in ("bundle", "venv"))
            print(
                f"{label}: bundle median {b:.0f} (min {min(figures['bundle']):.0f}), "
                f"venv median {v:.0f} (min {min(figures['venv']):.0f}); "
                f"bundle/venv {b / v:.2f}x  [{runs} runs each]"
            )
    finally:
        if xvfb:
            xvfb.terminate()
            xvfb.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
