from datetime import datetime

import pytest

from tickertape.clean import (
    absolutise_urls,
    check_publishable,
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
