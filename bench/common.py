"""Helpers shared by the benchmarks: corpus paths, JSON output, peak memory."""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _find_shared() -> Path:
    """-> the shared material folder: ../shared from the repo root, the first such folder
    further up (a checkout nested deeper), or TICKERTAPE_CORPORA's parent when set."""
    override = os.environ.get("TICKERTAPE_CORPORA")
    if override:
        return Path(override).parent
    return next((d / "shared" for d in ROOT.parents if (d / "shared" / "corpora").is_dir()),
                ROOT.parent / "shared")


SHARED = _find_shared()
CORPORA = SHARED / "corpora"
OUT = ROOT / "build" / "bench"


def corpus(name: str) -> Path | None:
    """A corpus folder under ../shared/corpora, or None (with a message) when absent."""
    path = CORPORA / name
    if not path.is_dir():
        print(f"corpus absent: {path}", file=sys.stderr)
        return None
    return path


def emit(name: str, result: dict[str, Any]) -> None:
    """Print the result as the last line of output and write build/bench/<name>.json."""
    OUT.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, ensure_ascii=False, sort_keys=False)
    (OUT / f"{name}.json").write_text(text + "\n", "utf-8")
    print(text)


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB (ru_maxrss)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def children_peak_rss_mib() -> float:
    """Peak resident memory of the largest finished child process, in MiB."""
    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)


def median_time(fn: Callable[[], Any], runs: int = 3) -> tuple[float, list[float]]:
    """Run fn `runs` times -> (median seconds, all timings)."""
    import time

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times
