"""A build killed at any moment leaves the published output/ as it was; builds are repeatable."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, write_site_conf
from tests.synthetic import make_sources

SOURCES = 1000


def tree_digest(root: Path) -> dict[str, str]:
    """Folder -> {relative path: sha256} of every file in it."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file()
    }


def _settings(tmp: Path) -> Path:
    return write_site_conf(tmp / "site.conf.py", tmp / "content", tmp)


def _build_cmd(conf: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "tickertape", "build", "-s", str(conf), "-o", str(output)]


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("atomic")
    content = tmp / "content"
    content.mkdir()
    for name, text in make_sources(SOURCES).items():
        (content / name).write_text(str(text), "utf-8")
    return tmp, _settings(tmp)


def test_killed_builds_leave_output_untouched(big_site: tuple[Path, Path]) -> None:
    tmp, conf = big_site
    output = tmp / "output"
    start = time.perf_counter()
    subprocess.run(_build_cmd(conf, output), check=True, cwd=ROOT, capture_output=True)
    full = time.perf_counter() - start
    old = tree_digest(output)
    assert "index.html" in old and len(old) > SOURCES

    # A new source makes the next build differ from the published one; build
    # it once elsewhere to know what a complete new site looks like.
    (tmp / "content" / "extra.txt").write_text(
        str(make_sources(1, seed=4242)["story00000.txt"]), "utf-8")
    subprocess.run(_build_cmd(conf, tmp / "reference"), check=True, cwd=ROOT,
                   capture_output=True)
    new = tree_digest(tmp / "reference")
    assert new != old

    rng = random.Random(20191118)
    kill_points = sorted(rng.uniform(0.05, 1.0) * full for _ in range(4))
    outcomes = []
    for delay in kill_points:
        proc = subprocess.Popen(_build_cmd(conf, output), cwd=ROOT, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        after = tree_digest(output)
        # The old site byte for byte, or (when the kill came after the swap) the
        # complete new one: never a mix, never a missing index.
        assert after in (old, new), f"kill at {delay:.2f}s of {full:.2f}s left a mixed output/"
        outcomes.append("old" if after == old else "new")
    assert "old" in outcomes

    subprocess.run(_build_cmd(conf, output), check=True, cwd=ROOT, capture_output=True)
    assert tree_digest(output) == new
    # The replaced site is deleted in the background: give that a moment.
    deadline = time.monotonic() + 60
    while (leftovers := [p.name for p in tmp.iterdir() if p.name.startswith("output.")]) \
            and time.monotonic() < deadline:
        time.sleep(0.2)
    assert leftovers == []


def test_two_builds_give_identical_trees(big_site: tuple[Path, Path]) -> None:
    tmp, conf = big_site
    a, b = tmp / "out-a", tmp / "out-b"
    subprocess.run(_build_cmd(conf, a), check=True, cwd=ROOT, capture_output=True)
    subprocess.run(_build_cmd(conf, b), check=True, cwd=ROOT, capture_output=True)
    assert tree_digest(a) == tree_digest(b)
