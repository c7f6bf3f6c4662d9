"""Every internal link of the served site answers: pages, assets, sitemaps and the search index."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from html import unescape
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit
from xml.etree import ElementTree

from tests.conftest import ROOT

LINK = re.compile(r'\s(?:href|src)="([^"]*)"')
# Absolute site URLs in canonical links, sitemaps and robots.txt name the site
# as `make serve` serves it; the crawl maps them onto the test server.
LOCAL_BASE = "http://127.0.0.1:8000"


def _get(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 (loopback only)
            return resp.status, resp.read(), resp.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        return exc.code, b"", ""


def crawl(site_url: str) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """Site root -> (status of every internal URL reached, [(page, broken link)])."""
    def local(url: str) -> str | None:
        if url.startswith(LOCAL_BASE + "/"):
            url = site_url + url[len(LOCAL_BASE):]
        return url if urlsplit(url).netloc == urlsplit(site_url).netloc else None

    seen: dict[str, int] = {}
    broken: list[tuple[str, str]] = []
    queue = [site_url + "/", site_url + "/robots.txt", site_url + "/sitemap.xml"]
    referrer = {u: "(start)" for u in queue}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        status, body, kind = _get(url)
        seen[url] = status
        if status != 200:
            broken.append((referrer[url], url))
            continue
        found: list[str] = []
        if kind == "text/html":
            found = [unescape(h) for h in LINK.findall(body.decode("utf-8"))]
        elif url.endswith(".xml") and b"sitemaps.org" in body:
            found = [e.text or "" for e in ElementTree.fromstring(body).iter()
                     if e.tag.endswith("}loc")]
        elif url.endswith("robots.txt"):
            found = re.findall(r"^Sitemap: (\S+)$", body.decode(), flags=re.M)
        for href in found:
            target = local(urldefrag(urljoin(url, href))[0].split("?")[0])
            if target and target not in seen:
                referrer.setdefault(target, url)
                queue.append(target)
    return seen, broken


def test_no_broken_internal_links_on_the_served_site(site_url: str, built_site: Path) -> None:
    seen, broken = crawl(site_url)
    pages = [u for u in seen if u.endswith("/") or u.endswith(".html")]
    assert broken == []
    # Everything a page can reach, and every page the build wrote, was fetched.
    assert len(pages) == len(list(built_site.rglob("*.html")))
    assert any(u.endswith("/theme/js/search.js") for u in seen)
    report = {"urls_checked": len(seen), "pages": len(pages), "broken": len(broken)}
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build/link-check.json").write_text(json.dumps(report))


def test_search_index_files_are_served(site_url: str, built_site: Path) -> None:
    status, body, _ = _get(site_url + "/pagefind/pagefind-entry.json")
    assert status == 200
    entry = json.loads(body)
    assert entry["languages"], entry
    needed = ["pagefind.js", "pagefind-worker.js"]
    for lang, info in entry["languages"].items():
        needed += [f"wasm.{info['wasm']}.pagefind", f"pagefind.{info['hash']}.pf_meta"]
        assert info["page_count"] == len(list(built_site.glob("20*/*/*/index.html"))), lang
    for name in needed:
        assert _get(f"{site_url}/pagefind/{name}")[0] == 200, name
    for path in sorted((built_site / "pagefind").rglob("*")):
        if path.is_file() and path.parent.name in ("fragment", "index", "filter"):
            rel = path.relative_to(built_site)
            assert _get(f"{site_url}/{rel}")[0] == 200, rel
