"""Labelled documents for the filler bench and default-model training: aeb pages, our padded articles.

Held-out sets in the same formats can replace ours for a check: ``SIFT_BENCH_AEB_LABELS=path.json`` (labels
on aeb pages, the shape of ``bench/data/aeb_labels.json``) and ``SIFT_BENCH_PADDED_TEST=folder`` (``*.txt``
articles in our ``f|``/``x|``/``m|`` format).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from reader.blocks import Block, blocks_from_text, canonical_text, normalize_blocks
from reader.sites import site_of

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
SHARED = ROOT.parent / "shared" / "data"
LETTERS = {"f": "fact", "x": "filler", "m": "meta"}


@dataclass
class Doc:
    """One labelled document: canonical text, its blocks and gold (start, end, label) sentence spans."""

    doc_id: str
    text: str
    blocks: list[Block]
    gold: list[tuple[int, int, str]]
    site: str | None = None  # the source (URL host), when known


def aeb_labels_path() -> Path:
    """Our aeb labels, or the held-out file named by SIFT_BENCH_AEB_LABELS."""
    return Path(os.environ.get("SIFT_BENCH_AEB_LABELS") or DATA / "aeb_labels.json")


def load_aeb(path: Path | None = None) -> list[Doc]:
    """Hand labels on aeb ground-truth article bodies (needs ../shared/data/aeb)."""
    labels = json.loads((path or aeb_labels_path()).read_text(encoding="utf-8"))["pages"]
    truth = json.loads((SHARED / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    docs = []
    for page, entry in labels.items():
        blocks = blocks_from_text(truth[page]["articleBody"])
        text = canonical_text(blocks)
        if hashlib.sha256(text.encode()).hexdigest() != entry["sha256"]:
            raise RuntimeError(f"aeb page {page[:8]}: canonical text changed since labelling")
        gold = [(a, b, lab) for a, b, lab in entry["labels"]]
        docs.append(Doc(page[:8], text, blocks, gold, site_of(truth[page].get("url"))))
    return docs


def parse_padded(source: str, doc_id: str) -> Doc:
    """Parse our labelled format: ``f|``/``x|``/``m|`` + one sentence per line, blank line = paragraph.

    A first ``m|`` line becomes a heading block; other paragraphs are paragraph blocks.
    """
    paragraphs: list[list[tuple[str, str]]] = [[]]
    for line in source.splitlines():
        if not line.strip():
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        tag, _, sentence = line.partition("|")
        paragraphs[-1].append((LETTERS[tag.strip()], sentence.strip()))
    paragraphs = [p for p in paragraphs if p]
    blocks: list[Block] = []
    gold: list[tuple[int, int, str]] = []
    pos = 0
    for para in paragraphs:
        # each meta line in a paragraph of meta lines is its own block (headline, byline)
        groups = [[s] for s in para] if all(lab == "meta" for lab, _ in para) else [para]
        for group in groups:
            text = ""
            for lab, sentence in group:
                if text:
                    text += " "
                gold.append((pos + len(text), pos + len(text) + len(sentence), lab))
                text += sentence
            kind = "heading" if all(lab == "meta" for lab, _ in group) and not blocks else "paragraph"
            blocks.append(Block(kind, text, level=1 if kind == "heading" else 0))
            pos += len(text) + 1
    blocks = normalize_blocks(blocks)
    return Doc(doc_id, canonical_text(blocks), blocks, gold)


def load_padded(part: str) -> list[Doc]:
    """Our own machine-written-style padded articles: part is ``train``, ``dev`` or ``test``.

    ``test`` is the held-out folder named by SIFT_BENCH_PADDED_TEST when that is set.
    """
    folder = DATA / "padded" / part
    if part == "test" and os.environ.get("SIFT_BENCH_PADDED_TEST"):
        folder = Path(os.environ["SIFT_BENCH_PADDED_TEST"])
    paths = sorted(folder.glob("*.txt"))
    return [parse_padded(p.read_text(encoding="utf-8"), f"{part}/{p.stem}") for p in paths]


@dataclass
class Row:
    """One gold-labelled sentence of a document, as the engine sees it."""

    doc_id: str
    text: str
    context: dict[str, float]
    label: str  # fact | filler
    meta: bool  # the engine would skip it as meta
    feats: dict[str, float]
    site: str | None = None


def rows_of(doc: Doc, *, words: bool = False) -> list[Row]:
    """The fact/filler gold sentences of ``doc`` with the engine's context and features."""
    from reader.suggest import analyze_text
    from reader.suggest_features import features

    gold = {(a, b): lab for a, b, lab in doc.gold}
    out = []
    for info, meta in analyze_text(doc.text, blocks=doc.blocks):
        lab = gold.get((info.start, info.end))
        if lab in ("fact", "filler"):
            feats = features(info.text, info.context, words=words)
            out.append(Row(doc.doc_id, info.text, info.context, lab, meta, feats, doc.site))
    return out


def prf(pairs: list[tuple[float, bool, bool]], threshold: float = 0.5) -> tuple[float, float, float]:
    """Filler precision, recall, F1 of (P(filler), is_filler, skipped_as_meta) triples."""
    tp = sum(1 for p, y, m in pairs if y and not m and p >= threshold)
    fp = sum(1 for p, y, m in pairs if not y and not m and p >= threshold)
    fn = sum(1 for p, y, m in pairs if y and (m or p < threshold))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def folds_by_doc(docs: list[Doc], k: int, seed: int) -> list[list[Doc]]:
    """Split documents into k folds (whole documents stay together)."""
    import random

    order = docs[:]
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def folds_by_site(docs: list[Doc], k: int, seed: int) -> list[list[Doc]]:
    """Split documents into k folds keeping each site's documents together (unknown sites stand alone)."""
    import random

    sites = sorted({d.site or d.doc_id for d in docs})
    random.Random(seed).shuffle(sites)
    fold = {s: i % k for i, s in enumerate(sites)}
    out: list[list[Doc]] = [[] for _ in range(k)]
    for d in docs:
        out[fold[d.site or d.doc_id]].append(d)
    return out
