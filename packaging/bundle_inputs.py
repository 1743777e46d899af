"""A fingerprint of everything that goes into the bundle, so a build can be proven up to date."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAMP_NAME = "sift-build.json"  # written into <bundle>/_internal/ by packaging/sift.spec

# Source trees whose every file is bundled or shapes the build (relative to the checkout).
TREES = ("reader", "resources", "packaging")
SKIP_PARTS = {"__pycache__", ".ruff_cache", ".mypy_cache"}


def _files(root: Path) -> list[Path]:
    """The input files under the checkout, in a stable order."""
    out = []
    for tree in TREES:
        for path in (root / tree).rglob("*"):
            if path.is_file() and not SKIP_PARTS.intersection(path.parts) and path.suffix != ".pyc":
                out.append(path)
    return sorted(out, key=lambda p: p.relative_to(root).as_posix())


def _environment() -> list[str]:
    """The interpreter and every installed distribution (name and version) the build sees."""
    dists = sorted(
        f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions() if d.metadata["Name"]
    )
    return [sys.version, sys.prefix, platform.machine(), *dists]


def fingerprint(root: Path = ROOT) -> str:
    """SHA-256 over the bundle's source files (paths and bytes) and the build environment."""
    h = hashlib.sha256()
    for path in _files(root):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    h.update(json.dumps(_environment()).encode())
    return h.hexdigest()


def stamp_of(bundle_dir: Path) -> dict | None:
    """The build stamp recorded in a bundle folder (``dist/sift``), or None when it has none."""
    try:
        return json.loads((bundle_dir / "_internal" / STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_up_to_date(bundle_dir: Path, root: Path = ROOT) -> bool:
    """True when ``bundle_dir`` was built from exactly the current sources and environment."""
    stamp = stamp_of(bundle_dir)
    return bool(stamp) and stamp.get("fingerprint") == fingerprint(root) and (bundle_dir / "sift").is_file()


if __name__ == "__main__":
    bundle = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "sift"
    print(f"{bundle}: {'up to date' if is_up_to_date(bundle) else 'stale or missing'}")
