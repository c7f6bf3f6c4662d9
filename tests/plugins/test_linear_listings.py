from pathlib import Path

from tests.conftest import run_build
from tests.security.test_atomic_publish import tree_digest
from tests.synthetic import make_sources

ALL = ["source_cleaner", "ticker_tags", "related_links", "feedgen_rss"]


def test_same_pages_as_pelicans_own_grouping(tmp_path: Path) -> None:
    sources = dict(make_sources(40, seed=5))
    for i, name in enumerate(sorted(sources)):
        sources[f"{name}.meta"] = f"category: {('Markets', 'Tech', 'Energy')[i % 3]}\n"
    # Pelican itself never splits month pages: compare with that switched off.
    unsplit = {"index": None, "category": None, "author": None, "ticker": 20}
    ours = run_build(tmp_path / "a", sources, ALL + ["linear_listings"],
                     PAGINATED_TEMPLATES=unsplit)
    pelicans = run_build(tmp_path / "b", sources, ALL, PAGINATED_TEMPLATES=unsplit)
    a, b = tree_digest(ours), tree_digest(pelicans)
    assert a == b
    assert {"category/markets/index.html", "2019/index.html", "2019/01/index.html",
            "archives/index.html"} <= set(a)


def test_a_busy_month_is_split_into_pages_a_year_is_not(tmp_path: Path) -> None:
    sources = dict(make_sources(40, seed=5))
    for i, name in enumerate(sorted(sources)):  # all in January 2019
        sources[f"{name}.meta"] = f"date: 2019-01-{1 + i % 28:02d}T{i % 24:02d}:00:00\n"
    # Pages numbered from the oldest story come with the project's writer.
    out = run_build(tmp_path, sources, ALL + ["linear_listings", "incremental_writer"],
                    DEFAULT_PAGINATION=10)
    month = (out / "2019/01/index.html").read_text()
    # The front page holds the newest 10 to 19 stories; page/1/ the oldest 10.
    assert 10 <= month.count('<li class="story') < 20
    assert 'rel="next" href="/2019/01/page/' in month
    oldest = (out / "2019/01/page/1/index.html").read_text()
    assert oldest.count('<li class="story') == 10 and "page 1" in oldest
    assert "40 stories" in month and "40 stories" in oldest
    assert not (out / "2019/page").exists()
