"""Learning from the user's own fact/filler labels: millisecond online updates and a fast full relearn.

Each label becomes an :class:`Example`: the sentence's dense information features, already *whitened* with
the default model's prior (``L^-1 x``, see :class:`reader.suggest_model.Base`), and hashed word 1-2 grams
plus the article's site. Two learners share the examples:

- *steady* trusts the default as much as its own training data (``alpha = 1``): its dense adjustments
  approximate retraining the default with the user's labels added, so labels like ours barely move it;
- *adaptive* trusts the user's labels ~30 times more (``alpha = 0.03``) and its word weights are looser, so
  a user whose reading or judgement differs from our training data is followed within a few dozen labels.

Both learn by stochastic gradient steps on log-loss plus a Gaussian prior (dense adjustments towards the
default, word/site weights towards zero). Every new label is first *predicted* by each learner as if nothing
had been learned from its article yet (labels of one article resemble each other, so that would flatter the
adaptive learner); the learners' running log-losses on these predictions weigh them (a Bayesian mixture of
the two), so the model follows the user only as far as that has predicted the user's labels on new articles.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import re
import struct
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import mul

from reader.suggest_model import Base, Model, default_base, sigmoid

BUCKETS = 1 << 20
_WORD = re.compile(r"[a-z0-9']+")
# (name, alpha: trust in the default's prior, l2 of word/site weights, prior weight in the mixture)
LEARNERS = (("steady", 1.0, 3.0, 0.8), ("adaptive", 0.03, 1.0, 0.2))
LEARNING_RATE = 1.0
STEP_BUDGET = 15_000  # SGD steps per learner in a full relearn (at least one pass over the examples)
MAX_EPOCHS = 10
_MAGIC = b"SIFTUL1\n"


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


class Learner:
    """One learner: whitened dense adjustment ``eta``, word/site weights ``sigma * words`` and its loss."""

    def __init__(self, name: str, alpha: float, l2_words: float, prior: float, d: int) -> None:
        self.name, self.alpha, self.l2_words, self.prior = name, alpha, l2_words, prior
        self.scale = 1.0 / math.sqrt(alpha)
        self.eta = [0.0] * d
        self.words: dict[int, float] = {}
        self.sigma = 1.0  # common factor of the word weights (an L2 shrink of all of them is O(1))
        self.g2 = self.gw2 = 1.0  # AdaGrad-norm accumulators of the dense and word gradients
        self.loss = 0.0  # log-loss of predictions made before each label's article was learned
        # what was learned from the current article so far (to predict as if it had not been seen)
        self.group: str | None = None
        self.group_eta = [0.0] * d
        self.group_words: dict[int, float] = {}

    def word_weights(self) -> dict[int, float]:
        """The learned word/site weights."""
        sigma = self.sigma
        return {k: sigma * u for k, u in self.words.items() if u}

    def _words_logit(self, ex: Example, table: dict[int, float]) -> float:
        get = table.get
        z = ex.scale * sum(map(get, ex.keys, itertools.repeat(0.0, len(ex.keys))))
        return z + get(ex.site, 0.0) if ex.site >= 0 else z

    def logit(self, ex: Example) -> float:
        """This learner's log-odds for ``ex``."""
        return (
            ex.z0
            + self.scale * sum(map(mul, self.eta, ex.xt))
            + self.sigma * self._words_logit(ex, self.words)
        )

    def step(self, z0: float, ex: Example, n: int, *, track: bool = False) -> float:
        """One stochastic gradient step on ``ex`` given the default's log-odds ``z0``; returns P(filler).

        The prior counts 1/n per step. With ``track``, first add the log-loss of predicting ``ex`` without
        what was learned from its article to :attr:`loss`, and remember this step as learned from it.
        """
        eta, xt = self.eta, ex.xt
        dense = self.scale * sum(map(mul, eta, xt))
        z = z0 + dense + self.sigma * self._words_logit(ex, self.words)
        p = sigmoid(z)
        if track:
            if ex.group != self.group:
                self.group, self.group_eta, self.group_words = ex.group, [0.0] * len(eta), {}
            z_out = (
                z - self.scale * sum(map(mul, self.group_eta, xt)) - self._words_logit(ex, self.group_words)
            )
            p_out = sigmoid(z_out)
            self.loss -= math.log(max(p_out if ex.y else 1.0 - p_out, 1e-12))
        e = p - ex.y
        # dense: whitened, so the prior is isotropic and one step size serves every direction
        ge = e * self.scale
        self.g2 += ge * ge * ex.norm2
        lr = LEARNING_RATE / math.sqrt(self.g2)
        keep, move = 1.0 - lr / n, lr * ge
        new = [h * keep - move * x for h, x in zip(eta, xt, strict=True)]
        if track:
            self.group_eta = [g + a - b for g, a, b in zip(self.group_eta, new, eta, strict=True)]
        self.eta = new
        # words and site
        sc = ex.scale
        self.gw2 += e * e * (2.0 if ex.site >= 0 else 1.0)
        lr = LEARNING_RATE / math.sqrt(self.gw2)
        self.sigma *= 1.0 - lr * self.l2_words / n
        if self.sigma < 1e-6:
            self._rescale()
        words, get = self.words, self.words.get
        d_word = lr * e * sc  # change of each gram's weight
        du = d_word / self.sigma
        for k in ex.keys:
            words[k] = get(k, 0.0) - du
        if ex.site >= 0:
            words[ex.site] = get(ex.site, 0.0) - lr * e / self.sigma
        if track:
            gw = self.group_words
            for k in ex.keys:
                gw[k] = gw.get(k, 0.0) - d_word
            if ex.site >= 0:
                gw[ex.site] = gw.get(ex.site, 0.0) - lr * e
        return p

    def _rescale(self) -> None:
        self.words = self.word_weights()
        self.sigma = 1.0


class UserLearner:
    """The user's learned adjustments on top of a default :class:`Base`."""

    def __init__(self, base: Base | None = None) -> None:
        self.base = base or default_base()
        self.reset()

    def reset(self) -> None:
        """Forget everything learned (back to the default)."""
        d = len(self.base.order)
        self.learners = [Learner(name, a, l2, prior, d) for name, a, l2, prior in LEARNERS]
        self.seen = 0

    def add(self, ex: Example) -> float:
        """Learn one new label right away (one step per learner); returns the mixture's prior P(filler)."""
        ex = ex.under(self.base)
        weights = self.mixture()
        self.seen += 1
        return sum(
            w * learner.step(ex.z0, ex, self.seen, track=True)
            for w, learner in zip(weights, self.learners, strict=True)
        )

    def fit(self, examples: Sequence[Example], *, seed: int = 0) -> None:
        """Relearn from scratch: one pass in the given (chronological) order, then shuffled passes.

        In the first pass each run of examples from one article is predicted before any of it is learned
        (the mixture's evidence, as :meth:`add` keeps it one label at a time).
        """
        self.reset()
        rows = [ex.under(self.base) for ex in examples]
        n = len(rows)
        if not n:
            return
        start = 0
        while start < n:
            end = start + 1
            while end < n and rows[end].group == rows[start].group:
                end += 1
            block = rows[start:end]
            for learner in self.learners:
                learner.group = block[0].group
                learner.group_eta, learner.group_words = [0.0] * len(learner.eta), {}
                for ex in block:
                    p = sigmoid(learner.logit(ex))
                    learner.loss -= math.log(max(p if ex.y else 1.0 - p, 1e-12))
            for ex in block:
                self.seen += 1
                for learner in self.learners:
                    learner.step(ex.z0, ex, self.seen)
            start = end
        extra = min(n * (MAX_EPOCHS - 1), max(0, STEP_BUDGET - n))
        rng = random.Random(seed)
        order = list(range(n))
        done = 0
        while done < extra:
            rng.shuffle(order)
            for i in order[: extra - done]:
                ex = rows[i]
                for learner in self.learners:
                    learner.step(ex.z0, ex, n)
            done += min(n, extra - done)

    def mixture(self) -> list[float]:
        """Each learner's weight: prior times exp(-log-loss on labels predicted before learning them)."""
        best = min(learner.loss for learner in self.learners)
        raw = [learner.prior * math.exp(best - learner.loss) for learner in self.learners]
        total = sum(raw)
        return [r / total for r in raw]

    def model(self) -> Model:
        """The scoring model: default plus the mixture of the learners' adjustments."""
        if not self.seen:
            return Model(self.base)
        delta: dict[str, float] = {}
        sparse = []
        for w, learner in zip(self.mixture(), self.learners, strict=True):
            for k, v in self.base.unwhiten(learner.eta, learner.scale).items():
                delta[k] = delta.get(k, 0.0) + w * v
            sparse.append((w * learner.sigma, dict(learner.words)))
        return Model(self.base, delta=delta, sparse=sparse, seen=self.seen)

    # persistence: a small binary blob (header, then per learner: numbers, eta, word keys and weights)
    def to_bytes(self) -> bytes:
        """The learned state (never the default's weights, never any text)."""
        version = self.base.version.encode()
        out = [_MAGIC, struct.pack("<IIH", self.seen, len(self.learners), len(version)), version]
        for lr in self.learners:
            group = (lr.group or "").encode()
            sizes = (len(lr.eta), len(lr.words), len(lr.group_words), len(group))
            out.append(struct.pack("<ddddIIIH", lr.loss, lr.g2, lr.gw2, lr.sigma, *sizes))
            out += [array("d", lr.eta).tobytes(), array("d", lr.group_eta).tobytes()]
            out += [array("I", lr.words.keys()).tobytes(), array("d", lr.words.values()).tobytes()]
            out += [
                array("I", lr.group_words.keys()).tobytes(),
                array("d", lr.group_words.values()).tobytes(),
            ]
            out.append(group)
        return b"".join(out)

    @classmethod
    def from_bytes(cls, data: bytes, base: Base | None = None) -> UserLearner:
        """Rebuild from :meth:`to_bytes`; ValueError when it is not ours or was made for another default."""
        self = cls(base)
        if not data.startswith(_MAGIC):
            raise ValueError("not a Sift user model")
        try:
            reader = _Reader(data, len(_MAGIC))
            seen, count, vlen = reader.unpack("<IIH")
            if reader.raw(vlen).decode() != self.base.version or count != len(self.learners):
                raise ValueError("the user model belongs to another default model; relearn it")
            for lr in self.learners:
                lr.loss, lr.g2, lr.gw2, lr.sigma, d, m, gm, glen = reader.unpack("<ddddIIIH")
                if d != len(lr.eta):
                    raise ValueError("the user model does not fit the default model; relearn it")
                lr.eta, lr.group_eta = list(reader.array("d", d)), list(reader.array("d", d))
                lr.words = dict(zip(reader.array("I", m), reader.array("d", m), strict=True))
                lr.group_words = dict(zip(reader.array("I", gm), reader.array("d", gm), strict=True))
                lr.group = reader.raw(glen).decode() or None
            if reader.pos != len(data):
                raise ValueError("the user model has trailing bytes; relearn it")
        except (struct.error, UnicodeDecodeError, IndexError) as exc:
            raise ValueError("the user model is damaged; relearn it") from exc
        self.seen = seen
        return self


class _Reader:
    """Sequential reads from a bytes blob."""

    def __init__(self, data: bytes, pos: int) -> None:
        self.data, self.pos = data, pos

    def unpack(self, fmt: str) -> tuple:
        out = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += struct.calcsize(fmt)
        return out

    def raw(self, size: int) -> bytes:
        if self.pos + size > len(self.data):
            raise IndexError("truncated")
        out = self.data[self.pos : self.pos + size]
        self.pos += size
        return out

    def array(self, code: str, count: int) -> array:
        arr = array(code)
        arr.frombytes(self.raw(count * arr.itemsize))
        return arr


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
