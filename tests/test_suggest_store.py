"""The user's suggestion model in a real library file: save, load, reset, learn from highlights."""

from __future__ import annotations

from pathlib import Path

from reader.blocks import blocks_from_text
from reader.models import ArticleContent
from reader.store import Library
from reader.suggest import suggest
from reader.suggest_store import library_examples, load_model, relearn, reset_model, save_model

TEXT = (
    "Harlow Mills said on Tuesday it will close its Brent Road plant in March, cutting 120 jobs.\n"
    "Marla Quinn is a leading provider of innovative fabric solutions for homes worldwide.\n"
    "It is worth noting that change is never easy for a community."
)


def _article(lib: Library) -> int:
    return lib.add_article(ArticleContent(blocks=blocks_from_text(TEXT.replace("\n", "\n\n")))).id


def test_fresh_library_gives_the_default_model(db_path: Path) -> None:
    with Library(db_path) as lib:
        model = load_model(lib)
        assert model.seen == 0 and model.delta == {}
        assert not lib.db["suggest_models"].exists()  # loading never writes


def test_save_load_reset_survive_reopening(db_path: Path) -> None:
    with Library(db_path) as lib:
        aid = _article(lib)
        model = load_model(lib)
        model.update(library_examples(lib))  # nothing painted yet
        assert model.seen == 0
        start = TEXT.index("Marla")
        lib.paint(aid, start, TEXT.index("\nIt is"), "filler")
        lib.paint(aid, 0, TEXT.index("\n"), "fact")
        examples = library_examples(lib, aid)
        assert sorted(label for _, _, label in examples) == ["fact", "filler"]
        model.update(examples * 3)
        save_model(lib, model)
        text = lib.get_article(aid).text
        learned = [s.score for s in suggest(text, model=model)]
    with Library(db_path) as lib:
        again = load_model(lib)
        assert again.seen == 6
        assert [s.score for s in suggest(text, model=again)] == learned
        reset_model(lib)
    with Library(db_path) as lib:
        assert load_model(lib).seen == 0


def test_relearn_from_highlights_moves_the_painted_kind(db_path: Path) -> None:
    with Library(db_path) as lib:
        aid = _article(lib)
        text = lib.get_article(aid).text
        start = text.index("Marla")
        before = {text[s.start : s.end]: s.score for s in suggest(text, model=load_model(lib))}
        lib.paint(aid, start, text.index("\n", start), "filler")
        model = relearn(lib)
        assert model.seen == 1
        after = {text[s.start : s.end]: s.score for s in suggest(text, model=load_model(lib))}
        sentence = text[start : text.index("\n", start)]
        assert after[sentence] > before[sentence]


def test_unreadable_stored_model_falls_back_to_default(db_path: Path) -> None:
    with Library(db_path) as lib:
        save_model(lib, load_model(lib))
        with lib.transaction():
            lib.db.execute("UPDATE suggest_models SET data = 'not json'")
        assert load_model(lib).seen == 0
