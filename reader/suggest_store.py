"""The user's suggestion model in the library file: examples, learning hooks for the window, reset.

Tables (created by the library's migration 5, :func:`reader.migrations.v5_suggestion_tables`):

- ``suggest_models(name, data, updated_at)``: the user's learned state (``user``: :class:`UserLearner` bytes
  without the word weights; ``user.words``: a snapshot of the word/site weights) and
  ``suggest_words(learner, key, value)``: the word weights changed since that snapshot, so a judged
  suggestion writes the few dozen it changed, and a relearn one blob;
- ``suggest_examples``: one featurized example per labelled sentence (``article_id, start, end``), with its
  label, where it came from (``highlight``, ``accepted``, ``rejected``) and its labelling order ``seq``;
- ``suggest_synced(article_id, fingerprint)``: which fact/filler highlights the examples reflect, so a
  relearn only featurizes articles whose highlights changed;
- ``suggest_cache``: per-article suggestion summaries for the Sites view (see :mod:`reader.sites`).

Nothing here touches the network: the model never leaves the machine.
"""

from __future__ import annotations

import hashlib
import struct
from array import array
from collections.abc import Callable, Iterable

from reader.models import Article
from reader.paint import utc_now
from reader.sites import site_of
from reader.store import Library
from reader.suggest import examples_from_labels
from reader.suggest_examples import Example, pack_example, unpack_example
from reader.suggest_learn import UserLearner
from reader.suggest_model import Model, default_base

TABLE = "suggest_models"
USER = "user"
WORDS = "user.words"  # the word weights at the last full save; suggest_words holds what changed since
MAX_CHANGED_WORDS = 50_000  # then the next save writes a new snapshot instead
SOURCES = ("highlight", "accepted", "rejected")
OTHER = {"fact": "filler", "filler": "fact"}

# the last learner loaded or saved per library file, with the updated_at it matches
_LOADED: dict[str, tuple[str, UserLearner]] = {}


def _row(library: Library) -> tuple[bytes, str] | None:
    return library.conn.execute(f"SELECT data, updated_at FROM {TABLE} WHERE name = ?", (USER,)).fetchone()


def load_learner(library: Library) -> UserLearner:
    """The user's learner stored in the library (cached per file; never writes).

    A state made for another default model (Sift was updated) or damaged is learned again, in memory, from
    the stored examples; the next save stores it.
    """
    row = _row(library)
    if row is None:
        return UserLearner()
    key = str(library.path)
    cached = _LOADED.get(key)
    if cached is not None and cached[0] == row[1] and cached[1].base is default_base():
        return cached[1]
    try:
        data = row[0] if isinstance(row[0], bytes) else str(row[0]).encode()
        learner = UserLearner.from_bytes(data, words=_word_tables(library))
    except ValueError:  # made for another default model (an update) or damaged: learn again from the examples
        learner = UserLearner()
        learner.fit(load_examples(library))
    _LOADED[key] = (row[1], learner)
    return learner


def _word_tables(library: Library) -> list[dict[int, float]]:
    """Each learner's raw word weights: the last full snapshot, then the rows changed since."""
    tables: list[dict[int, float]] = [{} for _ in UserLearner().learners]
    row = library.conn.execute(f"SELECT data FROM {TABLE} WHERE name = ?", (WORDS,)).fetchone()
    if row is not None:
        data, pos = row[0], 0
        try:
            if not isinstance(data, bytes):
                raise ValueError("not a snapshot")
            for table in tables:
                (count,) = struct.unpack_from("<I", data, pos)
                keys, values = array("I"), array("d")
                keys.frombytes(data[pos + 4 : pos + 4 + 4 * count])
                pos += 4 + 4 * count
                values.frombytes(data[pos : pos + 8 * count])
                pos += 8 * count
                table.update(zip(keys, values, strict=True))
        except (struct.error, ValueError) as exc:
            raise ValueError("the stored word weights are damaged") from exc
    for i, key, value in library.conn.execute("SELECT learner, key, value FROM suggest_words"):
        if 0 <= i < len(tables):
            tables[i][key] = value
    return tables


def _words_snapshot(learner: UserLearner) -> bytes:
    out = []
    for lr in learner.learners:
        keys = sorted(lr.words)
        out += [struct.pack("<I", len(keys)), array("I", keys).tobytes()]
        out.append(array("d", [lr.words[k] for k in keys]).tobytes())
    return b"".join(out)


def load_model(library: Library) -> Model:
    """The user's scoring model (the default until something was learned)."""
    return load_learner(library).model()


def model_key(library: Library) -> str:
    """Identifies the model generation: the default's version and the last full save of the user's model.

    It changes when the model is relearned or reset (or folds many changes into a new snapshot), not with
    each judged suggestion, so caches keyed by it (the Sites view's) survive everyday corrections.
    """
    version = default_base().version
    row = library.conn.execute(f"SELECT updated_at FROM {TABLE} WHERE name = ?", (WORDS,)).fetchone()
    return version if row is None else f"{version}:{row[0]}"


def save_learner(library: Library, learner: UserLearner) -> None:
    """Store the learner's state (one transaction, or the caller's); only changed word weights are written."""
    data = learner.to_bytes(words=False)
    stamp = utc_now()
    changes = learner.take_changed_words()
    with library.transaction():
        pending = library.conn.execute("SELECT count(*) FROM suggest_words").fetchone()[0]
        if any(c is None for c in changes) or pending + sum(map(len, changes)) > MAX_CHANGED_WORDS:
            library.conn.execute("DELETE FROM suggest_words")  # a new full snapshot replaces them
            _put(library, WORDS, _words_snapshot(learner), stamp)
        else:
            library.conn.executemany(
                "INSERT OR REPLACE INTO suggest_words (learner, key, value) VALUES (?, ?, ?)",
                [(i, k, v) for i, changed in enumerate(changes) for k, v in changed.items()],  # type: ignore[union-attr]
            )
        old = library.conn.execute(f"SELECT updated_at FROM {TABLE} WHERE name = ?", (USER,)).fetchone()
        if old is not None and old[0] >= stamp:  # keep stamps unique: they identify the stored state
            stamp = old[0] + "+"
        _put(library, USER, data, stamp)
    _LOADED[str(library.path)] = (stamp, learner)


def _put(library: Library, name: str, data: bytes, stamp: str) -> None:
    library.conn.execute(
        f"INSERT INTO {TABLE} (name, data, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT(name) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
        (name, data, stamp),
    )


def reset_model(library: Library) -> None:
    """Forget the learned model and every stored example (highlights stay; :func:`relearn` uses them)."""
    with library.transaction():
        for table in (TABLE, "suggest_words", "suggest_examples", "suggest_synced"):
            library.conn.execute(f"DELETE FROM {table}")
    _LOADED.pop(str(library.path), None)


def _article(library: Library, article: Article | int) -> Article:
    return library.get_article(article) if isinstance(article, int) else article


def _next_seq(library: Library) -> int:
    row = library.conn.execute("SELECT max(seq) FROM suggest_examples").fetchone()
    return (row[0] or 0) + 1


def _store(library: Library, article_id: int, rows: Iterable[tuple[int, int, Example]], source: str) -> None:
    seq, now = _next_seq(library), utc_now()
    library.conn.executemany(
        'INSERT INTO suggest_examples (article_id, start, "end", label, source, seq, data, created_at) '
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(article_id, start, "end") DO UPDATE SET '
        "label = excluded.label, source = excluded.source, seq = excluded.seq, data = excluded.data, "
        "created_at = excluded.created_at",
        [
            (article_id, a, b, "filler" if ex.y else "fact", source, seq + i, pack_example(ex), now)
            for i, (a, b, ex) in enumerate(rows)
        ],
    )


def record_feedback(
    library: Library, article: Article | int, start: int, end: int, label: str, accepted: bool = True
) -> Model:
    """Learn right away from one judgement of the reader on ``[start, end)`` and store it.

    ``label`` is what was proposed or painted (``fact`` or ``filler``); ``accepted=False`` means the reader
    rejected that proposal, which teaches the other label. Every sentence that the span covers for the
    most part becomes an example (meta sentences and other labels teach nothing). One transaction;
    returns the updated model (to re-score the article's suggestions).
    """
    if label not in OTHER:
        return load_model(library)
    art = _article(library, article)
    taught = label if accepted else OTHER[label]
    rows = examples_from_labels(
        art.text,
        [(start, end, taught)],
        blocks=art.blocks,
        site=site_of(art.url, art.site_name),
        group=art.text_sha256,
    )
    learner = load_learner(library)
    if not rows:
        return learner.model()
    try:
        for _, _, ex in rows:
            learner.add(ex)
        with library.transaction():
            _store(library, art.id, rows, "accepted" if accepted else "rejected")
            save_learner(library, learner)
    except BaseException:
        _LOADED.pop(str(library.path), None)  # the learner in memory learned what was not stored
        raise
    return learner.model()


def forget_feedback(library: Library, article_id: int, start: int, end: int) -> int:
    """Drop the stored accepted/rejected examples inside ``[start, end)`` (e.g. after the reader undid an
    accept); the model forgets them at the next :func:`relearn`. Returns how many were dropped."""
    with library.transaction():
        cur = library.conn.execute(
            'DELETE FROM suggest_examples WHERE article_id = ? AND start >= ? AND "end" <= ? '
            "AND source IN ('accepted', 'rejected')",
            (article_id, start, end),
        )
    return cur.rowcount


def rejected_spans(library: Library, article_id: int) -> set[tuple[int, int]]:
    """Sentences of an article whose proposals the reader rejected (to keep them hidden)."""
    rows = library.conn.execute(
        "SELECT start, \"end\" FROM suggest_examples WHERE article_id = ? AND source = 'rejected'",
        (article_id,),
    )
    return {(a, b) for a, b in rows}


def _teaches(h: object) -> bool:
    """Whether a highlight is the reader's own fact/filler judgement on the current text.

    Bulk-applied suggestions (origin ``suggested``) are not: one-key accepts reach the learner through
    :func:`record_feedback` instead.
    """
    return (
        getattr(h, "label", None) in OTHER
        and getattr(h, "anchor_status", "exact") != "orphaned"
        and getattr(h, "origin", "manual") != "suggested"
    )


def _fingerprints(library: Library) -> dict[int, str]:
    """Per article with your own anchored fact/filler highlights: a digest of them and of the article text."""
    rows = library.conn.execute(
        "SELECT h.article_id, a.text_sha256, "
        "group_concat(h.start || ':' || h.\"end\" || ':' || h.label, ',') "
        "FROM (SELECT article_id, start, \"end\", label FROM highlights WHERE label IN ('fact', 'filler') "
        "AND anchor_status != 'orphaned' AND annotator = '' ORDER BY article_id, start, \"end\") h "
        "JOIN articles a ON a.id = h.article_id GROUP BY h.article_id"
    ).fetchall()
    return {aid: hashlib.sha1(f"{sha}|{spans}".encode()).hexdigest() for aid, sha, spans in rows}


def sync_examples(library: Library, *, progress: Callable[[int, int], None] | None = None) -> int:
    """Bring the highlight examples up to date; returns how many articles were featurized again.

    Only articles whose fact/filler highlights (or text) changed since the last sync are read. Examples
    from accepted and rejected suggestions stay; a highlight of yours on the same sentence replaces them.
    """
    with library.transaction():
        current = _fingerprints(library)
        synced = dict(library.conn.execute("SELECT article_id, fingerprint FROM suggest_synced").fetchall())
        changed = [aid for aid, fp in current.items() if synced.get(aid) != fp]
        gone = [aid for aid in synced if aid not in current]
        for aid in gone:
            library.conn.execute(
                "DELETE FROM suggest_examples WHERE article_id = ? AND source = 'highlight'", (aid,)
            )
            library.conn.execute("DELETE FROM suggest_synced WHERE article_id = ?", (aid,))
        for i, aid in enumerate(changed):
            if progress is not None:
                progress(i, len(changed))
            art = library.get_article(aid)
            spans = [(h.start, h.end, h.label) for h in library.highlights(aid, orphans=False) if _teaches(h)]
            rows = examples_from_labels(
                art.text,
                spans,
                blocks=art.blocks,
                site=site_of(art.url, art.site_name),
                group=art.text_sha256,
            )
            keep = {(a, b) for a, b, _ in rows}
            old = library.conn.execute(
                "SELECT start, \"end\" FROM suggest_examples WHERE article_id = ? AND source = 'highlight'",
                (aid,),
            ).fetchall()
            for a, b in old:
                if (a, b) not in keep:
                    library.conn.execute(
                        'DELETE FROM suggest_examples WHERE article_id = ? AND start = ? AND "end" = ?',
                        (aid, a, b),
                    )
            known = {
                (a, b): lab
                for a, b, lab in library.conn.execute(
                    'SELECT start, "end", label FROM suggest_examples WHERE article_id = ? '
                    "AND source = 'highlight'",
                    (aid,),
                )
            }
            fresh = [(a, b, ex) for a, b, ex in rows if known.get((a, b)) != ("filler" if ex.y else "fact")]
            _store(library, aid, fresh, "highlight")
            library.conn.execute(
                "INSERT INTO suggest_synced (article_id, fingerprint) VALUES (?, ?) "
                "ON CONFLICT(article_id) DO UPDATE SET fingerprint = excluded.fingerprint",
                (aid, current[aid]),
            )
    return len(changed)


def load_examples(library: Library) -> list[Example]:
    """Every stored example in labelling order (damaged rows are skipped)."""
    out = []
    for (data,) in library.conn.execute("SELECT data FROM suggest_examples ORDER BY seq"):
        try:
            out.append(unpack_example(data))
        except ValueError:
            continue
    return out


def relearn(library: Library, *, progress: Callable[[int, int], None] | None = None) -> Model:
    """Rebuild the user's model from every fact/filler highlight and judged suggestion, and store it.

    For a background thread: ``sync_examples`` and ``load_examples`` read the library, ``UserLearner.fit``
    is pure computation, ``save_learner`` writes; this function runs all four in a row.
    """
    sync_examples(library, progress=progress)
    learner = UserLearner()
    learner.fit(load_examples(library))
    save_learner(library, learner)
    return learner.model()


def example_counts(library: Library) -> dict[str, int]:
    """How many stored examples come from each source."""
    counts = dict.fromkeys(SOURCES, 0)
    for source, n in library.conn.execute("SELECT source, count(*) FROM suggest_examples GROUP BY source"):
        counts[source] = n
    return counts
