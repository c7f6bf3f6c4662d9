"""The shipped symbol table: listings, company names, and company names found in text.

A name resolves to a symbol only when it is written in full as a company name: a
base name the table knows followed by a legal form of the family the table
allows for it ("Microsoft Corporation", "Merck & Co.", "Siemens AG"), not part of
a longer capitalised name ("American Southern Co"), and known for one listing
only. Data: data/symbols.tsv, built by data/build_symbols.py (see data/README.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from tickertape.models import TickerMention


@dataclass(frozen=True)
class Listing:
    """One row of the symbol table: a symbol on a market and the company's name."""

    symbol: str
    exchange: str | None  # None where the source gives no market
    mic: str | None
    name: str
    bases: tuple[str, ...]  # company names without legal form, as written in text
    forms: frozenset[str]  # legal-form families accepted after a base


# Legal forms written after a company name, by family; longer spellings first so
# "Co., Ltd." is not read as "Co.".
_FORM_FAMILIES: tuple[tuple[str, str], ...] = (
    ("JPCO", r"Co\.,?\s*Ltd\.?"),
    ("KGAA", r"(?:SE|AG)\s*&\s*Co\.\s*KGaA|KGaA"),
    ("CO", r"(?:&|and)\s+Co\.?|Co\.?|Company|Cos\.?|Companies"),
    ("INC", r"Inc\.?|Incorporated"),
    ("CORP", r"Corp\.?|Corporation"),
    ("PLC", r"plc|PLC|Plc|p\.l\.c\."),
    ("LTD", r"Ltd\.?|Limited"),
    ("AG", r"AG"),
    ("SE", r"SE"),
    ("NV", r"N\.V\.|NV"),
    ("SA", r"S\.A\.|SA"),
    ("AB", r"AB"),
    ("OYJ", r"Oyj|Abp"),
)
_FORM_RE = re.compile(
    r"(?<=[\s,])(?:" + "|".join(f"(?P<{f}>{p})" for f, p in _FORM_FAMILIES) + r")(?![\w&])"
)
# A second legal form or "of <Place>" right after the first means another entity:
# "General Electric Co Plc" is Britain's GEC, "Ford Motor Co of Canada" a subsidiary.
_OTHER_ENTITY_RE = re.compile(
    r"(?:,?\s*(?:"
    + "|".join(p for _, p in _FORM_FAMILIES)
    + r")(?![\w&])|\s+of\s+(?:the\s+)?[A-Z])"
)
_MAX_BASE_WORDS = 6
_LOOKBACK = 100
# Capitalised words that may stand right before a company name without being part
# of it (sentence openers, "The Walt Disney Company").
_OPENERS = frozenset(
    """The A An And But By For From In At On Of To With While When After Before As
    Shares Stock Rival Rivals Like Unlike Both Neither Either Including Said Says
    Yesterday Today Meanwhile Also However Why How What Where Who""".split()
)
_US_MICS = ("XNYS", "XNAS", None)
_WORD_RE = re.compile(r"\S+")
_OPENING_MARKS = "(\"“‘'[<"


@lru_cache(maxsize=1)
def load_listings() -> tuple[Listing, ...]:
    """The shipped data/symbols.tsv -> its listings."""
    text = resources.files("tickertape").joinpath("data/symbols.tsv").read_text(encoding="utf-8")
    listings: list[Listing] = []
    for line in text.splitlines()[1:]:
        symbol, exchange, mic, name, bases, forms = line.split("\t")
        listings.append(
            Listing(
                symbol,
                exchange or None,
                mic or None,
                name,
                tuple(b for b in bases.split("|") if b),
                frozenset(forms.split("|")),
            )
        )
    return tuple(listings)


@lru_cache(maxsize=1)
def _indexes() -> tuple[dict[tuple[str, str | None], Listing], dict[str, tuple[Listing, ...]]]:
    """Listings -> ({(symbol, MIC): listing}, {base name: listings})."""
    by_listing: dict[tuple[str, str | None], Listing] = {}
    by_base: dict[str, list[Listing]] = {}
    for listing in load_listings():
        by_listing.setdefault((listing.symbol, listing.mic), listing)
        for base in listing.bases:
            by_base.setdefault(base, []).append(listing)
    return by_listing, {b: tuple(ls) for b, ls in by_base.items()}


def name_of_listing(symbol: str, mic: str | None) -> str | None:
    """Symbol and MIC -> company name, or None; without a MIC only US listings are asked."""
    by_listing, _ = _indexes()
    if mic is not None:
        found = by_listing.get((symbol, mic))
        return found.name if found else None
    # A bare cashtag is read as a US symbol, the convention cashtags follow.
    for us_mic in _US_MICS:
        found = by_listing.get((symbol, us_mic))
        if found is not None:
            return found.name
    return None


def _word_before_is_name(words: list[str], k: int) -> bool:
    """Words before a legal form, base length k -> whether the word before the base is a name."""
    if len(words) <= k:
        return False
    previous = words[-k - 1].lstrip(_OPENING_MARKS)
    if not previous or previous[-1:] in ".,;:!?)\"”'’>":
        return False  # a sentence or clause boundary, not part of the name
    return previous[:1].isupper() and previous not in _OPENERS


def find_company_names(text: str) -> Iterator[TickerMention]:
    """Text -> "name" mentions of companies written in full with a legal form."""
    _, by_base = _indexes()
    for form in _FORM_RE.finditer(text):
        family = form.lastgroup
        if family is None or _OTHER_ENTITY_RE.match(text, form.end()):
            continue
        head_end = form.start()
        while head_end > 0 and text[head_end - 1].isspace():
            head_end -= 1
        if head_end > 0 and text[head_end - 1] == ",":
            head_end -= 1  # "Apple, Inc."
        offset = max(0, head_end - _LOOKBACK)
        tokens = list(_WORD_RE.finditer(text, offset, head_end))
        if offset > 0 and tokens:
            tokens = tokens[1:]  # may be cut off by the window
        words = [t.group() for t in tokens]
        for k in range(min(_MAX_BASE_WORDS, len(words)), 0, -1):
            first = words[-k]
            lead = len(first) - len(first.lstrip(_OPENING_MARKS))
            base = " ".join([first[lead:], *words[len(words) - k + 1 :]])
            candidates = by_base.get(base)
            if candidates is None:
                continue
            # Longest base wins; if it is ambiguous, preceded by another capitalised
            # word or takes another legal form, the name is not resolved at all.
            fitting = {c.symbol + "@" + str(c.mic): c for c in candidates if family in c.forms}
            if len(fitting) == 1 and not _word_before_is_name(words, k):
                listing = next(iter(fitting.values()))
                start = tokens[-k].start() + lead
                yield TickerMention(
                    listing.symbol, listing.exchange, listing.mic, start, form.end(), "name"
                )
            break
