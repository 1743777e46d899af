"""The block structure every article is stored as, and the canonical text built from it.

An article is a list of :class:`Block` objects. Each block has a kind (``heading``,
``paragraph``, ``list_item``, ``quote``, ``pre``, ``figure``) and a plain ``text`` with
inline runs (emphasis, strong, code, links) given as offsets into that text.

**The canonical text** of an article is ``"\\n".join(block.text for block in blocks)``.
Every highlight offset in Sift is a Python string index (a code point index) into this
text. Block texts never contain ``"\\n"`` except in ``pre`` blocks, where a newline is a
line break inside the block; either way one newline is one offset, which is also how a
``QTextDocument`` counts a block boundary. The GUI builds its document from the same
blocks (one text block per line) so that document positions equal these offsets (after
converting UTF-16 code units to code points, see ``reader/ui``).

Whitespace inside a non-``pre`` block is collapsed to single spaces and stripped at both
ends; empty blocks are dropped. :func:`normalize_blocks` enforces this, so two
extractions of the same content give the same text and the same offsets.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "quote", "pre", "figure"]
InlineKind = Literal["em", "strong", "code", "link"]

BLOCK_KINDS: tuple[str, ...] = ("heading", "paragraph", "list_item", "quote", "pre", "figure")
INLINE_KINDS: tuple[str, ...] = ("em", "strong", "code", "link")
SAFE_SCHEMES = ("http://", "https://", "mailto:")

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Inline:
    """A styled run inside one block: ``[start, end)`` offsets into the block's text."""

    start: int
    end: int
    kind: InlineKind
    href: str | None = None


@dataclass(frozen=True)
class Block:
    """One block of an article: its kind, plain text and inline runs.

    ``level`` is the heading level (1-6) for headings and the nesting depth (1-based)
    for list items; ``ordered`` marks items of a numbered list.
    """

    kind: BlockKind
    text: str
    level: int = 0
    ordered: bool = False
    inlines: tuple[Inline, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        """Return a JSON-ready dict (compact: defaults left out)."""
        d: dict = {"kind": self.kind, "text": self.text}
        if self.level:
            d["level"] = self.level
        if self.ordered:
            d["ordered"] = True
        if self.inlines:
            d["inlines"] = [
                [i.start, i.end, i.kind] + ([i.href] if i.href is not None else []) for i in self.inlines
            ]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Block:
        """Rebuild a block from :meth:`to_dict` output."""
        inlines = tuple(
            Inline(int(x[0]), int(x[1]), x[2], x[3] if len(x) > 3 else None) for x in d.get("inlines", ())
        )
        return cls(d["kind"], d["text"], int(d.get("level", 0)), bool(d.get("ordered", False)), inlines)


def canonical_text(blocks: Sequence[Block]) -> str:
    """Return the article's canonical text: block texts joined by newlines."""
    return "\n".join(b.text for b in blocks)


def block_offsets(blocks: Sequence[Block]) -> list[int]:
    """Return the canonical-text offset at which each block starts."""
    out: list[int] = []
    pos = 0
    for b in blocks:
        out.append(pos)
        pos += len(b.text) + 1
    return out


def _collapse(text: str, inlines: tuple[Inline, ...]) -> tuple[str, tuple[Inline, ...]]:
    """Collapse whitespace runs to one space and strip the ends, remapping inline offsets."""
    out: list[str] = []
    new_index: list[int] = []  # old index -> new index of that character, -1 if dropped
    for ch in text:
        if ch.isspace():
            if out and out[-1] != " ":
                new_index.append(len(out))
                out.append(" ")
            else:
                new_index.append(-1)
        else:
            new_index.append(len(out))
            out.append(ch)
    if out and out[-1] == " ":
        out.pop()
    new = "".join(out)
    fixed = []
    for il in inlines:
        kept = [new_index[i] for i in range(max(il.start, 0), min(il.end, len(text)))]
        kept = [k for k in kept if 0 <= k < len(new)]
        if kept:
            s, e = kept[0], kept[-1] + 1
            while s < e and new[s] == " ":
                s += 1
            while e > s and new[e - 1] == " ":
                e -= 1
            if e > s:
                fixed.append(replace(il, start=s, end=e))
    return new, tuple(fixed)


def normalize_block(block: Block) -> Block | None:
    """Collapse whitespace (except in ``pre``), clamp inlines; ``None`` if the block is empty."""
    if block.kind not in BLOCK_KINDS:
        raise ValueError(f"unknown block kind {block.kind!r}")
    if block.kind == "pre":
        lines = [line.rstrip() for line in block.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        text = "\n".join(lines).strip("\n")
        inlines = tuple(i for i in block.inlines if 0 <= i.start < i.end <= len(text))
    else:
        text, inlines = _collapse(block.text, block.inlines)
    if not text.strip():
        return None
    inlines = tuple(
        i for i in inlines if i.kind in INLINE_KINDS and (i.kind != "link" or safe_href(i.href) is not None)
    )
    return replace(block, text=text, inlines=inlines)


def normalize_blocks(blocks: Iterable[Block]) -> list[Block]:
    """Normalize every block and drop the empty ones."""
    out = []
    for b in blocks:
        nb = normalize_block(b)
        if nb is not None:
            out.append(nb)
    return out


def safe_href(href: str | None) -> str | None:
    """Return ``href`` if it is an http(s) or mailto link, else ``None`` (no javascript:/data:)."""
    if not href:
        return None
    h = href.strip()
    return h if h.lower().startswith(SAFE_SCHEMES) else None


def blocks_from_text(text: str) -> list[Block]:
    """Turn plain text into paragraphs: blank lines separate paragraphs, single newlines join."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paras = re.split(r"\n\s*\n", text)
    return normalize_blocks(Block("paragraph", p) for p in paras)


def blocks_to_json(blocks: Sequence[Block]) -> str:
    """Serialize blocks to compact JSON for storage."""
    return json.dumps([b.to_dict() for b in blocks], ensure_ascii=False, separators=(",", ":"))


def blocks_from_json(data: str) -> list[Block]:
    """Parse blocks stored by :func:`blocks_to_json`."""
    return [Block.from_dict(d) for d in json.loads(data)]


_TAGS = {"em": "em", "strong": "strong", "code": "code"}


def _inline_html(block: Block) -> str:
    """Render a block's text with its inline runs as escaped, allow-listed HTML."""
    from html import escape  # here: html.entities is large and start-up never renders HTML

    text = block.text
    events: dict[int, list[tuple[int, str]]] = {}
    for n, il in enumerate(sorted(block.inlines, key=lambda i: (i.start, -i.end))):
        if il.kind == "link":
            href = safe_href(il.href)
            if href is None:
                continue
            open_tag = f'<a href="{escape(href, quote=True)}" rel="noopener noreferrer">'
            close_tag = "</a>"
        else:
            open_tag, close_tag = f"<{_TAGS[il.kind]}>", f"</{_TAGS[il.kind]}>"
        events.setdefault(il.start, []).append((n, open_tag))
        events.setdefault(il.end, []).append((-n - 1, close_tag))
    out: list[str] = []
    pos = 0
    for i in sorted(k for k in events if 0 <= k <= len(text)):
        out.append(escape(text[pos:i], quote=False))
        out.extend(tag for _key, tag in sorted(events[i], key=lambda t: t[0]))
        pos = i
    out.append(escape(text[pos:], quote=False))
    return "".join(out)


def blocks_to_html(blocks: Sequence[Block]) -> str:
    """Render blocks as sanitized HTML (allow-listed tags only, no scripts, no remote images)."""
    from html import escape

    parts: list[str] = []
    open_list: str | None = None
    for b in blocks:
        if b.kind == "list_item":
            tag = "ol" if b.ordered else "ul"
            if open_list != tag:
                if open_list:
                    parts.append(f"</{open_list}>")
                parts.append(f"<{tag}>")
                open_list = tag
            parts.append(f"<li>{_inline_html(b)}</li>")
            continue
        if open_list:
            parts.append(f"</{open_list}>")
            open_list = None
        body = _inline_html(b)
        if b.kind == "heading":
            lvl = min(max(b.level or 2, 1), 6)
            parts.append(f"<h{lvl}>{body}</h{lvl}>")
        elif b.kind == "quote":
            parts.append(f"<blockquote><p>{body}</p></blockquote>")
        elif b.kind == "pre":
            parts.append(f"<pre>{escape(b.text, quote=False)}</pre>")
        elif b.kind == "figure":
            parts.append(f"<figure><figcaption>{body}</figcaption></figure>")
        else:
            parts.append(f"<p>{body}</p>")
    if open_list:
        parts.append(f"</{open_list}>")
    return "\n".join(parts)
