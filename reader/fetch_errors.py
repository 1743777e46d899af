"""The sentences a user reads when a fetch fails: refused content types, HTTP statuses, network errors."""

from __future__ import annotations

import socket
import ssl
import time
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

import httpx

from reader.errors import FetchError

if TYPE_CHECKING:
    from reader.fetch import FetchLimits

_ONLY = "only web pages (HTML) and plain text can be added"
_NAMED = {
    "application/pdf": "a PDF, and PDF is not supported",
    "application/x-pdf": "a PDF, and PDF is not supported",
    "application/json": "JSON data, which is not supported",
    "text/json": "JSON data, which is not supported",
    "application/rss+xml": "a news feed (RSS), which is not supported (add one of its articles instead)",
    "application/atom+xml": "a news feed (Atom), which is not supported (add one of its articles instead)",
    "text/css": "a style sheet, which is not supported",
    "text/javascript": "a script, which is not supported",
    "application/javascript": "a script, which is not supported",
    "application/epub+zip": "an EPUB e-book, which is not supported",
    "application/msword": "a Word document, which is not supported",
    "application/rtf": "an RTF document, which is not supported",
    "text/csv": "a CSV table, which is not supported",
    "application/zip": "a ZIP archive, which is not supported",
    "application/gzip": "a gzip archive, which is not supported",
    "application/x-gzip": "a gzip archive, which is not supported",
    "application/x-tar": "a tar archive, which is not supported",
}
_FAMILIES = {
    "image/": "an image ({}), and images are not supported",
    "video/": "a video ({}), and videos are not supported",
    "audio/": "audio ({}), and audio is not supported",
    "font/": "a font ({}), which is not supported",
    "model/": "a 3D model ({}), which is not supported",
    "multipart/": "a multipart message ({}), which is not supported",
}
ACCEPTED = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
SNIFFED = frozenset({"", "application/octet-stream", "binary/octet-stream", "text/xml", "application/xml"})


def size_phrase(n: int) -> str:
    """A byte count for people: "20 MB", "512 KB"."""
    return f"{n / 2**20:.3g} MB" if n >= 2**20 else f"{n / 1024:.3g} KB"


def retry_after_phrase(value: str | None) -> str | None:
    """Render a Retry-After header (seconds or an HTTP date) as a human phrase."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        secs = int(value)
    else:
        try:
            secs = int(parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError, OverflowError):
            return None
    secs = max(secs, 0)
    if secs >= 86400:
        return f"until {value}" if not value.isdigit() else f"{round(secs / 86400)} days"
    if secs < 120:
        return f"{secs} seconds"
    if secs < 7200:
        return f"{round(secs / 60)} minutes"
    return f"{round(secs / 3600)} hours"


def deadline(where: str, seconds: float) -> FetchError:
    """The overall time limit ran out."""
    return FetchError(
        f"Fetching {where} took longer than {seconds:g} seconds, so it was stopped; try again later, or save "
        "the page from a browser and add the file."
    )


def cancelled(where: str) -> FetchError:
    """The user cancelled."""
    return FetchError(f"Fetching {where} was cancelled; nothing was added for it.")


def redirect_loop(where: str, back_to: str) -> FetchError:
    """A redirect came back to an address already visited (with the same cookies)."""
    return FetchError(
        f"{where} redirects in a loop (back to {back_to}); the site may need a login or cookies: open it "
        "in a browser, or save the page as a file and add that."
    )


def too_many_redirects(where: str, limit: int) -> FetchError:
    """More redirects than allowed."""
    return FetchError(
        f"{where} redirected more than {limit} times, so Sift stopped following it; open it in a browser to "
        "find the article's final address."
    )


def bad_redirect(where: str, scheme: str | None) -> FetchError:
    """A redirect to an invalid or non-web address."""
    if scheme is None:
        return FetchError(
            f"{where} redirected to an invalid address; the site may be broken, try again later."
        )
    return FetchError(
        f"{where} redirected to a non-web address ({scheme}:), which Sift does not follow; "
        "open it in a browser."
    )


def too_big(where: str, limit: int) -> FetchError:
    """The body is over the download cap."""
    return FetchError(
        f"{where} is larger than {size_phrase(limit)}, so the download was stopped; save the article page "
        "from a browser and add the file instead."
    )


def bomb(where: str, limit: int) -> FetchError:
    """The decompressed body is over the decoded cap."""
    return FetchError(
        f"{where} expands to more than {size_phrase(limit)} when decompressed (possibly a compression bomb), "
        "so the download was stopped; save the article page from a browser and add the file instead."
    )


def decompress_failed(where: str, problem: str) -> FetchError:
    """An unsupported or corrupt Content-Encoding."""
    return FetchError(f"{where} was sent with {problem}, so it cannot be read; try again later.")


def binary_body(where: str, kind: str) -> FetchError:
    """The body's bytes are a known non-text format whatever the header said."""
    name = "a PDF, and PDF is not supported" if kind == "PDF" else f"{kind}, which is not supported"
    return FetchError(f"{where} is {name}; {_ONLY}.")


def not_a_page(where: str, media: str) -> FetchError:
    """An unlabelled or generic body that does not look like HTML."""
    return FetchError(f"{where} is not a web page ({media or 'no content type'}); {_ONLY}.")


def content_type_refusal(where: str, media: str) -> FetchError | None:
    """A FetchError naming the refused content type, or None if the type is accepted (or to be sniffed)."""
    if media in ACCEPTED or media in SNIFFED:
        return None
    phrase = _NAMED.get(media)
    if phrase is None:
        if media.endswith("+json"):
            phrase = "JSON data, which is not supported"
        elif "officedocument" in media or "opendocument" in media or "ms-excel" in media:
            phrase = f"an office document ({media}), which is not supported"
        else:
            family = next((v for k, v in _FAMILIES.items() if media.startswith(k)), None)
            phrase = family.format(media) if family else f"{media} content, which is not supported"
    return FetchError(f"{where} is {phrase}; {_ONLY}.")


def status_error(where: str, status: int, reason: str, retry_after: str | None, host: str) -> FetchError:
    """The FetchError for an HTTP status that is not a success or a redirect."""
    code = f"HTTP {status} {reason}".strip()
    if status == 401:
        return FetchError(f"{where} needs a login ({code}); save one with `sift login {host}` and try again.")
    if status == 403:
        return FetchError(
            f"{where} refused access ({code}); the article may need a login (`sift login {host}`) or the "
            "site blocks automatic readers: save the page from a browser and add the file."
        )
    if status == 404:
        return FetchError(f"{where} was not found ({code}); check the address.")
    if status == 410:
        return FetchError(f"{where} is gone ({code}): the site has removed it, so there is nothing to fetch.")
    if status == 429:
        wait = f"wait {retry_after} (the site's Retry-After)" if retry_after else "wait a while"
        return FetchError(f"{where} refused because of too many requests ({code}); {wait} and try again.")
    if status >= 500:
        wait = (
            f"wait {retry_after} (the site's Retry-After) and try again" if retry_after else "try again later"
        )
        return FetchError(f"{where} failed on the server's side ({code}); {wait}.")
    if status >= 400:
        return FetchError(f"{where} was refused ({code}); check the address.")
    return FetchError(f"{where} answered with an unexpected {code}; open it in a browser to see what it is.")


def _chain(err: BaseException) -> list[BaseException]:
    """The exception and its causes/contexts, innermost last."""
    out: list[BaseException] = []
    e: BaseException | None = err
    while e is not None and e not in out and len(out) < 10:
        out.append(e)
        e = e.__cause__ or e.__context__
    return out


def _first(chain: list[BaseException], kind: type) -> BaseException | None:
    return next((e for e in chain if isinstance(e, kind)), None)


def transport_error(where: str, err: Exception, received: int, limits: FetchLimits) -> FetchError:
    """The FetchError for a network failure (DNS, refused, TLS, timeout, reset, proxy)."""
    chain = _chain(err)
    cert = _first(chain, ssl.SSLCertVerificationError)
    if cert is not None:
        detail = getattr(cert, "verify_message", None) or "certificate verify failed"
        return FetchError(
            f"The secure connection to {where} failed: its certificate could not be verified ({detail}); "
            "the site may be misconfigured or the connection intercepted, so Sift stopped."
        )
    tls = _first(chain, ssl.SSLError)
    if tls is not None:
        detail = getattr(tls, "reason", None) or str(tls)
        return FetchError(
            f"The secure connection (TLS) to {where} failed ({detail}); check whether the address should "
            "start with http:// or https://, or try again later."
        )
    if isinstance(err, httpx.ProxyError):
        return FetchError(
            f"The proxy from your environment (HTTP_PROXY/HTTPS_PROXY/ALL_PROXY) failed for {where} ({err}); "
            "check your proxy settings."
        )
    if _first(chain, socket.gaierror) is not None or _looks_like_dns(chain):
        return FetchError(
            f"The server of {where} could not be found (DNS lookup failed); check the address and your "
            "internet connection."
        )
    if _first(chain, ConnectionRefusedError) is not None or "refused" in str(err).lower():
        return FetchError(
            f"{where} refused the connection; the site may be down or the address wrong; try later."
        )
    if isinstance(err, httpx.ConnectTimeout):
        return FetchError(
            f"Could not connect to {where} within {limits.connect_timeout:g} seconds; check your internet "
            "connection and proxy settings, then try again."
        )
    if isinstance(err, httpx.TimeoutException):
        return FetchError(
            f"{where} sent nothing for {limits.read_timeout:g} seconds, so Sift gave up; try again later."
        )
    if isinstance(err, httpx.ConnectError):
        return FetchError(f"Could not connect to {where} ({err}); check the address and your connection.")
    if _first(chain, ConnectionResetError) is not None:
        after = f" after {received} bytes" if received else ""
        return FetchError(f"The connection to {where} was reset by the server{after}; try again later.")
    if isinstance(err, httpx.ReadError | httpx.RemoteProtocolError | httpx.WriteError | httpx.CloseError):
        if received > 0 or "incomplete" in str(err).lower() or "peer closed" in str(err).lower():
            return FetchError(
                f"The connection to {where} was cut off after {received} bytes, before the page was "
                "complete; try again."
            )
        return FetchError(f"{where} closed the connection without answering; try again later.")
    return FetchError(f"Fetching {where} failed ({type(err).__name__}: {err}); try again later.")


def _looks_like_dns(chain: list[BaseException]) -> bool:
    text = " ".join(str(e).lower() for e in chain)
    return any(
        s in text
        for s in (
            "name or service not known",
            "name resolution",
            "nodename nor servname",
            "no address associated",
        )
    )
