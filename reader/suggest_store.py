"""Keep the user's suggestion model in the library file, and learn it from the library's highlights.

The model lives in a small table, ``suggest_models(name, data, updated_at)``, created on demand inside the
writing transaction (self-contained for now; it can become a regular migration of ``reader.migrations``).
Nothing here touches the network: the model never leaves the machine.
"""

from __future__ import annotations

from reader.paint import utc_now
from reader.store import Library
from reader.suggest import examples_from_labels
from reader.suggest_model import Example, Model

TABLE = "suggest_models"
USER = "user"
_CREATE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} "
    "(name TEXT PRIMARY KEY, data TEXT NOT NULL, updated_at TEXT NOT NULL)"
)


def save_model(library: Library, model: Model, *, name: str = USER) -> None:
    """Store ``model``'s learned adjustments in the library (one transaction)."""
    data = model.to_json()
    with library.transaction():
        library.db.execute(_CREATE)
        library.db.execute(
            f"INSERT INTO {TABLE} (name, data, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
            [name, data, utc_now()],
        )


def load_model(library: Library, *, name: str = USER) -> Model:
    """The user's model stored in the library, or a fresh copy of the default model."""
    if not library.db[TABLE].exists():
        return Model()
    row = library.db.execute(f"SELECT data FROM {TABLE} WHERE name = ?", [name]).fetchone()
    if row is None:
        return Model()
    try:
        return Model.from_json(row[0])
    except (ValueError, KeyError, TypeError):
        return Model()  # an unreadable model is not worth an error: start again from the default


def reset_model(library: Library, *, name: str = USER) -> None:
    """Forget the user's learned adjustments (back to the default model)."""
    with library.transaction():
        library.db.execute(_CREATE)
        library.db.execute(f"DELETE FROM {TABLE} WHERE name = ?", [name])


def library_examples(library: Library, article_id: int | None = None) -> list[Example]:
    """Training examples from the fact/filler highlights of one article or of the whole library."""
    spans: dict[int, list[tuple[int, int, str]]] = {}
    for h in library.highlights(article_id):
        if h.label in ("fact", "filler"):
            spans.setdefault(h.article_id, []).append((h.start, h.end, h.label))
    out: list[Example] = []
    for aid, labelled in spans.items():
        article = library.get_article(aid)
        out.extend(examples_from_labels(article.text, labelled, blocks=article.blocks))
    return out


def relearn(library: Library) -> Model:
    """Rebuild the user's model from the default plus every fact/filler highlight, and store it."""
    model = Model()
    model.update(library_examples(library))
    save_model(library, model)
    return model
