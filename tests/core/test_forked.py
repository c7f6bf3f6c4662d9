import os

import pytest

from tickertape.forked import Forked


def test_the_childs_result_comes_back_and_it_sees_the_parents_objects() -> None:
    shared = {"stories": ["a", "b", "c"]}  # made before the fork, never sent
    work = Forked(lambda: {"pid": os.getpid(), "count": len(shared["stories"])})
    done, value = work.result()
    assert done and value["count"] == 3
    assert value["pid"] != os.getpid()


def test_a_failing_child_says_so(capfd: pytest.CaptureFixture[str]) -> None:
    def broken() -> int:
        raise ValueError("nothing to rank")

    assert Forked(broken).result() == (False, None)
    assert "nothing to rank" in capfd.readouterr().err


def test_without_fork_the_work_is_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise OSError("no fork here")

    monkeypatch.setattr(os, "fork", no_fork)
    assert Forked(lambda: os.getpid()).result() == (True, os.getpid())


def test_work_nothing_waits_on_runs_below_the_build() -> None:
    done, value = Forked(lambda: os.nice(0), niceness=5).result()
    assert done and value == os.nice(0) + 5
