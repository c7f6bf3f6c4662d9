import codecs
import gzip

import pytest

from tickertape.errors import UnreadableSource
from tickertape.sources import decode_bytes, read_source, read_source_bytes, source_kind

ORIGINAL = "Café “quotes” — naïve €5 Zürich"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ORIGINAL.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ORIGINAL.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + ORIGINAL.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + ORIGINAL.encode("utf-16-be"), "utf-16-be"),
        (ORIGINAL.encode("cp1252"), "cp1252"),
    ],
)
def test_decode_plain_text_in_fixed_order(data: bytes, encoding: str) -> None:
    text, used = decode_bytes(data)
    assert text == ORIGINAL
    assert used == encoding


LATIN = "Société Générale a publié ses résultats"


@pytest.mark.parametrize(
    "page",
    [
        b'<html><head><meta charset="iso-8859-1"></head><body>%s</body></html>',
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        b"</head><body>%s</body></html>",
        b"<html><body>%s</body></html>",  # unlabelled: strict UTF-8 fails, cp1252 follows
        b'<html><head><meta charset="utf-8"></head><body>%s</body></html>',  # wrong label
    ],
)
def test_decode_labelled_unlabelled_and_mislabelled_latin1(page: bytes) -> None:
    text, _ = decode_bytes(page % LATIN.encode("latin-1"))
    assert LATIN in text


def test_mostly_utf8_with_a_cut_character_stays_utf8() -> None:
    # A dump tool wrapping a line inside a three-byte character leaves one broken
    # sequence among many valid ones.
    story = "ノート100円 — 東京の株価は上昇した。" * 3
    raw = story.encode("utf-8")
    data = raw[:1] + raw[2:]  # one byte of the first character dropped
    text, used = decode_bytes(data)
    assert used == "utf-8"
    assert text.count("\ufffd") == 1 and text.endswith("東京の株価は上昇した。")
    assert read_source_bytes(data, "dump.txt").replacements == 1


def test_cp1252_with_a_chance_utf8_pair_stays_cp1252() -> None:
    # "Ã©" in cp1252 happens to be a valid UTF-8 sequence; the rest is not UTF-8.
    data = "Ã© Société Générale, résultat à la hausse, déçu, été".encode("cp1252")
    text, used = decode_bytes(data)
    assert used == "cp1252" and "Société Générale" in text


def test_declared_charset_wins_over_utf8_guess() -> None:
    data = '<meta charset="koi8-r"><p>Привет</p>'.encode("koi8-r")
    text, used = decode_bytes(data)
    assert "Привет" in text and used == "koi8-r"


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("a.html", "plain", "html"),
        ("a.HTM", "plain", "html"),
        ("a.html.gz", "plain", "html"),
        ("a.txt", "<html>", "text"),
        ("noext", "  <!DOCTYPE html><html>", "html"),
        ("noext", "Just a dump", "text"),
    ],
)
def test_source_kind(name: str, text: str, kind: str) -> None:
    assert source_kind(name, text) == kind


def test_gzip_and_replacement_count() -> None:
    src = read_source_bytes(gzip.compress("Hello \ufffd world".encode()), "x.txt.gz")
    assert src.text == "Hello \ufffd world"
    assert src.replacements == 1


@pytest.mark.parametrize("data", [b"", b"   \n\t ", b"\x1f\x8b\x08broken"])
def test_unusable_bytes_raise_with_reason(data: bytes) -> None:
    with pytest.raises(UnreadableSource) as info:
        read_source_bytes(data, "bad.txt")
    assert info.value.path == "bad.txt" and info.value.reason


def test_missing_file_names_the_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnreadableSource, match="nope.html"):
        read_source(tmp_path / "nope.html")


def test_binary_junk_is_refused_but_a_stray_nul_is_not() -> None:
    import random

    rng = random.Random(3)
    junk = bytes(rng.randrange(256) for _ in range(5000))
    with pytest.raises(UnreadableSource, match="binary data"):
        read_source_bytes(junk, "junk.html")
    assert read_source_bytes(b"A story\x00 with one NUL in a long line of text.", "x.txt").text
