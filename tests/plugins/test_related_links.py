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
