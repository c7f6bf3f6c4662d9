"""Cleaning (metrics.md §1 and §2): the HTML and text-dump benchmarks, with their goals.

Runs `bench.cleaning_html` and `bench.cleaning_text` (each in its own
process, as they time themselves) and prints one JSON object with both
results and whether each goal of the cleaner is met.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from bench.common import ROOT, emit


def _run(name: str) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-m", f"bench.{name}"], cwd=ROOT,
                          stdout=subprocess.PIPE, text=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        return {"error": f"bench.{name} printed no JSON (exit {proc.returncode})"}
    data: dict[str, Any] = json.loads(lines[-1])
    return data


def goals(html: dict[str, Any], text: dict[str, Any]) -> dict[str, bool | None]:
    """Both results -> each goal of the cleaner, met or not (None when not measured)."""
    out: dict[str, bool | None] = {}
    page = html.get("clean_page", {}).get("all")
    if page:
        out["html_f1>=0.975"] = page["f1"] >= 0.975
        out["html_recall>=0.97"] = page["recall"] >= 0.97
        out["html_half_gap<=0.02"] = abs(html.get("gap_dev_minus_heldout_f1", 1)) <= 0.02
        out["html_speed_ratio>=1.0"] = html.get("speed", {}).get("ratio", 0) >= 1.0
    for fmt in ("w3m", "lynx"):
        res = text.get(fmt)
        if res:
            out[f"{fmt}_f1>=0.95"] = res["f1"] >= 0.95
            out[f"{fmt}_recall>=0.97"] = res["recall"] >= 0.97
            out[f"{fmt}_half_gap<=0.02"] = abs(res.get("half_gap_f1", 1)) <= 0.02
            out[f"{fmt}_dumps_per_s>=500"] = res.get("dumps_per_s", 0) >= 500
    seed = text.get("seed")
    out["seed_exact"] = seed.get("passed") if seed else None
    return out


def main() -> None:
    html = _run("cleaning_html")
    text = _run("cleaning_text")
    emit("cleaning", {"bench": "cleaning", "goals": goals(html, text), "html": html,
                      "text": text})


if __name__ == "__main__":
    main()
