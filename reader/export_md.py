"""Markdown export: per article its title, link and fact density, then facts, filler and other lists.

Quotes keep their block breaks (a highlight spanning two paragraphs shows as two lines of one list item)
and Markdown punctuation in them is escaped so the text reads exactly as it was highlighted.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from reader.stats import density

if TYPE_CHECKING:
    from reader.models import ArticleSummary
    from reader.store import Library

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=~]|\d+[.)])")
SECTION_TITLES = {"fact": "Facts", "filler": "Filler"}


def escape(text: str) -> str:
    """Escape Markdown punctuation in one line of text (and a block-starting character at its start)."""
    text = _SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(_escape_lead, text)


def _escape_lead(m: re.Match[str]) -> str:
    """Escape a list/heading/quote marker at the start of a line (``1.`` becomes ``1\\.``)."""
    space, mark = m.group(1), m.group(2)
    if mark[0].isdigit():
        return space + mark[:-1] + "\\" + mark[-1]
    return space + "\\" + mark


def one_line(text: str) -> str:
    """Collapse whitespace (titles, notes in headings) to single spaces."""
    return " ".join(text.split())


def list_item(exact: str, note: str | None) -> str:
    """Render one highlight as a list item; block breaks become hard line breaks inside the item."""
    lines = [escape(line.strip()) for line in exact.split("\n")]
    lines = [line for line in lines if line] or ["(empty)"]
    item = "- " + "\\\n  ".join(lines)
    if note:
        item += "\n  - Note: " + escape(one_line(note))
    return item


def density_line(summary: ArticleSummary | None) -> str:
    """The "Fact density" line of one article."""
    if summary is None:
        return "Fact density: unknown"
    d = density(summary.fact_words, summary.filler_words)
    if d is None:
        return "Fact density: none yet (nothing is labelled fact or filler)"
    return f"Fact density: {d:.0%} ({summary.fact_words} fact words, {summary.filler_words} filler words)"


def article_section(
    summary: ArticleSummary | None, article_id: int, rows: list[tuple], order: list[str]
) -> str:
    """Render one article: heading, link, density, then one list per label."""
    title = one_line(summary.title) if summary and summary.title else f"Article {article_id}"
    out = [f"## {escape(title)}", ""]
    url = summary.url if summary else None
    out.append(
        f"<{url}>"
        if url and " " not in url and ">" not in url
        else (escape(url) if url else "No link (added from a file).")
    )
    out.extend(["", density_line(summary), ""])
    by_label: dict[str, list[tuple]] = {}
    for row in rows:
        by_label.setdefault(row[4], []).append(row)
    names = [n for n in order if n in by_label] + sorted(n for n in by_label if n not in order)
    if not names:
        out.extend(["No highlights.", ""])
    for name in names:
        items = by_label[name]
        out.append(f"### {escape(SECTION_TITLES.get(name, name))} ({len(items)})")
        out.append("")
        out.extend(list_item(r[7], r[10]) for r in items)
        out.append("")
    return "\n".join(out) + "\n"


def write_markdown(library: Library, out: TextIO, rows: Iterable[tuple], article_id: int | None) -> int:
    """Write the digest for ``rows`` (ordered by article); return the number of highlights written."""
    summaries = {s.id: s for s in library.list_articles(archived=None)}
    label_order = [lb.name for lb in library.labels()]
    order = ["fact", "filler"] + [n for n in label_order if n not in ("fact", "filler")]
    out.write("# Sift highlights\n\n")
    n = 0
    seen = False
    for aid, group in itertools.groupby(rows, key=lambda r: r[0]):
        items = list(group)
        n += len(items)
        seen = True
        out.write(article_section(summaries.get(aid), aid, items, order) + "\n")
    if not seen:
        if article_id is not None:
            out.write(article_section(summaries.get(article_id), article_id, [], order))
        else:
            out.write("No highlights yet.\n")
    return n
