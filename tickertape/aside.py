"""The build's last writes (report, sitemaps) done side by side by child processes.

At Pelican's `finalized` each plugin writes its own files: the build report,
then the sitemaps, one after the other in the build process while the other
core idles. Instead each plugin hands its writing to a child
(`tickertape.forked`) and the build waits for all of them before it ends.

Pelican calls a signal's receivers in no fixed order, so no plugin knows it
is the last. Each says at `initialized` that it will hand work over at
`finalized`; the last of them to do so waits for every child. Should a
build stop before that, the next build (or the end of the process) waits
for what is left.
"""

from __future__ import annotations

import atexit
from collections.abc import Callable
from typing import Any

from tickertape.forked import Forked


class _Stage:
    build: int | None = None  # id of the Pelican object of the build in progress
    expected: set[str] = set()
    arrived: set[str] = set()
    running: list[tuple[str, Forked]] = []


def expect(pelican: Any, name: str) -> None:
    """initialized: `name` will hand its last writes over at `finalized` (hand_over)."""
    if _Stage.build != id(pelican):
        finish()  # anything a build that stopped early left running
        _Stage.build, _Stage.expected, _Stage.arrived = id(pelican), set(), set()
    _Stage.expected.add(name)


def hand_over(pelican: Any, name: str, work: Callable[[], Any] | None) -> None:
    """finalized: run `work` in a child; the last expected plugin to get here waits for
    every child, and raises RuntimeError naming those that failed."""
    if work is not None:
        if _Stage.build == id(pelican) and name in _Stage.expected:
            _Stage.running.append((name, Forked(work)))
        else:
            work()  # nobody would wait for it: done here
    if _Stage.build != id(pelican):
        return
    _Stage.arrived.add(name)
    if _Stage.arrived >= _Stage.expected:
        failed = finish()
        if failed:
            raise RuntimeError(f"{', '.join(failed)}: writing the last files failed "
                               "(the error is above)")


def finish() -> list[str]:
    """Wait for every child handed work -> the names of those whose work failed."""
    running, _Stage.running = _Stage.running, []
    _Stage.build, _Stage.expected, _Stage.arrived = None, set(), set()
    return [name for name, child in running if not child.result()[0]]


atexit.register(finish)
