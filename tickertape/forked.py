"""Work done by a forked child process while the build goes on, its result handed back as JSON.

A build has stretches where one core idles (a model fitted on one core, the
bookkeeping of a single process). A child forked there shares the build's
objects copy-on-write, so it needs nothing sent to it; it writes its result
to a file the build reads when it needs it.
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


class Forked:
    """A function run in a child process (or here, where fork is not available)."""

    def __init__(self, work: Callable[[], Any], niceness: int = 0) -> None:
        """Start `work` in a child; `niceness` > 0 runs it below the build (nice(2)),
        for work nothing waits on soon."""
        self.pid: int | None = None
        self.path = ""
        self.failed = False
        self.value: Any = None
        handle, path = tempfile.mkstemp(prefix="tickertape-forked-", suffix=".json")
        os.close(handle)
        try:
            pid = os.fork()
        except (AttributeError, OSError):
            os.unlink(path)
            self._run_here(work)
            return
        if pid:
            self.pid, self.path = pid, path
            return
        status = 1
        try:
            # The build's objects are shared copy-on-write: a collection would
            # touch (and so copy) all of them for nothing.
            gc.disable()
            if niceness > 0:
                os.nice(niceness)
            value = work()
            with open(path, "w", encoding="utf-8") as out:
                json.dump(value, out)
            status = 0
        except BaseException:  # noqa: BLE001 - reported; the caller falls back
            traceback.print_exc(file=sys.stderr)
        finally:
            sys.stderr.flush()
            os._exit(status)

    def _run_here(self, work: Callable[[], Any]) -> None:
        try:
            self.value = work()
        except Exception:  # noqa: BLE001 - reported; the caller falls back
            traceback.print_exc(file=sys.stderr)
            self.failed = True

    def wait(self) -> bool:
        """Wait for the work -> whether it succeeded (what it returned: load)."""
        if self.pid is not None:
            _, status = os.waitpid(self.pid, 0)
            self.pid = None
            if os.waitstatus_to_exitcode(status) != 0:
                self.failed = True
                os.unlink(self.path)
                self.path = ""
        return not self.failed

    def load(self) -> Any:
        """What the work returned, once it succeeded (wait); also in a process forked
        from the waiting one."""
        if self.path:
            path, self.path = self.path, ""
            try:
                with open(path, encoding="utf-8") as handle:
                    self.value = json.load(handle)
            finally:
                os.unlink(path)
        return self.value

    def result(self) -> tuple[bool, Any]:
        """Wait for the work -> (whether it succeeded, what it returned)."""
        done = self.wait()
        return done, (self.load() if done else None)
