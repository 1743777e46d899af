"""Turn a web page or a plain-text file into an :class:`ArticleContent` (blocks plus metadata)."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

import lxml.html
from lxml import etree

from reader import __version__
from reader.blocks import Block, blocks_from_text
from reader.encoding import decode_html
from reader.errors import ExtractError
from reader.extract_clean import preclean, strip_code
from reader.extract_post import tidy_blocks
from reader.extract_readability import TreeDocument
from reader.htmlblocks import html_to_blocks
from reader.metadata import Metadata, clean_space, extract_metadata
from reader.models import ArticleContent

__all__ = ["ExtractError", "decode_html", "extract_html", "extract_text"]

EXTRACTOR = "sift"
# Control characters lxml refuses (below 0x20 except tab, newline, return) and lone surrogates.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
_TAG = re.compile(r"<\s*[A-Za-z!?/]")
_HTML_IN_TEXT = re.compile(r"</?(?:p|br|div|h[1-6]|ul|ol|li|blockquote)\b", re.I)
_BINARY_MAGIC = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG image",
    b"GIF8": "GIF image",
    b"\xff\xd8\xff": "JPEG image",
    b"PK\x03\x04": "ZIP archive",
    b"\x1f\x8b": "gzip archive",
    b"RIFF": "RIFF media",
    b"\x7fELF": "program",
}


def _html_parser() -> lxml.html.HTMLParser:
    """An HTML parser whose elements are plain HtmlElements, looked up in C (no per-node Python call)."""
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement,
            comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )
    return parser


_LOCAL = threading.local()  # lxml parsers must not be shared between threads


def _parser() -> lxml.html.HTMLParser:
    """This thread's HTML parser."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = _html_parser()
    return parser


def _refuse_binary(data: bytes) -> None:
    """Raise ExtractError for bytes that are clearly not text (known magic numbers or many NUL bytes)."""
    for magic, name in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ExtractError(f"This is a {name}, not a web page or text; {name} files are not supported.")
    head = data[:2048]
    if head.count(b"\x00") > len(head) // 10 and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExtractError(
            "This file is binary data, not a web page or text; open an HTML or text file instead."
        )


def _to_text(html: str | bytes, charset: str | None) -> str:
    if isinstance(html, bytes | bytearray):
        data = bytes(html)
        _refuse_binary(data)
        html = decode_html(data, charset)
    elif not isinstance(html, str):
        raise ExtractError("The page is neither text nor bytes, so it cannot be read; pass the page's HTML.")
    return _BAD_CHARS.sub("", html)


def parse_html(text: str) -> lxml.html.HtmlElement:
    """Parse page text into an lxml document; ExtractError if nothing can be parsed."""
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        raise ExtractError("The page is empty, so there is no article to read; check the address or file.")
    try:
        doc = lxml.html.document_fromstring(text, parser=_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        raise ExtractError(
            f"The page could not be parsed as HTML ({e}); check that it is a web page."
        ) from None
    return doc


MIN_WORDS = 30  # below this, the first extraction is probably the wrong block: try the fallbacks
_WORD = re.compile(r"\w+")


def _words(blocks: list[Block]) -> int:
    return sum(len(_WORD.findall(b.text)) for b in blocks)


def _readability_blocks(
    doc: lxml.html.HtmlElement, remake: Callable[[], lxml.html.HtmlElement], url: str | None
) -> list[Block]:
    node = TreeDocument(doc, remake, url=url).article()
    return [] if node is None else html_to_blocks(node, url)


def _article_blocks(text: str, doc: lxml.html.HtmlElement, meta: Metadata, url: str | None) -> list[Block]:
    """The article's blocks: pre-cleaned readability, then fallbacks when that finds (almost) nothing.

    Fallbacks, in order: readability on the page as it is (when pre-cleaning removed too much),
    then the ``articleBody`` the page declares in JSON-LD.
    """
    blocks = tidy_blocks(
        _readability_blocks(preclean(doc), lambda: preclean(parse_html(text)), url), meta.titles, meta.byline
    )
    body_words = len(_WORD.findall(meta.article_body or ""))
    found = _words(blocks)
    if found >= MIN_WORDS and found >= 0.4 * body_words:
        return blocks

    def plain_page() -> lxml.html.HtmlElement:
        return strip_code(parse_html(text))

    plain = tidy_blocks(_readability_blocks(plain_page(), plain_page, url), meta.titles, meta.byline)
    candidates = [blocks, plain]
    if body_words >= MIN_WORDS:
        candidates.append(_declared_body_blocks(meta.article_body or "", url))
    return max(candidates, key=_words)


def _declared_body_blocks(body: str, url: str | None) -> list[Block]:
    """Blocks from a JSON-LD ``articleBody``: plain text (one paragraph per line) or, on some sites, HTML."""
    if _HTML_IN_TEXT.search(body):
        try:
            frag = lxml.html.fragment_fromstring(body, create_parent="div", parser=_parser())
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            return []
        return html_to_blocks(strip_code(frag), url)
    return blocks_from_text(body.replace("\n", "\n\n"))


def extract_html(html: str | bytes, *, url: str | None = None, charset: str | None = None) -> ArticleContent:
    """Extract the readable article from a web page (str, or bytes decoded with ``charset``/<meta>/detection).

    Raises :class:`ExtractError` when the input is not a page, is empty, or has no readable article.
    """
    text = _to_text(html, charset)
    if not text.strip():
        raise ExtractError("The page is empty, so there is no article to read; check the address or file.")
    if not _TAG.search(text[:100_000]):
        raise ExtractError("This is not an HTML page (no tags found); add it as a plain-text file instead.")
    doc = parse_html(text)
    meta = extract_metadata(doc, url)
    blocks = _article_blocks(text, doc, meta, url)
    if not blocks:
        raise ExtractError(
            "No readable article was found on this page (it may be built by scripts); save it from a "
            "browser and add the saved file, or add the text as a .txt file."
        )
    title = meta.title or next((b.text for b in blocks if b.kind == "heading"), "")
    return ArticleContent(
        blocks=blocks,
        title=title,
        byline=meta.byline,
        site_name=meta.site_name,
        published=meta.published,
        language=meta.language,
        canonical_url=meta.canonical_url,
        extractor=EXTRACTOR,
        extractor_version=__version__,
    )


def extract_text(text: str, *, title: str | None = None) -> ArticleContent:
    """Turn plain text into paragraphs; the title is ``title`` or else a short first line."""
    if not isinstance(text, str):
        raise ExtractError("The text could not be read as text; add a UTF-8 text file.")
    text = _BAD_CHARS.sub("", text).removeprefix("\ufeff")
    if not text.strip():
        raise ExtractError("The text is empty, so there is no article to read; check the file.")
    if title is None:
        first = clean_space(text.strip().split("\n", 1)[0])
        title = first if first and len(first) <= 120 else ""
    blocks = blocks_from_text(text)
    if not blocks:
        raise ExtractError("The text is empty, so there is no article to read; check the file.")
    return ArticleContent(blocks=blocks, title=title, extractor=EXTRACTOR, extractor_version=__version__)
