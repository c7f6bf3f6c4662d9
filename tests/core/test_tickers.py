"""Ticker mentions: exchange-qualified symbols, cashtags, company names, and their merging."""

from __future__ import annotations

import html

import pytest

from tickertape.exchanges import normalise_exchange
from tickertape.models import Ticker, TickerMention
from tickertape.symbols import find_company_names, name_of_listing
from tickertape.tickers import canonical_symbol, find_tickers, tickers_of

# (text, expected set of (symbol, exchange)) with names off: what is written.
WRITTEN_CASES: list[tuple[str, set[tuple[str, str | None]]]] = [
    # The formats of metrics.md §3.
    ("Microsoft Corporation (NASDAQ: MSFT) said on Tuesday", {("MSFT", "NASDAQ")}),
    ("Apple Inc. (NASDAQ:AAPL) shares rose", {("AAPL", "NASDAQ")}),
    ("Bank of America (NYSE: BAC) cut its rate", {("BAC", "NYSE")}),
    ("XYZ Mining Corp. (NYSE American: XYZ) announced", {("XYZ", "NYSE American")}),
    (
        "Kraken Energy (TSX-V: PNG, OTCQB: KRKNF) reports",
        {("PNG", "TSX Venture"), ("KRKNF", "OTCQB")},
    ),
    (
        "European Metals Holdings (ASX & AIM: EMH, OTCQX: EMHXY, ERPNF and EMHLF) said",
        {
            ("EMH", "ASX"),
            ("EMH", "AIM"),
            ("EMHXY", "OTCQX"),
            ("ERPNF", "OTCQX"),
            ("EMHLF", "OTCQX"),
        },
    ),
    (
        "Leaf Labs Inc. (CSE: LFLR) (OTCQB: LFLRF) (FSE: 3WK0) is pleased",
        {("LFLR", "CSE"), ("LFLRF", "OTCQB"), ("3WK0", "FSE")},
    ),
    ("Shares of Nasdaq: MSFT rose 2% in early trade.", {("MSFT", "NASDAQ")}),
    ("Investors piled into NYSE:ACB after the report.", {("ACB", "NYSE")}),
    ("Bitcoin (CRYPTO: BTC) fell below its average.", {("BTC", "Crypto")}),
    ("Alcoa Corp (Symbol: AA) reported results.", {("AA", None)}),
    # Spacing and case variants of exchange names.
    ("Acme (Nasdaq: ACME) grew", {("ACME", "NASDAQ")}),
    ("Acme (NasdaqGS: ACME) grew", {("ACME", "NASDAQ")}),
    ("Acme (NasdaqCM:ACME) grew", {("ACME", "NASDAQ")}),
    ("Acme (NASDAQ GM: ACME) grew", {("ACME", "NASDAQ")}),
    ("Acme (Nasdaq Global Select Market: ACME) grew", {("ACME", "NASDAQ")}),
    ("Acme ( NASDAQ :  ACME ) grew", {("ACME", "NASDAQ")}),
    ("Acme (NASDAQ:\u00a0ACME) grew", {("ACME", "NASDAQ")}),
    ("Acme (nyse: ACME) grew", {("ACME", "NYSE")}),
    ("Acme (New York Stock Exchange: ACME) grew", {("ACME", "NYSE")}),
    ("Acme (NYSE MKT: ACU) grew", {("ACU", "NYSE American")}),
    ("Acme (NYSE Amex: ACU) grew", {("ACU", "NYSE American")}),
    ("Acme (AMEX: ACU) grew", {("ACU", "NYSE American")}),
    ("The fund (NYSE Arca: SPY) traded", {("SPY", "NYSE Arca")}),
    ("Ridge Corp (TSXV: RDG) drilled", {("RDG", "TSX Venture")}),
    ("Ridge Corp (TSX Venture: RDG) drilled", {("RDG", "TSX Venture")}),
    ("Ridge Corp (TSX.V: RDG) drilled", {("RDG", "TSX Venture")}),
    ("Ridge Corp (TSX-V:RDG) drilled", {("RDG", "TSX Venture")}),
    ("Royal Bank (TSX: RY) (NYSE: RY) reported", {("RY", "TSX"), ("RY", "NYSE")}),
    ("Barrick (NYSE/TSX: ABX) reported", {("ABX", "NYSE"), ("ABX", "TSX")}),
    ("Goldco (TSX and NYSE American: GLD) reported", {("GLD", "TSX"), ("GLD", "NYSE American")}),
    ("Canopy (TSE: WEED) grew", {("WEED", "TSX")}),
    ("Toyota (TSE: 7203) grew", {("7203", "TYO")}),
    ("Tencent (HKEX: 0700) grew", {("0700", "HKEX")}),
    ("Tencent (SEHK: 700) grew", {("700", "HKEX")}),
    ("Pinksco (OTC Pink: PNKS) grew", {("PNKS", "OTC Pink")}),
    ("Pinksco (OTC: PNKS) grew", {("PNKS", "OTC Markets")}),
    ("Pinksco (OTCMKTS:PNKS) grew", {("PNKS", "OTC Markets")}),
    ("Bulletin Co (OTCBB: BLTN) grew", {("BLTN", "OTCBB")}),
    ("Minerals plc (LSE: MIN) grew", {("MIN", "LSE")}),
    ("Minerals plc (AIM: MIN) grew", {("MIN", "AIM")}),
    ("Minerals Ltd (ASX: MIN) grew", {("MIN", "ASX")}),
    ("Motor AG (XETRA: MTX) grew", {("MTX", "XETRA")}),
    ("Motor AG (Frankfurt: MTX) grew", {("MTX", "FSE")}),
    ("Lithium Ltd (CSE: LITH) (Frankfurt: 9LT) grew", {("LITH", "CSE"), ("9LT", "FSE")}),
    # Several symbols, class suffixes.
    ("Berkshire (NYSE: BRK.A, BRK.B) rose", {("BRK.A", "NYSE"), ("BRK.B", "NYSE")}),
    ("Alphabet (NASDAQ: GOOGL, GOOG) rose", {("GOOGL", "NASDAQ"), ("GOOG", "NASDAQ")}),
    ("Brown-Forman (NYSE: BF-B) rose", {("BF-B", "NYSE")}),
    ("Berkshire (NYSE: BRK/B) rose", {("BRK/B", "NYSE")}),
    ("The trust (TSX: REI.UN) rose", {("REI.UN", "TSX")}),
    ("Acme (NASDAQ: ACME; NYSE: ACM) rose", {("ACME", "NASDAQ"), ("ACM", "NYSE")}),
    ("Acme (NASDAQ: $ACME) rose", {("ACME", "NASDAQ")}),
    ("The company (NASDAQ: ACME).", {("ACME", "NASDAQ")}),
    ("Acme (NYSE ticker: ACM) rose", {("ACM", "NYSE")}),
    ("Acme (Ticker: ACM) rose", {("ACM", None)}),
    ("Acme (Stock Code: 1810) rose", {("1810", None)}),
    ("Acme began trading on the Nasdaq under the symbol \u201cACME\u201d.", {("ACME", "NASDAQ")}),
    ("Its stock is listed on the New York Stock Exchange under the symbol TDM.", {("TDM", "NYSE")}),
    # Cashtags.
    ("$AAPL is up 3% today", {("AAPL", None)}),
    ("Long $BRK.B and $RDS-B into the close", {("BRK.B", None), ("RDS-B", None)}),
    ("#turnaroundtuesday $aapl $goog", {("AAPL", None), ("GOOG", None)}),
    ("Budweiser ($BUD): a new can", {("BUD", None)}),
    ("Winners: $BA,$V,$VZ,$CAT today", {("BA", None), ("V", None), ("VZ", None), ("CAT", None)}),
    ("$WM\u00a0$WY both up", {("WM", None), ("WY", None)}),
    ("Watching $$SUNE closely", {("SUNE", None)}),
    ("Canadian names $CJT.TO and $XIU.TO", {("CJT.TO", None), ("XIU.TO", None)}),
    ("Futures $ES_F slipped", {("ES_F", None)}),
    ("Good for $PFE. Bad for others.", {("PFE", None)}),
    ("$AEP 54.31 down at the close", {("AEP", None)}),
    ("$PHM-buy, $BAC- buy", {("PHM", None), ("BAC", None)}),
    # Not tickers.
    ("The company (NASDAQ) said", set()),
    ("The company (NYSE: ) said", set()),
    ("The CEO said EPS and AI spending in the USA rose.", set()),
    ("It raised $5 and then $1.2bn, or $100M, in US$ and C$.", set()),
    ("Pay US$ 5 or $US 5 million", set()),
    ("A$AP Rocky played L$D and HEI$T", set()),
    ("Prices rose $ 5 today; profit was $12.5 million.", set()),
    ("See https://example.com/quote?s=$AAPL for details", set()),
    ("Visit www.example.com/$TSLA now", set()),
    ("Our aim: TO BUILD more", set()),
    ("NYSE: STOCKS FALL ON RATE FEARS", set()),
    ("The NYSE: it opened late.", set()),
    ("Shares rose 5.2% (NYSE: 5.2%)", set()),
    ("Mi$C and #$C and AT&$T", set()),
    ("ca$hes and Pi$tol and $tatu$", set()),
    ("Frankfurt: BMW shares rose", set()),
    ("Symbol: AA in running text", set()),
    ("Prices in $bn and $mln terms", set()),
    ("He said $LOOOOONGWORD is fun", set()),
]


@pytest.mark.parametrize(("text", "expected"), WRITTEN_CASES)
def test_find_tickers_written_forms(text: str, expected: set[tuple[str, str | None]]) -> None:
    """Each written mention yields its (symbol, exchange) pairs and nothing else."""
    found = {(m.symbol, m.exchange) for m in find_tickers(text, names=False)}
    assert found == expected


def test_enough_cases() -> None:
    """The table covers at least 60 real-shaped strings."""
    assert len(WRITTEN_CASES) >= 60


@pytest.mark.parametrize(
    ("text", "symbol", "written"),
    [
        ("Microsoft Corporation (NASDAQ: MSFT) publicized", "MSFT", "MSFT"),
        ("Buy $AAPL now", "AAPL", "$AAPL"),
        ("Buy $$SUNE now", "SUNE", "$$SUNE"),
        ("x (TSX-V: PNG, OTCQB: KRKNF)", "KRKNF", "KRKNF"),
        ("lower $aapl too", "AAPL", "$aapl"),
    ],
)
def test_spans_cover_the_written_symbol(text: str, symbol: str, written: str) -> None:
    """A mention's span is the symbol as written (with its "$" for cashtags)."""
    mention = next(m for m in find_tickers(text, names=False) if m.symbol == symbol)
    assert text[mention.start : mention.end] == written


def test_mentions_in_document_order() -> None:
    """Mentions come back sorted by position, list order kept within one bracket."""
    text = "$TSLA first, then Acme (NASDAQ: ACME, ACMW) and $F last"
    mentions = find_tickers(text, names=False)
    assert [m.symbol for m in mentions] == ["TSLA", "ACME", "ACMW", "F"]
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


def test_seed_sentence_yields_only_msft_on_nasdaq() -> None:
    """The seed's sentences give exactly MSFT (NASDAQ), name mention merged in."""
    text = (
        "Microsoft has become the latest company to pull into the tech industry’s ethical "
        "view. Critics have stated in a blog post in January that Microsoft Corporation "
        "(NASDAQ: MSFT) publicized its work with U.S. Immigration and Customs Enforcement. "
        "Azure is Microsoft’s brand name for its cloud-computing services. Tom Keane, a "
        "general manager at Microsoft wrote: “The agency is currently implementing "
        "transformative technologies.” Niles Guo, a formal product manager at Microsoft."
    )
    tickers = tickers_of(find_tickers(text))
    assert [(t.symbol, t.exchange, t.mic) for t in tickers] == [("MSFT", "NASDAQ", "XNAS")]
    assert tickers[0].from_name is False
    assert tickers[0].schema_symbol == "XNAS MSFT"


def test_cashtag_in_unescaped_html_text() -> None:
    """HTML-escaped source text is decoded first; an entity never leaks into a cashtag."""
    raw = "AT&amp;T ($T) and S&amp;P 500 &lt;$SPY&gt; &amp;$C"
    found = {(m.symbol, m.form) for m in find_tickers(html.unescape(raw), names=False)}
    assert found == {("T", "cashtag"), ("SPY", "cashtag")}


def test_cashtag_inside_url_is_not_a_mention() -> None:
    """A "$SYM" that is part of a link is skipped; the same symbol in prose is kept."""
    text = "Chart: https://stocks.example.com/chart/$NVDA?range=1y — $NVDA looks strong"
    mentions = find_tickers(text, names=False)
    assert [(m.symbol, text[m.start : m.end]) for m in mentions] == [("NVDA", "$NVDA")]
    assert mentions[0].start > text.index(" — ")


def test_tickers_of_merges_cashtag_into_exchange() -> None:
    """A bare cashtag and an exchange mention of one symbol give one Ticker with the exchange."""
    text = "$AAPL jumped. Apple Inc. (NASDAQ: AAPL) said. $aapl again. $TSLA too."
    tickers = tickers_of(find_tickers(text, names=False))
    assert [(t.symbol, t.exchange, t.mic) for t in tickers] == [
        ("AAPL", "NASDAQ", "XNAS"),
        ("TSLA", None, None),
    ]
    assert tickers[0].name == "Apple Inc."
    assert tickers[0].from_name is False


def test_tickers_of_keeps_one_ticker_per_exchange() -> None:
    """A symbol written on two markets gives one Ticker for each, first-mention order."""
    mentions = find_tickers("Royal Bank (TSX: RY) (NYSE: RY) and $RY", names=False)
    assert [(t.symbol, t.exchange) for t in tickers_of(mentions)] == [("RY", "TSX"), ("RY", "NYSE")]


def test_tickers_of_merges_class_separators() -> None:
    """BRK.B, $BRK-B and BRK/B are one Ticker filed as BRK.B."""
    mentions = find_tickers("(NYSE: BRK.B) then $BRK-B then (NYSE: BRK/B)", names=False)
    assert [(t.symbol, t.exchange) for t in tickers_of(mentions)] == [("BRK.B", "NYSE")]
    assert canonical_symbol("rds-a") == "RDS.A"
    assert canonical_symbol("CJT.TO") == "CJT.TO"


def test_tickers_of_from_name_only_when_every_mention_is_a_name() -> None:
    """from_name is True for a name-only ticker and False once the symbol is written."""
    only_name = tickers_of(find_tickers("Boeing Co said orders rose."))
    assert [(t.symbol, t.exchange, t.from_name) for t in only_name] == [("BA", "NYSE", True)]
    written = tickers_of(find_tickers("Boeing Co said orders rose, lifting $BA."))
    assert [(t.symbol, t.exchange, t.from_name) for t in written] == [("BA", "NYSE", False)]


def test_tickers_of_empty() -> None:
    """No mentions, no tickers."""
    assert tickers_of([]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Microsoft Corporation said", {("MSFT", "NASDAQ")}),
        ("Microsoft Corp. said", {("MSFT", "NASDAQ")}),
        ("Apple Inc. said", {("AAPL", "NASDAQ")}),
        ("shares of Apple, Inc. rose", {("AAPL", "NASDAQ")}),
        ("Merck & Co. said", {("MRK", "NYSE")}),
        ("Merck and Co said", {("MRK", "NYSE")}),
        ("Siemens AG said", {("SIE", "XETRA")}),
        ("General Electric Co said", {("GE", "NYSE")}),
        ("The Walt Disney Company said", {("DIS", None)}),
        # Not resolved: a bare brand, another legal form, a longer name, another entity.
        ("Microsoft said", set()),
        ("Apple Corp said", set()),
        ("American Southern Co said", set()),
        ("General Electric Co Plc said", set()),
        ("Ford Motor Co of Canada said", set()),
        ("<Pilipinas Nissan Inc> said", set()),
        ("MICROSOFT CORP SAID", set()),
        ("Fujitsu said it bought Apple Computer Inc shares", set()),
    ],
)
def test_find_company_names(text: str, expected: set[tuple[str, str | None]]) -> None:
    """Names resolve only when written in full with a legal form the table allows."""
    assert {(m.symbol, m.exchange) for m in find_company_names(text)} == expected
    assert all(m.form == "name" for m in find_company_names(text))


def test_name_mention_span_and_switch() -> None:
    """A name mention spans the name and legal form; names=False turns names off."""
    text = "Rivals include Microsoft Corporation and others."
    [mention] = find_tickers(text)
    assert text[mention.start : mention.end] == "Microsoft Corporation"
    assert mention == TickerMention("MSFT", "NASDAQ", "XNAS", mention.start, mention.end, "name")
    assert find_tickers(text, names=False) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("NASDAQ", ("NASDAQ", "XNAS")),
        ("Nasdaq", ("NASDAQ", "XNAS")),
        ("NasdaqGS", ("NASDAQ", "XNAS")),
        ("NasdaqGM", ("NASDAQ", "XNAS")),
        ("NasdaqCM", ("NASDAQ", "XNAS")),
        ("NYSE", ("NYSE", "XNYS")),
        ("NYSE American", ("NYSE American", "XASE")),
        ("NYSE MKT", ("NYSE American", "XASE")),
        ("AMEX", ("NYSE American", "XASE")),
        ("NYSE Arca", ("NYSE Arca", "ARCX")),
        ("TSX", ("TSX", "XTSE")),
        ("TSX-V", ("TSX Venture", "XTSX")),
        ("TSXV", ("TSX Venture", "XTSX")),
        ("TSX Venture Exchange", ("TSX Venture", "XTSX")),
        ("CSE", ("CSE", "XCNQ")),
        ("ASX", ("ASX", "XASX")),
        ("LSE", ("LSE", "XLON")),
        ("AIM", ("AIM", "XLON")),
        ("FSE", ("FSE", "XFRA")),
        ("Frankfurt", ("FSE", "XFRA")),
        ("XETRA", ("XETRA", "XETR")),
        ("HKEX", ("HKEX", "XHKG")),
        ("OTCQX", ("OTCQX", "OTCM")),
        ("OTCQB", ("OTCQB", "OTCM")),
        ("OTC Pink", ("OTC Pink", "OTCM")),
        ("OTC Markets", ("OTC Markets", "OTCM")),
        ("OTCBB", ("OTCBB", None)),
        ("CRYPTO", ("Crypto", None)),
        ("the NYSE", ("NYSE", "XNYS")),
        ("Symbol", None),
        ("CEO", None),
        ("", None),
    ],
)
def test_normalise_exchange(raw: str, expected: tuple[str, str | None] | None) -> None:
    """Exchange spellings map to one canonical name and its ISO 10383 MIC."""
    assert normalise_exchange(raw) == expected


def test_mic_on_mentions() -> None:
    """Exchange mentions carry the MIC; cashtags carry none."""
    mentions = find_tickers("Acme (TSX-V: ACM) and $ACM", names=False)
    assert [(m.form, m.mic) for m in mentions] == [("exchange", "XTSX"), ("cashtag", None)]


def test_name_of_listing() -> None:
    """The table names a listing by symbol and MIC; a bare symbol is read as US."""
    assert name_of_listing("MSFT", "XNAS") == "Microsoft"
    assert name_of_listing("MSFT", None) == "Microsoft"
    assert name_of_listing("MSFT", "XTSE") is None
    assert name_of_listing("ZZZZZ", None) is None


def test_ticker_schema_symbol_without_mic() -> None:
    """A ticker without a MIC falls back to the bare symbol for schema.org."""
    assert Ticker("BTC", "Crypto", None).schema_symbol == "BTC"


def test_tickers_of_keeps_same_symbol_on_other_markets_apart() -> None:
    """A name on the LSE (BAE Systems, BA) never merges with Boeing's $BA."""
    mentions = find_tickers("BAE Systems plc won a contract; $BA fell.")
    assert [(t.symbol, t.exchange, t.from_name) for t in tickers_of(mentions)] == [
        ("BA", "LSE", True),
        ("BA", None, False),
    ]


def test_tickers_of_name_joins_written_us_listing() -> None:
    """A name whose table market is unknown or another US market joins the written one."""
    mentions = find_tickers("The Walt Disney Company (NYSE: DIS) and $DIS")
    assert [(t.symbol, t.exchange, t.from_name) for t in tickers_of(mentions)] == [
        ("DIS", "NYSE", False)
    ]
    cashtag_then_name = find_tickers("$MSFT rose; Microsoft Corp. said")
    assert [(t.symbol, t.exchange, t.from_name) for t in tickers_of(cashtag_then_name)] == [
        ("MSFT", "NASDAQ", False)
    ]
