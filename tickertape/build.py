"""Build the site into a fresh folder and swap it into place only when the build succeeded."""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tickertape import aside

# renameat2(2) flag: exchange two paths atomically (Linux >= 3.15).
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: str, b: str) -> bool:
    """Atomically swap two directories where the OS allows it -> whether it did."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    return int(fn(_AT_FDCWD, a.encode(), _AT_FDCWD, b.encode(), _RENAME_EXCHANGE)) == 0


def _delete_in_background(path: str) -> None:
    """Delete a folder from a detached child process, so the build can return now."""
    try:
        pid = os.fork()
    except (AttributeError, OSError):
        shutil.rmtree(path, ignore_errors=True)
        return
    if pid == 0:  # the child: its own session, so it outlives the build quietly
        try:
            os.setsid()
            # Let go of the build's stdin/stdout/stderr: whoever waits for the
            # build's output to end (a pipe, a benchmark) must not wait for the delete.
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            shutil.rmtree(path, ignore_errors=True)
        finally:
            os._exit(0)


def publish_dir(new: str | Path, target: str | Path) -> None:
    """Move a finished build `new` to `target`, replacing what was there as one step."""
    new, target = str(new), str(target)
    if os.path.isdir(target) and _exchange(new, target):
        # `new` now holds the previous build: set it aside and delete it in the
        # background (a large site takes seconds to delete); a folder left over
        # by an interrupted delete is removed by the next build.
        aside = f"{target}.old-{os.getpid()}"
        os.rename(new, aside)
        _delete_in_background(aside)
        return
    previous = None
    if os.path.exists(target):
        previous = f"{target}.old-{os.getpid()}"
        os.rename(target, previous)
    os.rename(new, target)
    if previous:
        _delete_in_background(previous)


def remove_stale_builds(target: str) -> None:
    """Delete unfinished build folders that a killed earlier build left beside `target`."""
    # In the background: a previous site set aside by the last build may still
    # be being deleted right now, and none of these folders is ever published.
    parent, base = os.path.split(target)
    for name in os.listdir(parent):
        if name.startswith((base + ".build-", base + ".old-")):
            _delete_in_background(os.path.join(parent, name))


def check_build(path: str | Path) -> list[str]:
    """A built folder -> problems that make it unfit to publish (empty list when fine)."""
    root = Path(path)
    problems = []
    if not (root / "index.html").is_file():
        problems.append("no index.html")
    return problems


def index_search(path: str | Path) -> list[str]:
    """A built folder -> problems from writing its Pagefind search index into pagefind/."""
    # The index is part of the site: it is written into the fresh build before
    # the swap, so a failed index never reaches the published folder.
    cmd = [sys.executable, "-m", "pagefind", "--site", str(path), "--silent"]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [f"search index: {exc}"]
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        return [f"search index failed ({done.returncode}): {detail[-1] if detail else ''}"]
    if not (Path(path) / "pagefind" / "pagefind.js").is_file():
        return ["search index: no pagefind/pagefind.js written"]
    return []


def build_site(settings: str, output: str, *, content: str | None = None,
               verbose: bool = False, search: bool = True) -> int:
    """Run Pelican into a temporary sibling of `output`, check it, swap it in -> exit status."""
    from pelican import main as pelican_main

    # When the process ends, the interpreter would search every object the
    # build left (hundreds of thousands) for cycles to free: a second or two
    # spent on memory the process gives back anyway. Frozen objects are skipped.
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    target = os.path.abspath(output)
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    remove_stale_builds(target)
    tmp = tempfile.mkdtemp(prefix=os.path.basename(target) + ".build-", dir=parent)
    # Without a content folder on the command line, the settings' PATH is used.
    argv = ([content] if content else []) + ["-o", tmp, "-s", settings]
    if os.path.isdir(target):
        # Unchanged pages can be reused from the published site (incremental_writer).
        argv += ["-e", f"TICKERTAPE_PREVIOUS_OUTPUT={json.dumps(target)}"]
    if verbose:
        argv.append("-v")
    else:
        argv.append("-q")
    # A build keeps a few million objects alive until it ends (articles, pages,
    # indexes): every full collection walks all of them (seconds per build) and
    # frees next to nothing, since young cycles go in the young generations.
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], 1_000_000)
    try:
        try:
            pelican_main(argv)
        except SystemExit as exc:
            if exc.code not in (0, None):
                print(f"tickertape build: Pelican failed ({exc.code}); {output}/ left as it was",
                      file=sys.stderr)
                return 1
        # Writes handed to children at the end are done by now; should a plugin
        # have left one running, it is waited for before the site is checked.
        failed = aside.finish()
        problems = ([f"{', '.join(failed)}: writing the last files failed"] if failed else
                    check_build(tmp) or (index_search(tmp) if search else []))
        if problems:
            print(f"tickertape build: {'; '.join(problems)}; {output}/ left as it was",
                  file=sys.stderr)
            return 1
        publish_dir(tmp, target)
        tmp = ""
    finally:
        gc.set_threshold(*thresholds)
        if tmp and os.path.exists(tmp):
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"tickertape build: published {output}/")
    return 0
