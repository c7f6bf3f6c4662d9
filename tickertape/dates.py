"""Publication dates found in short lines: datelines, bylines, metadata values.

Handles the shapes news pages print ("Published on: 19 Jun, 2018", "November 18,
2019", "2019-11-18 10:04 ET", "Updated 3:04 PM ET, Mon November 18, 2019",
"19.11.2019", "19 de novembro de 2019", "19 ноября 2019", "2019年11月19日",
"2019년 11월 19일") in several languages. Time zones are dropped: the result is
a naive datetime in the page's own clock.
"""

from __future__ import annotations

import re
from datetime import datetime

# Month names and common abbreviations by language; every key is lower case
# and accent-bearing spellings are listed as printed.
_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "janeiro", "enero", "janvier", "januar", "jänner", "gennaio",
        "januari", "января", "январь", "januarie", "stycznia", "ocak"),
    2: ("february", "feb", "fevereiro", "febrero", "février", "fevrier", "februar", "febbraio",
        "februari", "февраля", "февраль", "fev", "fév", "lutego", "şubat"),
    3: ("march", "mar", "março", "marco", "marzo", "mars", "märz", "maret", "maart", "марта",
        "март", "mär", "marca", "mart"),
    4: ("april", "apr", "abril", "abr", "avril", "aprile", "апреля", "апрель", "kwietnia",
        "nisan"),
    5: ("may", "maio", "mayo", "mai", "maggio", "mei", "мая", "май", "maja", "mayıs", "mag"),
    6: ("june", "jun", "junho", "junio", "juin", "juni", "giugno", "июня", "июнь", "czerwca",
        "haziran", "giu"),
    7: ("july", "jul", "julho", "julio", "juillet", "juli", "luglio", "июля", "июль", "lipca",
        "temmuz", "lug"),
    8: ("august", "aug", "agosto", "ago", "août", "aout", "agustus", "augustus", "августа",
        "август", "sierpnia", "ağustos", "agu"),
    9: ("september", "sep", "sept", "setembro", "set", "septiembre", "septembre", "settembre",
        "сентября", "сентябрь", "września", "eylül"),
    10: ("october", "oct", "outubro", "out", "octubre", "octobre", "oktober", "ottobre", "okt",
         "октября", "октябрь", "października", "ekim", "ott"),
    11: ("november", "nov", "novembro", "noviembre", "novembre", "ноября", "ноябрь",
         "listopada", "kasım"),
    12: ("december", "dec", "dezembro", "dez", "diciembre", "dic", "décembre", "decembre",
         "dezember", "dicembre", "desember", "des", "декабря", "декабрь", "grudnia", "aralık"),
}
_MONTHS: dict[str, int] = {w: m for m, words in _MONTH_WORDS.items() for w in words}
_MONTH_ALT = "|".join(sorted((re.escape(w) for w in _MONTHS), key=len, reverse=True))

# A month word must not run on into a longer word ("mar" in "market"); an
# abbreviation may carry a full stop ("Nov.").
_MONTH = rf"(?P<mon>{_MONTH_ALT})(?![^\W\d_])\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# Optional time after (or before) the date: "8:03 am", "10:04", "3:04 PM", "15h30".
_TIME = r"(?P<hour>[0-2]?\d)[:h.](?P<minute>[0-5]\d)(?::[0-5]\d)?\s*(?P<ampm>[ap]\.?\s?m\.?)?"
# "at" before a time, as printed in the covered languages.
_AT = r"(?:(?:at|à|às|as|um|alle|alle ore|a las|pukul|в|o)\s+)"
_SEP = r"[\s,./-]*(?:de\s+|of\s+)?"
# A year ends at a non-digit, or runs straight into a time when a page glues the
# two together ("Nov 20 20194:29 AM").
_YEAR_END = r"(?:(?!\d)|(?=[0-2]?\d:[0-5]\d))"

_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.I)
    for p in (
        # ISO and numeric year-first: 2019-11-18, 2019/11/18, 2019.11.18, 2019-11-18T10:04
        rf"(?<!\d){_YEAR}[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)(?!\d)"
        rf"(?:[T\s]+{_TIME})?",
        # CJK: 2019年11月19日, 2019년 11월 19일
        rf"{_YEAR}\s*[年년]\s*(?P<month>[01]?\d)\s*[月월]\s*(?P<day>[0-3]?\d)\s*[日일]?"
        rf"(?:[\s,]*(?:\([^)]{{1,4}}\)\s*)?{_TIME})?",
        # Day first with a month word: 19 Jun, 2018; 19. November 2019; 19 de novembro de 2019
        rf"(?<![\w]){_DAY}{_SEP}{_MONTH}{_SEP}{_YEAR}{_YEAR_END}(?:[\s,|-]*{_AT}?{_TIME})?",
        # Month word first: November 18, 2019; Nov. 19, 2019 8:03 am ET
        rf"(?<![\w]){_MONTH}\s*{_DAY},?\s*{_YEAR}{_YEAR_END}(?:[\s,|-]*{_AT}?{_TIME})?",
        # Numeric day first: 19.11.2019, 19/11/2019, 11/19/2019 (swapped when day > 12)
        rf"(?<![\d.]){_DAY}[./-](?P<month>[01]?\d)[./-]{_YEAR}{_YEAR_END}(?:[\s,|-]*{_TIME})?",
    )
)
# A time printed before the date ("Updated 3:04 PM ET, Mon November 18, 2019").
_LEADING_TIME = re.compile(
    r"(?<![\d:.])(?P<hour>[0-2]?\d):(?P<minute>[0-5]\d)\s*(?P<ampm>[ap]\.?\s?m\.?)?", re.I
)


_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")


def _to_int(value: str | None) -> int | None:
    """Digit string (or None) -> int (or None)."""
    return int(value) if value and value.isdigit() else None


def _build(
    parts: dict[str, str | None], time_from: dict[str, str | None] | None
) -> datetime | None:
    """Matched date parts (and optional time parts) -> datetime, or None if not a real date."""
    year = _to_int(parts.get("year"))
    day = _to_int((parts.get("day") or "").rstrip("."))
    month = _to_int(parts.get("month"))
    if month is None and parts.get("mon"):
        month = _MONTHS.get((parts["mon"] or "").lower().rstrip("."))
    if year is None or month is None or day is None:
        return None
    if month > 12 and day <= 12:  # US order, 11/19/2019
        month, day = day, month
    hour = minute = 0
    source = parts if parts.get("hour") else time_from
    if source and source.get("hour"):
        hour = _to_int(source.get("hour")) or 0
        minute = _to_int(source.get("minute")) or 0
        ampm = (source.get("ampm") or "").lower()
        if ampm.startswith("p") and hour < 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
        if hour > 23:
            hour = minute = 0
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:
        return None


def parse_date(text: str) -> datetime | None:
    """Short line of text -> the first calendar date printed in it (with its time), or None."""
    line = text[:300]
    if not _YEAR_DIGITS.search(line):
        return None  # every supported shape has the year in four digits
    best: tuple[int, datetime] | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(line):
            parts = match.groupdict()
            before = _LEADING_TIME.search(line[: match.start()]) if not parts.get("hour") else None
            found = _build(parts, before.groupdict() if before else None)
            if found is not None:
                if best is None or match.start() < best[0]:
                    best = (match.start(), found)
                break
    return best[1] if best else None


_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|-|$)")


def date_from_url(url: str | None) -> datetime | None:
    """A story URL with a dated path (/2019/11/18/) -> that date, or None."""
    m = _URL_DATE.search(url or "")
    if not m:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
