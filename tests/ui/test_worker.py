"""AddJob: background fetch from a real local server, per-source progress, failures, cancel."""

from __future__ import annotations

import sys

import pytest
from test_dialogs_support import library, local_site  # noqa: F401

from reader.ui import worker

pytestmark = [
    pytest.mark.gui,
    # The offscreen platform warns about a window feature it lacks; that is not a Sift problem.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


def _collect(job: worker.AddJob) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    job.progress.connect(lambda s, m: seen.append((s, m)))
    return seen


def test_fetch_adds_article_with_progress(qtbot, library, local_site) -> None:  # noqa: F811
    url = local_site.url("/article/1")
    job = worker.AddJob(library, [url])
    seen = _collect(job)
    added: list[int] = []
    job.article_added.connect(added.append)
    with qtbot.waitSignal(job.finished, timeout=20000):
        job.start()
    assert job.results[0].status == worker.ADDED, job.results[0].message
    assert added == job.added_ids == [job.results[0].article_id]
    article = library.get_article(added[0])
    assert article.title == "Lowmere harbour traffic report 1"
    assert article.url == url
    assert "eleven metres" in article.text
    messages = [m for s, m in seen if s == url]
    assert messages[0] == "queued"
    assert any(m.startswith("fetching") for m in messages)
    assert messages[-1] == "added “Lowmere harbour traffic report 1”"
    assert job.summary() == "1 added."


def test_batch_reports_each_source_and_stores_only_good_ones(qtbot, library, local_site) -> None:  # noqa: F811
    good, bad = local_site.url("/article/2"), local_site.url("/no-such-page")
    job = worker.AddJob(library, [good, bad, "ftp://example.com/x"])
    failures: list[tuple[str, str]] = []
    job.failed.connect(lambda s, m: failures.append((s, m)))
    with qtbot.waitSignal(job.finished, timeout=20000):
        job.start()
    statuses = [r.status for r in job.results]
    assert statuses == [worker.ADDED, worker.FAILED, worker.FAILED]
    assert library.article_count() == 1
    by_source = dict(failures)
    assert "404" in by_source[bad] and bad.split("//")[1].split("/")[0] in by_source[bad]
    assert "ftp" in by_source["ftp://example.com/x"]
    assert job.results[1].describe().startswith("failed: ")
    assert job.summary() == "1 added, 2 failed."


def test_adding_the_same_page_twice_reports_it_as_present(qtbot, library, local_site) -> None:  # noqa: F811
    url = local_site.url("/article/3")
    for _ in range(2):
        job = worker.AddJob(library, [url])
        with qtbot.waitSignal(job.finished, timeout=20000):
            job.start()
    assert library.article_count() == 1
    assert job.results[0].status == worker.DUPLICATE
    assert job.results[0].describe().startswith("already in your library")


def test_cancel_stops_at_once_and_stores_nothing_late(qtbot, library, local_site) -> None:  # noqa: F811
    fast, slow = local_site.url("/article/4"), local_site.url("/slow")
    job = worker.AddJob(library, [fast, slow])
    added: list[int] = []
    job.article_added.connect(added.append)
    job.start()
    qtbot.waitUntil(lambda: bool(added) and local_site.slow_requested.is_set(), timeout=20000)
    assert job.results[1].status == worker.FETCHING
    with qtbot.waitSignal(job.finished, timeout=1000):
        job.cancel()
    assert job.is_finished and job.is_cancelled
    assert [r.status for r in job.results] == [worker.ADDED, worker.CANCELLED]
    # Let the slow page finish arriving: its late result must be ignored.
    local_site.release.set()
    qtbot.waitUntil(lambda: job not in worker._live_jobs, timeout=20000)
    assert worker.wait_for_workers(20000)
    assert library.article_count() == 1
    assert [a.url for a in library.list_articles()] == [fast]
    assert added == job.added_ids


def test_cancel_before_start_of_queued_work(qtbot, library, local_site) -> None:  # noqa: F811
    sources = [local_site.url("/slow")] + [local_site.url(f"/article/{n}") for n in range(10, 20)]
    job = worker.AddJob(library, sources)
    job.start()
    job.cancel()  # most sources are still queued (4 threads): they must never run
    assert all(r.status == worker.CANCELLED for r in job.results)
    local_site.release.set()
    qtbot.waitUntil(lambda: job not in worker._live_jobs, timeout=20000)
    assert library.article_count() == 0


def test_cancel_all_for_window_close(qtbot, library, local_site) -> None:  # noqa: F811
    job = worker.AddJob(library, [local_site.url("/slow")]).start()
    qtbot.waitUntil(local_site.slow_requested.is_set, timeout=20000)
    assert worker.cancel_all() == 1
    assert job.is_cancelled and job.results[0].status == worker.CANCELLED
    assert worker.cancel_all() == 0
    local_site.release.set()
    qtbot.waitUntil(lambda: job not in worker._live_jobs, timeout=20000)
    assert library.article_count() == 0


def test_local_file_source(qtbot, library, tmp_path) -> None:  # noqa: F811
    page = tmp_path / "page.html"
    from test_dialogs_support import article_html

    page.write_bytes(article_html(7, "A file on disk"))
    job = worker.AddJob(library, [str(page)])
    with qtbot.waitSignal(job.finished, timeout=20000):
        job.start()
    assert job.results[0].status == worker.ADDED
    assert library.get_article(job.added_ids[0]).title == "A file on disk"


def test_start_add_drives_the_window_hooks(qtbot, library, local_site) -> None:  # noqa: F811
    from PySide6.QtWidgets import QMainWindow

    class Host(QMainWindow):
        def __init__(self) -> None:
            super().__init__()
            self.library = library
            self.busy: list[str | None] = []
            self.opened: list[int] = []
            self.refreshed = 0

        def show_busy(self, text: str | None) -> None:
            self.busy.append(text)

        def refresh_library(self) -> None:
            self.refreshed += 1

        def open_article(self, article_id: int) -> None:
            self.opened.append(article_id)

    host = Host()
    qtbot.addWidget(host)
    job = worker.start_add(host, [local_site.url("/article/5"), local_site.url("/article/6")])
    qtbot.waitUntil(lambda: job.is_finished, timeout=20000)
    assert len(host.opened) == 1 and host.opened[0] in job.added_ids  # the first one ready, only once
    assert host.refreshed == 2
    assert host.busy[-1] is None
    assert any(b and b.startswith("Adding ") and " of 2: " in b for b in host.busy)
    assert host.statusBar().currentMessage() == "2 added."


def test_qt_calls_keep_none_and_bool_refcounts(qapp) -> None:
    """PySide6 6.12.0 on Python 3.11 drops a None/bool reference per void Qt call (why 6.11.3 is pinned)."""
    from PySide6.QtCore import QObject

    obj = QObject()
    obj.blockSignals(False)
    before = sys.getrefcount(None), sys.getrefcount(False)
    for _ in range(200):
        obj.setObjectName("x")  # returns None
        obj.blockSignals(False)  # returns a bool
    after = sys.getrefcount(None), sys.getrefcount(False)
    assert after == before


def _record(job: worker.LoadJob) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []
    job.loaded.connect(lambda loaded: seen.append(("loaded", loaded)))
    job.failed.connect(lambda message: seen.append(("failed", message)))
    job.finished.connect(lambda: seen.append(("finished", None)))
    return seen


def test_load_job_hands_back_the_loaded_record_and_stores_nothing(qtbot, library, local_site) -> None:  # noqa: F811
    job = worker.start_load(local_site.url("/article/8"))
    seen = _record(job)
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    assert [kind for kind, _ in seen] == ["loaded", "finished"]
    assert seen[0][1].content.title == "Lowmere harbour traffic report 8"
    assert library.article_count() == 0  # the caller stores it its own way
    qtbot.waitUntil(lambda: job not in worker._live_jobs, timeout=20000)
    assert job.start() is job and job.is_finished  # a second start does nothing


def test_load_job_failure_is_one_sentence_then_finished(qtbot, local_site) -> None:  # noqa: F811
    bad = local_site.url("/missing")
    job = worker.LoadJob(bad)
    seen = _record(job)
    with qtbot.waitSignal(job.finished, timeout=20000):
        job.start()
    assert [kind for kind, _ in seen] == ["failed", "finished"]
    assert "404" in seen[0][1] and "127.0.0.1" in seen[0][1]


def test_load_job_cancel_reports_only_finished_and_ignores_the_late_page(qtbot, local_site) -> None:  # noqa: F811
    job = worker.start_load(local_site.url("/slow"))
    seen = _record(job)
    qtbot.waitUntil(local_site.slow_requested.is_set, timeout=20000)
    assert worker.cancel_all() == 1
    assert job.is_finished and job.is_cancelled and seen == [("finished", None)]
    local_site.release.set()
    qtbot.waitUntil(lambda: job not in worker._live_jobs, timeout=20000)
    assert worker.wait_for_workers(20000)
    qtbot.wait(50)  # any queued report from the pool thread has been delivered by now
    assert seen == [("finished", None)]


def test_an_empty_add_job_finishes_at_once_and_is_not_kept(qtbot, library) -> None:  # noqa: F811
    job = worker.AddJob(library, ["", "  "])
    with qtbot.waitSignal(job.finished, timeout=1000):
        job.start()
    assert job.summary() == "Nothing to add." and job not in worker._live_jobs


def test_workers_get_data_never_widgets() -> None:
    """The job modules never import widgets or the GUI; the pool task is built from plain data only."""
    import ast
    import inspect
    from pathlib import Path

    from reader.ui import add_job, background_job, load_job

    for mod in (worker, background_job, add_job, load_job):
        tree = ast.parse(Path(mod.__file__).read_text(encoding="utf-8"))
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                imported.add(node.module or "")
        assert not {m for m in imported if m.startswith(("PySide6.QtWidgets", "PySide6.QtGui"))}, mod
        assert not {m for m in imported if m.startswith("reader.ui.") and "job" not in m}, mod
    params = inspect.signature(background_job.LoadTask.__init__).parameters
    assert list(params) == ["self", "index", "source", "cancel", "relay", "limits"]
    assert worker.AddJob is add_job.AddJob and worker.LoadJob is load_job.LoadJob
    assert worker._live_jobs is background_job.live_jobs
