import json
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT, write_site_conf
from tests.security.test_atomic_publish import tree_digest
from tests.synthetic import make_sources


def _write_content(tmp: Path, sources: dict[str, object]) -> Path:
    """Sources -> a content folder under tmp holding them."""
    content = tmp / "content"
    content.mkdir()
    for name, text in sources.items():
        (content / name).write_text(str(text), "utf-8")
    return content


def _conf(tmp: Path, content: Path) -> Path:
    return write_site_conf(tmp / "site.conf.py", content, tmp)


def _build(conf: Path, out: Path) -> None:
    subprocess.run([sys.executable, "-m", "tickertape", "build", "-s", str(conf), "-o", str(out)],
                   check=True, cwd=ROOT, capture_output=True)


def test_rebuild_reuses_unchanged_pages_and_matches_a_full_build(tmp_path: Path) -> None:
    sources = make_sources(60, seed=11)
    content = _write_content(tmp_path, sources)
    conf = _conf(tmp_path, content)
    out = tmp_path / "output"
    _build(conf, out)
    first = json.loads((tmp_path / "report.json").read_text())["counters"]
    assert first["article_pages_rendered"] == 60 and first.get("article_pages_reused", 0) == 0

    # One story changes: its page and the pages that show it get rendered again.
    old = str(sources["story00007.txt"])
    first_para = old.split("\n\n")[2]
    (content / "story00007.txt").write_text(
        old.replace(first_para, first_para + " A corrected sentence was added to this paragraph."))
    _build(conf, out)
    second = json.loads((tmp_path / "report.json").read_text())["counters"]
    assert 0 < second["article_pages_rendered"] < 20
    assert second["article_pages_reused"] == 60 - second["article_pages_rendered"]

    # The incremental result is byte for byte what a build from scratch gives.
    scratch = tmp_path / "scratch"
    _build(conf, scratch)
    assert tree_digest(out) == tree_digest(scratch)


def test_listing_pages_are_reused_only_while_their_inputs_hold(tmp_path: Path) -> None:
    sources = make_sources(30, seed=5)
    content = _write_content(tmp_path, sources)
    conf = _conf(tmp_path, content)
    out = tmp_path / "output"
    _build(conf, out)
    first = json.loads((tmp_path / "report.json").read_text())["counters"]
    listings = first["listing_pages_rendered"]
    assert listings > 5 and "listing_pages_reused" not in first

    # A source that publishes nothing changes no page: every listing is linked.
    (content / "zz-empty.txt").write_text("")
    _build(conf, out)
    second = json.loads((tmp_path / "report.json").read_text())["counters"]
    assert second["listing_pages_reused"] == listings and "listing_pages_rendered" not in second

    # A removed story leaves every listing, ticker page and feed it was on.
    removed = sorted(sources)[3]
    title = str(sources[removed]).split("\n", 1)[0]

    def shown() -> list[Path]:
        return [p for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".xml")
                and title in p.read_text("utf-8")]

    assert len(shown()) > 3
    (content / removed).unlink()
    _build(conf, out)
    third = json.loads((tmp_path / "report.json").read_text())["counters"]
    assert third["listing_pages_rendered"] > 0
    assert shown() == []
    scratch = tmp_path / "scratch"
    _build(conf, scratch)
    assert tree_digest(out) == tree_digest(scratch)


def test_the_background_delete_does_not_hold_the_build_output_open(tmp_path: Path) -> None:
    # The previous site is deleted by a detached child after the swap; whoever
    # reads the build's output (a pipe) must see it end when the build does.
    slow_delete = (
        "import shutil, sys, time\n"
        "shutil.rmtree = lambda path, ignore_errors=False: time.sleep(5)\n"
        "from tickertape.build import _delete_in_background\n"
        f"_delete_in_background({str(tmp_path / 'old')!r})\n"
        "print('built')\n"
    )
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", slow_delete], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "built"
    assert time.perf_counter() - start < 4


def test_stale_build_folders_are_deleted_in_the_background(tmp_path: Path) -> None:
    from tickertape.build import remove_stale_builds

    for name in ("out.build-abc", "out.old-123", "out", "other.build-x"):
        (tmp_path / name / "sub").mkdir(parents=True)
        (tmp_path / name / "sub" / "page.html").write_text("x")
    remove_stale_builds(str(tmp_path / "out"))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and ((tmp_path / "out.build-abc").exists()
                                           or (tmp_path / "out.old-123").exists()):
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.build-x", "out"]
