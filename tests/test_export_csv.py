"""CSV export: exact columns, RFC 4180 round trip, BOM, formula guard (examples and a hypothesis property)."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reader.blocks import Block, blocks_from_text, normalize_blocks
from reader.errors import NotFoundError
from reader.export import CORE_COLUMNS, CSV_COLUMNS, GUARD_CHARS, export_csv, guard_cell
from reader.models import ArticleContent
from reader.store import Library

TEXT_COLUMNS = {1, 2, 4, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17}  # text cells (the guard applies to these)


def parse(data: str) -> list[list[str]]:
    """Parse CSV text exactly as a reader would (no newline translation)."""
    return list(csv.reader(io.StringIO(data, newline="")))


def export_text(library: Library, **kw) -> str:
    out = io.StringIO(newline="")
    export_csv(library, out, **kw)
    return out.getvalue()


def expected_rows(library: Library, article_id: int | None = None) -> list[list[str]]:
    """What the CSV must contain, built from the store's own records."""
    rows = []
    hs = library.highlights(article_id, annotator=None)
    for h in sorted(hs, key=lambda h: (h.article_id, h.start, h.id)):
        a = library.get_article(h.article_id)
        rows.append(
            [
                str(a.id), a.url or a.canonical_url or "", a.title, str(h.id), h.label, str(h.start),
                str(h.end), h.exact, h.prefix, h.suffix, h.note, h.created_at, h.updated_at, h.anchor_status,
                str(h.anchor_score), h.annotator or library.annotator, h.origin, a.text_sha256,
            ]
        )  # fmt: skip
    return rows


def guarded(row: list[str]) -> list[str]:
    return [guard_cell(c) if i in TEXT_COLUMNS else c for i, c in enumerate(row)]


def add_text(library: Library, text: str, title: str = "A title", url: str | None = None) -> int:
    return library.add_article(ArticleContent(blocks=blocks_from_text(text), title=title), url=url).id


def test_header_is_exactly_the_documented_columns(library):
    rows = parse(export_text(library))
    assert rows == [list(CSV_COLUMNS)]
    assert CORE_COLUMNS == CSV_COLUMNS[:14] == (
        "article_id", "article_url", "article_title", "highlight_id", "label", "start", "end", "exact",
        "prefix", "suffix", "note", "created_at", "updated_at", "anchor_status",
    )  # fmt: skip
    # issue 6 appends, never inserts: the first fourteen stay where issue 2 put them
    assert CSV_COLUMNS[14:] == ("anchor_score", "annotator", "origin", "text_sha256")


def test_rows_round_trip_with_quotes_commas_newlines_and_crlf_records(library):
    aid = add_text(
        library, 'He said "yes, at once".\n\nThe "second" paragraph, with commas.', url="https://e.org/a"
    )
    text = library.get_article(aid).text
    s = text.index('"yes')
    library.paint(aid, s, text.index("second") + 6, "fact", note='line one\nline "two",\r\nthree')
    library.paint(aid, 0, 2, "filler")
    data = export_text(library)
    assert data.count("\r\n") >= 3 and data.endswith("\r\n")
    rows = parse(data)
    assert rows[1:] == expected_rows(library)
    assert rows[2][7] == text[s : text.index("second") + 6]  # the quote spans the block break "\n"
    assert "\n" in rows[2][7]
    assert rows[2][10] == 'line one\nline "two",\r\nthree'
    assert rows[1][1] == "https://e.org/a"


def test_excel_flag_adds_a_bom_and_only_then(library):
    add_text(library, "Some text here.")
    assert not export_text(library).startswith("\ufeff")
    with_bom = export_text(library, excel=True)
    assert with_bom.startswith("\ufeff" + "article_id,")
    assert with_bom[1:] == export_text(library)


def test_formula_guard_is_on_by_default_and_can_be_turned_off(library):
    aid = add_text(library, "-5 degrees tonight. =SUM(A1) is what it said.", title="@home: =cmd|calc")
    text = library.get_article(aid).text
    library.paint(aid, 0, text.index("."), "fact", note="+1 from me")
    library.paint(aid, text.index("="), len(text), "filler", note="\tindented")
    on = parse(export_text(library))[1:]
    off = parse(export_text(library, formula_guard=False))[1:]
    assert off == expected_rows(library)
    assert on[0][7] == "'-5 degrees tonight" and off[0][7] == "-5 degrees tonight"
    assert on[0][10] == "'+1 from me"
    assert on[0][2] == "'@home: =cmd|calc"
    assert on[1][7].startswith("'=SUM(A1)") and on[1][10] == "'\tindented"
    assert on[0][5] == off[0][5] == "0"  # numbers are never guarded
    assert on == [guarded(r) for r in off]


def test_filters_by_article_and_label_and_unknown_ones_are_clear_errors(library):
    a = add_text(library, "First article text.")
    b = add_text(library, "Second article text.")
    library.paint(a, 0, 5, "fact")
    library.paint(b, 0, 6, "fact")
    library.paint(b, 7, 14, "filler")
    assert [r[0] for r in parse(export_text(library))[1:]] == [str(a), str(b), str(b)]
    assert [r[3] for r in parse(export_text(library, article_id=b))[1:]] == [
        str(h.id) for h in library.highlights(b)
    ]
    assert [r[4] for r in parse(export_text(library, label="filler"))[1:]] == ["filler"]
    assert export_csv(library, io.StringIO(), article_id=b, label="fact") == 1
    with pytest.raises(NotFoundError):
        export_csv(library, io.StringIO(), article_id=999)
    with pytest.raises(NotFoundError):
        export_csv(library, io.StringIO(), label="nonsense")


def test_guard_cell():
    for c in GUARD_CHARS:
        assert guard_cell(c + "x") == "'" + c + "x"
    assert guard_cell("") == ""
    assert guard_cell("plain = text") == "plain = text"
    assert guard_cell("'quoted") == "'quoted"


# --- the property: >= 1,000 generated highlights round-trip exactly ---------------------------------------

NASTY = "ab Zé ß日本😀,;\"'\t=+-@|\u00a0"
ARTICLE_ALPHABET = NASTY + "\n"
NOTE_ALPHABET = NASTY + "\n\r"
LABELS = ("fact", "filler", "=sum", "@who", "-minus", "+plus", 'q"uote, comma')


def lead(alphabet: str, max_size: int) -> st.SearchStrategy[str]:
    """Text that often starts with a character the formula guard cares about."""
    tail = st.text(alphabet=alphabet, max_size=max_size)
    return st.one_of(tail, st.builds(lambda c, t: c + t, st.sampled_from(GUARD_CHARS), tail))


@pytest.fixture(scope="module")
def shared_library(tmp_path_factory):
    lib = Library(tmp_path_factory.mktemp("csvprop") / "library.db")
    for name in LABELS[2:]:
        lib.add_label(name)
    yield lib
    lib.close()


def test_csv_round_trip_property_over_1000_highlights(shared_library):
    lib = shared_library
    written: list[int] = []

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        title=lead(NASTY, 30).filter(lambda t: t.strip()),
        url=st.one_of(st.none(), st.builds("https://example.org/{}".format, st.text(NASTY, max_size=10))),
        body=st.text(alphabet=ARTICLE_ALPHABET, min_size=160, max_size=260),
        spans=st.lists(
            st.tuples(st.integers(1, 4), st.sampled_from(LABELS), lead(NOTE_ALPHABET, 12)),
            min_size=30,
            max_size=30,
        ),
    )
    def check(title, url, body, spans):
        blocks = normalize_blocks([Block("pre", body)])
        assume(blocks and len(blocks[0].text) >= 150)
        aid = lib.add_article(ArticleContent(blocks=blocks, title=title), url=url).id
        pos = 0
        for length, label, note in spans:  # 30 separate spans, one unlabelled character apart
            lib.paint(aid, pos, pos + length, label, note=note)
            pos += length + 1
        want = expected_rows(lib, aid)
        assert len(want) == 30
        off = parse(export_text(lib, article_id=aid, formula_guard=False))
        on = parse(export_text(lib, article_id=aid))
        assert off[0] == on[0] == list(CSV_COLUMNS)
        assert off[1:] == want
        assert on[1:] == [guarded(r) for r in want]
        for r_on, r_off in zip(on[1:], off[1:], strict=True):
            for c_on, c_off in zip(r_on, r_off, strict=True):
                assert c_on == c_off or (c_on == "'" + c_off and c_off.startswith(GUARD_CHARS))
        written.append(len(want))

    check()
    assert sum(written) >= 1000
