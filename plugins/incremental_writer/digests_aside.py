"""Article page fingerprints worked out by a child process while the writer goes on.

In a rebuild most article pages are reused: deciding so takes each page's
fingerprint (its text, metadata, related stories, neighbours and tickers
digested) and a look at the published page linked in place. For tens of
thousands of stories that is a second of work, done here on the other core
(`tickertape.forked`) while the writer fingerprints and renders the listing
pages; the writer then only compares.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tickertape.forked import Forked


class DigestsAside:
    """The digests of a list of articles (and whether each page is in place already).

    `here`: the share of the articles this process works out itself when the
    digests are taken (the rest by the child meanwhile): half when nothing
    else is left to do before they are needed, none when the writer has the
    listing pages to do first.
    """

    def __init__(self, articles: list[Any], digest: Callable[[Any], str],
                 in_place: Callable[[Any], bool], here: float = 0.0) -> None:
        self.articles = list(articles)
        self.digest, self.in_place = digest, in_place
        self.split = len(self.articles) - int(len(self.articles) * here)
        aside = self.articles[: self.split]
        self.work = Forked(lambda: [(digest(a), in_place(a)) for a in aside])

    def take(self) -> dict[int, tuple[str, bool]]:
        """Wait for the child -> {id(article): (digest, page in place)}; {} if it failed."""
        mine = [(self.digest(a), self.in_place(a)) for a in self.articles[self.split:]]
        done, rows = self.work.result()
        if not done or len(rows) != self.split:
            return {}
        return {id(a): (str(d), bool(p))
                for a, (d, p) in zip(self.articles, [*rows, *mine], strict=True)}
