"""Fetching over real HTTP(S) on 127.0.0.1: well-behaved pages, every hostile case, credentials, proxies."""

from __future__ import annotations

import ssl
import threading
import time
from pathlib import Path

import pytest
from dbtools import snapshot
from httpserver import LATIN_TEXT, TestServer, free_port, hostile_routes, self_signed_context

from reader import __version__
from reader.errors import ExtractError, FetchError, InputError, SiftError
from reader.fetch import FetchLimits, fetch_article, fetch_url, make_client
from reader.ingest import add_loaded, load_many, load_source
from reader.logins import Login
from reader.store import Library

pytest_plugins = ["conftest_http"]

LIMITS = FetchLimits(
    connect_timeout=1.0, read_timeout=0.5, deadline=1.5, max_body=1_000_000, max_decoded=2_000_000
)


def NO_LOGIN(host: str) -> None:
    """No site has a login (keeps these tests away from the keyring)."""
    return None


def add_url(library: Library, url: str, limits: FetchLimits = LIMITS, **kw):
    """What `sift add URL` does: fetch and clean, then store in one transaction."""
    loaded = load_source(url, limits=limits, **kw)
    return add_loaded(library, loaded)


# -- pages that work ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "final"),
    [("/article", "/article"), ("/gzip", "/gzip"), ("/deflate", "/deflate"), ("/deflate-raw", "/deflate-raw"),
     ("/brotli", "/brotli"), ("/xhtml", "/xhtml"), ("/no-type", "/no-type"),
     ("/html-as-plain", "/html-as-plain"), ("/same", "/article"), ("/hop/10", "/hop/0"),
     ("/cookie-gate", "/cookie-gate"), ("/cross", "/article")],
)  # fmt: skip
def test_article_is_fetched_cleaned_and_stored(
    http_server: TestServer, library: Library, path: str, final: str
) -> None:
    article = add_url(library, http_server.url(path), login_for=NO_LOGIN)
    assert article.title == "Harbour Cranes Return to the Old Quay"
    assert "ninety tonnes" in article.text and "Café owners" in article.text
    assert "window.tracker" not in article.text
    host = "localhost" if path == "/cross" else "127.0.0.1"
    assert article.url == http_server.url(final, host=host)
    assert article.fetched_at and article.fetched_at.endswith("Z")
    assert library.article_count() == 1


def test_plain_text_becomes_paragraphs(http_server: TestServer, library: Library) -> None:
    article = add_url(library, http_server.url("/plain"))
    assert article.text.split("\n")[1].startswith("The standpipe on the east side")
    assert len(article.blocks) == 3


def test_adding_the_same_url_twice_keeps_one_article(http_server: TestServer, library: Library) -> None:
    first = add_url(library, http_server.url("/article"))
    again = add_url(library, http_server.url("/same"))  # redirects to the same final URL
    assert again.id == first.id and library.article_count() == 1


def test_request_headers_name_sift_and_accept_compression(http_server: TestServer) -> None:
    fetch_url(http_server.url("/article"), limits=LIMITS, login_for=NO_LOGIN)
    (req,) = http_server.seen("/article")
    assert req.headers["User-Agent"] == f"Sift/{__version__} (+desktop reader)"
    assert {"gzip", "deflate", "br"} <= {e.strip() for e in req.headers["Accept-Encoding"].split(",")}
    assert "text/html" in req.headers["Accept"]
    assert "Cookie" not in req.headers and "Authorization" not in req.headers


@pytest.mark.parametrize(
    "path",
    ["/latin-header", "/latin-meta", "/latin-undeclared", "/latin-bogus-header", "/latin-lying-header",
     "/latin-lying-undeclared"],
)  # fmt: skip
def test_declared_and_undeclared_charsets_decode_without_mojibake(http_server: TestServer, path: str) -> None:
    loaded = fetch_article(http_server.url(path), limits=LIMITS, login_for=NO_LOGIN)
    assert LATIN_TEXT in loaded.content.text
    assert "Ã" not in loaded.content.text and "\ufffd" not in loaded.content.text


# -- hostile cases: each names the URL, says what to do, and leaves the library untouched -------------

HOSTILE = [
    ("/status/404", FetchError, ["was not found", "HTTP 404", "check the address"]),
    ("/status/410", FetchError, ["is gone", "HTTP 410"]),
    ("/status/429", FetchError, ["too many requests", "HTTP 429", "wait 2 minutes", "Retry-After"]),
    ("/status/429-date", FetchError, ["HTTP 429", "until Wed, 21 Oct 2037 07:28:00 GMT"]),
    ("/status/500", FetchError, ["server's side", "HTTP 500", "try again later"]),
    ("/status/503", FetchError, ["server's side", "HTTP 503", "wait 30 seconds"]),
    ("/status/401", FetchError, ["needs a login", "sift login 127.0.0.1"]),
    ("/status/403", FetchError, ["refused access", "HTTP 403"]),
    ("/loop-a", FetchError, ["redirects in a loop", "/loop-a"]),
    ("/self", FetchError, ["redirects in a loop"]),
    ("/hop/11", FetchError, ["redirected more than 10 times"]),
    ("/to-ftp", FetchError, ["non-web address (ftp:)"]),
    ("/slow-drip", FetchError, ["took longer than 1.5 seconds", "try again later"]),
    ("/slow-headers", FetchError, ["took longer than 1.5 seconds"]),
    ("/never", FetchError, ["sent nothing for 0.5 seconds"]),
    ("/huge", FetchError, ["larger than 977 KB", "download was stopped"]),
    ("/huge-declared", FetchError, ["larger than 977 KB"]),
    ("/gzip-bomb", FetchError, ["expands to more than 1.91 MB", "compression bomb"]),
    ("/brotli-bomb", FetchError, ["expands to more than 1.91 MB", "compression bomb"]),
    ("/bad-gzip", FetchError, ["corrupt gzip-compressed data"]),
    ("/zstd", FetchError, ["unsupported compression (zstd)"]),
    ("/pdf", FetchError, ["PDF is not supported"]),
    ("/pdf-as-html", FetchError, ["PDF is not supported"]),
    ("/image", FetchError, ["image (image/png)", "images are not supported"]),
    ("/json", FetchError, ["JSON data"]),
    ("/feed", FetchError, ["news feed (RSS)"]),
    ("/reset", FetchError, ["was reset by the server after 1000 bytes"]),
    ("/short-body", FetchError, ["was cut off after 1000 bytes"]),
    ("/reset-before-headers", FetchError, ["was reset by the server"]),
    ("/empty", ExtractError, ["is empty"]),
    ("/script-only", ExtractError, ["no readable article"]),
]


@pytest.mark.parametrize(("path", "kind", "phrases"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_page_fails_clearly_and_writes_nothing(
    http_server: TestServer, library: Library, db_path: Path, path: str, kind: type, phrases: list[str]
) -> None:
    url = http_server.url(path)
    before = snapshot(db_path)
    started = time.monotonic()
    with pytest.raises(kind) as info:
        add_url(library, url)
    elapsed = time.monotonic() - started
    message = str(info.value)
    assert url in message
    for phrase in phrases:
        assert phrase in message
    assert "\n" not in message and message.endswith(".")
    assert snapshot(db_path) == before and library.article_count() == 0
    assert elapsed < LIMITS.deadline + 5  # never a hang (generous: the machine is shared)


def test_redirect_target_is_named_in_the_message(http_server: TestServer) -> None:
    http_server.routes["/moved"] = lambda h: h.redirect("/status/404")
    with pytest.raises(FetchError) as info:
        fetch_url(http_server.url("/moved"), limits=LIMITS, login_for=NO_LOGIN)
    assert f"{http_server.url('/moved')} (redirected to {http_server.url('/status/404')})" in str(info.value)


def test_dns_failure_names_the_url(library: Library, db_path: Path) -> None:
    url = "http://sift-test-no-such-host.invalid/story"
    before = snapshot(db_path)
    with pytest.raises(FetchError) as info:
        add_url(library, url)
    assert url in str(info.value) and "could not be found (DNS lookup failed)" in str(info.value)
    assert snapshot(db_path) == before


def test_refused_connection_names_the_url(library: Library, db_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/story"
    before = snapshot(db_path)
    with pytest.raises(FetchError) as info:
        add_url(library, url)
    assert url in str(info.value) and "refused the connection" in str(info.value)
    assert snapshot(db_path) == before


def test_https_to_a_plain_http_port_is_a_tls_error(http_server: TestServer, library: Library) -> None:
    url = http_server.url("/article").replace("http://", "https://")
    with pytest.raises(FetchError) as info:
        add_url(library, url)
    assert url in str(info.value) and "secure connection (TLS)" in str(info.value)
    assert library.article_count() == 0


@pytest.fixture
def tls_server(tmp_path: Path):
    ctx = self_signed_context(tmp_path)
    if ctx is None:
        pytest.skip("the cryptography package is not installed")
    srv = TestServer(tls=ctx)
    hostile_routes(srv)
    srv.start()
    yield srv
    srv.stop()


def test_self_signed_certificate_is_refused(tls_server: TestServer, library: Library, db_path: Path) -> None:
    url = tls_server.url("/article")
    before = snapshot(db_path)
    with pytest.raises(FetchError) as info:
        add_url(library, url)
    assert url in str(info.value) and "certificate could not be verified" in str(info.value)
    assert snapshot(db_path) == before


def test_https_works_with_a_trusted_certificate(tls_server: TestServer, tmp_path: Path) -> None:
    trust = ssl.create_default_context(cafile=str(tmp_path / "cert.pem"))
    with make_client(LIMITS, verify=trust) as client:
        loaded = fetch_article(tls_server.url("/article"), limits=LIMITS, client=client, login_for=NO_LOGIN)
    assert loaded.url == tls_server.url("/article") and "ninety tonnes" in loaded.content.text


@pytest.mark.parametrize(
    "url",
    [
        "ftp://files.example.invalid/a.html",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/html,<p>x",
    ],
)
def test_other_schemes_are_refused_by_name(url: str) -> None:
    with pytest.raises(InputError) as info:
        load_source(url, limits=LIMITS)
    assert "only http:// and https://" in str(info.value)
    assert url.split(":")[0] + ":" in str(info.value)


def test_credentials_in_the_address_are_refused_without_echoing_them() -> None:
    with pytest.raises(InputError) as info:
        load_source("http://alice:pa55word@127.0.0.1:9/a", limits=LIMITS)
    assert "pa55word" not in str(info.value) and "sift login 127.0.0.1" in str(info.value)


def test_environment_proxy_is_honoured(http_server: TestServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", http_server.url(""))
    for var in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(var, raising=False)
    loaded = fetch_article("http://news.sift-test.invalid/article", limits=LIMITS, login_for=NO_LOGIN)
    assert "ninety tonnes" in loaded.content.text
    (req,) = http_server.seen("/article")
    assert req.path == "http://news.sift-test.invalid/article"  # absolute form: it went through the proxy


# -- credentials go only to their own host ------------------------------------------------------------

SECRET = "s3cr3t-T0KEN-for-tests-only"


def _login_for(host: str) -> Login | None:
    return Login("bearer", SECRET) if host == "127.0.0.1" else None


def test_login_is_sent_to_its_host_only(http_server: TestServer) -> None:
    fetch_url(http_server.url("/cross"), limits=LIMITS, login_for=_login_for)
    first, second = http_server.requests
    assert first.host.startswith("127.0.0.1") and first.headers["Authorization"] == f"Bearer {SECRET}"
    assert second.host.startswith("localhost") and "Authorization" not in second.headers


def test_login_is_not_resent_after_leaving_the_host(http_server: TestServer) -> None:
    fetch_url(http_server.url("/cross-back"), limits=LIMITS, login_for=_login_for)
    hosts = [(r.host.split(":")[0], "Authorization" in r.headers) for r in http_server.requests]
    assert hosts == [("127.0.0.1", True), ("localhost", False), ("127.0.0.1", False)]


def test_cookie_login_is_kept_on_same_host_redirects(http_server: TestServer) -> None:
    fetch_url(http_server.url("/same"), limits=LIMITS, login_for=lambda h: Login("cookie", f"sid={SECRET}"))
    assert [r.headers.get("Cookie") for r in http_server.requests] == [f"sid={SECRET}", f"sid={SECRET}"]


def test_secret_never_appears_in_errors_or_logs(
    http_server: TestServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    messages = []
    for path in ("/status/401", "/status/403", "/loop-a", "/reset", "/cross"):
        try:
            fetch_article(http_server.url(path), limits=LIMITS, login_for=_login_for)
        except SiftError as e:
            messages.append(str(e))
    assert len(messages) == 4
    assert any(SECRET in r.headers.get("Authorization", "") for r in http_server.requests)  # it was sent
    assert all(SECRET not in m for m in messages)
    assert SECRET not in caplog.text and "Authorization" not in caplog.text


# -- many URLs at once ---------------------------------------------------------------------------------


def test_load_many_keeps_input_order_and_reports_each(http_server: TestServer, tmp_path: Path) -> None:
    page = tmp_path / "local.html"
    page.write_text(
        "<html><body><h1>Local</h1><p>A local page about the river ferry timetable.</p></body></html>"
    )
    sources = [
        http_server.url("/status/404"),
        http_server.url("/article"),
        str(page),
        http_server.url("/pdf"),
    ]
    events: list[tuple[str, str]] = []
    lock = threading.Lock()

    def progress(source: str, status: str) -> None:
        with lock:
            events.append((source, status))

    outcomes = load_many(sources, workers=3, progress=progress, limits=LIMITS)
    assert [o.source for o in outcomes] == sources
    assert [o.ok for o in outcomes] == [False, True, True, False]
    assert "HTTP 404" in str(outcomes[0].error) and "PDF" in str(outcomes[3].error)
    assert outcomes[1].loaded.content.title == "Harbour Cranes Return to the Old Quay"
    for s in sources:
        assert (s, "start") in events
    assert {st for _, st in events} >= {"start", "done", "failed"}


def test_load_many_fetches_concurrently_within_its_pool(http_server: TestServer) -> None:
    urls = [http_server.url(f"/gather?want=3&n={i}") for i in range(6)]
    outcomes = load_many(urls, workers=3, limits=FetchLimits(deadline=10))
    assert all(o.ok for o in outcomes)
    assert http_server.gathered["peak"] == 3  # three in flight at once, never more than the pool


def test_cancel_stops_a_fetch_in_progress(http_server: TestServer) -> None:
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    outcomes = load_many(
        [http_server.url("/slow-drip"), http_server.url("/never")],
        cancel=cancel,
        limits=FetchLimits(read_timeout=20, deadline=20),
    )
    assert time.monotonic() - started < 5
    assert all(not o.ok and "cancelled" in str(o.error) for o in outcomes)


# -- through the real command line -------------------------------------------------------------------


def test_sift_add_urls_reports_each_and_stores_only_successes(http_server: TestServer, db_path: Path) -> None:
    from click.testing import CliRunner

    from reader.cli import cli

    good, missing, pdf = (http_server.url(p) for p in ("/article", "/status/404", "/pdf"))
    result = CliRunner().invoke(cli, ["--db", str(db_path), "add", good, missing, pdf])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["1\tHarbour Cranes Return to the Old Quay"]
    errors = result.stderr.splitlines()
    assert len(errors) == 2 and missing in errors[0] and "HTTP 404" in errors[0] and "PDF" in errors[1]
    with Library(db_path) as library:
        assert library.article_count() == 1 and library.get_article(1).url == good


def test_sift_extract_url_prints_clean_text_and_touches_no_library(
    http_server: TestServer, db_path: Path
) -> None:
    from click.testing import CliRunner

    from reader.cli import cli

    result = CliRunner().invoke(cli, ["--db", str(db_path), "extract", http_server.url("/gzip")])
    assert result.exit_code == 0, result.output
    assert "ninety tonnes" in result.stdout and "window.tracker" not in result.stdout
    assert not db_path.exists()


def test_login_is_dropped_on_a_downgrade_to_plain_http(
    tls_server: TestServer, http_server: TestServer, tmp_path: Path
) -> None:
    tls_server.routes["/down"] = lambda h: h.redirect(http_server.url("/article"))
    trust = ssl.create_default_context(cafile=str(tmp_path / "cert.pem"))
    with make_client(LIMITS, verify=trust) as client:
        fetch_url(tls_server.url("/down"), limits=LIMITS, client=client, login_for=_login_for)
    assert tls_server.requests[0].headers.get("Authorization") == f"Bearer {SECRET}"
    (plain,) = http_server.requests
    assert "Authorization" not in plain.headers  # same host, but https -> http: not sent in the clear


def test_decoders_yield_small_pieces_however_large_the_output() -> None:
    import gzip

    import brotli

    from reader.decompress import OUT, make_decoder

    payload = b"x" * (8 * 1024 * 1024)
    for encoding, data in (
        ("gzip", gzip.compress(payload)),
        ("br", brotli.compress(payload, quality=5)),
        ("gzip, br", brotli.compress(gzip.compress(payload), quality=5)),
    ):
        decoder = make_decoder(encoding)
        pieces = [p for chunk in (data[:7], data[7:]) for p in decoder.feed(chunk)] + list(decoder.flush())
        assert b"".join(pieces) == payload, encoding
        assert max(len(p) for p in pieces) <= 2 * OUT, encoding
