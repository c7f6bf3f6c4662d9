"""Article page fingerprints worked out by a child process while the writer goes on.

In a rebuild most article pages are reused: deciding so takes each page's
fingerprint (its text, metadata, related stories, neighbours and tickers
digested) and a look at the published page linked in place. For tens of
thousands of stories that is a second of work, done here on the other core
while the writer fingerprints and renders the listing pages; the writer
then only compares.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from typing import Any


class DigestsAside:
    """The digests of a list of articles (and whether each page is in place already)."""

    def __init__(self, articles: list[Any], digest: Callable[[Any], str],
                 in_place: Callable[[Any], bool]) -> None:
        self.articles = list(articles)
        self.pid: int | None = None
        handle, self.path = tempfile.mkstemp(prefix="tickertape-digests-", suffix=".json")
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
            # The parent's objects are shared copy-on-write: a collection
            # would touch (and so copy) all of them for nothing.
            gc.disable()
            rows = [(digest(a), in_place(a)) for a in self.articles]
            with open(self.path, "w", encoding="utf-8") as out:
                json.dump(rows, out)
            status = 0
        except BaseException:  # noqa: BLE001 - reported; the writer works them out itself
            traceback.print_exc(file=sys.stderr)
        finally:
            sys.stderr.flush()
            os._exit(status)

    def take(self) -> dict[int, tuple[str, bool]]:
        """Wait for the child -> {id(article): (digest, page in place)}; {} if it failed."""
        if self.pid is None:
            return {}
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        try:
            if os.waitstatus_to_exitcode(status) != 0:
                return {}
            with open(self.path, encoding="utf-8") as handle:
                rows = json.load(handle)
        finally:
            os.unlink(self.path)
        if len(rows) != len(self.articles):
            return {}
        return {id(a): (str(d), bool(p)) for a, (d, p) in zip(self.articles, rows, strict=True)}
