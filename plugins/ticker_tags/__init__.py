"""ticker_tags: tickers as a taxonomy of their own, with a page per ticker.

Signals: `initialized` has the cleaning processes find each new story's
tickers as they clean it (into the derived-value cache);
`article_generator_pretaxonomy` sets `article.tickers` (symbol +
exchange, found by `tickertape.tickers`); `article_writer_finalized` writes
`ticker/<SYMBOL>/` (paginated) and the `tickers/` index. Tickers are keyed
by their exact symbol, never by slug, so BRK.B and BRKB stay apart and the
ticker AI never merges with a topic "ai". Grouping is one pass over the
articles, so the cost grows with articles, not tickers x articles.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Any

from pelican import signals

from tickertape.cache import code_version, text_key
from tickertape.models import Ticker
from tickertape.pipeline import Derived, set_deriver
from tickertape.plugin_guard import enabled_for

logger = logging.getLogger(__name__)
NAME = "ticker_tags"


@dataclass(frozen=True)
class Settings:
    """TICKER_TAGS_* settings."""

    url: str = "ticker/{symbol}/"
    save_as: str = "ticker/{symbol}/index.html"
    index_url: str = "tickers/"
    index_save_as: str = "tickers/index.html"
    feed_url: str = "feeds/ticker/{symbol}.rss.xml"
    names: bool = True

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Settings:
        values: dict[str, Any] = {}
        for key in ("url", "save_as", "index_url", "index_save_as", "feed_url"):
            value = settings.get(f"TICKER_TAGS_{key.upper()}", getattr(cls, key))
            if not isinstance(value, str) or ("{symbol}" not in value and "index" not in key):
                logger.warning("%s: TICKER_TAGS_%s is not a usable pattern; using the default",
                               NAME, key.upper())
                value = getattr(cls, key)
            values[key] = value
        values["names"] = bool(settings.get("TICKER_TAGS_NAMES", cls.names))
        return cls(**values)


@dataclass
class TickerTag:
    """A ticker as templates see it: the core Ticker plus its URLs and articles."""

    ticker: Ticker
    url: str
    save_as: str
    feed_url: str
    articles: list[Any] = field(default_factory=list)
    exchanges: list[str] = field(default_factory=list)

    @property
    def symbol(self) -> str:
        return self.ticker.symbol

    @property
    def exchange(self) -> str | None:
        return self.ticker.exchange

    @property
    def name(self) -> str | None:
        return self.ticker.name

    @property
    def schema_symbol(self) -> str:
        return self.ticker.schema_symbol

    @property
    def schema(self) -> dict[str, str]:
        """schema.org Corporation with tickerSymbol ("XNAS MSFT"), for JSON-LD mentions."""
        data = {"@type": "Corporation", "tickerSymbol": self.ticker.schema_symbol}
        if self.ticker.name:
            data["name"] = self.ticker.name
        return data

    def __str__(self) -> str:
        return self.symbol


_VERSION: list[str] = []


def _version() -> str:
    """-> digest of the ticker-finding code and its symbol list (computed once per process)."""
    if not _VERSION:
        _VERSION.append(code_version("tickers", "symbols", "exchanges", "models",
                                     data=("symbols.tsv",)))
    return _VERSION[0]


def _find(text: str, names: bool) -> list[Ticker]:
    """A text -> its tickers (the finder, with its large patterns, loaded on first use:
    a rebuild finds the tickers of the stories it has in the cache)."""
    from tickertape.tickers import find_tickers, tickers_of

    return tickers_of(find_tickers(text, names=names))


def _ticker_row(text: str, names: bool, tickers: list[Ticker]) -> tuple[str, bytes]:
    """A text, the names setting and its tickers -> its (key, bytes) in the derived cache."""
    return (text_key(_version(), str(names), text),
            json.dumps([asdict(t) for t in tickers]).encode())


def derive_tickers(title: str, text: str, *, names: bool) -> Derived:
    """A cleaned story's title and text -> its tickers as a derived-cache row."""
    joined = f"{title}\n\n{text}"
    return [("tickers", *_ticker_row(joined, names, _find(joined, names)))]


def prepare_tickers(pelican: Any) -> None:
    """initialized: tickers are found by the cleaning processes, as each story is cleaned."""
    if not enabled_for(NAME, pelican):
        set_deriver(NAME, None)
        return
    names = Settings.from_settings(pelican.settings).names
    set_deriver(NAME, partial(derive_tickers, names=names))


def find_article_tickers(texts: list[str], names: bool,
                         cache: Any) -> tuple[list[list[Ticker]], int]:
    """Texts (title + body) -> their tickers, reusing cached results -> (tickers, cache hits)."""
    if cache is None:
        return [_find(t, names) for t in texts], 0
    keys = [text_key(_version(), str(names), t) for t in texts]
    found = cache.get_derived("tickers", list(set(keys)))
    out: list[list[Ticker]] = []
    new: dict[str, bytes] = {}
    for key, text in zip(keys, texts, strict=True):
        stored = found.get(key) or new.get(key)
        if stored is not None:
            out.append([Ticker(**fields) for fields in json.loads(stored)])
            continue
        tickers = _find(text, names)
        new[key] = _ticker_row(text, names, tickers)[1]
        out.append(tickers)
    if new:
        cache.put_derived("tickers", list(new.items()))
    return out, cache.count_earlier("tickers", (k for k in keys if k not in new))


def tag_articles(generator: Any) -> None:
    """article_generator_pretaxonomy: article.tickers from the title and body text."""
    if not enabled_for(NAME, generator):
        return
    settings = Settings.from_settings(generator.settings)
    start = time.perf_counter()
    by_symbol: dict[str, TickerTag] = {}
    texts = [f"{a.title}\n\n{getattr(a, 'plain_text', '')}" for a in generator.articles]
    found, hits = find_article_tickers(texts, settings.names,
                                       generator.context.get("tickertape_cache"))
    for article, tickers in zip(generator.articles, found, strict=True):
        tags = []
        for ticker in tickers:
            tag = by_symbol.get(ticker.symbol)
            if tag is None:
                tag = by_symbol[ticker.symbol] = TickerTag(
                    ticker,
                    settings.url.format(symbol=ticker.symbol),
                    settings.save_as.format(symbol=ticker.symbol),
                    settings.feed_url.format(symbol=ticker.symbol),
                )
            elif tag.ticker.name is None and ticker.name:
                tag.ticker = ticker
            if ticker.exchange and ticker.exchange not in tag.exchanges:
                tag.exchanges.append(ticker.exchange)
            tag.articles.append(article)
            tags.append(tag)
        article.tickers = tags
    for tag in by_symbol.values():
        tag.articles.sort(key=lambda a: (a.date, a.slug), reverse=True)
    generator.context["tickers"] = sorted(
        by_symbol.values(), key=lambda t: (-len(t.articles), t.symbol)
    )
    report = generator.context.get("tickertape_report")
    if report is not None:
        report.add_time("tickers", time.perf_counter() - start)
        report.count("tickers_from_cache", hits)


def write_ticker_pages(generator: Any, writer: Any) -> None:
    """article_writer_finalized: one paginated page per ticker plus the tickers index."""
    if not enabled_for(NAME, generator):
        return
    settings = Settings.from_settings(generator.settings)
    tickers: list[TickerTag] = generator.context.get("tickers", [])
    start = time.perf_counter()
    template = generator.get_template("ticker")
    for tag in tickers:
        writer.write_file(
            tag.save_as, template, generator.context,
            relative_urls=generator.settings["RELATIVE_URLS"],
            paginated={"articles": tag.articles}, template_name="ticker",
            url=tag.url, ticker=tag, page_name=tag.url,
        )
    writer.write_file(
        settings.index_save_as, generator.get_template("tickers"), generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"], url=settings.index_url,
        tickers=tickers, page_name=settings.index_url,
    )
    report = generator.context.get("tickertape_report")
    if report is not None:
        report.add_time("ticker_pages", time.perf_counter() - start)


def register() -> None:
    signals.initialized.connect(prepare_tickers)
    signals.article_generator_pretaxonomy.connect(tag_articles)
    signals.article_writer_finalized.connect(write_ticker_pages)
