import os
from pathlib import Path

import pytest

from plugins.incremental_writer.render_pool import RenderQueue, render_workers
from tests.plugins.test_incremental_writer import _build, _conf, _write_content
from tests.security.test_atomic_publish import tree_digest
from tests.synthetic import make_sources


class _Page:
    """A template stand-in: the page says who rendered it, or fails on request."""

    name = "page.html"

    def render(self, context: dict[str, object]) -> str:
        if context.get("fail"):
            raise ValueError(f"cannot render {context['n']}")
        return f"{context['n']} {os.getpid()}"


def _queue(tmp: Path, workers: int, count: int, fail: int = -1) -> tuple[RenderQueue, list[Path]]:
    queue = RenderQueue(workers)
    queue.batch = 16
    paths = [tmp / f"{n}.html" for n in range(count)]
    for n, path in enumerate(paths):
        queue.add(_Page(), {"n": n, "fail": n == fail}, str(path))
    return queue, paths


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_every_queued_page_is_written_once_whatever_the_workers(tmp_path: Path,
                                                                workers: int) -> None:
    queue, paths = _queue(tmp_path, workers, 150)
    assert queue.render_all() == 150
    pages = [p.read_text().split() for p in paths]
    assert [int(n) for n, _ in pages] == list(range(150))
    renderers = {pid for _, pid in pages}
    # One worker renders in this process; more spread the batches over children.
    if workers == 1:
        assert renderers == {str(os.getpid())}
    else:
        assert len(renderers - {str(os.getpid())}) >= 1


def test_a_page_that_fails_in_a_child_fails_the_build(tmp_path: Path,
                                                     capfd: pytest.CaptureFixture[str]) -> None:
    queue, paths = _queue(tmp_path, 2, 100, fail=3)
    with pytest.raises(RuntimeError, match="failed to render"):
        queue.render_all()
    assert "cannot render 3" in capfd.readouterr().err
    # The other batches still got written.
    assert paths[99].exists()


def test_flush_hands_a_partial_batch_to_a_child_at_once(tmp_path: Path) -> None:
    queue, paths = _queue(tmp_path, 2, 5)  # fewer than a batch: nothing dispatched yet
    assert not paths[0].exists() and queue.jobs
    queue.flush()
    assert queue.jobs == [] and len(queue.children) == 1
    assert queue.render_all() == 5
    pages = [p.read_text().split() for p in paths]
    assert [int(n) for n, _ in pages] == list(range(5))
    assert {pid for _, pid in pages} != {str(os.getpid())}


def test_worker_count_follows_the_setting_or_the_cpus() -> None:
    assert render_workers(3) == 3
    assert 1 <= render_workers(0) <= (os.cpu_count() or 1)


def test_pages_rendered_across_processes_match_one_process(tmp_path: Path) -> None:
    content = _write_content(tmp_path, make_sources(40, seed=3))
    outputs = []
    for workers in (1, 2):
        build = tmp_path / f"w{workers}"
        build.mkdir()
        conf = _conf(build, content)
        with conf.open("a") as handle:
            handle.write(f"INCREMENTAL_WRITER_WORKERS = {workers}\n")
        _build(conf, build / "output")
        outputs.append(tree_digest(build / "output"))
    assert outputs[0] == outputs[1]
