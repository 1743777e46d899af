"""Signals about information for each sentence: names, numbers, sources, quotes, restatement, stock phrases.

:func:`analyze` reads a whole canonical text once and returns one :class:`SentenceInfo` per sentence. Each
carries its *context* (position, novelty and similarity to earlier sentences: numbers that only the article
can give) and the evidence used for tooltips. :func:`features` turns a sentence text plus its context into
the sparse feature dict the linear model scores, so a user's correction can be stored as (text, context,
label) and re-featurized later.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from reader import suggest_lexicon as lex

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]|\d(?:[\d,.:/]*\d)?")
_MONEY = re.compile(
    r"[$€£¥₹]\s?\d|\b\d[\d,.]*\s?(?:million|billion|trillion|bn|m)\b|\b(?:usd|eur|gbp)\b", re.I
)
_PERCENT = re.compile(r"\d\s?%|\bper\s?cent\b|\bpercent(?:age)?\b", re.I)
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:1[6-9]|20)\d\d(?:s)?\b")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")
_OPEN_Q = "“«"
_CLOSE_Q = "”»"
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,6}s?$")
_URLISH = re.compile(r"https?://|www\.|@\w|#\w|\.com\b", re.I)


@dataclass
class SentenceInfo:
    """One sentence of an article with its evidence and context."""

    index: int
    start: int
    end: int
    text: str
    context: dict[str, float]
    names: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    repeats: int | None = None  # index of the earlier sentence this one most resembles, if close


def _stem(word: str) -> str:
    """A crude stem so 'departure'/'departures' and "OpenAI's"/'OpenAI' compare equal."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _strip_quotes(text: str, quote_open: bool) -> tuple[str, bool, bool]:
    """Text outside quotations, whether any quotation was present, and whether a quote stays open after."""
    had = False
    if quote_open:
        close = min((i for i in (text.find(c) for c in _CLOSE_Q + '"') if i >= 0), default=-1)
        if close < 0:
            return "", True, True
        text = text[close + 1 :]
        had = True
    outside = _QUOTED.sub(" ", text)
    had = had or outside != text
    still_open = False
    for c in _OPEN_Q:
        if c in outside:
            outside = outside[: outside.index(c)]
            had = still_open = True
    if outside.count('"') % 2 == 1:
        outside = outside[: outside.index('"')]
        had = still_open = True
    for c in _CLOSE_Q:
        if c in outside:  # the end of a quotation that began in an earlier sentence
            outside = outside[outside.rindex(c) + 1 :]
            had = True
    return outside, had, still_open


def _attributed(toks: list[str]) -> bool:
    lower = [t.lower() for t in toks]
    return not lex.ATTRIBUTION_WORDS.isdisjoint(lower) or bool(lex.ATTRIBUTION_PHRASES.find(lower))


def tokens(text: str) -> list[str]:
    """Word and number tokens of ``text``."""
    return _TOKEN.findall(text)


def _names_numbers(text: str, known_names: set[str] | None) -> tuple[list[str], list[str]]:
    """Names (runs of capitalized words mid-sentence, acronyms) and number tokens of one sentence.

    A capitalized first word counts only when ``known_names`` (words seen capitalized mid-sentence elsewhere
    in the article) contains it; pass None to never count it.
    """
    names: list[str] = []
    numbers: list[str] = []
    run_end = -1
    matches = list(_TOKEN.finditer(text))
    for i, m in enumerate(matches):
        tok = m.group(0)
        c = tok[0]
        is_name = False
        if c.isdigit():
            numbers.append(tok)
        elif tok.lower() in lex.NUMBER_WORDS:
            numbers.append(tok.lower())
        elif c.isupper():
            if _ACRONYM.match(tok) and tok not in ("I", "A", "OK"):
                is_name = True
            elif tok in lex.NOT_NAMES or tok.lower() in lex.WEEKDAYS or tok.lower() in lex.MONTHS:
                is_name = False
            elif i == 0:
                nxt = matches[1] if len(matches) > 1 else None
                is_name = known_names is not None and (
                    tok in known_names  # seen capitalized mid-sentence elsewhere in the article
                    or (
                        nxt is not None
                        and nxt.start() == m.end() + 1
                        and nxt.group(0)[0].isupper()
                        and nxt.group(0) not in lex.NOT_NAMES
                    )  # first word of a longer name
                )
            else:
                is_name = len(tok) > 1
        if is_name:
            if names and m.start() == run_end + 1 and text[run_end] == " ":
                names[-1] += " " + tok
            else:
                names.append(tok)
            run_end = m.end()
    return names, numbers


def _content(toks: list[str]) -> list[str]:
    return [_stem(t) for t in toks if len(t) > 2 and t.lower() not in lex.STOPWORDS and not t[0].isdigit()]


def _unit(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / norm for k, v in vec.items()} if norm else vec


def analyze(text: str, spans: Sequence[tuple[int, int]]) -> list[SentenceInfo]:
    """Evidence and context for every sentence span of the canonical ``text``."""
    sents = [text[a:b] for a, b in spans]
    toks = [tokens(s) for s in sents]
    # words capitalized mid-sentence, outside title-case lines (headlines capitalize everything)
    known_names = {
        t for ts in toks if sum(x[:1].isupper() for x in ts) * 2 < len(ts) for t in ts[1:] if t[:1].isupper()
    }
    paras = [text.count("\n", 0, a) for a, _ in spans]
    para_ids = sorted(set(paras))
    para_rank = {p: i for i, p in enumerate(para_ids)}
    n = len(spans)
    n_paras = len(para_ids)
    contents = [_content(ts) for ts in toks]
    df: dict[str, int] = {}
    for c in contents:
        for w in set(c):
            df[w] = df.get(w, 0) + 1
    vecs = []
    for c in contents:
        tf: dict[str, float] = {}
        for w in c:
            tf[w] = tf.get(w, 0.0) + 1.0
        vecs.append(_unit({w: v * math.log((n + 1) / df[w]) for w, v in tf.items()}))
    seen_content: set[str] = set()
    seen_specific: set[str] = set()
    infos: list[SentenceInfo] = []
    quote_open = False
    prev_para = -1
    informative: list[float] = []
    fluff: list[float] = []
    postings: dict[str, list[tuple[int, float]]] = {}
    for i, (a, b) in enumerate(spans):
        if paras[i] != prev_para:
            quote_open = False
            prev_para = paras[i]
        outside, had_quote, quote_open = _strip_quotes(sents[i], quote_open)
        names, numbers = _names_numbers(sents[i], known_names)
        specific = (
            {_stem(w) for x in names for w in x.split()}
            | {x for x in numbers if not x.isalpha()}
            | {
                t.lower()
                for t in toks[i]
                if t[0].isupper() and (t.lower() in lex.MONTHS or t.lower() in lex.WEEKDAYS)
            }
        )
        new_specific = specific - seen_specific
        content = set(contents[i])
        novel = (len(content - seen_content) / len(content)) if content else 0.0
        dots: dict[int, float] = {}
        shared: dict[int, int] = {}
        for w, v in vecs[i].items():
            for j, vj in postings.get(w, ()):
                dots[j] = dots.get(j, 0.0) + v * vj
                shared[j] = shared.get(j, 0) + 1
        best_j = max(dots, key=dots.__getitem__) if dots else None
        best = dots[best_j] if best_j is not None else 0.0
        contain_j = max(shared, key=shared.__getitem__) if shared else None
        contain = shared[contain_j] / len(vecs[i]) if contain_j is not None and len(vecs[i]) >= 4 else 0.0
        for w, v in vecs[i].items():
            postings.setdefault(w, []).append((i, v))
        rank = para_rank[paras[i]]
        context = {
            "pos": i / (n - 1) if n > 1 else 0.0,
            "first": 1.0 if i == 0 else 0.0,
            "last_para": 1.0 if n_paras >= 3 and rank == n_paras - 1 else 0.0,
            "novel": novel,
            "new_specific": float(len(new_specific)),
            "max_sim": best,
            "contain": contain,
            "quote_ctx": 1.0 if had_quote else 0.0,
            "outside_words": float(len(tokens(outside))),
            "outside_question": 1.0 if outside.rstrip(" )’'\"”").endswith("?") else 0.0,
            "names": float(sum(len(x.split()) for x in names)),
            "numbers": float(len(numbers)),
        }
        informative.append(1.0 if new_specific or had_quote or _attributed(toks[i]) else 0.0)
        ev = _evidence(sents[i], int(context["outside_words"]))[0]
        fluff.append(1.0 if _fluffy(ev, bool(context["outside_question"])) else 0.0)
        info = SentenceInfo(i, a, b, sents[i], context, names, numbers)
        if contain >= 0.75 and not new_specific:
            info.repeats = contain_j
        elif best >= 0.45 and best_j is not None and not new_specific:
            info.repeats = best_j
        infos.append(info)
        seen_content |= content
        seen_specific |= specific
    _neighbourhood(infos, paras, {"info": informative, "fluff": fluff})
    return infos


def _neighbourhood(infos: list[SentenceInfo], paras: list[int], signals: dict[str, list[float]]) -> None:
    """Add, per signal, its mean over the other sentences of the article, the paragraph and the neighbours."""
    n = len(infos)
    by_para: dict[int, list[int]] = {}
    for i, p in enumerate(paras):
        by_para.setdefault(p, []).append(i)
    for name, values in signals.items():
        total = sum(values)
        for i, info in enumerate(infos):
            doc = (total - values[i]) / (n - 1) if n > 1 else 0.5
            others = [values[j] for j in by_para[paras[i]] if j != i]
            near = [values[j] for j in (i - 1, i + 1) if 0 <= j < n]
            info.context[f"doc_{name}"] = doc
            info.context[f"para_{name}"] = sum(others) / len(others) if others else doc
            info.context[f"near_{name}"] = sum(near) / len(near) if near else doc


def _fluffy(ev: dict[str, list[str]], question: bool) -> bool:
    """Whether a sentence shows any commentary signal (stock phrase, speculation, significance, ...)."""
    keys = ("stock", "cliche", "summary", "comment", "anaphoric", "speculation", "significance", "imperative")
    return question or any(ev[k] for k in keys)


_PHRASE_SETS = {"stock": lex.STOCK_PHRASES, "cliche": lex.CLICHES, "attribution": lex.ATTRIBUTION_PHRASES}


def evidence(text: str, context: dict[str, float]) -> dict[str, list[str]]:
    """The matched words/phrases of each lexical signal in one sentence (for features and tooltips)."""
    return _evidence(text, int(context.get("outside_words", -1)))[0]


@lru_cache(maxsize=4096)
def _evidence(
    text: str, words_out: int
) -> tuple[dict[str, list[str]], list[str], tuple[bool, bool, bool, bool, bool, bool]]:
    toks = tokens(text)
    lower = [t.lower().replace("’", "'") for t in toks]
    if words_out < 0:
        words_out = len(toks)
    words = set(lower)

    def hits(vocab: frozenset[str]) -> list[str]:
        inter = words & vocab
        return sorted(inter, key=lower.index) if inter else []

    speculation = hits(lex.SPECULATION)
    if "may" in speculation and "may" not in toks:  # only "May" the month
        speculation.remove("may")
    found: dict[str, list[str]] = {
        "speculation": speculation,
        "significance": hits(lex.SIGNIFICANCE),
        "generic": hits(lex.GENERIC_NOUNS),
        "first_person": hits(lex.FIRST_PERSON) if words_out else [],
        "second_person": hits(lex.SECOND_PERSON) if words_out else [],
        "attribution": hits(lex.ATTRIBUTION_WORDS),
    }
    past = len(words & lex.PAST_IRREGULAR) + sum(
        1 for w in words if len(w) > 4 and w[-2:] == "ed" and w not in lex.ED_NOT_PAST
    )
    present = len(words & lex.PRESENT_GENERIC)
    phrases = lex.PhraseSet.find_tagged(_PHRASE_SETS, lower)
    found["attribution"] = phrases["attribution"] + found["attribution"]
    found["stock"] = phrases["stock"]
    found["cliche"] = phrases["cliche"]
    first_word = lower[0] if lower else ""
    found["summary"] = [m.group(0).strip() for m in [lex.SUMMARY_OPENERS.match(text)] if m]
    found["comment"] = [m.group(0).strip() for m in [lex.COMMENT_OPENERS.match(text)] if m]
    found["anaphoric"] = [m.group(0).strip() for m in [lex.ANAPHORIC_SUBJECT.match(text)] if m]
    found["imperative"] = [first_word] if first_word in lex.IMPERATIVES and words_out > 0 else []
    found["tense"] = ["past"] * past + ["present"] * present
    months = words & lex.MONTHS
    dated = bool(words & lex.WEEKDAYS) or bool(
        months and any(t[0].isupper() and t.lower() in months for t in toks)
    )
    has_digit = _DIGIT.search(text) is not None
    flags = (
        has_digit and _YEAR.search(text) is not None,
        dated,
        (has_digit or not words.isdisjoint(("usd", "eur", "gbp"))) and _MONEY.search(text) is not None,
        ("%" in text or not words.isdisjoint(("percent", "percentage", "cent")))
        and _PERCENT.search(text) is not None,
        any(c in text for c in "@#/.") and _URLISH.search(text) is not None,
        text.rstrip(" ”\"'’)").endswith("!"),
    )
    return found, lower, flags


def _log(x: float) -> float:
    return math.log1p(x)


def features(text: str, context: dict[str, float], *, words: bool = True) -> dict[str, float]:
    """The sparse feature dict of one sentence given its context (see :func:`analyze`)."""
    ev, lower, (year, dated, money, percent, url, exclaim) = _evidence(
        text, int(context.get("outside_words", -1))
    )
    n = len(lower)
    get = context.get
    quote = get("quote_ctx", 0.0)
    outside_share = min(1.0, get("outside_words", n) / n) if n else 1.0
    if "names" in context:
        n_names, n_nums = int(context["names"]), int(get("numbers", 0))
    else:
        names, numbers = _names_numbers(text, None)
        n_names, n_nums = len(names), len(numbers)
    novel = get("novel", 1.0)
    new_spec = get("new_specific", 0.0)
    max_sim = get("max_sim", 0.0)
    log = math.log1p
    values = {
        "names": log(n_names),
        "no_names": n_names == 0,
        "nums": log(n_nums),
        "year": year,
        "date": dated,
        "money": money,
        "percent": percent,
        "attrib": bool(ev["attribution"]),
        "quote": quote,
        "quoted_share": quote * (1.0 - outside_share),
        "bare": not (n_names or n_nums or ev["attribution"] or quote),
        "stock": log(len(ev["stock"])),
        "cliche": log(len(ev["cliche"])),
        "summary_opener": bool(ev["summary"]),
        "comment_opener": bool(ev["comment"]),
        "anaphoric": bool(ev["anaphoric"]),
        "spec": log(len(ev["speculation"])),
        "signif": log(len(ev["significance"])),
        "generic": log(len(ev["generic"])),
        "imperative": bool(ev["imperative"]),
        "first_person": bool(ev["first_person"]) and outside_share > 0.5,
        "second_person": bool(ev["second_person"]) and outside_share > 0.5,
        "question": get("outside_question", 0.0),
        "exclaim": exclaim and not quote,
        "url": url,
        "short": n < 8,
        "long": n > 30,
        "len": log(n) / 4,
        "spec_density": (n_names + n_nums) / n if n else 0.0,
        "pos": get("pos", 0.0),
        "first": get("first", 0.0),
        "last_para": get("last_para", 0.0),
        "novel": novel,
        "low_novel": novel < 0.35,
        "new_specific": log(new_spec),
        "no_new_specific": new_spec == 0,
        "max_sim": max_sim,
        "doc_info": get("doc_info", 0.5),
        "para_info": get("para_info", 0.5),
        "near_info": get("near_info", 0.5),
        "doc_fluff": get("doc_fluff", 0.5),
        "para_fluff": get("para_fluff", 0.5),
        "near_fluff": get("near_fluff", 0.5),
        "repeat": max_sim >= 0.45 and new_spec == 0,
        "near_duplicate": get("contain", 0.0) >= 0.75 and new_spec == 0,
        "past": "past" in ev["tense"],
        "present_only": "present" in ev["tense"] and "past" not in ev["tense"],
    }
    f = {k: float(v) for k, v in values.items() if v}
    if words:
        for w in set(lower):
            if w[0] not in "0123456789":
                f["w=" + w] = 1.0
    return f
