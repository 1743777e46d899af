"""Read Sift's own annotation exports back (W3C Web Annotation JSON and CSV) into plain records.

Formats are those written by :mod:`reader.export` / :mod:`reader.export_json`. Optional extras are
read when present: an annotator (W3C ``creator`` as a string or ``{"name": ...}``, or
``sift:annotator``; CSV column ``annotator``), the article text's hash (``sift:textSha256``;
CSV column ``text_sha256``), the anchor score and the origin (``sift:anchorScore``/``sift:origin``;
CSV ``anchor_score``/``origin``), and in JSON the collection's embedded articles and labels
(``sift:articles``, ``sift:labels``; see :func:`read_exchange`).

CSV cells written with the formula guard lose the guard's leading ``'`` only when what follows it
starts with ``= + - @``, a tab or a carriage return — exactly the cells the guard touches (a cell
that really began with ``'=`` in a file written with ``--no-formula-guard`` cannot be told apart
and loses its apostrophe).

Anything malformed raises :class:`reader.errors.InputError` with one sentence naming the file,
where it went wrong and what to do; nothing is half-read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reader.blocks import Block
from reader.errors import InputError

CSV_REQUIRED = ("label", "exact")
GUARD_CHARS = ("=", "+", "-", "@", "\t", "\r")
SIFT_ARTICLE_URN = "urn:sift:article:"
SIFT_HIGHLIGHT_URN = "urn:sift:highlight:"
_QUOTE = "TextQuoteSelector"
_POSITION = "TextPositionSelector"


@dataclass
class AnnotationRecord:
    """One imported highlight, as plain data (offsets may refer to another copy of the text)."""

    label: str
    exact: str
    start: int | None = None
    end: int | None = None
    prefix: str = ""
    suffix: str = ""
    note: str = ""
    created_at: str = ""
    updated_at: str = ""
    article_url: str | None = None
    article_title: str = ""
    article_id: int | None = None  # the id in the library it was exported from
    text_sha256: str | None = None
    annotator: str | None = None
    highlight_id: int | None = None  # the id in the library it was exported from
    anchor_status: str = "exact"
    anchor_score: float | None = None
    origin: str | None = None


@dataclass
class ArticleRecord:
    """An article embedded in a JSON export (``sift:articles``): enough to create it elsewhere."""

    article_id: int | None
    blocks: list[Block]
    url: str | None = None
    canonical_url: str | None = None
    title: str = ""
    byline: str | None = None
    site_name: str | None = None
    published: str | None = None
    language: str | None = None
    text_sha256: str | None = None


@dataclass
class Exchange:
    """Everything an export file holds: annotations, embedded articles, and label colours."""

    records: list[AnnotationRecord]
    articles: list[ArticleRecord]
    labels: dict[str, str]  # name -> colour


def unguard(value: str) -> str:
    """Undo the CSV formula guard: drop a leading ``'`` that was put before a formula-like cell."""
    if value.startswith("'") and value[1:].startswith(GUARD_CHARS):
        return value[1:]
    return value


def read_annotations(path: str | Path) -> list[AnnotationRecord]:
    """Read the annotations of a Sift JSON or CSV export file (the format is recognised from its content)."""
    return read_exchange(path).records


def read_exchange(path: str | Path) -> Exchange:
    """Read a Sift JSON or CSV export file: annotations plus (JSON) embedded articles and labels."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise InputError(f"Could not read {p}: {err.strerror or err}; check the path and try again.") from err
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{p.name} is not UTF-8 text; import a CSV or JSON file exported by Sift.") from err
    return parse_exchange(text, name=p.name)


def parse_annotations(text: str, *, name: str = "the file") -> list[AnnotationRecord]:
    """Parse export text: JSON when it starts with ``{`` or ``[``, CSV otherwise."""
    return parse_exchange(text, name=name).records


def parse_exchange(text: str, *, name: str = "the file") -> Exchange:
    """Parse export text into annotations, embedded articles and labels (JSON or CSV)."""
    body = text.lstrip("\ufeff \t\r\n")
    if not body:
        raise InputError(f"{name} is empty; import a CSV or JSON file exported by Sift.")
    if body[0] in "{[":
        doc = _load_json(body, name)
        records = [
            _record_from_json(a, f"{name}, annotation {n}") for n, a in enumerate(_annotations(doc, name), 1)
        ]
        return Exchange(records, _articles(doc, name), _labels(doc, name))
    return Exchange(parse_csv(text, name=name), [], {})


# --- JSON -----------------------------------------------------------------------------------------


def _annotations(doc: object, name: str) -> list[dict]:
    """The list of Annotation objects in a collection, a page, a list, or a single annotation."""
    if isinstance(doc, list):
        items = doc
    elif isinstance(doc, dict):
        kind = doc.get("type")
        if kind == "AnnotationCollection":
            first = doc.get("first")
            if first is None and not doc.get("total"):
                return []
            if not isinstance(first, dict) or not isinstance(first.get("items"), list):
                raise InputError(
                    f"{name}: the annotation collection does not embed its annotations (no first.items); "
                    "export it again from Sift."
                )
            items = first["items"]
        elif kind == "AnnotationPage":
            if not isinstance(doc.get("items"), list):
                raise InputError(f"{name}: the annotation page has no items list; export it again from Sift.")
            items = doc["items"]
        elif kind == "Annotation":
            items = [doc]
        else:
            raise InputError(
                f"{name} is JSON but not a W3C Web Annotation export; export it again from Sift."
            )
    else:
        raise InputError(f"{name} is JSON but not a W3C Web Annotation export; export it again from Sift.")
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict) or item.get("type") != "Annotation":
            raise InputError(f"{name}: item {n} is not a W3C Annotation; export it again from Sift.")
    return items


def _as_list(value: object) -> list:
    """A JSON-LD value that may be one object or a list of them, as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _int_or_none(value: object, what: str, where: str) -> int | None:
    """An optional non-negative integer field."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InputError(f"{where}: {what} must be a whole number; export it again from Sift.")
    try:
        n = int(value)
    except ValueError:
        raise InputError(
            f"{where}: {what} {value!r} is not a whole number; fix it or export again."
        ) from None
    if n < 0:
        raise InputError(f"{where}: {what} {n} is negative; fix it or export again.")
    return n


def _text(value: object, what: str, where: str) -> str:
    """An optional string field ('' when absent)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(f"{where}: {what} must be text; export it again from Sift.")
    return value


def _creator(ann: dict) -> str | None:
    """The annotator's name from ``creator`` (string, or object with name/nick) or ``sift:annotator``."""
    for c in _as_list(ann.get("creator")):
        if isinstance(c, str) and c.strip():
            return c.strip()
        if isinstance(c, dict):
            for key in ("name", "nick", "id"):
                if isinstance(c.get(key), str) and c[key].strip():
                    return c[key].strip()
    a = ann.get("sift:annotator")
    return a.strip() if isinstance(a, str) and a.strip() else None


def _record_from_json(ann: dict, where: str) -> AnnotationRecord:
    """One W3C Annotation as a record."""
    label = note = None
    for body in _as_list(ann.get("body")):
        if isinstance(body, str):
            continue
        if not isinstance(body, dict):
            raise InputError(f"{where}: a body is neither text nor an object; export it again from Sift.")
        purpose = body.get("purpose")
        value = body.get("value")
        if purpose in ("classifying", "tagging") and isinstance(value, str) and label is None:
            label = value
        elif purpose == "commenting" and isinstance(value, str):
            note = value if note is None else note + "\n\n" + value
    if not label or not label.strip():
        raise InputError(f"{where} has no label (a classifying or tagging body); export it again from Sift.")
    targets = _as_list(ann.get("target"))
    if len(targets) != 1 or not isinstance(targets[0], dict):
        raise InputError(f"{where} must have exactly one target with selectors; export it again from Sift.")
    target = targets[0]
    quote = position = None
    for sel in _as_list(target.get("selector")):
        if isinstance(sel, dict) and sel.get("type") == _QUOTE and quote is None:
            quote = sel
        elif isinstance(sel, dict) and sel.get("type") == _POSITION and position is None:
            position = sel
    if quote is None or not isinstance(quote.get("exact"), str) or not quote["exact"]:
        raise InputError(f"{where} has no TextQuoteSelector with the quoted text; export it again from Sift.")
    start = end = None
    if position is not None:
        start = _int_or_none(position.get("start"), "the start offset", where)
        end = _int_or_none(position.get("end"), "the end offset", where)
        if start is None or end is None or end < start:
            start = end = None  # unusable positions: the quote alone re-anchors it
    source = _text(target.get("source"), "the target source", where)
    article_id = _int_or_none(ann.get("sift:articleId"), "sift:articleId", where)
    url: str | None = source or None
    if source.startswith(SIFT_ARTICLE_URN):
        url = None
        if article_id is None:
            article_id = _int_or_none(source[len(SIFT_ARTICLE_URN) :], "the article id in the source", where)
    hid = _int_or_none(ann.get("sift:highlightId"), "sift:highlightId", where)
    ann_id = ann.get("id")
    if hid is None and isinstance(ann_id, str) and ann_id.startswith(SIFT_HIGHLIGHT_URN):
        hid = _int_or_none(ann_id[len(SIFT_HIGHLIGHT_URN) :], "the highlight id", where)
    sha = ann.get("sift:textSha256")
    origin = ann.get("sift:origin")
    return AnnotationRecord(
        label=label.strip(),
        exact=quote["exact"],
        start=start,
        end=end,
        prefix=_text(quote.get("prefix"), "the prefix", where),
        suffix=_text(quote.get("suffix"), "the suffix", where),
        note=note or "",
        created_at=_text(ann.get("created"), "created", where),
        updated_at=_text(ann.get("modified"), "modified", where),
        article_url=url,
        article_title=_text(ann.get("sift:articleTitle"), "sift:articleTitle", where),
        article_id=article_id,
        text_sha256=sha if isinstance(sha, str) and sha else None,
        annotator=_creator(ann),
        highlight_id=hid,
        anchor_status=_text(ann.get("sift:anchorStatus"), "sift:anchorStatus", where) or "exact",
        anchor_score=_score(ann.get("sift:anchorScore"), where),
        origin=origin if isinstance(origin, str) and origin else None,
    )


def _score(value: object, where: str) -> float | None:
    """An optional anchor score between 0 and 1."""
    if value is None or value == "":
        return None
    try:
        score = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(f"{where}: the anchor score {value!r} is not a number; export it again.") from None
    if not 0.0 <= score <= 1.0:
        raise InputError(f"{where}: the anchor score {score} is not between 0 and 1; export it again.")
    return score


def _load_json(text: str, name: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(
            f"{name} is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg}); "
            "export it again from Sift."
        ) from None


def _opt(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _articles(doc: object, name: str) -> list[ArticleRecord]:
    """The articles embedded in a collection (``sift:articles``), if any."""
    items = doc.get("sift:articles") if isinstance(doc, dict) else None
    if items is None:
        return []
    if not isinstance(items, list):
        raise InputError(f"{name}: sift:articles is not a list; export it again from Sift.")
    out = []
    for n, item in enumerate(items, 1):
        where = f"{name}, embedded article {n}"
        if not isinstance(item, dict) or not isinstance(item.get("blocks"), list):
            raise InputError(f"{where} has no blocks; export it again from Sift.")
        try:
            blocks = [Block.from_dict(b) for b in item["blocks"]]
        except (TypeError, KeyError, ValueError, AttributeError):
            raise InputError(f"{where} has malformed blocks; export it again from Sift.") from None
        out.append(
            ArticleRecord(
                article_id=_int_or_none(item.get("sift:articleId"), "sift:articleId", where),
                blocks=blocks,
                url=_opt(item.get("url")),
                canonical_url=_opt(item.get("canonicalUrl")),
                title=_text(item.get("title"), "the title", where),
                byline=_opt(item.get("byline")),
                site_name=_opt(item.get("siteName")),
                published=_opt(item.get("published")),
                language=_opt(item.get("language")),
                text_sha256=_opt(item.get("textSha256")),
            )
        )
    return out


def _labels(doc: object, name: str) -> dict[str, str]:
    """Label colours from ``sift:labels`` (malformed entries are ignored: colours are cosmetic)."""
    items = doc.get("sift:labels") if isinstance(doc, dict) else None
    out: dict[str, str] = {}
    for item in items if isinstance(items, list) else []:
        if (
            isinstance(item, dict)
            and isinstance(item.get("name"), str)
            and isinstance(item.get("color"), str)
        ):
            out[item["name"]] = item["color"]
    return out


def parse_json(text: str, *, name: str = "the file") -> list[AnnotationRecord]:
    """Parse a W3C Web Annotation export (collection, page, list or single annotation)."""
    doc = _load_json(text, name)
    return [_record_from_json(a, f"{name}, annotation {n}") for n, a in enumerate(_annotations(doc, name), 1)]


# --- CSV ------------------------------------------------------------------------------------------


def _rows(text: str, name: str) -> Iterable[tuple[int, list[str]]]:
    """CSV records with the line number each starts on."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), strict=True)
    line = 1
    try:
        for row in reader:
            yield line, row
            line = reader.line_num + 1
    except csv.Error as err:
        raise InputError(
            f"{name} is not valid CSV near line {reader.line_num}: {err}; export it again."
        ) from None


def parse_csv(text: str, *, name: str = "the file") -> list[AnnotationRecord]:
    """Parse a Sift CSV export (header row first; extra columns are ignored)."""
    rows = iter(_rows(text, name))
    try:
        _, header = next(rows)
    except StopIteration:
        raise InputError(f"{name} is empty; import a CSV or JSON file exported by Sift.") from None
    cols = [unguard(h).strip().lower() for h in header]
    missing = [c for c in CSV_REQUIRED if c not in cols]
    if missing:
        raise InputError(
            f"{name} is not a Sift CSV export: the header lacks the column(s) {', '.join(missing)}; "
            "export it again from Sift."
        )
    index = {c: i for i, c in reversed(list(enumerate(cols)))}
    out = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        where = f"{name}, line {line}"
        if len(row) != len(cols):
            raise InputError(
                f"{where} has {len(row)} fields but the header has {len(cols)}; export it again from Sift."
            )

        def get(col: str, row: list[str] = row) -> str:
            return unguard(row[index[col]]) if col in index else ""

        label, exact = get("label").strip(), get("exact")
        if not label:
            raise InputError(f"{where} has no label; fill in the label column or export it again.")
        if not exact:
            raise InputError(f"{where} has no quoted text (the exact column); export it again from Sift.")
        start = _int_or_none(get("start").strip(), "start", where)
        end = _int_or_none(get("end").strip(), "end", where)
        if start is None or end is None or end < start:
            start = end = None
        out.append(
            AnnotationRecord(
                label=label,
                exact=exact,
                start=start,
                end=end,
                prefix=get("prefix"),
                suffix=get("suffix"),
                note=get("note"),
                created_at=get("created_at"),
                updated_at=get("updated_at"),
                article_url=get("article_url") or None,
                article_title=get("article_title"),
                article_id=_int_or_none(get("article_id").strip(), "article_id", where),
                text_sha256=get("text_sha256").strip() or None,
                annotator=get("annotator").strip() or None,
                highlight_id=_int_or_none(get("highlight_id").strip(), "highlight_id", where),
                anchor_status=get("anchor_status").strip() or "exact",
                anchor_score=_score(get("anchor_score").strip(), where),
                origin=get("origin").strip() or None,
            )
        )
    return out
