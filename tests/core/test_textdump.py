"""Text-dump cleaner: paragraph rebuild, widget removal by kind, metadata, nothing lost silently."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest

from tickertape.textdump import DumpArticle, clean_dump

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "text"
CASES = sorted(
    p.name.removesuffix(".in.txt") for p in GOLDEN.glob("*.in.txt") if p.name != "seed.in.txt"
)

STORY = [
    "Shares of Alder Robotics rose sharply on Tuesday after the company said that orders for its "
    "warehouse machines had doubled in the last quarter, helped by demand from grocery chains.",
    "The company also said it would open a second factory next year and hire about three hundred "
    "people to staff it, a plan that its chief executive described as the largest in its history.",
    "Analysts said the results showed that automation spending was holding up even as other parts "
    "of the technology industry were cutting back on investment for the coming year.",
]


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Paragraph -> lines no wider than width, as a terminal browser wraps them."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(indent) + len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(indent + line)
    return lines


def dump(*parts: str | list[str]) -> str:
    """Blocks (strings, or lists of lines) -> dump text with blank lines between blocks."""
    out: list[str] = []
    for part in parts:
        out.extend([part] if isinstance(part, str) else part)
        out.append("")
    return "\n".join(out)


def body(article: DumpArticle) -> str:
    return article.text


@pytest.mark.parametrize("width,indent", [(99, ""), (94, "   "), (60, "")])
def test_wrapped_lines_join_into_paragraphs(width: int, indent: str) -> None:
    text = dump("Alder Robotics Doubles Orders", "June 3, 2020",
                *[wrap(p, width, indent) for p in STORY])
    article = clean_dump(text)
    assert [b.text for b in article.blocks] == STORY
    assert all(b.kind == "p" for b in article.blocks)


@pytest.mark.parametrize(
    "marker",
    ["  • ", "     * ", "  1. ", "       + "],
)
def test_list_items_become_li_blocks(marker: str) -> None:
    items = [
        "Orders for warehouse machines doubled from a year earlier, the company said.",
        "A second factory will open next year and employ about three hundred people.",
        "The chief executive called the expansion the largest in the company's history.",
    ]
    text = dump("Alder Robotics Doubles Orders", "June 3, 2020", STORY[0] + " Highlights:",
                [marker + it for it in items], STORY[1], STORY[2])
    article = clean_dump(text)
    lis = [b.text for b in article.blocks if b.kind == "li"]
    assert lis == items


def test_title_date_and_byline_are_metadata_not_body() -> None:
    text = dump("Alder Robotics Doubles Orders", "By Jane Porter",
                "Updated 3:04 PM ET, Tue June 2, 2020",
                *STORY)
    article = clean_dump(text)
    assert article.title == "Alder Robotics Doubles Orders"
    assert article.date == datetime(2020, 6, 2, 15, 4)
    assert article.author == "Jane Porter"
    assert "Alder Robotics Doubles Orders" not in body(article)
    assert "Jane Porter" not in body(article)
    assert {r.rule for r in article.removed} >= {"title", "dateline", "byline"}


def test_leading_space_of_a_paragraph_is_stripped() -> None:
    text = dump("Alder Robotics Doubles Orders", "June 3, 2020", STORY[0], " " + STORY[1], STORY[2])
    assert clean_dump(text).blocks[1].text == STORY[1]


def test_menu_before_and_teasers_after_the_story_are_dropped() -> None:
    menu = [f"  • {w}" for w in ("Home", "Markets", "Tech", "Opinion", "Video", "Podcasts")]
    teasers = ["More from Markets", "  • Oil Slides as Stocks Build Up",
               "  • Bond Yields Edge Higher"]
    article = clean_dump(dump(menu, "Alder Robotics Doubles Orders", "June 3, 2020", *STORY,
                              teasers))
    assert [b.text for b in article.blocks] == STORY


def test_subheading_inside_the_story_is_kept_as_heading() -> None:
    text = dump("Alder Robotics Doubles Orders", "June 3, 2020", STORY[0], "A New Factory",
                STORY[1], STORY[2])
    article = clean_dump(text)
    assert ("h", "A New Factory") in [(b.kind, b.text) for b in article.blocks]


def test_comments_after_the_story_are_cut_off() -> None:
    comments = [
        "Comments",
        "jdoe 2 days ago",
        "I have been saying for years that this company would do well, and the people who doubted "
        "it should have a look at these numbers before they write another word about it.",
        "Reply",
    ]
    article = clean_dump(dump("Alder Robotics Doubles Orders", "June 3, 2020", *STORY, *comments))
    assert "doubted" not in body(article)
    assert [b.text for b in article.blocks] == STORY


def test_related_box_between_paragraphs_does_not_cut_the_story() -> None:
    box = ["Related", "  • Oil Slides as Stocks Build Up", "  • Bond Yields Edge Higher"]
    more = [
        "Rival makers of warehouse equipment reported weaker numbers last month, which made the "
        "jump in orders at Alder stand out all the more to investors who follow the sector.",
        "The company did not say how much the new factory would cost, but people familiar with the "
        "plans said it would be paid for from cash on hand rather than with new borrowing.",
    ]
    article = clean_dump(dump("Alder Robotics Doubles Orders", "June 3, 2020", STORY[0], *box,
                              STORY[1], STORY[2], *more))
    text = body(article)
    assert "Oil Slides" not in text
    assert all(p in text for p in STORY + more)


def test_cjk_story_is_found() -> None:
    para = ("東京株式市場では、輸出関連株を中心に買いが広がり、日経平均株価は三日続伸した。"
            "市場関係者は、海外の金利低下が追い風になったと話している。")
    second = ("午後に入ると、円相場が落ち着いたことで自動車株にも買い戻しが入った。"
              "一方、銀行株は利回りの低下を受けて軟調だった。")
    third = "取引所によると、売買代金は前日を上回り、値上がり銘柄数は全体の七割近くに達した。"
    text = dump("  • ホーム", "  • ニュース", "株価が続伸", "2019年11月19日", para, second, third)
    article = clean_dump(text)
    assert all(p in body(article) for p in (para, second, third))
    assert article.title == "株価が続伸"
    assert article.date == datetime(2019, 11, 19)


def test_empty_and_widget_only_dumps_give_no_story() -> None:
    assert clean_dump("").blocks == ()
    only = clean_dump(dump("  • Facebook", "  • Twitter", "Related Posts", "0 Comments"))
    assert only.blocks == ()


@pytest.mark.parametrize("case", CASES)
def test_golden_widget_cases(case: str) -> None:
    expect = json.loads((GOLDEN / f"{case}.expect.json").read_text("utf-8"))
    article = clean_dump((GOLDEN / f"{case}.in.txt").read_text("utf-8"))
    text = body(article)
    for snippet in expect["keep"]:
        assert snippet in text, snippet
    for snippet in expect["drop"]:
        assert snippet not in text, snippet
    assert expect["rule"] in {r.rule for r in article.removed}
    assert article.title == expect["title"]
    assert article.date is not None


def test_seed_expectations() -> None:
    article = clean_dump((GOLDEN / "seed.in.txt").read_text("utf-8"))
    assert article.title == "Microsoft’s Ethical Reckoning is Here"
    assert article.date is not None and article.date.date() == datetime(2018, 6, 19).date()
    assert article.author == "William Kim"
    starts = ("Microsoft has become the latest company", "Tom Keane, a general manager",
              "This repercussion against Microsoft")
    assert len(article.blocks) == 3
    for block, start in zip(article.blocks, starts, strict=True):
        assert block.kind == "p" and block.text.startswith(start)
    assert article.blocks[2].text.endswith("soon after President Donald Trump’s election.")
    text = body(article)
    for spam in ("3870Views", "0Comments", "Recommend to Friends", "facebook", "google plus",
                 "stumbleupon", "linkedin", "Sign Up for Weekly Updates", "eNewsletter",
                 "Related Posts", "23 Jun, 2017", "3411", "There is no comment on this article"):
        assert spam not in text, spam
    rules = {r.rule for r in article.removed}
    assert {"counter", "share", "newsletter", "related", "comments"} <= rules


@pytest.mark.parametrize("case", [*CASES, "seed"])
def test_no_line_is_lost_silently(case: str) -> None:
    source = (GOLDEN / f"{case}.in.txt").read_text("utf-8")
    article = clean_dump(source)
    accounted = [b.text for b in article.blocks] + [r.text for r in article.removed]
    for line in source.splitlines():
        content = re.sub(r"^\s*(?:[•◦▪□■*+#o-]|\d{1,3}[.)])\s+", "", line).strip()
        if re.search(r"\w", content):
            assert any(content in block for block in accounted), content


HEADLINE = "Alder Robotics Doubles Orders as Grocers Automate Warehouses"


@pytest.mark.parametrize(
    "head",
    [
        # A teaser for another story and the site's motto above the headline.
        ["Markets Slide as Oil Tumbles on Supply Worries", "The Business Daily | Your markets news",
         HEADLINE, "By Jane Porter", "June 3, 2020"],
        # Share buttons and a picture credit between the headline and the byline.
        [HEADLINE, "0Email this to someone", "Share on Facebook", "By Jane Porter",
         "June 3, 2020", "(Jane Doe / Associated Press)"],
        # A standfirst in prose under the headline.
        [HEADLINE, "The warehouse robot maker said orders for its machines had doubled in the "
         "last quarter as grocery chains automated", "By Jane Porter", "June 3, 2020"],
        # A dateline above the headline, as wires print it.
        ["June 3, 2020 / 12:21 AM", HEADLINE, "Jane Porter", "5 Min Read"],
    ],
)
def test_headline_is_the_title(head: list[str]) -> None:
    article = clean_dump(dump(*head, *STORY))
    assert article.title == HEADLINE
    assert [b.text for b in article.blocks] == STORY


@pytest.mark.parametrize(
    "byline,name",
    [
        ("By Jane Porter", "Jane Porter"),
        ("By Jane Porter and John Roe", "Jane Porter"),
        ("Jane Porter @janeporter", "Jane Porter"),
        ("Jane Porter, AP Business Writer", "Jane Porter"),
        ("By Jane PorterStaff Writer", "Jane Porter"),
        ("By Jane Porter | Special to the Daily", "Jane Porter"),
        ("By Jane Porter Updated Jun 3, 2020, 10:28am EST", "Jane Porter"),
        ("By Jane Porter On 6/3/20 at 4:00 PM EST", "Jane Porter"),
        ("June 2, 2020 7:45 am PST by Jane Porter", "Jane Porter"),
        ("Jane Porter - Jun 2, 2020, 10:31 pm CST", "Jane Porter"),
        ("Jane Porter", "Jane Porter"),
    ],
)
def test_author_comes_from_the_byline(byline: str, name: str) -> None:
    article = clean_dump(dump(HEADLINE, byline, "June 3, 2020", *STORY))
    assert article.author == name
    assert article.date is not None and article.date.month == 6


def test_by_on_its_own_line() -> None:
    article = clean_dump(dump(HEADLINE, "By", "Jane Porter", "June 3, 2020", *STORY))
    assert article.author == "Jane Porter"


@pytest.mark.parametrize(
    "line",
    ["Published Wed, Jun 3 20204:29 AM EST", "Ideas Contributor", "Watch Live Coverage",
     "Jane Doe | Getty Images", "Key Points"],
)
def test_no_author_is_invented(line: str) -> None:
    article = clean_dump(dump(HEADLINE, line, *STORY))
    assert article.author is None


@pytest.mark.parametrize(
    "junk,rule",
    [
        ("warehouse-robot-2.jpg", "image"),
        ("alder-robotics-leeds-plant-2020-arm-01", "image"),
        ("robot arm at work in a warehouserobot arm at work in a warehouse", "image"),
        ('&lt;span data-mce-type="bookmark" style="display: inline-block;"&gt;', "markup"),
        ("Get short URL", "share"),
    ],
)
def test_picture_labels_and_markup_inside_the_story_are_dropped(junk: str, rule: str) -> None:
    article = clean_dump(dump(HEADLINE, "June 3, 2020", STORY[0], junk, STORY[1], STORY[2]))
    assert [b.text for b in article.blocks] == STORY
    assert (junk, rule) in {(r.text, r.rule) for r in article.removed}


@pytest.mark.parametrize(
    "lines,joined",
    [
        # Japanese wraps inside a run of text: no space is added at the break.
        (["東京株式市場では、輸出関連株を中心に買いが広がり、日経平均株価は",
          "三日続伸した。"],
         "東京株式市場では、輸出関連株を中心に買いが広がり、日経平均株価は三日続伸した。"),
        (["市場関係者はKindle", "アプリについて話した。"],
         "市場関係者はKindleアプリについて話した。"),
        # Korean spaces its words: the break stands for a space.
        (["서울 증시는 외국인 매수에 힘입어", "사흘째 올랐다."],
         "서울 증시는 외국인 매수에 힘입어 사흘째 올랐다."),
    ],
)
def test_wrapped_lines_join_by_script(lines: list[str], joined: str) -> None:
    from tickertape.textdump import _join_lines

    assert _join_lines(lines) == joined


CAPTION = ("A worker checks a robot arm at the Alder Robotics plant near Leeds on June 1, 2020. "
           "(Photo by Jane Doe / Agency)")


TEASERS = [
    "Which of the grocery chains opened the most new warehouses in the north of the country?",
    "Why are the pear farmers in the south thinking about changing to another crop this year?",
]


@pytest.mark.parametrize(
    "tail",
    [
        # An author box: the name alone, then a paragraph about that person.
        ["Jane Porter", "Award-winning journalist Jane Porter writes about industry and "
         "technology for the paper. Before that she covered markets in London and Hong Kong."],
        # A press release's "about the company" paragraph under a horizontal rule.
        ["━━━━━━━━━━━━━━━━━━━━━━━━",
         "Alder Robotics is a global provider of warehouse machines and the software that runs "
         "them. The company is headquartered in Leeds and employs about 2,000 people."],
        ["     " + "_" * 60,
         "Alder Robotics is a global provider of warehouse machines and the software that runs "
         "them. The company is headquartered in Leeds and employs about 2,000 people."],
        # A "you may like" header over teasers whose excerpts are cut short.
        ["You May Also Like",
         "The oldest grocery chain in the north said on Monday that its new warehouse would open "
         "in the spring and that it expected sales to grow faster than those of its rivals…",
         "Farmers who grow pears for the export market say that prices have fallen for a third "
         "year in a row and that they are thinking of changing to another crop next season…"],
        # Teasers after the header, some whole, some cut short: a list to the page's end.
        ["Você pode gostar...",
         "The oldest grocery chain in the north said on Monday that its new warehouse would open "
         "in the spring and that it expected sales to grow faster than those of its rivals…",
         "Farmers who grow pears for the export market say that prices have fallen for a third "
         "year in a row and that they are thinking of changing to another crop next season.",
         "A harbour town in the south has asked the government for money to rebuild the sea wall "
         "that was damaged in the storms of the winter, which also flooded the old market…",
         "The council of a northern city voted on Tuesday to keep the library open on Sundays "
         "after hundreds of readers signed a letter asking for longer opening hours this year."],
        # One-line teasers under the header, printed again in a list further down.
        ["You May Also Like", TEASERS[0], TEASERS[1], "Latest posts",
         *[f"  • {t}" for t in TEASERS]],
    ],
)
def test_what_follows_the_story_is_cut(tail: list[str]) -> None:
    article = clean_dump(dump(HEADLINE, "By Jane Porter", "June 3, 2020", *STORY, *tail))
    assert [b.text for b in article.blocks] == STORY


def test_a_name_the_story_speaks_of_does_not_end_it() -> None:
    more = ("Jane Porter, who runs the company's largest site, said she had hired forty people "
            "this spring and that her team would double again by the end of next year.")
    text = dump(HEADLINE, "June 3, 2020", STORY[0], STORY[1] + " Jane Porter agreed.",
                "Jane Porter", more, STORY[2])
    assert more in body(clean_dump(text))


def test_caption_printed_twice_is_dropped() -> None:
    lines = wrap(CAPTION, 99) + wrap(CAPTION, 99)
    article = clean_dump(dump(HEADLINE, "June 3, 2020", lines, *STORY))
    assert [b.text for b in article.blocks] == STORY


def test_a_grid_of_picture_cards_is_not_the_story() -> None:
    summaries = [
        "Harbour Ferry Fares Rise AgainThe city said on Monday that fares on the harbour ferries "
        "would go up for the second time this year because fuel had become more expensive.",
        "School Roof Repairs Finish EarlyWorkers finished the repairs to the roof of the old "
        "school two weeks ahead of time, and the pupils will be back in their classrooms soon.",
        "Farmers Market Moves To The ParkThe weekly farmers market will move to the park by the "
        "river next month, after traders said that the square had become too small for them.",
        "Library Opens On Sundays From MayThe central library will open on Sundays from May, "
        "the council said, after hundreds of readers signed a letter asking it to do so.",
        "Bridge Closed For Night WorkThe old bridge will be closed at night for three weeks while "
        "engineers replace the joints that carry the road across the river to the station.",
    ]
    cards = [["[thumb]", *wrap(s, 99)] for s in summaries]
    story = [wrap(p, 99) for p in STORY[:2]]
    article = clean_dump(dump(*cards, HEADLINE, "June 3, 2020", *story))
    assert [b.text for b in article.blocks] == STORY[:2]


def test_a_list_of_label_and_value_lines_ends_the_story() -> None:
    items = ["Leeds (North): 1,200 machines", "Hull (East): 800 machines",
             "York (North): 650 machines", "Derby (Midlands): 400 machines"]
    text = dump(HEADLINE, "June 3, 2020", *STORY, "Sites by size", [f"  • {i}" for i in items])
    assert all(i in body(clean_dump(text)) for i in items)


@pytest.mark.parametrize(
    "rows",
    [
        # A wire's earnings table: the whole story.
        ["Shr 39 cts vs 50 cts", "Net 1,234,000 vs 1,456,000", "Revs 12.3 mln vs 11.2 mln",
         "Nine mths", "Shr 1.10 dlrs vs 1.32 dlrs", "Net 3,456,000 vs 4,012,000"],
        # A schedule typed as lines under a headline.
        ["1st leg: 10 March - Leeds", "2nd leg: 8 April - Hull", "3rd leg: 22 April - York",
         "4th leg: 6 May - Derby"],
    ],
)
def test_a_table_typed_as_lines_is_the_story(rows: list[str]) -> None:
    widgets = ["  • 120Views", "  • 0Comments", "Share this story", "  • Facebook"]
    article = clean_dump(dump("ALDER ROBOTICS YEAR NET", "Published on: 26 Feb, 1987 15:20",
                              rows, *widgets))
    assert [b.text for b in article.blocks] == ["\n".join(rows)]
    assert article.blocks[0].kind == "pre"
    assert article.title == "ALDER ROBOTICS YEAR NET"


def test_headline_is_found_above_a_video_playlist() -> None:
    playlist = []
    for n in range(14):
        caption = f"A trader at work on the floor of the exchange in picture number {n}"
        playlist += [[f"[thumb{n}]", caption, caption],
                     f"Video number {n} about markets and the economy today"]
    article = clean_dump(dump(HEADLINE, "By Jane Porter", "June 3, 2020", *playlist,
                              *[wrap(p, 99) for p in STORY]))
    assert article.title == HEADLINE
    assert article.author == "Jane Porter"
    assert [b.text for b in article.blocks] == STORY


@pytest.mark.parametrize(
    "text",
    [
        "The Company said on Tuesday that it would NOT raise prices.",
        "“It’s the end of an era,” she said — and the room went quiet…",
        "Ações da Petrobras sobem após o anúncio de que a empresa vai pagar dividendos",
        "Der Vorstand hat die Prognose für das laufende Jahr bestätigt und ist zuversichtlich",
        "中国の株式市場は今日上昇した。投資家は好感した。",
        "snake_case words, 3.5% and $1,200: all\u00a0one\u2014line",
    ],
)
def test_word_counts_are_the_regex_word_runs(text: str) -> None:
    # The segment features take faster paths for ASCII and nearly-ASCII text; they must
    # count the same lower-cased \w+ runs and stop words as the plain definition.
    from tickertape.textdump import _STOP_WORDS, _content_words, _make_segment

    words = re.findall(r"\w+", text.lower())
    seg = _make_segment([text], "p", 0, 0, 0)
    assert seg.n_words == len(words)
    assert seg.stop_ratio == pytest.approx(sum(w in _STOP_WORDS for w in words) / len(words))
    assert _content_words(text) == {
        w for w in words if len(w) > 2 and w not in _STOP_WORDS and not w.isdigit()
    }
