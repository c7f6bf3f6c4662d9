"""The build report: one entry per source, published or not, and why."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class SourceEntry:
    """What happened to one source during a build."""

    source: str
    status: str  # "published" | "skipped"
    reason: str = ""
    kind: str = ""
    encoding: str = ""
    replacement_chars: int = 0
    removed_blocks: int = 0
    removed_chars: int = 0
    kept_chars: int = 0
    tickers: list[str] = field(default_factory=list)
    duplicate_of: str | None = None
    from_cache: bool = False


@dataclass
class BuildReport:
    """All source entries of a build, keyed by source path, plus stage timings."""

    entries: dict[str, SourceEntry] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)

    def publish(self, source: str, **details: Any) -> SourceEntry:
        """Record a source as published (details: kind, encoding, removed_chars, ...)."""
        entry = SourceEntry(source=source, status="published", **details)
        self.entries[source] = entry
        return entry

    def skip(self, source: str, reason: str, **details: Any) -> SourceEntry:
        """Record a source as not published, with the reason."""
        entry = self.entries.get(source)
        if entry is None:
            entry = SourceEntry(source=source, status="skipped", reason=reason, **details)
            self.entries[source] = entry
        else:
            entry.status, entry.reason = "skipped", reason
            for key, value in details.items():
                setattr(entry, key, value)
        return entry

    def add_time(self, stage: str, seconds: float) -> None:
        """Add seconds to a named stage of the build."""
        self.timings[stage] = self.timings.get(stage, 0.0) + seconds

    def count(self, name: str, n: int = 1) -> None:
        """Add n to a named counter (files written, cache hits, ...)."""
        self.counters[name] = self.counters.get(name, 0) + n

    def summary_line(self) -> str:
        """-> 'N sources read, P published, S skipped' (plus duplicates when any)."""
        published = sum(1 for e in self.entries.values() if e.status == "published")
        skipped = len(self.entries) - published
        dups = sum(1 for e in self.entries.values() if e.duplicate_of)
        line = f"{len(self.entries)} sources read, {published} published, {skipped} skipped"
        return line + (f" ({dups} duplicates)" if dups else "")

    def to_json(self) -> dict[str, Any]:
        """-> a JSON-ready dict: summary, counters, timings and entries sorted by source."""
        entries = [dict(vars(self.entries[k])) for k in sorted(self.entries)]
        return {
            "summary": self.summary_line(),
            "sources": len(entries),
            "published": sum(1 for e in entries if e["status"] == "published"),
            "skipped": sum(1 for e in entries if e["status"] != "published"),
            "counters": dict(sorted(self.counters.items())),
            "timings_s": {k: round(v, 3) for k, v in self.timings.items()},
            "entries": entries,
        }

    def write(self, path: str | Path) -> None:
        """Write the report as JSON to path (parents created)."""
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(render_report(self.to_json()), "utf-8")


def render_report(data: dict[str, Any]) -> str:
    """A report's JSON dict -> its text: the summary indented, one entry per line.

    Indenting every field of tens of thousands of entries takes json's slow
    path (a second per build); one compact line per entry stays readable and
    diffable and is written at C speed.
    """
    entries = data.get("entries", [])
    head = {k: v for k, v in data.items() if k != "entries"}
    text = json.dumps(head, indent=2, ensure_ascii=False)
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    lines = [encode(e) for e in entries]
    body = ",\n    ".join(lines)
    listed = f'"entries": [\n    {body}\n  ]' if lines else '"entries": []'
    text = text[:-2] + f",\n  {listed}\n}}" if head else f"{{\n  {listed}\n}}"
    return text + "\n"
