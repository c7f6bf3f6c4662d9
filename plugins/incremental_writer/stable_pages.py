"""Pagination numbered from the oldest story, so a numbered page keeps its stories.

Pelican numbers pages from the newest story: one new story moves every story
one place down and changes every page of the listing. Here stories are cut
into chunks of `per_page` counted from the oldest; chunk k is page k
(`.../page/k/`, page 1 holds the oldest stories). The listing's own URL, the
front page, shows the newest stories: the chunk still filling up plus the
newest full chunk (per_page to 2*per_page-1 stories). A new story then
changes only the front page until a chunk fills; then one numbered page
appears and the page before it gets a link to it.

Page numbers grow towards the newest stories; the front page carries the
highest number. "Previous" and "next" keep the reading order of Pelican's
templates: the previous page holds newer stories, the next page older ones.
"""

from __future__ import annotations

from typing import Any

from pelican.paginator import Page, Paginator


def _date_of(item: Any) -> Any:
    return getattr(item, "date", None)


class StablePaginator(Paginator):  # type: ignore[misc]
    """Stories (newest or oldest first) -> pages cut from the oldest end."""

    def __init__(self, name: str, url: str, object_list: list[Any], settings: dict[str, Any],
                 per_page: int | None = None) -> None:
        super().__init__(name, url, object_list, settings, per_page)
        # Chunks are cut by position, so they stay put only while stories
        # arrive at one end: the list's own order (by date) tells which.
        first, last = (_date_of(object_list[0]), _date_of(object_list[-1])) if object_list \
            else (None, None)
        try:
            self.newest_first = not (first is not None and last is not None and first < last)
        except TypeError:
            self.newest_first = True
        self.orphans = 0  # orphans would move the chunk borders as stories arrive
        self.full_chunks = self.count // self.per_page if self.per_page else 0

    @property
    def num_pages(self) -> int:
        """Numbered pages plus the front page (at least one page)."""
        return max(1, self.full_chunks)

    @property
    def page_range(self) -> list[int]:
        return list(range(1, self.num_pages + 1))

    def bounds(self, number: int) -> tuple[int, int]:
        """A page number -> its stories' (start, stop) in oldest-first positions."""
        start = (number - 1) * self.per_page
        stop = self.count if number == self.num_pages else number * self.per_page
        return start, stop

    def page(self, number: int) -> StablePage:
        """A 1-based page number (num_pages = the front page) -> its Page."""
        if not 1 <= number <= self.num_pages:
            raise ValueError(f"no page {number} of {self.num_pages}")
        start, stop = self.bounds(number)
        if self.newest_first:
            items = self.object_list[self.count - stop:self.count - start]
        else:
            items = self.object_list[start:stop]
        return StablePage(self.name, self.url, items, number, self, self.settings)

    def pages(self) -> list[StablePage]:
        """Every page, the front page first, then older and older pages."""
        return [self.page(n) for n in range(self.num_pages, 0, -1)]


class StablePage(Page):  # type: ignore[misc]
    """One page of a StablePaginator: the front page or a numbered chunk."""

    paginator: StablePaginator

    def __repr__(self) -> str:
        return f"<StablePage {self.number}{' (front)' if self.is_front else ''}>"

    @property
    def is_front(self) -> bool:
        """True for the listing's own URL (the newest stories)."""
        return bool(self.number == self.paginator.num_pages)

    def has_next(self) -> bool:
        """An older page exists."""
        return bool(self.number > 1)

    def has_previous(self) -> bool:
        """A newer page exists."""
        return not self.is_front

    def next_page_number(self) -> int:
        return int(self.number) - 1

    def previous_page_number(self) -> int:
        return int(self.number) + 1

    def start_index(self) -> int:
        """The 1-based place of this page's first story in the list as given."""
        if not self.object_list:
            return 0
        start, stop = self.paginator.bounds(self.number)
        return (self.paginator.count - stop if self.paginator.newest_first else start) + 1

    def end_index(self) -> int:
        """The 1-based place of this page's last story in the list as given."""
        return int(self.start_index()) + len(self.object_list) - 1 if self.object_list else 0

    def _from_settings(self, key: str) -> Any:
        # The front page takes the pattern for page 1 (the listing's URL);
        # a numbered page always takes the pattern of a numbered page, even
        # page 1, which holds the oldest stories.
        rules = [p for p in self.settings["PAGINATION_PATTERNS"] if p.min_page != -1]
        front = [p for p in rules if p.min_page <= 1]
        numbered = [p for p in rules if p.min_page > 1]
        chosen = (front or rules) if self.is_front else (numbered or rules)
        if not chosen:
            return ""
        value = getattr(chosen[-1], key)
        if not isinstance(value, str):
            return value
        text = value.format(save_as=self.full_name, url=self.base_url, name=self.name,
                            base_name=self.base_name, extension=self.extension,
                            number=self.number)
        # Pelican drops one leading slash from these patterns: the same here.
        return text[1:] if text.startswith("/") else text

    @property
    def url(self) -> Any:
        return self._from_settings("URL")

    @property
    def save_as(self) -> Any:
        return self._from_settings("SAVE_AS")
