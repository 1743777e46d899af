"""Turn sources (a file path, "-" for stdin, or an http(s) URL) into article content, and store it."""

from __future__ import annotations

import contextlib
import hashlib
import re
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from reader.blocks import canonical_text, normalize_blocks
from reader.errors import ExtractError, FetchError, InputError, SiftError
from reader.models import Article, ArticleContent
from reader.sniff import binary_kind, decode_text, looks_like_html

if TYPE_CHECKING:
    import httpx

    from reader.fetch import FetchLimits, LoginLookup
    from reader.store import Library

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xht", ".shtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".rst"})
MAX_FILE_BYTES = 50 * 1024 * 1024
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")
_BARE_DOMAIN = re.compile(r"^(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?:[/?#].*)?$")

Progress = Callable[[str, str], None]


@dataclass
class Loaded:
    """A source turned into article content, ready to store."""

    source: str
    content: ArticleContent
    url: str | None
    fetched_at: str | None


@dataclass
class Outcome:
    """What happened to one source of :func:`load_many`: content or a user-facing error."""

    source: str
    loaded: Loaded | None
    error: SiftError | None

    @property
    def ok(self) -> bool:
        """True when the source was loaded."""
        return self.loaded is not None


def is_url(source: str) -> bool:
    """Return True for an http(s) URL (any case of the scheme)."""
    return source[:8].lower().startswith(("http://", "https://"))


def now_iso() -> str:
    """Current UTC time as ISO 8601 with seconds."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def content_from_bytes(
    data: bytes,
    *,
    name: str,
    as_html: bool | None = None,
    url: str | None = None,
    charset: str | None = None,
) -> ArticleContent:
    """Clean ``data`` (HTML or plain text; ``as_html=None`` sniffs) into content; errors name ``name``."""
    from reader.extract import extract_html, extract_text

    kind = binary_kind(data)
    if kind == "PDF":
        raise ExtractError(f"{name} is a PDF, and PDF is not supported; save the article as HTML or text.")
    if kind is not None:
        raise ExtractError(
            f"{name} is {kind}, not a web page or text; add an HTML page or a plain-text file instead."
        )
    if not data.strip():
        raise ExtractError(f"{name} is empty; there is no article to add.")
    if as_html is None:
        as_html = looks_like_html(data)
    try:
        if as_html:
            content = extract_html(data, url=url, charset=charset)
        else:
            text = decode_text(data, charset)
            if _unreadable(text):
                raise ExtractError(f"{name} does not look like readable text; add an HTML or text file.")
            content = extract_text(text)
    except ExtractError as e:
        msg = str(e)
        if name in msg:
            raise
        raise ExtractError(f"{name}: {msg[:1].lower()}{msg[1:]}") from None
    if not content.blocks:
        raise ExtractError(f"{name} has no readable article text; nothing was added.")
    return content


def _unreadable(text: str) -> bool:
    """Too many control or replacement characters for this to be human text."""
    sample = text[:20000]
    if not sample.strip():
        return True
    bad = sum(1 for c in sample if c == "\ufffd" or (ord(c) < 32 and c not in "\t\n\r\f\v"))
    return bad > max(8, len(sample) // 50)


def _file_kind(path: Path, data: bytes) -> bool:
    """Decide HTML (True) or plain text (False) from the suffix and the content."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return True
    head = data[:512].lstrip().lower()
    if suffix in TEXT_SUFFIXES:
        return head.startswith((b"<!doctype html", b"<html"))
    return looks_like_html(data)


def read_file_bytes(path: Path, shown: str) -> bytes:
    """Read a local file, turning OS failures into one clear sentence naming the file."""
    try:
        if path.is_dir():
            raise InputError(f"{shown} is a folder, not a file; give the path of an HTML or text file.")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"{shown} is {size // 2**20} MB, larger than the {MAX_FILE_BYTES // 2**20} MB "
                "Sift reads; save just the article page and add that."
            )
        return path.read_bytes()
    except FileNotFoundError:
        hint = ""
        if _BARE_DOMAIN.match(shown):
            hint = f" (to fetch a web page, write the full address: https://{shown})"
        raise InputError(f"No such file: {shown}{hint}; check the path.") from None
    except PermissionError:
        raise InputError(
            f"{shown} cannot be read (permission denied); check the file's permissions."
        ) from None
    except IsADirectoryError:
        raise InputError(f"{shown} is a folder, not a file; give the path of an HTML or text file.") from None
    except OSError as e:
        raise InputError(
            f"{shown} cannot be read ({e.strerror or e}); check the file and try again."
        ) from None


def load_file(source: str) -> Loaded:
    """Load a local HTML or text file."""
    path = Path(source).expanduser()
    data = read_file_bytes(path, source)
    content = content_from_bytes(data, name=source, as_html=_file_kind(path, data))
    if not content.title:
        content.title = path.stem
    return Loaded(source=source, content=content, url=None, fetched_at=None)


def load_stdin(stdin: IO[bytes] | None = None) -> Loaded:
    """Load HTML or text piped on standard input (sniffed)."""
    stream = stdin if stdin is not None else sys.stdin.buffer
    try:
        data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise InputError(
            f"Standard input cannot be read ({e}); pipe an HTML or text file into sift."
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError("Standard input is larger than 50 MB; save just the article page and add that.")
    if isinstance(data, str):  # a text stream was passed by mistake: accept it as UTF-8
        data = data.encode("utf-8")
    content = content_from_bytes(data, name="Standard input")
    return Loaded(source="-", content=content, url=None, fetched_at=None)


def check_source(source: str) -> None:
    """Refuse non-http(s) URL schemes and URLs with credentials before any work is done."""
    m = _SCHEME.match(source)
    if m and not is_url(source) and not Path(source).exists():
        scheme = m.group(1).lower()
        raise InputError(
            f"Sift fetches only http:// and https:// addresses, not {scheme}: ({source[:80]}); "
            "save the page as a file and add the file instead."
        )


def load_source(
    source: str,
    *,
    stdin: IO[bytes] | None = None,
    limits: FetchLimits | None = None,
    client: httpx.Client | None = None,
    cancel: threading.Event | None = None,
    progress: Progress | None = None,
    login_for: LoginLookup | None = None,
) -> Loaded:
    """Load one source: a path, ``"-"`` (stdin) or an http(s) URL (fetched with ``limits``).

    ``login_for(host)`` picks the site login to send (default: the keyring, for hosts that have one).
    """
    if source == "-":
        return load_stdin(stdin)
    check_source(source)
    if is_url(source):
        from reader.fetch import fetch_article

        return fetch_article(
            source, limits=limits, client=client, cancel=cancel, progress=progress, login_for=login_for
        )
    return load_file(source)


def load_many(
    sources: Sequence[str],
    *,
    workers: int = 4,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    stdin: IO[bytes] | None = None,
    limits: FetchLimits | None = None,
    login_for: LoginLookup | None = None,
) -> list[Outcome]:
    """Load every source with a small thread pool; one :class:`Outcome` per source, in input order.

    ``progress(source, status)`` is called with status ``"start"``, ``"done"`` or ``"failed"`` (and
    ``"downloading N KB"`` while a URL streams); ``cancel`` stops work that has not finished.
    """
    cancel = cancel or threading.Event()

    def report(source: str, status: str) -> None:
        if progress is not None:
            with contextlib.suppress(Exception):  # a broken progress callback must not lose the result
                progress(source, status)

    client = None
    if any(is_url(s) for s in sources):
        from reader.fetch import make_client

        client = make_client(limits)

    def one(source: str) -> Outcome:
        if cancel.is_set():
            err = FetchError(f"Loading {source} was cancelled before it started; nothing was added for it.")
            report(source, "failed")
            return Outcome(source, None, err)
        report(source, "start")
        try:
            loaded = load_source(
                source,
                stdin=stdin,
                limits=limits,
                client=client,
                cancel=cancel,
                progress=report,
                login_for=login_for,
            )
        except SiftError as e:
            report(source, "failed")
            return Outcome(source, None, e)
        report(source, "done")
        return Outcome(source, loaded, None)

    try:
        if len(sources) <= 1 or workers <= 1:
            return [one(s) for s in sources]
        with ThreadPoolExecutor(max_workers=max(1, min(workers, 8, len(sources)))) as pool:
            return list(pool.map(one, sources))
    finally:
        if client is not None:
            client.close()


def text_sha256(content: ArticleContent) -> str:
    """SHA-256 of the normalized canonical text, as the library stores it with each article."""
    text = canonical_text(normalize_blocks(content.blocks))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_duplicate(library: Library, loaded: Loaded) -> Article | None:
    """Return the stored article with the same URL (given, final or canonical) or the same text, if any."""
    given = loaded.source if is_url(loaded.source) else None
    for url in (loaded.url, given, loaded.content.canonical_url):
        if url:
            found = library.find_article(url=url)
            if found is not None:
                return found
    return library.find_article(text_sha256=text_sha256(loaded.content))


def add_loaded(library: Library, loaded: Loaded, *, tags: Sequence[str] = (), dedup: bool = True) -> Article:
    """Store loaded content in ONE transaction; with ``dedup`` an already stored copy is returned."""
    with library.transaction():
        if dedup:
            existing = find_duplicate(library, loaded)
            if existing is not None:
                return existing
        return library.add_article(loaded.content, url=loaded.url, fetched_at=loaded.fetched_at, tags=tags)
