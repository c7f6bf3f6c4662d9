from pathlib import Path

from tests.conftest import run_build
from tests.security.test_atomic_publish import tree_digest
from tests.synthetic import make_sources

ALL = ["source_cleaner", "ticker_tags", "related_links", "feedgen_rss"]


def test_same_pages_as_pelicans_own_grouping(tmp_path: Path) -> None:
    sources = dict(make_sources(40, seed=5))
    for i, name in enumerate(sorted(sources)):
        sources[f"{name}.meta"] = f"category: {('Markets', 'Tech', 'Energy')[i % 3]}\n"
    ours = run_build(tmp_path / "a", sources, ALL + ["linear_listings"])
    pelicans = run_build(tmp_path / "b", sources, ALL)
    a, b = tree_digest(ours), tree_digest(pelicans)
    assert a == b
    assert {"category/markets/index.html", "2019/index.html", "2019/01/index.html",
            "archives/index.html"} <= set(a)
