"""Stories made only of figures: a results table printed under the headline of a text dump.

Wire services file earnings and statistics as a headline, a dateline and a few
short lines of numbers ("Shr 39 cts vs 50 cts", "Net 12.6 mln vs 15.8 mln").
The dump cleaner looks for prose and finds none, so such a story would be lost;
this module recognises the table by its shape instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tickertape.models import RemovedBlock

# Lines above the story that name it; the figures start after the last of them.
_HEADER_RULES = frozenset({"title", "dateline", "byline"})
# Rules the dump cleaner gives to lines it could not place: figure rows land here.
_CANDIDATE_RULES = frozenset({"boilerplate"})
# A capitalised row ("Record March Two") can pass for a name in an author box.
_NAME_RULES = frozenset({"author-box", "byline"})
# Digits, or a small number spelled out as house styles do ("Record March nine").
_NUMBER = re.compile(
    r"(?<![A-Za-z])\d[\d.,]*|(?i:\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)\b)"
)
# A figure row is short: a label and a few values. Rows may come joined into one
# line, and a note in prose may close the table, so longer rows are allowed as
# long as MIN_ROWS rows carry numbers and one of them is short.
ROW_MAX_CHARS = 80
MIN_ROWS = 2
# Share of rows that must carry a number; labels such as "Nine mths" may not.
MIN_NUMERIC_SHARE = 0.6
MIN_CHARS = 40
# Rows joined into one line still read as figures: many numbers for their words.
MIN_NUMBERS = 4
MIN_NUMBER_DENSITY = 0.2


def figure_rows(blocks: Sequence[RemovedBlock]) -> list[str]:
    """Removed blocks -> their non-empty lines, stripped."""
    return [line.strip() for block in blocks for line in block.text.splitlines() if line.strip()]


def find_figure_story(removed: Sequence[RemovedBlock]) -> tuple[int, int] | None:
    """Blocks removed from a dump with no story -> the index range [start, end) of the
    figure rows that are its story, or None.

    The rows must follow the headline block (title, dateline, byline) directly,
    before any widget, and look like a table: at least MIN_ROWS short lines, most
    of them carrying a number.
    """
    header = [i for i, block in enumerate(removed) if block.rule in _HEADER_RULES]
    if not header or not any(removed[i].rule == "title" for i in header):
        return None
    start = header[-1] + 1
    # The header lines must sit together: a dateline far below the title is a
    # footer stamp, not part of the head of the story.
    if header[-1] - header[0] >= len(header) + 1:
        return None
    end = start
    while end < len(removed) and (
        removed[end].rule in _CANDIDATE_RULES
        or (removed[end].rule in _NAME_RULES and _NUMBER.search(removed[end].text))
    ):
        end += 1
    rows = figure_rows(removed[start:end])
    if sum(len(r) for r in rows) < MIN_CHARS:
        return None
    numeric = [row for row in rows if _NUMBER.search(row)]
    short = [row for row in numeric if len(row) <= ROW_MAX_CHARS]
    if short and len(numeric) >= max(MIN_ROWS, MIN_NUMERIC_SHARE * len(rows)):
        return start, end
    text = " ".join(rows)
    numbers = len(_NUMBER.findall(text))
    if numbers >= MIN_NUMBERS and numbers >= MIN_NUMBER_DENSITY * len(text.split()):
        return start, end
    return None
