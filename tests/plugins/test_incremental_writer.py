import json
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from xml.etree import ElementTree

import pytest
from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader
from pelican.paginator import PaginationRule

from plugins.incremental_writer import MANIFEST, IncrementalWriter, start_folders
from plugins.incremental_writer.listing_reads import find_reads
from plugins.incremental_writer.stable_pages import StablePaginator
from plugins.site_discovery import Settings, list_pages
from tests.conftest import ROOT, write_site_conf
from tests.security.test_atomic_publish import tree_digest
from tests.synthetic import make_sources

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _write_content(tmp: Path, sources: dict[str, object]) -> Path:
    """Sources -> a content folder under tmp holding them."""
    content = tmp / "content"
    content.mkdir()
    for name, text in sources.items():
        (content / name).write_text(str(text), "utf-8")
    return content


def _conf(tmp: Path, content: Path) -> Path:
    return write_site_conf(tmp / "site.conf.py", content, tmp)


def _build(conf: Path, out: Path) -> None:
    subprocess.run([sys.executable, "-m", "tickertape", "build", "-s", str(conf), "-o", str(out)],
                   check=True, cwd=ROOT, capture_output=True)


def _sitemapped(out: Path) -> list[str]:
    """A built site -> the site-relative URLs its page sitemaps list, in order."""
    locs = []
    for path in sorted((out / "sitemaps").glob("pages-*.xml"), key=lambda p: int(p.stem[6:])):
        locs += [e.text or "" for e in ElementTree.parse(path).getroot().iter(f"{SM}loc")]
    # The site address has no path: what follows its third slash is the page's URL.
    return [loc.split("/", 3)[3] for loc in locs]


def test_rebuild_reuses_unchanged_pages_and_matches_a_full_build(tmp_path: Path) -> None:
    sources = make_sources(60, seed=11)
    content = _write_content(tmp_path, sources)
    conf = _conf(tmp_path, content)
    out = tmp_path / "output"
    _build(conf, out)
    first = json.loads((tmp_path / "report.json").read_text())["counters"]
    assert first["article_pages_rendered"] == 60 and first.get("article_pages_reused", 0) == 0

    # One story changes: its page and the pages that show it get rendered again.
    old = str(sources["story00007.txt"])
    first_para = old.split("\n\n")[2]
    (content / "story00007.txt").write_text(
        old.replace(first_para, first_para + " A corrected sentence was added to this paragraph."))
    _build(conf, out)
    second = json.loads((tmp_path / "report.json").read_text())["counters"]
    assert 0 < second["article_pages_rendered"] < 20
    assert second["article_pages_reused"] == 60 - second["article_pages_rendered"]
    # Feeds without the changed story are linked from the published site.
    assert second["feeds_reused"] > 0 and second["feeds_written"] >= 1
    assert second["feeds_reused"] + second["feeds_written"] == first["feeds_written"]

    # The incremental result is byte for byte what a build from scratch gives.
    scratch = tmp_path / "scratch"
    _build(conf, scratch)
    assert tree_digest(out) == tree_digest(scratch)
    # The sitemaps list the pages the writer wrote: every page in the folder.
    assert _sitemapped(out) == list_pages(str(out), Settings().exclude)
    assert len(_sitemapped(out)) > 60


def test_listing_pages_are_reused_only_while_their_inputs_hold(tmp_path: Path) -> None:
    sources = make_sources(30, seed=5)
    content = _write_content(tmp_path, sources)
    conf = _conf(tmp_path, content)
    out = tmp_path / "output"
    _build(conf, out)
    first = json.loads((tmp_path / "report.json").read_text())["counters"]
    listings = first["listing_pages_rendered"]
    assert listings > 5 and "listing_pages_reused" not in first

    # A source that publishes nothing changes no page: every listing is linked.
    (content / "zz-empty.txt").write_text("")
    _build(conf, out)
    second = json.loads((tmp_path / "report.json").read_text())["counters"]
    assert second["listing_pages_reused"] == listings and "listing_pages_rendered" not in second

    # A removed story leaves every listing, ticker page and feed it was on.
    removed = sorted(sources)[3]
    title = str(sources[removed]).split("\n", 1)[0]

    def shown() -> list[Path]:
        return [p for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".xml")
                and title in p.read_text("utf-8")]

    assert len(shown()) > 3
    (content / removed).unlink()
    _build(conf, out)
    third = json.loads((tmp_path / "report.json").read_text())["counters"]
    assert third["listing_pages_rendered"] > 0
    assert shown() == []
    # Pages no longer made (the story's own) are gone from the sitemaps as from the folder.
    assert _sitemapped(out) == list_pages(str(out), Settings().exclude)
    scratch = tmp_path / "scratch"
    _build(conf, scratch)
    assert tree_digest(out) == tree_digest(scratch)


def _pelican(conf: Path, out: Path, previous: Path | None = None) -> None:
    """Pelican alone (as `tickertape build` runs it), into `out`, reusing `previous`."""
    extra = ["-e", f"TICKERTAPE_PREVIOUS_OUTPUT={json.dumps(str(previous))}"] if previous else []
    subprocess.run([sys.executable, "-m", "pelican", "-s", str(conf), "-o", str(out), "-q",
                    *extra], check=True, cwd=ROOT, capture_output=True)


def test_a_rebuild_links_published_pages_but_never_writes_through_them(tmp_path: Path) -> None:
    sources = make_sources(40, seed=3)
    content = _write_content(tmp_path, sources)
    conf = _conf(tmp_path, content)
    published = tmp_path / "published"
    _pelican(conf, published)
    before = tree_digest(published)
    names = sorted(sources)
    # One story changes (its page and the listings showing it are rendered again,
    # in place of links to the published pages) and one is removed.
    changed = str(sources[names[5]])
    para = changed.split("\n\n")[2]
    (content / names[5]).write_text(changed.replace(para, para + " One more sentence here."))
    (content / names[9]).unlink()
    fresh = tmp_path / "fresh"
    _pelican(conf, fresh, previous=published)
    report = json.loads((tmp_path / "report.json").read_text())
    counters = report["counters"]
    # (Removing a story ranks related posts anew: many article pages change.)
    assert counters["article_pages_reused"] > 5 and counters["listing_pages_reused"] > 0
    # The ranking was updated by another process while the listings were written.
    assert report["timings_s"]["related_aside"] > 0
    assert tree_digest(published) == before
    scratch = tmp_path / "scratch"
    _pelican(conf, scratch)
    assert tree_digest(fresh) == tree_digest(scratch)
    # The removed story's page went with the link to it, and so did its folder.
    gone = set(json.loads((published / MANIFEST).read_text())) - set(
        json.loads((fresh / MANIFEST).read_text()))
    assert gone and not any((fresh / name).parent.exists() for name in gone)


def test_digests_worked_out_half_here_equal_those_worked_out_aside(tmp_path: Path) -> None:
    from plugins.incremental_writer.digests_aside import DigestsAside

    articles = [SimpleNamespace(n=i) for i in range(7)]
    expected = {id(a): (f"d{a.n}", a.n % 2 == 0) for a in articles}
    for here in (0.0, 0.5, 1.0):
        aside = DigestsAside(articles, lambda a: f"d{a.n}", lambda a: a.n % 2 == 0, here=here)
        assert aside.take() == expected


def test_article_folders_are_made_ahead_and_files_only_with_nothing_published(
        tmp_path: Path) -> None:
    articles = [SimpleNamespace(save_as=f"1987/03/story-{i}/index.html") for i in range(3)]
    articles.append(SimpleNamespace(save_as=""))  # a story Pelican does not write
    linked = {"1987/03/story-2/index.html"}  # to be linked from the published site
    # Nothing published: made at once, by this process.
    assert start_folders(str(tmp_path / "cold"), articles, linked, published=False) is None
    cold = tmp_path / "cold" / "1987" / "03"
    assert sorted(p.name for p in cold.iterdir()) == ["story-0", "story-1"]
    assert (cold / "story-0" / "index.html").read_bytes() == b""
    child = start_folders(str(tmp_path / "warm"), articles, linked, published=True)
    assert child is not None
    ok, _ = child.result()
    warm = tmp_path / "warm" / "1987" / "03"
    assert ok and (warm / "story-0").is_dir() and not (warm / "story-0" / "index.html").exists()
    # A page written before its file is made ahead keeps its text.
    (cold / "story-1" / "index.html").write_text("<p>page</p>")
    start_folders(str(tmp_path / "cold"), articles, linked, published=False)
    assert (cold / "story-1" / "index.html").read_text() == "<p>page</p>"


def test_the_background_delete_does_not_hold_the_build_output_open(tmp_path: Path) -> None:
    # The previous site is deleted by a detached child after the swap; whoever
    # reads the build's output (a pipe) must see it end when the build does.
    slow_delete = (
        "import shutil, sys, time\n"
        "shutil.rmtree = lambda path, ignore_errors=False: time.sleep(5)\n"
        "from tickertape.build import _delete_in_background\n"
        f"_delete_in_background({str(tmp_path / 'old')!r})\n"
        "print('built')\n"
    )
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", slow_delete], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "built"
    assert time.perf_counter() - start < 4


def test_stale_build_folders_are_deleted_in_the_background(tmp_path: Path) -> None:
    from tickertape.build import remove_stale_builds

    for name in ("out.build-abc", "out.old-123", "out", "other.build-x"):
        (tmp_path / name / "sub").mkdir(parents=True)
        (tmp_path / name / "sub" / "page.html").write_text("x")
    remove_stale_builds(str(tmp_path / "out"))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and ((tmp_path / "out.build-abc").exists()
                                           or (tmp_path / "out.old-123").exists()):
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.build-x", "out"]


# --- Pages numbered from the oldest story, and listing fingerprints ---------------------

PATTERNS = [PaginationRule(1, "{url}", "{save_as}"),
            PaginationRule(2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html")]


def _dated(count: int) -> list[SimpleNamespace]:
    """count -> stories n=0..count-1 (n=0 the oldest), newest first, as a listing holds them."""
    return [SimpleNamespace(n=n, date=datetime(2020, 1, 1) + timedelta(days=n))
            for n in reversed(range(count))]


def _layout(count: int, per_page: int = 5) -> dict[str, list[int]]:
    """count stories -> {page URL: the story numbers on it} under stable pagination."""
    paginator = StablePaginator("index.html", "", _dated(count),
                                {"PAGINATION_PATTERNS": PATTERNS, "DEFAULT_ORPHANS": 0}, per_page)
    return {p.url: [s.n for s in p.object_list] for p in paginator.pages()}


@pytest.mark.parametrize(("count", "front", "numbered"), [
    (0, [], {}),
    (3, [2, 1, 0], {}),
    (5, [4, 3, 2, 1, 0], {}),
    (7, [6, 5, 4, 3, 2, 1, 0], {}),
    (10, [9, 8, 7, 6, 5], {"page/1/": [4, 3, 2, 1, 0]}),
    (14, [13, 12, 11, 10, 9, 8, 7, 6, 5], {"page/1/": [4, 3, 2, 1, 0]}),
    (16, [15, 14, 13, 12, 11, 10], {"page/1/": [4, 3, 2, 1, 0], "page/2/": [9, 8, 7, 6, 5]}),
])
def test_pages_are_chunks_counted_from_the_oldest(count: int, front: list[int],
                                                  numbered: dict[str, list[int]]) -> None:
    layout = _layout(count)
    assert layout.pop("") == front
    assert layout == numbered


@pytest.mark.parametrize("count", [1, 4, 5, 9, 24, 25, 26, 49])
def test_a_new_story_changes_no_numbered_page(count: int) -> None:
    before, after = _layout(count), _layout(count + 1)
    assert all(after[url] == stories for url, stories in before.items() if url)
    assert len(after) - len(before) in (0, 1)
    # Every story is on exactly one page.
    assert sorted(n for page in after.values() for n in page) == list(range(count + 1))


def test_stable_pages_link_newer_and_older_in_reading_order() -> None:
    settings = {"PAGINATION_PATTERNS": PATTERNS, "DEFAULT_ORPHANS": 0}
    oldest_first = list(reversed(_dated(17)))
    pages = StablePaginator("category/x/index.html", "category/x/", oldest_first, settings,
                            5).pages()
    assert [(p.url, p.number, p.has_previous(), p.has_next()) for p in pages] == [
        ("category/x/", 3, False, True),
        ("category/x/page/2/", 2, True, True),
        ("category/x/page/1/", 1, True, False),
    ]
    # A list given oldest first is cut from its own oldest end too.
    assert [s.n for s in pages[-1].object_list] == [0, 1, 2, 3, 4]
    assert pages[1].save_as == "category/x/page/2/index.html"
    assert pages[1].next_page_number() == 1 and pages[1].previous_page_number() == 3


@pytest.mark.parametrize(("source", "expected"), [
    ("{{ articles_page.object_list | length }}", {"full_paginators": False}),
    ("{% if articles_page is defined %}{{ articles_page.number }}{% endif %}",
     {"full_paginators": False}),
    ("{{ articles_paginator.num_pages }}",
     {"full_paginators": False, "paginator_values": frozenset({"num_pages"})}),
    ("{{ articles_paginator.object_list | length }}", {"full_paginators": True}),
    ("{{ articles_page.paginator.count }}", {"full_paginators": True}),
    ("{% set p = articles_paginator %}{{ p.count }}", {"full_paginators": True}),
    ("{{ articles_page }}", {"full_paginators": True}),
    ("{{ articles_next_page.object_list[0].title }}", {"neighbour_lists": True}),
    ("{{ articles_page.start_index() }}", {"page_indexes": True}),
    ("{% for i in articles_page.object_list %}{{ i.title }}{% endfor %}",
     {"full_articles": False}),
    ("{% for i in articles_page.object_list %}{{ i.related }}{% endfor %}",
     {"full_articles": True}),
    ("{{ item['newer'] }}", {"full_articles": True}),
    ("{{ dates | map(attribute='older') | list }}", {"full_articles": True}),
    ("{% include 'reads_related.html' %}", {"full_articles": True}),
    ("{% include which %}", {"names": None}),
])
def test_find_reads(source: str, expected: dict[str, object]) -> None:
    env = Environment(loader=DictLoader({
        "t.html": source, "reads_related.html": "{{ SITENAME }}{{ article.related }}"}))
    reads = find_reads(env.get_template("t.html"))
    for field, value in expected.items():
        assert getattr(reads, field) == value, field


def test_find_reads_lists_names_of_included_templates() -> None:
    env = Environment(loader=DictLoader({
        "base.html": "{{ SITENAME }}{% block b %}{% endblock %}",
        "part.html": "{{ SITEURL }}",
        "t.html": "{% extends 'base.html' %}{% block b %}{% include 'part.html' %}"
                  "{{ category }}{% endblock %}"}))
    names = find_reads(env.get_template("t.html")).names
    assert names is not None and {"SITENAME", "SITEURL", "category"} <= names
    assert "articles" not in names


def _settings(tmp: Path, **override: Any) -> dict[str, Any]:
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "pelican.conf.py"), override={
        "PATH": str(tmp), "THEME": str(ROOT / "theme"), "DEFAULT_PAGINATION": 3, **override})


def _theme() -> Environment:
    return Environment(loader=FileSystemLoader(str(ROOT / "theme" / "templates")),
                       autoescape=True, trim_blocks=True, lstrip_blocks=True)


def _story(settings: dict[str, Any], n: int, title: str = "") -> Any:
    from pelican.contents import Article

    return Article(f"<p>Body of story {n}.</p>", settings=settings, metadata={
        "title": title or f"Story {n}", "slug": f"story-{n}",
        "date": datetime(2020, 1, 1) + timedelta(days=n)})


def _fingerprints(tmp: Path, count: int, titles: dict[int, str] | None = None,
                  related: dict[int, list[int]] | None = None, env: Environment | None = None,
                  extra: dict[str, Any] | None = None, **override: Any) -> dict[str, str]:
    """count stories (and changes to them) -> {listing page: fingerprint} of the home listing."""
    settings = _settings(tmp, **override)
    stories = [_story(settings, n, (titles or {}).get(n, "")) for n in range(count)]
    for n, others in (related or {}).items():
        stories[n].related = [stories[o] for o in others]
    listed = stories[::-1]
    out = tmp / f"out{len(list(tmp.glob('out*')))}"
    writer = IncrementalWriter(str(out), settings)
    context = {**settings, "articles": listed, "dates": listed, **(extra or {})}
    template = (env or _theme()).get_template("index.html")
    writer.write_file("index.html", template, context, paginated={"articles": listed,
                      "dates": listed}, template_name="index", url="", page_name="index")
    # Without a published site the fingerprints come with the rendered pages.
    writer.render_pending()
    return dict(writer.new)


def test_a_new_newest_story_leaves_older_numbered_pages_alone(tmp_path: Path) -> None:
    ten = _fingerprints(tmp_path, 10)  # front: 4 stories; page/1/, page/2/
    eleven = _fingerprints(tmp_path, 11)
    assert sorted(ten) == ["index.html", "page/1/index.html", "page/2/index.html"]
    assert eleven["page/1/index.html"] == ten["page/1/index.html"]
    assert eleven["page/2/index.html"] == ten["page/2/index.html"]
    assert eleven["index.html"] != ten["index.html"]
    # A chunk fills up: one new page, and page 2 gets its link to it.
    twelve = _fingerprints(tmp_path, 12)
    assert sorted(twelve) == [*sorted(ten), "page/3/index.html"]
    assert twelve["page/1/index.html"] == ten["page/1/index.html"]
    assert twelve["page/2/index.html"] != ten["page/2/index.html"]


def test_a_new_title_changes_only_the_page_showing_it(tmp_path: Path) -> None:
    before = _fingerprints(tmp_path, 10)
    after = _fingerprints(tmp_path, 10, titles={1: "A corrected headline"})
    assert after["page/1/index.html"] != before["page/1/index.html"]
    assert after["page/2/index.html"] == before["page/2/index.html"]
    assert after["index.html"] == before["index.html"]


def test_related_lists_do_not_change_listing_pages(tmp_path: Path) -> None:
    before = _fingerprints(tmp_path, 10, related={1: [2, 3]})
    after = _fingerprints(tmp_path, 10, related={1: [8, 9]})
    assert after == before
    # Unless a listing template shows them.
    env = _theme()
    env.loader = ChoiceLoader([DictLoader({"partials/story.html": "{{ item.title }}"
                               "{% for r in item.related %}{{ r.title }}{% endfor %}"}),
                               env.loader])
    shown = _fingerprints(tmp_path, 10, related={1: [2, 3]}, env=env)
    changed = _fingerprints(tmp_path, 10, related={1: [8, 9]}, env=env)
    assert changed["page/1/index.html"] != shown["page/1/index.html"]


def test_printed_settings_and_values_count_and_unread_ones_do_not(tmp_path: Path) -> None:
    before = _fingerprints(tmp_path, 10)
    assert _fingerprints(tmp_path, 10, SITENAME="other name") != before
    # A context value no listing template reads.
    assert _fingerprints(tmp_path, 10, extra={"unread_value": [1, 2, 3]}) == before


def test_prelinked_pages_are_known_from_what_the_child_linked(tmp_path: Path) -> None:
    from plugins.incremental_writer.prelink import Prelinked, same_file

    published, fresh = tmp_path / "published", tmp_path / "fresh"
    for name in ("a/index.html", "b/c/index.html"):
        (published / name).parent.mkdir(parents=True, exist_ok=True)
        (published / name).write_text(name)
    # "gone/index.html" is in the manifest but no longer in the published folder.
    names = ["a/index.html", "b/c/index.html", "gone/index.html"]
    prelinked = Prelinked(str(published), str(fresh), names)
    prelinked.wait()
    assert prelinked.missing == {"gone/index.html"}

    def has(name: str) -> bool:
        return prelinked.has(name, str(published / name), str(fresh / name))

    assert [has(n) for n in names] == [True, True, False]
    assert not has("other/index.html")
    assert same_file(str(published / "a/index.html"), str(fresh / "a/index.html"))
    assert not (fresh / "gone/index.html").exists()
