"""HTML page cleaning: body precision/recall/F1, speed against trafilatura, metadata coverage.

Run from the repository root: ``python -m bench.cleaning_html [--worst N] [--passes N]``.
Corpus: ../shared/corpora/article-extraction-benchmark (html/<key>.html.gz and
ground-truth.json). Pages are split by the first hex digit of their key into the
half the rules were developed on (0-7) and the held-out half (8-f): a gap
between the two shows rules tuned to pages rather than to widget kinds.

Speed: trafilatura ``extract()`` (include_comments=False, HTML already in
memory) and ``clean_page`` are timed over all pages in alternating passes in
one process; the median pass of each counts. The last line printed is the JSON
also written to build/bench/cleaning_html.json; build/bench/metadata_sample.json
holds 20 pages' metadata for checking by hand.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import trafilatura

from bench.common import CORPORA
from bench.score import PageScore, score_page, summarise
from tickertape.htmlpage import PageArticle, clean_page, forget_remembered
from tickertape.widgets import reset_widget_cache

ROOT = Path(__file__).resolve().parents[1]
CORPUS = CORPORA / "article-extraction-benchmark"
OUT = ROOT / "build" / "bench"
NAME = "cleaning_html"
DEV_DIGITS = set("01234567")
SAMPLE_SIZE = 20
_SEPARATOR = re.compile(r"\s[|\-–—:·•»]\s")


def load_corpus(root: Path) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Corpus folder -> (key -> page HTML, key -> ground-truth record)."""
    truth: dict[str, dict[str, str]] = json.loads((root / "ground-truth.json").read_text("utf-8"))
    pages = {}
    for key in sorted(truth):
        with gzip.open(root / "html" / f"{key}.html.gz", "rt", encoding="utf-8") as fh:
            pages[key] = fh.read()
    return pages, truth


def score_halves(
    predicted: dict[str, str], truth: dict[str, dict[str, str]]
) -> tuple[dict[str, Any], dict[str, PageScore]]:
    """Predicted texts -> ({all, dev 0-7, held-out 8-f} summaries, per-page scores)."""
    scores = {k: score_page(predicted[k], truth[k]["articleBody"]) for k in truth}
    dev = [s for k, s in scores.items() if k[0] in DEV_DIGITS]
    held = [s for k, s in scores.items() if k[0] not in DEV_DIGITS]
    return {
        "all": summarise(scores.values()),
        "dev_0_7": summarise(dev),
        "heldout_8_f": summarise(held),
    }, scores


def has_site_suffix(title: str, url: str | None) -> bool:
    """Title and page URL -> whether an end segment of the title names the host."""
    host = (urlsplit(url or "").hostname or "").lower()
    labels = [lab for lab in host.split(".") if lab not in ("www", "com", "co", "uk", "org", "net")]
    parts = _SEPARATOR.split(title)
    if len(parts) < 2:
        return False
    ends = {re.sub(r"\W", "", parts[0].lower()), re.sub(r"\W", "", parts[-1].lower())}
    return any(lab and any(lab in e or (e and e in lab) for e in ends) for lab in labels)


def time_passes(
    pages: dict[str, str], passes: int
) -> tuple[dict[str, Any], dict[str, str], dict[str, PageArticle]]:
    """Pages -> (timings, trafilatura texts, cleaner results), the two tools interleaved.

    Each page goes through both tools back to back, the order alternating from page
    to page, so a burst of load on the shared machine hits both alike. Wall-clock
    and CPU time are summed per pass; the median pass of each tool counts.
    """
    wall = {"traf": [0.0] * passes, "mine": [0.0] * passes}
    cpu = {"traf": [0.0] * passes, "mine": [0.0] * passes}
    traf_out: dict[str, str] = {}
    mine_out: dict[str, PageArticle] = {}
    for i in range(passes):
        # Memos kept across pages stay within a pass: a later pass over the same
        # pages must not find them warm.
        forget_remembered()
        reset_widget_cache()
        for j, (key, html) in enumerate(pages.items()):
            for name in ("traf", "mine") if (i + j) % 2 == 0 else ("mine", "traf"):
                w0, c0 = time.perf_counter(), time.process_time()
                if name == "traf":
                    traf_out[key] = trafilatura.extract(html, include_comments=False) or ""
                else:
                    mine_out[key] = clean_page(html)
                wall[name][i] += time.perf_counter() - w0
                cpu[name][i] += time.process_time() - c0
    n = len(pages)

    def rate(times: list[float]) -> float:
        return n / statistics.median(times)

    timing = {
        "passes": passes,
        "interleaved": "per page, order alternating",
        "trafilatura_pages_per_s": round(rate(wall["traf"]), 1),
        "clean_page_pages_per_s": round(rate(wall["mine"]), 1),
        "ratio": round(rate(wall["mine"]) / rate(wall["traf"]), 3),
        "ratio_cpu_time": round(rate(cpu["mine"]) / rate(cpu["traf"]), 3),
        "trafilatura_pass_s": [round(t, 2) for t in wall["traf"]],
        "clean_page_pass_s": [round(t, 2) for t in wall["mine"]],
    }
    return timing, traf_out, mine_out


def describe_metadata(
    results: dict[str, PageArticle], truth: dict[str, dict[str, str]]
) -> dict[str, Any]:
    """Cleaner results -> shares of pages with title, date and author; suffix leaks."""
    n = len(results)
    leaks = [
        k for k, r in results.items() if r.title and has_site_suffix(r.title, truth[k].get("url"))
    ]
    return {
        "title_share": round(sum(bool(r.title) for r in results.values()) / n, 3),
        "date_share": round(sum(r.date is not None for r in results.values()) / n, 3),
        "author_share": round(sum(bool(r.author) for r in results.values()) / n, 3),
        "titles_with_site_suffix": len(leaks),
        "title_suffix_keys": [k[:10] for k in leaks],
    }


def write_sample(results: dict[str, PageArticle], truth: dict[str, dict[str, str]]) -> Path:
    """Cleaner results -> build/bench/metadata_sample.json with 20 evenly spread pages."""
    keys = sorted(results)
    step = max(1, len(keys) // SAMPLE_SIZE)
    sample = [
        {
            "key": k,
            "url": truth[k].get("url"),
            "title": results[k].title,
            "date": results[k].date.isoformat() if results[k].date else None,
            "author": results[k].author,
        }
        for k in keys[::step][:SAMPLE_SIZE]
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "metadata_sample.json"
    path.write_text(json.dumps(sample, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return path


def emit(result: dict[str, Any]) -> None:
    """Print the result as the last line and write build/bench/cleaning_html.json."""
    OUT.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, ensure_ascii=False)
    (OUT / f"{NAME}.json").write_text(text + "\n", "utf-8")
    print(text)


def main(argv: list[str] | None = None) -> int:
    """Command line -> bench run; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worst", type=int, default=10, help="list the N worst pages")
    parser.add_argument("--passes", type=int, default=3, help="timed passes per tool")
    args = parser.parse_args(argv)
    if not (CORPUS / "ground-truth.json").is_file():
        print(f"corpus absent: {CORPUS}", file=sys.stderr)
        emit({"skipped": f"corpus absent: {CORPUS}"})
        return 0
    pages, truth = load_corpus(CORPUS)

    speed, traf_texts, results = time_passes(pages, max(1, args.passes))
    ours, per_page = score_halves({k: r.text for k, r in results.items()}, truth)
    baseline, _ = score_halves(traf_texts, truth)

    worst = sorted(per_page.items(), key=lambda kv: (kv[1].precision or 0) + (kv[1].recall or 0))
    for key, s in worst[: args.worst]:
        print(
            f"{key[:10]} P={s.precision or 0:.3f} R={s.recall or 0:.3f} {truth[key].get('url', '')}"
        )
    removed_by_rule: dict[str, int] = {}
    for r in results.values():
        for block in r.removed:
            removed_by_rule[block.rule] = removed_by_rule.get(block.rule, 0) + 1
    sample = write_sample(results, truth)
    emit(
        {
            "bench": NAME,
            "pages": len(pages),
            "clean_page": ours,
            "trafilatura_extract_no_comments": baseline,
            "gap_dev_minus_heldout_f1": round(ours["dev_0_7"]["f1"] - ours["heldout_8_f"]["f1"], 4),
            "speed": speed,
            "metadata": describe_metadata(results, truth),
            "removed_blocks_by_rule": dict(sorted(removed_by_rule.items())),
            "worst_pages": [
                {"key": k[:10], "p": round(s.precision or 0, 3), "r": round(s.recall or 0, 3)}
                for k, s in worst[: args.worst]
            ],
            "metadata_sample": str(sample.relative_to(ROOT)),
        }
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
