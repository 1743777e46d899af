"""Convert a cleaned lxml tree into Sift blocks, keeping only allow-listed structure."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlElement

from reader.blocks import Block, Inline, normalize_block, safe_href


def _words(text: str) -> frozenset[str]:
    """Return the set of space-separated words in ``text``."""
    return frozenset(text.split())


HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Never read: code, frames, plugins, forms, media, document head. (<embed>, <source>, <track> are
# not here: libxml2 parses them as containers of what follows, so they must stay transparent.)
SKIP = _words(
    "script style noscript template iframe frame frameset object applet form input button select "
    "textarea option optgroup datalist svg math canvas video audio map area head title meta link base "
    "param dialog"
)
# Elements that end the current block.
BLOCK = _words(
    "p div section article main header footer aside nav address center dl dt dd details summary fieldset "
    "legend hgroup figure figcaption table thead tbody tfoot tr caption ul ol li menu dir blockquote pre "
    "hr br h1 h2 h3 h4 h5 h6 body html"
)
INLINE_KIND = {
    "em": "em",
    "i": "em",
    "cite": "em",
    "dfn": "em",
    "strong": "strong",
    "b": "strong",
    "code": "code",
    "kbd": "code",
    "samp": "code",
    "tt": "code",
    "var": "code",
}
CELL = frozenset(("td", "th"))
_SPACE = re.compile(r"\s+")
_PIXEL = re.compile(r"^\s*[0-2](?:px)?\s*$")


def is_tracking_pixel(img: HtmlElement) -> bool:
    """True for 0-2 px images (the usual tracking beacons)."""
    return bool(_PIXEL.match(img.get("width") or "x") or _PIXEL.match(img.get("height") or "x"))


def _collapsed_block(kind: str, text: str, level: int, ordered: bool, inlines: list[Inline]) -> Block | None:
    """Build a normalized block from already whitespace-collapsed text (as ``normalize_block`` would)."""
    if text.endswith(" "):
        text = text[:-1]
    if not text:
        return None
    n = len(text)
    fixed = []
    for il in inlines:
        s, e = il.start, min(il.end, n)
        while s < e and text[s] == " ":
            s += 1
        while e > s and text[e - 1] == " ":
            e -= 1
        if e > s:
            fixed.append(il if (s, e) == (il.start, il.end) else Inline(s, e, il.kind, il.href))
    return Block(kind, text, level, ordered, tuple(fixed))  # type: ignore[arg-type]


def _normalized_pre(text: str) -> Block | None:
    """A normalized ``pre`` block (blank edge lines removed, trailing spaces trimmed, idempotently)."""
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    block = normalize_block(Block("pre", text.strip("\n")))
    # normalize_block strips edge newlines before trimming lines; trimming first makes it a fixed point.
    return block if block is None or normalize_block(block) == block else normalize_block(block)


class _Builder:
    """Accumulates text and inline runs for the block being built, emitting blocks as they end."""

    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.length = 0
        self.inlines: list[Inline] = []
        self.open: list[list] = []  # [kind, href, start] of inline runs still open
        self.kind_stack: list[tuple[str, int, bool]] = [("paragraph", 0, False)]
        self.list_stack: list[bool] = []  # ordered? per open list
        self.pre_depth = 0
        self.figure_depth = 0
        self.figure_has_caption: list[bool] = []
        self.cell_count = 0
        self.space = True  # the text so far ends with a space (or is empty)

    def add(self, text: str | None) -> None:
        """Append text, collapsing whitespace on the fly (raw inside ``pre``)."""
        if not text:
            return
        if not self.pre_depth:
            text = _SPACE.sub(" ", text)
            if text[0] == " " and self.space:
                text = text[1:]
                if not text:
                    return
            self.space = text[-1] == " "
        self.parts.append(text)
        self.length += len(text)

    def open_inline(self, kind: str, href: str | None) -> None:
        self.open.append([kind, href, self.length])

    def close_inline(self) -> None:
        kind, href, start = self.open.pop()
        if self.length > start:
            self.inlines.append(Inline(start, self.length, kind, href))  # type: ignore[arg-type]

    def flush(self) -> None:
        """End the current block: emit it (normalized) if it has text, and restart open inline runs."""
        if self.parts:
            for kind, href, start in self.open:
                if self.length > start:
                    self.inlines.append(Inline(start, self.length, kind, href))  # type: ignore[arg-type]
            text = "".join(self.parts)
            kind, level, ordered = self.kind_stack[-1]
            if self.pre_depth:
                block = _normalized_pre(text)  # pre is plain text: no inline runs
            else:
                block = _collapsed_block(kind, text, level, ordered, self.inlines)
            if block is not None:
                self.blocks.append(block)
            self.parts, self.length = [], 0
        self.inlines = []
        for o in self.open:
            o[2] = 0
        self.space = True
        self.cell_count = 0

    def href(self, raw: str | None) -> str | None:
        if not raw:
            return None
        raw = raw.strip()
        if raw.startswith("#"):
            return None
        try:
            return safe_href(urljoin(self.base_url, raw) if self.base_url else raw)
        except ValueError:
            return None


def _nearest_kind(b: _Builder, tag: str) -> tuple[str, int, bool] | None:
    """The block kind (kind, level, ordered) an element starts, or ``None`` if it starts none."""
    if tag in HEADINGS:
        return ("heading", HEADINGS[tag], False)
    if tag == "li":
        return ("list_item", max(len(b.list_stack), 1), bool(b.list_stack and b.list_stack[-1]))
    if tag == "blockquote":
        top = b.kind_stack[-1]
        return top if top[0] in ("heading", "list_item") else ("quote", 0, False)
    if tag == "pre":
        return ("pre", 0, False)
    if tag == "figure":
        return ("figure", 0, False)
    return None


def html_to_blocks(root: HtmlElement, base_url: str | None = None, *, images: bool = True) -> list[Block]:
    """Walk ``root`` and return normalized blocks (headings, paragraphs, list items, quotes, pre, figures).

    Only text ever leaves the tree: scripts, styles, frames, forms and media are skipped, links keep
    only http(s)/mailto targets, and images become ``figure`` blocks holding their alt text or
    caption (never their URL); 0-2 px tracking pixels are dropped.
    """
    b = _Builder(base_url)
    walker = etree.iterwalk(root, events=("start", "end"))
    pushed: list[
        tuple[bool, bool, bool, bool, bool]
    ] = []  # per open element: kind, list, inline, figure, pre
    for event, el in walker:
        tag = el.tag
        if not isinstance(tag, str):  # comment / processing instruction
            if event == "end":
                continue
            walker.skip_subtree()
            if el.tail and el is not root:
                b.add(el.tail)
            continue
        tag = tag.lower()
        if event == "start":
            if tag in SKIP:
                walker.skip_subtree()
                pushed.append((False, False, False, False, False))
                continue
            push_kind = push_list = push_inline = push_fig = push_pre = False
            in_figure = b.figure_depth > 0
            if tag in BLOCK and not in_figure:
                if tag in ("br", "hr"):
                    if b.pre_depth:
                        b.add("\n")
                    elif b.kind_stack[-1][0] in ("heading", "list_item"):
                        b.add(" ")
                    else:
                        b.flush()
                else:
                    b.flush()
                if tag in ("ul", "ol", "menu", "dir"):
                    b.list_stack.append(tag == "ol")
                    push_list = True
                k = _nearest_kind(b, tag)
                if k is not None:
                    b.kind_stack.append(k)
                    push_kind = True
                if tag == "pre":
                    b.pre_depth += 1
                    push_pre = True
                if tag == "figure":
                    b.figure_depth += 1
                    push_fig = True
                    b.figure_has_caption.append(el.find(".//figcaption") is not None)
            elif tag in BLOCK and in_figure:
                if tag in ("br", "hr", "p", "div", "figcaption") and b.length:
                    b.add(" ")
            elif tag in CELL:
                if b.cell_count:
                    b.add(" | ")
                b.cell_count += 1
            elif tag == "img":
                _image(b, el)
            elif tag == "a":
                href = b.href(el.get("href"))
                if href is not None:
                    b.open_inline("link", href)
                    push_inline = True
            elif tag in INLINE_KIND and not b.pre_depth:
                b.open_inline(INLINE_KIND[tag], None)
                push_inline = True
            pushed.append((push_kind, push_list, push_inline, push_fig, push_pre))
            if el.text:
                b.add(el.text)
        else:
            push_kind, push_list, push_inline, push_fig, push_pre = pushed.pop()
            if push_inline:
                b.close_inline()
            if push_fig:
                b.flush()
                b.figure_depth -= 1
                b.figure_has_caption.pop()
            elif tag in BLOCK and b.figure_depth == 0 and tag not in ("br", "hr"):
                b.flush()
            if push_pre:
                b.pre_depth -= 1
            if push_kind:
                b.kind_stack.pop()
            if push_list:
                b.list_stack.pop()
            if el.tail and el is not root:
                b.add(el.tail)
    b.flush()
    return [bl for bl in b.blocks if images or bl.kind != "figure"]


def _image(b: _Builder, img: HtmlElement) -> None:
    """Add an image's alt text as a figure placeholder (inside a figure without caption, or alone)."""
    if is_tracking_pixel(img):
        return
    alt = (img.get("alt") or "").strip()
    if b.figure_depth:
        if not b.figure_has_caption[-1] and alt:
            if b.length:
                b.add(" ")
            b.add(alt)
        return
    if not alt or b.pre_depth or any(p.strip() for p in b.parts) or b.kind_stack[-1][0] != "paragraph":
        return
    b.flush()
    b.kind_stack.append(("figure", 0, False))
    b.add(alt)
    b.flush()
    b.kind_stack.pop()
