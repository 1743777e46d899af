"""Learning curves of the filler bench: what the reader's own labels change, on pages they did not label.

Real news (aeb): five folds *by site*. For each held-out fold a default is trained like the shipped one on
three other folds (plus padded train/dev folds); the simulated reader labels pages of the remaining fold in
reading order (pages in random order, each page's sentences in text order, their sites known) and the
production learner (:class:`reader.suggest_learn.UserLearner`) is scored on the held-out fold, which shares
no site with anything it learned from. Averaged over seeds x folds x reading orders. Beside it: retraining
the default itself with the same 100 labels added (what more data of our kind can give), and same-site
pages (a reader of one outlet labels one page of a site and reads its other page; few such pairs exist).

Padded news: the reader labels half of our padded test articles, scored on the other half (one outlet's
machine-written style), with a default trained on all our other labels.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence

from bench.filler_data import Doc, Row, folds_by_doc, folds_by_site, prf
from bench.filler_train import EPOCHS, L2, _apply_rules, whitening
from reader.suggest_examples import gram_keys, make_example, site_key
from reader.suggest_learn import UserLearner
from reader.suggest_model import Base, Model, fit, sigmoid

NS = (0, 25, 50, 100)


def fold_base(rows: Sequence[Row], seed: int, threshold: float) -> Base:
    """A default trained like the shipped one (weights, threshold, learner prior) on ``rows`` only."""
    data = [(r.feats, r.label == "filler") for r in rows]
    b, w = _apply_rules(fit(data, epochs=EPOCHS, l2=L2, seed=seed))
    white = whitening(data, (b, w))
    cols = tuple(tuple(c) for c in white["inv_chol_columns"])
    return Base(b, w, threshold, tuple(white["order"]), cols, f"fold-{seed}-{len(rows)}")


def learned(base: Base, labelled: Sequence[Row], *, sites: bool = True) -> UserLearner:
    """The production learner fitted on the reader's labels, in the order they were given."""
    learner = UserLearner(base)
    learner.fit(
        [
            make_example(r.feats, r.text, r.label, site=r.site if sites else None, group=r.doc_id, base=base)
            for r in labelled
        ]
    )
    return learner


def triples(model: Model, rows: Sequence[Row], *, sites: bool = True) -> list[tuple[float, bool, bool]]:
    """(P(filler), is filler, skipped as meta) for each row."""
    out = []
    for r in rows:
        z = (
            model.logit(r.feats, gram_keys(r.text), site_key(r.site if sites else None))
            if model.sparse
            else (model.logit(r.feats))
        )
        out.append((sigmoid(z), r.label == "filler", r.meta))
    return out


def reading_order(docs: Sequence[Doc], rows: dict[str, list[Row]], rng: random.Random) -> list[Row]:
    """The docs' labelled sentences as a reader meets them: pages in random order, sentences in order."""
    order = list(docs)
    rng.shuffle(order)
    return [r for d in order for r in rows[d.doc_id]]


def _mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else float("nan")


def aeb_curves(
    aeb: list[Doc], padded: list[Doc], rows: dict[str, list[Row]], threshold: float, *, quick: bool
) -> dict[str, float]:
    """Print the real-news learning curve and its references; returns the key figures."""
    seeds = (1,) if quick else (1, 2, 3)
    orders = 1 if quick else 3
    curve: dict[int, list[tuple[float, float, float]]] = {n: [] for n in NS}
    joint: list[tuple[float, float, float]] = []
    adaptive: list[float] = []
    same_before: list[tuple[float, bool, bool]] = []
    same_after: list[tuple[float, bool, bool]] = []
    pairs = 0
    for seed in seeds:
        folds, pfolds = folds_by_site(aeb, 5, seed), folds_by_doc(padded, 5, seed)
        for k in range(5):
            u = (k + 1) % 5
            rest = [
                r for j in range(5) if j not in (k, u) for d in folds[j] + pfolds[j] for r in rows[d.doc_id]
            ]
            held = [r for d in folds[k] for r in rows[d.doc_id]]
            base = fold_base(rest, seed, threshold)
            default = Model(base)
            for o in range(orders):
                pool = reading_order(folds[u], rows, random.Random(seed * 100 + k * 10 + o))
                for n in NS:
                    learner = learned(base, pool[:n])
                    curve[n].append(prf(triples(learner.model(), held), threshold))
                    if n == NS[-1]:
                        adaptive.append(learner.mixture()[1])
                if o == 0:
                    more = fold_base(rest + pool[: NS[-1]], seed, threshold)
                    joint.append(prf(triples(Model(more), held), threshold))
            if seed != seeds[0]:
                continue  # same-site pairs do not depend on the seed's reading order: count them once
            by_site: dict[str, list[Doc]] = {}
            for d in folds[k]:
                if d.site:
                    by_site.setdefault(d.site, []).append(d)
            for docs in by_site.values():
                for a in docs:
                    for b in docs:
                        if a is b:
                            continue
                        pairs += 1
                        model = learned(base, rows[a.doc_id]).model()
                        same_before += triples(default, rows[b.doc_id])
                        same_after += triples(model, rows[b.doc_id])
        if quick:
            break

    def row(name: str, values: list[tuple[float, float, float]]) -> str:
        p, r, f = (_mean([v[i] for v in values]) for i in range(3))
        return f"    {name:54} {p:6.3f} {r:6.3f} {f:6.3f}"

    print(
        f"    learning from the reader's labels, real news (aeb, 5 folds by site, {len(seeds)} seed(s) x "
        f"{orders} reading order(s)); scored on sites it never saw:"
    )
    print(f"    {'':54} {'P':>6} {'R':>6} {'F1':>6}")
    for n in NS:
        print(row(f"after {n:3d} labels (production learner)", curve[n]))
    print(row(f"reference: default retrained with those {NS[-1]} labels", joint))
    gain = _mean([v[2] for v in curve[NS[-1]]]) - _mean([v[2] for v in curve[0]])
    joint_gain = _mean([v[2] for v in joint]) - _mean([v[2] for v in curve[0]])
    print(
        f"    gain after {NS[-1]} labels: {gain:+.3f} F1 (target +0.05); retraining the default with them: "
        f"{joint_gain:+.3f}; adaptive learner's weight after {NS[-1]}: {_mean(adaptive):.2f}"
    )
    if pairs:
        b, a = prf(same_before, threshold), prf(same_after, threshold)
        fill = sum(1 for _, y, _ in same_after if y)
        print(
            f"    same site ({pairs} page pairs, {len(same_after)} sentences, {fill} filler): "
            f"labels on one page, scored on the other: F1 {b[2]:.3f} -> {a[2]:.3f} "
            f"(P {b[0]:.3f} -> {a[0]:.3f}; too few to rank)"
        )
    return {"gain": gain, "joint_gain": joint_gain, "f1_100": _mean([v[2] for v in curve[NS[-1]]])}


def padded_curve(
    test: list[Doc], base: Base, rows: dict[str, list[Row]], threshold: float, *, quick: bool
) -> dict[int, float]:
    """F1 on half of the padded test articles after n labels from the other half (sites not used)."""
    seeds = (1,) if quick else (1, 2, 3)
    out: dict[int, list[float]] = {n: [] for n in NS}
    adaptive = []
    for seed in seeds:
        order = test[:]
        random.Random(seed).shuffle(order)
        half = len(order) // 2
        for a, b in ((order[:half], order[half:]), (order[half:], order[:half])):
            pool = reading_order(a, rows, random.Random(seed))
            held = [r for d in b for r in rows[d.doc_id]]
            for n in NS:
                learner = learned(base, pool[:n], sites=False)
                out[n].append(prf(triples(learner.model(), held, sites=False), threshold)[2])
                if n == NS[-1]:
                    adaptive.append(learner.mixture()[1])
    means = {n: _mean(v) for n, v in out.items()}
    print(
        "    learning, padded news (labels from half of the test articles, scored on the other half): "
        + ", ".join(f"{n}: {f:.3f}" for n, f in means.items())
        + f"; adaptive weight after {NS[-1]}: {_mean(adaptive):.2f}"
    )
    return means
