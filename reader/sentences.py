"""Sentence segmentation of the canonical text: the one splitter used by suggestions and sentence painting.

Every newline ends a sentence (a block boundary, or a line break inside a ``pre`` block). Inside a line a
sentence ends at ``.``, ``?``, ``!`` or an ellipsis, optionally followed by closing quotes or brackets, when
whitespace follows and the next word does not start in lower case. Periods of abbreviations (``Mr.``,
``Dr.``, ``e.g.``, ``Jan. 5``), initials (``John F. Kennedy``), acronyms (``U.S. officials``) and decimals
(``3.5``) do not end a sentence. Spans are ``(start, end)`` code-point offsets with surrounding whitespace
excluded; together they cover every non-space character of the text.
"""

from __future__ import annotations

import bisect
import re


def _words(words: str) -> frozenset[str]:
    """A set of the whitespace-separated words of ``words``."""
    return frozenset(words.split())


# Titles before a name: their period never ends a sentence.
_TITLES = _words(
    """mr mrs ms messrs mme mlle dr prof gen gov sen rep reps lt col capt cpt sgt cmdr adm maj brig rev fr
    hon rt pres supt insp det cpl pvt st mt ft sr jr amb atty"""
)
# Abbreviations that may end a sentence: split only when a capitalized common sentence starter follows.
_ABBREVS = _words(
    """inc co corp ltd llc plc bros dept univ assn est approx vs v etc al fig figs vol vols ed eds pp op
    cf ca ave blvd rd hwy no nos tel ext min max avg govt intl natl mass calif fla tex ariz colo conn
    ill ind kan minn miss mich wis wash ore okla nev penn tenn va md del pa ga ala ark ky la mo neb
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun"""
)
# Abbreviations after which a number is expected (``No. 5``, ``Jan. 12``, ``Vol. 3``, ``Fig. 2``).
_BEFORE_NUMBER = _words(
    "no nos vol vols fig figs p pp jan feb mar apr jun jul aug sep sept oct nov dec art sec ch op"
)
# Words that usually open a sentence: after an ambiguous period they tip the decision to a split.
_STARTERS = _words(
    """the a an he she it they we i you his her its their our this that these those there here but and
    so yet or in on at for as if when while after before although though however meanwhile still then
    now today yesterday last next some many most several officials police critics experts analysts
    according what why how who where which one two three four five six seven eight nine ten no not
    his both each every all such other another"""
)

# Words that commonly follow "p.m." inside one sentence ("at 3 p.m. Monday", "9 a.m. ET").
_TIME_FOLLOWERS = _words(
    """monday tuesday wednesday thursday friday saturday sunday et est edt ct cst cdt pt pst pdt mt gmt utc
    bst cet local"""
)

_END = re.compile(r"(?:\.{2,}|…|[.?!]+)[\"'”’»)\]}]*(?=\s)")
_WORD_BEFORE = re.compile(r"([\w.&'’-]*?)([\w&]+)$")
_INITIALISM = re.compile(r"^(?:[A-Za-z]\.){1,}[A-Za-z]$")
_OPENERS = "\"'“‘«([{¿¡—–-"


def _next_word(line: str, pos: int) -> str:
    """The word that starts after ``pos`` (skipping spaces and opening punctuation), or ''."""
    n = len(line)
    while pos < n and (line[pos].isspace() or line[pos] in _OPENERS):
        pos += 1
    end = pos
    while end < n and (line[end].isalnum() or line[end] in "'’"):
        end += 1
    return line[pos:end] if end > pos else line[pos : pos + 1]


def _ends_sentence(line: str, match: re.Match[str]) -> bool:
    """Decide whether the terminator ``match`` inside ``line`` closes a sentence."""
    nxt = _next_word(line, match.end())
    if not nxt:
        return True
    first = nxt[0]
    if first.islower():
        return False
    term = match.group(0).rstrip("\"'”’»)]}")
    if term != ".":
        return True  # ? ! ... and runs of them
    if match.end() != match.start() + 1:
        return True  # a period followed by a closing quote or bracket
    before = _WORD_BEFORE.search(line, max(0, match.start() - 40), match.start())
    if before is None:
        return True
    token = before.group(0)
    word = before.group(2)
    low = word.lower()
    is_starter = nxt.lower() in _STARTERS and first.isupper()
    if "." in token.strip("."):
        # e.g. / i.e. / U.S. / a.m. / Ph.D.: lowercase dotted forms (e.g., i.e.) never end a sentence here.
        if _INITIALISM.match(token.strip(".")):
            if token.lower() in ("e.g", "i.e", "cf"):
                return False
            if token.lower() in ("a.m", "p.m"):
                return first.isupper() and nxt.lower() not in _TIME_FOLLOWERS
            return is_starter
        return True
    if low in _TITLES and (len(word) > 1):
        return False
    if len(word) == 1 and word.isupper():
        return is_starter  # an initial, as in "John F. Kennedy"
    if low in _BEFORE_NUMBER and first.isdigit():
        return False
    if low in _ABBREVS:
        return is_starter
    return True


def _line_spans(line: str, base: int, out: list[tuple[int, int]]) -> None:
    """Append the sentence spans of one line (no newlines inside) shifted by ``base``."""
    start = 0
    for match in _END.finditer(line):
        if match.end() <= start:
            continue
        if _ends_sentence(line, match):
            _append_stripped(line, start, match.end(), base, out)
            start = match.end()
    _append_stripped(line, start, len(line), base, out)


def _append_stripped(line: str, start: int, end: int, base: int, out: list[tuple[int, int]]) -> None:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((base + start, base + end))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split the canonical ``text`` into sorted, non-overlapping sentence spans ``(start, end)``."""
    spans: list[tuple[int, int]] = []
    base = 0
    for line in text.split("\n"):
        _line_spans(line, base, spans)
        base += len(line) + 1
    return spans


def sentence_at(text: str, offset: int, spans: list[tuple[int, int]] | None = None) -> tuple[int, int] | None:
    """The span of the sentence containing ``offset`` (``start <= offset < end``), or None on whitespace.

    Pass ``spans`` (from :func:`sentence_spans` of the same text) to avoid re-segmenting.
    """
    if spans is None:
        spans = sentence_spans(text)
    i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    if i >= 0 and spans[i][0] <= offset < spans[i][1]:
        return spans[i]
    return None
