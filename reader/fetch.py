"""Fetch web pages over http(s) with httpx, safely: timeouts, a deadline, redirect, size and type limits.

Redirects are followed by hand so that a site login (see :mod:`reader.logins`) is only ever sent to
its own host and is dropped on any cross-host redirect or a downgrade from https to http.
Response bodies are read raw and decompressed here in bounded steps, so a compression bomb is
stopped after ``FetchLimits.max_decoded`` bytes without ever holding more than that in memory.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

from reader import __version__
from reader import fetch_errors as fe
from reader.decompress import DecompressError, make_decoder, supported_encodings
from reader.encoding import normalize_charset
from reader.errors import InputError, SiftError
from reader.logins import Login, login_for_url_host
from reader.sniff import binary_kind, charset_from_content_type, looks_like_html
from reader.watchdog import Watchdog

if TYPE_CHECKING:
    from reader.ingest import Loaded

log = logging.getLogger(__name__)

USER_AGENT = f"Sift/{__version__} (+desktop reader)"
ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

LoginLookup = Callable[[str], Login | None]
Progress = Callable[[str, str], None]


@dataclass(frozen=True)
class FetchLimits:
    """Limits for one fetch (seconds and bytes); tests use small ones."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0
    max_redirects: int = 10
    max_body: int = 20 * 1024 * 1024
    max_decoded: int = 40 * 1024 * 1024
    user_agent: str = USER_AGENT


@dataclass
class Fetched:
    """A successfully downloaded page."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    media_type: str  # e.g. "text/html" ("" when the server sent none)
    charset: str | None
    body: bytes
    fetched_at: str
    redirects: int = 0

    @property
    def is_html(self) -> bool:
        """Whether the body is to be read as HTML (else plain text)."""
        if self.media_type != "text/plain":
            return True
        return self.body.lstrip()[:14].lower().startswith((b"<!doctype html", b"<html"))


def make_client(limits: FetchLimits | None = None, *, verify: object = True) -> httpx.Client:
    """An httpx client for fetching (proxy settings from the environment honoured; no cookie jar)."""
    import http.cookiejar

    limits = limits or FetchLimits()
    blocked = http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    return httpx.Client(
        follow_redirects=False,
        trust_env=True,
        verify=verify,  # type: ignore[arg-type]
        cookies=blocked,
        timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout),
        # no keep-alive: every request opens its own connection, which the deadline watchdog can see
        limits=httpx.Limits(max_connections=16, max_keepalive_connections=0),
    )


def shown_url(url: str) -> str:
    """The URL as shown in messages: no user name or password, at most 200 characters."""
    try:
        u = httpx.URL(url)
        if u.userinfo:
            url = str(u.copy_with(username=None, password=None))
    except Exception:
        pass
    return url if len(url) <= 200 else url[:197] + "..."


def check_url(url: str) -> httpx.URL:
    """Parse an http(s) URL, refusing other schemes, missing hosts and embedded credentials."""
    try:
        u = httpx.URL(url.strip())
    except Exception:
        raise InputError(f"{shown_url(url)} is not a valid web address; check it and try again.") from None
    if u.scheme not in ("http", "https"):
        raise InputError(
            f"Sift fetches only http:// and https:// addresses, not {u.scheme or 'this'}: {shown_url(url)}; "
            "save the page as a file and add the file instead."
        )
    if not u.host:
        raise InputError(f"{shown_url(url)} has no host name; check the address.")
    if u.userinfo:
        raise InputError(
            f"{shown_url(url)} has a user name or password in it, which Sift does not accept in addresses; "
            f"save the login with `sift login {u.host}` instead."
        )
    return u


def _origin_same_host(a: httpx.URL, b: httpx.URL) -> bool:
    return a.host.lower().rstrip(".") == b.host.lower().rstrip(".")


def _now_iso() -> str:
    from reader.ingest import now_iso

    return now_iso()


class _Fetch:
    """One fetch of one URL: redirects, credentials, limits, decoding."""

    def __init__(
        self,
        url: str,
        client: httpx.Client,
        limits: FetchLimits,
        cancel: threading.Event | None,
        progress: Progress | None,
        login_for: LoginLookup,
    ) -> None:
        self.url = url
        self.shown = shown_url(url)
        self.client = client
        self.limits = limits
        self.cancel = cancel
        self.progress = progress
        self.login_for = login_for
        self.start = time.monotonic()
        self.deadline = self.start + limits.deadline
        self.watchdog: Watchdog | None = None

    # -- helpers --------------------------------------------------------------------------------
    def where(self, current: httpx.URL) -> str:
        """The URL for messages: the one given, plus where it redirected to."""
        cur = shown_url(str(current))
        return self.shown if cur == self.shown else f"{self.shown} (redirected to {cur})"

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def check_time(self, current: httpx.URL) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise fe.cancelled(self.where(current))
        if self.remaining() <= 0:
            raise fe.deadline(self.where(current), self.limits.deadline)

    def timeout(self) -> httpx.Timeout:
        rem = max(self.remaining(), 0.05)
        lim = self.limits
        return httpx.Timeout(
            connect=min(lim.connect_timeout, rem),
            read=min(lim.read_timeout, rem),
            write=min(10.0, rem),
            pool=rem,
        )

    # -- the fetch ------------------------------------------------------------------------------
    def run(self) -> Fetched:
        current = check_url(self.url)
        self.watchdog = Watchdog(self.deadline, self.cancel)
        try:
            return self.follow(current)
        finally:
            self.watchdog.stop()

    def follow(self, current: httpx.URL) -> Fetched:
        seen: set[tuple[str, str]] = set()
        jar = httpx.Cookies()
        send_logins = True
        was_https = False
        redirects = 0
        first = current
        while True:
            self.check_time(current)
            if not _origin_same_host(first, current):
                send_logins = False  # a cross-host redirect drops credentials for the rest of the chain
            was_https = was_https or current.scheme == "https"
            downgrade = was_https and current.scheme == "http"
            login = self.login_for(current.host) if send_logins and not downgrade else None
            request = self.build(current, jar, login)
            key = (str(current.copy_with(fragment=None)), request.headers.get("Cookie", ""))
            if key in seen:
                raise fe.redirect_loop(self.shown, shown_url(key[0]))
            seen.add(key)
            log.debug("GET %s", shown_url(str(current)))
            try:
                response = self.client.send(request, stream=True)
            except httpx.HTTPError as e:
                raise self.transport(e, current, 0) from None
            try:
                jar.extract_cookies(response)
                log.debug("%s -> HTTP %s", shown_url(str(current)), response.status_code)
                if response.status_code in REDIRECT_STATUSES and response.headers.get("location"):
                    redirects += 1
                    if redirects > self.limits.max_redirects:
                        raise fe.too_many_redirects(self.shown, self.limits.max_redirects)
                    current = self.next_url(current, response.headers["location"])
                    continue
                if not 200 <= response.status_code < 300:
                    raise fe.status_error(
                        self.where(current),
                        response.status_code,
                        response.reason_phrase,
                        fe.retry_after_phrase(response.headers.get("retry-after")),
                        current.host,
                    )
                return self.read_body(response, current, redirects)
            finally:
                response.close()

    def build(self, url: httpx.URL, jar: httpx.Cookies, login: Login | None) -> httpx.Request:
        headers = {"User-Agent": self.limits.user_agent, "Accept": ACCEPT}
        headers["Accept-Encoding"] = ", ".join(supported_encodings())
        ext = {"trace": self.watchdog.trace} if self.watchdog is not None else {}
        request = self.client.build_request(
            "GET", url, headers=headers, timeout=self.timeout(), extensions=ext
        )
        jar.set_cookie_header(request)
        if login is not None:
            extra = login.headers()
            if "Cookie" in extra and request.headers.get("Cookie"):
                extra["Cookie"] = f"{extra['Cookie']}; {request.headers['Cookie']}"
            request.headers.update(extra)
        return request

    def next_url(self, current: httpx.URL, location: str) -> httpx.URL:
        try:
            nxt = current.join(location.strip())
        except Exception:
            raise fe.bad_redirect(self.where(current), None) from None
        if nxt.scheme not in ("http", "https"):
            raise fe.bad_redirect(self.where(current), nxt.scheme)
        return nxt

    def transport(self, err: Exception, current: httpx.URL, received: int) -> SiftError:
        if self.cancel is not None and self.cancel.is_set():
            return fe.cancelled(self.where(current))
        if self.remaining() <= 0.06 or (self.watchdog is not None and self.watchdog.fired):
            return fe.deadline(self.where(current), self.limits.deadline)
        return fe.transport_error(self.where(current), err, received, self.limits)

    def read_body(self, response: httpx.Response, current: httpx.URL, redirects: int) -> Fetched:
        raw_type = response.headers.get("content-type", "")
        media = raw_type.split(";", 1)[0].strip().lower()
        where = self.where(current)
        refusal = fe.content_type_refusal(where, media)
        if refusal is not None:
            raise refusal
        size = response.headers.get("content-length", "")
        if size.isdigit() and int(size) > self.limits.max_body:
            raise fe.too_big(where, self.limits.max_body)
        try:
            decoder = make_decoder(response.headers.get("content-encoding", ""))
        except DecompressError as e:
            raise fe.decompress_failed(where, str(e)) from None
        parts: list[bytes] = []
        total = 0
        raw = 0
        last_report = 0
        try:
            for chunk in response.iter_raw():
                raw += len(chunk)
                if raw > self.limits.max_body:
                    raise fe.too_big(where, self.limits.max_body)
                for piece in decoder.feed(chunk):
                    total += len(piece)
                    if total > self.limits.max_decoded:
                        raise fe.bomb(where, self.limits.max_decoded)
                    parts.append(piece)
                self.check_time(current)
                if self.progress is not None and raw - last_report >= 256 * 1024:
                    last_report = raw
                    self.progress(self.url, f"downloading {raw // 1024} KB")
            for piece in decoder.flush():
                total += len(piece)
                if total > self.limits.max_decoded:
                    raise fe.bomb(where, self.limits.max_decoded)
                parts.append(piece)
        except httpx.HTTPError as e:
            raise self.transport(e, current, raw) from None
        except DecompressError as e:
            raise fe.decompress_failed(where, str(e)) from None
        body = b"".join(parts)
        kind = binary_kind(body)
        if kind is not None:
            raise fe.binary_body(where, kind)
        if media in fe.SNIFFED:
            if not looks_like_html(body):
                raise fe.not_a_page(where, media)
            media = "text/html"
        log.debug("%s: %d bytes (%d on the wire)", shown_url(str(current)), total, raw)
        return Fetched(
            url=self.url,
            final_url=str(current),
            status=response.status_code,
            media_type=media,
            charset=charset_from_content_type(raw_type),
            body=body,
            fetched_at=_now_iso(),
            redirects=redirects,
        )


def fetch_url(
    url: str,
    *,
    limits: FetchLimits | None = None,
    client: httpx.Client | None = None,
    cancel: threading.Event | None = None,
    progress: Progress | None = None,
    login_for: LoginLookup | None = None,
) -> Fetched:
    """Download one page within ``limits``; a FetchError/InputError/LoginError says what went wrong."""
    limits = limits or FetchLimits()
    own = client is None
    client = client or make_client(limits)
    try:
        return _Fetch(url, client, limits, cancel, progress, login_for or login_for_url_host).run()
    finally:
        if own:
            client.close()


def trusted_charset(got: Fetched) -> str | None:
    """The header charset, unless it claims UTF-8 for bytes that are not UTF-8 (a common server default).

    Then ``<meta charset>`` and detection decide instead, which avoids mojibake on such pages.
    """
    if got.charset and normalize_charset(got.charset) == "utf-8":
        try:
            got.body.decode("utf-8")
        except UnicodeDecodeError:
            log.debug("%s: header says UTF-8 but the body is not; using <meta>/detection", shown_url(got.url))
            return None
    return got.charset


def fetch_article(
    url: str,
    *,
    limits: FetchLimits | None = None,
    client: httpx.Client | None = None,
    cancel: threading.Event | None = None,
    progress: Progress | None = None,
    login_for: LoginLookup | None = None,
) -> Loaded:
    """Fetch ``url`` and clean it into article content (nothing is stored)."""
    from reader.ingest import Loaded, content_from_bytes

    got = fetch_url(url, limits=limits, client=client, cancel=cancel, progress=progress, login_for=login_for)
    content = content_from_bytes(
        got.body, name=shown_url(url), as_html=got.is_html, url=got.final_url, charset=trusted_charset(got)
    )
    return Loaded(source=url, content=content, url=got.final_url, fetched_at=got.fetched_at)
