"""Learning from the user's own fact/filler labels: millisecond online updates and a fast full relearn.

Each label becomes an :class:`reader.suggest_examples.Example` (dense features whitened with the default's
prior, hashed word 1-2 grams, the site). Two learners share the examples:

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
import math
import random
import struct
from array import array
from collections.abc import Sequence
from operator import mul

from reader.suggest_examples import (  # noqa: F401 - re-exported: the learner's public vocabulary
    BUCKETS,
    Example,
    gram_keys,
    make_example,
    pack_example,
    site_key,
    unpack_example,
)
from reader.suggest_model import Base, Model, default_base, sigmoid

# (name, alpha: trust in the default's prior, l2 of word/site weights, prior weight in the mixture)
LEARNERS = (("steady", 1.0, 3.0, 0.8), ("adaptive", 0.03, 1.0, 0.2))
LEARNING_RATE = 1.0
STEP_BUDGET = 12_000  # SGD steps per learner in a full relearn (at least one pass over the examples)
MAX_EPOCHS = 10
_MAGIC = b"SIFTUL1\n"


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
        self.dirty: set[int] | None = None  # word keys changed since last stored (None: all of them)

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
        keep, move = 1.0 / (1.0 + lr / n), lr * ge  # the prior as an implicit (always stable) shrink
        new = [h * keep - move * x for h, x in zip(eta, xt, strict=True)]
        if track:
            self.group_eta = [g + a - b for g, a, b in zip(self.group_eta, new, eta, strict=True)]
        self.eta = new
        # words and site
        sc = ex.scale
        self.gw2 += e * e * (2.0 if ex.site >= 0 else 1.0)
        lr = LEARNING_RATE / math.sqrt(self.gw2)
        self.sigma /= 1.0 + lr * self.l2_words / n
        if self.sigma < 1e-6:
            self._rescale()
        words, get = self.words, self.words.get
        d_word = lr * e * sc  # change of each gram's weight
        du = d_word / self.sigma
        for k in ex.keys:
            words[k] = get(k, 0.0) - du
        if ex.site >= 0:
            words[ex.site] = get(ex.site, 0.0) - lr * e / self.sigma
        if self.dirty is not None:
            self.dirty.update(ex.keys)
            self.dirty.add(ex.site)
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
        self.dirty = None


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
            sparse.append(
                (w * learner.sigma, learner.words)
            )  # shared, not copied: make a new model after learning
        return Model(self.base, delta=delta, sparse=sparse, seen=self.seen)

    def take_changed_words(self) -> list[dict[int, float] | None]:
        """Per learner: the raw word weights changed since the last call (None: all changed, rewrite all).

        For incremental storage; the raw weights go with the ``sigma`` stored by :meth:`to_bytes`.
        """
        out: list[dict[int, float] | None] = []
        for lr in self.learners:
            if lr.dirty is None:
                out.append(None)
            else:
                words = lr.words
                out.append({k: words[k] for k in lr.dirty if k in words})
            lr.dirty = set()
        return out

    # persistence: a small binary blob (header, then per learner: numbers, eta, word keys and weights)
    def to_bytes(self, *, words: bool = True) -> bytes:
        """The learned state (never the default's weights, never any text); ``words=False`` leaves out
        the raw word weights (stored elsewhere, see :meth:`take_changed_words`)."""
        version = self.base.version.encode()
        out = [_MAGIC, struct.pack("<IIHB", self.seen, len(self.learners), len(version), words), version]
        for lr in self.learners:
            group = (lr.group or "").encode()
            table = lr.words if words else {}
            sizes = (len(lr.eta), len(table), len(lr.group_words), len(group))
            out.append(struct.pack("<ddddIIIH", lr.loss, lr.g2, lr.gw2, lr.sigma, *sizes))
            out += [array("d", lr.eta).tobytes(), array("d", lr.group_eta).tobytes()]
            for part in (table, lr.group_words):  # in key order: equal states give equal bytes
                keys = sorted(part)
                out += [array("I", keys).tobytes(), array("d", [part[k] for k in keys]).tobytes()]
            out.append(group)
        return b"".join(out)

    @classmethod
    def from_bytes(
        cls, data: bytes, base: Base | None = None, *, words: Sequence[dict[int, float]] | None = None
    ) -> UserLearner:
        """Rebuild from :meth:`to_bytes` (``words``: each learner's raw word weights, when left out there).

        ValueError when it is not ours, is damaged or was made for another default model.
        """
        self = cls(base)
        if not data.startswith(_MAGIC):
            raise ValueError("not a Sift user model")
        try:
            reader = _Reader(data, len(_MAGIC))
            seen, count, vlen, has_words = reader.unpack("<IIHB")
            if reader.raw(vlen).decode() != self.base.version or count != len(self.learners):
                raise ValueError("the user model belongs to another default model; relearn it")
            if not has_words and (words is None or len(words) != count):
                raise ValueError("the user model's word weights are missing; relearn it")
            for i, lr in enumerate(self.learners):
                lr.loss, lr.g2, lr.gw2, lr.sigma, d, m, gm, glen = reader.unpack("<ddddIIIH")
                if d != len(lr.eta):
                    raise ValueError("the user model does not fit the default model; relearn it")
                lr.eta, lr.group_eta = list(reader.array("d", d)), list(reader.array("d", d))
                lr.words = dict(zip(reader.array("I", m), reader.array("d", m), strict=True))
                if not has_words:
                    lr.words = dict(words[i])  # type: ignore[index]
                lr.group_words = dict(zip(reader.array("I", gm), reader.array("d", gm), strict=True))
                lr.group = reader.raw(glen).decode() or None
                lr.dirty = set()
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
