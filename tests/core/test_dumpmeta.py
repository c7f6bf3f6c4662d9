import pytest

from tickertape.dates import date_from_url
from tickertape.dumpmeta import byline_name, dump_blocks, find_dump_meta

STORY = ("The chip maker said on Monday that quarterly revenue rose by a fifth as demand from data "
         "centres kept growing, and it raised its forecast for the rest of the year.")

DUMP = f"""Skip Navigation
  • Markets
  • Business
  • Chip maker lifts its forecast as data centres buy more

Markets|Chip maker lifts its forecast as data centres buy more

  • Share
  • Tweet

Chip maker lifts its forecast as data centres buy more

Demand for servers keeps rising, the company says.

By Jane Roe, Staff Writer

Updated 10:04 AM ET Mon, 18 Nov 2019

A worker in a plant. (Photo: Agency / Someone)

{STORY}

Analysts said the outlook was better than they had expected for the second half of the year.
"""


def test_headline_byline_and_dateline_above_the_story() -> None:
    meta = find_dump_meta(DUMP, STORY)
    assert meta.title == "Chip maker lifts its forecast as data centres buy more"
    assert meta.author == "Jane Roe"
    assert meta.date is not None and (meta.date.year, meta.date.month, meta.date.day) == (
        2019, 11, 18)


def test_menus_captions_and_share_calls_are_never_headlines() -> None:
    dump = ("  • Home\n  • Markets\n  • Tech\n\nShare this story\n\n"
            "A trader at work. (Photo: Agency / Someone)\n\n" + STORY + "\n")
    assert find_dump_meta(dump, STORY).title is None


def test_no_story_found_means_no_metadata() -> None:
    assert find_dump_meta(DUMP, "A paragraph that is not in the dump at all.").title is None


@pytest.mark.parametrize(
    ("line", "name"),
    [("By Jane Roe", "Jane Roe"), ("By Meg JamesStaff Writer", "Meg James"),
     ("By Jill Disis, CNN Business", "Jill Disis"), ("by the way, prices rose", None),
     ("By Natasha Turak @NatashaTurak", "Natasha Turak"), ("Jane Roe", None)],
)
def test_byline_names(line: str, name: str | None) -> None:
    assert byline_name(line) == name


def test_blocks_mark_lists_and_menus() -> None:
    blocks = dump_blocks("  • One\n  • Two\n\nA\nB\nC\n\nA real line of text\nwrapped here\n")
    assert blocks == ["\x00One", "\x00Two", "\x00A B C", "A real line of text wrapped here"]


@pytest.mark.parametrize(
    ("url", "date"),
    [("https://www.nytimes.com/2019/11/18/business/x.html", (2019, 11, 18)),
     ("https://e.com/news/2019-11-20/story", (2019, 11, 20)),
     ("https://e.com/story-4656421.html", None), (None, None)],
)
def test_date_from_url(url: str | None, date: tuple[int, int, int] | None) -> None:
    found = date_from_url(url)
    assert (found.year, found.month, found.day) == date if date else found is None
