"""The published site's pages, hard-linked into the fresh build folder ahead of writing.

A rebuild reuses most pages of the published site: each is a hard link in
the fresh build folder, in a folder of its own (one per story). Making tens
of thousands of folders and links is the file system's work, done here by a
child process while the build reads and ranks the stories; the writer then
finds each reused page in place, and replaces a page whose fingerprint
changed (never writing through a link: that would change the published page).
Pages of the published site that this build no longer makes are removed
at the end.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from tickertape.forked import Forked


def same_file(a: str, b: str) -> bool:
    """Two paths -> whether they are one file (a hard link of the other)."""
    try:
        return os.path.samestat(os.stat(a), os.stat(b))
    except OSError:
        return False


def _link_all(previous: str, output: str, names: list[str]) -> list[str]:
    """Link each named page of `previous` into `output` -> the names it could not link."""
    made: set[str] = set()
    missing = []
    for name in names:
        folder = os.path.dirname(os.path.join(output, name))
        try:
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            os.link(os.path.join(previous, name), os.path.join(output, name))
        except OSError:
            missing.append(name)  # the writer renders or links what is missing
    return missing


class Prelinked:
    """Pages linked from the published site into the build folder by a child process."""

    def __init__(self, previous: str, output: str, names: Iterable[str]) -> None:
        self.previous = previous
        self.output = output
        self.names = frozenset(names)
        # The names the child could not link (None: unknown, each is checked).
        self.missing: frozenset[str] | None = None
        self.work: Forked | None = Forked(
            lambda: _link_all(previous, output, sorted(self.names)))

    def wait(self) -> None:
        """Wait until every link is made (before any page of the build is written)."""
        if self.work is not None:
            done, missing = self.work.result()
            # The links it could not make, the writer makes or renders.
            self.missing = frozenset(missing) if done and isinstance(missing, list) else None
            self.work = None

    def has(self, name: str, old_path: str, path: str) -> bool:
        """A page name -> whether the published page is linked at `path` already.

        Asked before the build writes that page: the child's account of what
        it linked answers without looking at the files.
        """
        if name not in self.names:
            return False
        if self.work is None and self.missing is not None:
            return name not in self.missing
        return same_file(old_path, path)

    def remove_unmade(self, made: Iterable[str]) -> int:
        """Names of the pages this build made -> links to pages it no longer makes removed
        (and their folders when left empty) -> how many."""
        self.wait()
        removed = 0
        output = os.path.abspath(self.output)
        for name in sorted(self.names.difference(made)):
            path = os.path.join(output, name)
            if not same_file(os.path.join(self.previous, name), path):
                continue  # written by something else in this build: keep it
            os.unlink(path)
            removed += 1
            folder = os.path.dirname(path)
            while folder != output and folder.startswith(output):
                try:
                    os.rmdir(folder)
                except OSError:
                    break  # not empty
                folder = os.path.dirname(folder)
        return removed
