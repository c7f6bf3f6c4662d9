"""`make bench`: run every benchmark, each in its own process, and collect their JSON."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from bench.common import OUT, ROOT

BENCHES = ["demo", "cleaning", "tickers", "related", "malformed", "build"]


def main() -> None:
    results = {}
    for name in sys.argv[1:] or BENCHES:
        print(f"== bench.{name}", flush=True)
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", f"bench.{name}"], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
        print(proc.stdout, end="")
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
        try:
            results[name] = json.loads(lines[-1]) if lines else {"error": "no JSON output"}
        except json.JSONDecodeError:
            results[name] = {"error": "last line is not JSON"}
        if proc.returncode:
            results[name]["exit_status"] = proc.returncode
        results[name]["wall_s"] = round(time.perf_counter() - start, 1)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "all.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    print(json.dumps({"bench": "all", "ran": list(results), "file": str(OUT / "all.json")}))


if __name__ == "__main__":
    main()
