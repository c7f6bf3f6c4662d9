"""The related-stories ranking worked out by a child process while the build writes.

Fitting the model of a whole archive takes seconds, mostly on one core;
listing pages do not show related stories, so they are written meanwhile.
The child opens its own connection to the cache (a connection must not
cross a fork), stores the model and ranking there as a synchronous ranking
would, and hands the ranking back through a file.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tickertape.cache import CleanCache
from tickertape.report import BuildReport

Ranking = dict[str, list[str]]


class RankingAside:
    """A ranking being worked out by a child process."""

    def __init__(self, rank: Callable[[CleanCache, BuildReport], tuple[Ranking, bool]],
                 cache_path: Path) -> None:
        self.pid: int | None = None
        handle, self.path = tempfile.mkstemp(prefix="tickertape-related-", suffix=".json")
        os.close(handle)
        try:
            pid = os.fork()
        except OSError:
            os.unlink(self.path)
            return
        if pid:
            self.pid = pid
            return
        status = 1
        try:
            gc.disable()  # shared copy-on-write with the build: see render_pool
            start = time.perf_counter()
            own = CleanCache(cache_path)
            counts = BuildReport()
            ranked, hit = rank(own, counts)
            own.close()
            with open(self.path, "w", encoding="utf-8") as out:
                json.dump({"ranked": ranked, "hit": hit, "counters": counts.counters,
                           "seconds": time.perf_counter() - start}, out)
            status = 0
        except BaseException:  # noqa: BLE001 - reported; the build ranks in its own process
            traceback.print_exc(file=sys.stderr)
        finally:
            sys.stderr.flush()
            os._exit(status)

    @property
    def started(self) -> bool:
        """Whether a child process is working on the ranking."""
        return self.pid is not None

    def take(self) -> dict[str, Any] | None:
        """Wait for the child -> {ranked, hit, counters, seconds}; None if it failed."""
        if self.pid is None:
            return None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        try:
            if os.waitstatus_to_exitcode(status) != 0:
                return None
            with open(self.path, encoding="utf-8") as handle:
                found: dict[str, Any] = json.load(handle)
            return found
        finally:
            os.unlink(self.path)
