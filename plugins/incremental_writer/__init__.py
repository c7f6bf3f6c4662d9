"""incremental_writer: article pages whose inputs did not change are reused, not rendered.

Signal: `get_writer` supplies a Pelican Writer that, for each article page,
fingerprints everything the page is made from (its metadata and body, its
related stories, its neighbours, its tickers, the theme and the settings).
When the published site already holds that page with the same fingerprint,
the file is hard-linked from there into the fresh build folder instead of
rendered again. Every other page is rendered as usual. The fingerprints are
written into the build itself (MANIFEST), so they are published, or not,
together with the pages they describe. `tickertape build` tells the writer
where the published site is (TICKERTAPE_PREVIOUS_OUTPUT); a plain `pelican`
run renders everything.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.writers import Writer

from tickertape.fingerprint import digest_files, digest_values
from tickertape.plugin_guard import enabled_for

logger = logging.getLogger(__name__)
NAME = "incremental_writer"
MANIFEST = ".tickertape-pages.json"
_UNSTABLE = frozenset({"reader", "removed_blocks", "plain_text"})


def _brief(item: Any) -> tuple[str, str, str]:
    """A linked article as a page shows it: its URL, title and date."""
    if item is None:
        return ("", "", "")
    return (str(getattr(item, "url", "")), str(getattr(item, "title", "")),
            str(getattr(item, "date", "")))


def article_fingerprint(article: Any, base: str) -> str:
    """An article (with related/newer/older/tickers) and the site digest -> its page digest."""
    meta = {k: repr(v) for k, v in article.metadata.items() if k not in _UNSTABLE}
    tickers = [(t.symbol, t.url, t.name or "", t.exchange or "", getattr(t, "feed_url", ""))
               for t in getattr(article, "tickers", [])]
    return digest_values(
        base, article.url, article.save_as, article.content, meta, tickers,
        [_brief(r) for r in getattr(article, "related", [])],
        _brief(getattr(article, "newer", None)), _brief(getattr(article, "older", None)),
    )


def _affects_pages(key: str) -> bool:
    """A setting that can change how pages look (not where files live)."""
    return key.isupper() and "PATH" not in key and key not in (
        "THEME", "TICKERTAPE_PREVIOUS_OUTPUT", "PLUGINS") and not key.startswith(
        "SOURCE_CLEANER_")


def _plain(value: Any) -> Any:
    """A setting's value as plain data (objects by type name: their repr holds addresses)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return type(value).__name__


class IncrementalWriter(Writer):  # type: ignore[misc]
    """A Writer that reuses unchanged article pages from the published site."""

    def __init__(self, output_path: str, settings: dict[str, Any]) -> None:
        super().__init__(output_path, settings=settings)
        self.previous = settings.get("TICKERTAPE_PREVIOUS_OUTPUT") or ""
        self.manifest_path = Path(output_path) / MANIFEST
        self.old: dict[str, str] = {}
        old_manifest = Path(self.previous) / MANIFEST
        if self.previous and old_manifest.is_file():
            try:
                self.old = json.loads(old_manifest.read_text("utf-8"))
            except ValueError:
                self.old = {}
        self.new: dict[str, str] = {}
        theme = Path(settings["THEME"])
        self.base = digest_values(
            digest_files((p for p in theme.rglob("*") if p.is_file()), root=theme),
            {k: _plain(v) for k, v in settings.items() if _affects_pages(k)},
        )
        self.reused = 0
        self.rendered = 0

    def write_file(self, name: Any, template: Any, context: Any, *args: Any,
                   **kwargs: Any) -> Any:
        article = kwargs.get("article")
        if not name or article is None or kwargs.get("paginated"):
            return super().write_file(name, template, context, *args, **kwargs)
        fingerprint = article_fingerprint(article, f"{self.base}:{template.name}")
        self.new[name] = fingerprint
        old_path = os.path.join(self.previous, name)
        if self.previous and self.old.get(name) == fingerprint and os.path.isfile(old_path):
            path = os.path.join(self.output_path, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            try:
                os.link(old_path, path)
            except OSError:
                return super().write_file(name, template, context, *args, **kwargs)
            self._written_files.add(path)
            self.reused += 1
            return None
        self.rendered += 1
        return super().write_file(name, template, context, *args, **kwargs)

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        # A reused page is a hard link into the published site: never write
        # through it; replace the link with a file of its own.
        if os.path.exists(filename) and os.stat(filename).st_nlink > 1:
            os.unlink(filename)
        return super()._open_w(filename, encoding, override)

    def save_manifest(self) -> None:
        """Write this build's page fingerprints for the next build."""
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
    if isinstance(writer, IncrementalWriter):
        writer.save_manifest()
        report = generator.context.get("tickertape_report")
        if report is not None:
            report.count("article_pages_reused", writer.reused)
            report.count("article_pages_rendered", writer.rendered)


def register() -> None:
    signals.get_writer.connect(supply_writer)
    signals.article_writer_finalized.connect(save_manifest)
