"""readability-lxml's article finder, run on an already-parsed tree without its costly extra passes.

:class:`TreeDocument` keeps readability's scoring and cleanup rules but skips what Sift does not need:
its lxml ``Cleaner`` pass and link rewriting (Sift's block conversion is the sanitizer), the
serialization of every ``<div>``'s children to test for block content, and the final
serialize-then-reparse of the summary (the article element is returned directly).
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree
from lxml.html import HtmlElement
from readability import Document
from readability.readability import REGEXES, Unparseable

# Tag-name prefixes readability's ``divToPElementsRe`` looks for in a div's markup.
_BLOCKY_PREFIXES = ("blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul")
_INLINE = frozenset(
    ["a", "b", "cite", "code", "em", "font", "i", "small", "span", "strong", "sub", "sup", "u"]
)
_UNLIKELY = REGEXES["unlikelyCandidatesRe"]
_MAYBE = REGEXES["okMaybeItsACandidateRe"]


def _blocky(tag: object) -> bool:
    return isinstance(tag, str) and tag.startswith(_BLOCKY_PREFIXES)


def _with_block_descendants(root: HtmlElement) -> set[HtmlElement]:
    """Elements having a descendant whose tag readability counts as block content (one bottom-up pass)."""
    marked: set[HtmlElement] = set()
    for _event, el in etree.iterwalk(root, events=("end",)):
        parent = el.getparent()
        if parent is not None and (el in marked or _blocky(el.tag)):
            marked.add(parent)
    return marked


def text_len(elem: HtmlElement) -> int:
    """Length of an element's text with whitespace runs counted as one character."""
    return len(" ".join(elem.text_content().split()))


class TreeDocument(Document):
    """A readability ``Document`` over a tree Sift already parsed and pre-cleaned."""

    def __init__(self, tree: HtmlElement, remake: Callable[[], HtmlElement], url: str | None = None) -> None:
        super().__init__("", url=url)
        self._first: HtmlElement | None = tree
        self._remake = remake
        self._lengths: dict[HtmlElement, float] | None = None

    def _parse(self, input: object) -> HtmlElement:
        """Hand readability the given tree first, and a freshly made one on a retry."""
        del input
        self.encoding = "utf-8"
        if self._first is not None:
            tree, self._first = self._first, None
            return tree
        return self._remake()

    def remove_unlikely_candidates(self) -> None:
        """Drop elements whose class/id look like navigation or comments (readability's rule, faster)."""
        for elem in self.html.xpath("//*[@class or @id]"):
            s = f"{elem.get('class', '')} {elem.get('id', '')}"
            if len(s) < 2 or elem.tag in ("html", "body"):
                continue
            if not _UNLIKELY.search(s) or _MAYBE.search(s):
                continue
            if elem.getparent() is None and elem is not self.html:
                continue  # already dropped with an ancestor
            if next(elem.iterancestors("pre", "code"), None) is not None or elem.tag in ("pre", "code"):
                continue
            if next(elem.iter("main", "article", "math"), None) is not None:
                continue
            elem.drop_tree()

    def transform_misused_divs_into_paragraphs(self) -> None:
        """Turn divs without block content into paragraphs, wrap a div's loose text (readability's rule)."""
        marked = _with_block_descendants(self.html)
        for elem in list(self.html.iter("div")):
            if elem not in marked:
                elem.tag = "p"
        for elem in list(self.html.iter("div")):
            children = list(elem)
            paragraph = None
            if elem.text and elem.text.strip():
                p = elem.makeelement("p", {})
                p.text = elem.text
                elem.text = None
                elem.insert(0, p)
                paragraph = p
            for child in children:
                if child.tag == "br":
                    paragraph = None
                    continue
                if child.tag not in _INLINE or child in marked:
                    paragraph = None
                    continue
                if paragraph is None:
                    paragraph = elem.makeelement("p", {})
                    child.addprevious(paragraph)
                paragraph.append(child)
            for pos, child in reversed(list(enumerate(elem))):
                if child.tail and child.tail.strip():
                    p = elem.makeelement("p", {})
                    p.text = child.tail
                    child.tail = None
                    elem.insert(pos + 1, p)
                if child.tag == "br":
                    child.drop_tree()

    def get_link_density(self, elem: HtmlElement) -> float:
        """Share of an element's text inside links (readability's measure, with a cheaper length)."""
        cache = self._lengths
        if cache is not None and elem in cache:
            return cache[elem]
        links = sum(text_len(a) for a in elem.iter("a"))
        density = links / max(text_len(elem), 1)
        if cache is not None:
            cache[elem] = density
        return density

    def score_paragraphs(self) -> dict:
        """Score paragraph containers by text length and commas (readability's rule, cheaper text lengths)."""
        min_len = self.min_text_length
        candidates: dict = {}
        ordered = []
        self._lengths = {}
        try:
            for tag in ("p", "pre", "td", "blockquote"):
                for elem in self.html.iter(tag):
                    parent = elem.getparent()
                    if parent is None:
                        continue
                    grand = parent.getparent()
                    inner = " ".join(elem.text_content().split())
                    if len(inner) < min_len:
                        continue
                    if parent not in candidates:
                        candidates[parent] = self.score_node(parent)
                        ordered.append(parent)
                    if grand is not None and grand not in candidates:
                        candidates[grand] = self.score_node(grand)
                        ordered.append(grand)
                    score = 1 + len(inner.split(",")) + min(len(inner) / 100, 3)
                    candidates[parent]["content_score"] += score
                    if grand is not None:
                        candidates[grand]["content_score"] += score / 2.0
            for elem in ordered:
                candidates[elem]["content_score"] *= 1 - self.get_link_density(elem)
        finally:
            self._lengths = None
        return candidates

    def get_clean_html(self) -> str:
        """Skip serialization: Sift reads the article element itself (see :meth:`article`)."""
        return ""

    def article(self, retry_length: int = 250) -> HtmlElement | None:
        """Return readability's article element, retrying without the ruthless pass when it is short."""
        try:
            ruthless = True
            while True:
                self._html(True)
                for body in self.html.iter("body"):
                    body.set("id", "readabilityBody")
                if ruthless:
                    self.remove_unlikely_candidates()
                self.transform_misused_divs_into_paragraphs()
                candidates = self.score_paragraphs()
                best = self.select_best_candidate(candidates)
                if best:
                    best = self.get_semantic_article_candidate(candidates, best)
                    best = self.get_semantic_main_candidate(candidates, best)
                if best:
                    article = self.get_article(candidates, best, html_partial=True)
                elif ruthless:
                    ruthless = False
                    continue
                else:
                    article = self.html.find("body")
                    if article is None:
                        article = self.html
                self.sanitize(article, candidates)
                node = self.html
                if ruthless and len(node.text_content().strip()) < retry_length:
                    ruthless = False
                    continue
                return node
        except (Unparseable, etree.LxmlError, ValueError):
            return None
