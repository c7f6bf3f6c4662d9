"""Demo build time: `tickertape build` of content/ into a scratch folder, median of 3 runs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT, emit, median_time


def main() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="tickertape-demo-"))
    exe = Path(sys.executable).with_name("tickertape")

    def once() -> None:
        subprocess.run(
            [str(exe), "build", "-s", "pelican.conf.py", "-o", str(scratch / "output")],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )

    median, times = median_time(once, runs=3)
    files = sum(1 for p in (scratch / "output").rglob("*") if p.is_file())
    sources = sum(1 for p in (ROOT / "content").iterdir()
                  if p.suffix in (".html", ".txt", ".htm", ".gz"))
    shutil.rmtree(scratch, ignore_errors=True)
    emit("demo", {"bench": "demo", "sources": sources, "files_written": files,
                  "seconds_median": round(median, 3), "seconds": [round(t, 3) for t in times]})


if __name__ == "__main__":
    main()
