from datetime import datetime

from tickertape.cache import (
    CleanCache,
    article_from_json,
    article_to_json,
    cleaner_version,
    source_key,
)
from tickertape.models import CleanArticle, RemovedBlock


def test_round_trip_through_the_cache(tmp_path) -> None:  # type: ignore[no-untyped-def]
    article = CleanArticle("T", datetime(2019, 11, 18, 9, 30), "A", "<p>x</p>", "x",
                           (RemovedBlock("3 Views", "counter"),), "https://e.x/", "x")
    cache = CleanCache(tmp_path / "c.sqlite")
    cache.put_many([("k1", {"article": article_to_json(article)})])
    assert cache.has(["k1", "k2"]) == {"k1"}
    value = cache.get("k1")
    assert value is not None and article_from_json(value["article"]) == article
    cache.close()
    assert CleanCache(tmp_path / "c.sqlite").get("k1") == value


def test_key_changes_with_bytes_sidecar_and_version() -> None:
    v = cleaner_version()
    base = source_key(b"abc", b"", v)
    assert base == source_key(b"abc", b"", v)
    assert len({base, source_key(b"abd", b"", v), source_key(b"abc", b"url: x", v),
                source_key(b"abc", b"", "other")}) == 4
