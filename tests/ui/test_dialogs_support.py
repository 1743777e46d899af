"""Shared parts for the worker / dialog / keyboard-flow tests: a real local site, a library, a window.

Import the fixtures into a test module with
``from test_dialogs_support import library, local_site, settings, window  # noqa: F401``.
(No tests live here.)
"""

from __future__ import annotations

import contextlib
import html
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

PARAGRAPHS = (
    "The harbour authority in Lowmere counted {n} container ships in March, four more than a year earlier, "
    "according to its monthly traffic sheet published on Tuesday.",
    "Dredging of the eastern channel finished in January and cost 3.2 million euros, the authority said, "
    "which lets ships with a draught of up to eleven metres enter at low tide.",
    "Many observers feel that this is, in a very real sense, a moment that invites reflection on what the "
    "future of ports like this one might ultimately come to look like for everyone involved.",
    "Night shifts at the two cranes on pier six were added in February, and the authority plans to hire "
    "twelve more operators before the summer season begins in June.",
    "It remains to be seen, of course, how all of this will play out over time, as so many things in life "
    "tend to unfold in ways that nobody can fully predict.",
)


def article_html(n: int, title: str | None = None) -> bytes:
    """A small, real-looking news page (our own text), distinct for each ``n``."""
    title = title or f"Lowmere harbour traffic report {n}"
    body = "\n".join(f"<p>{html.escape(p.format(n=n))}</p>" for p in PARAGRAPHS)
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} – Lowmere Gazette</title>
<meta property="og:title" content="{html.escape(title)}">
<meta property="og:site_name" content="Lowmere Gazette">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>{html.escape(title)}</h1><p class="byline">By A. Writer</p>
{body}
</article>
<footer>© Lowmere Gazette</footer>
</body></html>"""
    return page.encode("utf-8")


class LocalSite:
    """A real HTTP server on 127.0.0.1 with article pages, a 404 and a slow page held until released."""

    def __init__(self) -> None:
        self.slow_requested = threading.Event()
        self.release = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                if path.startswith("/article/"):
                    n = int(path.rsplit("/", 1)[1] or 0)
                    self._send(200, "text/html; charset=utf-8", article_html(n))
                elif path == "/slow":
                    site.slow_requested.set()
                    body = article_html(99)
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[:200])
                    self.wfile.flush()
                    site.release.wait(30)
                    with contextlib.suppress(OSError):
                        self.wfile.write(body[200:])
                else:
                    self._send(404, "text/html; charset=utf-8", b"<html><body>Not here</body></html>")

            def _send(self, status: int, ctype: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        """The full address of ``path`` on this server."""
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def close(self) -> None:
        """Release held requests and stop serving."""
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def local_site(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[LocalSite]:
    """A local site; proxies are ignored for 127.0.0.1 and no real login list is read."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    site = LocalSite()
    yield site
    site.close()
    from reader.ui import worker

    assert worker.wait_for_workers(30000)


@pytest.fixture
def library(tmp_path: Path):
    """A real library file in tmp_path."""
    from reader.store import Library

    lib = Library(tmp_path / "library.db")
    yield lib
    lib.close()


@pytest.fixture
def settings(tmp_path: Path):
    """Settings in an ini file in tmp_path."""
    from reader.ui.settings import Settings

    return Settings(tmp_path / "settings.ini")


@pytest.fixture
def window(qtbot, library, settings):
    """The real main window on the library (shown offscreen)."""
    from reader.ui.window import MainWindow

    win = MainWindow(library, settings)
    qtbot.addWidget(win)
    win.resize(1100, 700)
    win.show()
    qtbot.waitExposed(win)
    yield win
    from reader.ui import worker

    worker.wait_for_workers(30000)


def add_text_article(library, text: str, title: str = "Notes", url: str | None = None) -> int:
    """Store a plain-text article and return its id."""
    from reader.blocks import blocks_from_text
    from reader.models import ArticleContent

    return library.add_article(ArticleContent(blocks_from_text(text), title=title), url=url).id
