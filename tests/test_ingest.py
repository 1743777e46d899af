"""Loading local files and stdin, sniffing what they are, and storing them in one transaction."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest
from dbtools import snapshot

from reader import ingest
from reader.errors import ExtractError, InputError, SiftError
from reader.ingest import add_loaded, find_duplicate, load_many, load_source, text_sha256
from reader.store import Library

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Night Buses Return</title></head>
<body><nav><a href="/">Home</a></nav><article><h1>Night Buses Return</h1>
<p>The valley's night bus service resumes on Friday after an eight-month pause, the transport office said.</p>
<p>Buses will leave the station every forty minutes between midnight and four, stopping at the hospital.</p>
<p>Drivers asked for a second seat heater; the office agreed to fit one in each of the six vehicles.</p>
</article><footer>Valley Post</footer></body></html>"""

TEXT = (
    "Seed swap on Saturday\n\nBring labelled envelopes.\nTomatoes and beans are most wanted.\n\nTea at noon."
)


@pytest.mark.parametrize(
    "name", ["story.html", "story.htm", "story.xhtml", "story", "story.page", "story.txt"]
)
def test_html_files_are_cleaned_whatever_their_name(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(PAGE, encoding="utf-8")
    loaded = load_source(str(path))
    assert loaded.content.title == "Night Buses Return"
    assert "every forty minutes" in loaded.content.text
    assert "Home" not in loaded.content.text.split("\n")
    assert loaded.url is None and loaded.fetched_at is None and loaded.source == str(path)


def test_text_file_becomes_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(TEXT, encoding="utf-8")
    content = load_source(str(path)).content
    assert content.text.split("\n") == [
        "Seed swap on Saturday",
        "Bring labelled envelopes. Tomatoes and beans are most wanted.",
        "Tea at noon.",
    ]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Crème brûlée for the café’s “open day”.\n\nÀ bientôt.".encode("cp1252"), "cp1252"),
        ("\ufeffZoë’s notes.\n\nSecond paragraph.".encode("utf-16"), "utf-16"),
        (b"Plain ASCII only.\n\nAnother line.", "ascii"),
    ],
)
def test_text_files_in_other_encodings_decode(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(data)
    text = load_source(str(path)).content.text
    expected = data.decode(encoding).lstrip("\ufeff").split("\n")[0]
    assert text.split("\n")[0] == expected
    assert "\ufffd" not in text


BAD_FILES = [
    ("report.pdf", b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj", ExtractError, "PDF is not supported"),
    ("report.html", b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj", ExtractError, "PDF is not supported"),
    ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ExtractError, "a PNG image"),
    ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", ExtractError, "a JPEG image"),
    ("page.html.gz", gzip.compress(PAGE.encode()), ExtractError, "a gzip archive"),
    ("blob.txt", bytes(range(256)) * 8, ExtractError, "binary file"),
    ("empty.html", b"", ExtractError, "is empty"),
    ("blank.txt", b" \n\t\n  ", ExtractError, "is empty"),
]


@pytest.mark.parametrize(("name", "data", "kind", "phrase"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_unsupported_files_fail_clearly_and_write_nothing(
    tmp_path: Path, library: Library, db_path: Path, name: str, data: bytes, kind: type, phrase: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    before = snapshot(db_path)
    with pytest.raises(kind) as info:
        add_loaded(library, load_source(str(path)))
    assert str(path) in str(info.value) and phrase in str(info.value)
    assert snapshot(db_path) == before


def test_word_document_is_named(tmp_path: Path) -> None:
    path = tmp_path / "letter.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ExtractError, match="Word"):
        load_source(str(path))


def test_missing_file_folder_and_bare_domain(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="No such file"):
        load_source(str(tmp_path / "nope.html"))
    with pytest.raises(InputError, match="is a folder"):
        load_source(str(tmp_path))
    with pytest.raises(InputError, match=r"https://news\.example\.com/a"):
        load_source("news.example.com/a")


def test_oversized_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.html"
    path.write_text(PAGE * 3)
    with pytest.raises(InputError, match="larger than"):
        load_source(str(path))


def test_stdin_html_text_and_junk() -> None:
    assert load_source("-", stdin=io.BytesIO(PAGE.encode())).content.title == "Night Buses Return"
    text = load_source("-", stdin=io.BytesIO(TEXT.encode())).content
    assert text.text.startswith("Seed swap on Saturday")
    for junk, phrase in [(b"", "is empty"), (b"%PDF-1.4 x", "PDF"), (b"\x00\x01\x02" * 100, "binary")]:
        with pytest.raises(ExtractError, match=phrase) as info:
            load_source("-", stdin=io.BytesIO(junk))
        assert str(info.value).startswith("Standard input")


def test_add_loaded_stores_once_and_deduplicates(tmp_path: Path, library: Library) -> None:
    path = tmp_path / "story.html"
    path.write_text(PAGE)
    loaded = load_source(str(path))
    article = add_loaded(library, loaded, tags=["transport"])
    assert article.id and article.title == "Night Buses Return" and article.tags == ["transport"]
    assert article.text_sha256 == text_sha256(loaded.content)
    again = add_loaded(library, load_source(str(path)))
    assert again.id == article.id and library.article_count() == 1
    assert find_duplicate(library, loaded).id == article.id
    other = add_loaded(library, loaded, dedup=False)
    assert other.id != article.id and library.article_count() == 2


def test_add_loaded_rolls_back_when_storing_fails(
    tmp_path: Path, library: Library, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "story.html"
    path.write_text(PAGE)
    loaded = load_source(str(path))
    before = snapshot(db_path)
    original = library.add_article

    def add_then_fail(*args, **kwargs):
        original(*args, **kwargs)  # the row is written inside the transaction...
        raise InputError("Simulated failure after the insert.")

    monkeypatch.setattr(library, "add_article", add_then_fail)
    with pytest.raises(InputError):
        add_loaded(library, loaded)
    assert snapshot(db_path) == before  # ...and rolled back with it


def test_load_many_local_sources_in_order(tmp_path: Path) -> None:
    good = tmp_path / "a.html"
    good.write_text(PAGE)
    notes = tmp_path / "b.txt"
    notes.write_text(TEXT)
    bad = tmp_path / "c.pdf"
    bad.write_bytes(b"%PDF-1.4")
    sources = [str(bad), str(good), str(tmp_path / "missing.txt"), str(notes), "ftp://example.invalid/x"]
    outcomes = load_many(sources, workers=2)
    assert [o.source for o in outcomes] == sources
    assert [o.ok for o in outcomes] == [False, True, False, True, False]
    assert all(isinstance(o.error, SiftError) for o in outcomes if not o.ok)
    assert all(o.source in str(o.error) for o in outcomes if not o.ok)
