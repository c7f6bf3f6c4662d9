"""Related posts: self and copies excluded, ticker and time preferences, limits, determinism."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

import tickertape.related as related
from tickertape.related import (
    RelatedDoc,
    RelatedSettings,
    find_near_duplicates,
    index_related,
    rank_related,
)

DAY = datetime(2024, 3, 1, 9, 30)


def doc(
    key: str,
    text: str,
    title: str = "",
    days: float | None = 0,
    tickers: tuple[str, ...] = (),
) -> RelatedDoc:
    """A RelatedDoc dated `days` after DAY (None: undated)."""
    date = None if days is None else DAY + timedelta(days=days)
    return RelatedDoc(key=key, title=title, text=text, date=date, tickers=tickers)


OIL = [
    doc("oil-a", "Crude oil prices rose as OPEC ministers agreed to cut output quotas.", "Oil up"),
    doc(
        "oil-b", "OPEC output quotas and crude oil prices dominated the ministers meeting.", "OPEC"
    ),
    doc("oil-c", "Crude prices climbed after OPEC kept its output quotas unchanged.", "Crude"),
]
BANKS = [
    doc("bank-a", "The central bank raised interest rates to curb inflation.", "Rates up"),
    doc("bank-b", "Inflation pushed the central bank to lift interest rates again.", "Bank"),
    doc("bank-c", "Interest rates stay high while inflation cools, the central bank said."),
]
SPORT = [doc("sport", "The striker scored twice as the home side won the derby.", "Derby")]
CORPUS = OIL + BANKS + SPORT

LONG_OIL = doc(
    "oil-long",
    "Crude oil prices rose on Monday as OPEC ministers agreed to cut output quotas. "
    "Brent futures gained two dollars a barrel in early trading in London. "
    "Saudi Arabia will carry the largest share of the reduction, delegates said. "
    "Analysts expect inventories to shrink through the summer driving season. "
    "Refiners in Asia have already asked for more cargoes from other suppliers. "
    "The cartel meets again in June to review the market.",
    "Oil rises on OPEC cut",
)

# A topical corpus bigger than the latent dimensions, so the truncated SVD, the
# block search and the feedback step all run: each story draws most of its
# words from its topic's vocabulary and a few from a shared one.
TOPICS = {
    "metals": "copper zinc smelter tonnes mine ore nickel refinery aluminium output",
    "grain": "wheat maize harvest bushels farmers crop export tender silo acreage",
    "shipping": "tanker port cargo freight vessel strike dockers berth shipowners gulf",
    "earnings": "quarter profit revenue dividend share earnings net loss margin forecast",
}
SHARED = "said company year market week report analysts price rise fall month plans"


def make_topical(stories_per_topic: int = 30, seed: int = 7) -> list[tuple[RelatedDoc, str]]:
    """Seeded synthetic stories -> (doc, topic) pairs."""
    rng = random.Random(seed)
    shared = SHARED.split()
    out = []
    for topic, vocab in TOPICS.items():
        words = vocab.split()
        for i in range(stories_per_topic):
            body = rng.choices(words, k=14) + rng.choices(shared, k=8)
            rng.shuffle(body)
            title = " ".join(rng.choices(words, k=3))
            out.append((doc(f"{topic}-{i:02d}", " ".join(body), title, days=i), topic))
    return out


def test_empty_corpus_gives_empty_mapping() -> None:
    assert rank_related([]) == {}


def test_one_doc_has_no_related() -> None:
    assert rank_related([OIL[0]]) == {"oil-a": []}


@pytest.mark.parametrize("key", [d.key for d in CORPUS])
def test_doc_is_never_its_own_related(key: str) -> None:
    ranked = rank_related(CORPUS, RelatedSettings(min_score=0.0, limit=10))
    assert key not in ranked[key]
    assert len(ranked[key]) == len(CORPUS) - 1


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("oil-a", {"oil-b", "oil-c"}),
        ("bank-b", {"bank-a", "bank-c"}),
    ],
)
def test_same_subject_ranks_first(key: str, expected: set[str]) -> None:
    ranked = rank_related(CORPUS)
    assert set(ranked[key][:2]) == expected


@pytest.mark.parametrize("key", ["sport", "oil-a", "bank-c"])
def test_min_score_drops_unrelated(key: str) -> None:
    ranked = rank_related(CORPUS)
    assert "sport" not in ranked[key]
    assert ranked["sport"] == []


def test_zero_min_score_keeps_unrelated_last() -> None:
    ranked = rank_related(CORPUS, RelatedSettings(min_score=0.0, limit=10))
    assert ranked["oil-a"][-1] in {"sport", "bank-a", "bank-b", "bank-c"}
    assert "sport" in ranked["oil-a"]


@pytest.mark.parametrize("title", ["Oil rises on OPEC cut", "Wire copy: cartel trims supply", ""])
def test_syndicated_copy_is_excluded(title: str) -> None:
    copy = replace(LONG_OIL, key="oil-copy", title=title, date=DAY + timedelta(hours=3))
    docs = [*CORPUS, LONG_OIL, copy]
    ranked = rank_related(docs)
    assert "oil-copy" not in ranked["oil-long"]
    assert "oil-long" not in ranked["oil-copy"]
    assert ranked["oil-copy"]
    assert set(ranked["oil-copy"]) <= {"oil-a", "oil-b", "oil-c"}
    assert find_near_duplicates(docs) == {"oil-copy": "oil-long"}


DIVIDEND = "Quarterly dividend 12 cents versus 10 cents prior, payable April 15, record April 1."


@pytest.mark.parametrize(
    ("min_terms", "expected"),
    [
        (RelatedSettings().duplicate_min_terms, {}),
        (0, {"zenith-div": "acme-div"}),
    ],
)
def test_short_formulaic_bodies_are_not_copies(min_terms: int, expected: dict[str, str]) -> None:
    # Two companies' dividend notices: one template, the same figures, two stories.
    docs = [
        doc("acme-div", DIVIDEND, "Acme sets quarterly dividend"),
        doc("zenith-div", DIVIDEND, "Zenith payout", days=1),
        *BANKS,
    ]
    settings = RelatedSettings(duplicate_min_terms=min_terms)
    assert find_near_duplicates(docs, settings=settings) == expected
    assert ("zenith-div" in rank_related(docs, settings)["acme-div"]) == (not expected)


def test_copy_with_edits_is_still_a_duplicate() -> None:
    edited = replace(
        LONG_OIL,
        key="oil-edit",
        title="OPEC agrees to trim supply",
        text=LONG_OIL.text + " Reporting by the energy desk.",
        date=DAY - timedelta(days=1),
    )
    index = index_related([*CORPUS, LONG_OIL, edited])
    assert index.duplicates == {"oil-long": "oil-edit"}  # the earlier copy is canonical
    assert "oil-edit" not in index.related["oil-long"]
    assert "oil-long" not in index.related["oil-edit"]


def test_duplicate_threshold_above_one_keeps_copies() -> None:
    copy = replace(LONG_OIL, key="oil-copy")
    ranked = rank_related([*CORPUS, LONG_OIL, copy], RelatedSettings(duplicate_threshold=1.01))
    assert ranked["oil-long"][0] == "oil-copy"


# Two candidates with the same similarity to the article: "z-" sorts after "a-",
# so without a preference the tie would go to the "a-" key.
TIE_TEXT = "Copper smelter output rose as the mine reopened after the strike."
NEAR_TEXT = "Copper smelter output fell as the mine closed during the strike."


@pytest.mark.parametrize(
    ("a_tickers", "z_tickers", "first"),
    [
        ((), ("FCX",), "z-cand"),
        (("FCX",), (), "a-cand"),
        (("FCX", "SCCO"), ("FCX",), "a-cand"),
        (("SCCO", "RIO"), ("FCX",), "z-cand"),  # half the tickers vs one of two
    ],
)
def test_shared_tickers_boost(
    a_tickers: tuple[str, ...], z_tickers: tuple[str, ...], first: str
) -> None:
    docs = [
        doc("article", NEAR_TEXT, "Copper", tickers=("FCX", "SCCO")),
        doc("a-cand", TIE_TEXT, "Mine", tickers=a_tickers),
        doc("z-cand", TIE_TEXT, "Mine", tickers=z_tickers),
        *BANKS,
    ]
    assert rank_related(docs)["article"][0] == first


@pytest.mark.parametrize(("weight", "first"), [(0.0, "closer"), (0.1, "fcx"), (0.5, "fcx")])
def test_shared_ticker_lifts_a_slightly_weaker_text(weight: float, first: str) -> None:
    docs = [
        doc("article", NEAR_TEXT, "Copper", tickers=("FCX",)),
        doc("closer", "Copper smelter output fell when the mine closed for the strike season."),
        doc(
            "fcx",
            "Copper smelter output fell when the mine closed in the walkout.",
            tickers=("fcx",),
        ),
        *BANKS,
    ]
    assert rank_related(docs, RelatedSettings(ticker_weight=weight))["article"][0] == first


@pytest.mark.parametrize(
    ("a_days", "z_days", "first"),
    [
        (-300, -1, "z-cand"),
        (-1, -300, "a-cand"),
        (40, -2, "z-cand"),
        (None, 5, "z-cand"),
        (-5, -5, "a-cand"),  # equal distance: the key decides
    ],
)
def test_recency_breaks_near_ties(a_days: float | None, z_days: float | None, first: str) -> None:
    docs = [
        doc("article", NEAR_TEXT, "Copper", days=0),
        doc("a-cand", TIE_TEXT, "Mine", days=a_days),
        doc("z-cand", TIE_TEXT, "Mine", days=z_days),
        *BANKS,
    ]
    assert rank_related(docs)["article"][:2] == [first, ({"a-cand", "z-cand"} - {first}).pop()]


def test_recency_does_not_override_clearly_closer_text() -> None:
    docs = [
        doc("article", NEAR_TEXT, "Copper", days=0),
        doc(
            "old-close",
            "Copper smelter output fell sharply as the mine closed during a long strike.",
            "Copper",
            days=-700,
        ),
        doc("new-far", "Copper prices steadied on the exchange.", "Metals", days=0),
        *BANKS,
    ]
    assert rank_related(docs)["article"][0] == "old-close"


def test_aware_and_naive_dates_mix() -> None:
    docs = [
        replace(OIL[0], date=DAY.replace(tzinfo=UTC)),
        OIL[1],
        replace(OIL[2], date=None),
        *BANKS,
    ]
    assert set(rank_related(docs)["oil-a"][:2]) == {"oil-b", "oil-c"}


@pytest.mark.parametrize("limit", [0, 1, 2, 5])
def test_limit_respected(limit: int) -> None:
    ranked = rank_related(CORPUS, RelatedSettings(limit=limit, min_score=0.0))
    assert all(len(keys) == min(limit, len(CORPUS) - 1) for keys in ranked.values())


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_shuffled_input_gives_same_lists(seed: int) -> None:
    docs = [d for d, _ in make_topical(12)] + CORPUS
    shuffled = docs[:]
    random.Random(seed).shuffle(shuffled)
    settings = RelatedSettings(dimensions=8, min_score=0.0)
    assert rank_related(shuffled, settings) == rank_related(docs, settings)


def test_exact_ties_break_by_key() -> None:
    same = "Zinc smelter strike cuts refined zinc output."
    docs = [doc(k, same + f" Item {k}.", "Zinc") for k in ("c", "a", "d", "b")]
    docs.append(doc("article", same, "Zinc"))
    settings = RelatedSettings(duplicate_threshold=1.01, recency_weight=0.0)
    assert rank_related(docs, settings)["article"] == ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    "texts",
    [
        ["", "", ""],
        ["", "Copper smelter output rose.", "Copper smelter output fell."],
        ["the and of", "", "a an the"],  # only stop words
    ],
)
def test_empty_text_is_handled(texts: list[str]) -> None:
    docs = [doc(f"d{i}", t) for i, t in enumerate(texts)]
    ranked = rank_related(docs)
    assert ranked["d0"] == []
    assert all("d0" not in keys for keys in ranked.values())
    assert find_near_duplicates(docs) == {}


def test_title_alone_relates_docs_without_body() -> None:
    docs = [
        doc("t1", "", "Copper smelter strike cuts output"),
        doc("t2", "", "Copper smelter strike ends, output resumes"),
        *BANKS,
    ]
    assert rank_related(docs)["t1"] == ["t2"]


def test_repeated_key_is_rejected() -> None:
    with pytest.raises(ValueError, match="oil-a"):
        rank_related([OIL[0], OIL[0]])


@pytest.mark.parametrize(
    "changes",
    [
        {"limit": -1},
        {"ticker_weight": -0.1},
        {"lexical_weight": 1.5},
        {"half_life_days": 0},
        {"dimensions": 0},
    ],
)
def test_bad_settings_are_rejected(changes: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        RelatedSettings(**changes)  # type: ignore[arg-type]


@pytest.mark.parametrize("dimensions", [4, 8, 200])
def test_topical_neighbours_share_the_topic(dimensions: int) -> None:
    pairs = make_topical()
    topic_of = {d.key: t for d, t in pairs}
    ranked = rank_related([d for d, _ in pairs], RelatedSettings(dimensions=dimensions))
    hits = [topic_of[r] == topic_of[k] for k, keys in ranked.items() for r in keys]
    assert len(hits) >= 0.9 * 5 * len(pairs)
    assert sum(hits) / len(hits) >= 0.95


def test_small_blocks_give_the_same_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = [d for d, _ in make_topical()]
    settings = RelatedSettings(dimensions=8)
    whole = rank_related(docs, settings)
    monkeypatch.setattr(related, "_BLOCK_CELLS", 700)  # a handful of rows per block
    assert rank_related(docs, settings) == whole


def test_ticker_only_docs_share_the_ticker_boost_alone() -> None:
    docs = [
        doc("x1", "", tickers=("MSFT",)),
        doc("x2", "", tickers=("MSFT",)),
        doc("x3", "", tickers=("AAPL",)),
    ]
    assert rank_related(docs, RelatedSettings(min_score=0.05)) == {
        "x1": ["x2"],
        "x2": ["x1"],
        "x3": [],
    }
