from datetime import datetime

import pytest

from tickertape.cache import (
    CleanCache,
    article_from_json,
    article_to_json,
    cleaner_version,
    code_version,
    source_key,
    text_key,
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


def test_derived_values_round_trip_by_kind(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cache = CleanCache(tmp_path / "c.sqlite")
    cache.put_derived("tickers", [("k1", b"[]"), ("k2", b'[{"symbol": "MSFT"}]')])
    cache.put_derived("minhash", [("k1", b"\x00\x01")])
    assert cache.get_derived("tickers", ["k1", "k2", "k3"]) == {
        "k1": b"[]", "k2": b'[{"symbol": "MSFT"}]'}
    assert cache.get_derived("minhash", ["k1", "k2"]) == {"k1": b"\x00\x01"}
    cache.close()
    assert CleanCache(tmp_path / "c.sqlite").get_derived("minhash", ["k1"]) == {"k1": b"\x00\x01"}


def test_many_derived_keys_are_read_in_one_pass_with_the_same_answer(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cache = CleanCache(tmp_path / "c.sqlite")
    stored = [(f"k{i}", str(i).encode()) for i in range(3000)]
    cache.put_derived("minhash", stored)
    cache.put_derived("tickers", [("k1", b"[]"), ("x", b"[]")])
    keys = [f"k{i}" for i in range(0, 6000, 2)]  # half of them stored
    assert len(keys) >= cache._SCAN_FROM
    found = cache.get_derived("minhash", keys)
    assert found == {k: v for k, v in stored if int(k[1:]) % 2 == 0}
    assert cache.get_derived("tickers", [f"k{i}" for i in range(2500)]) == {"k1": b"[]"}


def test_only_keeps_the_latest_entry_of_a_kind(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cache = CleanCache(tmp_path / "c.sqlite")
    cache.put_derived("related", [("build1", b"{}")], only=True)
    cache.put_derived("tickers", [("t", b"[]")])
    cache.put_derived("related", [("build2", b"{}")], only=True)
    assert cache.get_derived("related", ["build1", "build2"]) == {"build2": b"{}"}
    assert cache.get_derived("tickers", ["t"]) == {"t": b"[]"}


def test_a_large_value_is_kept_in_a_file_under_its_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cache = CleanCache(tmp_path / "c.sqlite")
    cache.put_derived("state", [("old", b"from an older version")])
    assert cache.get_file("state", "k1") is None
    cache.put_file("state", "k1", b"\x00\n" * 1000)
    cache.put_file("other", "k1", b"another kind")
    assert cache.get_file("state", "k1") == b"\x00\n" * 1000
    assert cache.get_file("state", "k2") is None
    # The latest value of a kind replaces the last, and the database keeps none.
    cache.put_file("state", "k2", b"newer")
    assert cache.get_file("state", "k1") is None
    assert CleanCache(tmp_path / "c.sqlite").get_file("state", "k2") == b"newer"
    assert cache.get_derived("state", ["old"]) == {}
    assert cache.get_file("other", "k1") == b"another kind"


def test_get_many_returns_the_stored_values(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cache = CleanCache(tmp_path / "c.sqlite")
    cache.put_many([(f"k{i}", {"n": i}) for i in range(1200)])
    found = cache.get_many([f"k{i}" for i in range(0, 1300, 3)])
    assert found == {f"k{i}": {"n": i} for i in range(0, 1200, 3)}


@pytest.mark.parametrize(("a", "b"), [
    (("ab", "c"), ("a", "bc")),
    (("v1", "text"), ("v2", "text")),
    (("v1", "text"), ("v1", "text ")),
])
def test_text_key_keeps_parts_apart(a: tuple[str, ...], b: tuple[str, ...]) -> None:
    assert text_key(*a) != text_key(*b)
    assert text_key(*a) == text_key(*a)


def test_code_version_depends_on_the_modules_named() -> None:
    assert code_version("dedupe") == code_version("dedupe")
    assert len({code_version("dedupe"), code_version("related"),
                code_version("tickers", data=("symbols.tsv",)), code_version("tickers")}) == 4


def test_prepared_sources_are_not_read_again_under_another_spelling(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tickertape.pipeline import SourceCleaner

    (tmp_path / "a.txt").write_text("Title line\n\nPublished on: 19 Jun, 2018\n\n"
                                    + "A paragraph of story text that is long enough. " * 4)
    cleaner = SourceCleaner(CleanCache(tmp_path / "c.sqlite"), "v1", workers=1)
    # Pelican lists files as "<root>/./name" and reads them as "<root>/name".
    assert cleaner.prepare([f"{tmp_path}/./a.txt"]) == 1
    (tmp_path / "a.txt").unlink()  # a second read would fail
    result = cleaner.clean(f"{tmp_path}/a.txt")
    assert result.article is not None and result.article.date is not None


def _write_stories(tmp_path, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    """A folder and a count -> paths of that many distinct story dumps written there."""
    paths = []
    for i in range(count):
        path = tmp_path / f"s{i:02d}.txt"
        # Sentences that differ: a text printed twice over reads as a picture label.
        path.write_text(f"Story number {i}\n\nPublished on: 1{i % 10} Jun, 2018\n\n"
                        + " ".join(f"Paragraph {i}, sentence {k}, of story text long enough to"
                                   " keep." for k in range(4)))
        paths.append(str(path))
    return paths


def test_cached_values_come_back_in_batches_for_the_right_sources(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tickertape.pipeline import SourceCleaner

    monkeypatch.setattr(SourceCleaner, "_BATCH", 2)
    paths = _write_stories(tmp_path, 5)
    cache = CleanCache(tmp_path / "c.sqlite")
    SourceCleaner(cache, "v1", workers=1).prepare(paths)
    again = SourceCleaner(cache, "v1", workers=1)
    assert again.prepare(paths) == 0
    # Read out of order, and one source twice: each gets its own article.
    for i in (0, 3, 1, 2, 4, 2):
        result = again.clean(paths[i])
        assert result.from_cache and result.article is not None
        assert f"Paragraph {i}, sentence 3," in result.article.text


def test_an_unchanged_file_is_not_read_again_a_rewritten_one_is(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os

    from tickertape import pipeline
    from tickertape.pipeline import SourceCleaner

    path = tmp_path / "a.txt"
    story = ("Title line\n\nPublished on: 19 Jun, 2018\n\n"
             + " ".join(f"Sentence {k} of a story long enough to keep." for k in range(5)))
    path.write_text(story)
    cache = CleanCache(tmp_path / "c.sqlite")
    assert SourceCleaner(cache, "v1", workers=1).prepare([str(path)]) == 1
    reads: list[str] = []
    real_read = pipeline._read
    monkeypatch.setattr(pipeline, "_read", lambda p: (reads.append(p), real_read(p))[1])
    # Same status: the key is taken from the cache, the file is not read.
    assert SourceCleaner(cache, "v1", workers=1).prepare([str(path)]) == 0
    assert reads == []
    # Same size and modification time, other bytes: the change time gives it away.
    before = path.stat()
    path.write_text(story.replace("Sentence 4", "Sentence 9"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert SourceCleaner(cache, "v1", workers=1).prepare([str(path)]) == 1
    # Another cleaner version hashes again too.
    reads.clear()
    SourceCleaner(cache, "v2", workers=1).prepare([str(path)])
    assert reads
    # A sidecar appearing changes the status as well.
    reads.clear()
    (tmp_path / "a.txt.meta").write_text("author: Jane Doe\n")
    assert SourceCleaner(cache, "v2", workers=1).prepare([str(path)]) == 1


def test_sources_cleaned_in_the_background_are_taken_as_they_are_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tickertape.pipeline import SourceCleaner

    paths = _write_stories(tmp_path, 40)
    cache = CleanCache(tmp_path / "c.sqlite")
    cleaner = SourceCleaner(cache, "v1", workers=2)
    assert cleaner.prepare(paths) == 40
    # Read in another order than the cleaning ran: each waits for its own result.
    for i in reversed(range(40)):
        result = cleaner.clean(paths[i])
        assert not result.from_cache and result.article is not None
        assert f"Paragraph {i}, sentence 3," in result.article.text
    cleaner.finish()
    assert len(cache.has([cleaner._keys[p] for p in paths])) == 40
    again = SourceCleaner(cache, "v1", workers=2)
    assert again.prepare(paths) == 0
    assert all(again.clean(p).from_cache for p in paths)
    again.finish()
