"""What a rebuild derives from unchanged stories comes from the cache, and only then."""

import json
from pathlib import Path
from typing import Any

from tests.plugins.samples import DUMP_AAPL, DUMP_BANK, DUMP_MSFT

PLUGINS = ["source_cleaner", "ticker_tags", "related_links"]
SOURCES = {"a.txt": DUMP_MSFT, "b.txt": DUMP_AAPL, "c.txt": DUMP_BANK}
MSFT_PAGE = "2018/06/microsoft-opens-a-new-cloud-region/index.html"


def _counters(tmp_path: Path) -> dict[str, Any]:
    return dict(json.loads((tmp_path / "report.json").read_text())["counters"])


def _related(out: Path) -> str:
    page = (out / MSFT_PAGE).read_text()
    return page.split('id="related-heading"', 1)[1].split("</section>", 1)[0]


def test_unchanged_rebuild_reuses_tickers_signatures_and_ranking(build, tmp_path):  # type: ignore[no-untyped-def]
    out = build(SOURCES, PLUGINS)
    first = _counters(tmp_path)
    assert (first["tickers_from_cache"], first["related_from_cache"],
            first["signatures_from_cache"]) == (0, 0, 0)
    page = (out / MSFT_PAGE).read_text()
    out = build(SOURCES, PLUGINS)
    second = _counters(tmp_path)
    assert (second["tickers_from_cache"], second["related_from_cache"],
            second["signatures_from_cache"]) == (3, 1, 3)
    assert (out / MSFT_PAGE).read_text() == page


def test_new_stories_are_derived_by_the_cleaning_processes(build, tmp_path):  # type: ignore[no-untyped-def]
    # Tickers and signatures of new stories come from the processes that clean
    # them; the pages are what a build deriving them one by one gives.
    out = build(SOURCES, PLUGINS, SOURCE_CLEANER_WORKERS=2)
    counters = _counters(tmp_path)
    assert counters["derived_while_cleaning"] == 6  # a ticker row and a signature per story
    pages = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.html")}
    (tmp_path / "cache").rename(tmp_path / "cache-before")
    plain = build(SOURCES, PLUGINS, SOURCE_CLEANER_CACHE_PATH="")
    assert "derived_while_cleaning" not in _counters(tmp_path)
    assert {p.relative_to(plain): p.read_bytes() for p in plain.rglob("*.html")} == pages


def test_a_changed_story_is_derived_again(build, tmp_path):  # type: ignore[no-untyped-def]
    build(SOURCES, PLUGINS)
    changed = DUMP_AAPL.replace("$AAPL", "$AAPL and (NYSE: IBM)")
    out = build(dict(SOURCES, **{"b.txt": changed}), PLUGINS)
    counters = _counters(tmp_path)
    assert counters["tickers_from_cache"] == 2 and counters["related_from_cache"] == 0
    assert counters["signatures_from_cache"] == 2
    assert (out / "ticker/IBM/index.html").exists()


def test_a_setting_change_ranks_again(build, tmp_path):  # type: ignore[no-untyped-def]
    build(SOURCES, PLUGINS)
    out = build(SOURCES, PLUGINS, RELATED_LINKS_LIMIT=1)
    assert _counters(tmp_path)["related_from_cache"] == 0
    assert _related(out).count("<li") == 1


def test_a_removed_story_leaves_every_related_list(build, tmp_path):  # type: ignore[no-untyped-def]
    out = build(SOURCES, PLUGINS)
    assert "Apple Suppliers Gain" in _related(out)
    (tmp_path / "content" / "b.txt").unlink()
    out = build({k: v for k, v in SOURCES.items() if k != "b.txt"}, PLUGINS)
    assert _counters(tmp_path)["related_from_cache"] == 0
    assert "Apple Suppliers Gain" not in _related(out)
