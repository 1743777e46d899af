"""Tests for decode_html: header charset, byte-order mark, <meta>, then detection; never mojibake."""

from __future__ import annotations

import codecs

import pytest

from reader.encoding import decode_html, normalize_charset, sniff_meta_charset
from reader.extract import decode_html as reexported
from reader.extract import extract_html

# Our own sample sentences, one per script, with the encodings that can carry them.
SAMPLES = [
    ("cp1252", "Le café « Au Bon Coin » sert l’œuf dur à 1,20 € — même le dimanche."),
    ("iso-8859-2", "Zażółć gęślą jaźń: łódź płynie po Wiśle, a słońce świeci."),
    ("cp1250", "Příliš žluťoučký kůň úpěl ďábelské ódy na louce u řeky."),
    ("koi8-r", "Съешь же ещё этих мягких французских булок да выпей чаю."),
    ("cp1251", "Дождь шёл весь вечер, и трамвай опоздал на двадцать минут."),
    ("iso-8859-7", "Η βροχή έπεφτε όλο το βράδυ πάνω από το λιμάνι."),
    ("cp1253", "Ο φούρνος της γειτονιάς ανοίγει στις έξι το πρωί."),
    ("shift_jis", "駅前の本屋は毎朝七時に開き、新聞と一緒に温かい缶コーヒーも売っている。"),
    ("euc-jp", "港の近くにある食堂では、毎日違う魚の定食が出てくる。"),
    ("gb2312", "老街上的茶馆每天早上六点开门，常客们总是坐在靠窗的位置。"),
    ("gb18030", "雨停以后，河边的小路上又有了散步的人。"),
    ("big5", "市場裡的水果攤今天有新鮮的芒果和荔枝。"),
    ("euc-kr", "동네 빵집은 아침마다 갓 구운 식빵을 창가에 내놓는다."),
    ("windows-1255", "הספרייה העירונית פתוחה עד שמונה בערב בימי חמישי."),
    ("windows-1256", "يفتح المخبز في الساعة السادسة صباحا كل يوم."),
    ("iso-8859-9", "Şehrin eski çarşısında öğleden sonra çay içilir."),
]


def page(text: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{text}</p></body></html>"


def test_extract_reexports_decode_html() -> None:
    assert reexported is decode_html


@pytest.mark.parametrize(("encoding", "text"), SAMPLES)
def test_meta_charset_declared_page_decodes_exactly(encoding: str, text: str) -> None:
    data = page(text, f'<meta charset="{encoding}">').encode(encoding)
    assert text in decode_html(data)


@pytest.mark.parametrize(("encoding", "text"), SAMPLES)
def test_http_equiv_declared_page_decodes_exactly(encoding: str, text: str) -> None:
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
    assert text in decode_html(page(text, head).encode(encoding))


@pytest.mark.parametrize(("encoding", "text"), SAMPLES)
def test_header_charset_decodes_exactly_and_wins_over_meta(encoding: str, text: str) -> None:
    data = page(text, '<meta charset="utf-8">').encode(encoding)
    assert text in decode_html(data, encoding)


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_byte_order_mark_wins_over_header_and_meta(bom: bytes, encoding: str) -> None:
    text = "Grüße aus Köln – 5 €"
    data = bom + page(text, '<meta charset="iso-8859-1">').encode(encoding)
    decoded = decode_html(data, "iso-8859-1")
    assert text in decoded
    assert not decoded.startswith("\ufeff")


def test_latin1_label_is_read_as_windows_1252_like_browsers() -> None:
    data = page("“quoted” – 10 €", '<meta charset="ISO-8859-1">').encode("cp1252")
    assert "“quoted” – 10 €" in decode_html(data)


def test_xml_declaration_counts_as_a_declaration() -> None:
    text = "Ça roule à vélo."
    data = f'<?xml version="1.0" encoding="iso-8859-15"?>\n{page(text)}'.encode("iso-8859-15")
    assert text in decode_html(data)


def test_unknown_or_bogus_labels_fall_through() -> None:
    data = page("Ærø ferry", '<meta charset="utf-8">').encode("utf-8")
    assert "Ærø ferry" in decode_html(data, "x-no-such-charset")
    assert "Ærø ferry" in decode_html(data, "base64")  # a codec, but not a text encoding
    assert normalize_charset("rot13") is None
    assert normalize_charset(None) is None


def test_meta_saying_utf16_means_utf8() -> None:
    data = page("Smørrebrød", '<meta charset="utf-16">').encode("utf-8")
    assert "Smørrebrød" in decode_html(data)


def test_meta_is_only_looked_for_near_the_top() -> None:
    filler = "<!-- " + "x" * 5000 + " -->"
    data = (filler + page("é", '<meta charset="koi8-r">')).encode("utf-8")
    assert sniff_meta_charset(data) is None
    assert "é" in decode_html(data)  # undeclared: valid UTF-8 is taken as UTF-8


def test_undeclared_utf8_and_undeclared_legacy_bytes() -> None:
    assert "naïve café" in decode_html(page("naïve café").encode("utf-8"))
    text = "Le boulanger a ouvert à sept heures ; les croissants étaient déjà chauds et dorés. " * 4
    assert "étaient déjà chauds et dorés" in decode_html(page(text).encode("cp1252"))


def test_undeclared_shift_jis_is_detected() -> None:
    text = "駅前の本屋は毎朝七時に開き、新聞と一緒に温かい缶コーヒーも売っている。" * 3
    assert text in decode_html(page(text).encode("shift_jis"))


def test_invalid_bytes_in_a_declared_page_become_replacement_characters() -> None:
    data = page("ok", '<meta charset="utf-8">').encode() + b"\xff\xfe\xfa broken"
    assert decode_html(data).endswith("\ufffd\ufffd\ufffd broken")


def test_extract_html_decodes_bytes_with_header_charset() -> None:
    body = "".join(
        f"<p>Absatz {n}: Die Bäckerei öffnet um sechs Uhr, und die Brötchen sind dann noch warm.</p>"
        for n in range(5)
    )
    data = f"<html><body><article>{body}</article></body></html>".encode("iso-8859-15")
    assert "Die Bäckerei öffnet um sechs Uhr" in extract_html(data, charset="ISO-8859-15").text
