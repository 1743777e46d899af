"""Tidying of extracted blocks: drop what the article finder kept but is not the article's text.

Each rule is about a kind of page furniture that appears on many sites, never about one site:
the headline, byline and dateline repeated above the text (they are metadata), interface
strings ("Share this", "Advertisement"), teaser links to other stories, repeated blocks and
placeholder images whose only text is a file name or the headline again.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from reader.blocks import Block

LEAD_WORDS = 12  # a block of at least this many words, ending a sentence, starts the body
LEAD_BLOCKS = 10  # headline/byline/date lines are looked for among this many first blocks
_WORD = re.compile(r"\w+")
_ALNUM = re.compile(r"[^\W_]")  # a letter or digit: separators like "___" or "* * *" have none
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|"
    "august|september|october|november|december"
)
_DATE = re.compile(
    rf"\b(?:\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}|\d{{1,2}}:\d{{2}}|(?:{_MONTHS})\.?\s+\d{{1,2}}\b|"
    rf"\d{{1,2}}\.?\s+(?:{_MONTHS})\b|(?:updated|published|posted|modified|last updated)\b)",
    re.I,
)
_BYLINE = re.compile(r"^(?:by|written by|words by|por|von|par|di|door|av|przez|de)\s+\S", re.I)
# Interface strings and labels that stand alone as a block (matched on the whole block).
_UI = re.compile(
    r"^(?:advertisement|advertisements|advert|ad|ads|sponsored|sponsored content|promoted|"
    r"comments?|\d+\s+comments?|leave a (?:comment|reply)|post a comment|add a comment|"
    r"tags?|topics?|categories|filed under|share|share (?:this|on|via|the|article|story)\b.*|"
    r"(?:like|love) this(?: story| article)?\??.*share.*|print|email|e-mail|tweet|pin|"
    r"loading|loading\.+|like loading\.*|like this:?|"
    r"related|related (?:articles|stories|posts|content|links|coverage|news|topics)|"
    r"you may also like|you might also like|more from .{1,40}|more stories|more on this story|"
    r"recommended(?: for you)?|read more|read next|see also|also read|don't miss|do not miss|"
    r"most (?:popular|read|viewed)|trending(?: now)?|top stories|latest news|"
    r"sign up\b.*|subscribe\b.*|follow us\b.*|back to top|go back|back|close|"
    r"leggi anche|lesen sie auch|mehr zum thema|à lire aussi|a lire aussi|lire aussi|lea también|"
    r"leia também|veja também|czytaj też|lees ook|читайте также|voltar|"
    r"\d+\s*(?:min|mins|minute|minutes)(?:\s+read)?|(?:reading|read) time\b.*|tempo de leitura\b.*|"
    r"temps de lecture\b.*|lesezeit\b.*|tiempo de lectura\b.*|text size|font size|"
    r"more\b.{0,30}\bstories|see more (?:photos|videos|images|pictures))[\s.:!…|»>-]*$",
    re.I,
)
# Labelled lists of tags or topics, however long.
_TAGS = re.compile(
    r"^(?:tags?|tagged(?: with)?|filed under|topics?|categories|keywords|schlagworte)\s*:", re.I
)
# Credit and contact lines that close an article (reporting credits, "write to", copyright).
_CREDIT = re.compile(
    r"^\(?(?:additional |editing |writing |reporting )?(?:reporting|writing|editing|compiled|edited|written)"
    r" by\b|\bcontributed (?:reporting|to this (?:report|story|article))|^contributing\s*:|"
    r"^(?:write to|email|e-mail|reach|contact|follow)\b.{0,120}(?:@|\bat\b|twitter|facebook)|"
    r"^have a (?:news )?tip\b|^(?:©|\(c\)|copyright\b)|\ball rights reserved\b|^with (?:\w+ )?wires?\.?$",
    re.I,
)
TAIL_BLOCKS = 6  # credit lines are looked for among this many last blocks
# Labels that introduce a list of teaser links to other stories.
_TEASER_LABEL = re.compile(
    r"^(?:related|read more|more|see more|see also|also read|read also|don't miss|do not miss|"
    r"recommended|more from|more stories|you may also like|you might also like|also on|most popular|"
    r"trending|read next|watch|leggi anche|lesen sie auch|à lire aussi|lire aussi|lea también|"
    r"leia também|veja também|читайте также)(?:\s*(?:[:|»>…]|\.\.\.)|[\s.!]*$)",
    re.I,
)
_ADDRESS = re.compile(r"https?://|www\.|@|\.(?:com|org|net|[a-z]{2})(?:/|$)", re.I)
_FILENAME = re.compile(r"^[\w.-]+$")


@lru_cache(maxsize=4096)
def _norm(text: str) -> str:
    """Casefolded words of ``text`` joined by single spaces (for comparing titles and blocks)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(text))


@lru_cache(maxsize=4096)
def _words(text: str) -> int:
    return len(_WORD.findall(text))


def link_share(block: Block) -> float:
    """Fraction of the block's characters covered by links."""
    covered = 0
    end = 0
    for il in sorted((i for i in block.inlines if i.kind == "link"), key=lambda i: i.start):
        s = max(il.start, end)
        if il.end > s:
            covered += il.end - s
            end = il.end
    return covered / max(len(block.text), 1)


def _is_body(block: Block) -> bool:
    """A block that reads as running text: several words ending like a sentence."""
    t = block.text.rstrip("\"'”’)»] ")
    return (
        block.kind in ("paragraph", "quote", "list_item")
        and _words(block.text) >= LEAD_WORDS
        and t[-1:] in ".!?:;…。！？"
        and link_share(block) < 0.5
    )


def _ends_sentence(text: str) -> bool:
    """True when ``text`` ends like a sentence (closing quotes and brackets aside)."""
    return text.rstrip("\"'”’)»] ")[-1:] in ".!?。！？"


def _is_title(text: str, titles: set[str]) -> bool:
    """True when ``text`` is one of the page's titles, or nearly (same words, give or take a few)."""
    n = _norm(text)
    if not n:
        return False
    if _ends_sentence(text):
        return any(n == t for t in titles)  # a sentence, not a headline: only an exact match counts
    words = set(n.split())
    for t in titles:
        if n == t or (len(n) > 20 and ((n in t and len(n) >= 0.6 * len(t)) or t in n)):
            return True
        tw = set(t.split())
        common = len(words & tw)
        if len(words) >= 4 and common >= 0.8 * len(words) and common >= 0.6 * len(tw):
            return True
    return False


def _byline_names(byline: str | None) -> list[str]:
    if not byline:
        return []
    parts = re.split(r",| and | & |\|", byline)
    return [_norm(p) for p in parts if len(_norm(p)) > 3]


def _is_lead_meta(block: Block, titles: set[str], names: list[str]) -> bool:
    """Headline, byline, dateline or similar short metadata line shown above the text."""
    text = block.text
    if _is_title(text, titles):
        return True
    if block.kind == "figure":
        return False
    words = _words(text)
    if words > 16 or _ends_sentence(text):
        return False  # a short sentence is text, not a byline or dateline
    n = _norm(text)
    if _BYLINE.match(text) and words <= 12:
        return True
    if any(name and name in n for name in names) and words <= 12:
        return True
    return bool(_DATE.search(text)) and words <= 14


def drop_lead_meta(blocks: list[Block], titles: set[str], byline: str | None) -> list[Block]:
    """Drop headline/byline/date blocks among the first few, before the first running-text block."""
    names = _byline_names(byline)
    if blocks and blocks[0].kind != "figure" and _is_title(blocks[0].text, titles):
        blocks = blocks[1:]
    for i, b in enumerate(blocks[: LEAD_BLOCKS + 1]):
        if _is_body(b):
            return [x for x in blocks[:i] if not _is_lead_meta(x, titles, names)] + blocks[i:]
    return blocks


def is_interface_text(block: Block) -> bool:
    """True for stand-alone interface strings: "Advertisement", "Share this", "Tags: ..."..."""
    text = block.text.strip()
    words = _words(text)
    return (words <= 12 and bool(_UI.match(text))) or (words <= 40 and bool(_TAGS.match(text)))


def is_credit_line(block: Block) -> bool:
    """True for a reporting credit, contact line or copyright notice (looked for at the end)."""
    text = block.text.strip()
    return block.kind != "heading" and _words(text) <= 40 and bool(_CREDIT.search(text))


def drop_tail_credits(blocks: list[Block]) -> list[Block]:
    """Drop credit/contact/copyright lines (and separators between them) among the last few blocks."""
    cut = len(blocks)
    for i in range(len(blocks) - 1, max(len(blocks) - TAIL_BLOCKS, 0) - 1, -1):
        b = blocks[i]
        if is_credit_line(b) or not _ALNUM.search(b.text):
            cut = i
    kept = blocks[:cut] + [b for b in blocks[cut:] if not is_credit_line(b) and _ALNUM.search(b.text)]
    return kept


def is_teaser_link(block: Block) -> bool:
    """True for a short block that is nothing but a link to another page (not a spelled-out address)."""
    return (
        block.kind in ("paragraph", "heading")
        and _words(block.text) <= 25
        and link_share(block) >= 0.9
        and not _ADDRESS.search(block.text)
    )


def _is_teaser(block: Block) -> bool:
    """A short line that reads like a headline or a link to another page, not like a sentence."""
    if _words(block.text) > 20 or _is_body(block):
        return False
    sentence = _ends_sentence(block.text)
    return block.kind != "quote" and (not sentence or link_share(block) >= 0.5 or block.kind == "figure")


def drop_teaser_runs(blocks: list[Block]) -> list[Block]:
    """Drop a "Related:"/"Read more"-style label and the short teaser lines right after it."""
    out: list[Block] = []
    skipping = False
    for b in blocks:
        if skipping and _is_teaser(b):
            continue
        skipping = False
        if _TEASER_LABEL.match(b.text.strip()) and not _is_body(b):
            skipping = True
            continue
        out.append(b)
    return out


def _junk_figure(block: Block, titles: set[str]) -> bool:
    """An image placeholder saying nothing: a file name, one or two words, or the headline again."""
    text = block.text.strip()
    if _words(text) < 3:
        return True
    if _FILENAME.match(text) and ("-" in text or "_" in text or "." in text or text.isdigit()):
        return True
    n = _norm(text)
    stripped = re.sub(r"\b(?:image|photo|picture|img|thumbnail|featured)\b", "", n).strip()
    return _is_title(stripped or n, titles)


def dedupe_figures(blocks: Iterable[Block]) -> list[Block]:
    """Drop figures (and caption paragraphs) repeating an earlier figure's text (galleries)."""
    seen: set[str] = set()
    out = []
    for b in blocks:
        key = _norm(b.text)
        if key in seen and b.kind in ("figure", "paragraph"):
            continue
        if b.kind == "figure":
            seen.add(key)
        out.append(b)
    return out


def tidy_blocks(blocks: Sequence[Block], titles: Iterable[str | None], byline: str | None) -> list[Block]:
    """Apply every tidying rule; returns the input unchanged if the rules would leave nothing."""
    title_set = {_norm(t) for t in titles if t and _norm(t)}
    out = drop_teaser_runs(list(blocks))  # first: a label like "Don't miss" is also interface text
    out = [
        b
        for b in out
        if not is_interface_text(b)
        and not is_teaser_link(b)
        and not (b.kind == "figure" and _junk_figure(b, title_set))
    ]
    out = drop_lead_meta(out, title_set, byline)
    out = drop_tail_credits(out)
    out = dedupe_figures(out)
    return out if out else list(blocks)
