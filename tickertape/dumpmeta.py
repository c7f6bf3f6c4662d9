"""Headline, byline and dateline of a text dump, found around where its story starts.

A dump has no <title>: the headline is one of the text blocks printed just
above the story, usually followed by a byline ("By ...") or a dateline, and
often printed twice (a breadcrumb or share text repeats it). This module
scores the blocks above the story's first paragraph by those signals, by
kind of line, never by site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from tickertape.dates import parse_date
from tickertape.widgets import match_widget

# How many blocks above the story's first paragraph may hold its headline.
WINDOW = 30
_BULLET = re.compile(r"^\s*(?:[•*+□◦▪-]|\d+\.)\s+")
_BYLINE = re.compile(r"^\s*(?:by|por|von|par|di|oleh)\s+(.+)$", re.I)
_ROLE = re.compile(
    r"\s*(?:,|\||\bfor\b|\b(?:staff|senior|chief)?\s*(?:writer|reporter|correspondent|editor|"
    r"columnist|contributor)s?\b).*$", re.I)
_GLUED_ROLE = re.compile(r"(?<=[a-z])(?=(?:(?:Staff|Senior|Chief)\s*)?(?:Writer|Reporter|"
                         r"Correspondent|Editor|Columnist|Contributor)\b)")
_HANDLE = re.compile(r"@\w+")
_TIME_ONLY = re.compile(r"^\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?\s*$", re.I)
_CAPTION = re.compile(r"\b(?:photo|image|picture|file photo|credit|getty|afp|reuters/|ap photo|"
                      r"associated press)\b|\([^()]*/[^()]*\)\s*$", re.I)
# Short furniture that is not a headline: share calls, breadcrumbs, close buttons.
_FURNITURE = re.compile(r"\b(?:share|you are here|home|menu|close|subscribe|sign in|log in)\b|"
                        r"(?:[A-Z][a-z]+){3,}")
_LINKISH = re.compile(r"\[|https?:|www\.|\.com\b", re.I)
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class DumpMeta:
    """What the lines around a dump's story say about it."""

    title: str | None
    author: str | None
    date: datetime | None


MENU = "\x00"  # marks a block that is a list item or a run of menu-like short lines


def _close(current: list[str], blocks: list[str]) -> None:
    if not current:
        return
    text = " ".join(" ".join(current).split())
    # Three or more lines of at most three words each: a menu, not prose.
    menu = len(current) >= 3 and all(len(line.split()) <= 3 for line in current)
    blocks.append(MENU + text if menu else text)
    current.clear()


def dump_blocks(text: str) -> list[str]:
    """Dump text -> blocks: runs of non-blank lines joined with spaces; list items and
    menu-like runs come back prefixed with MENU."""
    blocks: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            _close(current, blocks)
        elif _BULLET.match(line):
            _close(current, blocks)
            item = " ".join(_BULLET.sub("", line).split())
            if item:
                blocks.append(MENU + item)
        else:
            current.append(line.strip())
    _close(current, blocks)
    return blocks


def byline_name(block: str) -> str | None:
    """A byline block ("By Jane Doe, Staff Writer") -> the name, or None."""
    m = _BYLINE.match(block)
    if not m:
        return None
    name = _ROLE.sub("", _GLUED_ROLE.sub(" ", _HANDLE.sub("", m.group(1)))).strip(" .-–—:")
    words = name.split()
    if not 1 <= len(words) <= 6 or not all(w[:1].isupper() for w in words if w.isalpha()):
        return None
    return name


def _headline_like(block: str) -> bool:
    if block.startswith(MENU):
        return False
    words = block.split()
    if not 3 <= len(words) <= 30 or len(block) > 220:
        return False
    if _TIME_ONLY.match(block) or "@" in block or _BYLINE.match(block) or _CAPTION.search(block):
        return False
    if _LINKISH.search(block):
        return False
    if len(words) <= 6 and (_FURNITURE.search(block) or _FURNITURE.search(block.lower())):
        return False
    if block.endswith((".", ":", ";", ",")) and not block.endswith("..."):
        return False  # sentences and labels, not headlines
    letters = sum(len(w) for w in _WORD.findall(block))
    if letters < 0.6 * len(block.replace(" ", "")):
        return False
    return match_widget(block) is None


def _find_story_start(blocks: list[str], first_paragraph: str) -> int | None:
    probe = " ".join(first_paragraph.split())[:60]
    if not probe:
        return None
    for i, block in enumerate(blocks):
        if block.lstrip(MENU).startswith(probe[:40]) or probe[:40] in block:
            return i
    return None


def find_dump_meta(text: str, first_paragraph: str) -> DumpMeta:
    """Dump text and the story's first paragraph -> headline, byline name, dateline date."""
    blocks = dump_blocks(text)
    start = _find_story_start(blocks, first_paragraph)
    if start is None:
        return DumpMeta(None, None, None)
    lo = max(0, start - WINDOW)
    counts: dict[str, int] = {}
    for block in blocks:
        key = block.lstrip(MENU).lower()
        counts[key] = counts.get(key, 0) + 1

    author = None
    date = None
    near = range(max(0, start - 12), min(len(blocks), start + 3))
    for i in near:
        block = blocks[i].lstrip(MENU)
        if author is None:
            author = byline_name(block)
        if date is None and len(block) < 120:
            date = parse_date(block)

    best: tuple[float, int] | None = None
    for i in range(lo, start):
        block = blocks[i]
        # A "Section|Headline" breadcrumb carries the headline after the bar.
        if "|" in block:
            block = block.rsplit("|", 1)[1].strip()
        if not _headline_like(block):
            continue
        score = 1.0 - (start - i) / (WINDOW + 1)  # nearer the story is better
        if counts.get(block.lower(), 0) >= 2 or any(
                block.lower() == b.rsplit("|", 1)[-1].strip().lower() for b in blocks[:i]):
            score += 1.0  # printed twice: headline and breadcrumb/share text
        following = blocks[i + 1 : min(start, i + 12)]
        if any(byline_name(b.lstrip(MENU)) or (len(b) < 120 and parse_date(b.lstrip(MENU)))
               for b in following):
            score += 2.0  # a byline or dateline follows: the strongest sign
        words = block.split()
        capitalised = sum(1 for w in words if w[:1].isupper()) / len(words)
        score += 0.5 * capitalised
        if best is None or score > best[0]:
            best = (score, i)
    title = None
    if best is not None and best[0] >= 1.0:
        block = blocks[best[1]]
        title = block.rsplit("|", 1)[1].strip() if "|" in block else block
        # The byline and dateline usually sit right under the headline.
        for b in blocks[best[1] + 1 : min(len(blocks), best[1] + 8)]:
            b = b.lstrip(MENU)
            author = author or byline_name(b)
            if date is None and len(b) < 120:
                date = parse_date(b)
    return DumpMeta(title, author, date)
