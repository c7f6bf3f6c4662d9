"""Reuters-21578 (Distribution 1.0) loader: reut2-*.sgm -> list of Story, for benchmarks only.

The files are SGML without a root element, so each <REUTERS ...> ... </REUTERS> block is
read on its own with regular expressions. The text is research-use only: benchmarks read
it at run time from ../shared/corpora and never copy it into the repository.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bench.common import CORPORA

REUTERS_DIR = CORPORA / "reuters21578"

_BLOCK = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
# Control characters are written as numeric entities (&#2; start of text, &#3; end of
# text, &#5;, &#22;, ... wire routing); none of them is story text.
_CONTROL = re.compile(r"&#\d+;")
_D = re.compile(r"<D>(.*?)</D>", re.S)
_DATE = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})(?:\s+(\d+):(\d{2}):(\d{2})(?:\.(\d+))?)?")
_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}


@dataclass(frozen=True)
class Story:
    """One Reuters story: id, timestamp, headline, body and hand-assigned categories."""

    newid: int
    date: datetime | None
    title: str
    body: str  # "" when the story has no <BODY> (TEXT TYPE BRIEF or UNPROC)
    topics: tuple[str, ...]
    places: tuple[str, ...] = ()
    dateline: str = ""
    text_type: str = "NORM"  # NORM | BRIEF | UNPROC
    lewis_split: str = ""

    @property
    def has_body(self) -> bool:
        """True when the story carries a <BODY> element with text."""
        return bool(self.body)


def decode_text(raw: str) -> str:
    """SGML character data -> plain text (control entities dropped, &lt; and &amp; decoded)."""
    # &amp; last, so "&amp;lt;" stays the literal "&lt;" it encodes.
    return _CONTROL.sub("", raw).replace("&lt;", "<").replace("&amp;", "&")


def parse_date(raw: str) -> datetime | None:
    """'26-FEB-1987 15:01:01.79' (with the corpus's spacing and noise quirks) -> datetime."""
    m = _DATE.search(_CONTROL.sub(" ", raw))
    if m is None:
        return None
    day, mon, year, hh, mm, ss, frac = m.groups()
    month = _MONTHS.get(mon.upper())
    if month is None:
        return None
    if hh is None or int(hh) > 23:
        # One story (NEWID 17192) has the hour "605": keep its day, drop the time.
        return datetime(int(year), month, int(day))
    # The fraction has one or two digits (hundredths, sometimes tenths).
    micro = int((frac or "0").ljust(6, "0")[:6])
    return datetime(int(year), month, int(day), int(hh), int(mm), int(ss), micro)


def _element(block: str, tag: str) -> str | None:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", block, re.S)
    return m.group(1) if m else None


def _labels(block: str, tag: str) -> tuple[str, ...]:
    inner = _element(block, tag)
    return tuple(decode_text(d).strip() for d in _D.findall(inner)) if inner else ()


def parse_file(text: str) -> list[Story]:
    """Text of one reut2-NNN.sgm file -> its stories in file order."""
    stories = []
    for m in _BLOCK.finditer(text):
        attrs = dict(_ATTR.findall(m.group(1)))
        block = m.group(2)
        text_open = re.search(r"<TEXT\b([^>]*)>", block)
        text_type = "NORM"
        if text_open:
            ttype = dict(_ATTR.findall(text_open.group(1))).get("TYPE")
            text_type = ttype or "NORM"
        body_raw = _element(block, "BODY")
        stories.append(
            Story(
                newid=int(attrs["NEWID"]),
                date=parse_date(_element(block, "DATE") or ""),
                title=" ".join(decode_text(_element(block, "TITLE") or "").split()),
                body=decode_text(body_raw).strip() if body_raw is not None else "",
                topics=_labels(block, "TOPICS"),
                places=_labels(block, "PLACES"),
                dateline=" ".join(decode_text(_element(block, "DATELINE") or "").split()),
                text_type=text_type,
                lewis_split=attrs.get("LEWISSPLIT", ""),
            )
        )
    return stories


def load_stories(directory: Path = REUTERS_DIR) -> list[Story]:
    """Corpus directory -> all 21,578 stories ordered by NEWID (FileNotFoundError if absent)."""
    files = sorted(directory.glob("reut2-*.sgm"))
    if not files:
        raise FileNotFoundError(f"corpus absent: {directory}")
    stories: list[Story] = []
    for path in files:
        # Latin-1: one stray 0xFC byte in reut2-017.sgm is not valid UTF-8.
        stories.extend(parse_file(path.read_text(encoding="latin-1")))
    stories.sort(key=lambda s: s.newid)
    return stories


def main() -> None:
    """Print the corpus counts the README states, as a check of the parser."""
    try:
        stories = load_stories()
    except FileNotFoundError:
        print(f"Reuters-21578 not found at {REUTERS_DIR}")
        print(json.dumps({"skipped": f"corpus absent: {REUTERS_DIR}"}))
        return
    counts = {
        "stories": len(stories),
        "with_body": sum(s.has_body for s in stories),
        "with_title": sum(bool(s.title) for s in stories),
        "with_topics": sum(bool(s.topics) for s in stories),
        "pool_body_and_topics": sum(s.has_body and bool(s.topics) for s in stories),
        "dates_unparsed": sum(s.date is None for s in stories),
    }
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
    sys.exit(0)
