"""The example highlights painted on the bundled sample article, so a new user sees what to do."""

from __future__ import annotations

# (label, the start of a sentence in resources/sample-article.html, note)
EXAMPLES = (
    ("fact", "The coastal town of Vallmora will keep the 46 fog-catching nets", ""),
    ("filler", "It is a story that many people will find fascinating.", ""),
    ("filler", "In a world where water is becoming more precious every day", ""),
)

HINT = "Tip: select text, then press 1 for fact or 2 for filler (0 erases, N adds a note)."


def example_spans(text: str) -> list[tuple[str, int, int, str]]:
    """(label, start, end, note) of the whole sentences starting with each example opening in ``text``."""
    from reader.sentences import sentence_spans  # (the window's first paint shows HINT, not these)

    spans = sentence_spans(text)
    out = []
    for label, opening, note in EXAMPLES:
        at = text.find(opening)
        if at < 0:
            continue
        for s, e in spans:
            if s <= at < e:
                out.append((label, s, e, note))
                break
    return out
