from datetime import datetime

import pytest

from tickertape.clean import (
    absolutise_urls,
    check_publishable,
    clean_text,
    render_blocks,
    summarise_text,
)
from tickertape.errors import UnreadableSource
from tickertape.models import CleanArticle


def test_render_blocks_escapes_and_groups_lists() -> None:
    html = render_blocks([("h", "Q3 <results>"), ("p", "A & B"), ("li", "one"), ("li", "two"),
                          ("p", "end")])
    assert html == ("<h2>Q3 &lt;results&gt;</h2>\n<p>A &amp; B</p>\n<ul>\n<li>one</li>\n"
                    "<li>two</li>\n</ul>\n<p>end</p>")


def test_render_blocks_never_lets_markup_through() -> None:
    assert "<script" not in render_blocks([("p", "<script>alert(1)</script>")])


def test_summary_is_first_real_paragraph_cut_at_a_word() -> None:
    text = "Short.\n\n" + "word " * 100
    summary = summarise_text(text, limit=50)
    assert summary.endswith("…") and len(summary) <= 51
    assert not summary.startswith("Short")


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="/x/y">a</a>', '<a href="https://site.example/x/y">a</a>'),
        ('<img src="img/a.png">', '<img src="https://site.example/news/img/a.png">'),
        ('<a href="https://other.example/">a</a>', '<a href="https://other.example/">a</a>'),
        ('<a href="#top">a</a>', '<a href="#top">a</a>'),
    ],
)
def test_relative_urls_are_made_absolute(html: str, expected: str) -> None:
    assert absolutise_urls(html, "https://site.example/news/story.html") == expected


def _article(**kw: object) -> CleanArticle:
    base = dict(title="T", date=datetime(2019, 1, 1), author=None, html="<p>x</p>",
                text="A story long enough to be published as an article.")
    base.update(kw)
    return CleanArticle(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kw", "reason"),
    [
        ({"text": ""}, "no story text"),
        ({"title": None}, "no title"),
        ({"date": None}, "no publication date"),
    ],
)
def test_unpublishable_articles_say_why(kw: dict[str, object], reason: str) -> None:
    with pytest.raises(UnreadableSource, match=reason):
        check_publishable(_article(**kw), "x.html")


def test_publishable_article_passes() -> None:
    check_publishable(_article(), "x.html")


def test_wire_table_dump_is_publishable() -> None:
    dump = (
        "ALDER ROBOTICS INC YEAR NET\n\nPublished on: 26 Feb, 1987 15:20\n\n"
        "Shr 39 cts vs 50 cts\nNet 1,234,000 vs 1,456,000\nRevs 12.3 mln vs 11.2 mln\n\n"
        "  • 120Views\n  • 0Comments\n\nShare this story\n\n  • Facebook\n  • Twitter\n"
    )
    article = clean_text(dump)
    check_publishable(article, "wire.txt")
    assert article.html.startswith("<pre>Shr 39 cts vs 50 cts\nNet 1,234,000")
    assert article.date == datetime(1987, 2, 26, 15, 20)
    assert "Views" not in article.text
