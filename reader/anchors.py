"""Quote selectors for highlights: the exact text plus a little context on each side."""

from __future__ import annotations

CONTEXT = 32


def make_quote(text: str, start: int, end: int) -> tuple[str, str, str]:
    """Return ``(exact, prefix, suffix)`` for ``text[start:end]`` with up to CONTEXT chars of context."""
    return text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]
