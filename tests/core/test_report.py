import json

import pytest

from tickertape.report import BuildReport


def test_every_source_once_with_status_and_reason(tmp_path) -> None:  # type: ignore[no-untyped-def]
    report = BuildReport()
    report.publish("a.html", kind="html", removed_chars=120)
    report.skip("b.txt", "no publication date found")
    report.publish("c.txt", kind="text")
    report.skip("c.txt", "duplicate", duplicate_of="a.html")
    path = tmp_path / "r" / "report.json"
    report.write(path)
    data = json.loads(path.read_text())
    assert [e["source"] for e in data["entries"]] == ["a.html", "b.txt", "c.txt"]
    assert data["published"] == 1 and data["skipped"] == 2
    assert data["entries"][1]["reason"] == "no publication date found"
    assert data["entries"][2]["duplicate_of"] == "a.html"
    assert report.summary_line() == "3 sources read, 1 published, 2 skipped (1 duplicates)"


@pytest.mark.parametrize("entries", [0, 1, 3])
def test_written_report_is_json_with_one_entry_per_line(tmp_path, entries: int) -> None:  # type: ignore[no-untyped-def]
    report = BuildReport()
    for i in range(entries):
        report.publish(f"s{i}.txt", kind="text", kept_chars=i)
    report.count("from_cache", 2)
    report.add_time("read", 1.5)
    path = tmp_path / "report.json"
    report.write(path)
    text = path.read_text("utf-8")
    assert json.loads(text) == report.to_json()
    assert sum('"source": ' in line for line in text.splitlines()) == entries
    assert text.startswith("{\n  \"summary\": ") and text.endswith("}\n")
