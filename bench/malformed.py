"""Malformed and hostile-shaped sources (metrics.md §6): seconds per source, crashes.

Cleans each case of tests/security/test_malformed.py (truncated, unclosed,
20k-deep nesting, binary junk, NUL bytes, a 20 MB page, broken gzip, UTF-16,
empty files) one at a time in this process and reports the wall time of
each, the slowest, and any exception other than the narrow UnreadableSource.
"""

from __future__ import annotations

import time

from bench.common import emit
from tests.security.test_malformed import _malformed
from tickertape.clean import clean_source
from tickertape.errors import UnreadableSource
from tickertape.sources import read_source_bytes


def main() -> None:
    cases = _malformed()
    clean_source(read_source_bytes(b"<html><body><p>warm up</p></body></html>", "w.html"))
    seconds: dict[str, float] = {}
    outcome: dict[str, str] = {}
    crashes = []
    for name, data in cases.items():
        start = time.perf_counter()
        try:
            article = clean_source(read_source_bytes(data, name))
            outcome[name] = f"cleaned ({len(article.text)} chars of text)"
        except UnreadableSource as exc:
            outcome[name] = f"not published: {exc.reason}"
        except Exception as exc:  # noqa: BLE001 - counting crashes is the point here
            crashes.append(f"{name}: {type(exc).__name__}: {exc}")
            outcome[name] = "crash"
        seconds[name] = round(time.perf_counter() - start, 3)
    emit("malformed", {"bench": "malformed", "sources": len(cases), "crashes": len(crashes),
                       "crash_details": crashes, "max_seconds": max(seconds.values()),
                       "seconds": seconds, "outcome": outcome,
                       "largest_source_mb": round(max(len(d) for d in cases.values()) / 1e6, 1)})


if __name__ == "__main__":
    main()
