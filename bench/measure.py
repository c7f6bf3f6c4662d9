"""Run a command as a child and measure its wall time and peak memory (RSS of its tree)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

# The child runs the command and reports its own children's usage, so each
# measurement sees only that command (RUSAGE_CHILDREN of the bench itself
# would keep the maximum of everything run before).
_PROBE = r"""
import json, resource, subprocess, sys, time
cmd = json.loads(sys.argv[1])
start = time.perf_counter()
proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": wall, "peak_mib": peak, "status": proc.returncode,
                  "stderr": proc.stderr[-2000:]}))
"""


def run_measured(cmd: Sequence[str], cwd: Path | None = None) -> dict[str, float]:
    """A command -> {"seconds", "peak_mib", "status"}; raises when it fails."""
    out = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(list(cmd))], cwd=cwd,
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["status"] != 0:
        raise RuntimeError(f"{cmd[0]} failed ({result['status']}): {result['stderr']}")
    return {"seconds": round(result["seconds"], 3), "peak_mib": round(result["peak_mib"], 1)}
