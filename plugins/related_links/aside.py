"""The related-stories ranking worked out by a child process while the build writes.

Fitting the model of a whole archive takes seconds, mostly on one core,
and updating the stored one about a second at 19k stories; listing pages do
not show related stories, so they are written meanwhile
(`tickertape.forked`). The child opens its own connection to the cache (a
connection must not cross a fork) and stores the model and ranking there as
a ranking in the build process would.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tickertape.cache import CleanCache
from tickertape.forked import Forked
from tickertape.report import BuildReport

Ranking = dict[str, list[str]]


class RankingAside:
    """A ranking being worked out by a child process."""

    def __init__(self, rank: Callable[[CleanCache, BuildReport], tuple[Ranking, bool]],
                 cache_path: Path) -> None:
        def work() -> dict[str, Any]:
            start = time.perf_counter()
            own = CleanCache(cache_path)
            counts = BuildReport()
            try:
                ranked, hit = rank(own, counts)
            finally:
                own.close()
            return {"ranked": ranked, "hit": hit, "counters": counts.counters,
                    "seconds": time.perf_counter() - start}

        self.work = Forked(work)

    def take(self) -> dict[str, Any] | None:
        """Wait for the child -> {ranked, hit, counters, seconds}; None if it failed."""
        done, found = self.work.result()
        return found if done else None
