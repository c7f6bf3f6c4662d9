"""Rebuild symbols.tsv from pytickersymbols' index data and StockNet's StockTable.

Usage (from the repo root, with pytickersymbols==1.17.10 importable, e.g. in a
throw-away venv; it is not a runtime dependency):

    python tickertape/data/build_symbols.py ../shared/corpora/stocknet-tweets-sample/StockTable.tsv

See README.md in this folder for the sources, their licences and the filters.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from pytickersymbols.indices_data import INDICES

OUT = Path(__file__).with_name("symbols.tsv")

# Indices whose primary symbols are checked here; CAC Mid 60, MDAX/SDAX/TecDAX and
# S&P 600 are left out: their records carry many symbols of other companies
# (e.g. "BIC Group" -> BB, "TF1" -> FSE).
US_INDICES = {"S&P 500", "S&P 100", "NASDAQ 100", "DOW JONES"}
OTHER_INDICES = {
    "FTSE 100",
    "DAX",
    "EURO STOXX 50",
    "AEX",
    "CAC_40",
    "IBEX 35",
    "BEL 20",
    "OMX Helsinki 25",
    "OMX Stockholm 30",
    "Switzerland 20",
    "NIKKEI 225",
}
# yahoo suffix -> (exchange, MIC, google prefixes that confirm the symbol, legal forms)
MARKETS = {
    "L": ("LSE", "XLON", {"LON"}, "PLC"),
    "DE": ("XETRA", "XETR", {"FRA", "ETR"}, "AG|SE|KGAA"),
    "PA": ("Euronext Paris", "XPAR", {"EPA", "FRA"}, "SA|SE"),
    "AS": ("Euronext Amsterdam", "XAMS", {"AMS"}, "NV"),
    "BR": ("Euronext Brussels", "XBRU", {"EBR"}, "SA|NV"),
    "MC": ("BME", "XMAD", {"BME"}, "SA"),
    "ST": ("Nasdaq Stockholm", "XSTO", {"STO"}, "AB"),
    "HE": ("Nasdaq Helsinki", "XHEL", {"HEL"}, "OYJ"),
    "SW": ("SIX", "XSWX", {"SWX"}, "AG|SA"),
    "T": ("TYO", "XTKS", {"TYO"}, "CORP|JPCO|LTD"),
}
US_FORMS = "INC|CORP|CO"
# Records checked by hand and found wrong in pytickersymbols 1.17.10.
KNOWN_WRONG = {
    ("Apollo Commercial Real Estate Finance", "APO"),  # APO is Apollo Global Management
    ("Arthur J. Gallagher & Co.", "AIZ"),  # AIZ is Assurant
    ("SES S.A.", "SMIN.L"),  # SMIN is Smiths Group
}
# Legal forms as they end a company name -> family (symbols.py holds the same families).
LEGAL_FORMS = [
    (r",? (?:Inc\.?|Incorporated)$", "INC"),
    (r",? (?:Corp\.?|Corporation)$", "CORP"),
    (r",? (?:&|and) (?:Co\.?|Company)$", "CO"),
    (r",? (?:Co\.?|Company|Companies)$", "CO"),
    (r",? (?:plc|PLC|Plc|p\.l\.c\.)$", "PLC"),
    (r",? (?:Ltd\.?|Limited)$", "LTD"),
    (r" (?:SE & Co\. )?KGaA$", "KGAA"),
    (r" AG$", "AG"),
    (r" SE$", "SE"),
    (r" N\.?V\.?$", "NV"),
    (r" S\.?A\.?$", "SA"),
    (r" AB(?: \(publ\))?$", "AB"),
    (r" Oyj$", "OYJ"),
]


def split_legal_form(name: str) -> tuple[str, str | None]:
    """Company name -> (name without its legal form, legal-form family or None)."""
    for pattern, family in LEGAL_FORMS:
        m = re.search(pattern, name)
        if m:
            return name[: m.start()].strip(" ,"), family
    return name, None


def clean_name(name: str) -> str:
    """Display name from the data -> name with a leading "The" and spacing tidied."""
    name = re.sub(r"\s+", " ", name).strip()
    name = re.sub(r"\s*\([^)]*\)$", "", name)  # "Hornbach (retailer)"
    return name.removeprefix("The ")


def listing_of(company: dict[str, Any], indices: set[str]) -> tuple[str, str, str, str] | None:
    """pytickersymbols record -> (symbol, exchange, MIC, forms) or None if unconfirmed."""
    primary = company.get("symbol")
    if not primary:
        return None
    codes = {s.get("google", "") for s in company.get("symbols", [])}
    if indices & US_INDICES and ("." not in primary or re.fullmatch(r"[A-Z]+\.[AB]", primary)):
        symbol = primary
        for prefix, exchange, mic in (("NYSE", "NYSE", "XNYS"), ("NASDAQ", "NASDAQ", "XNAS")):
            if f"{prefix}:{symbol}" in codes:
                return symbol, exchange, mic, US_FORMS
        # No US market confirmed (only the bare symbol, or an S&P 500 member filed
        # under OTCMKTS, which index rules exclude): the exchange stays unknown.
        return symbol, "", "", US_FORMS
    base, _, suffix = primary.rpartition(".")
    if suffix not in MARKETS or "." in base or not indices & OTHER_INDICES:
        return None
    exchange, mic, prefixes, forms = MARKETS[suffix]
    if not any(f"{p}:{base}" in codes for p in prefixes):
        return None
    return base, exchange, mic, forms


def read_stocktable(path: Path) -> dict[str, str]:
    """StockTable.tsv -> {symbol: company name} (symbols with "-" written with ".")."""
    names: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) == 3 and parts[1].startswith("$"):
            names[parts[1][1:].replace("-", ".")] = re.sub(r"\s+", " ", parts[2])
    return names


def main(stocktable: Path) -> None:
    """Index data + StockTable -> symbols.tsv (one listing per row)."""
    records: dict[tuple[str, str], tuple[dict[str, Any], set[str]]] = {}
    for index, data in INDICES.items():
        for company in data["companies"]:
            key = (company["name"], str(company.get("symbol")))
            records.setdefault(key, (company, set()))[1].add(index)
    rows: dict[tuple[str, str], list[str]] = {}
    extra_names = read_stocktable(stocktable)
    for (raw_name, _), (company, indices) in sorted(records.items()):
        listing = listing_of(company, indices)
        if listing is None or (raw_name, company.get("symbol")) in KNOWN_WRONG:
            continue
        symbol, exchange, mic, forms = listing
        name = clean_name(raw_name)
        base, family = split_legal_form(name)
        bases = [base]
        families = family or forms
        # StockTable's full legal name for the same US symbol adds a spelling
        # ("Exxon Mobil Corporation" beside "ExxonMobil") that two sources agree on.
        if mic in ("XNYS", "XNAS", "") and symbol in extra_names:
            other_base, other_family = split_legal_form(clean_name(extra_names[symbol]))
            if other_family is not None and other_base not in bases:
                bases.append(other_base)
            elif other_family is not None and family is None:
                families = other_family  # the full legal name narrows the forms
        key = (symbol, mic)
        if key in rows:
            continue
        # Share classes of one company under one name (Alphabet's GOOG and GOOGL):
        # the name resolves to the class StockTable lists, else to the first seen.
        twin = next((r for r in rows.values() if r[3] == name and r[2] == mic), None)
        if twin is not None:
            if symbol in extra_names and twin[0] not in extra_names:
                twin[4] = ""
            else:
                bases = []
        rows[key] = [symbol, exchange, mic, name, "|".join(bases), families]
    lines = ["symbol\texchange\tmic\tname\tbases\tforms"]
    lines += ["\t".join(r) for r in sorted(rows.values(), key=lambda r: (r[2], r[0]))]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} listings -> {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
