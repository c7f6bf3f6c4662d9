"""Frozen dataclasses passed between the stages of a build."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Source:
    """A raw source as read from disk: decoded text and its kind (html or text)."""

    path: str
    text: str
    kind: str  # "html" | "text"
    encoding: str
    replacements: int = 0  # U+FFFD characters the decoding had to insert


@dataclass(frozen=True)
class RemovedBlock:
    """A block the cleaner dropped, with the rule (widget kind) that dropped it."""

    text: str
    rule: str


@dataclass(frozen=True)
class TickerMention:
    """One ticker mention: symbol, normalised exchange, MIC, span and form."""

    symbol: str
    exchange: str | None
    mic: str | None
    start: int
    end: int
    form: str  # "exchange" | "cashtag" | "name"


@dataclass(frozen=True)
class Ticker:
    """A ticker as a taxonomy entry: the symbol plus the exchange it trades on."""

    symbol: str
    exchange: str | None = None
    mic: str | None = None
    name: str | None = None  # company name, when known
    from_name: bool = False  # resolved from a company name rather than written

    @property
    def schema_symbol(self) -> str:
        """The schema.org tickerSymbol form: "XNAS MSFT" (MIC first) or the bare symbol."""
        return f"{self.mic} {self.symbol}" if self.mic else self.symbol


@dataclass(frozen=True)
class CleanArticle:
    """What the cleaner keeps of a source: metadata, sanitized body and what it removed."""

    title: str | None
    date: datetime | None
    author: str | None
    html: str  # sanitized body HTML
    text: str  # body as plain text, paragraphs separated by blank lines
    removed: tuple[RemovedBlock, ...] = field(default_factory=tuple)
    url: str | None = None
    summary: str = ""

    @property
    def removed_chars(self) -> int:
        """Characters of text the cleaner dropped."""
        return sum(len(b.text) for b in self.removed)
