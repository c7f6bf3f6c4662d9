"""related_links: `article.related`, the most related articles, and prev/next links.

Signal: `article_generator_finalized` (after ticker_tags has set
`article.tickers`). Ranking lives in `tickertape.related`: text similarity
boosted by shared tickers, deterministic for the same input. Also sets
`article.newer` / `article.older`, the chronological neighbours.

With the build cache, an unchanged archive reuses its ranking, and an archive
that only gained stories scores them into the stored model (see
`tickertape.related`); the report counts `related_from_cache`,
`related_updated` and `related_scored_new`. The ranking (a model fitted,
or the stored one updated) is worked out by another process (`aside`) while
the listing pages are written, when the writer holds article pages back for
it (incremental_writer).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import fields
from functools import partial
from typing import TYPE_CHECKING, Any

from pelican import signals

from tickertape.plugin_guard import enabled_for
from tickertape.related_settings import RelatedDoc, RelatedSettings

from .aside import RankingAside

if TYPE_CHECKING:
    from tickertape.related import RelatedRefresh
    from tickertape.related_state import RelatedState

logger = logging.getLogger(__name__)
NAME = "related_links"


def settings_from(settings: dict[str, Any]) -> RelatedSettings:
    """RELATED_LINKS_* settings -> RelatedSettings (bad values warn and keep defaults)."""
    values: dict[str, Any] = {}
    for f in fields(RelatedSettings):
        key = f"RELATED_LINKS_{f.name.upper()}"
        if key in settings:
            default = getattr(RelatedSettings(), f.name)
            try:
                values[f.name] = type(default)(settings[key])
            except (TypeError, ValueError):
                logger.warning("%s: %s=%r is not a %s; using %r", NAME, key, settings[key],
                               type(default).__name__, default)
    return RelatedSettings(**values)


def rank_cached(docs: list[RelatedDoc], settings: RelatedSettings, cache: Any,
                report: Any = None) -> tuple[dict[str, list[str]], bool]:
    """Articles -> (related keys per article, whether the cache had them).

    The ranking of exactly the same input is reused as it is. Otherwise the
    archive's stored model (one per settings and code) scores new articles into
    it when only articles were added, and little enough since it was fitted;
    anything else fits a new model. Counts go to the build report.
    """
    # The ranking (numpy, scipy) is loaded where it runs: in a build that
    # ranks in another process, that process alone loads it.
    from tickertape.related import rank_related, ranking_key

    updated, added, hit = False, 0, False
    if cache is None:
        ranked = rank_related(docs, settings)
    else:
        key = ranking_key(docs, settings)
        stored = cache.get_derived("related", [key]).get(key)
        if stored is not None:
            ranked, hit = json.loads(stored), True
        else:
            refresh = refresh_stored(docs, settings, cache)
            ranked, updated, added = refresh.index.related, refresh.updated, refresh.added
            cache.put_derived("related", [(key, json.dumps(ranked).encode())], only=True)
    if report is not None:
        report.count("related_updated", int(updated))
        report.count("related_scored_new", added)
    return ranked, hit


def refresh_stored(docs: list[RelatedDoc], settings: RelatedSettings,
                   cache: Any) -> RelatedRefresh:
    """Articles -> their ranking from the cached model (updated or fitted anew), which is
    stored back."""
    from tickertape.related import refresh_related, state_key
    from tickertape.related_state import state_from_bytes, state_to_bytes

    skey = state_key(settings)
    state: RelatedState | None = None
    blob = cache.get_file("related_state", skey)
    if blob is not None:
        try:
            state = state_from_bytes(blob)
        except ValueError as error:
            logger.warning("%s: stored ranking state unreadable, ranking afresh: %s", NAME, error)
    refresh = refresh_related(docs, settings, state)
    if refresh.state is not None:
        cache.put_file("related_state", skey, state_to_bytes(refresh.state))
    return refresh


def link_related(generator: Any) -> None:
    """article_generator_finalized: article.related and chronological neighbours."""
    if not enabled_for(NAME, generator):
        return
    articles = list(generator.articles)
    ordered = sorted(articles, key=lambda a: (a.date, a.slug))
    for i, article in enumerate(ordered):
        article.older = ordered[i - 1] if i > 0 else None
        article.newer = ordered[i + 1] if i + 1 < len(ordered) else None
    settings = settings_from(generator.settings)
    cache = generator.context.get("tickertape_cache")
    # Where the writer can hold article pages back until the listings are
    # written (incremental_writer), the ranking is worked out by another
    # process meanwhile: a model fitted from scratch (seconds, mostly on one
    # core), or the stored one loaded, updated and stored again (about a
    # second at 19k stories, while this process has the listings to do).
    waiting = generator.context.get("tickertape_before_articles")
    if cache is not None and waiting is not None:
        # The child makes the documents from the articles it shares with this process.
        aside = RankingAside(lambda own, counts: rank_cached(related_docs(articles), settings,
                                                             own, counts), cache.path)
        waiting.append(partial(_take_aside, generator, articles, settings, aside))
        return
    start = time.perf_counter()
    ranked, hit = rank_cached(related_docs(articles), settings, cache,
                              generator.context.get("tickertape_report"))
    _attach(generator, articles, ranked, hit, start)


def related_docs(articles: list[Any]) -> list[RelatedDoc]:
    """Articles -> what the ranking reads of each."""
    return [
        RelatedDoc(
            key=a.source_path,
            title=a.title,
            text=getattr(a, "plain_text", ""),
            date=a.date,
            tickers=tuple(t.symbol for t in getattr(a, "tickers", [])),
        )
        for a in articles
    ]


def _attach(generator: Any, articles: list[Any], ranked: dict[str, list[str]], hit: bool,
            start: float) -> None:
    """Articles and their ranking by source path -> article.related set; the report gets
    the time since `start` (what the build spent on the ranking or waited for it)."""
    report = generator.context.get("tickertape_report")
    if report is not None:
        report.add_time("related", time.perf_counter() - start)
        report.count("related_from_cache", int(hit))
    by_key = {a.source_path: a for a in articles}
    for article in articles:
        article.related = [by_key[k] for k in ranked.get(article.source_path, [])]


def _take_aside(generator: Any, articles: list[Any], settings: RelatedSettings,
                aside: RankingAside) -> None:
    """Before the article pages are written: the ranking from the child process (ranked
    here if that failed) set as article.related."""
    start = time.perf_counter()
    report = generator.context.get("tickertape_report")
    found = aside.take()
    if found is None:
        logger.warning("%s: ranking in another process failed; ranking here", NAME)
        ranked, hit = rank_cached(related_docs(articles), settings,
                                  generator.context.get("tickertape_cache"), report)
    else:
        ranked, hit = found["ranked"], bool(found["hit"])
        if report is not None:
            for name, n in found["counters"].items():
                report.count(name, n)
            report.add_time("related_aside", float(found["seconds"]))
    _attach(generator, articles, ranked, hit, start)


def register() -> None:
    signals.article_generator_finalized.connect(link_related)
