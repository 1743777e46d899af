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
     "creator": {"type": "Person", "name": "ana"},
     "sift:articleId": 3, "sift:articleTitle": "...", "sift:highlightId": 7, "sift:anchorStatus": "exact",
     "sift:anchorScore": 1.0, "sift:origin": "manual", "sift:textSha256": "<sha256 of the article text>"}

``creator`` names who made the highlight (the local annotator's name from the library). ``sift:origin``
is ``manual``, ``suggested`` (an accepted suggestion) or ``imported`` (from a file that did not say).
The collection also carries ``sift:labels`` (``[{"name", "color"}]``, every label of the library) and,
unless turned off, ``sift:articles``: one record per annotated article so that an import into another
library can create it::

    {"id": "urn:sift:article:3", "sift:articleId": 3, "url": ..., "canonicalUrl": ..., "title": ...,
     "byline": ..., "siteName": ..., "published": ..., "language": ..., "version": 2,
     "textSha256": ..., "blocks": [{"kind": "paragraph", "text": ..., ...}, ...]}

An orphaned highlight's TextPositionSelector holds its last offsets, which refer to an older version
of the text; its TextQuoteSelector is still the quote.

The TextPositionSelector counts code points in Sift's canonical article text (the cleaned text, see
:mod:`reader.blocks`), not in the original page's HTML; the TextQuoteSelector is what re-anchors on
another copy. Keys starting with ``sift:`` are Sift's own (absolute IRIs in JSON-LD terms); the
commenting body is present only when the highlight has a note, prefix/suffix only when non-empty.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TextIO

from reader.blocks import blocks_from_json

if TYPE_CHECKING:
    from reader.store import Library

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
        score,
        annotator,
        origin,
        sha,
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
    if annotator:
        ann["creator"] = {"type": "Person", "name": annotator}
    ann["body"] = body
    ann["target"] = {
        "source": url or f"urn:sift:article:{article_id}",
        "selector": [quote, {"type": "TextPositionSelector", "start": start, "end": end}],
    }
    ann["sift:articleId"] = article_id
    ann["sift:articleTitle"] = title or ""
    ann["sift:highlightId"] = hid
    ann["sift:anchorStatus"] = status or "exact"
    ann["sift:anchorScore"] = score
    ann["sift:origin"] = origin
    ann["sift:textSha256"] = sha
    return ann


def label_records(library: Library) -> list[dict]:
    """Every label of the library as ``{"name", "color"}``, in order."""
    return [{"name": lb.name, "color": lb.color} for lb in library.labels()]


def article_records(
    library: Library, *, article_id: int | None = None, label: str | None = None
) -> Iterator[dict]:
    """One record per article that has highlights to export (streamed, one article at a time)."""
    where, params = [], []
    if article_id is not None:
        where.append("h.article_id = ?")
        params.append(article_id)
    if label is not None:
        where.append("h.label = ?")
        params.append(label)
    ids = [
        aid
        for (aid,) in library.conn.execute(
            "SELECT DISTINCT h.article_id FROM highlights h"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY h.article_id",
            params,
        )
    ]
    for aid in ids:
        row = library.conn.execute(
            "SELECT id, url, canonical_url, title, byline, site_name, published, language, version, "
            "text_sha256, blocks FROM articles WHERE id = ?",
            (aid,),
        ).fetchone()
        keys = ("url", "canonicalUrl", "title", "byline", "siteName", "published", "language", "version")
        record = {"id": f"urn:sift:article:{row[0]}", "sift:articleId": row[0]}
        record.update(zip(keys, row[1:9], strict=True))
        record["textSha256"] = row[9]
        record["blocks"] = [b.to_dict() for b in blocks_from_json(row[10])]
        yield record


def _write_value(out: TextIO, value: object) -> None:
    """Write one JSON value; an iterator is streamed as an array, one item at a time."""
    if not isinstance(value, Iterator):
        out.write(json.dumps(value, ensure_ascii=False))
        return
    out.write("[")
    n = 0
    for item in value:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        out.write(("," if n else "") + "\n    " + text)
        n += 1
    out.write("\n  ]" if n else "]")


def write_collection(
    out: TextIO,
    rows: Iterable[tuple],
    article_id: int | None,
    label: str | None,
    *,
    extra: dict[str, object] | None = None,
) -> int:
    """Stream the collection to ``out``, one annotation per row; return how many were written.

    ``extra``: more collection properties (``sift:labels``, ``sift:articles``), written before the
    annotations; an iterator value is streamed as an array.
    """
    cid = collection_id(article_id, label)
    head = {"@context": CONTEXT, "id": cid, "type": "AnnotationCollection", "label": "Sift highlights"}
    head.update(extra or {})
    out.write("{\n")
    for key, value in head.items():
        out.write(f"  {json.dumps(key)}: ")
        _write_value(out, value)
        out.write(",\n")
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
