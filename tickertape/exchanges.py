"""Stock exchange names as written in news text, their canonical names and ISO 10383 MICs.

MIC policy: the MIC of the market the text names, as ISO 10383 lists it. Where a
name covers segments that a company moves between (OTCQX, OTCQB and OTC Pink are
tiers of OTC Markets; NasdaqGS/GM/CM are tiers of Nasdaq), the operating MIC is
used (OTCM, XNAS) so that one security keeps one MIC when it changes tier. AIM
is a market of the London Stock Exchange and has no MIC of its own that issuers
quote, so it carries XLON. Markets without a MIC we can vouch for (crypto, the
retired OTC Bulletin Board, "Euronext" without a city) carry None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Exchange:
    """A market: canonical name, MIC, the names text uses for it, and its symbol shape."""

    name: str
    mic: str | None
    aliases: tuple[str, ...]
    # Aliases that are also ordinary words, cities or vague labels ("AIM", "Frankfurt",
    # "SIX"): trusted only inside brackets, as in "(AIM: EMH)".
    bracketed: tuple[str, ...] = ()
    numeric: bool = False  # symbols are digit codes ("0700", "7203")


EXCHANGES: tuple[Exchange, ...] = (
    Exchange(
        "NASDAQ",
        "XNAS",
        (
            "NASDAQ",
            "NasdaqGS",
            "NasdaqGM",
            "NasdaqCM",
            "Nasdaq GS",
            "Nasdaq GM",
            "Nasdaq CM",
            "Nasdaq NGS",
            "Nasdaq NMS",
            "Nasdaq Global Select",
            "Nasdaq Global Select Market",
            "Nasdaq Global Market",
            "Nasdaq Capital Market",
            "Nasdaq Stock Market",
            "Nasdaq National Market",
            "Nasdaq US",
        ),
    ),
    Exchange("NYSE", "XNYS", ("NYSE", "New York Stock Exchange", "NYSE Euronext")),
    Exchange(
        "NYSE American",
        "XASE",
        (
            "NYSE American",
            "NYSE MKT",
            "NYSE Amex",
            "NYSEAmerican",
            "AMEX",
            "American Stock Exchange",
            "NYSE Alternext",
        ),
    ),
    Exchange("NYSE Arca", "ARCX", ("NYSE Arca", "NYSEArca"), bracketed=("Arca",)),
    Exchange("Cboe BZX", "BATS", ("Cboe BZX", "BATS", "Cboe BZX Exchange", "BZX")),
    Exchange("OTCQX", "OTCM", ("OTCQX", "OTCQX Best Market", "OTCQX International")),
    Exchange("OTCQB", "OTCM", ("OTCQB", "OTCQB Venture Market")),
    Exchange(
        "OTC Pink", "OTCM", ("OTC Pink", "OTCPink", "OTC Pink Sheets", "Pink Sheets", "OTCPK")
    ),
    Exchange(
        "OTC Markets",
        "OTCM",
        ("OTC Markets", "OTCMKTS", "OTC Markets Group", "OTC", "OTC US"),
    ),
    Exchange("OTCBB", None, ("OTCBB", "OTC BB", "OTC Bulletin Board")),
    Exchange(
        "TSX",
        "XTSE",
        ("TSX", "Toronto Stock Exchange"),
        bracketed=("TSE", "Toronto"),
    ),
    Exchange(
        "TSX Venture",
        "XTSX",
        ("TSX-V", "TSX Venture", "TSX Venture Exchange", "TSXV", "TSX-Venture"),
        bracketed=("CVE",),
    ),
    Exchange("CSE", "XCNQ", ("Canadian Securities Exchange", "CNSX"), bracketed=("CSE",)),
    Exchange(
        "Cboe Canada", "NEOE", ("NEO Exchange", "Cboe Canada", "Aequitas NEO"), bracketed=("NEO",)
    ),
    Exchange(
        "ASX",
        "XASX",
        ("ASX", "Australian Securities Exchange", "Australian Stock Exchange"),
    ),
    Exchange("NZX", "XNZE", ("NZX", "NZSX")),
    Exchange("LSE", "XLON", ("LSE", "London Stock Exchange"), bracketed=("LON", "London", "L")),
    Exchange("AIM", "XLON", ("LSE AIM", "AIM London"), bracketed=("AIM",)),
    Exchange(
        "FSE",
        "XFRA",
        ("Frankfurt Stock Exchange", "FWB", "Boerse Frankfurt", "Börse Frankfurt"),
        bracketed=("FSE", "FRA", "Frankfurt"),
    ),
    Exchange("XETRA", "XETR", ("XETRA",), bracketed=("ETR",)),
    Exchange(
        "Berlin",
        "XBER",
        ("Berlin Stock Exchange", "Boerse Berlin", "Börse Berlin"),
        bracketed=("Berlin", "BER"),
    ),
    Exchange(
        "Stuttgart",
        "XSTU",
        ("Stuttgart Stock Exchange", "Boerse Stuttgart", "Börse Stuttgart"),
        bracketed=("Stuttgart",),
    ),
    Exchange("Munich", "XMUN", ("Munich Stock Exchange",), bracketed=("Munich",)),
    Exchange(
        "HKEX",
        "XHKG",
        ("HKEX", "HKSE", "SEHK", "Hong Kong Stock Exchange", "HKEx"),
        bracketed=("HKG", "HK", "Hong Kong"),
        numeric=True,
    ),
    Exchange("SGX", "XSES", ("SGX", "Singapore Exchange"), bracketed=("SGX-ST",)),
    Exchange(
        "TYO",
        "XTKS",
        ("Tokyo Stock Exchange",),
        bracketed=("TYO", "Tokyo", "TSE Tokyo", "JPX"),
        numeric=True,
    ),
    Exchange("KRX", "XKRX", ("KRX", "Korea Exchange"), bracketed=("KOSPI",), numeric=True),
    Exchange("KOSDAQ", "XKOS", ("KOSDAQ",), numeric=True),
    Exchange(
        "SSE",
        "XSHG",
        ("Shanghai Stock Exchange",),
        bracketed=("SSE", "SHA", "Shanghai"),
        numeric=True,
    ),
    Exchange(
        "SZSE", "XSHE", ("SZSE", "Shenzhen Stock Exchange"), bracketed=("Shenzhen",), numeric=True
    ),
    Exchange("TWSE", "XTAI", ("TWSE", "Taiwan Stock Exchange"), bracketed=("TPE",), numeric=True),
    Exchange("NSE", "XNSE", ("National Stock Exchange of India",), bracketed=("NSE",)),
    Exchange("BSE", "XBOM", ("Bombay Stock Exchange",), bracketed=("BSE",), numeric=True),
    Exchange("JSE", "XJSE", ("JSE", "Johannesburg Stock Exchange")),
    Exchange("SIX", "XSWX", ("SIX Swiss Exchange", "SWX"), bracketed=("SIX",)),
    Exchange("Euronext Paris", "XPAR", ("Euronext Paris",), bracketed=("EPA", "Paris")),
    Exchange("Euronext Amsterdam", "XAMS", ("Euronext Amsterdam",), bracketed=("AMS", "Amsterdam")),
    Exchange("Euronext Brussels", "XBRU", ("Euronext Brussels",), bracketed=("EBR", "Brussels")),
    Exchange("Euronext Dublin", "XMSM", ("Euronext Dublin",)),
    Exchange("Euronext Lisbon", "XLIS", ("Euronext Lisbon",)),
    Exchange(
        "Oslo Børs", "XOSL", ("Oslo Børs", "Oslo Bors", "Oslo Stock Exchange"), bracketed=("OSL",)
    ),
    Exchange("Euronext", None, ("Euronext", "Euronext Growth")),
    Exchange("BME", "XMAD", ("Bolsa de Madrid", "Madrid Stock Exchange"), bracketed=("BME",)),
    Exchange("Borsa Italiana", "XMIL", ("Borsa Italiana",), bracketed=("BIT", "Milan", "MIL")),
    Exchange("Nasdaq Stockholm", "XSTO", ("Nasdaq Stockholm",), bracketed=("STO", "Stockholm")),
    Exchange("Nasdaq Helsinki", "XHEL", ("Nasdaq Helsinki",), bracketed=("HEL", "Helsinki")),
    Exchange("Nasdaq Copenhagen", "XCSE", ("Nasdaq Copenhagen",), bracketed=("CPH", "Copenhagen")),
    Exchange("TASE", "XTAE", ("TASE", "Tel Aviv Stock Exchange")),
    Exchange("B3", "BVMF", ("BOVESPA", "B3 SA"), bracketed=("B3",)),
    Exchange("BMV", "XMEX", ("BMV", "Mexican Stock Exchange", "Bolsa Mexicana de Valores")),
    Exchange("Crypto", None, (), bracketed=("Crypto", "Cryptocurrency")),
)


def key_of(name: str) -> str:
    """Exchange name as written -> lookup key (case-folded letters and digits only)."""
    return re.sub(r"[^0-9a-zß-ÿ]", "", name.casefold())


# key -> (exchange, whether the alias is trusted only inside brackets)
_BY_KEY: dict[str, tuple[Exchange, bool]] = {}
for _exchange in EXCHANGES:
    for _alias in _exchange.aliases:
        _BY_KEY.setdefault(key_of(_alias), (_exchange, False))
    for _alias in _exchange.bracketed:
        _BY_KEY.setdefault(key_of(_alias), (_exchange, True))
for _exchange in EXCHANGES:
    # A canonical name not listed as an alias is trusted only inside brackets.
    _BY_KEY.setdefault(key_of(_exchange.name), (_exchange, True))
# "TSE" names Toronto on Canadian wires and Tokyo everywhere else; the symbol shape
# (letters vs digits) decides, see tickers.py.
TOKYO: Exchange = next(e for e in EXCHANGES if e.mic == "XTKS")
AMBIGUOUS_TSE_KEY = "tse"


def lookup_exchange(name: str) -> tuple[Exchange, bool] | None:
    """Exchange name as written -> (Exchange, bracketed-only flag) or None if unknown."""
    return _BY_KEY.get(key_of(name))


def normalise_exchange(name: str) -> tuple[str, str | None] | None:
    """Raw exchange name ("NasdaqGS", "TSX-V") -> (canonical name, MIC), or None."""
    found = _BY_KEY.get(key_of(name.strip().removeprefix("the ").removeprefix("The ")))
    if found is None:
        return None
    return found[0].name, found[0].mic


_SEPARATOR = "\x00"  # stands for the flexible gap between words of one name
_END = ""


def _alias_units(alias: str) -> list[str]:
    """An alias -> its lower-case characters, with _SEPARATOR between words."""
    words = [w.casefold() for w in re.split(r"[^0-9A-Za-zß-ÿ]+", alias) if w]
    return list(_SEPARATOR.join(words))


def _trie_regex(node: dict[str, dict[str, object]]) -> str:
    """A character trie -> a regex that tries longer names first (no backtracking blow-up)."""
    branches: list[str] = []
    terminal = False
    for unit in sorted(node, key=lambda u: (u == _END, u)):
        if unit == _END:
            terminal = True
            continue
        child = node[unit]
        # Between words of one name: nothing, spaces, a hyphen or a dot ("TSX-V",
        # "TSX V", "TSXV", "TSX.V"); never a slash or comma, which join names in a list.
        head = r"[\s.\-]?\s*" if unit == _SEPARATOR else re.escape(unit)
        branches.append(head + _trie_regex(child))  # type: ignore[arg-type]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if terminal:
        return ("(?:" + body + ")?") if len(branches) > 1 or len(body) > 1 else body + "?"
    return body


def alias_pattern() -> str:
    """All aliases of all exchanges -> one regex (a character trie, case-insensitive use)."""
    root: dict[str, dict[str, object]] = {}
    for exchange in EXCHANGES:
        for alias in (exchange.name, *exchange.aliases, *exchange.bracketed):
            node: dict[str, object] = root  # type: ignore[assignment]
            for unit in [*_alias_units(alias), _END]:
                node = node.setdefault(unit, {})  # type: ignore[assignment]
    return _trie_regex(root)
