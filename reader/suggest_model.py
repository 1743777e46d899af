"""The linear P(filler) model: shipped default weights, plus whatever the user's own labels taught it.

The default lives in ``resources/suggest/default_model.json`` (trained by ``bench/filler_train.py`` on our own
labelled sentences): a bias and weights over the dense information features of
:func:`reader.suggest_features.features`, the decision threshold, and the inverse Cholesky factor of the
training loss Hessian (how firmly the training data pins each combination of weights), which the user's
learner (:mod:`reader.suggest_learn`) uses as its prior. A :class:`Model` scores with the default weights
plus the learned dense adjustments and, when the user has taught it anything, hashed word/site weights.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reader.paths import resources_dir
from reader.suggest_features import features

FORMAT = "sift-suggest-model"
LABELS = ("fact", "filler")
BIAS = "__bias__"  # the intercept's name in the whitening order


def sigmoid(z: float) -> float:
    """The logistic function, safe for large |z|."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def default_model_path() -> Path:
    """Where the shipped default weights are."""
    return resources_dir() / "suggest" / "default_model.json"


@dataclass(frozen=True)
class Base:
    """Default weights, decision threshold and the prior the user's learner starts from."""

    bias: float
    weights: dict[str, float]
    threshold: float = 0.5
    # whitening: dense feature order (BIAS last) and the columns of L^-1 from the diagonal down (H = L L^T)
    order: tuple[str, ...] = ()
    inv_chol: tuple[tuple[float, ...], ...] = ()
    version: str = "none"
    index: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.index.update({k: i for i, k in enumerate(self.order)})

    @classmethod
    def from_dict(cls, data: dict) -> Base:
        """Build from the JSON shape written by ``bench/filler_train.py``."""
        whiten = data.get("whiten") or {}
        raw = json.dumps(data, sort_keys=True).encode()
        return cls(
            float(data["bias"]),
            {str(k): float(v) for k, v in data["weights"].items()},
            float(data.get("threshold", 0.5)),
            tuple(whiten.get("order", ())),
            tuple(tuple(float(x) for x in col) for col in whiten.get("inv_chol_columns", ())),
            hashlib.sha256(raw).hexdigest()[:16],
        )

    def logit(self, feats: dict[str, float]) -> float:
        """The default's log-odds of filler for dense features."""
        w = self.weights
        return self.bias + sum(w.get(k, 0.0) * v for k, v in feats.items())

    def whiten(self, feats: dict[str, float]) -> list[float]:
        """``L^-1 x`` for the dense features plus the intercept (zeros when there is no prior)."""
        d = len(self.order)
        out = [0.0] * d
        index, cols = self.index, self.inv_chol
        items = [(index[k], v) for k, v in feats.items() if k in index]
        if BIAS in index:
            items.append((index[BIAS], 1.0))
        for k, v in items:
            for i, w in enumerate(cols[k], k):
                out[i] += w * v
        return out

    def unwhiten(self, eta: Sequence[float], scale: float) -> dict[str, float]:
        """Weights ``scale * L^-T eta`` by feature name (the dense adjustment a learner's ``eta`` means)."""
        out: dict[str, float] = {}
        for k, name in enumerate(self.order):
            col = self.inv_chol[k]
            v = scale * sum(w * e for w, e in zip(col, eta[k:], strict=False))
            if v:
                out[name] = v
        return out


@lru_cache(maxsize=1)
def default_base() -> Base:
    """The shipped default (an all-zero model if the resource is missing)."""
    try:
        data = json.loads(default_model_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Base(0.0, {})
    return Base.from_dict(data)


def fit(
    rows: Sequence[tuple[dict[str, float], int]],
    *,
    epochs: int = 30,
    l2: float = 1e-3,
    lr: float = 0.3,
    seed: int = 0,
) -> tuple[float, dict[str, float]]:
    """Train (bias, weights) from scratch on (features, y) rows with AdaGrad; y = 1 for filler."""
    rng = random.Random(seed)
    order = list(range(len(rows)))
    w: dict[str, float] = {}
    g2: dict[str, float] = {}
    b, gb = 0.0, 1e-8
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            x, y = rows[i]
            g = sigmoid(b + sum(w.get(k, 0.0) * v for k, v in x.items())) - y
            gb += g * g
            b -= lr * g / math.sqrt(gb)
            for k, v in x.items():
                wk = w.get(k, 0.0)
                gk = g * v + l2 * wk
                acc = g2.get(k, 1e-8) + gk * gk
                g2[k] = acc
                w[k] = wk - lr * gk / math.sqrt(acc)
    return b, {k: v for k, v in w.items() if abs(v) > 1e-6}


def hessian(
    rows: Iterable[dict[str, float]], bias: float, weights: dict[str, float], l2: float
) -> tuple[tuple[str, ...], list[list[float]]]:
    """The training loss Hessian over the dense features and the intercept (BIAS last)."""
    rows = list(rows)
    names = [*sorted({k for x in rows for k in x}), BIAS]
    index = {k: i for i, k in enumerate(names)}
    d = len(names)
    h = [[0.0] * d for _ in range(d)]
    for x in rows:
        p = sigmoid(bias + sum(weights.get(k, 0.0) * v for k, v in x.items()))
        s = p * (1 - p)
        items = [(index[k], v) for k, v in x.items()] + [(d - 1, 1.0)]
        for i, vi in items:
            hi = h[i]
            for j, vj in items:
                hi[j] += s * vi * vj
            if i != d - 1:
                hi[i] += l2  # fit() pulls a weight towards 0 each time its feature is active
    return tuple(names), h


def inverse_cholesky_columns(h: list[list[float]]) -> list[list[float]]:
    """Columns of ``L^-1`` (from the diagonal down) for the symmetric positive definite ``h = L L^T``."""
    d = len(h)
    low = [[0.0] * d for _ in range(d)]
    for i in range(d):
        for j in range(i + 1):
            s = h[i][j] - sum(low[i][k] * low[j][k] for k in range(j))
            if i == j:
                low[i][i] = math.sqrt(max(s, 1e-9))
            else:
                low[i][j] = s / low[j][j]
    inv = [[0.0] * d for _ in range(d)]
    for c in range(d):  # solve L y = e_c
        for i in range(c, d):
            s = (1.0 if i == c else 0.0) - sum(low[i][k] * inv[k][c] for k in range(c, i))
            inv[i][c] = s / low[i][i]
    return [[inv[i][c] for i in range(c, d)] for c in range(d)]


Sparse = dict[int, float]


class Model:
    """P(filler) for one sentence: default weights, learned dense adjustments and hashed word/site weights."""

    def __init__(
        self,
        base: Base | None = None,
        *,
        delta: dict[str, float] | None = None,
        sparse: Sequence[tuple[float, Sparse]] = (),
        seen: int = 0,
    ) -> None:
        """The default model, or ``base`` with a learner's adjustments (see :mod:`reader.suggest_learn`)."""
        self.base = base or default_base()
        self.threshold = self.base.threshold
        self.delta = dict(delta or {})
        self.sparse = [(w, table) for w, table in sparse if w and table]
        self.seen = seen
        bias = self.base.bias + self.delta.get(BIAS, 0.0)
        weights = dict(self.base.weights)
        for k, v in self.delta.items():
            if k != BIAS:
                weights[k] = weights.get(k, 0.0) + v
        self.bias = bias
        self.weights = weights

    @property
    def learned(self) -> bool:
        """Whether anything was learned from the user (False for the plain default)."""
        return bool(self.seen)

    def featurize(self, text: str, context: dict[str, float]) -> dict[str, float]:
        """The dense features this model scores for one sentence in its context."""
        return features(text, context, words=False)

    def logit(self, feats: dict[str, float], keys: Sequence[int] = (), site: int = -1) -> float:
        """Log-odds of filler from dense features and (optionally) the sentence's word grams and site key."""
        w = self.weights
        z = self.bias
        for k, v in feats.items():
            z += w.get(k, 0.0) * v
        return z + self.word_logit(keys, site) if self.sparse else z

    def word_logit(self, keys: Sequence[int], site: int = -1) -> float:
        """The share of the log-odds that comes from learned word-gram and site weights."""
        scale = 1.0 / math.sqrt(len(keys)) if keys else 0.0
        z = 0.0
        for weight, table in self.sparse:
            get = table.get
            part = scale * sum(get(k, 0.0) for k in keys)
            z += weight * (part + get(site, 0.0) if site >= 0 else part)
        return z

    def learned_logit(self, feats: dict[str, float], keys: Sequence[int] = (), site: int = -1) -> float:
        """The share of the log-odds that the user's labels added to the default's."""
        if not self.seen:
            return 0.0
        d = self.delta
        z = d.get(BIAS, 0.0) + sum(d.get(k, 0.0) * v for k, v in feats.items())
        return z + self.word_logit(keys, site)

    def probability(self, text: str, context: dict[str, float], site: str | None = None) -> float:
        """P(filler) of one sentence in its context (``site``: the article's source, if known)."""
        feats = self.featurize(text, context)
        if not self.sparse:
            return sigmoid(self.logit(feats))
        from reader.suggest_examples import gram_keys, site_key

        return sigmoid(self.logit(feats, gram_keys(text), site_key(site)))

    def contributions(self, feats: dict[str, float]) -> list[tuple[str, float]]:
        """Each dense feature's share of the logit, largest magnitude first (for reasons)."""
        w = self.weights
        out = [(k, w.get(k, 0.0) * v) for k, v in feats.items()]
        out.sort(key=lambda kv: -abs(kv[1]))
        return out
