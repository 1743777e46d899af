"""Fuzzing extract_html with random and mutated pages: a clean ExtractError or a valid article, no crash."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.blocks import BLOCK_KINDS, INLINE_KINDS, normalize_blocks, safe_href
from reader.errors import ExtractError
from reader.extract import extract_html, extract_text
from reader.models import ArticleContent

PAGES = sorted((Path(__file__).parent / "fixtures" / "pages").glob("*.html"))
SEEDS = [p.read_bytes() for p in PAGES]
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(data: str | bytes, charset: str | None = None) -> None:
    """extract_html must return a valid, normalized article or raise ExtractError, nothing else."""
    try:
        content = extract_html(data, url="https://fuzz.example/page", charset=charset)
    except ExtractError as e:
        assert str(e).strip().endswith(".")
        return
    assert isinstance(content, ArticleContent)
    assert content.blocks
    assert normalize_blocks(content.blocks) == content.blocks
    for b in content.blocks:
        assert b.kind in BLOCK_KINDS
        for il in b.inlines:
            assert il.kind in INLINE_KINDS
            assert 0 <= il.start < il.end <= len(b.text)
            assert il.kind != "link" or safe_href(il.href) == il.href
    assert isinstance(content.title, str)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["truncate", "flip", "nul", "insert", "delete", "unclose", "nest", "attr"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "truncate":
            del data[pos:]
        elif op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "nul":
            data[pos:pos] = b"\x00" * draw(st.integers(1, 50))
        elif op == "insert":
            data[pos:pos] = draw(st.binary(max_size=40))
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 200))]
        elif op == "unclose":
            data[pos:pos] = (
                draw(st.sampled_from([b"<div>", b"<p>", b"<ul><li>", b"<table><tr><td>", b"<pre>"])) * 30
            )
        elif op == "nest":
            depth = draw(st.integers(100, 3000))
            data[pos:pos] = b"<div><span>" * depth + b"deep words here" + b"</span></div>" * (depth // 2)
        elif op == "attr":
            data[pos:pos] = b'<p title="' + b"x" * draw(st.integers(10_000, 300_000)) + b'">attribute</p>'
    return bytes(data)


@FUZZ
@given(mutated())
def test_mutated_fixture_pages(data: bytes) -> None:
    check(data)


@FUZZ
@given(mutated(), st.sampled_from([None, "utf-8", "shift_jis", "windows-1252", "utf-16", "bogus", "base64"]))
def test_mutated_pages_as_text_and_with_charsets(data: bytes, charset: str | None) -> None:
    check(data, charset)
    check(data.decode("utf-8", "surrogateescape"))


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes(data: bytes) -> None:
    check(data)


@FUZZ
@given(st.text(max_size=2000))
def test_random_text(text: str) -> None:
    check(text)
    check("<html><body><p>" + text + "</p></body></html>")


@FUZZ
@given(st.text(max_size=2000))
def test_extract_text_random(text: str) -> None:
    try:
        content = extract_text(text)
    except ExtractError:
        return
    assert content.blocks and normalize_blocks(content.blocks) == content.blocks


def test_pathological_pages() -> None:
    deep = b"<html><body>" + b"<div>" * 50_000 + b"<p>deep paragraph text</p>" + b"</div>" * 50_000
    check(deep)
    check(b"<html><body><p>" + b"a" * 2_000_000 + b"</p></body></html>")
    check("<?xml version='1.0' encoding='utf-8'?><html><body><p>xml declared</p></body></html>")
    check("\ud800\udfff<p>lone surrogates</p>")
    check(b"\xff\xfe" + "<p>utf-16 page with a byte-order mark</p>".encode("utf-16-le"))
    check(b"<html><body>" + b"<a href='http://[::1'>bad url</a>" * 10 + b"</body></html>")
    check(b"<html><body><p>" + b"<br>" * 10_000 + b"</p></body></html>")
