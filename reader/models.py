"""Plain data records shared by the core, the CLI and the window (no behaviour, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the window's first paint lists articles without loading the block model
    from reader.blocks import Block

DEFAULT_LABELS: tuple[tuple[str, str, str], ...] = (
    # name, colour (light-theme highlight), key
    ("fact", "#7ccf8a", "1"),
    ("filler", "#f2b36b", "2"),
)


@dataclass
class ArticleContent:
    """What extraction produces from one page or file, before it is stored."""

    blocks: list[Block]
    title: str = ""
    byline: str | None = None
    site_name: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, as found
    language: str | None = None
    canonical_url: str | None = None
    extractor: str = "sift"
    extractor_version: str = ""

    @property
    def text(self) -> str:
        """The canonical text (see :mod:`reader.blocks`)."""
        from reader.blocks import canonical_text

        return canonical_text(self.blocks)


@dataclass
class Article:
    """A stored article: its content plus library bookkeeping."""

    id: int
    title: str
    text: str
    blocks: list[Block]
    html: str
    url: str | None = None
    canonical_url: str | None = None
    byline: str | None = None
    site_name: str | None = None
    published: str | None = None
    language: str | None = None
    added_at: str = ""
    fetched_at: str | None = None
    text_sha256: str = ""
    word_count: int = 0
    extractor: str = ""
    extractor_version: str = ""
    read: bool = False
    archived: bool = False
    tags: list[str] = field(default_factory=list)


@dataclass
class ArticleSummary:
    """One row of the library list: enough to show and sort, without the text."""

    id: int
    title: str
    url: str | None
    site_name: str | None
    published: str | None
    added_at: str
    word_count: int
    highlight_count: int
    fact_words: int
    filler_words: int
    read: bool
    archived: bool
    tags: list[str]

    @property
    def fact_density(self) -> float | None:
        """Fact words / (fact + filler words), or ``None`` when nothing is labelled."""
        total = self.fact_words + self.filler_words
        return self.fact_words / total if total else None


@dataclass
class Label:
    """A paint label: ``fact``, ``filler`` or one the user made."""

    name: str
    color: str
    key: str | None = None
    order: int = 0


@dataclass
class Highlight:
    """A labelled span ``[start, end)`` of an article's canonical text, with its quote selector.

    ``anchor_status`` is ``exact``, ``fuzzy`` or ``orphaned`` (see :mod:`reader.reanchor`), with
    ``anchor_score`` 0..1; ``annotator`` is ``""`` for the library's own (local) annotator (see
    ``Library.annotator``); ``origin`` is ``manual``, ``suggested`` or ``imported``; ``import_key``
    identifies an imported annotation so a second import never duplicates it.
    """

    id: int | None
    article_id: int
    label: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    note: str = ""
    created_at: str = ""
    updated_at: str = ""
    anchor_status: str = "exact"
    anchor_score: float = 1.0
    annotator: str = ""
    origin: str = "manual"
    import_key: str | None = None
