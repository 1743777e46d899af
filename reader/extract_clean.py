"""Pre-cleaning of a parsed page before the article finder: drop what is never article text.

Removes scripts, hidden elements, page chrome (navigation, footers, asides, forms, media) and
blocks whose class/id/role name them as boilerplate (share bars, related links, comments,
newsletter boxes, ads, bylines, tags...). A removal is skipped when the element holds a large
share of the page's paragraph text, so a mislabelled article container is never lost.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement


def _words(text: str) -> frozenset[str]:
    """The set of whitespace-separated words in ``text``."""
    return frozenset(text.split())


# Never article text, whatever their names say.
DROP_TAGS = _words(
    "script style noscript template link svg button select input textarea iframe frame frameset "
    "object applet canvas video audio dialog map area"
)
# Void in HTML5 but parsed by libxml2 as containers of everything that follows: unwrap, never drop.
MISPARSED_VOIDS = ("embed", "source", "track", "wbr", "keygen", "bgsound", "command", "menuitem")
# Page chrome by tag: dropped unless they hold much of the page's paragraph text.
CHROME_TAGS = _words("nav footer aside form menu")
CHROME_ROLES = _words(
    "navigation banner contentinfo complementary search dialog alertdialog menu menubar toolbar"
)
# Words in class/id naming boilerplate (matched as whole words of the name, camelCase split).
BOILERPLATE_WORDS = _words(
    """
    nav navbar navigation menu submenu subnav breadcrumb breadcrumbs footer masthead sidebar
    share shares sharing sharebar social socials related recirc recirculation popular trending mostread
    recommended recommendations outbrain taboola comments comment disqus respond newsletter subscribe
    subscription signup paywall ad ads advert adverts advertisement advertising sponsor sponsored promo
    gpt dfp cta byline headline meta date timestamp tags taxonomy copyright print modal popup cookie cookies
    consent banner hidden caption captions credit credits gallery slideshow image img photo
    """
)
# Words saying a container has (or lacks) something, rather than naming what it is.
MODIFIER_WORDS = _words("has have no not with without")
EMBED_WORDS = _words("embed embedded embeds oembed")
SOCIAL_WORDS = _words("social twitter tweet instagram facebook fb tiktok bluesky mastodon threads")
# Classes that hide text from the screen while keeping it for screen readers.
SCREEN_READER_ONLY = re.compile(
    r"(?:^|\s)(?:sr-only|visually-hidden|visuallyhidden|screen-reader-text|screenreader-only|off-screen|offscreen|"
    r"a11y-only|element-invisible)(?:\s|$)",
    re.I,
)
# Embedded posts that readability would drop for their "tweet"/"twitter" class names but are quoted text.
EMBED_CLASSES = re.compile(r"twitter-tweet|instagram-media|tiktok-embed|fb-post|bluesky-embed", re.I)
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_DISPLAY_NONE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)", re.I
)
PROTECT_SHARE = 0.3


@lru_cache(maxsize=8192)
def boilerplate_name(name: str) -> bool:
    """True when a class/id string names boilerplate (share bars, comments, related links...).

    A word counts only as the name of a thing, not as a property of it ("has-image", "no-sidebar"),
    and embedded social posts ("social-media-embed") are quoted content, not share bars.
    """
    for token in name.split():
        words = [w.lower() for w in _WORDS.findall(token)]
        if EMBED_WORDS.intersection(words) and SOCIAL_WORDS.intersection(words):
            continue
        for j, w in enumerate(words):
            if w in BOILERPLATE_WORDS and (j == 0 or words[j - 1] not in MODIFIER_WORDS):
                return True
    return False


@lru_cache(maxsize=4096)
def _social_embed(name: str) -> bool:
    """True for the class of an embedded social-media post ("social-media-embed", "embed-twitter")."""
    words = {w.lower() for w in _WORDS.findall(name)}
    return bool(words & EMBED_WORDS and words & SOCIAL_WORDS)


def _p_text(el: HtmlElement) -> int:
    """Length of the paragraph text inside an element (what a removal could lose)."""
    return sum(len(p.text_content()) for p in el.iter("p"))


def _top_card(card: HtmlElement, container: HtmlElement) -> bool:
    """True when no other <article> sits between ``card`` and ``container``."""
    for anc in card.iterancestors():
        if anc is container:
            return True
        if anc.tag == "article":
            return False
    return False


def _story_lists(body: HtmlElement) -> list[HtmlElement]:
    """Containers of several similar <article> cards, next to a bigger <article>: lists of other stories.

    Broken nesting often makes such a list outscore the real article in readability. A list is only
    dropped when the page has a larger article outside it, so a live blog (a list of entries that
    is the article) is kept.
    """
    articles = list(body.iter("article"))
    found: list[HtmlElement] = []
    for container in {a.getparent() for a in articles} - {None}:
        cards = [a for a in container.iter("article") if a is not container and _top_card(a, container)]
        if len(cards) < 3:
            continue
        sizes = sorted(len(a.text_content()) for a in cards)
        total = sum(sizes)
        own = len(container.text_content()) - total
        if sizes[-1] > 3 * max(sizes[len(sizes) // 2], 1) or own >= 0.5 * total:
            continue
        inside = set(container.iter("article")) | set(container.iterancestors("article"))
        if any(len(a.text_content()) > max(sizes[-1], 500) for a in articles if a not in inside):
            found.append(container)
    return found


def strip_code(doc: HtmlElement) -> HtmlElement:
    """The minimal cleaning: unwrap misparsed void elements, drop comments, scripts and styles."""
    etree.strip_tags(doc, *MISPARSED_VOIDS)
    etree.strip_elements(
        doc,
        etree.Comment,
        etree.ProcessingInstruction,
        "script",
        "style",
        "noscript",
        "template",
        with_tail=False,
    )
    return doc


def preclean(doc: HtmlElement) -> HtmlElement:
    """Drop non-article parts of ``doc`` in place and return it."""
    etree.strip_tags(doc, *MISPARSED_VOIDS)
    etree.strip_elements(doc, etree.Comment, etree.ProcessingInstruction, *sorted(DROP_TAGS), with_tail=False)
    body = doc.find("body")
    if body is None:
        body = doc
    p_limit = max(_p_text(body) * PROTECT_SHARE, 200)
    text_limit = max(len(body.text_content()) * PROTECT_SHARE, 400)
    doomed = []
    unwrap: list[HtmlElement] = []
    walker = etree.iterwalk(body, events=("start",))
    for _event, el in walker:
        if el is body:
            continue
        attrs = el.attrib
        if "hidden" in attrs or ((style := attrs.get("style")) and _DISPLAY_NONE.search(style)):
            doomed.append(el)
            walker.skip_subtree()
            continue
        tag = el.tag
        cls = attrs.get("class", "")
        if cls and (EMBED_CLASSES.search(cls) or _social_embed(cls)):
            # An embedded post is quoted content; readability would drop it for its "twitter" or
            # "media" names and its many links, so keep only the quote itself, unnamed.
            attrs.pop("class")
            attrs.pop("id", None)
            if tag != "blockquote":
                unwrap.append(el)
            continue
        chrome = tag in CHROME_TAGS or attrs.get("role", "") in CHROME_ROLES
        if not chrome and tag not in ("figure", "figcaption"):  # figures become image placeholders
            name = f"{cls} {attrs.get('id', '')}"
            chrome = len(name) > 2 and boilerplate_name(name)
        if not chrome and cls and SCREEN_READER_ONLY.search(cls):
            chrome = True  # text for screen readers only ("Image caption", "Opens in a new window")
        if chrome and _p_text(el) < p_limit and len(el.text_content()) < text_limit:
            doomed.append(el)
            walker.skip_subtree()
    doomed.extend(_story_lists(body))
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    for el in unwrap:
        if el.getparent() is not None:
            el.drop_tag()
    return doc
