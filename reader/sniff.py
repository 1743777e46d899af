"""Tell HTML, plain text and unsupported binary formats apart by their bytes, and decode plain text."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from reader.encoding import normalize_charset

# Magic numbers of formats people commonly try to add, each with the name the user reads.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"BM", "a BMP image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x00\x00\x01\x00", "an icon image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument/EPUB file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"SQLite format 3\x00", "a SQLite database"),
    (b"OggS", "an Ogg audio/video file"),
    (b"ID3", "an MP3 audio file"),
    (b"fLaC", "a FLAC audio file"),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM video"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"%!PS", "a PostScript document"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p|h[1-6]"
    rb"|section|main|table|ul|ol|link|script|style|!--)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body|p|div|article|h[1-6])[\s>]", re.IGNORECASE)


def bom_encoding(data: bytes) -> str | None:
    """Return the codec named by a byte-order mark at the start of ``data``, if any."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    return None


def binary_kind(data: bytes) -> str | None:
    """Name the unsupported format ``data`` starts with ("PDF", "a PNG image", ...), or ``None``."""
    head = data[:64]
    if head[4:12] in (b"ftypisom", b"ftypmp42", b"ftypM4A ", b"ftypqt  ") or head[4:8] == b"ftyp":
        return "an MP4/MOV video or audio file"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "a WebP image"
    if head.startswith(b"RIFF"):
        return "a RIFF audio/video file"
    for magic, name in _MAGIC:
        if head.startswith(magic):
            # "BM" and "MZ" are also plausible starts of plain text: require a NUL byte nearby too.
            if magic in (b"BM", b"MZ") and b"\x00" not in data[:512]:
                continue
            return name
    lead = data[:2048].lstrip()
    if lead.startswith(b"<svg") or (lead.startswith(b"<?xml") and b"<svg" in lead[:1024]):
        return "an SVG image"
    if bom_encoding(data) is None and b"\x00" in data[:8192]:
        return "a binary file"
    return None


def looks_like_html(data: bytes) -> bool:
    """Return True when the bytes look like an HTML/XHTML document rather than plain text."""
    head = data[:4096]
    enc = bom_encoding(head)
    if enc and enc != "utf-8-sig":
        head = head.decode(enc, errors="replace").encode("utf-8", errors="replace")
    elif enc:
        head = head[3:]
    if _HTML_START.match(head):
        return True
    return len(_HTML_ANYWHERE.findall(head)) >= 2


def decode_text(data: bytes, charset: str | None = None) -> str:
    """Decode plain text: declared charset, then BOM, then UTF-8, then charset-normalizer's best guess."""
    enc = bom_encoding(data)
    if enc:
        return data.decode(enc, errors="replace")
    codec = normalize_charset(charset)
    if codec:
        return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    codec = normalize_charset(best.encoding) if best is not None else None
    if codec:
        return data.decode(codec, errors="replace")
    return data.decode("cp1252", errors="replace")


def charset_from_content_type(content_type: str | None) -> str | None:
    """Return the ``charset=`` parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            value = value.strip().strip("\"'").strip()
            return value or None
    return None
