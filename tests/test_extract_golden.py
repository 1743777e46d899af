"""Golden tests: our own fixture pages extract to exactly the expected blocks and metadata."""

from __future__ import annotations

from pathlib import Path

from reader.blocks import blocks_to_html, normalize_blocks
from reader.extract import extract_html

PAGES = Path(__file__).parent / "fixtures" / "pages"


def load(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def test_structure_page_blocks() -> None:
    c = extract_html(load("structure.html"), url="https://quayside.example/2021/04/lamplighters")
    assert [(b.kind, b.level, b.ordered, b.text) for b in c.blocks] == [
        (
            "paragraph",
            0,
            False,
            "Before the gas mains reached the eastern quay, seven lamplighters walked the harbour wall "
            "every dusk, carrying ladders, wicks and a tin of whale oil that smelled, one of them later "
            "wrote, like a wet church.",
        ),
        (
            "paragraph",
            0,
            False,
            "Their rounds took just under two hours. The harbour master paid them by the lamp, not by "
            "the hour, which explains why the ledgers count lamps so carefully and people so loosely. "
            "A copy of the 1871 ledger is kept at the town archive.",
        ),
        ("heading", 2, False, "The route"),
        (
            "paragraph",
            0,
            False,
            "The round always began at the customs house and ended at the lighthouse steps, in this order:",
        ),
        ("list_item", 1, True, "the customs house and its two brackets,"),
        ("list_item", 1, True, "the fish market, where the lamps hung lowest,"),
        ("list_item", 2, False, "north stalls first,"),
        ("list_item", 2, False, "then the ice sheds;"),
        ("list_item", 1, True, "the long wall to the lighthouse steps."),
        ("heading", 3, False, "Tools of the trade"),
        ("list_item", 1, False, "a folding ladder of ash wood"),
        ("list_item", 1, False, "a brass snuffer with a hooked tip"),
        ("quote", 0, False, "We lit the town and nobody saw us do it; that was the whole point of the job."),
        (
            "paragraph",
            0,
            False,
            "The oil ration was written down in a code the clerks used for every store on the quay:",
        ),
        ("pre", 0, False, "LAMP  OIL(pt)  WICK\n  14     0.5     new\n  15     0.5     trim"),
        (
            "paragraph",
            0,
            False,
            "Run the command ledger --year 1871 on the archive terminal to see the scanned pages.",
        ),
        ("figure", 0, False, "A lamplighter at the fish market, photographed around 1890."),
        (
            "paragraph",
            0,
            False,
            "When the gas arrived in 1894 the round was cut to three men, and by 1902 to one, who "
            "mostly checked that the new lamps had lit themselves.",
        ),
    ]
    first, second = c.blocks[0], c.blocks[1]
    assert [(first.text[i.start : i.end], i.kind) for i in first.inlines] == [("like a wet church", "em")]
    assert [(second.text[i.start : i.end], i.kind, i.href) for i in second.inlines] == [
        ("harbour master", "strong", None),
        ("town archive", "link", "https://quayside.example/archive/ledger-1871"),
    ]
    code = c.blocks[15]
    assert [(code.text[i.start : i.end], i.kind) for i in code.inlines] == [("ledger --year 1871", "code")]
    assert normalize_blocks(c.blocks) == c.blocks


def test_structure_page_metadata() -> None:
    c = extract_html(load("structure.html"), url="https://quayside.example/2021/04/lamplighters")
    assert c.title == "How the Lamplighters Kept the Harbour Lit"
    assert c.byline == "Marta Okonkwo-Reyes and Tobias Lindqvist"  # JSON-LD wins over <meta name=author>
    assert c.published == "2021-04-03T07:45:00+00:00"
    assert c.site_name == "The Quayside Review"
    assert c.language == "en-GB"  # <html lang> is what the page is written in
    assert c.canonical_url == "https://quayside.example/2021/04/lamplighters?ref=canonical"
    assert c.extractor == "sift"
    assert c.extractor_version


def test_structure_page_drops_chrome_headline_and_byline() -> None:
    text = extract_html(load("structure.html")).text
    for chrome in (
        "Home",
        "Archive",
        "About us",
        "Related stories",
        "Ropewalk",
        "All rights reserved",
        "By Marta",
    ):
        assert chrome not in text
    assert not text.startswith("How the Lamplighters")  # the headline is metadata, not body text


def test_structure_page_renders_allow_listed_html() -> None:
    html = blocks_to_html(extract_html(load("structure.html"), url="https://quayside.example/x").blocks)
    assert "<ol>" in html and "<ul>" in html and "<blockquote>" in html and "<pre>" in html
    assert "<figure><figcaption>A lamplighter at the fish market" in html
    assert "cdn.quayside.example" not in html and "<img" not in html


def test_windows_1252_page_declared_in_meta() -> None:
    c = extract_html(load("windows-1252.html"))
    assert c.title == "Café des Quais : l’hiver au comptoir"
    assert c.language == "fr"
    assert "2,10 € depuis l’été" in c.text
    assert "« honnête »" in c.text
    assert "Les œufs durs" in c.text
    assert "\ufffd" not in c.text


def test_shift_jis_page_declared_by_http_equiv() -> None:
    c = extract_html(load("shift_jis.html"))
    assert c.title == "商店街の古い時計屋"
    assert c.language == "ja"
    assert c.text.startswith("駅前の商店街には、六十年続く小さな時計屋がある。")
    assert "「時計は直せば必ずまた動く。" in c.text
    assert "\ufffd" not in c.text


def test_header_charset_wins_over_a_wrong_meta() -> None:
    data = load("windows-1252.html").replace(b'charset="windows-1252"', b'charset="utf-8"')
    assert "café crème à 2,10 €" in extract_html(data, charset="windows-1252").text


def test_jsonld_article_body_is_the_fallback_for_a_script_built_page() -> None:
    c = extract_html(load("jsonld-body.html"))
    assert c.title == "Die Fähre fährt wieder"
    assert c.byline == "Jonas Brenner"
    assert c.published == "2022-03-14"
    assert c.site_name == "Elbufer Nachrichten"
    assert c.language == "de"
    assert [b.text.split(",")[0].split(".")[0] for b in c.blocks] == [
        "Nach vier Monaten Pause legt die kleine Fähre zwischen Altdorf und dem Nordufer wieder an",
        "Die erste Fahrt startet am Montag um sechs Uhr morgens",
        "Der Fährmann",
    ]


def test_hostile_page_keeps_only_the_text() -> None:
    c = extract_html(load("hostile.html"), url="https://allotments.example/news/water")
    assert [b.text[:30] for b in c.blocks] == [
        "The allotment committee voted ",
        "Plot holders on the lower terr",
        "The committee chair said the r",
        "Nobody objected to the plan, a",
    ]
    assert c.title == "Allotment water rights settled after a long summer"
