"""Every payload, placed as body, title and author of a page and in a text dump, builds
into pages and feeds with no executable construct."""

from __future__ import annotations

import html as htmllib
from pathlib import Path

import pytest

from tests.conftest import ALL_PLUGINS, run_build
from tests.security.executable import find_in_feed, find_in_html
from tests.security.payloads import PAYLOADS

# The dumps tell another story than the pages, so no dump duplicates a page.
DUMP_STORY = (
    "The airline said it would order thirty long-haul jets to replace older aircraft, with the "
    "first deliveries expected within three years after a record year for passenger numbers. "
    "Traders said the order was larger than expected and lifted the shares of the jet maker."
)
STORY = (
    "The company said quarterly revenue rose eleven percent as demand for its services grew in "
    "every region, and it raised its forecast for the full year after a strong start to the "
    "holiday season. Analysts had expected slower growth because of higher interest rates."
)


def _page(n: int, payload: str) -> str:
    title = f"Results story {n} {payload}"
    return f"""<!DOCTYPE html><html><head><title>{title}</title>
<meta property="og:title" content="{htmllib.escape(title)}">
<meta name="author" content="{htmllib.escape('Jane ' + payload)}">
<meta property="article:published_time" content="2019-11-{(n % 27) + 1:02d}T10:00:00Z">
</head><body><article><h1>{title}</h1>
<p class="byline">By Jane {payload}</p>
<p>{STORY} (NASDAQ: ABC{n % 10}) {payload}</p>
<p>{payload} Second paragraph number {n}: {STORY}</p>
<div>{payload}</div>
<p>Closing paragraph {n} of the story. {STORY}</p>
</article></body></html>"""


def _dump(n: int, payload: str) -> str:
    return (f"Dump story {n} {payload}\n\nPublished on: {(n % 27) + 1} Nov, 2019\n\n"
            f"{DUMP_STORY} {payload}\n\n{payload}\n\nParagraph {n}: {DUMP_STORY}\n\n"
            f"By Jane {payload}\n")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sources: dict[str, str | bytes] = {}
    for n, payload in enumerate(PAYLOADS.values()):
        # Each payload gets its own story text so none is a duplicate of another.
        salt = f" Story number {n} concerns unit {n * 7919}."
        sources[f"page{n:02d}.html"] = _page(n, payload).replace("Analysts", salt + " Analysts")
        sources[f"dump{n:02d}.txt"] = _dump(n, payload).replace("Traders", salt + " Traders")
    return run_build(tmp_path_factory.mktemp("hostile"), sources,
                     ALL_PLUGINS,
                     SITEURL="https://news.example.org")


def test_no_executable_construct_in_any_page(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > len(PAYLOADS)
    found = {str(p.relative_to(hostile_site)): f for p in pages
             if (f := find_in_html(p.read_text()))}
    assert found == {}


def test_no_executable_construct_in_any_feed(hostile_site: Path) -> None:
    feeds = sorted(hostile_site.rglob("*.xml"))
    assert feeds
    found = {str(p.relative_to(hostile_site)): f for p in feeds
             if (f := find_in_feed(p.read_bytes()))}
    assert found == {}


def test_payload_sources_were_published(hostile_site: Path) -> None:
    import json

    report = json.loads((hostile_site.parent / "report.json").read_text())
    status = {e["source"]: e for e in report["entries"]}
    # Every source is accounted for: every page is published (its payloads
    # removed), and a dump is published unless its title line is mostly markup.
    assert len(status) == 2 * len(PAYLOADS)
    pages = [e for k, e in status.items() if k.endswith(".html")]
    assert all(e["status"] == "published" for e in pages), [
        (e["source"], e["reason"]) for e in pages if e["status"] != "published"]
    dumps = [e for k, e in status.items() if k.endswith(".txt")]
    assert sum(e["status"] == "published" for e in dumps) >= len(dumps) * 3 // 4
    assert all(e["reason"] for e in dumps if e["status"] != "published")


# Inert as they stand (inside a comment or a CDATA section, a long-dead HTML
# import, or a tag a browser names "scr<script" that only becomes a script
# after a naive filter strips the inner tag), so a checker rightly passes them.
CONTEXT_ONLY = {"comment-breakout", "cdata-trick", "link-import", "script-split"}


@pytest.mark.parametrize("name", sorted(set(PAYLOADS) - CONTEXT_ONLY))
def test_checker_sees_each_raw_payload(name: str) -> None:
    """The checker itself must flag the raw payloads, or the tests above prove nothing."""
    payload = PAYLOADS[name]
    assert find_in_html(payload), name
