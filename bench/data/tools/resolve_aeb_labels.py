"""Turn the hand labels (one letter per sentence of each page's labelled window) into offsets.

Run once when labelling: ``python bench/data/tools/resolve_aeb_labels.py``. Reads ``aeb_pick.json`` (the
sampled page ids, in order) and ``aeb_labels_raw.txt`` (``<page index> <letters>``: f fact, x filler, m meta;
the window is every sentence of a page with at most 18 sentences, else its first 9 and last 6), segments the
page's canonical text (``canonical_text(blocks_from_text(articleBody))``) with ``reader.sentences`` and writes
``bench/data/aeb_labels.json``: per page id, the sha256 of the canonical text and ``[start, end, label]``
rows. Pages already in that file are kept as they are. No article text is copied.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
sys.path.insert(0, str(ROOT))

from reader.blocks import blocks_from_text, canonical_text  # noqa: E402
from reader.sentences import sentence_spans  # noqa: E402

LABELS = {"f": "fact", "x": "filler", "m": "meta"}


def main() -> None:
    """Resolve the raw letters to offsets and write aeb_labels.json."""
    truth = json.loads((ROOT.parent / "shared/data/aeb/ground-truth.json").read_text(encoding="utf-8"))
    pick = json.loads((HERE / "aeb_pick.json").read_text())
    out_path = HERE.parent / "aeb_labels.json"
    # pages resolved earlier keep their offsets (the segmenter may have changed since they were labelled)
    pages: dict[str, dict] = json.loads(out_path.read_text())["pages"] if out_path.exists() else {}
    for line in (HERE / "aeb_labels_raw.txt").read_text().split("\n"):
        if not line.strip():
            continue
        idx, letters = line.split()
        page = pick[int(idx)]
        if page in pages:
            continue
        text = canonical_text(blocks_from_text(truth[page]["articleBody"]))
        spans = sentence_spans(text)
        n = len(spans)
        window = list(range(n)) if n <= 18 else [*range(9), *range(n - 6, n)]
        if len(window) != len(letters):
            raise SystemExit(f"page {idx}: {len(letters)} labels for a window of {len(window)}")
        rows = [[*spans[i], LABELS[c]] for i, c in zip(window, letters, strict=True)]
        pages[page] = {"sha256": hashlib.sha256(text.encode()).hexdigest(), "n_sentences": n, "labels": rows}
    out = {
        "about": "Sift fact/filler/meta labels (issue 7 rubric) on aeb ground-truth articleBody texts; "
        "offsets into canonical_text(blocks_from_text(articleBody)). Labelled by hand.",
        "pages": pages,
    }
    out_path.write_text(json.dumps(out, indent=0) + "\n")
    counts: dict[str, int] = {}
    for p in pages.values():
        for *_, lab in p["labels"]:
            counts[lab] = counts.get(lab, 0) + 1
    print(len(pages), "pages", counts)


if __name__ == "__main__":
    main()
