"""incremental_writer: pages whose inputs did not change are reused, not rendered.

Signal: `get_writer` supplies a Pelican Writer that, for each article page,
fingerprints everything the page is made from (its metadata and body, its
related stories, its neighbours, its tickers, the theme and the settings).
Listing pages (index, archives, categories, authors, tickers, each page of
a paginated listing) are fingerprinted from the context values their
templates read (`listing_reads`: stories as a listing shows them, paginators
by their page structure and the page's own stories), and the page's place in
its pagination; paginated listings are numbered from the oldest story
(`stable_pages`), so a new story leaves older pages as they were. Pages to
render are queued and rendered on every core (`render_pool`). When the
published site already holds a
page with the same fingerprint, the file is hard-linked from there into the
fresh build folder instead of rendered again (the links are made ahead by a
child process, `prelink`; pages no longer made are removed at the end). The fingerprints are written
into the build itself (MANIFEST), so they are published, or not, together
with the pages they describe. `tickertape build` tells the writer where the
published site is (TICKERTAPE_PREVIOUS_OUTPUT); a plain `pelican` run
renders everything.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import logging
import os
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from blinker import signal
from pelican import signals
from pelican.contents import Content
from pelican.generators import ArticlesGenerator
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper
from pelican.writers import Writer

from tickertape.fingerprint import (
    affects_output,
    digest_files,
    digest_strings,
    digest_values,
    output_settings,
    read_fingerprints,
)
from tickertape.forked import Forked
from tickertape.plugin_guard import enabled_for
from tickertape.template_code import use_cached_code

from .digests_aside import DigestsAside
from .listing_reads import (
    EVERYTHING,
    NEIGHBOURS,
    Reads,
    find_reads,
    listing_fingerprint,
)
from .prelink import Prelinked
from .render_pool import After, RenderQueue, render_workers
from .stable_pages import StablePaginator

logger = logging.getLogger(__name__)
NAME = "incremental_writer"
MANIFEST = ".tickertape-pages.json"
# Sent by a plugin about to read the output folder at `finalized` (sitemaps):
# every page is then written, and pages no longer made are gone.
PAGES_DONE = signal("tickertape_pages_done")
_LINK_TABLES = frozenset({"generated_content", "static_content", "static_links"})
_UNSTABLE = frozenset({"reader", "removed_blocks", "plain_text"})


def _brief(item: Any, memo: dict[int, tuple[Any, str]] | None = None) -> str:
    """A linked article as a page shows it: its URL, title and date."""
    if item is None:
        return ""
    known = memo.get(id(item)) if memo is not None else None
    if known is not None and known[0] is item:
        return known[1]
    text = "\x1f".join((str(getattr(item, "url", "")), str(getattr(item, "title", "")),
                        str(getattr(item, "date", ""))))
    if memo is not None:
        memo[id(item)] = (item, text)  # the item is kept, so its id stays its own
    return text


def article_fingerprint(article: Any, base: str, listed: str,
                        briefs: dict[int, tuple[Any, str]] | None = None) -> str:
    """An article (with related/newer/older) and the site digest -> its page digest.

    `listed` is the story's listing digest (listing_reads.listing_fingerprint):
    it covers everything of the story itself that its page shows (URL, title,
    dates, authors, category, body, metadata, tickers), and the listings
    have worked it out already. `briefs` remembers linked articles across
    calls (each is linked from up to seven pages: related lists and neighbours).
    """
    # One text hashed at once: much cheaper than feeding the parts one by one.
    return digest_strings([
        base, listed,
        [_brief(r, briefs) for r in getattr(article, "related", [])],
        _brief(getattr(article, "newer", None), briefs),
        _brief(getattr(article, "older", None), briefs),
    ])


def _shown(key: str) -> bool:
    """A template-context key whose value can show on a page (settings: see affects_output)."""
    # The build report and cache are the build's own bookkeeping; where files
    # live (output folder, previous output) changes from build to build.
    # Pelican's tables for resolving {filename} links hold every file read,
    # published or not; a page shows them only through an article's body,
    # which is in that article's fingerprint already.
    if key.startswith("tickertape_") or key in _LINK_TABLES:
        return False
    return affects_output(key) or not key.isupper()


# The writer of the build in progress: pages written after the articles
# (ticker pages, from another plugin) still get into its manifest at `finalized`.
_LATEST: list[IncrementalWriter] = []
# The published pages being linked into this build's folder (see prelink).
_PRELINKED: list[Prelinked] = []
# The child making the article pages' folders, started before the writer
# exists: (absolute output path, child).
_FOLDERS: list[tuple[str, Forked]] = []
# The files the finished build wrote (site-relative paths), the answer to
# PAGES_DONE however often it is sent.
_WRITTEN: list[list[str]] = []


def _read_manifest(folder: str) -> dict[str, str]:
    """A built site's folder -> its page fingerprints ({} when it has none)."""
    return read_fingerprints(folder, MANIFEST)


class _ContextDigest:
    """Digests of template-context values, each container or object digested once per build.

    One instance per kind of reading (Reads): a listing whose templates never
    read a story's related list digests stories as a listing shows them, and
    a paginator by what the templates read of it.
    """

    def __init__(self, article_digest: Any, reads: Reads = EVERYTHING,
                 root: _ContextDigest | None = None,
                 bodies: dict[int, tuple[Any, str]] | None = None) -> None:
        self.article_digest = article_digest
        # The stories' body digests, shared with the page fingerprints.
        self.bodies: dict[int, tuple[Any, str]] = bodies if bodies is not None else {}
        self.reads = reads
        self.root = root or self
        # id -> (object, digest): the object is kept so its id is never reused
        # by another object while the digest is remembered.
        self.memo: dict[int, tuple[Any, str]] = {}
        # Kept on the root, for the whole build:
        self.templates: dict[str, Reads] = {}
        self.kinds: dict[Reads, _ContextDigest] = {}
        self.listed: dict[int, tuple[Any, str]] = {}
        # (id, full stories?) -> (list of stories, its digest): see _story_list.
        self.story_lists: dict[tuple[int, bool], tuple[Any, str]] = {}

    def reads_of(self, template: Any) -> Reads:
        """A template -> what it reads (its sources parsed once per build)."""
        root = self.root
        name = getattr(template, "name", None)
        if name is None:
            return EVERYTHING
        if name not in root.templates:
            root.templates[name] = find_reads(template)
        return root.templates[name]

    def for_reads(self, reads: Reads) -> _ContextDigest:
        """What a template reads -> the digester for that kind of reading."""
        root = self.root
        if reads == root.reads:
            return root
        if reads not in root.kinds:
            article_digest = root.article_digest if reads.full_articles else root.listed_digest
            root.kinds[reads] = _ContextDigest(article_digest, reads, root, root.bodies)
        return root.kinds[reads]

    def listed_digest(self, article: Any) -> str:
        """An article -> a digest of what a listing shows of it (once per build)."""
        known = self.listed.get(id(article))
        if known is not None and known[0] is article:
            return known[1]
        digest = listing_fingerprint(article, _UNSTABLE, self.root.bodies)
        self.listed[id(article)] = (article, digest)
        return digest

    def of(self, value: Any) -> str:
        """A context value -> a digest of what a template can read from it."""
        if value is None or isinstance(value, (str, int, float, bool)):
            return f"{type(value).__name__}:{value}"
        if isinstance(value, date):
            return f"date:{value.isoformat()}:{value.tzinfo!r}"
        if isinstance(value, Content):
            # A digest already, remembered by the root for every kind of
            # reading: hashing it again would cost each kind a hash per story.
            return f"{type(value).__name__}:{self.article_digest(value)}"
        known = self.memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if isinstance(value, (list, tuple)) and value and all(
                isinstance(v, Content) for v in value):
            digest = self._story_list(value)
        else:
            digest = self._hash(value, self._parts(value))
        self.memo[id(value)] = (value, digest)
        return digest

    def page(self, value: Page, current: bool) -> str:
        """A page of a listing -> its digest (its stories only if current or read)."""
        return self._hash(value, self._page_parts(value, current))

    @staticmethod
    def _hash(value: Any, parts: list[str]) -> str:
        h = hashlib.sha256(type(value).__name__.encode())
        for part in parts:
            data = part.encode("utf-8", "surrogatepass")
            h.update(len(data).to_bytes(8, "little"))
            h.update(data)
        return h.hexdigest()

    def _page_parts(self, value: Page, current: bool) -> list[str]:
        reads = self.reads
        parts = [str(value.full_name), str(value.base_url), str(value.number), str(value.url),
                 str(value.save_as), str(value.has_previous()), str(value.has_next())]
        if reads.page_indexes:
            parts += [str(value.start_index()), str(value.end_index())]
        if current or reads.neighbour_lists or reads.full_paginators:
            parts.append(self.of(value.object_list))
        parts.append(self.of(value.paginator))
        return parts

    def _story_list(self, value: list[Any] | tuple[Any, ...]) -> str:
        """A list of stories alone (every story, a period's) -> its digest, worked out
        once per build for all kinds of reading that digest stories alike."""
        root = self.root
        key = (id(value), self.article_digest == root.article_digest)
        known = root.story_lists.get(key)
        if known is not None and known[0] is value:
            return known[1]
        digest = self._hash(value, [self.of(v) for v in value])
        root.story_lists[key] = (value, digest)
        return digest

    def _parts(self, value: Any) -> list[str]:
        if isinstance(value, URLWrapper):
            return [str(value.name), str(value.slug), str(value.url), str(value.save_as)]
        if isinstance(value, Page):
            return self._page_parts(value, current=False)
        if isinstance(value, Paginator):
            parts = [str(value.name), str(value.url), str(value.per_page), str(value.orphans)]
            if self.reads.full_paginators:
                return [*parts, str(value.num_pages), self.of(value.object_list)]
            # The page structure the templates read, not every story listed.
            return parts + [f"{k}={getattr(value, k)}" for k in sorted(self.reads.paginator_values)]
        if isinstance(value, dict):
            return [p for k in sorted(value, key=str) for p in (str(k), self.of(value[k]))]
        if isinstance(value, (list, tuple)):
            return [self.of(v) for v in value]
        if isinstance(value, (set, frozenset)):
            return sorted(self.of(v) for v in value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return [p for f in dataclasses.fields(value)
                    for p in (f.name, self.of(getattr(value, f.name)))]
        # Generators, the Jinja environment, readers: nothing a page prints.
        return []


class _ReusingTemplate:
    """Stands in for a listing template: renders only pages whose fingerprint changed."""

    def __init__(self, template: Any, writer: IncrementalWriter, context: dict[str, Any]) -> None:
        self.template = template
        self.name = template.name
        self.writer = writer
        self.context = dict(context)  # as at the start of this write_file call
        self.shared = ""

    def _digest_all(self, digests: _ContextDigest, localcontext: dict[str, Any]) -> str:
        """The whole context -> its digest (for a template whose reads are unknown)."""
        if not self.shared:
            self.shared = digests.of({k: v for k, v in self.context.items() if _shown(k)})
        # The page's own values: what write_file added to (or changed in) the context.
        own = {k: v for k, v in localcontext.items()
               if _shown(k) and (k not in self.context or self.context[k] is not v)}
        return digest_strings([self.shared, digests.of(own)])

    def _digest_read(self, digests: _ContextDigest, names: frozenset[str],
                     localcontext: dict[str, Any]) -> str:
        """The context values the template reads -> their digest."""
        parts = []
        for key in sorted(names):
            if key not in localcontext or not (key.isupper() or _shown(key)):
                continue
            value = localcontext[key]
            if isinstance(value, Page):
                digest = digests.page(value, current=not key.endswith(NEIGHBOURS))
            else:
                digest = digests.of(value)
            parts.append((key, digest))
        return digest_strings(parts)

    def fingerprint(self, localcontext: dict[str, Any]) -> tuple[str, str]:
        """A page's context -> (its file name, its fingerprint)."""
        writer = self.writer
        reads = writer.context_digest.reads_of(self.template)
        digests = writer.context_digest.for_reads(reads)
        if reads.names is None:
            values = self._digest_all(digests, localcontext)
        else:
            values = self._digest_read(digests, reads.names, localcontext)
        name = str(localcontext["output_file"])
        return name, digest_strings([writer.base, str(self.name), name, values])

    def render(self, localcontext: dict[str, Any]) -> str:
        writer = self.writer
        if writer.fingerprints_later():
            writer.count("listing_pages_rendered")
            return writer.render_later(self.template, localcontext,
                                       partial(self.fingerprint, localcontext))
        name, fingerprint = self.fingerprint(localcontext)
        writer.new[name] = fingerprint
        old_path = os.path.join(writer.previous, name)
        if writer.previous and writer.old.get(name) == fingerprint and os.path.isfile(old_path):
            # _open_w links the published page in place of this render.
            writer.links[os.path.abspath(os.path.join(writer.output_path, name))] = old_path
            return ""
        writer.count("listing_pages_rendered")
        return writer.render_later(self.template, localcontext)


class _QueuedTemplate:
    """Stands in for an article template: the page is queued and rendered with the others."""

    def __init__(self, template: Any, writer: IncrementalWriter,
                 after: After | None = None) -> None:
        self.template = template
        self.name = template.name
        self.writer = writer
        self.after = after

    def render(self, localcontext: dict[str, Any]) -> str:
        return self.writer.render_later(self.template, localcontext, self.after)


def _make_folders(folders: list[str], files: list[str]) -> None:
    """Create folders (and empty files), as a child process does aside.

    Making tens of thousands of folders and files is mostly the file system's
    work: a child does it on the other core while this process renders or
    links pages, which make any folder still missing themselves (makedirs
    with exist_ok is safe against the child making it at the same moment).
    Files are created empty and never truncated, so a page written first
    keeps its text; writing a page into an existing empty file is cheaper
    than creating the file.
    """
    for folder in folders:
        os.makedirs(folder, exist_ok=True)
    for path in files:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o666))


def start_folders(output_path: str, articles: Any, linked: Any,
                  published: bool) -> Forked | None:
    """Make the folders (and, with nothing `published`, the files) of the article pages
    not `linked` from the published site -> the child making them, or None when they
    were made here."""
    pages = [os.path.join(output_path, a.save_as)
             for a in articles if a.save_as and a.save_as not in linked]
    folders = list(dict.fromkeys(os.path.dirname(p) for p in pages))
    if not published:
        # Without a published site every page is rendered: its file is made
        # ahead too (a page to be linked must not exist beforehand). Made
        # here, before any page is written, while the build waits for the
        # related-stories ranking anyway: 18k folders and files take about a
        # second of kernel time alone, and took a child 11 s of processor
        # time beside the processes writing pages into the same folders.
        _make_folders(folders, pages)
        return None
    return Forked(lambda: _make_folders(folders, []))


class IncrementalWriter(Writer):  # type: ignore[misc]
    """A Writer that reuses unchanged article pages from the published site."""

    def __init__(self, output_path: str, settings: dict[str, Any]) -> None:
        super().__init__(output_path, settings=settings)
        self.previous = settings.get("TICKERTAPE_PREVIOUS_OUTPUT") or ""
        self.manifest_path = Path(output_path) / MANIFEST
        self.old = _read_manifest(self.previous)
        self.prelinked: Prelinked | None = None
        if _PRELINKED and _PRELINKED[0].previous == self.previous and os.path.abspath(
                _PRELINKED[0].output) == os.path.abspath(output_path):
            self.prelinked = _PRELINKED[0]
            self.prelinked.wait()
        self.new: dict[str, str] = {}
        _LATEST[:] = [self]
        theme = Path(settings["THEME"])
        self.base = digest_values(
            digest_files((p for p in theme.rglob("*") if p.is_file()), root=theme),
            output_settings(settings),
        )
        self.reused = 0
        self.rendered = 0
        self.report: Any = None  # the build report, once a page has been written
        self.links: dict[str, str] = {}  # new page path -> published page to link instead
        self.article_digests: dict[int, tuple[Any, str]] = {}
        self.briefs: dict[int, tuple[Any, str]] = {}
        # The child making the article pages' folders (make_folders_early).
        self.folder_maker: Forked | None = None
        if _FOLDERS and _FOLDERS[0][0] == os.path.abspath(output_path):
            self.folder_maker = _FOLDERS.pop()[1]
        self.bodies: dict[int, tuple[Any, str]] = {}  # body digests (listing_reads.body_digest)
        self.context_digest = _ContextDigest(self._article_digest, bodies=self.bodies)
        workers = settings.get("INCREMENTAL_WRITER_WORKERS", 0)
        if not isinstance(workers, int) or workers < 0:
            logger.warning("%s: INCREMENTAL_WRITER_WORKERS must be 0 or more; using 0", NAME)
            workers = 0
        self.queue = RenderQueue(render_workers(workers))
        # Article pages waiting for their digests, worked out aside (digests_aside).
        self.digests: DigestsAside | None = None
        self.listings_seen = False  # whether a listing page was written already
        self.deferred: list[tuple[str, Any, Any, tuple[Any, ...], dict[str, Any]]] = []
        # The page render_later has just taken: _open_w queues it under its file name.
        self.pending: tuple[Any, dict[str, Any], After | None] | None = None

    def fingerprints_later(self) -> bool:
        """Whether page fingerprints are left to the processes rendering the pages.

        With nothing published to reuse, a fingerprint is needed only for the
        next build's manifest: it is worked out where the page is rendered.
        """
        return not self.old and self.queue.workers > 1

    def _manifest_entry(self, name: str, template: str, article: Any) -> tuple[str, str]:
        """An article page -> its (file name, fingerprint) for the manifest."""
        # The page digest covers everything else: the template's name is added
        # as it is (hashing again would cost a hash per story and build).
        return name, f"{template}\x1f{self._article_digest(article)}"

    def render_later(self, template: Any, localcontext: dict[str, Any],
                     after: After | None = None) -> str:
        """A template and a page's context -> "" for now, the page being queued (or the page).

        `after` gives the page's manifest entry once it is rendered.
        """
        if self.queue.workers < 2:
            if after is not None:
                self.new.update([after()])
            return str(template.render(localcontext))
        self.pending = (template, localcontext, after)
        return ""

    def count(self, counter: str) -> None:
        """Add one to a counter of the build report (when the build keeps one)."""
        if self.report is not None:
            self.report.count(counter)

    def _article_digest(self, article: Any) -> str:
        """An article or page -> its page fingerprint (computed once per build)."""
        known = self.article_digests.get(id(article))
        if known is not None and known[0] is article:
            return known[1]
        fingerprint = article_fingerprint(article, self.base,
                                          self.context_digest.listed_digest(article), self.briefs)
        self.article_digests[id(article)] = (article, fingerprint)
        return fingerprint

    def write_file(self, name: Any, template: Any, context: Any, *args: Any,
                   **kwargs: Any) -> Any:
        article = kwargs.get("article")
        if self.report is None:
            self.report = context.get("tickertape_report")
        if not name:
            return super().write_file(name, template, context, *args, **kwargs)
        if article is None or kwargs.get("paginated"):
            self.listings_seen = True
            # Fingerprinted even with nothing to reuse, so the manifest depends
            # only on what was built.
            template = _ReusingTemplate(template, self, context)
            if self.settings.get("STABLE_PAGINATION") and not args:
                paginated = kwargs.pop("paginated", None)
                if paginated is None:
                    paginated = {k: v for k, v in kwargs.items() if k in ("articles", "dates")}
                if paginated and kwargs.get("template_name") in self.settings.get(
                        "PAGINATED_TEMPLATES", {}):
                    return self.write_paginated(name, template, context, paginated, **kwargs)
                kwargs["paginated"] = paginated
            return super().write_file(name, template, context, *args, **kwargs)
        if self.fingerprints_later():
            self.rendered += 1
            after = partial(self._manifest_entry, name, template.name, article)
            return super().write_file(name, _QueuedTemplate(template, self, after), context,
                                      *args, **kwargs)
        if self.old and self.queue.workers > 1:
            # Decided once the digests worked out aside are in (write_deferred);
            # the writer goes on to the listing pages meanwhile.
            if self.digests is None:
                # The listing pages queued so far are rendered by a child
                # while the article pages are decided.
                self.queue.flush()
                # With the listings written already (write_articles_last),
                # nothing else is left to do meanwhile: this process works
                # out half of them.
                self.digests = DigestsAside(context.get("articles", []),
                                            self._article_digest, self._page_in_place,
                                            here=0.5 if self.listings_seen else 0.0)
            self.deferred.append((name, template, context, args, kwargs))
            return None
        return self._write_article(name, template, context, args, kwargs)

    def _page_in_place(self, article: Any) -> bool:
        """An article -> whether its published page is linked into the build already."""
        return self._linked_in_place(str(article.save_as))

    def _linked_in_place(self, name: str) -> bool:
        """A page's file name -> whether the published page is linked there already."""
        return self.prelinked is not None and self.prelinked.has(
            name, os.path.join(self.previous, name), os.path.join(self.output_path, name))

    def write_deferred(self) -> None:
        """Write (reuse or queue) the article pages whose decision waited for the digests."""
        deferred, self.deferred = self.deferred, []
        known = self.digests.take() if self.digests is not None else {}
        self.digests = None
        for name, template, context, args, kwargs in deferred:
            self._write_article(name, template, context, args, kwargs,
                                known.get(id(kwargs["article"])))

    def _write_article(self, name: str, template: Any, context: Any, args: tuple[Any, ...],
                       kwargs: dict[str, Any], known: tuple[str, bool] | None = None) -> Any:
        """An article page -> reused from the published site, or queued to be rendered.

        `known`: the article's digest and whether its page is in place, when
        worked out already.
        """
        article = kwargs["article"]
        if known is not None:
            self.article_digests[id(article)] = (article, known[0])
        fingerprint = self._manifest_entry(name, template.name, article)[1]
        self.new[name] = fingerprint
        if self.previous and self.old.get(name) == fingerprint:
            old_path = os.path.join(self.previous, name)
            path = os.path.join(self.output_path, name)
            # The published page is linked in place already (prelink), or is linked now.
            if known is not None and name == str(article.save_as):
                in_place = known[1]
            else:
                in_place = self._linked_in_place(name)
            if not in_place and os.path.isfile(old_path):
                os.makedirs(os.path.dirname(path), exist_ok=True)
                try:
                    os.link(old_path, path)
                except OSError:
                    return super().write_file(name, template, context, *args, **kwargs)
                in_place = True
            if in_place:
                self._written_files.add(path)
                self.reused += 1
                return None
        self.rendered += 1
        return super().write_file(name, _QueuedTemplate(template, self), context, *args,
                                  **kwargs)

    def write_paginated(self, name: str, template: Any, context: dict[str, Any],
                        paginated: dict[str, list[Any]], **kwargs: Any) -> None:
        """A paginated listing -> its pages, numbered from the oldest story (stable_pages)."""
        per_page = (self.settings["PAGINATED_TEMPLATES"][kwargs["template_name"]]
                    or self.settings["DEFAULT_PAGINATION"])
        paginators = {key: StablePaginator(name, kwargs.get("url"), items, self.settings,
                                           per_page)
                      for key, items in paginated.items()}
        pages = {key: p.pages() for key, p in paginators.items()}
        count = len(next(iter(pages.values())))
        for i in range(count):
            own = dict(kwargs)
            for key, paginator in paginators.items():
                listing = pages[key]
                own.update({
                    f"{key}_paginator": paginator,
                    f"{key}_page": listing[i],
                    # pages() runs newest to oldest: the previous page is newer.
                    f"{key}_previous_page": listing[i - 1] if i > 0 else None,
                    f"{key}_next_page": listing[i + 1] if i + 1 < len(listing) else None,
                })
            # One page at a time through Pelican's own unpaginated path.
            super().write_file(pages[next(iter(pages))][i].save_as, template, context,
                               paginated={}, **own)

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        old = self.links.pop(os.path.abspath(filename), None)
        if (old is not None and self.prelinked is not None and not override
                and filename not in self._written_files
                and filename not in self._overridden_files
                and self.prelinked.has(os.path.relpath(filename, self.output_path), old,
                                       filename)):
            # A listing page whose fingerprint matched, linked in place already.
            self._written_files.add(filename)
            self.count("listing_pages_reused")
            return io.StringIO()
        # A reused page is a hard link into the published site: never write
        # through it; replace the link with a file of its own.
        if os.path.exists(filename) and os.stat(filename).st_nlink > 1:
            os.unlink(filename)
        pending, self.pending = self.pending, None
        if (pending is not None and not override and old is None
                and filename not in self._overridden_files
                and filename not in self._written_files):
            # Pelican's checks (a file is written once) without opening the
            # file: the page is rendered and written with the others
            # (render_pending); the empty text goes nowhere.
            self._written_files.add(filename)
            self.queue.add(pending[0], pending[1], filename, pending[2])
            return io.StringIO()
        handle = super()._open_w(filename, encoding, override)
        if handle.name != filename:  # Pelican keeps an earlier page of that name
            return handle
        if pending is not None:  # a page Pelican lets override another
            handle.close()
            self.queue.add(pending[0], pending[1], filename, pending[2])
            return io.StringIO()
        if old is None:
            return handle
        # A listing page whose fingerprint matched was not rendered (Pelican's
        # checks against writing a file twice have run above): the published
        # page is linked in place of the empty file, and the empty render goes
        # nowhere.
        handle.close()
        os.unlink(filename)
        os.link(old, filename)
        self.count("listing_pages_reused")
        return io.StringIO()

    def written_pages(self) -> list[str]:
        """The files written (or linked) into the output folder, as site-relative paths."""
        root = os.path.join(os.path.abspath(self.output_path), "")
        found = []
        for path in self._written_files:
            path = os.path.normpath(path)
            rel = path[len(root):] if path.startswith(root) else os.path.relpath(path, root)
            found.append(rel.replace(os.sep, "/"))
        return found

    def wait_for_folders(self) -> None:
        """Wait until the child making article folders is done (it must not outlive the build)."""
        if self.folder_maker is not None:
            self.folder_maker.result()
            self.folder_maker = None

    def render_pending(self) -> None:
        """Render and write every queued page, across the CPU cores."""
        self.write_deferred()
        self.wait_for_folders()
        self.queue.render_all()
        self.new.update(self.queue.entries)
        self.queue.entries.clear()

    def save_manifest(self, write: bool = True) -> None:
        """Write this build's queued pages and their fingerprints (for the next build);
        `write` False: the pages alone, the fingerprints being written later."""
        self.render_pending()
        if not write:
            return
        self.manifest_path.parent.mkdir(parents=True, exist_ok=True)
        self.manifest_path.write_text(json.dumps(self.new, sort_keys=True), "utf-8")
        logger.info("%s: %d article pages reused, %d rendered", NAME, self.reused, self.rendered)


def supply_writer(pelican: Any) -> type[IncrementalWriter] | None:
    """get_writer: the incremental writer class."""
    if not enabled_for(NAME, pelican):
        return None
    return IncrementalWriter


def save_manifest(generator: Any, writer: Any) -> None:
    """article_writer_finalized: remember the fingerprints of the pages just written."""
    if not enabled_for(NAME, generator):
        return
    for articles_now in _ARTICLES_LATER:
        articles_now()  # had Pelican not written drafts last, they would still wait
    if isinstance(writer, IncrementalWriter):
        # The manifest is written at `finalized` (with the pages written after
        # this signal) by this build's writer: not twice.
        writer.save_manifest(write=writer not in _LATEST)
        report = generator.context.get("tickertape_report")
        if report is not None:
            report.count("article_pages_reused", writer.reused)
            report.count("article_pages_rendered", writer.rendered)


def save_final_manifest(pelican: Any) -> list[str] | None:
    """finalized: the manifest again, with pages written after the articles' signal
    -> the files the build wrote (site-relative; None when no writer of ours wrote them)."""
    while _FOLDERS:  # started, but no writer of this output took it: it must not outlive the build
        _FOLDERS.pop()[1].result()
    if not enabled_for(NAME, pelican) or not _LATEST:
        return _WRITTEN[0] if _WRITTEN else None
    writer = _LATEST.pop()
    if os.path.abspath(writer.output_path) != os.path.abspath(pelican.output_path):
        _PRELINKED.clear()
        return None
    writer.save_manifest()
    if writer.prelinked is not None:
        removed = writer.prelinked.remove_unmade(writer.new)
        logger.info("%s: %d pages of the published site no longer made", NAME, removed)
    _PRELINKED.clear()
    _WRITTEN[:] = [writer.written_pages()]
    return _WRITTEN[0]


def link_published(pelican: Any) -> None:
    """initialized: start linking the published site's pages into the build folder."""
    _PRELINKED.clear()
    _WRITTEN.clear()
    if not enabled_for(NAME, pelican):
        return
    previous = pelican.settings.get("TICKERTAPE_PREVIOUS_OUTPUT") or ""
    # Pelican empties the output folder after this signal when asked to: the
    # links would race with that.
    if not previous or pelican.settings.get("DELETE_OUTPUT_DIRECTORY"):
        return
    names = _read_manifest(previous)
    if names:
        _PRELINKED.append(Prelinked(previous, pelican.output_path, names))


BEFORE_ARTICLES = "tickertape_before_articles"
# Writes the article pages held back (if any are still): see write_articles_last.
_ARTICLES_LATER: list[Any] = []


def write_articles_last(generator: Any) -> None:
    """article_generator_init: article pages can wait until the listings are written.

    A plugin still working out something article pages show (related
    stories, ranked in another process) adds a callable to the context's
    `tickertape_before_articles` list: the article pages are then written
    after the listing pages (which do not show it), each callable being
    called first, and the work overlaps the listings.
    """
    if not enabled_for(NAME, generator):
        return
    waiting: list[Any] = generator.context.setdefault(BEFORE_ARTICLES, [])
    write_articles, write_drafts = generator.generate_articles, generator.generate_drafts
    later: list[Any] = []

    def articles(write: Any) -> None:
        if waiting:
            later.append(write)
        else:
            write_articles(write)

    def articles_now() -> None:
        while waiting:  # each called once
            waiting.pop(0)()
        while later:
            write_articles(later.pop(0))

    def drafts(write: Any) -> None:
        # Pelican writes drafts last of all: the article pages go just before.
        articles_now()
        write_drafts(write)

    generator.generate_articles = articles
    generator.generate_drafts = drafts
    _ARTICLES_LATER[:] = [articles_now]


def wait_for_links(generators: Any) -> None:
    """all_generators_finalized: the links are all made before any page is written;
    then the article pages' folders are made while the listings are written."""
    for prelinked in _PRELINKED:
        prelinked.wait()
    make_folders_early(generators)
    for generator in generators:
        env = getattr(generator, "env", None)
        if env is not None and enabled_for(NAME, generator):
            # Templates compiled by an earlier build are loaded, not compiled again.
            use_cached_code(env, generator.context.get("tickertape_cache"))


def make_folders_early(generators: Any) -> None:
    """Start the child making the article pages' folders as soon as the articles are known.

    Made while the writer is still on the listing pages, the folders are
    there before the article pages are written. Folders made at the same
    time as pages are written beside them cost far more: creating an entry
    in a folder locks it, and Pelican tries to create each page's folder
    again before writing the page (18k folders: 0.55 s of kernel time alone,
    2.5 s beside another process's makedirs).
    """
    _FOLDERS.clear()
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator) or not enabled_for(NAME, generator):
            continue
        output = os.path.abspath(generator.output_path)
        prelinked = next((p for p in _PRELINKED if os.path.abspath(p.output) == output), None)
        previous = generator.settings.get("TICKERTAPE_PREVIOUS_OUTPUT") or ""
        published = bool(previous) and os.path.isfile(os.path.join(previous, MANIFEST))
        linked = prelinked.names if prelinked is not None else frozenset()
        maker = start_folders(output, generator.articles, linked, published)
        if maker is not None:
            _FOLDERS.append((output, maker))
        return


def register() -> None:
    PAGES_DONE.connect(save_final_manifest)
    signals.article_generator_init.connect(write_articles_last)
    signals.initialized.connect(link_published)
    signals.all_generators_finalized.connect(wait_for_links)
    signals.get_writer.connect(supply_writer)
    signals.article_writer_finalized.connect(save_manifest)
    signals.finalized.connect(save_final_manifest)
