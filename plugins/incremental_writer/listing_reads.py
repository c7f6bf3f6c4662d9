"""What a listing template can read, so a listing page is fingerprinted from that alone.

A listing page is given the whole template context (every story, every
setting, the paginators with all their stories). Fingerprinting all of it
makes any change anywhere change every listing page. Instead the template and
everything it extends, includes or imports is parsed once, and the page is
fingerprinted from the context names it references, the stories as a listing
shows them, and a paginator by what the template reads of it.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from jinja2 import meta, nodes

from tickertape.fingerprint import Memo, body_digest, digest_strings

# Attributes of a story that link other stories: a listing that reads them
# must be fingerprinted with each story's full page fingerprint.
LINKING = frozenset({"related", "newer", "older"})
# Paginator attributes that are plain values (digested when read); reading any
# other (object_list, page(), ...) digests the paginator with all its stories.
PAGINATOR_VALUES = frozenset({"num_pages", "count", "page_range"})
PAGINATOR_SAFE = PAGINATOR_VALUES | {"name", "url", "per_page", "orphans"}
NEIGHBOURS = ("_previous_page", "_next_page")


@dataclass(frozen=True)
class Reads:
    """What a template (with the templates it pulls in) can read from its context."""

    names: frozenset[str] | None  # context names referenced; None: any (not parsed)
    full_articles: bool  # stories are read with their related lists and neighbours
    full_paginators: bool  # a paginator's whole object list (or anything opaque) is read
    paginator_values: frozenset[str]  # plain paginator values read (num_pages, count, ...)
    neighbour_lists: bool  # the previous/next page's stories are read
    page_indexes: bool  # start_index/end_index (they move with the story count)


EVERYTHING = Reads(names=None, full_articles=True, full_paginators=True,
                   paginator_values=PAGINATOR_VALUES, neighbour_lists=True, page_indexes=True)


@dataclass(frozen=True)
class _Facts:
    """What one template's own source reads (see find_reads)."""

    names: frozenset[str]  # undeclared names it references
    attrs: frozenset[str]  # attributes (and string keys) read on anything
    on_name: frozenset[tuple[str, str]]  # (context name, attribute read on it)
    plain_uses: frozenset[str]  # names used other than by reading an attribute
    refs: tuple[str | None, ...]  # templates it extends, includes or imports


# Jinja environment -> {(template name, source): its facts}: the templates of
# the listings share their base and includes, parsed once per environment
# (which says how a source parses); forgotten with the environment.
_FACTS: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], _Facts]] = (
    weakref.WeakKeyDictionary())


def _facts(env: Any, name: str, source: str) -> _Facts:
    """A template's name and source -> what it reads (parsed once per environment)."""
    known = _FACTS.setdefault(env, {})
    found = known.get((name, source))
    if found is not None:
        return found
    tree = env.parse(source)
    attrs: set[str] = set()
    on_name: set[tuple[str, str]] = set()
    plain_uses: set[str] = set()
    accessed: set[int] = set()
    for node in tree.find_all(nodes.Getattr):
        attrs.add(node.attr)
        if isinstance(node.node, nodes.Name):
            on_name.add((node.node.name, node.attr))
            accessed.add(id(node.node))
    for node in tree.find_all(nodes.Test):
        # "x is defined" reads nothing of x's value.
        if node.name in ("defined", "undefined", "none") and isinstance(node.node, nodes.Name):
            accessed.add(id(node.node))
    for node in tree.find_all(nodes.Const):
        # item["related"] or map(attribute="related") read by a string.
        if isinstance(node.value, str):
            attrs.add(node.value)
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load" and id(node) not in accessed:
            plain_uses.add(node.name)
    found = _Facts(frozenset(meta.find_undeclared_variables(tree)), frozenset(attrs),
                   frozenset(on_name), frozenset(plain_uses),
                   tuple(meta.find_referenced_templates(tree)))
    known[(name, source)] = found
    return found


def _closure_facts(env: Any, name: str) -> list[_Facts] | None:
    """A template name -> the facts of it and every template it pulls in (None: unknown)."""
    found: list[_Facts] = []
    todo, seen = [name], {name}
    while todo:
        current = todo.pop()
        try:
            source, _, _ = env.loader.get_source(env, current)
        except Exception:  # noqa: BLE001 - any loader failure means: read everything
            return None
        facts = _facts(env, current, source)
        found.append(facts)
        for ref in facts.refs:
            if ref is None:  # a name computed at render time: cannot follow it
                return None
            if ref not in seen:
                seen.add(ref)
                todo.append(ref)
    return found


def find_reads(template: Any) -> Reads:
    """A Jinja template -> what it (and what it extends/includes/imports) reads."""
    env = getattr(template, "environment", None)
    name = getattr(template, "name", None)
    if env is None or name is None or env.loader is None:
        return EVERYTHING
    closure = _closure_facts(env, name)
    if closure is None:
        return EVERYTHING
    names = frozenset().union(*(f.names for f in closure))
    attrs = frozenset().union(*(f.attrs for f in closure))
    on_name = frozenset().union(*(f.on_name for f in closure))
    plain_uses = frozenset().union(*(f.plain_uses for f in closure))
    pages = {n for n in plain_uses if n.endswith(("_page", "_paginator"))}
    paginator_attrs = {a for n, a in on_name if n.endswith("_paginator")}
    return Reads(
        names=names,
        full_articles=bool(attrs & LINKING),
        full_paginators=bool(pages) or "paginator" in attrs
        or not paginator_attrs <= PAGINATOR_SAFE,
        paginator_values=frozenset(paginator_attrs & PAGINATOR_VALUES),
        neighbour_lists=any(n.endswith(NEIGHBOURS) and a == "object_list" for n, a in on_name),
        page_indexes=bool(attrs & {"start_index", "end_index"}),
    )


def _term(value: Any) -> list[str]:
    return [str(value), str(getattr(value, "url", ""))] if value is not None else []


def ticker_terms(article: Any) -> list[tuple[str, str, str, str, str]]:
    """A story -> its tickers as a page shows them (symbol, URL, name, exchange, feed)."""
    return [(str(t.symbol), str(t.url), str(t.name or ""), str(t.exchange or ""),
             str(getattr(t, "feed_url", ""))) for t in getattr(article, "tickers", [])]


def shown_metadata(article: Any, unstable: frozenset[str]) -> list[tuple[str, Any]]:
    """A story -> its metadata (but `unstable` keys), sorted by key, for digest_strings
    (whose repr takes each value's repr once)."""
    return sorted(((k, v) for k, v in article.metadata.items() if k not in unstable),
                  key=itemgetter(0))


def listing_fingerprint(article: Any, unstable: frozenset[str], bodies: Memo | None = None) -> str:
    """A story -> a digest of what a listing can show of it (not its related stories);
    `bodies`: see body_digest."""
    meta_items = shown_metadata(article, unstable)
    date = getattr(article, "date", None)
    # summary and locale_date follow from the body, the metadata and the
    # settings, which are all in the page fingerprint already.
    return digest_strings([
        str(article.url), str(article.save_as), str(getattr(article, "title", "")),
        date.isoformat() if date is not None else "", repr(getattr(date, "tzinfo", None)),
        str(getattr(article, "slug", "")), _term(getattr(article, "author", None)),
        [_term(a) for a in getattr(article, "authors", [])],
        _term(getattr(article, "category", None)), body_digest(article, bodies), meta_items,
        ticker_terms(article),
    ])
