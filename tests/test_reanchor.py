"""Re-anchoring on hand-made revisions: exact, fuzzy, orphaned, and never a wrong place."""

from __future__ import annotations

from reader.anchors import make_quote
from reader.reanchor import Anchor, reanchor

OLD = "\n".join(
    [
        "The harbour council met on Tuesday to vote on the ferry timetable.",
        "Ferries will leave every twenty minutes from the north pier, the council said.",
        "Residents had asked for later sailings on weekends for years.",
        "A spokesperson said the change was long overdue.",
    ]
)


def anchor(text: str, phrase: str, nth: int = 0) -> Anchor:
    """An anchor on the ``nth`` occurrence of ``phrase`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Anchor(start, start + len(phrase), *make_quote(text, start, start + len(phrase)))


def placed(new: str, result) -> str | None:
    """The new text under a result, or None when orphaned."""
    return None if result.start is None else new[result.start : result.end]


def test_unchanged_text_keeps_every_anchor_exact():
    anchors = [anchor(OLD, "ferry timetable"), anchor(OLD, "long overdue"), anchor(OLD, "The harbour")]
    out = reanchor(OLD, OLD, anchors)
    assert [(r.status, r.start, r.end, r.score) for r in out] == [
        ("exact", a.start, a.end, 1.0) for a in anchors
    ]
    assert reanchor(OLD, OLD, []) == []


def test_text_added_before_shifts_exactly():
    new = "Updated at noon.\n" + OLD
    out = reanchor(OLD, new, [anchor(OLD, "every twenty minutes")])
    assert out[0].status == "exact"
    assert placed(new, out[0]) == "every twenty minutes"
    assert out[0].start == OLD.index("every twenty minutes") + len("Updated at noon.\n")


def test_edit_inside_the_quote_is_fuzzy_and_in_place():
    a = anchor(OLD, "Ferries will leave every twenty minutes from the north pier")
    new = OLD.replace("every twenty minutes", "every fifteen minutes")
    (r,) = reanchor(OLD, new, [a])
    assert r.status == "fuzzy"
    assert placed(new, r) == "Ferries will leave every fifteen minutes from the north pier"
    assert 0.6 < r.score < 1.0


def test_typo_fixed_inside_a_short_quote():
    old = OLD.replace("spokesperson", "spokespreson")
    a = anchor(old, "A spokespreson said")
    (r,) = reanchor(old, OLD, [a])
    assert r.status == "fuzzy"
    assert placed(OLD, r) == "A spokesperson said"


def test_context_edited_keeps_an_unchanged_quote():
    a = anchor(OLD, "later sailings on weekends")
    new = OLD.replace("Residents had asked for", "Residents asked loudly for")
    (r,) = reanchor(OLD, new, [a])
    assert r.status in ("exact", "fuzzy")
    assert placed(new, r) == "later sailings on weekends"


def test_deleted_sentence_is_orphaned():
    a = anchor(OLD, "Residents had asked for later sailings on weekends for years.")
    new = OLD.replace("Residents had asked for later sailings on weekends for years.\n", "")
    (r,) = reanchor(OLD, new, [a])
    assert (r.status, r.start, r.end) == ("orphaned", None, None)


def test_deleted_quote_is_not_moved_onto_the_same_words_elsewhere():
    old = OLD + "\nThe council said the vote was close."
    a = anchor(old, "the council said", 0)  # the one in the second paragraph
    new = old.replace(", the council said.", ".")
    (r,) = reanchor(old, new, [a])
    assert r.status == "orphaned"


def test_rewritten_quote_is_orphaned():
    a = anchor(OLD, "the change was long overdue")
    new = OLD.replace("the change was long overdue", "nobody had expected any of this")
    (r,) = reanchor(OLD, new, [a])
    assert r.status == "orphaned"


def test_moved_paragraph_is_found_exactly():
    lines = OLD.split("\n")
    new = "\n".join([lines[2], lines[0], lines[1], lines[3]])
    a = anchor(OLD, "later sailings on weekends")
    b = anchor(OLD, "from the north pier")
    ra, rb = reanchor(OLD, new, [a, b])
    assert ra.status == "exact" and placed(new, ra) == "later sailings on weekends"
    assert ra.start == new.index("later sailings")
    assert rb.status == "exact" and rb.start == new.index("from the north pier")


def test_sentence_duplicated_elsewhere_keeps_the_original():
    a = anchor(OLD, "Ferries will leave every twenty minutes")
    new = OLD + "\nRecap: Ferries will leave every twenty minutes from the north pier, the council said."
    (r,) = reanchor(OLD, new, [a])
    assert r.status == "exact"
    assert r.start == a.start


def test_unknown_old_text_searches_by_quote_and_context():
    a = anchor(OLD, "every twenty minutes")
    moved = "Breaking.\n" + OLD
    (r,) = reanchor(None, moved, [a])
    assert r.status == "exact" and placed(moved, r) == "every twenty minutes"
    gone = OLD.replace("every twenty minutes", "hourly")
    assert reanchor(None, gone, [a])[0].status == "orphaned"


def test_offsets_that_do_not_match_old_text_fall_back_to_the_quote():
    a = Anchor(0, 12, "long overdue", "the change was ", ".")
    (r,) = reanchor(OLD, OLD, [a])
    assert r.status == "exact" and placed(OLD, r) == "long overdue"


def test_inserted_copy_of_the_quote_start_is_not_taken_into_the_span():
    # A word inserted right before a quote whose first letters were deleted repeats the quote's start:
    # the span must not grow over the inserted word (its characters were never highlighted).
    old = "The estimate follows the researchers' calculations. That's roughly a full pool of water."
    a = anchor(old, "calculations. That's")
    new = old.replace("researchers' calculations.", "researcher calculationsculation.")
    (r,) = reanchor(old, new, [a])
    assert r.status in ("fuzzy", "orphaned")
    if r.status == "fuzzy":
        assert placed(new, r) == "culation. That's"


PARAGRAPHS = [
    "The harbour council met on Tuesday to vote on the new ferry timetable for the winter months.",
    "Ferries will leave every twenty minutes from the north pier, the council said after the vote.",
    "Residents had asked for later sailings on weekends for years, according to the minutes.",
    "A spokesperson said the change was long overdue and thanked the volunteers who ran the survey.",
    "The first boats on the new timetable will sail on the second Monday of December.",
]
LONG = "\n".join(PARAGRAPHS)


def test_moved_and_edited_paragraph_is_followed():
    p = PARAGRAPHS
    new = "\n".join([p[0], p[1], p[3], p[2].replace("later sailings", "later evening sailings"), p[4]])
    (r,) = reanchor(LONG, new, [anchor(LONG, "Residents had asked for later sailings on weekends")])
    assert r.status == "fuzzy"
    assert placed(new, r) == "Residents had asked for later evening sailings on weekends"


def test_copy_left_where_the_original_was_is_never_taken():
    # The original paragraph moved to the top; a copy of the quote sits where it used to be.
    p = PARAGRAPHS
    copy = "Ferries will leave every twenty minutes from the north pier again"
    new = "\n".join([p[1], p[0], copy, p[2], p[3], p[4]])
    (r,) = reanchor(LONG, new, [anchor(LONG, "Ferries will leave every twenty minutes")])
    assert r.status == "orphaned" or r.start == 0


def test_replacement_sharing_letters_with_a_deleted_quote_is_not_taken_for_it():
    new = LONG.replace("thanked the volunteers who", "thanked all helpers that")
    (r,) = reanchor(LONG, new, [anchor(LONG, "the volunteers who")])
    assert r.status == "orphaned"


def test_deleted_item_of_a_repeated_list_is_not_placed_on_its_twin():
    lines = ["Meal 1", "Oats, 1 cup berries, 1 tsp. honey", "Meal 2", "Rice, 1 cup beans, 1 tsp. oil"]
    old = "\n".join([*lines, "Meal 3", "Oats, 1 cup berries, 1 tsp. honey", "Snack", "Nuts"])
    a = anchor(old, "Oats, 1 cup berries, 1 tsp. honey", 1)  # the second, Meal 3's
    new = old.replace("Meal 3\nOats, 1 cup berries, 1 tsp. honey\n", "Meal 3\n")
    (r,) = reanchor(old, new, [a])
    assert r.status == "orphaned"
    kept = anchor(old, "Oats, 1 cup berries, 1 tsp. honey", 0)
    (r,) = reanchor(old, new, [kept])  # the first one is untouched and stays exact
    assert (r.status, r.start) == ("exact", kept.start)


def test_edge_replaced_with_its_context_keeps_the_rest():
    new = LONG.replace("twenty minutes from the north pier, the", "twenty minutes from the north quay by the")
    (r,) = reanchor(LONG, new, [anchor(LONG, "leave every twenty minutes from the north pier")])
    assert r.status == "fuzzy"
    assert placed(new, r) == "leave every twenty minutes from the north"


def test_a_line_moved_into_a_deleted_twins_place_is_not_taken_for_it():
    lines = ["Tweet about the defence.", "— Team Stats (@stats) November 16, 2019", "Ward had a quiet game."]
    more = ["Tweet about the offence.", "— Team Stats (@stats) November 15, 2019", "The end."]
    old = "\n".join(lines + more)
    a = anchor(old, lines[1])
    # Our sign-off line is deleted and the other one moves into its place: word for word it is that one.
    new = "\n".join([lines[0], more[1], lines[2], more[0], more[2]])
    (r,) = reanchor(old, new, [a])
    assert r.status == "orphaned"
    new = "\n".join([lines[0], lines[1].replace("16", "17"), lines[2], *more])  # an edit: followed
    (r,) = reanchor(old, new, [a])
    assert r.status == "fuzzy" and placed(new, r) == lines[1].replace("16", "17")


def test_a_paragraph_run_into_the_quote_is_not_swallowed():
    a_line = "Victor N. Burton: Dealing in methamphetamine, a common nuisance, held in lieu of $268,500 bond."
    b_line = "Beth A. Burton: Possession of methamphetamine, a pipe, held in lieu of $70,000 bond."
    blair = "Jonathan P. Blair: Possession, held in lieu of $5,000 bond."
    old = "\n".join(["Arrests this week.", a_line, blair, b_line, "End of list."])
    # The end of our line is cut and the next-but-one line, moved, runs into it; its end reads like ours.
    new = "\n".join(["Arrests this week.", a_line[:-4] + " possession" + b_line, blair, "End of list."])
    (r,) = reanchor(old, new, [anchor(old, a_line)])
    assert r.status in ("fuzzy", "orphaned")
    if r.status == "fuzzy":
        assert placed(new, r) == a_line[:-4]
