import json
import logging
import re
from datetime import datetime
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pelican.contents import Content
from pelican.generators import ArticlesGenerator, Generator

from tests.plugins.samples import DUMP_AAPL, DUMP_MSFT, DUMP_NO_DATE


def test_dump_becomes_clean_article_and_report_lists_every_source(build, caplog, tmp_path):  # type: ignore[no-untyped-def]
    out = build(
        {"msft.txt": DUMP_MSFT, "nodate.txt": DUMP_NO_DATE, "empty.html": "",
         "notes.pdf": b"%PDF-1.4", "msft.txt.meta": "category: Tech\n"},
        ["source_cleaner"],
    )
    page = (out / "2018/06/microsoft-opens-a-new-cloud-region/index.html").read_text()
    assert "Microsoft Opens a New Cloud Region" in page
    assert "demand for its Azure services" in page
    for widget in ("120Views", "Recommend to Friends", "Sign Up for Weekly Updates",
                   "Related Posts", "There is no comment"):
        assert widget not in page
    assert "Jane Roe" in page  # the author box's name is kept as the author
    assert (out / "category/tech/index.html").exists()

    report = json.loads((tmp_path / "report.json").read_text())
    by_source = {e["source"]: e for e in report["entries"]}
    assert set(by_source) == {"msft.txt", "nodate.txt", "empty.html", "notes.pdf"}
    assert by_source["msft.txt"]["status"] == "published"
    assert by_source["msft.txt"]["removed_chars"] > 0
    assert by_source["nodate.txt"]["reason"] == "no publication date found"
    assert by_source["empty.html"]["reason"] == "empty file"
    assert by_source["notes.pdf"]["reason"] == "no reader for this file type"
    assert report["summary"] == "4 sources read, 1 published, 3 skipped"

    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("nodate.txt" in w and "no publication date" in w for w in warnings)
    assert any("empty.html" in w and "empty file" in w for w in warnings)


def test_same_title_twice_gets_two_pages(build):  # type: ignore[no-untyped-def]
    second = DUMP_AAPL.replace("Apple Suppliers Gain on Strong Phone Demand",
                               "Microsoft Opens a New Cloud Region")
    out = build({"a.txt": DUMP_MSFT, "b.txt": second}, ["source_cleaner"])
    pages = sorted(p.parent.name for p in Path(out).glob("2018/06/*/index.html"))
    assert pages == ["microsoft-opens-a-new-cloud-region", "microsoft-opens-a-new-cloud-region-2"]


def test_duplicate_story_published_once_and_reported(build, tmp_path):  # type: ignore[no-untyped-def]
    syndicated = DUMP_MSFT.replace("Microsoft Opens a New Cloud Region",
                                   "Cloud Push: Microsoft Adds a Region").replace(
        "19 Jun, 2018", "20 Jun, 2018")
    out = build({"a.txt": DUMP_MSFT, "b.txt": syndicated, "c.txt": DUMP_AAPL},
                ["source_cleaner"])
    assert not list(Path(out).glob("2018/06/cloud-push*"))
    report = json.loads((tmp_path / "report.json").read_text())
    entry = next(e for e in report["entries"] if e["source"] == "b.txt")
    assert entry["status"] == "skipped"
    assert entry["duplicate_of"] == "a.txt"
    assert entry["reason"] == "duplicate of a.txt"
    assert report["counters"]["duplicate_pairs_compared"] == 1
    # A rebuild takes the verdict on the pair from the cache: nothing is compared.
    build({"a.txt": DUMP_MSFT, "b.txt": syndicated, "c.txt": DUMP_AAPL}, ["source_cleaner"])
    report = json.loads((tmp_path / "report.json").read_text())
    assert "duplicate_pairs_compared" not in report["counters"]
    assert next(e for e in report["entries"] if e["source"] == "b.txt")["duplicate_of"] == "a.txt"


def test_rebuild_reads_unchanged_sources_from_the_cache(build, tmp_path):  # type: ignore[no-untyped-def]
    sources = {"a.txt": DUMP_MSFT, "b.txt": DUMP_AAPL}
    build(sources, ["source_cleaner"])
    first = json.loads((tmp_path / "report.json").read_text())
    # Signatures are computed by the cleaning processes, not found in the cache.
    assert first["counters"] == {"cleaned": 2, "derived_while_cleaning": 2,
                                 "signatures_from_cache": 0}
    changed = dict(sources, **{"b.txt": DUMP_AAPL.replace("Thursday", "Friday")})
    build(changed, ["source_cleaner"])
    second = json.loads((tmp_path / "report.json").read_text())
    # The unchanged story's MinHash signature is reused too; the changed one's is not.
    # The unchanged story's article object is kept from the first build as well.
    assert second["counters"] == {"articles_kept": 1, "cleaned": 1, "derived_while_cleaning": 1,
                                  "from_cache": 1, "signatures_from_cache": 1}
    assert {e["source"]: e["from_cache"] for e in second["entries"]} == {"a.txt": True,
                                                                          "b.txt": False}


def test_kept_article_takes_a_new_url_when_its_slug_changes(build, tmp_path):  # type: ignore[no-untyped-def]
    out = build({"late.txt": DUMP_MSFT}, ["source_cleaner"])
    assert (out / "2018/06/microsoft-opens-a-new-cloud-region/index.html").exists()
    out = build({"late.txt": DUMP_MSFT}, ["source_cleaner"])
    counters = json.loads((tmp_path / "report.json").read_text())["counters"]
    assert counters["articles_kept"] == 1
    assert (out / "2018/06/microsoft-opens-a-new-cloud-region/index.html").exists()
    # An earlier story with the same title takes the plain slug: the kept
    # article's URL is formatted anew, not taken as the first build made it.
    earlier = DUMP_AAPL.replace("Apple Suppliers Gain on Strong Phone Demand",
                                "Microsoft Opens a New Cloud Region").replace(
        "21 Jun, 2018", "18 Jun, 2018")
    out = build({"late.txt": DUMP_MSFT, "early.txt": earlier}, ["source_cleaner"])
    counters = json.loads((tmp_path / "report.json").read_text())["counters"]
    assert counters["articles_kept"] == 1
    late = (out / "2018/06/microsoft-opens-a-new-cloud-region-2/index.html").read_text()
    early = (out / "2018/06/microsoft-opens-a-new-cloud-region/index.html").read_text()
    assert "Azure services" in late and "Azure services" not in early
    assert "microsoft-opens-a-new-cloud-region-2/" in late  # its canonical URL


def test_kept_articles_follow_the_settings_they_were_read_with(build, tmp_path):  # type: ignore[no-untyped-def]
    sources = {"a.txt": DUMP_MSFT, "b.txt": DUMP_AAPL}
    build(sources, ["source_cleaner"], DEFAULT_DATE_FORMAT="%Y-%m-%d")
    out = build(sources, ["source_cleaner"], DEFAULT_DATE_FORMAT="%Y-%m-%d")
    assert json.loads((tmp_path / "report.json").read_text())["counters"]["articles_kept"] == 2
    page = next(out.rglob("index.html")).read_text("utf-8")
    # Another date format makes other articles: none of the kept ones is used.
    out = build(sources, ["source_cleaner"], DEFAULT_DATE_FORMAT="%d %B %Y")
    counters = json.loads((tmp_path / "report.json").read_text())["counters"]
    assert "articles_kept" not in counters and counters["from_cache"] == 2
    pages = [p.read_text("utf-8") for p in out.rglob("index.html")]
    assert page not in pages
    assert any(re.search(r"\d\d? [A-Z][a-z]+ 20\d\d", p) for p in pages)


def test_a_kept_article_leaves_out_the_settings_and_gets_this_builds(tmp_path):  # type: ignore[no-untyped-def]
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import SafeDatetime

    from plugins.source_cleaner.kept_articles import KeptArticles
    from tickertape.cache import CleanCache

    cache = CleanCache(tmp_path / "c.sqlite")
    settings = dict(DEFAULT_CONFIG, PATH=str(tmp_path), SITENAME="A site name to look for")
    context: dict[str, Any] = {"articles": ["something only this build has"]}
    article = Article("<p>Body</p>", {"title": "Shares rise", "date": SafeDatetime(2024, 5, 1)},
                      settings=settings, source_path=str(tmp_path / "a.txt"), context=context)
    first = KeptArticles(cache, settings, context)
    assert first.find({"a.txt": "k1"}) == set()
    first.keep("a.txt", article, {"kind": "text"})
    # Attributes set after reading are not kept.
    article.related = ["set by a plugin"]
    first.store_aside()
    first.save()
    (blob,) = cache.get_derived(first.kind, list(first.keys.values())).values()
    assert b"A site name to look for" not in blob and b"something only" not in blob
    assert b"set by a plugin" not in blob

    later_settings, later_context = dict(settings), {"articles": []}
    later = KeptArticles(cache, later_settings, later_context)
    assert later.version == first.version
    # Another source key (the file changed): nothing is kept for it.
    assert later.find({"a.txt": "k2"}) == set()
    assert later.find({"a.txt": "k1"}) == {"a.txt"}
    kept, details = later.take("a.txt")
    assert details == {"kind": "text"} and later.take("a.txt") is None
    assert kept.settings is later_settings and kept._context is later_context
    assert (kept.title, kept.slug, kept.url, kept.content) == (
        article.title, article.slug, article.url, article.content)
    # Other settings, another version: the rows of the old one are dropped on save.
    other = KeptArticles(cache, dict(settings, ARTICLE_URL="news/{slug}/"), later_context)
    assert other.version != first.version
    other.save()
    assert KeptArticles(cache, settings, later_context).find({"a.txt": "k1"}) == set()


class _Source:
    """A content object as far as Pelican's record of sources goes."""

    def __init__(self, path: str, settings: dict[str, Any]) -> None:
        self.source_path = path
        self.settings = settings

    get_relative_source_path = Content.get_relative_source_path


def test_sources_are_recorded_under_the_paths_pelican_gives_them(tmp_path: Path) -> None:
    from plugins.source_cleaner import quick_source_paths

    content = tmp_path / "content"
    settings = {"PATH": str(content)}
    sources = [_Source(str(p), settings) for p in (
        content / "a.txt", f"{content}/./sub/b.html", content / "sub" / ".." / "c.txt",
        tmp_path / "elsewhere.txt", f"{content}x/d.txt")]

    def recorded(quick: bool) -> dict[str, dict[str, Any]]:
        generator = SimpleNamespace(settings=settings,
                                    context={"generated_content": {}, "static_content": {}})
        generator.add_source_path = partial(Generator.add_source_path, generator)
        if quick:
            quick_source_paths(generator)
        for source in sources:
            generator.add_source_path(source)
        generator.add_source_path(sources[0], static=True)
        return generator.context

    expected = recorded(quick=False)
    assert set(expected["generated_content"]) >= {"a.txt", "sub/b.html", "c.txt"}
    assert recorded(quick=True) == expected


def test_listed_files_are_included_as_pelican_includes_them() -> None:
    from plugins.source_cleaner import quick_include_path

    names = ["a.txt", "b.html", ".hidden.txt", "#draft.md#", "x.md", "notes.TXT", "sub/c.txt",
             "sub/.#lock.html", "archive.tar.gz", "README", "dir.txt/d.html", "[x].txt"]
    for ignores in ([".*", "#*#"], [], ["*.html", "[[]x[]]*"]):
        generator = SimpleNamespace(settings={"IGNORE_FILES": ignores},
                                    readers=SimpleNamespace(extensions=["txt", "html", "md"]))
        pelican = partial(Generator._include_path, generator)
        quick_include_path(generator)
        for extensions in (None, False, ["md"]):
            expected = [n for n in names if pelican(n, extensions)]
            assert [n for n in names if generator._include_path(n, extensions)] == expected
            assert expected
            if ignores or extensions is not False:
                assert len(expected) < len(names)


def test_the_disabled_reader_check_walks_only_when_a_reader_is_disabled() -> None:
    from plugins.source_cleaner import skip_idle_reader_check

    walks: list[str] = []
    readers = SimpleNamespace(disabled_extensions={}.keys())
    generator = SimpleNamespace(readers=readers,
                                check_disabled_readers=lambda: walks.append("walked"))
    skip_idle_reader_check(generator)
    generator.check_disabled_readers()
    assert walks == []
    readers.disabled_extensions = {"rst": None}.keys()
    generator.check_disabled_readers()
    assert walks == ["walked"]


def test_summaries_are_refreshed_as_pelican_refreshes_them() -> None:
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    from plugins.source_cleaner import quick_summary_links

    settings = {**DEFAULT_CONFIG, "SITEURL": "https://x.org", "PATH": "/c"}

    def stories() -> list[Article]:
        other = Article("<p>b</p>", {"title": "B", "date": datetime(2020, 1, 2), "slug": "b"},
                        settings=settings, source_path="/c/b.md", context={})
        context = {"generated_content": {"b.md": other}, "static_content": {},
                   "static_links": set(), "localsiteurl": ""}
        other._context = context
        made = []
        for n, summary in enumerate(["Plain words.", '<p>See <a href="{filename}b.md">B</a></p>',
                                     "", "<em>no link</em>"]):
            made.append(Article("<p>x</p>", {"title": f"T{n}", "date": datetime(2020, 1, 1),
                                             "summary": summary, "slug": f"t{n}"},
                                settings=settings, source_path=f"/c/t{n}.md", context=context))
        made[3]._summary = "<b>set by a plugin</b>"
        return made

    def refreshed(quick: bool) -> list[tuple[object, object]]:
        articles = stories()
        generator = SimpleNamespace(settings=settings, articles=articles, translations=[],
                                    drafts=[], drafts_translations=[], hidden_articles=[],
                                    hidden_translations=[])
        generator.refresh_metadata_intersite_links = partial(
            ArticlesGenerator.refresh_metadata_intersite_links, generator)
        if quick:
            quick_summary_links(generator)
        generator.refresh_metadata_intersite_links()
        return [(a.metadata.get("summary"), getattr(a, "_summary", None)) for a in articles]

    expected = refreshed(quick=False)
    assert 'href="/b.html"' in str(expected[1][0])
    assert expected[3][0] == "<b>set by a plugin</b>"
    assert refreshed(quick=True) == expected
