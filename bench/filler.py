"""Filler suggestions bench: ClaimBuster, our news labels, the learning curve and speed.

``python -m bench.filler`` (``SIFT_BENCH_QUICK=1`` for a smoke-sized run). Prints:

(a) ClaimBuster non-factual vs factual (UFS+CFS) macro-F1 on disjoint_2000.json for our default engine,
    beside TF-IDF word 1-2 grams + logistic regression trained in the same run on data_small.json (pure
    Python; the README's scikit-learn figure is 0.725) and our features + LR trained on data_small.
(b) News: filler precision / recall / F1 on our aeb labels (cross-validated by page: figures on pages the
    model never saw) and on our padded test articles (never used for training or tuning), with the
    baselines (stock-phrase lexicon; the ClaimBuster TF-IDF model), and the learning curves after 0, 25,
    50 and 100 of a reader's labels (bench/filler_learning.py: labels from other sites, scored on sites
    the learner never saw; padded news: labels from other articles).
(c) Speed (bench/filler_speed.py): ms to suggest for a 2,000-word article (ratio to segmentation alone),
    learning from 10,000 examples, relearning from a library, one recorded feedback, the Sites view.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import random
import re
import time
from collections.abc import Sequence

from bench.filler_data import (
    SHARED,
    Doc,
    Row,
    folds_by_doc,
    folds_by_site,
    load_aeb,
    load_padded,
    prf,
    rows_of,
)
from bench.filler_learning import aeb_curves, fold_base, padded_curve, triples
from bench.filler_speed import speed
from bench.filler_train import EPOCHS, L2
from reader import suggest_lexicon as lex
from reader.suggest_features import analyze, features
from reader.suggest_model import Model, fit, sigmoid

QUICK = os.environ.get("SIFT_BENCH_QUICK") == "1"
_WORD = re.compile(r"(?u)\b\w\w+\b")


# ---- models used as baselines ---------------------------------------------------------------------------


class TfidfLR:
    """TF-IDF word 1-2 grams (sklearn-like defaults: smooth idf, l2 norm) + L2 logistic regression."""

    def __init__(self, texts: Sequence[str], labels: Sequence[int], *, epochs: int = 12) -> None:
        grams = [self._grams(t) for t in texts]
        df: dict[str, int] = {}
        for g in grams:
            for k in set(g):
                df[k] = df.get(k, 0) + 1
        n = len(texts)
        self.idf = {k: math.log((1 + n) / (1 + v)) + 1 for k, v in df.items()}
        rows = [(self._vector(g), y) for g, y in zip(grams, labels, strict=True)]
        self.bias, self.weights = fit(rows, epochs=epochs, l2=1.0 / n, lr=0.5)

    @staticmethod
    def _grams(text: str) -> list[str]:
        words = _WORD.findall(text.lower())
        return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]

    def _vector(self, grams: list[str]) -> dict[str, float]:
        tf: dict[str, float] = {}
        for g in grams:
            if g in self.idf:
                tf[g] = tf.get(g, 0.0) + self.idf[g]
        norm = math.sqrt(sum(v * v for v in tf.values())) or 1.0
        return {k: v / norm for k, v in tf.items()}

    def probability(self, text: str) -> float:
        """P(label 1) for one text."""
        x = self._vector(self._grams(text))
        return sigmoid(self.bias + sum(self.weights.get(k, 0.0) * v for k, v in x.items()))


def lexicon_says_filler(text: str) -> bool:
    """The stock-phrase baseline: filler when a stock phrase, cliché or summary opener occurs."""
    words = [t.lower().replace("’", "'") for t in _WORD.findall(text)]
    return bool(lex.STOCK_PHRASES.find(words) or lex.CLICHES.find(words) or lex.SUMMARY_OPENERS.search(text))


def _alone(text: str) -> dict[str, float]:
    """Context of a sentence read on its own (ClaimBuster gives no article around it)."""
    return analyze(text, [(0, len(text))])[0].context


# ---- (a) ClaimBuster --------------------------------------------------------------------------------------


def _macro_f1(pairs: list[tuple[bool, bool]]) -> tuple[float, float]:
    """Accuracy and macro-F1 of (predicted non-factual, is non-factual) pairs."""
    acc = sum(p == y for p, y in pairs) / len(pairs)
    f1s = []
    for cls in (True, False):
        tp = sum(1 for p, y in pairs if p == cls and y == cls)
        fp = sum(1 for p, y in pairs if p == cls and y != cls)
        fn = sum(1 for p, y in pairs if p != cls and y == cls)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return acc, sum(f1s) / 2


def claimbuster() -> TfidfLR | None:
    """Print (a); return the TF-IDF model trained on ClaimBuster for the news baselines."""
    folder = SHARED / "claimbuster"
    if not folder.is_dir():
        print("(a) ClaimBuster: ../shared/data/claimbuster not found, skipped")
        return None
    train = json.loads((folder / "data_small.json").read_text(encoding="utf-8"))
    test = json.loads((folder / "disjoint_2000.json").read_text(encoding="utf-8"))
    if QUICK:
        train = random.Random(0).sample(train, 1500)
        test = random.Random(0).sample(test, 400)
    y_train = [int(r["label"]) == -1 for r in train]
    y_test = [int(r["label"]) == -1 for r in test]
    t0 = time.perf_counter()
    tfidf = TfidfLR([r["text"] for r in train], y_train, epochs=4 if QUICK else 12)
    t_tfidf = time.perf_counter() - t0
    default = Model()
    ours = [default.probability(r["text"], _alone(r["text"])) >= default.threshold for r in test]
    feats_train = [
        (features(r["text"], _alone(r["text"]), words=False), y) for r, y in zip(train, y_train, strict=True)
    ]
    b, w = fit(feats_train, epochs=10 if QUICK else EPOCHS, l2=L2)
    ours_cb = [
        sigmoid(
            b + sum(w.get(k, 0.0) * v for k, v in features(r["text"], _alone(r["text"]), words=False).items())
        )
        >= 0.5
        for r in test
    ]
    results = [
        ("majority class (non-factual)", [True] * len(test)),
        ("stock-phrase lexicon", [lexicon_says_filler(r["text"]) for r in test]),
        ("TF-IDF 1-2 grams + LR (trained here)", [tfidf.probability(r["text"]) >= 0.5 for r in test]),
        ("Sift default model (news-trained)", ours),
        ("Sift features + LR trained on ClaimBuster*", ours_cb),
    ]
    print(f"(a) ClaimBuster non-factual vs factual, test {len(test)} sentences (train {len(train)}):")
    print(f"    {'method':44} {'accuracy':>8} {'macro-F1':>8}")
    for name, preds in results:
        acc, mf1 = _macro_f1(list(zip(preds, y_test, strict=True)))
        print(f"    {name:44} {acc:8.3f} {mf1:8.3f}")
    print(
        f"    (TF-IDF+LR trained in {t_tfidf:.1f} s, pure Python; "
        "README scikit-learn reference: macro-F1 0.725)"
    )
    print("    * evaluation only: ClaimBuster is never part of the shipped model")
    return tfidf


# ---- (b) news ---------------------------------------------------------------------------------------------


def _fmt(p: float, r: float, f: float) -> str:
    return f"{p:6.3f} {r:6.3f} {f:6.3f}"


def _cv(docs: list[Doc], padded: list[Doc], rows: dict[str, list[Row]], thr: float, by_site: bool, seeds):
    """Default-model triples on held-out aeb pages (5-fold CV by page or site), trained like the shipped."""
    out: list[tuple[float, bool, bool]] = []
    for seed in seeds:
        folds = (folds_by_site if by_site else folds_by_doc)(docs, 5, seed)
        pfolds = folds_by_doc(padded, 5, seed)
        for k in range(5):
            train = [r for j in range(5) if j != k for d in folds[j] + pfolds[j] for r in rows[d.doc_id]]
            base = fold_base(train, seed, thr)
            out += triples(Model(base), [r for d in folds[k] for r in rows[d.doc_id]])
    return out


def news(tfidf: TfidfLR | None) -> None:
    """Print (b): default model and baselines on both news sets, and the learning curves."""
    shipped = Model()
    thr = shipped.threshold
    aeb = load_aeb()
    padded_train = load_padded("train") + load_padded("dev")
    test = load_padded("test")
    rows = {d.doc_id: rows_of(d) for d in aeb + padded_train + test}
    seeds = (1,) if QUICK else (1, 2, 3)
    cv = _cv(aeb, padded_train, rows, thr, False, seeds)
    test_rows = [r for d in test for r in rows[d.doc_id]]
    aeb_rows = [r for d in aeb for r in rows[d.doc_id]]
    n_aeb = len(aeb_rows)
    n_fill = sum(1 for r in aeb_rows if r.label == "filler")
    t_fill = sum(1 for r in test_rows if r.label == "filler")
    print(
        f"(b) News filler detection (threshold {thr}): aeb labels {n_aeb} sentences / {len(aeb)} pages "
        f"({n_fill / n_aeb:.0%} filler); padded test {len(test_rows)} sentences / {len(test)} articles "
        f"({t_fill / len(test_rows):.0%} filler)"
    )
    print(f"    {'method':46} {'aeb: P':>6} {'R':>6} {'F1':>6} | {'padded: P':>9} {'R':>6} {'F1':>6}")

    def line(name: str, aeb_pairs, test_pairs, threshold: float = 0.5) -> None:
        a = _fmt(*prf(aeb_pairs, threshold)) if aeb_pairs is not None else "     -      -      -"
        print(f"    {name:46} {a} | {_fmt(*prf(test_pairs, threshold)):>23}")

    shipped_test = triples(shipped, test_rows)
    line("Sift default (aeb: 5-fold CV by page)", cv, shipped_test, thr)
    if not QUICK:
        line(
            "Sift default (aeb: 5-fold CV by site)",
            _cv(aeb, padded_train, rows, thr, True, seeds),
            shipped_test,
            thr,
        )
    line("  shipped model on its own training pages (seen)", triples(shipped, aeb_rows), shipped_test, thr)
    lexi = [(1.0 if lexicon_says_filler(r.text) else 0.0, r.label == "filler", False) for r in aeb_rows]
    lext = [(1.0 if lexicon_says_filler(r.text) else 0.0, r.label == "filler", False) for r in test_rows]
    line("stock-phrase lexicon", lexi, lext)
    if tfidf is not None:
        line(
            "TF-IDF+LR trained on ClaimBuster",
            [(tfidf.probability(r.text), r.label == "filler", False) for r in aeb_rows],
            [(tfidf.probability(r.text), r.label == "filler", False) for r in test_rows],
        )
    print("    targets: real news F1 >= 0.60 at P >= 0.70; padded F1 >= 0.80")
    aeb_curves(aeb, padded_train, rows, thr, quick=QUICK)
    padded_curve(test, shipped.base, rows, thr, quick=QUICK)


def main() -> None:
    """Run (a), (b) and (c)."""
    global QUICK
    QUICK = os.environ.get("SIFT_BENCH_QUICK") == "1"
    t0 = time.perf_counter()
    tfidf = claimbuster()
    news(tfidf)
    speed(QUICK)
    print(f"    (filler bench took {time.perf_counter() - t0:.0f} s{', quick mode' if QUICK else ''})")


if __name__ == "__main__":
    main()
