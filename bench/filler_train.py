"""Train the shipped default suggestion model: ``python -m bench.filler_train`` → resources/suggest/.

Training data is our own: the hand labels on aeb article sentences (bench/data/aeb_labels.json, offsets only)
and our padded articles' train and dev parts. The padded test part is never used here. The decision
threshold is picked by 5-fold cross-validation by document: the highest F1 whose precision on real-news
pages stays at least MIN_PRECISION. Only dense, general features are used (no word weights), so the file
holds numbers and no text: the weights, and the inverse Cholesky factor of the training loss Hessian that
the user's learner uses as its prior (see reader/suggest_learn.py).
"""

from __future__ import annotations

import json
import time

from bench.filler_data import ROOT, folds_by_doc, load_aeb, load_padded, prf, rows_of
from reader.suggest_model import FORMAT, fit, hessian, inverse_cholesky_columns, sigmoid

EPOCHS = 30
L2 = 1e-3
# Precision margin: CV precision 0.78 on our labels (17% filler) keeps precision near 0.72 at the ~13% filler
# rate the issue quotes for real news (fewer fillers, same false-positive rate).
MIN_PRECISION = 0.78
# Rules the labelled data barely covers, as a floor on their weights: a sentence whose content words nearly
# all appear in one earlier sentence, with no new name or figure, is a restatement (filler by the rubric).
RULE_FLOORS = {"near_duplicate": 5.0}


def _apply_rules(model: tuple[float, dict[str, float]]) -> tuple[float, dict[str, float]]:
    b, w = model
    for k, floor in RULE_FLOORS.items():
        w[k] = max(w.get(k, 0.0), floor)
    return b, w


def _score(model: tuple[float, dict[str, float]], feats: dict[str, float]) -> float:
    b, w = model
    return sigmoid(b + sum(w.get(k, 0.0) * v for k, v in feats.items()))


def pick_threshold(aeb, padded, *, seeds=(1, 2, 3)) -> tuple[float, list]:
    """Threshold with the best cross-validated real-news F1 at precision >= MIN_PRECISION."""
    rows = {d.doc_id: rows_of(d) for d in aeb + padded}
    pooled = []
    for seed in seeds:
        folds = folds_by_doc(aeb, 5, seed)
        pfolds = folds_by_doc(padded, 5, seed)
        for k in range(5):
            train = [r for j in range(5) if j != k for d in folds[j] + pfolds[j] for r in rows[d.doc_id]]
            model = _apply_rules(
                fit([(r.feats, r.label == "filler") for r in train], epochs=EPOCHS, l2=L2, seed=seed)
            )
            pooled += [
                (_score(model, r.feats), r.label == "filler", r.meta)
                for d in folds[k]
                for r in rows[d.doc_id]
            ]
    best = (0.0, 0.5)
    table = []
    for i in range(30, 76, 2):
        t = i / 100
        p, r, f = prf(pooled, t)
        table.append((t, p, r, f))
        if p >= MIN_PRECISION and f > best[0]:
            best = (f, t)
    return best[1], table


def whitening(rows, model: tuple[float, dict[str, float]]) -> dict:
    """The prior for the user's learner: feature order and the columns of L^-1 for the Hessian H = L L^T."""
    b, w = model
    order, h = hessian([feats for feats, _y in rows], b, w, L2)
    cols = inverse_cholesky_columns(h)
    return {"order": list(order), "inv_chol_columns": [[round(x, 7) for x in col] for col in cols]}


def main() -> None:
    """Train on all our labelled data and write resources/suggest/default_model.json."""
    t0 = time.perf_counter()
    aeb = load_aeb()
    padded = load_padded("train") + load_padded("dev")
    threshold, table = pick_threshold(aeb, padded)
    for t, p, r, f in table:
        print(f"cv threshold {t:.2f}: P {p:.3f} R {r:.3f} F1 {f:.3f}")
    rows = [r for d in aeb + padded for r in rows_of(d)]
    data = [(r.feats, r.label == "filler") for r in rows]
    bias, weights = _apply_rules(fit(data, epochs=EPOCHS, l2=L2, seed=0))
    whiten = whitening(data, (bias, weights))
    out = {
        "format": FORMAT,
        "version": 1,
        "kind": "default",
        "about": "Sift default fact/filler model: logistic regression over general information features, "
        "trained by bench/filler_train.py on our own labels (aeb sentence labels, our padded articles).",
        "examples": len(rows),
        "words": False,
        "threshold": threshold,
        "bias": round(bias, 5),
        "weights": {k: round(v, 5) for k, v in sorted(weights.items())},
        "whiten": whiten,
    }
    path = ROOT / "resources" / "suggest" / "default_model.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path} ({len(rows)} examples, threshold {threshold}) in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
