"""Broken and hostile-shaped input: no crash, bounded time, one report entry per source."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ALL_PLUGINS, run_build
from tickertape.clean import clean_html, clean_text
from tickertape.sanitize import sanitize_html, strip_controls
from tickertape.sources import read_source_bytes

STORY = ("Shares of the lender rose after it reported higher quarterly profit and said loan "
         "demand from small businesses stayed firm through the autumn months of the year. ")


OTHER = ("The airline ordered thirty long-haul jets to replace its oldest aircraft and said the "
         "first deliveries would arrive within three years, after record passenger numbers. ")


def _malformed() -> dict[str, bytes]:
    rng = random.Random(7)
    page = (f"<html><head><title>Deep story</title></head><body><article><p>{STORY * 3}</p>"
            "</article></body></html>")
    return {
        "empty.html": b"",
        "empty.txt": b"",
        "whitespace.txt": b" \n\n\t  \n",
        "truncated.html": page.encode()[: len(page) // 2],
        "unclosed.html": (f"<html><body><div><p>{STORY * 3}<p><b><i>more {STORY}" * 3).encode(),
        "deep.html": ("<html><body>" + "<div>" * 20000 + f"<p>{STORY * 3}</p>" + "</div>" * 100
                      ).encode(),
        "binary.html": bytes(rng.randrange(256) for _ in range(50_000)),
        "binary.txt": bytes(rng.randrange(256) for _ in range(50_000)),
        "nul.txt": ("Title line\x00\n\nPublished on: 19 Jun, 2018\n\n" + STORY * 3 + "\x00\x00"
                    ).encode(),
        "nul.html": page.replace("<p>", "<p>\x00").encode(),
        "huge.html": ("<html><head><title>Big page</title></head><body>"
                      + "<div class='row'><a href='/x'>link</a> cell</div>" * 420_000
                      + f"<article><p>{STORY * 3}</p></article></body></html>").encode(),
        "broken.txt.gz": gzip.compress(STORY.encode())[:20],
        "utf16.txt": b"\xff\xfe" + ("A UTF-16 story\n\nPublished on: 19 Jun, 2018\n\n" + OTHER * 3
                       ).encode("utf-16-le"),
        "onlytags.html": b"<html><body><div><span></span></div></body></html>",
    }


def test_malformed_sources_never_crash_and_are_each_reported(tmp_path: Path) -> None:
    sources = _malformed()
    assert len(sources["huge.html"]) > 20_000_000
    out = run_build(tmp_path, dict(sources), ALL_PLUGINS)
    report = json.loads((tmp_path / "report.json").read_text())
    entries = [e["source"] for e in report["entries"]]
    assert sorted(entries) == sorted(sources)  # exactly once each
    for entry in report["entries"]:
        assert entry["status"] in ("published", "skipped")
        if entry["status"] == "skipped":
            assert entry["reason"], entry
    status = {e["source"]: e["status"] for e in report["entries"]}
    assert status["empty.html"] == status["binary.html"] == "skipped"
    assert status["utf16.txt"] == "published"
    assert (out / "index.html").exists()


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_sanitize_never_raises_is_idempotent_and_drops_controls(text: str) -> None:
    once = sanitize_html(text)
    assert sanitize_html(once) == once
    assert strip_controls(once) == once


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=4000))
def test_any_bytes_decode_or_raise_the_narrow_error(data: bytes) -> None:
    from tickertape.errors import UnreadableSource

    try:
        src = read_source_bytes(data, "fuzz.bin")
    except UnreadableSource:
        return
    assert isinstance(src.text, str)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=3000))
def test_cleaners_never_raise_on_arbitrary_text(text: str) -> None:
    for article in (clean_text(text), clean_html(f"<html><body><p>{text}</p></body></html>")):
        assert strip_controls(article.html) == article.html
        assert "<script" not in article.html.lower()


@pytest.mark.parametrize("name", ["deep.html", "huge.html", "unclosed.html", "binary.txt"])
def test_each_malformed_source_cleans_directly(name: str) -> None:
    from tickertape.clean import clean_source
    from tickertape.errors import UnreadableSource

    try:
        clean_source(read_source_bytes(_malformed()[name], name))
    except UnreadableSource:
        pass
