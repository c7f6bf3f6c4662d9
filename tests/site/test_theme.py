"""The theme as readers and checkers see it: templates, built pages and the stylesheet."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT, run_build

TEMPLATES = ROOT / "theme" / "templates"
CSS = ROOT / "theme" / "static" / "css" / "site.css"
VNU = ROOT / "build/node/node_modules/vnu-jar/build/dist/vnu.jar"
SEED = "2018/06/microsofts-ethical-reckoning-is-here/index.html"
MAX_PAGE_BYTES = 100_000
PLUGINS = ["source_cleaner", "ticker_tags", "related_links", "feedgen_rss", "site_discovery"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("theme")
    sources = {p.name: p.read_bytes() for p in (ROOT / "content").iterdir() if p.is_file()}
    return run_build(tmp, sources, PLUGINS)


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


class _Page(HTMLParser):
    """One page parsed into what the checks below need."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.headings: list[int] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "script":
            self._script, self._text = a, ""

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, self._text))
            self._script = None

    def find(self, tag: str, **want: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags
                if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in want.items())]


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8"))
    page.close()
    return page


# Templates ------------------------------------------------------------------

SAFE = re.compile(r"\|\s*safe\b")


def test_safe_marks_only_the_sanitized_article_body() -> None:
    uses = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for line in path.read_text().splitlines():
            for m in SAFE.finditer(line):
                uses.append((path.name, line[: m.start()].split("{{")[-1].strip()))
    assert uses == [("article.html", "article.content")]
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        assert "autoescape" not in text, path
        assert "Markup(" not in text, path


@pytest.mark.parametrize("text, found", [
    ("{{ article.content | safe }}", True), ("{{ x|safe }}", True), ("{{ x | safe_url }}", False),
    ("{{ x | e }}", False), ("{{ x |  safe}}", True),
])
def test_safe_pattern(text: str, found: bool) -> None:
    assert bool(SAFE.search(text)) is found


# Security policy and outside requests ---------------------------------------

def _csp(page: _Page) -> dict[str, list[str]]:
    metas = page.find("meta", http_equiv="Content-Security-Policy")
    assert len(metas) == 1
    policy: dict[str, list[str]] = {}
    for part in metas[0]["content"].split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


def test_every_page_carries_a_csp_without_inline_script(site: Path) -> None:
    for path in _pages(site):
        page = parse(path)
        policy = _csp(page)
        rel = str(path.relative_to(site))
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert "'unsafe-inline'" not in sum(policy.values(), []), rel
        assert "'unsafe-eval'" not in sum(policy.values(), []), rel
        wasm = ["'self'", "'wasm-unsafe-eval'"]
        assert policy["script-src"] == (wasm if rel == "search/index.html" else ["'self'"]), rel
        for attrs, text in page.scripts:
            if "src" in attrs:
                assert text.strip() == "" and attrs["src"].startswith("/theme/js/"), rel
            else:
                # Data blocks only: JSON-LD is not run by the browser.
                assert attrs.get("type") == "application/ld+json", rel
                json.loads(text)
        for tag, attrs in page.tags:
            assert "style" not in attrs and tag != "style", (rel, tag)
            assert not any(k.startswith("on") for k in attrs), (rel, tag)


def test_nothing_is_fetched_from_other_hosts(site: Path) -> None:
    fetched_by_theme = {"link": "href", "script": "src", "iframe": "src", "source": "src"}
    for path in _pages(site):
        page = parse(path)
        for tag, attrs in page.tags:
            if tag == "link" and attrs.get("rel") in ("canonical", "alternate"):
                continue  # named, never fetched by the page
            if tag in fetched_by_theme and (url := attrs.get(fetched_by_theme[tag])):
                assert urlsplit(url).netloc == "", (path, tag, url)
    css = CSS.read_text()
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    for js in (ROOT / "theme/static/js").glob("*.js"):
        assert not re.search(r"https?://", js.read_text()), js


def test_links_to_other_sites_open_no_window_reference(site: Path) -> None:
    for path in _pages(site):
        for attrs in parse(path).find("a"):
            if urlsplit(attrs.get("href", "")).netloc:
                rel = attrs.get("rel", "").split()
                assert "noopener" in rel and "noreferrer" in rel, (path, attrs)


# Structure and accessibility -------------------------------------------------

def test_landmarks_lang_and_skip_link(site: Path) -> None:
    for path in _pages(site):
        text = path.read_text()
        page = parse(path)
        assert page.find("html", lang="en"), path
        assert len(page.find("main", id="main")) == 1
        assert page.find("header", **{"class": "site"}) and page.find("footer", **{"class": "site"})
        first_link = next(a for t, a in page.tags if t == "a")
        assert first_link == {"class": "skip", "href": "#main"}, path
        assert page.find("nav", aria_label="Site")
        assert "<title>" in text and "</title>" in text


def test_one_h1_and_no_heading_level_jumps(site: Path) -> None:
    jumps = {}
    for path in _pages(site):
        levels = parse(path).headings
        assert levels.count(1) == 1 and levels[0] == 1, path
        bad = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        if bad:
            jumps[str(path.relative_to(site))] = bad
    assert jumps == {}


def test_no_page_loads_anything_from_elsewhere(site: Path) -> None:
    """Pictures, scripts, styles and icons all come from the site itself: story
    pictures are links labelled with their text alternative instead."""
    outside = []
    for path in _pages(site):
        page = parse(path)
        assert _csp(page)["img-src"] == ["'self'"]
        for tag, attr in (("img", "src"), ("script", "src"), ("link", "href"),
                          ("source", "src"), ("iframe", "src")):
            for attrs in page.find(tag):
                url = attrs.get(attr, "")
                if tag == "link" and attrs.get("rel") in ("canonical", "alternate"):
                    continue  # addresses, not requests
                if urlsplit(url).netloc:
                    outside.append((str(path.relative_to(site)), tag, url))
    assert outside == []


def test_story_pictures_become_labelled_links(site: Path) -> None:
    links = []
    for path in _pages(site):
        page = parse(path)
        assert page.find("img") == [], path
        links += page.find("a", **{"class": "picture-link"})
    # The demo's HTML sources show pictures; each is now a link to its file.
    assert links and all(urlsplit(a["href"]).scheme in ("http", "https") for a in links)
    assert all(a["rel"] == "noopener noreferrer" for a in links)


def test_dark_mode_and_print_styles() -> None:
    css = CSS.read_text()
    assert "@media (prefers-color-scheme: dark)" in css
    print_rules = css.split("@media print", 1)[1]
    for hidden in ("header.site nav", ".site-search", ".related", ".prevnext"):
        assert hidden in print_rules
    assert ':focus-visible { outline: 3px solid' in css


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_colours_reach_4_5_to_1(scheme: str) -> None:
    css = CSS.read_text()
    block = css.split("@media (prefers-color-scheme: dark)", 1)[1] if scheme == "dark" else css
    colours = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6});", block.split("}", 1)[0] + "}"))
    for fg, bg in [("fg", "bg"), ("muted", "bg"), ("accent", "bg"), ("chip-fg", "chip-bg"),
                   ("bg", "accent"), ("fg", "mark"), ("muted", "soft")]:
        assert _contrast(colours[fg], colours[bg]) >= 4.5, (scheme, fg, bg)


# Weight ---------------------------------------------------------------------

def test_every_page_is_under_100_kb_with_its_css(site: Path) -> None:
    weights = {}
    for path in _pages(site):
        css = sum((site / a["href"].lstrip("/")).stat().st_size
                  for a in parse(path).find("link", rel="stylesheet"))
        weights[str(path.relative_to(site))] = path.stat().st_size + css
    heaviest = max(weights, key=weights.__getitem__)
    assert weights[heaviest] < MAX_PAGE_BYTES, (heaviest, weights[heaviest])


# Search engines ---------------------------------------------------------------

def _ld(page: _Page, kind: str) -> dict[str, Any]:
    found = [json.loads(t) for a, t in page.scripts if a.get("type") == "application/ld+json"]
    [one] = [d for d in found if d.get("@type") == kind]
    return one


def test_article_meta_for_search_engines_and_sharing(site: Path) -> None:
    page = parse(site / SEED)
    url = "http://127.0.0.1:8000/2018/06/microsofts-ethical-reckoning-is-here/"
    assert page.find("link", rel="canonical") == [{"rel": "canonical", "href": url}]
    meta = {a.get("property") or a.get("name"): a.get("content") for a in page.find("meta")}
    assert meta["og:url"] == url and meta["og:type"] == "article"
    assert meta["og:title"] == meta["twitter:title"] == "Microsoft’s Ethical Reckoning is Here"
    assert meta["og:description"].startswith("Microsoft has become the latest company")
    assert meta["twitter:card"] == "summary"
    assert meta["article:published_time"].startswith("2018-06-19")
    assert meta["article:tag"] == "MSFT"
    ld = _ld(page, "NewsArticle")
    assert ld["headline"] == "Microsoft’s Ethical Reckoning is Here"
    assert ld["datePublished"].startswith("2018-06-19") and ld["dateModified"]
    assert ld["author"] == {"@type": "Person", "name": "William Kim",
                            "url": "http://127.0.0.1:8000/author/william-kim/"}
    assert ld["publisher"]["name"] == "tickertape"
    assert ld["mentions"] == [{"@type": "Corporation", "name": "Microsoft",
                               "tickerSymbol": "XNAS MSFT"}]
    assert ld["mainEntityOfPage"]["@id"] == url


def test_breadcrumbs_shown_and_described_alike(site: Path) -> None:
    for rel in (SEED, "ticker/MSFT/index.html", "2018/06/index.html", "2018/index.html"):
        page = parse(site / rel)
        ld = _ld(page, "BreadcrumbList")
        names = [i["name"] for i in ld["itemListElement"]]
        assert [i["position"] for i in ld["itemListElement"]] == list(range(1, len(names) + 1))
        assert names[0] == "Home"
        html = (site / rel).read_text().split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
        shown = re.findall(r"<li[^>]*>(?:<a [^>]*>)?([^<]+)", html)
        assert shown == names, rel
        assert ld["itemListElement"][-1]["item"].endswith("/" + rel.removesuffix("index.html"))


def test_canonical_on_every_indexable_page(site: Path) -> None:
    for path in _pages(site):
        page = parse(path)
        [link] = page.find("link", rel="canonical")
        rel = str(path.relative_to(site)).removesuffix("index.html")
        assert link["href"] == "http://127.0.0.1:8000/" + rel, path
        robots = page.find("meta", name="robots")
        assert (robots == [{"name": "robots", "content": "noindex"}]) == (rel == "search/"), path


def test_home_offers_site_search_to_search_engines(site: Path) -> None:
    ld = _ld(parse(site / "index.html"), "WebSite")
    target = ld["potentialAction"]["target"]["urlTemplate"]
    assert target == "http://127.0.0.1:8000/search/?q={search_term_string}"


def test_article_is_marked_up_for_the_search_index(site: Path) -> None:
    html = (site / SEED).read_text()
    assert html.count("data-pagefind-body") == 1
    assert re.search(r'<time datetime="2018-06-19[^"]*" data-pagefind-meta="date" '
                     r'data-pagefind-sort="date\[datetime\]">', html)
    assert '<ul class="chips" aria-label="Tickers" data-pagefind-meta="tickers:MSFT">' in html
    sourced = [p for p in site.glob("20*/*/*/index.html")
               if "Originally published" in p.read_text()]
    assert sourced
    for path in sourced:
        assert '<footer class="source" data-pagefind-ignore>' in path.read_text()
    for path in _pages(site):
        # Pagefind filters are never used: their files differ from run to run.
        assert "data-pagefind-filter" not in path.read_text(), path
    for listing in ("index.html", "ticker/MSFT/index.html", "archives/index.html"):
        text = (site / listing).read_text()
        assert "data-pagefind-body" not in text and "data-pagefind-meta" not in text


def test_listings_show_title_date_tickers_and_summary(site: Path) -> None:
    html = (site / "2018/06/index.html").read_text()
    story = html.split('<li class="story">', 1)[1].split("</li>\n</ol>", 1)[0]
    assert "Microsoft’s Ethical Reckoning is Here" in story
    assert '<time datetime="2018-06-19' in story
    assert 'class="chip"' in story and '<p class="summary">' in story


# The Nu HTML checker -------------------------------------------------------------

def _nu(paths: list[Path], *extra: str) -> list[dict[str, Any]]:
    if not VNU.is_file():
        pytest.skip(f"the Nu HTML checker is not installed at {VNU} (make installs vnu-jar)")
    java = shutil.which("java")
    if java is None:
        pytest.skip("the Nu HTML checker needs java (Debian: default-jre-headless)")
    done = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--exit-zero-always",
                           *extra, *map(str, paths)], capture_output=True, text=True, timeout=300)
    messages: list[dict[str, Any]] = json.loads(done.stderr or done.stdout)["messages"]
    return [m for m in messages if m.get("type") == "error"]


def test_every_built_page_and_the_stylesheet_pass_the_nu_checker(site: Path) -> None:
    errors = _nu([*_pages(site), CSS], "--also-check-css")
    assert [(m["url"].split("/output/")[-1], m["message"]) for m in errors] == []


def _index_pages(out: Path) -> dict[str, str]:
    """A built site -> {site path of each page of the home listing: its HTML}."""
    pages = {"": (out / "index.html").read_text("utf-8")}
    for path in sorted((out / "page").glob("*/index.html")):
        pages[f"page/{path.parent.name}/"] = path.read_text("utf-8")
    return pages


@pytest.mark.parametrize("stable", [True, False])
def test_listing_pages_read_as_newer_and_older_stories(tmp_path: Path, stable: bool) -> None:
    from tests.synthetic import make_sources

    out = run_build(tmp_path, make_sources(12, seed=3), ["source_cleaner", "incremental_writer"],
                    DEFAULT_PAGINATION=5, STABLE_PAGINATION=stable)
    pages = _index_pages(out)
    # Stable: chunks of five from the oldest, the newest seven on the front page.
    assert sorted(pages) == (["", "page/1/"] if stable else ["", "page/2/", "page/3/"])
    counts = {url: html.count('class="story"') for url, html in pages.items()}
    assert counts == ({"": 7, "page/1/": 5} if stable else {"": 5, "page/2/": 5, "page/3/": 2})
    titles = [re.search(r"<title>(.*?)</title>", html).group(1) for html in pages.values()]
    assert len(set(titles)) == len(titles)
    link = re.compile(r'class="story-title"><a href="([^"]+)"')
    stories = [t for html in pages.values() for t in link.findall(html)]
    assert len(stories) == len(set(stories)) == 12
    for url, html in pages.items():
        nav = re.search(r'<nav class="pagination".*?</nav>', html, re.S).group(0)
        assert " of " not in nav and re.search(r"Stories from <time[^>]*>[^<]+</time> to ", nav)
        for rel, target in re.findall(r'rel="(prev|next)" href="/([^"]*)"', nav):
            assert target in pages, (url, rel, target)
        assert ('rel="prev"' in nav) == (url != "")
    older = re.search(r'rel="next" href="/([^"]*)"', pages[""]).group(1)
    assert older == ("page/1/" if stable else "page/2/")
