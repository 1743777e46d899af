"""W3C Web Annotation export: one ``AnnotationCollection`` whose embedded first page holds every highlight.

Shape (Web Annotation Data Model, sections 3 and 5)::

    {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:sift:export:all",
     "type": "AnnotationCollection", "label": "Sift highlights",
     "first": {"id": "urn:sift:export:all:page:1", "type": "AnnotationPage", "startIndex": 0,
               "items": [Annotation, ...]},
     "total": 2}

Each Annotation (it also carries ``@context`` so it stands alone when copied out)::

    {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:sift:highlight:7", "type": "Annotation",
     "motivation": "classifying", "created": "...", "modified": "...",
     "body": [{"type": "TextualBody", "purpose": "classifying", "value": "fact"},
              {"type": "TextualBody", "purpose": "commenting", "value": "the note", "format": "text/plain"}],
     "target": {"source": "https://example.org/story" (or "urn:sift:article:3" without a URL),
                "selector": [{"type": "TextQuoteSelector", "exact": "...", "prefix": "...", "suffix": "..."},
                             {"type": "TextPositionSelector", "start": 10, "end": 42}]},
     "sift:articleId": 3, "sift:articleTitle": "...", "sift:highlightId": 7, "sift:anchorStatus": "exact"}

The TextPositionSelector counts code points in Sift's canonical article text (the cleaned text, see
:mod:`reader.blocks`), not in the original page's HTML; the TextQuoteSelector is what re-anchors on
another copy. Keys starting with ``sift:`` are Sift's own (absolute IRIs in JSON-LD terms); the
commenting body is present only when the highlight has a note, prefix/suffix only when non-empty.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def collection_id(article_id: int | None, label: str | None) -> str:
    """A stable id naming what was exported (whole library, one article, one label)."""
    parts = ["urn:sift:export"]
    parts.append(f"article:{article_id}" if article_id is not None else "all")
    if label is not None:
        parts.append("label:" + label.replace(":", "%3A").replace(" ", "%20"))
    return ":".join(parts)


def annotation(row: tuple) -> dict:
    """Turn one export row (``CSV_COLUMNS`` order) into a W3C Annotation."""
    (
        article_id,
        url,
        title,
        hid,
        label,
        start,
        end,
        exact,
        prefix,
        suffix,
        note,
        created,
        updated,
        status,
    ) = row
    body: list[dict] = [{"type": "TextualBody", "purpose": "classifying", "value": label}]
    if note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": note, "format": "text/plain"})
    quote: dict = {"type": "TextQuoteSelector", "exact": exact}
    if prefix:
        quote["prefix"] = prefix
    if suffix:
        quote["suffix"] = suffix
    ann: dict = {
        "@context": CONTEXT,
        "id": f"urn:sift:highlight:{hid}",
        "type": "Annotation",
        "motivation": "classifying",
    }
    if created:
        ann["created"] = created
    if updated:
        ann["modified"] = updated
    ann["body"] = body
    ann["target"] = {
        "source": url or f"urn:sift:article:{article_id}",
        "selector": [quote, {"type": "TextPositionSelector", "start": start, "end": end}],
    }
    ann["sift:articleId"] = article_id
    ann["sift:articleTitle"] = title or ""
    ann["sift:highlightId"] = hid
    ann["sift:anchorStatus"] = status or "exact"
    return ann


def write_collection(out: TextIO, rows: Iterable[tuple], article_id: int | None, label: str | None) -> int:
    """Stream the collection to ``out``, one annotation per row; return how many were written."""
    cid = collection_id(article_id, label)
    head = {"@context": CONTEXT, "id": cid, "type": "AnnotationCollection", "label": "Sift highlights"}
    out.write("{\n")
    for key, value in head.items():
        out.write(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
    page_id = json.dumps(cid + ":page:1")
    out.write(f'  "first": {{\n    "id": {page_id},\n    "type": "AnnotationPage",\n    "startIndex": 0,\n')
    out.write('    "items": [')
    n = 0
    for row in rows:
        text = json.dumps(annotation(row), ensure_ascii=False, indent=2).replace("\n", "\n      ")
        out.write(("," if n else "") + "\n      " + text)
        n += 1
    out.write("\n    ]\n  },\n" if n else "]\n  },\n")
    out.write(f'  "total": {n}\n}}\n')
    return n
