"""Turn the bytes of a web page into text: HTTP charset, byte-order mark, <meta>, then detection."""

from __future__ import annotations

import codecs
import re

# WHATWG encoding labels that Python spells differently or that browsers widen on purpose.
_WIDEN = {
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "big5": "big5hkscs",
    "x-mac-roman": "mac_roman",
    "macintosh": "mac_roman",
}
# Labels a document cannot declare for itself in <meta> (WHATWG: treat as UTF-8).
_META_UTF8 = {"utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32le", "utf-32be"}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
_HEAD_BYTES = 4096


def normalize_charset(label: str | None) -> str | None:
    """Return the Python codec name for a charset label (WHATWG-widened), or ``None`` if unknown."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    if not name:
        return None
    name = _WIDEN.get(name, name)
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    # Some codecs are not text encodings at all (base64, rot13...): refuse them.
    if info.name in ("base64", "hex", "quopri", "rot-13", "uu", "zlib", "bz2"):
        return None
    if info.name == "latin-1":  # any remaining spelling of ISO-8859-1
        return "cp1252"
    return info.name


def sniff_bom(data: bytes) -> tuple[str, int] | None:
    """Return ``(codec, bom length)`` when ``data`` starts with a Unicode byte-order mark."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def sniff_meta_charset(data: bytes) -> str | None:
    """Return the codec declared by ``<meta charset>``/``http-equiv`` or an XML declaration near the top."""
    head = data[:_HEAD_BYTES]
    m = _XML_DECL.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    label = m.group(1).decode("ascii", "ignore")
    if label.lower() in _META_UTF8:
        return "utf-8"
    return normalize_charset(label)


# Encodings that web pages actually use (the WHATWG Encoding Standard), as charset-normalizer names them.
WEB_ENCODINGS = [
    "utf_8",
    "cp1252",
    "iso8859_2",
    "iso8859_3",
    "iso8859_4",
    "iso8859_5",
    "iso8859_6",
    "iso8859_7",
    "iso8859_8",
    "iso8859_10",
    "iso8859_13",
    "iso8859_14",
    "iso8859_15",
    "iso8859_16",
    "koi8_r",
    "koi8_u",
    "mac_roman",
    "mac_cyrillic",
    "cp866",
    "cp874",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "gb18030",
    "big5",
    "euc_jp",
    "iso2022_jp",
    "cp932",
    "euc_kr",
    "cp949",
]
# How much more "chaos" windows-1252, the commonest legacy encoding, may show and still be preferred.
CP1252_MARGIN = 0.06


def _detect(data: bytes) -> str:
    """Guess the encoding of undeclared bytes: strict UTF-8 first, then charset-normalizer (best effort)."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:200_000], cp_isolation=WEB_ENCODINGS))
    if not matches:
        return "cp1252"
    best = matches[0]
    for m in matches:
        if m.encoding == "cp1252" and m.chaos <= best.chaos + CP1252_MARGIN:
            best = m
            break
    return normalize_charset(best.encoding) or "cp1252"


def decode_html(data: bytes, header_charset: str | None = None) -> str:
    """Decode page bytes: a byte-order mark, then the HTTP header charset, then <meta>, then detection.

    A byte-order mark wins over the header (as in browsers): it is a fact about the bytes,
    while a server's header is often a default. Undecodable bytes become U+FFFD.
    """
    bom = sniff_bom(data)
    if bom is not None:
        name, skip = bom
        return data[skip:].decode(name, "replace")
    name = normalize_charset(header_charset) or sniff_meta_charset(data) or _detect(data)
    return data.decode(name, "replace")
