"""Stories made only of figures (tickertape.figures) and their path through clean_text."""

from __future__ import annotations

import pytest

from tickertape.clean import check_publishable, clean_text
from tickertape.figures import find_figure_story
from tickertape.models import RemovedBlock as R

HEAD = [R("ACME WIDGETS CO <ACW> 2ND QTR NET", "title"), R("Posted: 4 May, 2021 10:02", "dateline")]
WIDGETS = [R("41 Views", "counter"), R("Share this story", "share")]


@pytest.mark.parametrize("rows, span", [
    # One block per row: the common shape.
    (["Shr 41 cts vs 30 cts", "Net 8.2 mln vs 6.1 mln", "Revs 90.4 mln vs 84.0 mln"], (2, 5)),
    # A label row without a number between figure rows.
    (["Shr 41 cts vs 30 cts", "Six mths", "Shr 77 cts vs 58 cts"], (2, 5)),
    # Numbers spelled out; a closing note in prose.
    (["Qtly div ten cts vs ten cts prior", "Pay June one", "Record May 20",
      "NOTE: the company was formerly known as Acme Widget Works Inc of Dayton, Ohio."], (2, 6)),
    # Rows joined into one long line still carry many numbers for their words.
    (["Shr profit three cts vs loss seven cts Net profit 161,000 vs loss 367,000 "
      "Revs 24.3 mln vs 26.5 mln"], (2, 3)),
    # Prose lines with a number or two are no table.
    (["Watch the full interview with our editor on the markets this week.",
      "Updated 3 hours ago by the newsroom staff and our partners abroad."], None),
    # Too little to be a story.
    (["Q1 9", "Q2 7"], None),
    # Nothing after the headline.
    ([], None),
])
def test_find_figure_story(rows: list[str], span: tuple[int, int] | None) -> None:
    removed = HEAD + [R(row, "boilerplate") for row in rows] + WIDGETS
    assert find_figure_story(removed) == span


def test_figures_need_the_headline_just_above() -> None:
    rows = [R("Shr 41 cts vs 30 cts", "boilerplate"), R("Net 8.2 mln vs 6.1 mln", "boilerplate")]
    # No headline found: nothing anchors the table.
    assert find_figure_story([HEAD[1], *rows, *WIDGETS]) is None
    # A widget between the headline and the rows: they are not the story.
    assert find_figure_story([*HEAD, WIDGETS[0], *rows]) is None
    # A "dateline" far below the headline is a footer stamp, not the head.
    far = [HEAD[0], R("Menu", "navigation"), R("Home", "navigation"), R("Markets", "navigation"),
           HEAD[1], *rows]
    assert find_figure_story(far) is None


def test_a_figure_row_read_as_a_name_joins_the_table() -> None:
    removed = [*HEAD, R("Qtly div 65 cts vs 65 cts prior Pay May Seven", "boilerplate"),
               R("Record April Seven", "author-box"), *WIDGETS]
    assert find_figure_story(removed) == (2, 4)
    # Without a number it stays an author box, and one row alone is no table.
    removed[3] = R("Jane Q Public", "author-box")
    assert find_figure_story(removed) is None


DUMP = """\
ACME WIDGETS CO 2ND QTR NET

Posted: 4 May, 2021 10:02

Shr 41 cts vs 30 cts
Net 8.2 mln vs 6.1 mln
Revs 90.4 mln vs 84.0 mln
Six mths
Shr 77 cts vs 58 cts
Net 15.1 mln vs 11.9 mln

  * 41 Views
  * 0 Comments

Share this story

  * Facebook
  * Twitter
"""


def test_clean_text_publishes_a_figures_story_as_preformatted_rows() -> None:
    article = clean_text(DUMP)
    check_publishable(article, "acme.txt")  # raises when there is no story
    assert article.title == "ACME WIDGETS CO 2ND QTR NET"
    assert article.date is not None and article.date.year == 2021
    assert article.html.startswith("<pre>Shr 41 cts vs 30 cts\nNet 8.2 mln")
    assert "Views" not in article.text and "Facebook" not in article.text
    assert "Six mths" in article.text
    assert all("Shr 41" not in r.text for r in article.removed)
