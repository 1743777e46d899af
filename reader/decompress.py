"""Bounded streaming decompression of HTTP bodies (gzip, deflate, brotli): output comes in small pieces.

Each decoder yields at most about ``OUT`` bytes per piece however small the compressed input, so the
caller can count decoded bytes and stop a compression bomb before it fills memory.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

try:
    import brotli
except ImportError:  # pragma: no cover - brotli is a dependency via httpx[brotli]
    brotli = None

OUT = 64 * 1024


class DecompressError(Exception):
    """The body uses an unknown compression or its compressed data is corrupt (message is a phrase)."""


def supported_encodings() -> tuple[str, ...]:
    """The Content-Encoding values this module can decode (for Accept-Encoding)."""
    return ("gzip", "deflate", "br") if _brotli_ok() else ("gzip", "deflate")


def _brotli_ok() -> bool:
    return brotli is not None and hasattr(brotli.Decompressor(), "can_accept_more_data")


class Identity:
    """No compression."""

    def feed(self, data: bytes) -> Iterator[bytes]:
        if data:
            yield data

    def flush(self) -> Iterator[bytes]:
        return iter(())


class Zlib:
    """gzip or deflate (zlib-wrapped, or raw deflate as some servers send) with bounded output."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._d = zlib.decompressobj(zlib.MAX_WBITS | 16 if name == "gzip" else zlib.MAX_WBITS)
        self._first = True

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._d.eof:
            return  # trailing bytes after the end of the stream are ignored, as browsers do
        try:
            out = self._d.decompress(data, OUT)
        except zlib.error:
            if not (self._first and self.name == "deflate"):
                raise DecompressError(f"corrupt {self.name}-compressed data") from None
            self._d = zlib.decompressobj(-zlib.MAX_WBITS)
            try:
                out = self._d.decompress(data, OUT)
            except zlib.error:
                raise DecompressError(f"corrupt {self.name}-compressed data") from None
        self._first = False
        while True:
            if out:
                yield out
            tail = self._d.unconsumed_tail
            if self._d.eof or (not tail and len(out) < OUT):
                return
            try:
                out = self._d.decompress(tail, OUT)
            except zlib.error:
                raise DecompressError(f"corrupt {self.name}-compressed data") from None

    def flush(self) -> Iterator[bytes]:
        return iter(())


class Brotli:
    """Brotli with bounded output (brotli >= 1.2's ``output_buffer_limit``)."""

    def __init__(self) -> None:
        self._d = brotli.Decompressor()

    def _drain(self, data: bytes) -> Iterator[bytes]:
        empty = 0
        while True:
            try:
                out = self._d.process(data, output_buffer_limit=OUT)
            except brotli.error:
                raise DecompressError("corrupt brotli-compressed data") from None
            data = b""
            if out:
                empty = 0
                yield out
            else:
                empty += 1
            if self._d.is_finished():
                return
            if not out and (self._d.can_accept_more_data() or empty > 2):
                return

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._d.is_finished():
            return
        yield from self._drain(data)

    def flush(self) -> Iterator[bytes]:
        if not self._d.is_finished():
            yield from self._drain(b"")


class Chain:
    """Several Content-Encodings, undone in reverse order of application."""

    def __init__(self, decoders: list) -> None:
        self.decoders = decoders

    def feed(self, data: bytes) -> Iterator[bytes]:
        pieces: Iterator[bytes] = iter((data,))
        for d in self.decoders:
            pieces = _through(d, pieces)
        yield from pieces

    def flush(self) -> Iterator[bytes]:
        for i, d in enumerate(self.decoders):
            pieces = d.flush()
            for later in self.decoders[i + 1 :]:
                pieces = _through(later, pieces)
            yield from pieces


def _through(decoder: object, pieces: Iterator[bytes]) -> Iterator[bytes]:
    for p in pieces:
        yield from decoder.feed(p)  # type: ignore[attr-defined]


def make_decoder(content_encoding: str) -> Identity | Zlib | Brotli | Chain:
    """A decoder for a Content-Encoding header value; DecompressError for an unsupported coding."""
    names = [n.strip().lower() for n in content_encoding.split(",") if n.strip()]
    names = [n for n in names if n != "identity"]
    decoders: list = []
    for name in reversed(names):
        if name in ("gzip", "x-gzip"):
            decoders.append(Zlib("gzip"))
        elif name == "deflate":
            decoders.append(Zlib("deflate"))
        elif name == "br" and _brotli_ok():
            decoders.append(Brotli())
        else:
            raise DecompressError(f"an unsupported compression ({name})")
    if not decoders:
        return Identity()
    return decoders[0] if len(decoders) == 1 else Chain(decoders)
