"""HTML page cleaner: golden pages per widget kind, metadata helpers, block rules."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest

from tickertape.htmlpage import (
    Block,
    PageArticle,
    choose_author,
    clean_page,
    parse_date,
    restore_links,
    strip_site_suffix,
    unmark_text,
)

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "html"
CASES = sorted(p.name[: -len(".in.html")] for p in GOLDEN.glob("*.in.html"))

STORY = (
    "<p>The company said on Monday that quarterly revenue rose nine percent from a year earlier,"
    " helped by strong demand for its cloud software among large corporate customers.</p>"
    "<p>Analysts had expected slower growth after a weak start to the year, and the shares rose"
    " four percent in early trading as investors welcomed the stronger than expected figures.</p>"
    "<p>Management repeated its forecast for the full year and said hiring would continue at a"
    " steady pace in the engineering and sales teams through the second half.</p>"
)


def page(body: str, head: str = "<title>Revenue rises nine percent</title>") -> str:
    """Body HTML -> a whole page around it."""
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    )


@pytest.fixture(scope="module")
def golden() -> dict[str, tuple[dict[str, object], PageArticle]]:
    """Every golden case -> (expectations, cleaned page), cleaned once per test run."""
    out = {}
    for case in CASES:
        expect = json.loads((GOLDEN / f"{case}.expect.json").read_text("utf-8"))
        html = (GOLDEN / f"{case}.in.html").read_text("utf-8")
        out[case] = (expect, clean_page(html))
    return out


def test_golden_cases_cover_every_widget_kind() -> None:
    expected = {
        "counter",
        "share_list",
        "newsletter",
        "related_list",
        "comment_placeholder",
        "promo",
        "disclaimer",
        "cookie_banner",
        "paywall",
        "structure",
        "images",
        "title_suffix",
        "author_box",
    }
    assert expected <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_golden_page(case: str, golden: dict[str, tuple[dict[str, object], PageArticle]]) -> None:
    expect, art = golden[case]
    for snippet in expect.get("keep", []):  # type: ignore[union-attr]
        assert snippet in art.text, f"lost story text {snippet!r}"
    for snippet in expect.get("drop", []):  # type: ignore[union-attr]
        assert snippet not in art.text and snippet not in art.html, f"kept widget {snippet!r}"
    for snippet in expect.get("html", []):  # type: ignore[union-attr]
        assert snippet in art.html, f"missing markup {snippet!r}"
    for snippet in expect.get("html_absent", []):  # type: ignore[union-attr]
        assert snippet not in art.html, f"unwanted markup {snippet!r}"
    for field in ("title", "author", "url"):
        if field in expect:
            assert getattr(art, field) == expect[field]
    if "date" in expect:
        assert art.date is not None and art.date.date().isoformat() == expect["date"]
    rules = {b.rule for b in art.removed}
    for rule in expect.get("rules", []):  # type: ignore[union-attr]
        assert rule in rules, f"no block removed as {rule!r}: {sorted(rules)}"
    assert "<script" not in art.html and "<style" not in art.html


@pytest.mark.parametrize(
    ("title", "sitename", "host", "h1", "expected"),
    [
        (
            "Central bank holds rates | The Ledger",
            "The Ledger",
            None,
            None,
            "Central bank holds rates",
        ),
        (
            "Central bank holds rates - Reuters",
            None,
            "www.reuters.com",
            None,
            "Central bank holds rates",
        ),
        (
            "Coty could surge after makeover | CNBC",
            "CNBC",
            None,
            None,
            "Coty could surge after makeover",
        ),
        (
            "Trade war keeps world guessing — The New York Times",
            "The New York Times",
            None,
            None,
            "Trade war keeps world guessing",
        ),
        (
            "Ledger Daily: Markets slide on rate fears",
            "Ledger Daily",
            None,
            None,
            "Markets slide on rate fears",
        ),
        (
            "Opinion | Rates are too high - The Ledger",
            "The Ledger",
            None,
            "Rates are too high",
            "Rates are too high",
        ),
        # A colon inside the headline is not a site separator.
        (
            "Fact check: is the oxygen bar real?",
            "Daily News",
            None,
            None,
            "Fact check: is the oxygen bar real?",
        ),
        # Without anything naming the site, the title stays whole.
        ("Stocks rise - bonds fall", None, None, None, "Stocks rise - bonds fall"),
        # A site name that itself holds a separator is peeled off in one piece.
        (
            "Naija Daily | Lagos news: Banks extend hours",
            "Naija Daily | Lagos news",
            None,
            None,
            "Banks extend hours",
        ),
    ],
)
def test_strip_site_suffix(
    title: str, sitename: str | None, host: str | None, h1: str | None, expected: str
) -> None:
    assert strip_site_suffix(title, sitename, host, h1) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-11-19T13:23:59-05:00", datetime(2019, 11, 19, 13, 23, 59)),
        ("2019-11-19T07:03:25Z", datetime(2019, 11, 19, 7, 3, 25)),
        ("2018-06-19", datetime(2018, 6, 19)),
        ("Tue, 19 Nov 2019 10:00:00 GMT", datetime(2019, 11, 19, 10, 0, 0)),
        ("2019/11/19 08:30", datetime(2019, 11, 19, 8, 30)),
        ("0001-01-01T00:00:00Z", None),  # placeholder dates some CMSs emit
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: str | None, expected: datetime | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("candidates", "sitename", "expected"),
    [
        (("By TOM KRISHER, AP Auto Writer", None, None), None, "Tom Krisher"),
        (
            ("Meg Kinnard; Errin Haines; Associated Press", None, None),
            None,
            "Meg Kinnard, Errin Haines",
        ),
        (("Ilana Muhlstein, MS, RDN", None, None), None, "Ilana Muhlstein"),
        (("admin", "Jane Doe", None), None, "Jane Doe"),  # a CMS login is not a byline
        (("BBC News", None, "Jane Doe"), "BBC", "Jane Doe"),  # an outlet yields to a person
        (("Associated Press", None, None), None, "Associated Press"),  # outlet when nothing else
        ((None, None, None), None, None),
    ],
)
def test_choose_author(
    candidates: tuple[str | None, ...], sitename: str | None, expected: str | None
) -> None:
    assert choose_author(candidates, sitename) == expected


def test_link_markers_round_trip() -> None:
    marked = "See \ue000\ue010\ue001the filing\ue002 and \ue000\ue011\ue001this\ue002."
    text, link_chars = unmark_text(marked)
    assert text == "See the filing and this."
    assert link_chars == len("the filing") + len("this")
    html = restore_links(marked, ["https://example.com/f", "javascript:alert(1)"])
    assert html == 'See <a href="https://example.com/f">the filing</a> and this.'


@pytest.mark.parametrize(
    ("snippet", "kind", "words", "link_share"),
    [
        ("<p>quarterly revenue rose nine percent</p>", "p", 5, 0.0),
        ("<p><a href='/a'>Stocks close higher on Friday</a></p>", "p", 5, 1.0),
    ],
)
def test_block_measures(snippet: str, kind: str, words: int, link_share: float) -> None:
    from tickertape.htmlpage import html_to_nodes, nodes_to_blocks, parse_page, prepare_tree

    tree = parse_page(page(snippet))
    prepare_tree(tree)
    blocks: list[Block] = nodes_to_blocks(html_to_nodes(tree.find("body")))
    assert [(b.kind, b.words, round(b.link_share, 1)) for b in blocks] == [
        (kind, words, link_share)
    ]


@pytest.mark.parametrize(
    ("widget", "gone"),
    [
        ("<p>Read more: <a href='/x'>Bank cuts jobs in Europe</a></p>", "Bank cuts jobs in Europe"),
        ("<p><a href='/y'>CEO SAYS SHARES ARE UNDERVALUED AFTER SLIDE</a></p>", "UNDERVALUED"),
        ("<p>Like this story? Share it with a friend!</p>", "Share it with a friend"),
        (
            "<p>Get the print edition: 12 issues for £11.99, delivered to your door.</p>",
            "12 issues",
        ),
        ("<p>This copy is for your personal, non-commercial use only.</p>", "non-commercial use"),
        ("<p>Sign up for our newsletter</p>", "Sign up for our newsletter"),
    ],
)
def test_widget_inside_story_dropped(widget: str, gone: str) -> None:
    # Between story paragraphs, where only the cleaner's own rules catch it.
    head, tail = STORY.split("</p>", 1)
    body = f"<article><h1>Revenue rises nine percent</h1>{head}</p>{widget}{tail}</article>"
    art = clean_page(page(body))
    assert "quarterly revenue rose nine percent" in art.text
    assert gone not in art.text
    assert any(gone in b.text for b in art.removed)


@pytest.mark.parametrize(
    ("widget", "gone"),
    [
        ("<p>Reporting by Jane Roe; Editing by John Poe</p>", "Editing by John Poe"),
        ("<p>Tags: banks, earnings, cloud</p>", "Tags: banks"),
        ("<p>Email Jane Roe at jroe@example.com or follow her on Twitter.</p>", "jroe@example.com"),
        (
            "<ul><li><a href='/a'>Bank cuts jobs</a></li><li><a href='/b'>Oil slides</a></li></ul>",
            "Oil slides",
        ),
    ],
)
def test_widget_after_story_dropped(widget: str, gone: str) -> None:
    art = clean_page(page(f"<article><h1>Revenue rises nine percent</h1>{STORY}{widget}</article>"))
    assert "steady pace in the engineering and sales teams" in art.text
    assert gone not in art.text


def test_story_sentence_with_widget_words_survives() -> None:
    quote = (
        "<p>Shareholders will be asked to comment on the plan, and the board said it would share"
        " more details about the newsletter business in the spring.</p>"
    )
    closing = "<p>The meeting is planned for the first week of June at the head office.</p>"
    art = clean_page(page(f"<article>{STORY}{quote}{closing}</article>"))
    assert "Shareholders will be asked to comment on the plan" in art.text


def test_embedded_post_kept_as_quote() -> None:
    tweet = (
        "<div class='social-embed'><blockquote class='twitter-tweet'><p>Revenue up nine percent,"
        " a record quarter for the whole team</p>&mdash; A. Person (@aperson)</blockquote></div>"
    )
    art = clean_page(
        page(
            f"<article>{STORY}{tweet}<p>The results were published after the"
            " close of trading on Monday evening in New York.</p></article>"
        )
    )
    assert "a record quarter for the whole team" in art.text


def test_hover_card_inside_sentence_dropped() -> None:
    card = (
        "<p>Chief executive Ann Lee<span class='rollover-people'><a href='/p'>Ann Lee</a>"
        "<a href='/s1'>Other story one</a></span> said the quarter was strong and that"
        " the company would keep investing in new products next year.</p>"
    )
    art = clean_page(page(f"<article>{STORY}{card}</article>"))
    assert "Other story one" not in art.text
    assert "Chief executive Ann Lee said the quarter was strong" in art.text


def test_link_survives_as_anchor() -> None:
    linked = (
        "<p>The full results are in <a href='https://example.com/q3.pdf'>the quarterly filing</a>"
        " published by the company on its investor relations website on Monday.</p>"
    )
    art = clean_page(page(f"<article>{STORY}{linked}</article>"))
    assert '<a href="https://example.com/q3.pdf">the quarterly filing</a>' in art.html
    assert "\ue000" not in art.text and "\ue000" not in art.html


def test_reserved_characters_in_page_do_not_forge_links() -> None:
    forged = "<p>Odd \ue000\ue010\ue001characters\ue002 in a sentence about quarterly revenue.</p>"
    art = clean_page(page(f"<article>{STORY}{forged}</article>"))
    assert "<a " not in art.html
    assert "\ue000" not in art.text


@pytest.mark.parametrize("html", ["", "   ", "<html></html>", "plain words only", "<p>x</p>" * 3])
def test_degenerate_pages_do_not_crash(html: str) -> None:
    art = clean_page(html)
    assert isinstance(art, PageArticle)
    assert "<script" not in art.html


def test_no_script_or_style_in_body() -> None:
    evil = "<script>alert(1)</script><style>p{}</style>"
    art = clean_page(page(f"<article>{STORY}{evil}</article>"))
    assert "<script" not in art.html and "alert(1)" not in art.text
    assert "<style" not in art.html


def test_text_left_out_by_the_extractor_is_reported_in_runs() -> None:
    nav = (
        "<nav><ul><li>Markets today in brief</li><li>Personal finance news</li>"
        "<li>Company results this week</li></ul></nav>"
    )
    footer = "<footer><p>Copyright Example Media Group, all of it</p></footer>"
    art = clean_page(page(f"{nav}<article>{STORY}</article>{footer}"))
    left_out = [b for b in art.removed if b.rule == "extractor"]
    assert any("Markets today" in b.text and "Company results" in b.text for b in left_out)
    assert not any("quarterly revenue rose nine percent" in b.text for b in art.removed)


def test_teaser_grid_after_story_dropped() -> None:
    grid = (
        "<h3><a href='/a'>Lender posts record profit as rates stay high</a></h3>"
        "<img src='https://img.example.com/a.jpg' alt='Bank branch'>"
        "<h3><a href='/b'>Carmaker delays new plant by a year</a></h3>"
        "<h3>Regulator fines broker over late trade reports</h3>"
    )
    art = clean_page(page(f"<article>{STORY}{grid}</article>"))
    assert "Carmaker delays new plant" not in art.text
    assert "Regulator fines broker" not in art.text
    assert "steady pace in the engineering and sales teams" in art.text


def test_closing_section_heading_with_text_survives() -> None:
    closing = (
        "<h3>What comes next</h3><p>The company will report its annual results in February,"
        " when it also plans to update investors on its hiring targets.</p>"
    )
    art = clean_page(page(f"<article>{STORY}{closing}</article>"))
    assert "What comes next" in art.text


@pytest.mark.parametrize(
    "tail",
    [
        "<p>" + "@handle " * 25 + "!</p>",  # many handles, then a character that fails the match
        "<p>" + "[b] " * 400 + "</p>",
        "<ul>" + "<li><a href='/x'>x</a></li>" * 2000 + "</ul>",
    ],
)
def test_pathological_blocks_finish_quickly(tail: str) -> None:
    import time

    start = time.perf_counter()
    clean_page(page(f"<article>{STORY}{tail}</article>"))
    assert time.perf_counter() - start < 2.0


@pytest.mark.parametrize(
    ("src", "alt", "kept"),
    [
        ("https://img.example.com/chart.png", "Chart of yields", True),
        ("/media/chart.png", "Chart of yields", True),  # root-relative: resolved by the caller
        ("//cdn.example.com/chart.png", "Chart of yields", True),
        ("https://img.example.com/chart.png", "", False),  # no alt text
        ("data:image/gif;base64,R0lGODlh", "Chart", False),
        ("https://img.example.com/spacer.gif", "Chart", False),
        ("javascript:alert(1)", "Chart", False),
        # Branding is page chrome, whichever name carries the word.
        ("https://www.example.com/img/print-header-logo.png", "print header", False),
        ("https://www.example.com/img/masthead.png", "Daily Example logo", False),
        ("https://img.example.com/logistics-hub.jpg", "A logistics hub", True),
        ("https://img.example.com/catalogue.jpg", "Catalogue cover", True),
    ],
)
def test_image_needs_real_source_and_alt(src: str, alt: str, kept: bool) -> None:
    from lxml import etree

    from tickertape.htmlpage import _render_image

    html = _render_image(etree.Element("graphic", src=src, alt=alt))
    assert ("<img" in html) is kept


SIDEBAR = "<aside><p>Most read: ten stocks to watch this week and more headlines.</p></aside>"
ICON = "<svg><path d='M0 0L1 1'/></svg>"
FOOTER = "<footer><p>Copyright Example Media. All rights reserved.</p></footer>"
LD_JSON = '<script type=\'application/ld+json\'>{"@type": "NewsArticle"}</script>'


@pytest.mark.parametrize(
    ("body", "left"),
    [
        # Sidebars, footers and icons go; the story stays.
        (f"<article>{STORY}{ICON}</article>{SIDEBAR}{FOOTER}", set()),
        # A part holding the headline or structured data is read before cleaning: kept.
        (f"<aside><h1>Revenue rises</h1></aside><article>{STORY}</article>", {"aside"}),
        (f"<article>{STORY}</article><footer>{LD_JSON}</footer>", {"footer"}),
        # With every paragraph inside a part the extractor deletes, nothing goes.
        (f"{SIDEBAR}<nav><p>Home</p></nav>{ICON}", {"aside", "svg"}),
    ],
)
def test_drop_extractor_chrome(body: str, left: set[str]) -> None:
    from tickertape.htmlpage import drop_extractor_chrome, parse_page

    tree = parse_page(page(body))
    drop_extractor_chrome(tree)
    assert {el.tag for el in tree.iter("aside", "footer", "svg")} == left
    assert "quarterly revenue" in tree.text_content() or "Most read" in tree.text_content()


@pytest.mark.parametrize(
    "body",
    [
        f"<div class='story'>{STORY}{ICON}</div>{SIDEBAR}{FOOTER}",
        f"<main><p>Short note.</p></main><aside>{STORY}</aside>{FOOTER}",
        f"<div><h2>Markets</h2>{ICON}<p>Shares fell on Monday.</p></div>{FOOTER}",
    ],
)
def test_extractor_result_unchanged_without_chrome(body: str) -> None:
    import trafilatura
    from lxml import etree

    from tickertape.htmlpage import drop_extractor_chrome, parse_page

    def extract(drop: bool) -> str:
        tree = parse_page(page(body))
        if drop:
            drop_extractor_chrome(tree)
        doc = trafilatura.bare_extraction(
            tree, fast=True, include_comments=False, output_format="xml", with_metadata=False
        )
        return etree.tostring(doc.body, encoding=str) if doc is not None else ""

    assert "<p>" in extract(False)  # the extractor found something to compare
    assert extract(True) == extract(False)


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("<div class='byline'>By Jane Doe</div>", "Jane Doe"),
        ("<span class='c-author__name'>Jane Doe</span>", "Jane Doe"),
        ("<div id='story-byline'>by Jane Doe | Reuters</div>", "Jane Doe"),
        (
            "<a rel='author' href='/jd'>Jane Doe</a><div class='byline'>By John Roe</div>",
            "Jane Doe",
        ),
        (
            "<span itemprop='author'><span itemprop='name'>Jane Doe</span> in Paris</span>",
            "Jane Doe",
        ),
        # Byline-like class names that hold prose or nothing are no name.
        ("<div class='authority'>the regulator said on Monday that it would act</div>", None),
        ("<div class='headline'>Jane Doe</div>", None),
    ],
)
def test_find_byline_name(body: str, name: str | None) -> None:
    from tickertape.htmlpage import find_byline_name, parse_page

    assert find_byline_name(parse_page(page(body))) == name


@pytest.mark.parametrize(
    ("text", "count", "words"),
    [
        ("Shares rose", 8, ["shares", "rose"]),
        (
            "One two three four five six seven eight nine ten",
            8,
            "one two three four five six seven eight".split(),
        ),
        ("One two three four five six seven eight nine ten", 3, ["one", "two", "three"]),
        # A long paragraph whose last wanted word runs past the opening is still read whole.
        ("a " * 7 + "x" * 300, 8, ["a"] * 7 + ["x" * 300]),
        ("Ünïcode Wörds " * 40, 8, ["ünïcode", "wörds"] * 4),
        ("ΟΔΟΣ " * 40, 12, ["οδος"] * 12),
    ],
)
def test_opening_words(text: str, count: int, words: list[str]) -> None:
    from tickertape.htmlpage import _opening_words

    assert _opening_words(text, count) == words
    assert words == _WORD_RE.findall(text.lower())[:count]  # what it stands in for


_WORD_RE = re.compile(r"\w+")


def test_forms_parse_as_plain_elements() -> None:
    import lxml.html

    from tickertape.htmlpage import parse_page

    tree = parse_page(page("<form><label>Email</label><input name='e'><select></select></form>"))
    assert all(type(el) is lxml.html.HtmlElement for el in tree.iter("form", "input", "select"))
    assert tree.find(".//form").text_content() == "Email"


def test_text_without_markers_is_returned_as_is() -> None:
    assert unmark_text("Plain words, no links.") == ("Plain words, no links.", 0)


def test_drop_extractor_chrome_keeps_only_json_ld_in_head() -> None:
    from tickertape.htmlpage import drop_extractor_chrome, parse_page

    head = f"<title>Revenue</title><meta name='author' content='Jane Doe'><link rel='x'>{LD_JSON}"
    tree = parse_page(page(f"<article>{STORY}</article>", head=head))
    drop_extractor_chrome(tree)
    assert [el.tag for el in tree.find("head")] == ["script"]
