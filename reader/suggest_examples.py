"""Training examples for the user's learner: one labelled sentence, featurized once and stored compactly.

An :class:`Example` holds the sentence's dense information features whitened with the default model's prior
(``L^-1 x``, see :class:`reader.suggest_model.Base`) and that default's log-odds, its hashed word 1-2 grams
(numbers folded to ``#``), its site and the article it came from. No text is kept: the hashed grams are all
the learner needs, and the library keeps the article anyway.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import struct
import zlib
from array import array
from dataclasses import dataclass, field
from operator import mul

from reader.suggest_model import Base, default_base

BUCKETS = 1 << 20
_WORD = re.compile(r"[a-z0-9']+")


def gram_keys(text: str) -> tuple[int, ...]:
    """Hashed word 1-2 grams of ``text`` (numbers folded to ``#``)."""
    words = ["#" if w[0].isdigit() else w for w in _WORD.findall(text.lower().replace("’", "'"))]
    grams = {"u:" + w for w in words}
    grams.update("b:" + a + " " + b for a, b in itertools.pairwise(words))
    mask = BUCKETS - 1
    return tuple(sorted({zlib.crc32(g.encode()) & mask for g in grams}))


def site_key(site: str | None) -> int:
    """The hashed key of an article's site (-1 when unknown)."""
    return zlib.crc32(("s:" + site.lower()).encode()) & (BUCKETS - 1) if site else -1


@dataclass(slots=True)
class Example:
    """One labelled sentence as the learner sees it (treat as read-only)."""

    xt: tuple[float, ...]  # whitened dense features + intercept under ``version``
    keys: tuple[int, ...]  # hashed word grams, each worth ``1/sqrt(len(keys))``
    site: int  # hashed site key, worth 1, or -1
    y: int  # 1 filler, 0 fact
    version: str  # the default model that ``xt`` and ``z0`` belong to
    z0: float  # that default's log-odds for the sentence
    feats_json: bytes  # the dense features (to re-whiten when the default model changes)
    group: str = ""  # the article it comes from
    scale: float = field(init=False)  # the value of each word-gram feature
    norm2: float = field(init=False)  # squared length of ``xt``

    def __post_init__(self) -> None:
        self.scale = 1.0 / math.sqrt(len(self.keys)) if self.keys else 0.0
        self.norm2 = sum(map(mul, self.xt, self.xt))

    @property
    def feats(self) -> dict[str, float]:
        """The sentence's dense features."""
        return json.loads(self.feats_json)

    def under(self, base: Base) -> Example:
        """This example whitened and scored for ``base`` (itself when it already is)."""
        if self.version == base.version:
            return self
        feats = self.feats
        xt, z0 = tuple(base.whiten(feats)), base.logit(feats)
        return Example(xt, self.keys, self.site, self.y, base.version, z0, self.feats_json, self.group)


def make_example(
    feats: dict[str, float],
    text: str,
    label: str,
    *,
    site: str | None = None,
    group: str = "",
    base: Base | None = None,
) -> Example:
    """An example from a sentence's dense features, its text (for words), site, article and label."""
    base = base or default_base()
    raw = json.dumps(feats, separators=(",", ":")).encode()
    y = int(label == "filler")
    return Example(
        tuple(base.whiten(feats)),
        gram_keys(text),
        site_key(site),
        y,
        base.version,
        base.logit(feats),
        raw,
        group,
    )


_EXAMPLE_HEAD = struct.Struct("<BidIHHHI")


def pack_example(ex: Example) -> bytes:
    """An example as bytes for the library's example store."""
    version, group = ex.version.encode(), ex.group.encode()
    sizes = (len(ex.keys), len(ex.xt), len(version), len(group), len(ex.feats_json))
    head = _EXAMPLE_HEAD.pack(ex.y, ex.site, ex.z0, *sizes)
    return b"".join(
        (head, version, group, array("d", ex.xt).tobytes(), array("I", ex.keys).tobytes(), ex.feats_json)
    )


def unpack_example(data: bytes) -> Example:
    """The example stored by :func:`pack_example`; ValueError when damaged."""
    try:
        y, site, z0, nkeys, nxt, vlen, glen, flen = _EXAMPLE_HEAD.unpack_from(data)
        pos = _EXAMPLE_HEAD.size
        version = data[pos : pos + vlen].decode()
        pos += vlen
        group = data[pos : pos + glen].decode()
        pos += glen
        xt, keys = array("d"), array("I")
        xt.frombytes(data[pos : pos + 8 * nxt])
        pos += 8 * nxt
        keys.frombytes(data[pos : pos + 4 * nkeys])
        pos += 4 * nkeys
        feats = data[pos : pos + flen]
        if len(feats) != flen or pos + flen != len(data):
            raise ValueError("damaged example")
    except (struct.error, UnicodeDecodeError) as exc:
        raise ValueError("damaged example") from exc
    return Example(tuple(xt), tuple(keys), site, y, version, z0, feats, group)
