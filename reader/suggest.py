"""Offline fact/filler suggestions: every sentence of an article gets P(filler) and the reasons behind it.

``suggest(text)`` segments the canonical text with :func:`reader.sentences.sentence_spans`, reads the
information signals of each sentence (names, numbers, sources, quotes, restatement of earlier sentences,
stock phrases, speculation, position) and scores them with a small linear :class:`Model` — the shipped
default, or the reader's own (see :mod:`reader.suggest_learn` and :mod:`reader.suggest_store`). Meta
sentences — headlines, headings, bylines, datelines, captions, share/subscribe prompts — are not judged:
they are left out unless ``include_meta=True``, in which case they come back with label ``"meta"`` and
score 0. The analysis of the last few texts is cached, so re-scoring an article after a correction is cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from reader.blocks import Block
from reader.sentences import sentence_spans
from reader.suggest_examples import Example, gram_keys, make_example, site_key
from reader.suggest_features import SentenceInfo, analyze, evidence
from reader.suggest_model import Model, sigmoid

_META_START = re.compile(
    r"^\W*(?:by\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*$|"
    r"(?:photo|photograph|image|picture|video|credit|caption|graphic|illustration|cover image)s?\s*"
    r"(?::|by\b|credit|courtesy)|source:|read more|read the (?:original|full)|related:|"
    r"see also|see tweets?|advertisement|sponsored|share (?:this|on)|subscribe|sign up|follow us|click here|"
    r"story continues|continue reading|this article (?:was|has been|originally)|originally published|"
    r"more information:|more info:|doi:|all rights reserved|copyright|©|ftc:|tested by:|updated:|"
    r"published:|posted:|filed under|tags?:|comments?:|reporting by|editing by|additional reporting|"
    r"visit\s+\S+(?:\s+\S+)?\s+homepage|provided by|corrections?\b[^.]{0,30}:|disclaimer|"
    r"follow (?:us|[\w.]+(?: [\w.]+){0,2}) on|read (?:our|more|the rest)|tickets?(?: details)?:|"
    r"(?:this|the) (?:\w+ ){0,3}is sponsored by)",
    re.IGNORECASE,
)
_TWEET_SIGNATURE = re.compile(r"^[—–-]\s*.{1,80}\(@\w+\)\s*\w+\s+\d{1,2},\s+\d{4}$")
_DATELINE_ONLY = re.compile(r"^[A-Z][A-Z .,'’()-]{2,60}(?:\s*\((?:AP|Reuters|AFP|CNN|UPI)\))?\s*[—–-]?\s*$")
_LETTERS = re.compile(r"[A-Za-z]{2,}")

# Human-readable reason for a feature pushing towards filler (+) or fact (-).
_REASONS_FILLER = {
    "bare": "no names, numbers or sources",
    "no_names": "no names",
    "no_new_specific": "nothing specific that is new",
    "low_novel": "mostly words already used above",
    "question": "rhetorical question",
    "imperative": "call to action",
    "second_person": "addresses the reader",
    "first_person": "writer's own view",
    "summary_opener": "summary opener",
    "comment_opener": "commentary opener",
    "anaphoric": "comments on something already reported",
    "last_para": "in the closing paragraph",
    "exclaim": "exclamation",
    "doc_fluff": "the article around it is mostly commentary",
    "para_fluff": "the paragraph around it is mostly commentary",
    "present_only": "generic present tense",
}
_REASONS_FACT = {
    "attrib": "attributed to a source",
    "quote": "quotation",
    "quoted_share": "quotation",
    "money": "money amount",
    "percent": "percentage",
    "year": "year",
    "date": "date",
    "new_specific": "new names or figures",
    "long": "long, detailed sentence",
    "past": "reports what happened",
}


@dataclass
class Suggestion:
    """A proposal for one sentence: offsets into the canonical text, label, P(filler) and reasons."""

    start: int
    end: int
    label: str  # "fact" | "filler" ("meta" only with include_meta=True)
    score: float  # P(filler)
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The JSON shape used by ``sift suggest --json``."""
        return {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "score": round(self.score, 4),
            "reasons": list(self.reasons),
        }


def _meta_spans(text: str, blocks: Sequence[Block] | None) -> list[tuple[int, int]]:
    """Offsets of whole blocks that are meta by kind (headings, figures) when blocks are known."""
    if not blocks:
        return []
    out = []
    pos = 0
    for block in blocks:
        if block.kind in ("heading", "figure"):
            out.append((pos, pos + len(block.text)))
        pos += len(block.text) + 1
    return out


def is_meta(sentence: str, *, whole_line: bool) -> bool:
    """True for headlines, headings, bylines, datelines, captions and share/subscribe prompts."""
    s = sentence.strip()
    if not _LETTERS.search(s):
        return True
    if _META_START.search(s) or _TWEET_SIGNATURE.match(s) or s.startswith("#"):
        return True
    if whole_line:
        words = s.split()
        if _DATELINE_ONLY.match(s) and len(words) <= 6:
            return True
        if len(words) <= 14 and not re.search(r"[.!?…:\"”’)]$", s):
            return True  # a headline or heading: a short line without closing punctuation
        if len(words) <= 12 and s.endswith(":"):
            return True  # a heading introducing a list
        caps = [w for w in words if w[:1].isupper()]
        if len(words) >= 3 and len(caps) / len(words) > 0.8 and not s.endswith((".", "?", "!")):
            return True
    return False


def _fmt(items: Iterable[str], limit: int = 3) -> str:
    seen: list[str] = []
    for it in items:
        if it not in seen:
            seen.append(it)
    return ", ".join(seen[:limit])


def _opening(text: str, words: int = 4) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _reasons(
    info: SentenceInfo,
    model: Model,
    feats: dict[str, float],
    score: float,
    infos: Sequence[SentenceInfo],
    learned: float = 0.0,
) -> list[str]:
    """Up to four short, human-readable reasons for the score (sentence numbers count from 1).

    ``learned`` is the share of the log-odds that the user's labels added to the default's.
    """
    ev = evidence(info.text, info.context)
    out: list[str] = []
    filler_side = score >= model.threshold
    if learned >= 0.5 and filler_side:
        out.append("like sentences you marked as filler")
    elif learned <= -0.5 and not filler_side:
        out.append("like sentences you marked as fact")
    if filler_side:
        if ev["stock"]:
            out.append("stock phrase: " + _fmt(ev["stock"], 2))
        if info.repeats is not None:
            earlier = infos[info.repeats].text
            out.append(f"repeats sentence {info.repeats + 1} (“{_opening(earlier)}”)")
        if ev["speculation"] and feats.get("spec"):
            out.append("speculation: " + _fmt(ev["speculation"]))
        if ev["significance"] and feats.get("signif"):
            out.append("vague significance: " + _fmt(ev["significance"]))
        if ev["cliche"] and not ev["stock"]:
            out.append("cliché: " + _fmt(ev["cliche"], 2))
    else:
        if info.names:
            out.append("names: " + _fmt(info.names))
        if info.numbers:
            out.append("figures: " + _fmt(info.numbers))
        if ev["attribution"]:
            out.append("source: " + _fmt(ev["attribution"], 2))
    table = _REASONS_FILLER if filler_side else _REASONS_FACT
    for name, value in model.contributions(feats):
        if len(out) >= 4:
            break
        if (value > 0) != filler_side or name not in table:
            continue
        text = table[name]
        if name == "bare" and (info.names or info.numbers):
            continue
        if name == "attrib" and any(r.startswith("source:") for r in out):
            continue
        if text not in out:
            out.append(text)
    if not out:
        out.append("mostly generic wording" if filler_side else "specific wording")
    return out[:4]


def analyze_text(text: str, *, blocks: Sequence[Block] | None = None) -> list[tuple[SentenceInfo, bool]]:
    """Every sentence with its evidence, and whether it is meta (not judged); cached for recent texts."""
    return _analyzed(text, tuple(_meta_spans(text, blocks)))


@lru_cache(maxsize=8)
def _analyzed(text: str, meta_blocks: tuple[tuple[int, int], ...]) -> list[tuple[SentenceInfo, bool]]:
    spans = sentence_spans(text)
    infos = analyze(text, spans)
    out = []
    for info in infos:
        line_start = text.rfind("\n", 0, info.start) + 1
        line_end = text.find("\n", info.end)
        line_end = len(text) if line_end < 0 else line_end
        whole = text[line_start:line_end].strip() == info.text
        meta = is_meta(info.text, whole_line=whole) or any(a <= info.start < b for a, b in meta_blocks)
        out.append((info, meta))
    return out


def suggest(
    text: str,
    *,
    model: Model | None = None,
    blocks: Sequence[Block] | None = None,
    include_meta: bool = False,
    site: str | None = None,
) -> list[Suggestion]:
    """One :class:`Suggestion` per judged sentence of the canonical ``text``, in text order.

    ``site`` (the article's source, see :func:`reader.sites.site_of`) lets a learned model use what the user
    taught it about that source.
    """
    model = model or default_model()
    out: list[Suggestion] = []
    analyzed = analyze_text(text, blocks=blocks)
    skey = site_key(site)
    infos = [info for info, _ in analyzed]
    for info, meta in analyzed:
        if meta:
            if include_meta:
                out.append(
                    Suggestion(info.start, info.end, "meta", 0.0, ["headline, byline, caption or prompt"])
                )
            continue
        feats = model.featurize(info.text, info.context)
        keys = gram_keys(info.text) if model.sparse else ()
        score = sigmoid(model.logit(feats, keys, skey))
        learned = model.learned_logit(feats, keys, skey)
        label = "filler" if score >= model.threshold else "fact"
        reasons = _reasons(info, model, feats, score, infos, learned)
        out.append(Suggestion(info.start, info.end, label, score, reasons))
    return out


_DEFAULT: Model | None = None


def default_model() -> Model:
    """The shipped default model (shared, never updated in place: copy it before learning)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Model()
    return _DEFAULT


def examples_from_labels(
    text: str,
    labelled: Iterable[tuple[int, int, str]],
    *,
    min_cover: float = 0.6,
    blocks: Sequence[Block] | None = None,
    site: str | None = None,
    group: str = "",
) -> list[tuple[int, int, Example]]:
    """Training examples, with their sentence spans, from labelled spans of one article.

    ``labelled`` holds highlights or accepted/rejected suggestions as ``(start, end, label)``. A sentence
    becomes an example when one of ``fact``/``filler`` covers at least ``min_cover`` of its non-space
    characters; meta sentences and other labels are ignored. A rejected suggestion is the span of its
    sentence with the other label (a rejected ``filler`` proposal is ``(start, end, "fact")``). ``site``
    and ``group`` (the article, e.g. its text hash) go into the examples.
    """
    spans = [(a, b, lab) for a, b, lab in labelled if lab in ("fact", "filler")]
    if not spans:
        return []
    model = default_model()
    out: list[tuple[int, int, Example]] = []
    for info, meta in analyze_text(text, blocks=blocks):
        if meta:
            continue
        if not any(a < info.end and b > info.start for a, b, _ in spans):
            continue
        size = sum(1 for c in info.text if not c.isspace()) or 1
        cover = {"fact": 0, "filler": 0}
        for a, b, lab in spans:
            lo, hi = max(a, info.start), min(b, info.end)
            if hi > lo:
                cover[lab] += sum(1 for c in text[lo:hi] if not c.isspace())
        label = max(cover, key=lambda k: cover[k])
        if cover[label] / size >= min_cover:
            feats = model.featurize(info.text, info.context)
            out.append((info.start, info.end, make_example(feats, info.text, label, site=site, group=group)))
    return out
