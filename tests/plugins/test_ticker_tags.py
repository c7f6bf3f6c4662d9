from tests.plugins.samples import DUMP_AAPL, DUMP_BANK, DUMP_MSFT


def test_ticker_pages_and_chips(build):  # type: ignore[no-untyped-def]
    out = build({"a.txt": DUMP_MSFT, "b.txt": DUMP_AAPL, "c.txt": DUMP_BANK},
                ["source_cleaner", "ticker_tags"])
    msft = (out / "ticker/MSFT/index.html").read_text()
    assert "Microsoft Opens a New Cloud Region" in msft
    assert "Apple Suppliers Gain" in msft
    assert "Regional Banks" not in msft
    assert "NASDAQ" in msft
    assert "feeds/ticker/MSFT.rss.xml" in msft
    index = (out / "tickers/index.html").read_text()
    # Sorted by story count: MSFT (2) before AAPL and BAC (1 each).
    assert index.index(">MSFT<") < index.index(">AAPL<")
    assert index.index(">MSFT<") < index.index(">BAC<")
    article = (out / "2018/06/regional-banks-report-higher-deposits/index.html").read_text()
    assert 'href="/ticker/BAC/"' in article
    assert '"tickerSymbol": "XNYS BAC"' in article


def test_symbols_that_slug_alike_stay_apart(build):  # type: ignore[no-untyped-def]
    a = DUMP_BANK.replace("(NYSE: BAC)", "(NYSE: BRK.B)")
    b = DUMP_AAPL.replace("$AAPL", "$BRKB")
    out = build({"a.txt": a, "b.txt": b}, ["source_cleaner", "ticker_tags"])
    assert (out / "ticker/BRK.B/index.html").exists()
    assert (out / "ticker/BRKB/index.html").exists()
    assert "Regional Banks" not in (out / "ticker/BRKB/index.html").read_text()
