import os
import time
from pathlib import Path

import pytest

from tickertape import aside


class _Build:
    """Stands in for a Pelican object: only its identity matters."""


def _slow_write(path: Path, text: str, delay: float = 0.3) -> None:
    time.sleep(delay)
    path.write_text(text)


def test_the_last_plugin_waits_for_every_child(tmp_path: Path) -> None:
    build = _Build()
    aside.expect(build, "report")
    aside.expect(build, "sitemaps")
    report, sitemap = tmp_path / "report.json", tmp_path / "sitemap.xml"
    parent = os.getpid()
    aside.hand_over(build, "report", lambda: _slow_write(report, str(os.getpid())))
    # Handed over, not done yet: the build goes on meanwhile.
    assert not report.exists()
    aside.hand_over(build, "sitemaps", lambda: _slow_write(sitemap, "<urlset/>"))
    # The last one waited for both.
    assert sitemap.read_text() == "<urlset/>"
    assert int(report.read_text()) != parent  # written by a child


def test_a_failed_child_fails_the_build(tmp_path: Path) -> None:
    build = _Build()
    aside.expect(build, "report")
    aside.expect(build, "sitemaps")

    def broken() -> None:
        raise OSError("disk full")

    aside.hand_over(build, "report", broken)
    with pytest.raises(RuntimeError, match="report"):
        aside.hand_over(build, "sitemaps", lambda: None)
    assert aside.finish() == []  # nothing left over


def test_work_nobody_waits_for_is_done_at_once(tmp_path: Path) -> None:
    done = tmp_path / "done"
    aside.hand_over(_Build(), "report", lambda: done.write_text("yes"))
    assert done.read_text() == "yes"


def test_a_build_that_stopped_early_is_waited_for_by_the_next(tmp_path: Path) -> None:
    first, second = _Build(), _Build()
    aside.expect(first, "report")
    aside.expect(first, "sitemaps")
    left = tmp_path / "left"
    aside.hand_over(first, "report", lambda: _slow_write(left, "late"))
    # The first build never reached the sitemaps; the next build starts.
    aside.expect(second, "report")
    assert left.read_text() == "late"
    aside.hand_over(second, "report", None)
    assert aside.finish() == []
