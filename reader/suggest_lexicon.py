"""Word lists and phrase patterns behind the filler suggestions (our own, written from the rubric in issue 7).

Each list names one kind of signal: stock phrases, speculation, vague significance, generic commentary,
attribution, dates and units. They are deliberately general English, not phrases lifted from any corpus.
"""

from __future__ import annotations

import itertools
import re


def _words(words: str) -> frozenset[str]:
    """A set of the whitespace-separated words of ``words``."""
    return frozenset(words.split())


class PhraseSet:
    """Multi-word phrases matched on lower-case word tokens (fast: indexed by their first two words)."""

    def __init__(self, phrases: str) -> None:
        """Build from ``|``-separated phrases."""
        self.single: set[str] = set()
        self.index: dict[tuple[str, str], list[tuple[str, ...]]] = {}
        for p in phrases.split("|"):
            words = tuple(p.split())
            if len(words) == 1:
                self.single.add(words[0])
            elif words:
                self.index.setdefault(words[:2], []).append(words)
        for options in self.index.values():
            options.sort(key=len, reverse=True)

    @staticmethod
    def find_tagged(sets: dict[str, PhraseSet], words: list[str]) -> dict[str, list[str]]:
        """One pass over ``words`` for several phrase sets: the phrases found, per set name."""
        found: dict[str, list[str]] = {name: [] for name in sets}
        distinct = set(words)
        for name, ps in sets.items():
            if ps.single and not ps.single.isdisjoint(distinct):
                found[name].extend(w for w in words if w in ps.single)
        index = _tagged_index(tuple(sets.items()))
        skip_to = 0
        for i, pair in enumerate(itertools.pairwise(words)):
            if i < skip_to:
                continue
            options = index.get(pair)
            if options:
                for name, phrase in options:
                    if len(phrase) == 2 or tuple(words[i : i + len(phrase)]) == phrase:
                        found[name].append(" ".join(phrase))
                        skip_to = i + len(phrase)
                        break
        return found

    def find(self, words: list[str]) -> list[str]:
        """The phrases found in ``words`` (lower-case tokens, apostrophes as "'"), longest first per spot."""
        found: list[str] = []
        skip_to = 0
        index = self.index
        for i, pair in enumerate(itertools.pairwise(words)):
            if i < skip_to:
                continue
            options = index.get(pair)
            if options:
                for phrase in options:
                    if len(phrase) == 2 or tuple(words[i : i + len(phrase)]) == phrase:
                        found.append(" ".join(phrase))
                        skip_to = i + len(phrase)
                        break
        if self.single:
            found.extend(w for w in words if w in self.single)
        return found


_TAGGED: dict[tuple, dict[tuple[str, str], list[tuple[str, tuple[str, ...]]]]] = {}


def _tagged_index(
    sets: tuple[tuple[str, PhraseSet], ...],
) -> dict[tuple[str, str], list[tuple[str, tuple[str, ...]]]]:
    """The merged first-two-words index of several phrase sets (built once per combination)."""
    key = tuple((name, id(ps)) for name, ps in sets)
    index = _TAGGED.get(key)
    if index is None:
        index = {}
        for name, ps in sets:
            for pair, phrases in ps.index.items():
                index.setdefault(pair, []).extend((name, p) for p in phrases)
        for options in index.values():
            options.sort(key=lambda item: len(item[1]), reverse=True)
        _TAGGED[key] = index
    return index


# Throat-clearing, transitions, summaries and clichés that add no information by themselves.
STOCK_PHRASES = PhraseSet(
    """it is worth noting | it's worth noting | worth noting that | it is important to note | it's
    important to note | it is important to remember | it is essential to | it goes without saying |
    needless to say | in conclusion | to conclude | in summary | to sum up | all in all | all things
    considered | at the end of the day | in the end | when all is said and done | only time will tell |
    time will tell | remains to be seen | it remains to be seen | one thing is clear | one thing is for
    sure | make no mistake | without a doubt | it is clear that | it's clear that | in today's | in this
    day and age | in an increasingly | never been more | like never before | fast-paced | ever-changing
    | ever-evolving | rapidly evolving | cannot be overstated | can't be overstated | a testament to |
    testament to | a new chapter | new chapter | game-changer | game changer | a turning point | a major
    step | a step forward | step in the right direction | the road ahead | uncharted waters | navigate
    the | navigating the | watch this space | be sure to | we encourage | let's wait and see | wait and
    see | anyone's guess | the stakes | could not be higher | couldn't be higher | a win-win | win-win |
    the sky is the limit | food for thought"""
)

# Weaker clichés: common in padding, but real news uses them too.
CLICHES = PhraseSet(
    """on the other hand | that said | having said that | with that said | in other words | by the same
    token | last but not least | first and foremost | moving forward | going forward | looking ahead |
    as we move | as the world | as the dust settles | the bottom line | a far cry | the tip of the
    iceberg | in a sense | more often than not | it is safe to say | it's safe to say | it is fair to
    say | it's fair to say | make or break | the jury is still out | a double-edged sword | captured the
    imagination | proud moment | remarkable achievement | for years to come | for generations to come |
    bright future | brighter than ever | exciting times | the future of | the importance of | the power
    of | the need for | what this means | food for | the question remains | questions remain | raises
    questions | many questions remain | remains unclear | it is unclear whether | it's unclear whether"""
)

# Openers that announce a summary or a conclusion.
SUMMARY_OPENERS = re.compile(
    r"^\W*(?:in conclusion|to conclude|in summary|to sum up|in sum|all in all|overall|ultimately|in the end|"
    r"at the end of the day|in short|in a nutshell|to summari[sz]e|as we have seen|finally,|for now,|"
    r"in the meantime,|all told)\b",
    re.IGNORECASE,
)

# Connectives that open commentary rather than news.
COMMENT_OPENERS = re.compile(
    r"^\W*(?:however|nevertheless|nonetheless|still|yet|moreover|furthermore|additionally|indeed|of course|"
    r"clearly|undoubtedly|certainly|naturally|obviously|surely|interestingly|importantly|notably|"
    r"understandably|unsurprisingly|sadly|thankfully|hopefully|admittedly|"
    r"either way|regardless|whether|as such|as a result|with that|that said|then again)\b",
    re.IGNORECASE,
)

# "This move / The decision / Such developments ..." — a sentence about something already reported.
ANAPHORIC_SUBJECT = re.compile(
    r"^\W*(?:this|these|that|those|such|the|his|her|their|its)\s+(?:\w+\s+){0,2}?"
    r"(?:move|decision|development|developments|news|announcement|incident|event|events|situation|change|"
    r"changes|deal|step|initiative|approach|effort|efforts|findings|results|discovery|achievement|victory|"
    r"win|loss|launch|report|story|closure|opening|departure|"
    r"arrival|disruption|merger|partnership|trend|project|plan|program|programme|"
    r"campaign|debate|controversy|outcome|milestone|case|scandal|crisis|shift|transition|innovation|"
    r"breakthrough|milestone|vote|ruling|return)\b",
    re.IGNORECASE,
)

# Speculation, prediction and hedging.
SPECULATION = _words(
    """could might may would should likely unlikely perhaps possibly potentially probably presumably
    conceivably arguably hopefully maybe seemingly apparently expect expects expected anticipate
    anticipated predict predicted speculate speculation poised bound promise promises promising
    hope hopes wonder wonders wondering imagine suggests suggest seem seems appear appears"""
)

# Vague significance and evaluation words.
SIGNIFICANCE = _words(
    """marks mark marked signals signal signify signifies signified underscores underscore underscored
    underlines underline highlights highlighting demonstrates demonstrate showcases showcase reflects
    reflect reflecting symbolizes symbolises represents embodies exemplifies reinforces testament pivotal
    crucial vital essential significant significance importance important key critical landmark milestone
    monumental historic unprecedented transformative transform transforms revolutionize revolutionise
    reshape reshaping redefine redefining landscape journey chapter era realm tapestry dynamics dynamic
    evolving ever-evolving fluid paradigm ecosystem synergy holistic robust seamless unparalleled
    game-changing groundbreaking remarkable incredible extraordinary exciting thrilling fascinating
    inspiring inspiration     profound immense enormous
    tremendous invaluable indispensable undeniable undeniably undoubtedly truly deeply clearly certainly
    surely indeed inevitably ultimately fundamentally    commitment
    unwavering determination endeavor endeavors endeavours excitement anticipation spotlight momentum
    potential opportunities opportunity challenges challenge uncertainty uncertain stakes"""
)

# Generic, abstract or collective nouns typical of commentary ("the community", "the industry").
GENERIC_NOUNS = _words(
    """community communities industry industries sector world society people everyone everybody anyone
    individuals families generations future today's nature importance way ways lives life things
    something everything nothing many some others fans lovers observers experts critics supporters
    stakeholders consumers readers viewers residents citizens humanity mankind planet environment
    reality truth question questions answer answers matter issue issues aspect aspects factors role
    place places time times moment moments day days"""
)

# Verbs and phrases that attribute a statement to a source.
ATTRIBUTION_WORDS = _words(
    """said says told tells reported reports reporting confirmed confirms announced announces stated
    states wrote writes tweeted posted added explained testified disclosed revealed claimed claims
    alleged alleges argued argues insisted warned estimated estimates recalled acknowledged admitted
    denied denies spokesperson spokesman spokeswoman study survey analysis poll showed published"""
)
ATTRIBUTION_PHRASES = PhraseSet(
    """according to | declined to comment | in a statement | in an interview | in an email | in a filing |
    in a note | in a report | in a letter | in a post | press release | court papers | court documents |
    court records | data from | data released | data published | figures from | records show |
    shows that | found that"""
)

MONTHS = _words(
    """january february march april may june july august september october november december jan feb mar
    apr jun jul aug sep sept oct nov dec"""
)
WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
NUMBER_WORDS = _words(
    """two three four five six seven eight nine ten eleven twelve dozen dozens twenty thirty forty fifty
    sixty seventy eighty ninety hundred hundreds thousand thousands million millions billion billions
    trillion half quarter third twice"""
)
UNITS = _words(
    """percent per cent million billion trillion dollars euros pounds yen yuan rupees km kilometres
    kilometers miles metres meters feet inches acres hectares tons tonnes kg kilograms pounds grams mph
    degrees minutes hours seconds years months weeks points goals votes seats jobs employees people
    patients passengers residents students homes cases deaths megawatts mw gw gb tb ghz"""
)

# Capitalized words that are not names when they open a clause or are common headline words.
NOT_NAMES = _words(
    """I I'm I've I'd I'll A An The This That These Those It Its It's He She They We You His Her Their Our
    Your My Me Us Him Them There Here What Why How When Where Who Which Whether If But And Or So Yet For
    Nor As At In On Of To By With From Into Over Under After Before During While Since Until Although
    Though Because However Meanwhile Moreover Furthermore Still Also Even Just Only Then Now Today Yes No
    Not Mr Mrs Ms Dr Sir Madam OK Oh Well Let Let's Please Thanks Thank"""
)

# Imperatives that open a call to action or advice.
IMPERATIVES = _words(
    """stay don't do be make keep remember consider check visit subscribe follow share read click sign join
    try take learn let's imagine think look find get give watch tell ask enjoy discover explore start stop
    avoid protect plan prepare use buy order grab download register contact call email leave tune head
    congratulations"""
)

FIRST_PERSON = _words("i me my mine we us our ours i'm i've i'd i'll we're we've we'd we'll myself ourselves")
SECOND_PERSON = _words("you your yours you're you've you'd you'll yourself yourselves")

# Function words skipped when comparing content between sentences.
STOPWORDS = _words(
    """a an the and or but if then than so as of at by for from in into on onto to with without about above
    after again against all also am any are aren't be because been before being below between both can
    cannot could did do does doing down during each few further had has have having he her here hers
    herself him himself his how i i'm is isn't it it's its itself just me more most my myself no nor not
    now off once only other our ours ourselves out over own same she should some such that that's their
    theirs them themselves there these they this those through too under until up very was wasn't we were
    what when where which while who whom why will would you your yours yourself said says say told also
    one would could may might must shall can many much new like well even still yet however its it's
    there's here's who's what's mr mrs ms dr"""
)

# Past-tense verb forms that are not "-ed" words: reported events are told in the past tense.
PAST_IRREGULAR = _words(
    """was were had did said told made took went came gave found left began brought bought built caught
    chose drove fell felt fought flew forgot froze got grew heard held hid hit hurt kept knew laid led lost
    meant met paid put quit ran rose saw sold sent set shot shut sang sank sat slept spoke spent stood stole
    struck swore swam threw understood woke won wore wrote broke became beat bit blew"""
)
# Present-tense forms of the verbs commentary leans on ("is", "remains", "has always been").
PRESENT_GENERIC = _words(
    "is are remains remain has have seems seem becomes become stands stand lies lie means mean"
)
# "-ed" words that are usually adjectives or nouns, not past-tense verbs.
ED_NOT_PAST = _words(
    """need indeed speed feed seed bed red bred shed hundred kindred sacred naked wicked rugged ragged beloved
    learned aged blessed crooked dogged jagged wretched"""
)
