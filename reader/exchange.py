"""Import annotations exported by Sift (W3C Web Annotation JSON or CSV) into a library.

Each annotation's article is found by URL, canonical URL, then text hash; a JSON export that
embeds its articles (``sift:articles``) creates the ones the library lacks. When the library's
text is the one the annotation was made on (same hash) its offsets, status and score are kept;
otherwise it is re-anchored by its quote and context (:func:`reader.reanchor.reanchor` with no
old text): ``exact``, ``fuzzy`` or ``orphaned`` (kept with its quote and note). Who annotated is
kept (the file's ``creator``/``annotator``, or ``--annotator``); the local annotator's own
highlights come back into the local layer.

Never a duplicate: every imported annotation gets an *import key* (who made it plus its id and
creation time in the library it came from, or its content when it has no id), and an annotation
whose key is already in the article, or that is identical to an existing highlight of the same
annotator (label and place), is skipped. One that overlaps a different highlight of its annotator
is kept as ``orphaned`` (nothing is lost; re-attaching it paints it in). The whole import is one
transaction: an error writes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reader.anchors import make_quote
from reader.annotation_io import AnnotationRecord, ArticleRecord, Exchange, read_exchange
from reader.errors import InputError
from reader.models import Article, ArticleContent
from reader.paint import ORIGINS, STATUSES, Highlight, utc_now
from reader.reanchor import Anchor, reanchor

if TYPE_CHECKING:
    from reader.store import Library


@dataclass
class ImportResult:
    """What an import did, counted per annotation."""

    added: int = 0
    skipped: int = 0  # already in the library
    unmatched: int = 0  # no article for them in the library (and none embedded in the file)
    exact: int = 0
    fuzzy: int = 0
    orphaned: int = 0  # added, but not found in the article's text (or overlapping): need attention
    conflicts: int = 0  # of the orphaned: found, but overlapping another highlight of the annotator
    articles_added: list[int] = field(default_factory=list)
    labels_added: list[str] = field(default_factory=list)
    annotators: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """One line for people."""
        parts = [
            f"Imported {self.added} highlight(s) ({self.exact} exact, {self.fuzzy} fuzzy, "
            f"{self.orphaned} orphaned)",
            f"skipped {self.skipped} already in the library",
            f"{self.unmatched} without a matching article",
        ]
        if self.articles_added:
            parts.append(f"added {len(self.articles_added)} article(s)")
        if self.labels_added:
            parts.append("added label(s) " + ", ".join(self.labels_added))
        line = "; ".join(parts) + "."
        if self.conflicts:
            line += f" {self.conflicts} overlapped other highlights and were kept as orphaned."
        return line


def import_key(record: AnnotationRecord, annotator: str) -> str:
    """The identity of an imported annotation (stable across re-exports of the same highlight)."""
    if record.highlight_id is not None and record.created_at:
        parts = ["id", annotator, str(record.highlight_id), record.created_at]
    else:
        parts = ["content", annotator, record.label, record.exact, record.prefix, record.suffix]
        parts += [str(record.start), str(record.end), record.created_at]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def import_file(library: Library, path: str | Path, *, annotator: str | None = None) -> ImportResult:
    """Import a Sift JSON or CSV export file (see the module docstring)."""
    return import_exchange(library, read_exchange(path), annotator=annotator, name=Path(path).name)


def _who(records: list[AnnotationRecord], annotator: str | None, name: str) -> list[str]:
    """Each record's annotator name; InputError (before anything is written) if one is unknown."""
    if annotator is not None:
        annotator = " ".join(annotator.split())
        if not annotator:
            raise InputError("The annotator name is empty; give a name with --annotator NAME.")
        return [annotator] * len(records)
    names = [" ".join((r.annotator or "").split()) for r in records]
    if not all(names):
        raise InputError(
            f"{name} does not say who made (some of) its highlights; give the annotator's name with "
            "--annotator NAME."
        )
    return names


class _Importer:
    """One import run inside one transaction."""

    def __init__(self, library: Library, exchange: Exchange) -> None:
        self.lib = library
        self.ex = exchange
        self.result = ImportResult()
        self.embedded = {a.article_id: a for a in exchange.articles if a.article_id is not None}
        self.by_url = {u: a for a in exchange.articles for u in (a.url, a.canonical_url) if u}
        self.articles: dict[tuple, Article | None] = {}
        self.local = library.annotator
        self.labels = {lb.name for lb in library.labels()}

    def article_for(self, r: AnnotationRecord) -> tuple[Article | None, str | None]:
        """The library article a record belongs to (created from the file if embedded), and its hash."""
        emb: ArticleRecord | None = self.embedded.get(r.article_id)
        if emb is None and r.article_url:
            emb = self.by_url.get(r.article_url)
        sha = r.text_sha256 or (emb.text_sha256 if emb else None)
        key = (r.article_id, r.article_url, sha)
        if key not in self.articles:
            self.articles[key] = self._find(r, emb, sha)
        return self.articles[key], sha

    def _find(self, r: AnnotationRecord, emb: ArticleRecord | None, sha: str | None) -> Article | None:
        urls = [r.article_url, *((emb.url, emb.canonical_url) if emb else ())]
        for url in urls:
            if url:
                found = self.lib.find_article(url=url)
                if found is not None:
                    return found
        if sha:
            found = self.lib.find_article(text_sha256=sha)
            if found is not None:
                return found
        if emb is None:
            return None
        content = ArticleContent(
            emb.blocks,
            title=emb.title or r.article_title,
            byline=emb.byline,
            site_name=emb.site_name,
            published=emb.published,
            language=emb.language,
            canonical_url=emb.canonical_url,
        )
        article = self.lib.add_article(content, url=emb.url)
        self.result.articles_added.append(article.id)
        return article

    def ensure_label(self, name: str) -> None:
        """Add a label the file uses that the library lacks (with the file's colour when valid)."""
        if name in self.labels:
            return
        try:
            self.lib.add_label(name, color=self.ex.labels.get(name))
        except InputError:  # a malformed colour (or name) from the file: try without the colour
            self.lib.add_label(name)
        self.labels.add(name)
        self.result.labels_added.append(name)

    def place(self, r: AnnotationRecord, article: Article, same_text: bool) -> tuple[str, int, int, float]:
        """Status, offsets and score of a record on the article's current text."""
        text = article.text
        status = r.anchor_status if r.anchor_status in STATUSES else "exact"
        start, end = self._old_offsets(r)
        if same_text and status == "orphaned":
            return "orphaned", start, end, 0.0
        if same_text and text[start:end] == r.exact:
            score = r.anchor_score if r.anchor_score is not None else (1.0 if status == "exact" else 0.5)
            return status, start, end, score
        (out,) = reanchor(None, text, [Anchor(start, end, r.exact, r.prefix, r.suffix)])
        if out.start is None or out.end is None:
            return "orphaned", start, end, 0.0
        return out.status, out.start, out.end, out.score

    @staticmethod
    def _old_offsets(r: AnnotationRecord) -> tuple[int, int]:
        """The file's offsets (a position hint), or a placeholder span as long as the quote."""
        if r.start is not None and r.end is not None and r.end > r.start:
            return r.start, r.end
        return 0, max(1, len(r.exact))

    def add(self, r: AnnotationRecord, who: str, article: Article, same_text: bool) -> None:
        """Import one record into ``article`` (or count it as skipped)."""
        layer = "" if who == self.local else who
        key = import_key(r, who)
        conn = self.lib.conn
        if conn.execute(
            "SELECT 1 FROM highlights WHERE article_id = ? AND import_key = ?", (article.id, key)
        ).fetchone():
            self.result.skipped += 1
            return
        status, start, end, score = self.place(r, article, same_text)
        exact, prefix, suffix = r.exact, r.prefix, r.suffix
        if status != "orphaned":
            exact, prefix, suffix = make_quote(article.text, start, end)
        if conn.execute(  # the same highlight is already there (e.g. your own export read back)
            "SELECT 1 FROM highlights WHERE article_id = ? AND annotator = ? AND label = ? AND start = ? "
            'AND "end" = ? AND exact = ?',
            (article.id, layer, r.label, start, end, exact),
        ).fetchone():
            self.result.skipped += 1
            return
        if (
            status != "orphaned"
            and conn.execute(
                'SELECT 1 FROM highlights WHERE article_id = ? AND annotator = ? AND start < ? AND "end" > ? '
                "AND anchor_status != 'orphaned'",
                (article.id, layer, end, start),
            ).fetchone()
        ):
            status, score = "orphaned", 0.0
            self.result.conflicts += 1
        self.ensure_label(r.label)
        now = utc_now()
        row = Highlight(
            None, article.id, r.label, start, end, exact, prefix, suffix, r.note,
            r.created_at or now, r.updated_at or r.created_at or now, status,
            anchor_score=round(float(score), 3), annotator=layer,
            origin=r.origin if r.origin in ORIGINS else "imported", import_key=key,
        )  # fmt: skip
        self.lib.add_highlights(article.id, [row])
        self.result.added += 1
        setattr(self.result, status, getattr(self.result, status) + 1)


def import_exchange(
    library: Library, exchange: Exchange, *, annotator: str | None = None, name: str = "the file"
) -> ImportResult:
    """Import parsed export contents into ``library`` in one transaction (see the module docstring)."""
    records = exchange.records
    who = _who(records, annotator, name)
    imp = _Importer(library, exchange)
    with library.transaction():
        for r, w in zip(records, who, strict=True):
            article, sha = imp.article_for(r)
            if article is None:
                imp.result.unmatched += 1
                continue
            imp.add(r, w, article, same_text=sha is not None and sha == article.text_sha256)
    imp.result.annotators = sorted(Counter(who))
    return imp.result
