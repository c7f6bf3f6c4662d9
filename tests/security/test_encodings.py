"""Sources in many encodings build into the same text; replacement characters are counted."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

from tests.conftest import run_build

TITLE = "Société Générale raises its outlook"
BODY = ("Société Générale said on Tuesday that net income rose to €1.2 billion, beating forecasts, "
        "as its “global banking” arm gained from volatile markets — and the bank’s shares rose.")


# One distinct story line per source, so no two sources are near-duplicates.
TOPICS = ["retail deposits", "bond trading desks", "card payments in Europe", "mortgage lending",
          "asset management fees", "cost cutting in Paris", "its Russian unit", "capital ratios",
          "leasing subsidiaries", "fintech investments"]


def _story(n: int) -> str:
    topic = TOPICS[n]
    return (f"Analysts had focused on {topic}, where results for quarter {n} surprised them; "
            f"the division behind {topic} has been reorganised {n} times since the crisis, "
            f"and executives said {topic} would get more capital in the coming year.")


def _dump(n: int) -> str:
    return f"{TITLE} {n}\n\nPublished on: 1{n} Nov, 2019\n\n{BODY}\n\n{_story(n)}\n"


def _page(n: int, charset: str | None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (f"<html><head>{meta}<title>{TITLE} {n}</title>"
            f'<meta property="article:published_time" content="2019-11-1{n}T10:00:00">'
            f"</head><body><article><h1>{TITLE} {n}</h1><p>{BODY}</p>"
            f"<p>{_story(n)}</p></article></body></html>")


def test_encodings_decode_to_the_original_text(tmp_path: Path) -> None:
    cp1252_body = BODY  # every character of it exists in cp1252
    sources: dict[str, str | bytes] = {
        "utf8.txt": _dump(1).encode("utf-8"),
        "utf8-bom.txt": codecs.BOM_UTF8 + _dump(2).encode("utf-8"),
        "utf16-bom.txt": codecs.BOM_UTF16_LE + _dump(3).encode("utf-16-le"),
        "cp1252-plain.txt": _dump(4).encode("cp1252"),
        "cp1252-labelled.html": _page(5, "windows-1252").encode("cp1252"),
        "cp1252-unlabelled.html": _page(6, None).encode("cp1252"),
        "latin1-labelled.html": _page(7, "iso-8859-1").replace("€", "EUR").replace(
            "“", '"').replace("”", '"').replace("—", "-").replace("’", "'").encode("latin-1"),
        "wrong-label.html": _page(8, "utf-8").encode("cp1252"),
        "broken-utf8.txt": _dump(9).encode("utf-8").replace("é".encode(), b"\xff", 1),
    }
    assert cp1252_body
    out = run_build(tmp_path, sources, ["source_cleaner"])
    report = json.loads((tmp_path / "report.json").read_text())
    entries = {e["source"]: e for e in report["entries"]}
    assert all(e["status"] == "published" for e in entries.values()), entries
    pages = [p.read_text("utf-8") for p in out.glob("2019/11/*/index.html")]
    assert len(pages) == len(sources)
    for n in (1, 2, 3, 4, 5, 6, 8):
        assert any(f"{TITLE} {n}</h1>" in p and "“global banking”" in p and "€1.2" in p
                   for p in pages), n
    assert any(f"{TITLE} 7</h1>" in p for p in pages)
    assert entries["utf16-bom.txt"]["encoding"] == "utf-16-le"
    assert entries["cp1252-unlabelled.html"]["encoding"] == "cp1252"
    assert entries["broken-utf8.txt"]["replacement_chars"] == 1
    assert all(e["replacement_chars"] == 0 for k, e in entries.items() if k != "broken-utf8.txt")
