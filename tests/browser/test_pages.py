"""The built site in a real browser: phone and desktop widths, search, navigation, filter."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import AXE

SEED_TITLE = "Microsoft’s Ethical Reckoning is Here"
SEED = "/2018/06/microsofts-ethical-reckoning-is-here/"
PAGES = {
    "home": "/",
    "article": SEED,
    "ticker": "/ticker/MSFT/",
    "tickers": "/tickers/",
    "archives": "/archives/",
    "search": "/search/?q=Azure",
}
WIDTHS = (390, 1280)


@dataclass
class Visit:
    """A page opened in its own browser context, with everything that went wrong on it."""

    page: Any
    context: Any
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


@pytest.fixture
def visit(browser: Any, site_url: str) -> Iterator[Any]:
    """-> open(path, width=1280, scheme="light", bypass_csp=False) -> Visit; closes them after."""
    opened: list[Visit] = []
    origin = urlsplit(site_url).netloc

    def _open(path: str, width: int = 1280, scheme: str = "light",
              bypass_csp: bool = False) -> Visit:
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      color_scheme=scheme, bypass_csp=bypass_csp)
        page = context.new_page()
        v = Visit(page, context)
        opened.append(v)

        def _route(route: Any) -> None:
            # Nothing may leave the machine: any other host is refused and noted.
            if urlsplit(route.request.url).netloc == origin:
                route.continue_()
            else:
                v.external.append(f"{route.request.resource_type} {route.request.url}")
                route.abort()

        context.route("**/*", _route)
        page.on("console", lambda m: v.errors.append(f"console {m.type}: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: v.errors.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: v.errors.append(
            f"request failed: {r.url} {r.failure}") if urlsplit(r.url).netloc == origin else None)
        page.on("response", lambda r: v.errors.append(f"HTTP {r.status}: {r.url}")
                if r.status >= 400 else None)
        page.goto(site_url + path, wait_until="load")
        return v

    yield _open
    for v in opened:
        v.context.close()


def _wait_for_results(page: Any) -> list[str]:
    """Search page -> result titles once the status line reports a count."""
    page.wait_for_function(
        "() => /stor(y|ies) for|No stories/.test(document.getElementById('search-status')"
        ".textContent)", timeout=15000)
    return [t.strip() for t in page.locator("#search-results .story-title").all_inner_texts()]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_cleanly(visit: Any, screenshots: Path, name: str, width: int) -> None:
    v = visit(PAGES[name], width=width)
    page = v.page
    if name == "search":
        _wait_for_results(page)
    page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
    assert v.errors == []
    assert v.external == []
    assert page.locator("h1").count() == 1
    assert page.locator("main#main").count() == 1
    # Nothing wider than the screen: the phone layout never scrolls sideways.
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than {width}px"


def test_article_in_dark_mode(visit: Any, screenshots: Path) -> None:
    v = visit(SEED, width=390, scheme="dark")
    page = v.page
    page.screenshot(path=str(screenshots / "article-390-dark.png"), full_page=True)
    bg = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert bg == "rgb(19, 21, 23)"
    assert v.errors == []


def test_search_finds_the_seed_story(visit: Any) -> None:
    v = visit("/search/")
    page = v.page
    page.fill("#search-q", "Azure")
    page.press("#search-q", "Enter")
    titles = _wait_for_results(page)
    assert SEED_TITLE in titles
    first = page.locator("#search-results .story").filter(has_text=SEED_TITLE).first
    assert re.search(r"\b2018\b", first.locator(".dateline").inner_text())
    assert first.locator("a.chip").all_inner_texts() == ["MSFT"]
    assert first.locator(".excerpt mark").count() >= 1
    assert page.url.endswith("/search/?q=Azure")
    first.locator(".story-title a").click()
    page.wait_for_url("**" + SEED)
    assert page.locator("h1").inner_text() == SEED_TITLE
    assert v.errors == [] and v.external == []


def test_search_by_ticker_symbol(visit: Any) -> None:
    v = visit("/search/?q=MSFT", width=390)
    page = v.page
    titles = _wait_for_results(page)
    assert SEED_TITLE in titles
    seed = page.locator("#search-results .story").filter(has_text=SEED_TITLE).first
    seed.locator("a.chip", has_text="MSFT").click()
    page.wait_for_url("**/ticker/MSFT/")
    assert v.errors == []


def test_header_search_box_leads_to_results(visit: Any) -> None:
    v = visit("/")
    page = v.page
    page.fill("#site-q", "Azure")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/search/?q=Azure")
    assert SEED_TITLE in _wait_for_results(page)
    assert v.errors == []


def test_ticker_chip_navigates(visit: Any) -> None:
    v = visit(SEED)
    page = v.page
    page.locator(".story-page a.chip", has_text="MSFT").click()
    page.wait_for_url("**/ticker/MSFT/")
    assert "MSFT" in page.locator("h1").inner_text()
    assert SEED_TITLE in page.locator(".story-title").all_inner_texts()
    assert v.errors == []


def test_related_link_navigates(visit: Any) -> None:
    v = visit(SEED)
    page = v.page
    links = page.locator("section.related a")
    if links.count() == 0:
        pytest.skip("no related stories on the page: the related_links plugin did not load")
    title = links.first.inner_text().strip()
    links.first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().strip() == title
    assert v.errors == []


def test_tickers_filter_box_filters(visit: Any) -> None:
    v = visit("/tickers/", width=390)
    page = v.page
    rows = page.locator("#ticker-list tbody tr")
    total = rows.count()
    assert total >= 2
    page.fill("#ticker-filter", "msft")
    visible = page.locator("#ticker-list tbody tr:not([hidden])")
    assert visible.count() == 1
    assert visible.first.locator("a.chip").inner_text() == "MSFT"
    assert page.locator("#ticker-count").inner_text() == f"1 of {total} shown"
    page.fill("#ticker-filter", "")
    assert page.locator("#ticker-list tbody tr:not([hidden])").count() == total
    assert v.errors == []


AXE_RESULTS: dict[str, Any] = {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(visit: Any, name: str, scheme: str) -> None:
    if not AXE.is_file():
        pytest.skip(f"axe-core not installed at {AXE} (make installs it with npm)")
    # axe is injected as a script of the test's own: only this context lets it past the CSP.
    v = visit(PAGES[name], scheme=scheme, bypass_csp=True)
    if name == "search":
        _wait_for_results(v.page)
    v.page.add_script_tag(path=str(AXE))
    result = v.page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(x => ({id: x.id, impact: x.impact, nodes: x.nodes.length,"
        " help: x.help})))")
    AXE_RESULTS[f"{name}/{scheme}"] = result
    out = AXE.parents[3] / "axe-results.json"
    out.write_text(json.dumps(AXE_RESULTS, indent=1, sort_keys=True))
    serious = [x for x in result if x["impact"] in ("serious", "critical")]
    assert serious == []


def test_accessibility_check_does_catch_violations(visit: Any) -> None:
    """The harness above can fail: a picture with no text alternative is reported."""
    if not AXE.is_file():
        pytest.skip(f"axe-core not installed at {AXE} (make installs it with npm)")
    v = visit(SEED, bypass_csp=True)
    v.page.evaluate("() => document.querySelector('.body').append(document.createElement('img'))")
    v.page.add_script_tag(path=str(AXE))
    ids = v.page.evaluate("() => axe.run().then(r => r.violations.map(x => x.id + ':' + x.impact))")
    assert "image-alt:critical" in ids


def test_story_pictures_are_links_and_nothing_leaves_the_site(
        visit: Any, screenshots: Path) -> None:
    """An article whose source showed pictures makes no outside request: each
    picture is a labelled link to its file at the source."""
    v = visit("/2019/11/home-depot-sales-miss-shares-plunge/", width=390)
    page = v.page
    page.screenshot(path=str(screenshots / "article-picture-390.png"), full_page=True)
    assert v.external == [] and v.errors == []
    link = page.locator(".body a.picture-link").first
    assert link.inner_text().startswith("Picture: ")
    assert (link.get_attribute("href") or "").startswith(("http://", "https://"))


def test_print_layout_keeps_the_story_only(visit: Any, screenshots: Path) -> None:
    v = visit(SEED)
    page = v.page
    page.emulate_media(media="print")
    page.screenshot(path=str(screenshots / "article-print.png"), full_page=True)
    for hidden in ("header.site nav", ".site-search", ".related", ".prevnext", ".breadcrumbs"):
        if page.locator(hidden).count():
            assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("h1").is_visible() and page.locator(".body").is_visible()
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") in (
        "rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
