"""Re-anchoring quality and speed on revised real article texts (``python -m bench.reanchor``).

Each trial article is a real article body from ``../shared/data/aeb/ground-truth.json`` turned into
Sift's canonical text. Highlights are painted on it (sentences, short and long word runs), then the
text is revised by random edits aimed at the highlights: words inserted, deleted or replaced inside a
quote, typos, edits just outside it (inside its 32-char context), replacements straddling a boundary,
the whole highlight deleted or rewritten, its paragraph moved, its text copied into another
paragraph, paragraphs split, and edits far away. Every character carries its origin through the
edits, so for each highlight we know where its own characters went (the ground truth).

Classes (from the ground truth, not from the edit that was aimed):
  untouched   — the quote and its prefix/suffix survive as one unchanged run (it may have moved);
  context     — the quote survives unchanged, its context does not;
  small edit  — edits inside the quote, ≥ 75% of its characters survive, ≤ 25% new characters inside;
  large edit  — more of the quote changed than that;
  deleted     — none of the quote's characters survive.

Judging a result ``[s, e)``: the *true span* is from the first to the last surviving character of the
quote; characters in it are *covered* if they are the quote's own or were inserted inside it.
  wrong    — anchored although nothing survived, or more than SLACK characters of ``[s, e)`` are not
             covered (SLACK = max(4, 5% of the quote length): boundary slack for a replaced word);
  correct  — not wrong and ``[s, e)`` contains ≥ 80% of the covered characters (an ``exact`` result
             must equal the true span);
  partial  — not wrong, not correct (placed on too little of it); orphaned — no place given.
A place on an identical *twin* of the quote (another old copy of exactly the quote, moved into the
quote's own unchanged prefix and suffix) cannot be told apart from the quote: it counts as correct
and the report says how many there were (see :func:`twin`).
Every figure is over all the seeds in SEEDS (10,000 trials each); ``SIFT_BENCH_QUICK=1`` runs two
seeds of ~250 trials and a 5,000-word timing article.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reader.anchors import make_quote
from reader.blocks import blocks_from_text, canonical_text
from reader.reanchor import Anchor, AnchorOut, reanchor

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "aeb"
CLASSES = ("untouched", "context", "small edit", "large edit", "deleted")
_WORDS = re.compile(r"\w+")
_SPACE_BOUND = re.compile(r"(?<=\S)\s(?=\S)")


def quick() -> bool:
    """True when ``SIFT_BENCH_QUICK`` asks for a smoke-sized run."""
    return os.environ.get("SIFT_BENCH_QUICK", "") not in ("", "0")


def article_texts() -> list[str]:
    """Canonical texts of the benchmark's article bodies (sorted by page id; empty ones dropped)."""
    data = json.loads((DATA / "ground-truth.json").read_text("utf-8"))
    out = []
    for key in sorted(data):
        text = canonical_text(blocks_from_text(data[key].get("articleBody") or ""))
        if len(_WORDS.findall(text)) >= 60:
            out.append(text)
    return out


class Doc:
    """A text being edited, with each character's offset in the original text (-1 for inserted ones)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.size = len(text)
        self.origin = list(range(len(text)))

    def replace(self, i: int, j: int, s: str) -> None:
        """Replace current ``[i, j)`` by ``s`` (new characters have origin -1).

        Characters that the replacement leaves as they were at either end (``"taken for"`` ->
        ``"given for"`` keeps ``"n for"``) are not new: they keep their origin. Otherwise an edit
        that happens to retype the words it replaced would make unchanged text count as inserted.
        """
        old = self.text[i:j]
        p = 0
        while p < min(len(old), len(s)) and old[p] == s[p]:
            p += 1
        q = 0
        while q < min(len(old), len(s)) - p and old[len(old) - 1 - q] == s[len(s) - 1 - q]:
            q += 1
        self.text = self.text[:i] + s + self.text[j:]
        self.origin[i + p : j - q] = [-1] * (len(s) - p - q)

    def move(self, i: int, j: int, k: int) -> None:
        """Move current ``[i, j)`` to current offset ``k`` (outside it), keeping origins."""
        seg, org = self.text[i:j], self.origin[i:j]
        rest_t, rest_o = self.text[:i] + self.text[j:], self.origin[:i] + self.origin[j:]
        k = k if k <= i else k - (j - i)
        self.text = rest_t[:k] + seg + rest_t[k:]
        self.origin = rest_o[:k] + org + rest_o[k:]

    def where(self, start: int, end: int) -> tuple[int, int] | None:
        """Current span from the first to the last surviving character of original ``[start, end)``."""
        pos = self.positions()
        got = [pos[x] for x in range(start, end) if pos[x] >= 0]
        return (min(got), max(got) + 1) if got else None

    def positions(self) -> list[int]:
        """Original offset -> current offset (-1 if deleted)."""
        pos = [-1] * self.size
        for j, o in enumerate(self.origin):
            if o >= 0:
                pos[o] = j
        return pos


@dataclass
class Trial:
    """One highlight in one revised article, with its ground truth and result."""

    anchor: Anchor
    cls: str
    true: tuple[int, int] | None
    covered: set[int]
    result: AnchorOut | None = None
    verdict: str = ""
    twin: bool = False  # placed on an identical twin of the quote in the quote's own old context


def pick_highlights(rng: random.Random, text: str, n: int) -> list[tuple[int, int]]:
    """Random non-overlapping word-aligned spans inside single lines (sentences, short and long runs)."""
    spans: list[tuple[int, int]] = []
    lines, base = [], 0
    for line in text.split("\n"):
        lines.append((base, line))
        base += len(line) + 1
    taken = [False] * len(text)
    for _ in range(n * 6):
        if len(spans) >= n:
            break
        lb, line = rng.choice(lines)
        words = [(m.start() + lb, m.end() + lb) for m in re.finditer(r"\S+", line)]
        if len(words) < 2:
            continue
        kind = rng.random()
        size = 1 if kind < 0.1 else rng.randint(2, 4) if kind < 0.35 else rng.randint(5, 40)
        size = min(size, len(words))
        i = rng.randrange(len(words) - size + 1)
        s, e = words[i][0], words[i + size - 1][1]
        if any(taken[s:e]) or (s > 0 and taken[s - 1]) or (e < len(text) and taken[e]):
            continue
        taken[s:e] = [True] * (e - s)
        spans.append((s, e))
    return sorted(spans)


def _boundaries(text: str, i: int, j: int) -> list[int]:
    """Offsets of single spaces between words inside ``text[i:j]``."""
    return [m.start() for m in _SPACE_BOUND.finditer(text, i, j)]


def mutate(rng: random.Random, doc: Doc, spans: list[tuple[int, int]], pool: list[str]) -> None:
    """Apply one random scenario aimed at each highlight (or none), plus edits far away."""

    def words(k: int) -> str:
        return " ".join(rng.choice(pool) for _ in range(k))

    def differs(old: str, make) -> str:
        """New text from ``make()`` that is not ``old`` (an edit that changes nothing is no edit)."""
        new = make()
        for _ in range(20):
            if new != old:
                break
            new = make()
        return new

    plan = []
    for _span in spans:
        r = rng.random()
        plan.append(
            "none"
            if r < 0.3
            else rng.choice(
                (
                    "insert",
                    "delete",
                    "replace",
                    "typo",
                    "typo",
                    "near",
                    "near",
                    "boundary",
                    "delete_all",
                    "rewrite",
                    "move",
                    "move",
                    "duplicate",
                    "duplicate",
                    "split",
                )
            )
        )
    order = list(range(len(spans)))
    rng.shuffle(order)
    for idx in order:
        what, (s0, e0) = plan[idx], spans[idx]
        cur = doc.where(s0, e0)
        if cur is None or what == "none":
            continue
        s, e = cur
        t = doc.text
        inner = _boundaries(t, s, e)
        if what == "insert" and inner:
            b = rng.choice(inner)
            doc.replace(b, b + 1, " " + words(rng.randint(1, 3)) + " ")
        elif what == "delete" and len(inner) >= 3:
            k = rng.randrange(len(inner) - 1)
            doc.replace(inner[k], inner[k + 1], "")
        elif what == "replace" and len(inner) >= 2:
            k = rng.randrange(len(inner) - 1)
            doc.replace(
                inner[k] + 1, inner[k + 1], differs(t[inner[k] + 1 : inner[k + 1]], lambda: rng.choice(pool))
            )
        elif what == "typo" and e - s >= 6:
            p = rng.randrange(s + 1, e - 1)
            op = rng.randrange(3)
            doc.replace(p, p + (op != 0), "" if op == 2 else rng.choice("aeiourstnlx"))
        elif what == "near":
            if rng.random() < 0.5 and s > 2:
                p = rng.randrange(max(0, s - 32), s)
            else:
                p = rng.randrange(e, min(len(t), e + 32) + 1)
            op = rng.randrange(3)
            n = rng.randint(1, 12)
            doc.replace(p, min(len(t), p + (0 if op == 0 else n)), "" if op == 1 else " " + words(2) + " ")
        elif what == "boundary":
            n_in, n_out = rng.randint(1, max(1, min(6, (e - s) // 3))), rng.randint(1, 8)
            if rng.random() < 0.5:
                doc.replace(max(0, s - n_out), s + n_in, words(1) + " ")
            else:
                doc.replace(e - n_in, min(len(t), e + n_out), " " + words(1))
        elif what == "delete_all":
            doc.replace(s, e, "")
        elif what == "rewrite":
            n_words = max(1, len(_WORDS.findall(t[s:e])))
            doc.replace(s, e, differs(t[s:e], lambda n=n_words: words(n)))
        elif what == "move":
            ls, le = t.rfind("\n", 0, s) + 1, t.find("\n", e)
            le = len(t) if le < 0 else le + 1
            cuts = [m.end() for m in re.finditer("\n", t) if not ls <= m.end() <= le]
            if cuts and le <= len(t) and t[le - 1 : le] == "\n":
                doc.move(ls, le, rng.choice(cuts))
        elif what == "duplicate":  # the copy never includes another highlight's characters
            a, b = max(0, s - rng.randint(0, 40)), min(len(t), e + rng.randint(0, 40))
            others = [x for k, x in enumerate(_live_edges(doc, spans)) if k // 2 != idx]
            a = max([a] + [x + 1 for x in others if x < s])
            b = min([b] + [x for x in others if x >= e])
            copy = t[a:b].replace("\n", " ")
            lines = [m.end() for m in re.finditer("\n", t) if not a - 200 <= m.end() <= b + 200]
            if lines:
                p = rng.choice(lines)
                doc.replace(p, p, copy.strip() + " " + words(rng.randint(0, 3)) + "\n")
        elif what == "split":
            bounds = _boundaries(t, max(0, s - 60), min(len(t), e + 60))
            if bounds:
                b = rng.choice(bounds)
                doc.replace(b, b + 1, "\n")
    for _ in range(3):  # edits far from every highlight
        t = doc.text
        p = rng.randrange(len(t) + 1)
        if all(abs(p - x) > 80 for x in _live_edges(doc, spans) if x >= 0):
            doc.replace(p, min(len(t), p + rng.randint(0, 10)), " " + words(rng.randint(0, 4)) + " ")


def _live_edges(doc: Doc, spans: list[tuple[int, int]]) -> list[int]:
    """Current offsets of the first and last characters of each highlight (-1 where deleted)."""
    pos = doc.positions()
    return [pos[x] for s, e in spans for x in (s, e - 1)]


def judge(doc: Doc, old: str, spans: list[tuple[int, int]]) -> list[Trial]:
    """Classify each highlight by where its characters went."""
    pos, new = doc.positions(), doc.text
    trials = []
    for s, e in spans:
        exact, prefix, suffix = make_quote(old, s, e)
        a = Anchor(s, e, exact, prefix, suffix)
        got = [pos[x] for x in range(s, e) if pos[x] >= 0]
        if not got:
            trials.append(Trial(a, "deleted", None, set()))
            continue
        ts, te = min(got), max(got) + 1
        covered = {j for j in range(ts, te) if doc.origin[j] == -1 or s <= doc.origin[j] < e}
        own = {j for j in range(ts, te) if s <= doc.origin[j] < e}
        intact = len(got) == e - s and te - ts == e - s and new[ts:te] == exact
        if intact:
            lo, hi = ts - len(prefix), te + len(suffix)
            ctx_ok = lo >= 0 and all(
                doc.origin[j] == s - len(prefix) + (j - lo) for j in range(lo, min(hi, len(new)))
            )
            ctx_ok = ctx_ok and hi <= len(new) and new[lo:hi] == prefix + exact + suffix
            cls = "untouched" if ctx_ok else "context"
        elif len(own) >= 0.75 * (e - s) and len(covered) - len(own) <= 0.25 * (e - s):
            cls = "small edit"
        else:
            cls = "large edit"
        trials.append(Trial(a, cls, (ts, te), covered))
    return trials


def verdict(t: Trial) -> str:
    """correct / partial / wrong / orphaned for one trial's result (definitions in the module docstring)."""
    r = t.result
    assert r is not None
    if r.status == "orphaned" or r.start is None or r.end is None:
        return "orphaned"
    if t.true is None:
        return "wrong"
    slack = max(4, len(t.anchor.exact) // 20)
    outside = sum(1 for j in range(r.start, r.end) if j not in t.covered)
    if outside > slack:
        return "wrong"
    if r.status == "exact":
        return "correct" if (r.start, r.end) == t.true else "partial"
    inside = (r.end - r.start) - outside
    return "correct" if inside >= 0.8 * len(t.covered) else "partial"


def twin(doc: Doc, old: str, t: Trial) -> bool:
    """True if a place is on an identical twin of the quote that now stands in the quote's own context.

    Repetitive pages hold identical lines ("Available from Amazon", a sign-off); when revisions move
    one away and another into its place, the text there reads exactly as before: the prefix and
    suffix are the quote's own, and every placed character is a character of another old copy of
    exactly the quote. Nothing in the text tells the two apart, so such a place is not wrong.
    """
    r, a, new = t.result, t.anchor, doc.text
    if r is None or r.start is None or r.end is None or r.end <= r.start:
        return False
    s, e = r.start, r.end
    if new[max(0, s - len(a.prefix)) : s] != a.prefix or new[e : e + len(a.suffix)] != a.suffix:
        return False
    org = doc.origin[s:e]
    if min(org) < 0 or org != sorted(org):
        return False
    o = old.find(a.exact)
    while o >= 0:
        if o != a.start and o <= org[0] and org[-1] < o + len(a.exact):
            return True
        o = old.find(a.exact, o + 1)
    return False


def run_trials(target: int, seed: int = 7) -> list[Trial]:
    """Revise real articles until ``target`` highlight trials are judged."""
    rng = random.Random(seed)
    texts = article_texts()
    trials: list[Trial] = []
    while len(trials) < target:
        old = rng.choice(texts)
        pool = _WORDS.findall(old)
        spans = pick_highlights(rng, old, min(24, max(3, len(old) // 250)))
        doc = Doc(old)
        mutate(rng, doc, spans, pool)
        batch = judge(doc, old, spans)
        results = reanchor(old, doc.text, [t.anchor for t in batch])
        for t, r in zip(batch, results, strict=True):
            t.result = r
            t.verdict = verdict(t)
            if t.verdict == "wrong" and twin(doc, old, t):
                t.verdict, t.twin = "correct", True
        trials.extend(batch)
    return trials


def big_article(words: int) -> str:
    """One long canonical text made of whole articles, at least ``words`` \\w+ words."""
    parts, n = [], 0
    for text in article_texts():
        parts.append(text)
        n += len(_WORDS.findall(text))
        if n >= words:
            break
    return "\n".join(parts)


def timing(words: int, count: int) -> None:
    """Time re-anchoring ``count`` highlights on a ``words``-word article after a typical revision."""
    rng = random.Random(11)
    old = big_article(words)
    spans = pick_highlights(rng, old, count)
    pool = _WORDS.findall(old)
    doc = Doc(old)
    for _ in range(60):  # a revision: scattered edits and a few moved paragraphs
        t = doc.text
        p = rng.randrange(len(t))
        doc.replace(p, min(len(t), p + rng.randint(0, 20)), " " + " ".join(rng.sample(pool, 3)) + " ")
    for _ in range(3):
        t = doc.text
        cuts = [m.end() for m in re.finditer("\n", t)]
        i = rng.randrange(len(cuts) - 1)
        doc.move(cuts[i], cuts[i + 1], rng.choice(cuts[:i] or [0]))
    anchors = [Anchor(s, e, *make_quote(old, s, e)) for s, e in spans]
    edited = Doc(old)  # worst case: every quote edited
    for s, e in reversed(spans):
        mid = (s + e) // 2
        edited.replace(mid, mid, "x")

    def best(fn) -> float:
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return min(times)

    new = doc.text
    base = best(lambda: [new.find(a.exact) for a in anchors])
    typical = best(lambda: reanchor(old, new, anchors))
    worst = best(lambda: reanchor(old, edited.text, anchors))
    n_words = len(_WORDS.findall(old))
    print(f"timing: {len(anchors)} highlights on a {n_words}-word article ({len(old)} chars)")
    print(f"  typical revision (60 edits, 3 paragraph moves): {typical * 1000:.0f} ms  (target <= 1000 ms)")
    print(f"  every quote edited: {worst * 1000:.0f} ms")
    print(f"  baseline, bare str.find of each quote: {base * 1000:.1f} ms  -> ratio {typical / base:.1f}x")
    end_to_end(old, new, spans)


def end_to_end(old: str, new: str, spans: list[tuple[int, int]]) -> None:
    """Time ``reader.versions.refresh_article`` (diff, re-anchoring and the writes, one transaction)."""
    import tempfile

    from reader.models import ArticleContent
    from reader.store import Library
    from reader.versions import refresh_article

    def content(text: str) -> ArticleContent:
        return ArticleContent(blocks_from_text(text.replace("\n", "\n\n")), title="Timing")

    with tempfile.TemporaryDirectory() as tmp, Library(Path(tmp) / "timing.db") as lib:
        art = lib.add_article(content(old))
        assert art.text == old
        with lib.transaction():
            for s, e in spans:
                lib.paint(art.id, s, e, "fact")
        t0 = time.perf_counter()
        result = refresh_article(lib, art.id, content(new))
        took = time.perf_counter() - t0
    print(
        f"  refresh_article end to end (library writes included): {took * 1000:.0f} ms "
        f"({result.exact} exact, {result.fuzzy} fuzzy, {result.orphaned} orphaned)"
    )


def headline(trials: list[Trial]) -> tuple[int, float, float]:
    """Wrong anchors, % exact for untouched highlights and % correct for small edits."""
    un = [t for t in trials if t.cls == "untouched"]
    small = [t for t in trials if t.cls == "small edit"]
    ex = sum(1 for t in un if t.result and t.result.status == "exact" and t.verdict == "correct")
    ok = sum(1 for t in small if t.verdict == "correct")
    wrong = sum(1 for t in trials if t.verdict == "wrong")
    return wrong, 100 * ex / max(1, len(un)), 100 * ok / max(1, len(small))


def report(trials: list[Trial], seeds: tuple[int, ...]) -> None:
    """Print the figures the issue asks for, per ground-truth class, over every seed's trials."""
    by = {c: [t for t in trials if t.cls == c] for c in CLASSES}
    print(f"trials: {len(trials)} highlights, seeds {', '.join(map(str, seeds))}")
    heads = ("exact", "fuzzy", "orphan", "correct", "partial")
    print(f"{'class':<11} {'n':>6} " + " ".join(f"{h:>8}" for h in heads) + f" {'wrong':>6}")
    for c in CLASSES:
        ts = by[c]
        if not ts:
            continue
        st = Counter(t.result.status for t in ts if t.result)
        vd = Counter(t.verdict for t in ts)
        n = len(ts)
        shares = (st["exact"], st["fuzzy"], st["orphaned"], vd["correct"], vd["partial"])
        print(f"{c:<11} {n:>6} " + " ".join(f"{100 * k / n:>7.1f}%" for k in shares) + f" {vd['wrong']:>6}")
    wrong, exact, small = headline(trials)
    orphans = sum(1 for t in trials if t.verdict == "orphaned")
    twins = sum(1 for t in trials if t.twin)
    print(f"exact for untouched quote+context: {exact:.2f}%  (target >= 99%)")
    print(f"correct for small edits inside the quote: {small:.2f}%  (target >= 95%)")
    print(f"wrong anchors: {wrong} of {len(trials)} over {len(seeds)} seeds  (target 0)")
    print(f"orphan rate: {100 * orphans / len(trials):.2f}% overall")
    print(f"placed on an identical twin in the quote's own context (counted correct): {twins}")


SEEDS = (7, 3, 11, 31)  # 7 was used while the rules were developed; 3, 11 and 31 were held out at first


def main() -> None:
    """Run the trials on every seed and the timing, and print the figures."""
    per_seed = 250 if quick() else 10_000
    seeds = SEEDS[:2] if quick() else SEEDS
    trials: list[Trial] = []
    for seed in seeds:
        t0 = time.perf_counter()
        batch = run_trials(per_seed, seed=seed)
        wrong, exact, small = headline(batch)
        print(
            f"seed {seed}: {len(batch)} trials, wrong anchors {wrong}; exact for untouched {exact:.2f}%; "
            f"correct for small edits {small:.2f}%  ({time.perf_counter() - t0:.1f} s)",
            flush=True,
        )
        trials += batch
    report(trials, seeds)
    if quick():
        timing(5_000, 250)
    else:
        timing(20_000, 1_000)


if __name__ == "__main__":
    main()
