"""Article metadata from a parsed page: <meta>, OpenGraph and JSON-LD (title, byline, date, site...)."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "askpublicnewsarticle",
        "livebloposting",
        "liveblogposting",
        "techarticle",
        "scholarlyarticle",
        "socialmediaposting",
        "report",
        "posting",
        "review",
    }
)
PAGE_TYPES = frozenset({"webpage", "itempage", "medicalwebpage", "aboutpage", "qapage"})
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " / ", ": ")
_SPACE = re.compile(r"\s+")
_ENTITY = re.compile(r"&(?:#\d{2,7}|#x[0-9a-fA-F]{2,6}|[A-Za-z]{2,10});")
_ISO_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?"
)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?")


@dataclass
class Metadata:
    """What a page says about itself; every field may be missing."""

    title: str | None = None
    headline: str | None = None
    byline: str | None = None
    published: str | None = None
    site_name: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    article_body: str | None = None
    html_title: str | None = None
    titles: tuple[str, ...] = ()  # every title the page gives (raw and shortened), for matching


def clean_space(text: str | None) -> str:
    """Collapse whitespace runs to single spaces and strip; decode leftover entities (``&#8217;``)."""
    text = text or ""
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
    return _SPACE.sub(" ", text).strip()


def _type_names(obj: dict) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower().rsplit("/", 1)[-1]}
    if isinstance(t, list):
        return {x.lower().rsplit("/", 1)[-1] for x in t if isinstance(x, str)}
    return set()


def _walk_jsonld(node: object, out: list[dict], depth: int = 0) -> None:
    """Collect every JSON-LD object (through lists, @graph and nested values), depth-limited."""
    if depth > 8:
        return
    if isinstance(node, list):
        for x in node:
            _walk_jsonld(x, out, depth + 1)
    elif isinstance(node, dict):
        out.append(node)
        for key, value in node.items():
            if key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart", "about"):
                _walk_jsonld(value, out, depth + 1)


def _load_jsonld(text: str) -> object | None:
    text = text.strip()
    if text.startswith("<!--"):
        text = text[4:]
    if text.endswith("-->"):
        text = text[:-3]
    text = text.strip().removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        try:  # raw control characters inside strings are common
            return json.loads(text, strict=False)
        except ValueError:
            return None


def jsonld_objects(doc: HtmlElement) -> list[dict]:
    """Return all JSON-LD objects of a page, flattened."""
    out: list[dict] = []
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        data = _load_jsonld(script.text or "")
        if data is not None:
            _walk_jsonld(data, out)
    return out


def _as_text(value: object) -> str | None:
    if isinstance(value, str):
        return clean_space(value) or None
    if isinstance(value, list):
        for v in value:
            t = _as_text(v)
            if t:
                return t
    if isinstance(value, dict):
        return _as_text(value.get("name") or value.get("@value"))
    return None


def _names(value: object, by_id: dict[str, dict], depth: int = 0) -> list[str]:
    """Author names from a string, an object (maybe an @id reference) or a list of them."""
    if depth > 3 or value is None:
        return []
    if isinstance(value, str):
        v = clean_space(value)
        return [v] if v and not v.lower().startswith(("http://", "https://")) else []
    if isinstance(value, list):
        out: list[str] = []
        for v in value:
            out.extend(_names(v, by_id, depth + 1))
        return out
    if isinstance(value, dict):
        name = value.get("name")
        if name is None and isinstance(value.get("@id"), str) and value["@id"] in by_id:
            name = by_id[value["@id"]].get("name")
        if isinstance(name, list):
            return _names(name, by_id, depth + 1)
        if isinstance(name, str):
            return _names(name, by_id, depth + 1)
    return []


def join_names(names: list[str]) -> str | None:
    """Join author names without duplicates: "A", "A and B", "A, B and C"."""
    seen: list[str] = []
    for n in names:
        n = clean_space(n)
        if n.lower().startswith("by "):
            n = n[3:].strip()
        if n and n.lower() not in (s.lower() for s in seen):
            seen.append(n)
    if not seen:
        return None
    if len(seen) == 1:
        return seen[0]
    return ", ".join(seen[:-1]) + " and " + seen[-1]


def iso_date(value: str | None) -> str | None:
    """Normalize a date to ISO 8601 (a date, or a datetime when a time is given); ``None`` if unreadable."""
    if not value:
        return None
    v = value.strip()
    m = _ISO_DATE.search(v)
    if m:
        y, mo, d, hh, mm, ss, tz = m.groups()
        if not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31):
            return None
        if hh is None:
            return f"{y}-{mo}-{d}"
        out = f"{y}-{mo}-{d}T{hh}:{mm}:{ss or '00'}"
        if tz:
            out += "+00:00" if tz == "Z" else (tz if ":" in tz else tz[:3] + ":" + tz[3:])
        return out
    m = _COMPACT_DATE.match(v)
    if m and 1900 <= int(m.group(1)) <= 2200 and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
        y, mo, d, hh, mm, ss = m.groups()
        return f"{y}-{mo}-{d}" if hh is None else f"{y}-{mo}-{d}T{hh}:{mm}:{ss or '00'}"
    try:
        return parsedate_to_datetime(v).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(v, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _http_url(value: str | None, base: str | None) -> str | None:
    if not value:
        return None
    try:
        u = urljoin(base or "", value.strip())
        parts = urlsplit(u)
    except ValueError:
        return None
    return u if parts.scheme in ("http", "https") and parts.netloc else None


def _site_key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def strip_site_suffix(title: str, site_name: str | None, url: str | None = None) -> str:
    """Remove a " | Site" / " – Site" suffix (or "Site: " prefix) when it names the site or its domain."""
    title = clean_space(title)
    keys = set()
    if site_name:
        keys.add(_site_key(site_name))
    host = ""
    if url:
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            host = ""
    host = host.removeprefix("www.")
    host_key = _site_key(host.rsplit(".", 1)[0]) if host else ""

    def is_site(part: str) -> bool:
        k = _site_key(part)
        if not k:
            return False
        if k in keys:
            return True
        if any(k and key and (k in key or key in k) and len(k) >= 3 for key in keys):
            return len(part.split()) <= 6
        return bool(host_key) and len(k) >= 3 and (k == host_key or k in _site_key(host)) and len(part) <= 40

    changed = True
    while changed:
        changed = False
        for sep in _TITLE_SEPARATORS:
            if sep not in title:
                continue
            head, _, tail = title.rpartition(sep)
            if sep != ": " and head and is_site(tail):
                title, changed = head.strip(), True
                break
            first, _, rest = title.partition(sep)
            if rest and is_site(first) and len(rest.split()) >= 2:
                title, changed = rest.strip(), True
                break
    return title


def _heading_in_title(doc: HtmlElement, title: str) -> str | None:
    """The page's main heading when the <title> is that heading plus decorations ("Site: Heading ...")."""
    for tag in ("h1", "h2"):
        for h in doc.iter(tag):
            text = clean_space(h.text_content())
            if len(text) >= 15 and len(text.split()) >= 2 and text != title and text in title:
                return text
    return None


def _meta_map(doc: HtmlElement) -> dict[str, str]:
    """Map lower-cased meta name/property/itemprop → first non-empty content."""
    out: dict[str, str] = {}
    for m in doc.iter("meta"):
        content = m.get("content")
        if content is None or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = m.get(attr)
            if key:
                out.setdefault(key.strip().lower(), content.strip())
    return out


def _pick_article(objs: list[dict]) -> tuple[dict | None, dict | None]:
    article = page = None
    for o in objs:
        types = _type_names(o)
        if article is None and types & ARTICLE_TYPES:
            article = o
        elif page is None and types & PAGE_TYPES:
            page = o
    return article, page


def extract_metadata(doc: HtmlElement, url: str | None = None) -> Metadata:
    """Read title, byline, date, site name, language, canonical URL and JSON-LD hints from a page."""
    meta = _meta_map(doc)
    objs = jsonld_objects(doc)
    by_id = {o["@id"]: o for o in objs if isinstance(o.get("@id"), str)}
    article, page = _pick_article(objs)
    ld = article or page or {}
    md = Metadata()

    title_el = doc.find(".//title")
    md.html_title = clean_space(title_el.text_content()) if title_el is not None else None

    publisher = ld.get("publisher")
    if isinstance(publisher, dict) and "name" not in publisher and publisher.get("@id") in by_id:
        publisher = by_id[publisher["@id"]]
    site_from_ld = _as_text(publisher) if isinstance(publisher, dict | list | str) else None
    if not site_from_ld:
        for o in objs:
            if _type_names(o) & {"website"}:
                site_from_ld = _as_text(o.get("name"))
                break
    md.site_name = (
        meta.get("og:site_name")
        or meta.get("application-name")
        or meta.get("twitter:app:name:iphone")
        or site_from_ld
    )
    if md.site_name:
        md.site_name = clean_space(md.site_name)

    md.headline = _as_text(ld.get("headline")) if article else None
    raw_title = md.headline or meta.get("og:title") or meta.get("twitter:title") or md.html_title or ""
    md.title = strip_site_suffix(raw_title, md.site_name, url) or None
    if md.title and md.title == md.html_title:
        md.title = _heading_in_title(doc, md.title) or md.title
    raw = (md.headline, meta.get("og:title"), meta.get("twitter:title"), md.html_title, md.title)
    md.titles = tuple(dict.fromkeys(clean_space(t) for t in raw if t and clean_space(t)))

    authors = _names(ld.get("author"), by_id) if ld else []
    byline = join_names(authors)
    if not byline:
        for key in (
            "author",
            "article:author",
            "parsely-author",
            "sailthru.author",
            "dc.creator",
            "byl",
            "byline",
        ):
            v = meta.get(key)
            if v and not v.lower().startswith(("http://", "https://")):
                byline = join_names([v])
                break
    md.byline = byline

    for raw in (
        ld.get("datePublished") if ld else None,
        meta.get("article:published_time"),
        meta.get("og:published_time"),
        meta.get("datepublished"),
        meta.get("parsely-pub-date"),
        meta.get("sailthru.date"),
        meta.get("publish-date"),
        meta.get("pubdate"),
        meta.get("dc.date.issued"),
        meta.get("dc.date"),
        meta.get("date"),
        ld.get("dateCreated") if ld else None,
    ):
        if isinstance(raw, str) and (d := iso_date(raw)):
            md.published = d
            break
    if md.published is None:
        t = doc.find(".//time[@datetime]")
        if t is not None:
            md.published = iso_date(t.get("datetime"))

    lang = doc.get("lang") or doc.get("xml:lang") or meta.get("content-language") or meta.get("language")
    if not lang and isinstance(ld.get("inLanguage"), str):
        lang = ld["inLanguage"]
    if not lang and meta.get("og:locale"):
        lang = meta["og:locale"].replace("_", "-")
    lang = clean_space(lang).split(",")[0].strip() if lang else ""
    md.language = lang if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", lang) else None

    canonical = None
    for link in doc.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            canonical = _http_url(link.get("href"), url)
            if canonical:
                break
    md.canonical_url = canonical or _http_url(meta.get("og:url"), url)

    md.description = clean_space(meta.get("og:description") or meta.get("description")) or None
    body = ld.get("articleBody") if article else None
    md.article_body = body if isinstance(body, str) and body.strip() else None
    return md
