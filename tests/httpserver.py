"""A real HTTP(S) test server on 127.0.0.1 with routes for well-behaved and hostile pages.

Routes are plain functions ``fn(req: Handler) -> None`` registered with :meth:`TestServer.route`;
every request (method, host, path, headers) is recorded in :attr:`TestServer.requests`. The
``hostile_routes`` function installs the standard fixture pages and every hostile case.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import socket
import ssl
import struct
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

HOST = "127.0.0.1"

ARTICLE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour Cranes Return to the Old Quay – The Tidewater Gazette</title>
<meta property="og:site_name" content="The Tidewater Gazette">
<meta name="author" content="Ines Marlowe">
<script>window.tracker = 1;</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Harbour Cranes Return to the Old Quay</h1>
<p>The two blue cranes that stood over the old quay for forty years were lifted back onto their rails on
Tuesday morning, after a restoration that took the port's volunteer guild nearly three winters to finish.</p>
<p>Each crane weighs about ninety tonnes. Engineers replaced the rusted slewing rings, rewired the cabins
and repainted both jibs in the original cobalt shade, matched from a paint chip found under a stair.</p>
<p>"We wanted them to look the way my grandfather remembered them," said the guild's chair, who spent
most of the past year sanding rivets. The harbour board paid for the steel; the guild paid for the rest.</p>
<p>The cranes will not lift cargo again. From next month visitors can climb to the lower cabin on weekends,
and the port plans to light the jibs at dusk during the winter festival.</p>
<p>Café owners along the quay say the return has already brought walkers back to a stretch of waterfront
that emptied when the container terminal moved downriver in the nineties.</p>
</article>
<footer>© Tidewater Gazette · <a href="/privacy">Privacy</a></footer>
</body></html>
"""

PLAIN_TEXT = """Notes on the allotment water rota

The standpipe on the east side will be switched off on Mondays while the new valve settles in.

Plot holders on the west side keep their usual evenings. Please coil the hoses after use.
"""

# A short page in Windows-1252 with curly quotes and accented letters (bytes 0x80-0x9f matter).
LATIN_TEXT = "Le café « Au Bon Coin » rouvre ses portes — ‘enfin’, disent les habitués de la rue Zoë."


def latin_page(meta: str | None) -> bytes:
    """A cp1252-encoded article page, optionally with a ``<meta charset>`` declaration."""
    head = f'<meta charset="{meta}">' if meta else ""
    paras = "".join(
        f"<p>{LATIN_TEXT} Paragraphe {i} du récit, avec des détails sur la rénovation.</p>" for i in range(6)
    )
    html = (
        f"<!doctype html><html><head>{head}<title>Le café rouvre</title></head><body><article>"
        f"<h1>Le café rouvre</h1>{paras}</article></body></html>"
    )
    return html.encode("cp1252")


class Handler(BaseHTTPRequestHandler):
    """Dispatches each request to the route registered for its path (query string ignored)."""

    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        owner = self.server.owner
        path = urlsplit(self.path).path or "/"
        owner.requests.append(
            Seen("GET", self.headers.get("Host", ""), self.path, {k: v for k, v in self.headers.items()})
        )
        fn = owner.routes.get(path)
        if fn is None:
            self.send_body(404, b"<html><body><p>No such page.</p></body></html>")
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, ssl.SSLError):
            fn(self)

    def send_body(
        self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str
    ) -> None:
        """Send a complete response with Content-Length."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def redirect(self, location: str, status: int = 302, **headers: str) -> None:
        """Send a redirect."""
        self.send_body(status, b"", Location=location, **headers)

    def reset(self) -> None:
        """Abort the connection with a TCP reset (SO_LINGER 0)."""
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True


@dataclass
class Seen:
    """One request the server received."""

    method: str
    host: str
    path: str
    headers: dict[str, str]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    owner: TestServer

    def handle_error(self, request: object, client_address: object) -> None:
        """Connections the client aborts on purpose are expected here: stay quiet."""


class TestServer:
    """A threaded HTTP server on 127.0.0.1 (optionally TLS with a given context), started and stopped."""

    __test__ = False  # not a test class, whatever its name

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Callable[[Handler], None]] = {}
        self.requests: list[Seen] = []
        self.stop_event = threading.Event()
        self._httpd = _Server((HOST, 0), Handler)
        self._httpd.owner = self
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self.port = self._httpd.server_address[1]
        self.scheme = "https" if tls is not None else "http"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True

    def start(self) -> TestServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)

    def url(self, path: str, host: str = HOST) -> str:
        """The full URL of ``path`` on this server (``host`` may be "localhost" for a second origin)."""
        return f"{self.scheme}://{host}:{self.port}{path}"

    def route(self, path: str) -> Callable[[Callable[[Handler], None]], Callable[[Handler], None]]:
        """Decorator registering a route."""

        def deco(fn: Callable[[Handler], None]) -> Callable[[Handler], None]:
            self.routes[path] = fn
            return fn

        return deco

    def page(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", **hdrs: str):
        """Register a static page."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = lambda h: h.send_body(200, data, content_type, **hdrs)

    def seen(self, path_prefix: str) -> list[Seen]:
        """The recorded requests whose path starts with ``path_prefix``."""
        return [r for r in self.requests if urlsplit(r.path).path.startswith(path_prefix)]


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def hostile_routes(srv: TestServer) -> None:
    """Install the fixture pages and every hostile case on ``srv``."""
    srv.page("/article", ARTICLE_HTML)
    srv.page("/plain", PLAIN_TEXT, "text/plain; charset=utf-8")
    srv.page("/html-as-plain", ARTICLE_HTML, "text/plain")
    srv.page("/xhtml", ARTICLE_HTML, "application/xhtml+xml")
    srv.page("/no-type", ARTICLE_HTML, "")
    srv.page("/pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "application/pdf")
    srv.page("/pdf-as-html", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "text/html")
    srv.page("/image", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
    srv.page("/json", b'{"title": "not a page"}', "application/json")
    srv.page("/feed", b"<rss><channel></channel></rss>", "application/rss+xml")
    srv.page("/empty", b"", "text/html")
    srv.page("/script-only", b"<html><head><script>var a=1;</script></head><body></body></html>")
    srv.page("/latin-header", latin_page(None), "text/html; charset=windows-1252")
    srv.page("/latin-meta", latin_page("iso-8859-1"), "text/html")
    srv.page("/latin-undeclared", latin_page(None), "text/html")
    srv.page("/latin-lying-header", latin_page("windows-1252"), "text/html; charset=utf-8")
    srv.page("/latin-lying-undeclared", latin_page(None), "text/html; charset=UTF-8")
    srv.page("/latin-bogus-header", latin_page("windows-1252"), "text/html; charset=x-no-such-charset")
    srv.routes["/status/404"] = lambda h: h.send_body(404, b"<p>missing</p>")
    srv.routes["/status/410"] = lambda h: h.send_body(410, b"<p>gone</p>")
    srv.routes["/status/429"] = lambda h: h.send_body(429, b"<p>slow down</p>", Retry_After="120")
    srv.routes["/status/429-date"] = lambda h: h.send_body(
        429, b"<p>slow down</p>", Retry_After="Wed, 21 Oct 2037 07:28:00 GMT"
    )
    srv.routes["/status/500"] = lambda h: h.send_body(500, b"<p>oops</p>")
    srv.routes["/status/503"] = lambda h: h.send_body(503, b"<p>busy</p>", Retry_After="30")
    srv.routes["/status/401"] = lambda h: h.send_body(401, b"<p>who are you</p>")
    srv.routes["/status/403"] = lambda h: h.send_body(403, b"<p>no</p>")

    srv.routes["/loop-a"] = lambda h: h.redirect("/loop-b")
    srv.routes["/loop-b"] = lambda h: h.redirect(srv.url("/loop-a"), 301)
    srv.routes["/self"] = lambda h: h.redirect("/self", 307)
    srv.routes["/to-ftp"] = lambda h: h.redirect("ftp://files.example.invalid/a.txt")

    @srv.route("/cookie-gate")
    def cookie_gate(h: Handler) -> None:
        if "gate=open" in (h.headers.get("Cookie") or ""):
            h.send_body(200, ARTICLE_HTML.encode())
        else:
            h.redirect("/cookie-gate", Set_Cookie="gate=open; Path=/")

    for n in range(0, 16):
        srv.routes[f"/hop/{n}"] = (
            (lambda h: h.send_body(200, ARTICLE_HTML.encode()))
            if n == 0
            else (lambda h, n=n: h.redirect(f"/hop/{n - 1}", 301 if n % 2 else 302))
        )

    srv.routes["/cross"] = lambda h: h.redirect(srv.url("/article", host="localhost"))
    srv.routes["/cross-back"] = lambda h: h.redirect(srv.url("/back", host="localhost"))
    srv.routes["/back"] = lambda h: h.redirect(srv.url("/article"), 301)
    srv.routes["/same"] = lambda h: h.redirect("/article", 303)
    srv.routes["/to-http"] = lambda h: h.redirect(srv.url("/article").replace("https:", "http:"))

    @srv.route("/slow-headers")
    def slow_headers(h: Handler) -> None:
        h.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for i in range(400):
            if srv.stop_event.is_set():
                return
            h.wfile.write(b"X-Drip-%d: a\r\n" % i)
            h.wfile.flush()
            time.sleep(0.05)

    gathered = {"now": 0, "peak": 0}
    lock = threading.Lock()
    srv.gathered = gathered  # type: ignore[attr-defined]

    @srv.route("/gather")
    def gather(h: Handler) -> None:
        """Wait (up to 3 s) until ``want`` requests are in flight at once, recording the peak."""
        want = int(parse_qs(urlsplit(h.path).query).get("want", ["2"])[0])
        with lock:
            gathered["now"] += 1
            gathered["peak"] = max(gathered["peak"], gathered["now"])
        end = time.monotonic() + 3
        while time.monotonic() < end and gathered["peak"] < want and not srv.stop_event.is_set():
            time.sleep(0.01)
        time.sleep(0.05)
        with lock:
            gathered["now"] -= 1
        h.send_body(200, ARTICLE_HTML.encode())

    @srv.route("/slow-drip")
    def slow_drip(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        for _ in range(2000):
            if srv.stop_event.is_set():
                return
            h.wfile.write(b"<p>drip</p>")
            h.wfile.flush()
            time.sleep(0.05)

    @srv.route("/never")
    def never(h: Handler) -> None:
        srv.stop_event.wait(30)

    @srv.route("/huge")
    def huge(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        block = b"<p>" + b"lorem ipsum " * 5000 + b"</p>"
        for _ in range(2000):
            if srv.stop_event.is_set():
                return
            h.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))
        h.wfile.write(b"0\r\n\r\n")

    srv.routes["/huge-declared"] = _declared_huge

    srv.routes["/gzip-bomb"] = lambda h: h.send_body(200, gzip_bomb(), "text/html", Content_Encoding="gzip")
    srv.page(
        "/gzip", gzip.compress(ARTICLE_HTML.encode()), "text/html; charset=utf-8", Content_Encoding="gzip"
    )
    srv.page(
        "/deflate",
        zlib.compress(ARTICLE_HTML.encode()),
        "text/html; charset=utf-8",
        Content_Encoding="deflate",
    )
    raw = zlib.compressobj(wbits=-15)
    srv.page(
        "/deflate-raw",
        raw.compress(ARTICLE_HTML.encode()) + raw.flush(),
        "text/html",
        Content_Encoding="deflate",
    )
    srv.page("/bad-gzip", b"\x1f\x8b\x08\x00garbage-not-gzip" * 10, "text/html", Content_Encoding="gzip")
    srv.page("/zstd", b"\x28\xb5\x2f\xfd" + b"\x00" * 20, "text/html", Content_Encoding="zstd")
    try:
        import brotli

        srv.page(
            "/brotli",
            brotli.compress(ARTICLE_HTML.encode()),
            "text/html; charset=utf-8",
            Content_Encoding="br",
        )
        srv.routes["/brotli-bomb"] = lambda h: h.send_body(
            200, brotli_bomb(), "text/html", Content_Encoding="br"
        )
    except ImportError:
        pass

    @srv.route("/reset")
    def reset(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "50000")
        h.end_headers()
        h.wfile.write(ARTICLE_HTML.encode()[:1000])
        h.wfile.flush()
        time.sleep(0.05)
        h.reset()

    @srv.route("/short-body")
    def short_body(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "50000")
        h.end_headers()
        h.wfile.write(ARTICLE_HTML.encode()[:1000])
        h.wfile.flush()
        h.close_connection = True

    @srv.route("/reset-before-headers")
    def reset_early(h: Handler) -> None:
        h.reset()


BOMB_SIZE = 16 * 1024 * 1024


@functools.cache
def gzip_bomb() -> bytes:
    """16 MB of one letter, gzip-compressed to about 16 KB."""
    return gzip.compress(b"<p>" + b"A" * BOMB_SIZE, compresslevel=9)


@functools.cache
def brotli_bomb() -> bytes:
    """16 MB of one letter, brotli-compressed to a few dozen bytes."""
    import brotli

    return brotli.compress(b"<p>" + b"B" * BOMB_SIZE, quality=5)


def _declared_huge(h: Handler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", str(10**10))
    h.end_headers()
    h.close_connection = True


def self_signed_context(tmp: Path) -> ssl.SSLContext | None:
    """A server TLS context with a throwaway self-signed certificate (None without `cryptography`)."""
    try:
        import datetime

        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        return None
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sift-test")])
    now = datetime.datetime.now(datetime.UTC)
    import ipaddress

    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert_path, key_path)
    return ctx
