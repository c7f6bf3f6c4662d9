"""Render pages on every CPU core, while Pelican is still deciding what to write.

Pelican renders one page at a time in one process. Here the writer does all
of Pelican's bookkeeping for a page as usual (file name checks, folders), but
instead of rendering the page it queues the template and its context. Every
`batch` pages, a forked child renders and writes that batch while this
process goes on queueing; when every core is already busy with a batch, this
process renders the batch itself, so no core waits for long. Children
see the build's objects as they are (no pickling of articles or templates)
and pages are plain files, so nothing has to come back but an exit status.
Queued contexts are only read: everything a page shows is settled before
Pelican starts writing (related lists, neighbours, tickers).
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from typing import Any

# A job: template, page context, output path, and optionally work to do once
# the page is written, giving a (name, value) entry (a page's fingerprint for
# the manifest) that comes back to the build process.
After = Callable[[], tuple[str, str]]
Job = tuple[Any, dict[str, Any], str, After | None]


def render_workers(requested: int) -> int:
    """A worker setting (0: one per usable CPU) -> how many processes render pages."""
    if requested > 0:
        count = requested
    else:
        try:
            count = len(os.sched_getaffinity(0))
        except AttributeError:
            count = os.cpu_count() or 1
    return max(1, count) if hasattr(os, "fork") else 1


def _render_share(jobs: list[Job]) -> list[tuple[str, str]]:
    entries = []
    for template, context, path, after in jobs:
        text = template.render(context)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        if after is not None:
            entries.append(after())
    return entries


class RenderQueue:
    """Pages waiting to be rendered: (template, context, output path)."""

    # Pages per batch: a fork costs milliseconds (and the pages it then copies
    # on write), a batch takes about a second to render.
    batch = 1024

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.jobs: list[Job] = []
        self.children: list[int] = []
        self.failed = 0
        self.queued = 0
        self.entries: dict[str, str] = {}  # what the jobs' `after` gave, once all are done
        self._inbox = ""  # folder where children leave their entries

    def add(self, template: Any, context: dict[str, Any], path: str,
            after: After | None = None) -> None:
        self.jobs.append((template, context, path, after))
        self.queued += 1
        if len(self.jobs) >= self.batch:
            self._dispatch()

    def flush(self) -> None:
        """Hand the pages queued so far to a child now (this process renders them
        itself when no core is free), without waiting for a full batch."""
        if self.jobs:
            self._dispatch()

    def _dispatch(self, last: bool = False) -> None:
        jobs, self.jobs = self.jobs, []
        self._reap(wait=False)
        # One child per core: this process, doing Pelican's bookkeeping for the
        # next pages meanwhile, shares the cores with them.
        free = self.workers - len(self.children)
        if self.workers < 2 or free < 1 or len(jobs) < 2:
            self.entries.update(_render_share(jobs))
            return
        # A batch goes to a free core; the last one is shared with this process,
        # which has nothing else left to do.
        shares = [jobs[i::free + 1] for i in range(free + 1)] if last else [[], jobs]
        for share in shares[1:]:
            pid = self._fork(share) if share else None
            if pid is not None:
                self.children.append(pid)
            else:
                self.entries.update(_render_share(share))
        self.entries.update(_render_share(shares[0]))

    def _fork(self, jobs: list[Job]) -> int | None:
        if not self._inbox:
            self._inbox = tempfile.mkdtemp(prefix="tickertape-render-")
        try:
            pid = os.fork()
        except OSError:
            return None
        if pid:
            return pid
        status = 1
        try:
            # The parent's objects are shared copy-on-write: a collection would
            # touch (and so copy) all of them for nothing.
            gc.disable()
            entries = _render_share(jobs)
            if entries:
                path = os.path.join(self._inbox, f"{os.getpid()}.json")
                with open(path + ".part", "w", encoding="utf-8") as handle:
                    json.dump(entries, handle)
                os.rename(path + ".part", path)
            status = 0
        except BaseException:  # noqa: BLE001 - reported, then the child exits
            traceback.print_exc(file=sys.stderr)
        finally:
            sys.stderr.flush()
            os._exit(status)

    def _reap(self, wait: bool) -> None:
        running = []
        for pid in self.children:
            done, status = os.waitpid(pid, 0 if wait else os.WNOHANG)
            if done == 0:
                running.append(pid)
            elif os.waitstatus_to_exitcode(status) != 0:
                self.failed += 1
        self.children = running

    def render_all(self) -> int:
        """Render and write every page still queued, wait for the batches -> pages queued so far.

        Raises RuntimeError when a batch failed (its error is on stderr).
        """
        try:
            if self.jobs:
                self._dispatch(last=True)
        finally:
            self._reap(wait=True)
            if self._inbox:
                for name in sorted(os.listdir(self._inbox)):
                    if name.endswith(".json"):
                        with open(os.path.join(self._inbox, name), encoding="utf-8") as handle:
                            self.entries.update((k, v) for k, v in json.load(handle))
                shutil.rmtree(self._inbox, ignore_errors=True)
                self._inbox = ""
        if self.failed:
            failed, self.failed = self.failed, 0
            raise RuntimeError(f"{failed} batch(es) of pages failed to render (errors above)")
        return self.queued
