"""Sidecar metadata: `<source>.meta` files of `key: value` lines -> dict."""

from __future__ import annotations

from pathlib import Path

# Keys a sidecar may set: metadata a scraped source lacks, never body text.
SIDECAR_KEYS = frozenset({"category", "url", "date", "author", "title"})


def parse_sidecar(text: str) -> dict[str, str]:
    """Sidecar text -> {key: value} for known keys (blank lines and # comments skipped)."""
    meta: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        key, value = line.split(":", 1)
        key = key.strip().lower()
        if key in SIDECAR_KEYS and value.strip():
            meta[key] = value.strip()
    return meta


def read_sidecar(path: str | Path) -> dict[str, str]:
    """Path of a possible sidecar -> its metadata, or {} when there is none."""
    try:
        return parse_sidecar(Path(path).read_text("utf-8", errors="replace"))
    except FileNotFoundError:
        return {}
