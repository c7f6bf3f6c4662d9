"""linear_listings: category, author and period-archive pages in linear time.

Signal: `article_generator_init` gives the articles generator its own way of
grouping articles for these pages. Pelican 4.12 finds each group's articles
with list membership tests, which costs (groups x articles x group size): at
19,000 stories in one category that alone is tens of seconds. Here every
group is matched through a set of object ids, so the work grows with the
number of articles. Pages, URLs and template variables stay what Pelican
gives; only the grouping is done differently, and month pages are written
under their own template name ("month_archives"), so that a busy month's
story list can be split into pages (PAGINATED_TEMPLATES).
"""

from __future__ import annotations

import calendar
import logging
from collections import defaultdict
from itertools import groupby
from operator import attrgetter
from types import MethodType
from typing import Any

from pelican import signals

from tickertape.plugin_guard import enabled_for

logger = logging.getLogger(__name__)
NAME = "linear_listings"

_PERIOD_KEYS = {
    "year": attrgetter("date.year"),
    "month": attrgetter("date.year", "date.month"),
    "day": attrgetter("date.year", "date.month", "date.day"),
}


def _in_date_order(generator: Any, articles: list[Any]) -> list[Any]:
    """A group's articles in the generator's archive order (generator.dates)."""
    rank = generator.__dict__.get("_tickertape_date_rank")
    if rank is None or len(rank) != len(generator.dates):
        rank = {id(a): i for i, a in enumerate(generator.dates)}
        generator._tickertape_date_rank = rank
    return sorted((a for a in articles if id(a) in rank), key=lambda a: rank[id(a)])


def _write_groups(generator: Any, write: Any, groups: list[tuple[Any, list[Any]]],
                  kind: str) -> None:
    template = generator.get_template(kind)
    for term, articles in groups:
        if not term.save_as:
            continue
        write(term.save_as, template, generator.context, url=term.url, **{kind: term},
              articles=articles, dates=_in_date_order(generator, articles),
              template_name=kind, blog=True, page_name=term.page_name,
              all_articles=generator.articles)


def generate_categories(self: Any, write: Any) -> None:
    """Category pages, one per category."""
    _write_groups(self, write, self.categories, "category")


def generate_authors(self: Any, write: Any) -> None:
    """Author pages, one per author."""
    _write_groups(self, write, self.authors, "author")


def build_period_archives(self: Any, sorted_articles: list[Any], articles: list[Any],
                          settings: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Year/month/day archive groups, as Pelican's templates expect them."""
    archives: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for granularity, key in _PERIOD_KEYS.items():
        save_as = settings[f"{granularity.upper()}_ARCHIVE_SAVE_AS"]
        url = settings[f"{granularity.upper()}_ARCHIVE_URL"]
        if not save_as:
            continue
        for period, group in groupby(sorted_articles, key=key):
            dates = list(group)
            members = {id(a) for a in dates}
            first = dates[0].date
            if granularity == "year":
                label: tuple[Any, ...] = (period,)
                number: tuple[Any, ...] = (period,)
            else:
                label = (period[0], calendar.month_name[period[1]], *period[2:])
                number = tuple(period)
            archives[granularity].append({
                "dates": dates,
                "articles": [a for a in articles if id(a) in members],
                "save_as": save_as.format(date=first),
                "url": url.format(date=first),
                "period": label,
                "period_num": number,
            })
    return archives


def generate_period_archives(self: Any, write: Any) -> None:
    """Year, month and day archive pages, as Pelican writes them, but for one name.

    Month and day pages list their stories and are written under the
    template name "month_archives", so PAGINATED_TEMPLATES can split them
    like any listing (a busy month of a wire archive holds thousands of
    stories); year pages list months and stay one page ("period_archives").
    """
    template = self.get_template("period_archives")
    for granularity, periods in self.period_archives.items():
        name = "period_archives" if granularity == "year" else "month_archives"
        for period in periods:
            context = self.context.copy()
            context["period"] = period["period"]
            context["period_num"] = period["period_num"]
            write(period["save_as"], template, context, articles=period["articles"],
                  dates=period["dates"], template_name=name, blog=True, url=period["url"],
                  all_articles=self.articles)


def use_linear_listings(generator: Any) -> None:
    """article_generator_init: bind the linear groupings to this generator."""
    if not enabled_for(NAME, generator):
        return
    generator.generate_categories = MethodType(generate_categories, generator)
    generator.generate_authors = MethodType(generate_authors, generator)
    generator._build_period_archives = MethodType(build_period_archives, generator)
    generator.generate_period_archives = MethodType(generate_period_archives, generator)


def register() -> None:
    signals.article_generator_init.connect(use_linear_listings)
