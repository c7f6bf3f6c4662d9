import json

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
