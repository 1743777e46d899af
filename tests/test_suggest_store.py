"""The user's suggestion model in a real library file: feedback, relearn, sync, reset, reopening."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from reader.blocks import blocks_from_text
from reader.models import ArticleContent
from reader.store import Library
from reader.suggest import suggest
from reader.suggest_model import default_base
from reader.suggest_store import (
    example_counts,
    load_examples,
    load_learner,
    load_model,
    model_key,
    record_feedback,
    relearn,
    reset_model,
    save_learner,
    sync_examples,
)

TEXT = (
    "Harlow Mills said on Tuesday it will close its Brent Road plant in March, cutting 120 jobs.\n"
    "Marla Quinn is a leading provider of innovative fabric solutions for homes worldwide.\n"
    "It is worth noting that change is never easy for a community."
)
MARLA = TEXT.split("\n")[1]


def _article(lib: Library, text: str = TEXT, url: str = "https://www.harlow-news.example/mills") -> int:
    content = ArticleContent(blocks=blocks_from_text(text.replace("\n", "\n\n")), title="Mills")
    return lib.add_article(content, url=url).id


def _score(model, text: str, sentence: str, site: str | None = "harlow-news.example") -> float:
    return {text[s.start : s.end]: s.score for s in suggest(text, model=model, site=site)}[sentence]


def test_fresh_library_gives_the_default_model_without_writing(db_path: Path) -> None:
    with Library(db_path) as lib:
        assert load_model(lib).seen == 0 and load_examples(lib) == []
        assert example_counts(lib) == {"highlight": 0, "accepted": 0, "rejected": 0}
        rows = sum(lib.db[t].count for t in ("suggest_models", "suggest_words", "suggest_examples"))
        assert rows == 0  # loading never writes


def test_rejected_and_accepted_feedback_learn_right_away_and_persist(db_path: Path) -> None:
    with Library(db_path) as lib:
        aid = _article(lib)
        text = lib.get_article(aid).text
        start = text.index(MARLA)
        before = _score(load_model(lib), text, MARLA)
        model = record_feedback(lib, aid, start, start + len(MARLA), "fact", accepted=False)  # so: filler
        assert model.seen == 1 and _score(model, text, MARLA) > before
        model = record_feedback(lib, lib.get_article(aid), 0, text.index("\n"), "fact")
        assert model.seen == 2
        assert example_counts(lib) == {"highlight": 0, "accepted": 1, "rejected": 1}
        learned = _score(model, text, MARLA)
        key = model_key(lib)
    with Library(db_path) as lib:
        again = load_model(lib)
        assert again.seen == 2 and _score(again, text, MARLA) == pytest.approx(learned)
        assert model_key(lib) == key
        assert [e.y for e in load_examples(lib)] == [1, 0]  # in the order they were given


def test_feedback_on_meta_or_other_labels_teaches_nothing(db_path: Path) -> None:
    with Library(db_path) as lib:
        aid = _article(lib, "Council Votes Tonight\n" + TEXT)
        assert record_feedback(lib, aid, 0, 21, "filler").seen == 0  # a headline is not judged
        assert record_feedback(lib, aid, 22, 60, "note").seen == 0
        assert lib.db["suggest_examples"].count == 0


def test_relearn_uses_highlights_and_keeps_judged_suggestions(db_path: Path) -> None:
    with Library(db_path) as lib:
        aid = _article(lib)
        text = lib.get_article(aid).text
        start = text.index(MARLA)
        before = _score(load_model(lib), text, MARLA)
        lib.paint(aid, start, start + len(MARLA), "filler")
        last = text.rindex("\n") + 1
        record_feedback(lib, aid, last, len(text), "fact", accepted=False)
        model = relearn(lib)
        assert model.seen == 2 and _score(model, text, MARLA) > before
        assert example_counts(lib) == {"highlight": 1, "accepted": 0, "rejected": 1}
        assert _score(load_model(lib), text, MARLA) == pytest.approx(_score(model, text, MARLA))


def test_sync_reads_only_articles_whose_highlights_changed(db_path: Path) -> None:
    with Library(db_path) as lib:
        a = _article(lib)
        b = _article(lib, TEXT.replace("Harlow", "Dunley"), url="https://other.example/b")
        lib.paint(a, 0, TEXT.index("\n"), "fact")
        lib.paint(b, 0, TEXT.index("\n"), "fact")
        assert sync_examples(lib) == 2
        assert sync_examples(lib) == 0
        start = TEXT.index(MARLA)
        lib.paint(b, start, start + len(MARLA), "filler")
        assert sync_examples(lib) == 1
        assert example_counts(lib)["highlight"] == 3
        lib.erase(b, 0, len(TEXT))
        assert sync_examples(lib) == 0  # nothing to read, but b's examples go
        assert example_counts(lib)["highlight"] == 1
        lib.paint(a, 0, TEXT.index("\n"), "filler")  # relabelled: the example follows
        sync_examples(lib)
        assert [e.y for e in load_examples(lib)] == [1]


def test_bulk_applied_suggestions_are_not_learned(db_path: Path) -> None:
    with Library(db_path) as lib:
        if "origin" not in inspect.signature(lib.paint).parameters:
            pytest.skip("this library does not record highlight origins yet")
        aid = _article(lib)
        lib.paint(aid, 0, TEXT.index("\n"), "fact", origin="suggested")
        assert relearn(lib).seen == 0


def test_deleting_an_article_drops_its_examples(db_path: Path) -> None:
    with Library(db_path) as lib:
        aid = _article(lib)
        record_feedback(lib, aid, 0, TEXT.index("\n"), "fact")
        lib.delete_article(aid)
        assert load_examples(lib) == []


def test_reset_forgets_the_model_and_judged_suggestions_but_not_highlights(db_path: Path) -> None:
    with Library(db_path) as lib:
        aid = _article(lib)
        lib.paint(aid, 0, TEXT.index("\n"), "fact")
        record_feedback(lib, aid, TEXT.index(MARLA), TEXT.index(MARLA) + len(MARLA), "fact", accepted=False)
        relearn(lib)
        reset_model(lib)
        assert load_model(lib).seen == 0 and load_examples(lib) == []
        assert len(lib.highlights(aid)) == 1
    with Library(db_path) as lib:
        assert load_model(lib).seen == 0
        assert relearn(lib).seen == 1  # the highlight teaches again when asked to


def test_unreadable_or_outdated_stored_model_is_learned_again_from_the_examples(db_path: Path) -> None:
    with Library(db_path) as lib:
        aid = _article(lib)
        record_feedback(lib, aid, 0, TEXT.index("\n"), "fact")
        learned = load_learner(lib).to_bytes()
        with lib.transaction():
            lib.db.execute("UPDATE suggest_models SET data = 'not a model', updated_at = 'x'")
        assert load_model(lib).seen == 1
        outdated = learned.replace(default_base().version.encode(), b"0" * len(default_base().version))
        with lib.transaction():
            lib.db.execute("UPDATE suggest_models SET data = ?, updated_at = 'y'", [outdated])
        assert load_model(lib).seen == 1
        with lib.transaction():
            lib.db.execute("DELETE FROM suggest_examples")
            lib.db.execute("UPDATE suggest_models SET updated_at = 'z'")
        assert load_model(lib).seen == 0  # nothing left to learn from: the default


def test_failed_write_leaves_no_half_learned_model(db_path: Path) -> None:
    with Library(db_path) as lib:
        aid = _article(lib)
        record_feedback(lib, aid, 0, TEXT.index("\n"), "fact")
        with pytest.raises(RuntimeError), lib.transaction():
            record_feedback(lib, aid, TEXT.index(MARLA), len(TEXT), "filler")
            raise RuntimeError("the action failed after learning")
        assert load_model(lib).seen == 1
        assert len(load_examples(lib)) == 1


def test_stored_state_is_what_was_learned_and_written_incrementally(db_path: Path) -> None:
    from reader import suggest_store

    with Library(db_path) as lib:
        aid = _article(lib)
        record_feedback(lib, aid, 0, TEXT.index("\n"), "fact")
        first = load_learner(lib).to_bytes()
        assert (
            lib.conn.execute("SELECT count(*) FROM suggest_words").fetchone()[0] == 0
        )  # all in the snapshot
        before = lib.conn.total_changes
        record_feedback(lib, aid, TEXT.index(MARLA), TEXT.index(MARLA) + len(MARLA), "filler")
        written = lib.conn.total_changes - before
        touched = len({*load_examples(lib)[-1].keys, load_examples(lib)[-1].site})
        assert written <= 2 * touched + 5  # the changed weights, the state row, the example
        assert lib.conn.execute("SELECT count(*) FROM suggest_words").fetchone()[0] == 2 * touched
        learned = load_learner(lib).to_bytes()
        assert learned != first
    suggest_store._LOADED.clear()  # as a new process would
    with Library(db_path) as lib:
        assert load_learner(lib).to_bytes() == learned
        save_learner(lib, load_learner(lib))  # nothing changed: nothing but the state row is rewritten
        suggest_store._LOADED.clear()
        assert load_learner(lib).to_bytes() == learned


def test_changed_words_are_folded_into_a_new_snapshot_when_many(db_path: Path, monkeypatch) -> None:
    from reader import suggest_store

    monkeypatch.setattr(suggest_store, "MAX_CHANGED_WORDS", 30)
    with Library(db_path) as lib:
        aid = _article(lib)
        record_feedback(lib, aid, 0, TEXT.index("\n"), "fact")
        record_feedback(lib, aid, TEXT.index(MARLA), TEXT.index(MARLA) + len(MARLA), "filler")
        assert lib.conn.execute("SELECT count(*) FROM suggest_words").fetchone()[0] == 0
        learned = load_learner(lib).to_bytes()
    suggest_store._LOADED.clear()
    with Library(db_path) as lib:
        assert load_learner(lib).to_bytes() == learned


def test_orphaned_highlights_teach_nothing(db_path: Path) -> None:
    from reader.versions import refresh_article

    with Library(db_path) as lib:
        aid = _article(lib)
        start = TEXT.index(MARLA)
        lib.paint(aid, start, start + len(MARLA), "filler")
        assert relearn(lib).seen == 1
        # The Marla sentence is rewritten: its highlight is orphaned with offsets that now cover a factual
        # sentence of the same length; learning from them would teach "filler" for that sentence.
        fact = "Quinn Fabrics said on Monday it had hired 40 people at its Leeds plant since June 2019."
        new = TEXT.replace(MARLA, fact[: len(MARLA)].rstrip() + ".")
        content = ArticleContent(blocks=blocks_from_text(new.replace("\n", "\n\n")), title="Mills")
        refresh_article(lib, aid, content)
        (h,) = lib.highlights(aid)
        assert h.anchor_status == "orphaned" and (h.start, h.end) == (start, start + len(MARLA))
        assert relearn(lib).seen == 0
        assert example_counts(lib)["highlight"] == 0
