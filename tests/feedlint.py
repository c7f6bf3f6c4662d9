"""Lint a built RSS feed: everything a strict reader or validator would complain about."""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree

import feedparser

ATOM = "{http://www.w3.org/2005/Atom}"
_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|"
                     r"Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$")


def _check_date(value: str, where: str) -> list[str]:
    if not _RFC822.match(value):
        return [f"{where}: not an RFC 822 date: {value!r}"]
    parsed: datetime = parsedate_to_datetime(value)
    if parsed.strftime("%a") != value[:3]:
        return [f"{where}: weekday {value[:3]} does not match {parsed.date()}"]
    return []


def lint_feed(data: bytes, url: str, *, absolute: bool = True) -> list[str]:
    """Feed bytes and its published URL -> problems found (empty when the feed is clean)."""
    problems: list[str] = []
    if _CONTROLS.search(data):
        problems.append("control characters in the feed")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return [f"not well-formed XML: {exc}"]
    parsed = feedparser.parse(data)
    if parsed.bozo:
        problems.append(f"feedparser bozo: {parsed.bozo_exception}")
    channel = root.find("channel")
    if channel is None:
        return problems + ["no channel"]
    selfs = [el.get("href") for el in channel.findall(f"{ATOM}link") if el.get("rel") == "self"]
    if selfs != [url]:
        problems.append(f"atom:link rel=self is {selfs}, expected [{url!r}]")
    if channel.findtext("lastBuildDate"):
        problems += _check_date(channel.findtext("lastBuildDate", ""), "lastBuildDate")
    guids: set[str] = set()
    dates: list[datetime] = []
    for i, item in enumerate(channel.findall("item")):
        where = f"item {i}"
        for tag in ("title", "link", "guid", "pubDate"):
            if not (item.findtext(tag) or "").strip():
                problems.append(f"{where}: no {tag}")
        guid_el = item.find("guid")
        if guid_el is not None:
            guid = guid_el.text or ""
            if guid in guids:
                problems.append(f"{where}: duplicate guid {guid}")
            guids.add(guid)
            is_url = guid.startswith(("http://", "https://"))
            permalink = guid_el.get("isPermaLink", "true")
            if not is_url and permalink != "false":
                problems.append(f"{where}: non-URL guid without isPermaLink=false")
        link = item.findtext("link") or ""
        if absolute and not link.startswith(("http://", "https://")):
            problems.append(f"{where}: link is not absolute: {link}")
        pub = item.findtext("pubDate")
        if pub:
            problems += _check_date(pub, where)
            if _RFC822.match(pub):
                dates.append(parsedate_to_datetime(pub))
    if dates != sorted(dates, reverse=True):
        problems.append("items are not newest first")
    return problems
