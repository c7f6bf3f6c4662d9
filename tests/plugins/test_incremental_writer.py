import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, write_site_conf
from tests.security.test_atomic_publish import tree_digest
from tests.synthetic import make_sources


def _conf(tmp: Path, content: Path) -> Path:
    return write_site_conf(tmp / "site.conf.py", content, tmp)


def _build(conf: Path, out: Path) -> None:
    subprocess.run([sys.executable, "-m", "tickertape", "build", "-s", str(conf), "-o", str(out)],
                   check=True, cwd=ROOT, capture_output=True)


def test_rebuild_reuses_unchanged_pages_and_matches_a_full_build(tmp_path: Path) -> None:
    sources = make_sources(60, seed=11)
    content = tmp_path / "content"
    content.mkdir()
    for name, text in sources.items():
        (content / name).write_text(str(text), "utf-8")
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
