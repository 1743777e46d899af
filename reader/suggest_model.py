"""A small logistic-regression model of P(filler) over sparse sentence features, pure Python.

The shipped default weights live in ``resources/suggest/default_model.json`` (trained by
``bench/filler_train.py`` on our own labelled sentences). A user's :class:`Model` starts from those weights
and learns *adjustments* from the user's own fact/filler examples with online gradient steps pulled back
towards the default (an L2 prior), so a handful of corrections moves predictions without forgetting the
default. ``to_json`` stores only the adjustments; :meth:`Model.reset` drops them.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterable, Sequence
from functools import lru_cache

from reader.paths import resources_dir
from reader.suggest_features import features

FORMAT = "sift-suggest-model"
LABELS = ("fact", "filler")

# One training example: (sentence text, context features from suggest_features.analyze, "fact"|"filler").
Example = tuple[str, dict[str, float], str]


def sigmoid(z: float) -> float:
    """The logistic function, safe for large |z|."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def default_model_path():
    """Where the shipped default weights are."""
    return resources_dir() / "suggest" / "default_model.json"


@lru_cache(maxsize=1)
def _default_params() -> tuple[float, dict[str, float], float, bool, dict[str, float]]:
    try:
        data = json.loads(default_model_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return 0.0, {}, 0.5, False, {}
    return (
        float(data["bias"]),
        dict(data["weights"]),
        float(data.get("threshold", 0.5)),
        bool(data.get("words")),
        dict(data.get("precision", {})),
    )


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


class Model:
    """P(filler) for a sentence: default weights plus the user's learned adjustments."""

    def __init__(
        self,
        bias: float | None = None,
        weights: dict[str, float] | None = None,
        *,
        threshold: float | None = None,
        words: bool | None = None,
        precision: dict[str, float] | None = None,
    ) -> None:
        """Use the given base parameters, or the shipped default ones when left out."""
        d_bias, d_weights, d_threshold, d_words, d_precision = _default_params()
        self.base_bias = d_bias if bias is None else bias
        self.base_weights = d_weights if weights is None else weights
        self.threshold = d_threshold if threshold is None else threshold
        self.words = d_words if words is None else words
        # how firmly the default's training data pins each weight (features it never saw: new_feature_prior)
        self.precision = d_precision if precision is None else precision
        self.delta_bias = 0.0
        self.delta: dict[str, float] = {}
        self.seen = 0
        self.learning_rate = 0.1
        self.new_feature_prior = 1.0
        self.bias_prior = 10.0

    # scoring
    def featurize(self, text: str, context: dict[str, float]) -> dict[str, float]:
        """The features this model scores for one sentence (user word features always included)."""
        return features(text, context, words=True)

    def logit(self, feats: dict[str, float]) -> float:
        """The linear score (log-odds of filler)."""
        bw, dw = self.base_weights, self.delta
        z = self.base_bias + self.delta_bias
        for k, v in feats.items():
            z += (bw.get(k, 0.0) + dw.get(k, 0.0)) * v
        return z

    def probability(self, text: str, context: dict[str, float]) -> float:
        """P(filler) of one sentence in its context."""
        return sigmoid(self.logit(self.featurize(text, context)))

    def contributions(self, feats: dict[str, float]) -> list[tuple[str, float]]:
        """Each feature's share of the logit, largest magnitude first (for reasons)."""
        bw, dw = self.base_weights, self.delta
        out = [(k, (bw.get(k, 0.0) + dw.get(k, 0.0)) * v) for k, v in feats.items()]
        out.sort(key=lambda kv: -abs(kv[1]))
        return out

    # learning
    def update(self, examples: Iterable[Example], *, epochs: int | None = None) -> int:
        """Learn from (text, context, label) examples right away; returns how many were used."""
        rows = [
            (self.featurize(text, ctx), 1 if label == "filler" else 0)
            for text, ctx, label in examples
            if label in LABELS
        ]
        if not rows:
            return 0
        if epochs is None:
            epochs = max(1, min(8, 4000 // len(rows)))
        rng = random.Random(self.seen + len(rows))
        order = list(range(len(rows)))
        bw, dw, prec = self.base_weights, self.delta, self.precision
        lr, new_prior = self.learning_rate, self.new_feature_prior
        # minimise  sum(user log-loss) + 1/2 sum_k precision_k * delta_k^2  by SGD: the prior's share per step
        # is precision / (all user examples so far); it is applied as an implicit (always stable) shrink
        share = 1.0 / (self.seen + len(rows))
        shrink: dict[str, float] = {}
        w: dict[str, float] = {}  # current total weights of the batch's features
        for x, _ in rows:
            for k in x:
                if k not in shrink:
                    shrink[k] = 1.0 / (1.0 + lr * prec.get(k, new_prior) * share)
                    w[k] = bw.get(k, 0.0) + dw.get(k, 0.0)
        bias_shrink = 1.0 / (1.0 + lr * self.bias_prior * share)
        base_bias, delta_bias = self.base_bias, self.delta_bias
        for _ in range(epochs):
            rng.shuffle(order)
            for i in order:
                x, y = rows[i]
                z = base_bias + delta_bias
                for k, v in x.items():
                    z += w[k] * v
                g = lr * (sigmoid(z) - y)
                delta_bias = (delta_bias - g) * bias_shrink
                for k, v in x.items():
                    d = (dw.get(k, 0.0) - g * v) * shrink[k]
                    dw[k] = d
                    w[k] = bw.get(k, 0.0) + d
        self.delta_bias = delta_bias
        self.seen += len(rows)
        return len(rows)

    def reset(self) -> None:
        """Forget everything learned from the user (back to the default weights)."""
        self.delta_bias = 0.0
        self.delta = {}
        self.seen = 0

    # persistence
    def to_json(self) -> str:
        """The user's adjustments as JSON (the default weights are not repeated)."""
        delta = {k: v for k, v in self.delta.items() if v}
        return json.dumps(
            {
                "format": FORMAT,
                "version": 1,
                "kind": "user",
                "delta_bias": self.delta_bias,
                "delta": delta,
                "seen": self.seen,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, data: str) -> Model:
        """Rebuild a user model stored by :meth:`to_json` (on top of the current default weights)."""
        d = json.loads(data)
        if d.get("format") != FORMAT:
            raise ValueError("not a Sift suggestion model")
        model = cls()
        model.delta_bias = float(d.get("delta_bias", 0.0))
        model.delta = {str(k): float(v) for k, v in d.get("delta", {}).items()}
        model.seen = int(d.get("seen", 0))
        return model
