from tests.plugins.samples import DUMP_AAPL, DUMP_BANK, DUMP_MSFT


def test_related_and_neighbours(build):  # type: ignore[no-untyped-def]
    out = build({"a.txt": DUMP_MSFT, "b.txt": DUMP_AAPL, "c.txt": DUMP_BANK},
                ["source_cleaner", "ticker_tags", "related_links"])
    page = (out / "2018/06/microsoft-opens-a-new-cloud-region/index.html").read_text()
    related = page.split('id="related-heading"', 1)[1].split("</section>", 1)[0]
    # The Apple story shares a ticker (MSFT) and cloud vocabulary: it ranks first.
    assert "Apple Suppliers Gain" in related.split("</li>", 1)[0]
    # Chronological neighbour: the next story is the Apple one (21 Jun).
    nav = page.split('class="prevnext"', 1)[1]
    assert 'rel="next"' in nav and "Apple Suppliers Gain" in nav
    assert 'rel="prev"' not in nav


DUMP_AZURE = """Microsoft Expands Azure Cloud Capacity

Published on: 22 Jun, 2018

Microsoft Corporation (NASDAQ: MSFT) said on Friday it would add more cloud data centres for its
Azure services after demand from government agencies and banks grew faster than expected this year.

The company said the new cloud capacity in the region would open within eighteen months, and that
banks wanted their data kept in the country.
"""
PLUGINS = ["source_cleaner", "ticker_tags", "related_links"]
SOURCES = {"a.txt": DUMP_MSFT, "b.txt": DUMP_AAPL, "c.txt": DUMP_BANK}


def _related_of(out, page):  # type: ignore[no-untyped-def]
    html = (out / page / "index.html").read_text()
    return html.split('id="related-heading"', 1)[1].split("</section>", 1)[0]


def _counters(tmp_path):  # type: ignore[no-untyped-def]
    import json

    return json.loads((tmp_path / "report.json").read_text())["counters"]


def test_an_added_story_is_scored_into_the_stored_ranking(build, tmp_path):  # type: ignore[no-untyped-def]
    build(SOURCES, PLUGINS, RELATED_LINKS_REFIT_SHARE=0.5)
    first = _counters(tmp_path)
    assert (first["related_updated"], first["related_scored_new"]) == (0, 0)
    out = build({**SOURCES, "d.txt": DUMP_AZURE}, PLUGINS, RELATED_LINKS_REFIT_SHARE=0.5)
    second = _counters(tmp_path)
    assert (second["related_from_cache"], second["related_updated"],
            second["related_scored_new"]) == (0, 1, 1)
    # The new cloud story is listed first for the Microsoft story, and the other way round.
    msft = _related_of(out, "2018/06/microsoft-opens-a-new-cloud-region")
    assert "Microsoft Expands Azure Cloud Capacity" in msft.split("</li>", 1)[0]
    azure = _related_of(out, "2018/06/microsoft-expands-azure-cloud-capacity")
    assert "Microsoft Opens a New Cloud Region" in azure.split("</li>", 1)[0]


def test_growth_past_the_refit_share_ranks_afresh(build, tmp_path):  # type: ignore[no-untyped-def]
    build(SOURCES, PLUGINS)
    out = build({**SOURCES, "d.txt": DUMP_AZURE}, PLUGINS)
    counters = _counters(tmp_path)
    # One story more than three is past the default share: a full ranking, same lists.
    assert (counters["related_updated"], counters["related_scored_new"]) == (0, 0)
    msft = _related_of(out, "2018/06/microsoft-opens-a-new-cloud-region")
    assert "Microsoft Expands Azure Cloud Capacity" in msft.split("</li>", 1)[0]


def test_a_ranking_worked_out_aside_comes_back_or_says_it_failed(tmp_path):  # type: ignore[no-untyped-def]
    from plugins.related_links.aside import RankingAside
    from tickertape.cache import CleanCache

    path = tmp_path / "c.sqlite"
    CleanCache(path).close()

    def rank(cache, report):  # type: ignore[no-untyped-def]
        cache.put_derived("related", [("k", b"{}")])  # through the child's own connection
        report.count("related_updated", 1)
        return {"a.txt": ["b.txt"]}, False

    found = RankingAside(rank, path).take()
    assert found is not None
    assert found["ranked"] == {"a.txt": ["b.txt"]} and found["counters"] == {"related_updated": 1}
    assert CleanCache(path).get_derived("related", ["k"]) == {"k": b"{}"}

    def broken(cache, report):  # type: ignore[no-untyped-def]
        raise ValueError("no ranking today")

    assert RankingAside(broken, path).take() is None


def test_article_pages_wait_for_the_ranking_and_listings_do_not(build, tmp_path):  # type: ignore[no-untyped-def]
    import json
    import re

    out = build({"a.txt": DUMP_MSFT, "b.txt": DUMP_AAPL, "c.txt": DUMP_BANK},
                ["source_cleaner", "ticker_tags", "related_links", "incremental_writer"])
    report = json.loads((tmp_path / "report.json").read_text())
    # A first build fits the model from scratch: in another process.
    assert report["timings_s"]["related_aside"] > 0
    pages = [p.read_text("utf-8") for p in out.glob("20*/*/*/index.html")]
    assert len(pages) == 3 and all(re.search(r'class="related"', p) for p in pages)
