"""Ticker mentions in article text: exchange-qualified symbols, cashtags and company names.

The input is plain text (HTML entities already decoded). Three forms are found:

- "exchange": a symbol after an exchange label, "(NASDAQ: MSFT)", "(TSX-V: PNG, OTCQB:
  KRKNF)", "(ASX & AIM: EMH)", "NYSE:ACB", "(Symbol: AA)" (exchange None), or
  "listed on the NYSE under the symbol BAC". The span is the symbol's own characters.
- "cashtag": "$AAPL", "$BRK.B", "$RDS-B", "$aapl"; the span includes the "$".
- "name": a company name the shipped symbol table knows, written in full with its
  legal form ("Microsoft Corporation"); see symbols.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tickertape.exchanges import (
    AMBIGUOUS_TSE_KEY,
    TOKYO,
    Exchange,
    alias_pattern,
    key_of,
    lookup_exchange,
)
from tickertape.models import Ticker, TickerMention
from tickertape.symbols import find_company_names, name_of_listing

# Words that label a symbol without naming a market: "(Symbol: AA)", "(Ticker: AA)".
_GENERIC_LABEL = (
    r"(?:(?:stock|ticker|trading|share)\s+)?(?:symbols?|tickers?)"
    r"|stock\s+code"
)
_LABEL_SUFFIX = r"(?:\s+(?:ticker\s+symbol|stock\s+symbol|trading\s+symbol|symbol|ticker|code))?"
_EXCHANGE_NAME = alias_pattern()
_EXCHANGE_LIST = rf"(?:{_EXCHANGE_NAME})(?:\s*(?:&|/|,|\band\b)\s*(?:{_EXCHANGE_NAME}))*"

# An exchange label and its colon: "(NASDAQ: ", "ASX & AIM: ", "NYSE:", "(Symbol: ".
# Case-insensitive so "Nasdaq"/"NASDAQ" both match; outside brackets a lower-case
# first letter is refused afterwards ("our aim: ...").
_ANCHOR_RE = re.compile(
    rf"(?<![\w.&$/\-])(?:(?P<exchanges>{_EXCHANGE_LIST}){_LABEL_SUFFIX}|(?P<generic>{_GENERIC_LABEL}))"
    r"\s*[:：]\s*",
    re.IGNORECASE,
)
# A symbol as exchanges print it: letters and digits, an optional class or market
# suffix ("BRK.B", "RDS-B", "BRK/B", "ABC.UN"). Case-sensitive: symbols are upper case.
_SYMBOL_RE = re.compile(
    r"\$?(?P<symbol>[A-Z0-9]{1,7}(?:[.\-][A-Z0-9]{1,3}|/[A-Z])?)(?![A-Za-z0-9])"
)
# Between symbols of one list: "EMHXY, ERPNF and EMHLF", "GOOGL/GOOG".
_LIST_SEP_RE = re.compile(r"\s*(?:,|;|&|/|\band\b|\bor\b)\s*")
# The next item is itself a label ("..., OTCQB: KRKNF"): the list ends there.
_LABEL_AHEAD_RE = re.compile(r"[A-Za-z][\w .\-]{0,30}?\s*[:：]")
# "listed on the NYSE under the symbol 'BAC'": the symbol comes after the phrase,
# the exchange (if any) earlier in the same sentence.
_UNDER_SYMBOL_RE = re.compile(
    r"\bunder\s+the\s+(?:(?:stock|ticker|trading)\s+)?(?:symbol|ticker)s?\s+"
    r"(?:of\s+)?[\"“'‘]?(?P<symbol>[A-Z][A-Z0-9]{0,6}(?:[.\-][A-Z]{1,2})?)[\"”'’]?(?![A-Za-z0-9])"
)
_SENTENCE_EXCHANGE_RE = re.compile(rf"(?<![\w.])(?:{_EXCHANGE_NAME})(?![\w])", re.IGNORECASE)

# Cashtags. Upper case: 1-6 letters (up to 10 when a market suffix follows, as in
# "$TVSMOTOR.IN"), an optional class or market suffix ("$BRK.B", "$RDS-B", "$CJT.TO",
# "$ES_F") and a market suffix after a class ("$ATD/B.CA"). Lower case ("$aapl", seen
# in tweets): 1-5 letters. The "$" must start a token: after the start, a space, or
# opening or list punctuation; never after a letter, digit or currency sign ("US$",
# "L$D", "R€$T"), nor after "&", "#", "@", "/" or "=" (entities, hashtags, URLs).
# A doubled "$$SUNE" counts once.
_CASHTAG_RE = re.compile(
    r"(?:(?<=^)|(?<=[\s(\[{<\"'“‘«*\-–—.,;:!?|~]))\$\$?"
    r"(?P<symbol>[A-Z]{1,10}(?:[.\-/_][A-Z]{1,3})?(?:\.[A-Z]{1,2})?|[a-z]{1,5}(?:[._][a-z]{1,2})?)"
    r"(?![\w$])",
    re.MULTILINE,
)
_LONG_BASE = 6  # longer upper-case bases only with a market suffix ("$DRREDDY.IN")
# Currency codes written after "$" before an amount: "$US 5 million".
_CURRENCY_CODES = frozenset({"US", "USD", "CAD", "AUD", "NZD", "HKD", "SGD", "NT", "NTD"})
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# Lower-case words that follow "$" as amounts, not symbols ("$bn", "$mln").
_MONEY_WORDS = frozenset(
    {"m", "mm", "mn", "mln", "b", "bn", "bln", "k", "tn", "trn", "million", "billion"}
)

# Words that are symbols on some market but read as English when an unbracketed
# label is followed by them ("NYSE: THE BELL"): refused outside brackets.
_RUNNING_TEXT_STOPWORDS = frozenset(
    """A I AN AS AT BE BY DO GO HE IF IN IS IT ME MY NO OF OK ON OR SO TO UP US WE
    ALL AND ANY ARE BUT CAN FOR GET HAS HOW ITS NEW NOT NOW OFF OLD ONE OUR OUT
    SEE THE TOP TWO WAS WHO WHY YES YOU DOWN FROM HAVE INTO JUST LIKE MORE MOST
    NEWS ONLY OVER SELL BUY SOME THAT THEY THIS WHAT WHEN WILL WITH YOUR
    ABOUT AFTER HOLD STOCK STOCKS SHARES RISE RISES FALL FALLS""".split()
)
_BRACKET_LOOKBACK = 200


def _inside_brackets(text: str, pos: int) -> bool:
    """Text, position -> whether an opening bracket before pos is still open."""
    window = text[max(0, pos - _BRACKET_LOOKBACK) : pos]
    opened = max(window.rfind("("), window.rfind("["))
    closed = max(window.rfind(")"), window.rfind("]"))
    return opened > closed


def _url_mask(text: str) -> bytearray | None:
    """Text -> a mask of URL characters, whose "$..." parts are paths, not cashtags."""
    if "://" not in text and "www." not in text.lower():
        return None
    mask = bytearray(len(text))
    for m in _URL_RE.finditer(text):
        mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def _masked(mask: bytearray, start: int, end: int) -> bool:
    """Mask, a range -> whether any character of the range is masked."""
    return mask.find(1, start, end) != -1


def _resolve_label(label: str, bracketed: bool) -> list[Exchange] | None:
    """Exchange label ("ASX & AIM") -> its exchanges, or None if a name is not trusted here."""
    exchanges: list[Exchange] = []
    for part in re.split(r"\s*(?:&|/|,|\band\b)\s*", label, flags=re.IGNORECASE):
        found = lookup_exchange(part)
        if found is None:
            return None
        exchange, needs_brackets = found
        if needs_brackets and not bracketed:
            return None
        if exchange not in exchanges:
            exchanges.append(exchange)
    return exchanges


def _symbol_fits(symbol: str, exchanges: list[Exchange], numeric_ok: bool) -> bool:
    """Symbol, its exchanges -> whether its shape fits (digit codes only where markets use them)."""
    if any(c.isalpha() for c in symbol):
        return True
    return symbol.isdigit() and (numeric_ok or any(e.numeric for e in exchanges))


def _exchange_mentions(text: str) -> Iterator[TickerMention]:
    """Text -> mentions written after an exchange or symbol label."""
    if ":" not in text and "：" not in text:
        return  # every label ends in a colon
    for anchor in _ANCHOR_RE.finditer(text):
        bracketed = _inside_brackets(text, anchor.start())
        if not bracketed and not anchor.group(0)[0].isupper():
            continue  # "our aim: ..." in prose; "(nyse: BAC)" in brackets is fine
        label = anchor.group("exchanges")
        numeric_ok = False
        if label is None:
            if not bracketed:
                continue
            exchanges: list[Exchange] = []
            numeric_ok = "code" in anchor.group("generic").lower()
        else:
            resolved = _resolve_label(label, bracketed)
            if resolved is None:
                continue
            exchanges = resolved
        tse_in_label = label is not None and any(
            key_of(p) == AMBIGUOUS_TSE_KEY for p in re.split(r"[&/,]|\band\b", label)
        )
        pos = anchor.end()
        while True:
            match = _SYMBOL_RE.match(text, pos)
            if match is None:
                break
            symbol = match.group("symbol")
            if not _symbol_fits(symbol, exchanges, numeric_ok or tse_in_label):
                break
            if not bracketed and not _fits_running_text(text, symbol, match.end()):
                break
            targets = exchanges
            if tse_in_label and symbol.isdigit():
                targets = [TOKYO if key_of(e.name) == "tsx" else e for e in exchanges]
            start, end = match.span("symbol")
            if targets:
                for exchange in targets:
                    yield TickerMention(symbol, exchange.name, exchange.mic, start, end, "exchange")
            else:
                yield TickerMention(symbol, None, None, start, end, "exchange")
            if not bracketed:
                break  # running text: one symbol per label, lists need brackets
            sep = _LIST_SEP_RE.match(text, match.end())
            if sep is None or _LABEL_AHEAD_RE.match(text, sep.end()):
                break
            pos = sep.end()


def _fits_running_text(text: str, symbol: str, end: int) -> bool:
    """Unbracketed symbol, its end -> False for English words and all-caps headlines."""
    if symbol in _RUNNING_TEXT_STOPWORDS or len(symbol) < 2:
        return False
    # "NYSE: STOCKS FALL ON ...": an upper-case word right after means a headline.
    return re.match(r"\s+[A-Z]{2,}\b", text[end : end + 20]) is None


def _under_symbol_mentions(text: str) -> Iterator[TickerMention]:
    """Text -> mentions written as "... on the NYSE under the symbol BAC"."""
    if "under the" not in text:
        return
    for match in _UNDER_SYMBOL_RE.finditer(text):
        symbol = match.group("symbol")
        # The exchange is the last one named earlier in the same sentence.
        sentence_start = max(text.rfind(". ", 0, match.start()), text.rfind("\n", 0, match.start()))
        before = text[sentence_start + 1 : match.start()]
        exchange: Exchange | None = None
        for name in _SENTENCE_EXCHANGE_RE.finditer(before):
            found = lookup_exchange(name.group(0))
            if found is not None and name.group(0)[0].isupper():
                exchange = found[0]
        start, end = match.span("symbol")
        if exchange is None:
            yield TickerMention(symbol, None, None, start, end, "exchange")
        else:
            yield TickerMention(symbol, exchange.name, exchange.mic, start, end, "exchange")


def _cashtag_mentions(text: str) -> Iterator[TickerMention]:
    """Text -> "$SYMBOL" cashtags, skipping amounts, currencies and URLs."""
    if "$" not in text:
        return
    urls = _url_mask(text)
    for match in _CASHTAG_RE.finditer(text):
        symbol = match.group("symbol")
        base = re.split(r"[.\-/_]", symbol, maxsplit=1)[0]
        if len(base) > _LONG_BASE and "." not in symbol:
            continue  # "$LOOOOONG" shouting, not a symbol
        after = text[match.end() : match.end() + 2]
        # "$US 5 million": a currency code before an amount. "$AEP 54.31" is a price.
        if symbol in _CURRENCY_CODES and after[:1].isspace() and after[1:2].isdigit():
            continue
        # "$AN…": a cashtag cut off by a truncation ellipsis may be incomplete.
        if after[:1] == "…":
            continue
        if symbol.islower():
            if symbol in _MONEY_WORDS:
                continue
            # Lower-case cashtags only as whole tokens: "$aapl $goog", never "Pi$tol".
            before = text[match.start() - 1 : match.start()]
            if before and not (before.isspace() or before in "([\"'“‘"):
                continue
        if urls is not None and _masked(urls, match.start(), match.end()):
            continue
        yield TickerMention(symbol.upper(), None, None, match.start(), match.end(), "cashtag")


def find_tickers(text: str, *, names: bool = True) -> list[TickerMention]:
    """Plain text -> every ticker mention in document order (company names too if names)."""
    mentions: list[TickerMention] = []
    seen: set[tuple[str, str | None, int, int]] = set()
    written = bytearray(len(text))  # characters already claimed by a written mention
    for mention in (
        *_exchange_mentions(text),
        *_under_symbol_mentions(text),
        *_cashtag_mentions(text),
    ):
        key = (mention.symbol, mention.exchange, mention.start, mention.end)
        if key in seen:
            continue
        if mention.form == "cashtag" and _masked(written, mention.start, mention.end):
            continue  # "(NASDAQ: $ACME)": the exchange mention already has it
        seen.add(key)
        mentions.append(mention)
        written[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
    if names:
        for company in find_company_names(text):
            if not _masked(written, company.start, company.end):
                mentions.append(company)
    # Stable sort: the mentions of one symbol on several exchanges keep label order.
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def canonical_symbol(symbol: str) -> str:
    """Written symbol -> the form tickers are filed under ("brk-b", "BRK/B" -> "BRK.B")."""
    symbol = symbol.upper()
    # A one-letter share class is written with ".", "-" or "/" by different sources;
    # longer suffixes are market codes ("CJT.TO") and are kept as written.
    return re.sub(r"^([A-Z]{1,6})[-/]([A-Z])$", r"\1.\2", symbol)


# US markets: a bare cashtag follows US convention, and a company the table lists on
# one of these may be written on another (listings move between them).
_US_MICS = frozenset({"XNYS", "XNAS", "XASE", "ARCX", "BATS"})


def _same_market(name_mic: str | None, written_mic: str | None) -> bool:
    """MIC of a name's table listing, MIC written in text -> whether they can be one listing."""
    if name_mic is None or name_mic == written_mic:
        return True
    return name_mic in _US_MICS and written_mic in _US_MICS


def tickers_of(mentions: list[TickerMention]) -> list[Ticker]:
    """Mentions -> distinct tickers in first-mention order.

    One Ticker per (symbol, exchange) written with an exchange. A mention without an
    exchange (cashtag, "(Symbol: AA)") joins the first exchange written for its
    symbol, else a US listing found by name, else stands alone. A name mention joins
    a written exchange of the same market; otherwise it is its own Ticker with the
    exchange the symbol table knows, so "BAE Systems plc" (BA on the LSE) never
    merges with "$BA" (Boeing). from_name is True only for a Ticker made of names.
    """
    first: dict[tuple[str, str | None, str | None], int] = {}  # ticker -> first position
    only_names: dict[tuple[str, str | None, str | None], bool] = {}

    def add(symbol: str, exchange: str | None, mic: str | None, m: TickerMention) -> None:
        key = (symbol, exchange, mic)
        first[key] = min(first.get(key, m.start), m.start)
        only_names[key] = only_names.get(key, True) and m.form == "name"

    by_symbol: dict[str, list[TickerMention]] = {}
    for mention in mentions:
        by_symbol.setdefault(canonical_symbol(mention.symbol), []).append(mention)
    for symbol, group in by_symbol.items():
        written = [m for m in group if m.form == "exchange" and m.exchange is not None]
        listings = list(dict.fromkeys((m.exchange, m.mic) for m in written))
        for m in written:
            add(symbol, m.exchange, m.mic, m)
        named: list[tuple[str | None, str | None]] = []
        for m in (m for m in group if m.form == "name"):
            home = next((w for w in listings if _same_market(m.mic, w[1])), None)
            target = home if home is not None else (m.exchange, m.mic)
            add(symbol, target[0], target[1], m)
            if home is None and target not in named:
                named.append(target)
        for m in (m for m in group if m.form != "name" and m.exchange is None):
            us_named = next((n for n in named if n[1] is None or n[1] in _US_MICS), None)
            target = listings[0] if listings else us_named or (None, None)
            add(symbol, target[0], target[1], m)
    return [
        Ticker(symbol, exchange, mic, name_of_listing(symbol, mic), only_names[key])
        for key in sorted(first, key=first.__getitem__)
        for symbol, exchange, mic in [key]
    ]
