"""Labelled documents for the filler bench and default-model training: aeb pages, our padded articles."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from reader.blocks import Block, blocks_from_text, canonical_text, normalize_blocks

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


def load_aeb() -> list[Doc]:
    """Our hand labels on aeb ground-truth article bodies (needs ../shared/data/aeb)."""
    labels = json.loads((DATA / "aeb_labels.json").read_text(encoding="utf-8"))["pages"]
    truth = json.loads((SHARED / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    docs = []
    for page, entry in labels.items():
        blocks = blocks_from_text(truth[page]["articleBody"])
        text = canonical_text(blocks)
        if hashlib.sha256(text.encode()).hexdigest() != entry["sha256"]:
            raise RuntimeError(f"aeb page {page[:8]}: canonical text changed since labelling")
        docs.append(Doc(page[:8], text, blocks, [(a, b, lab) for a, b, lab in entry["labels"]]))
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
    """Our own machine-written-style padded articles: part is ``train``, ``dev`` or ``test``."""
    folder = DATA / "padded" / part
    paths = sorted(folder.glob("*.txt"))
    return [parse_padded(p.read_text(encoding="utf-8"), f"{part}/{p.stem}") for p in paths]
