"""Text-dump cleaning: body precision/recall/F1 on w3m and lynx dumps, speed, and the seed.

Run from the repository root: ``python -m bench.cleaning_text [--worst N] [--format w3m]``.
Corpus: ../shared/corpora/article-extraction-benchmark (text/w3m, text/lynx,
ground-truth.json). Pages are split by the first hex digit of their key into
the half the rules were developed on (0-7) and the held-out half (8-f), so a
gap between the two shows rules tuned to pages. The seed check runs even when
the corpus is absent. The last line printed is the JSON written to
build/bench/cleaning_text.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.score import PageScore, score_page, summarise
from tickertape.textdump import DumpArticle, clean_dump
from tickertape.widgets import reset_widget_cache

ROOT = Path(__file__).resolve().parents[1]
# ../shared from the repository root; a checkout nested one level deeper (a
# worktree) finds it further up.
SHARED = next(
    (d / "shared" for d in ROOT.parents if (d / "shared" / "corpora").is_dir()),
    ROOT.parent / "shared",
)
CORPUS = SHARED / "corpora" / "article-extraction-benchmark"
SEED = SHARED / "seeds" / "000_002b7a9e86b5bf81.txt"
SEED_COPY = ROOT / "tests" / "golden" / "text" / "seed.in.txt"
OUT = ROOT / "build" / "bench" / "cleaning_text.json"
FORMATS = ("w3m", "lynx")
# Speed is timed over this many passes of a format's dumps; the median pass counts.
SPEED_PASSES = 3

SEED_PARAGRAPH_STARTS = (
    "Microsoft has become the latest company",
    "Tom Keane, a general manager at Microsoft wrote",
    "This repercussion against Microsoft highlights",
)
SEED_MUST_DROP = (
    "3870Views",
    "0Comments",
    "Recommend to Friends",
    "facebook",
    "stumbleupon",
    "linkedin",
    "Sign Up for Weekly Updates",
    "eNewsletter",
    "Related Posts",
    "23 Jun, 2017 3411",
    "There is no comment on this article",
)


def read_dump(path: Path) -> str:
    """Dump file -> text (UTF-8; the odd stray byte becomes U+FFFD, as a reader would do)."""
    return path.read_bytes().decode("utf-8", errors="replace")


def check_seed(text: str) -> dict[str, bool]:
    """Seed dump text -> pass/fail per metrics §2 expectation."""
    art = clean_dump(text)
    body = art.text
    checks: dict[str, bool] = {
        "title": art.title == "Microsoft’s Ethical Reckoning is Here",
        "date": art.date is not None and art.date.date() == datetime(2018, 6, 19).date(),
        "author": art.author == "William Kim",
        "three_paragraphs": len(art.blocks) == 3
        and all(
            b.text.startswith(s) for b, s in zip(art.blocks, SEED_PARAGRAPH_STARTS, strict=True)
        ),
    }
    for snippet in SEED_MUST_DROP:
        checks[f"drops {snippet!r}"] = snippet not in body
    return checks


def run_format(fmt: str, truth: dict[str, Any], worst: int) -> dict[str, Any]:
    """Dump format and ground truth -> overall and per-half scores and dumps/s."""
    folder = CORPUS / "text" / fmt
    keys = sorted(k for k in truth if (folder / f"{k}.txt").exists())
    texts = {k: read_dump(folder / f"{k}.txt") for k in keys}
    results: dict[str, DumpArticle] = {}
    passes: list[float] = []
    for _ in range(SPEED_PASSES):
        reset_widget_cache()  # each pass starts cold, as a fresh build would
        t0 = time.perf_counter()
        for k in keys:
            results[k] = clean_dump(texts[k])
        passes.append(time.perf_counter() - t0)
    scores: dict[str, PageScore] = {
        k: score_page(results[k].text, truth[k]["articleBody"]) for k in keys
    }
    low = [k for k in keys if k[0] in "01234567"]
    high = [k for k in keys if k[0] not in "01234567"]
    out: dict[str, Any] = summarise(scores[k] for k in keys)
    out["dev_0_7"] = summarise(scores[k] for k in low)
    out["heldout_8_f"] = summarise(scores[k] for k in high)
    out["half_gap_f1"] = round(abs(out["dev_0_7"]["f1"] - out["heldout_8_f"]["f1"]), 4)
    out["dumps_per_s"] = round(len(keys) / statistics.median(passes), 1)
    if worst:
        def f1(s: PageScore) -> float:
            p, r = s.precision or 0.0, s.recall or 0.0
            return 2 * p * r / (p + r) if p + r else 0.0

        # Only the development half is listed: the held-out half stays unseen.
        print(f"-- {fmt}: worst development pages (key, P, R, F1)")
        for k in sorted(low, key=lambda k: f1(scores[k]))[:worst]:
            s = scores[k]
            print(f"   {k[:10]} P={s.precision or 0:.3f} R={s.recall or 0:.3f} F1={f1(s):.3f}")
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line -> prints the figures; the last line is the JSON summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages per format")
    parser.add_argument("--format", choices=FORMATS, action="append", help="only this format")
    args = parser.parse_args(argv)

    result: dict[str, Any] = {}
    seed_path = SEED if SEED.exists() else SEED_COPY
    if seed_path.exists():
        seed = check_seed(read_dump(seed_path))
        result["seed"] = {"passed": all(seed.values()), "checks": seed}
        for name, ok in seed.items():
            print(f"seed {'PASS' if ok else 'FAIL'} {name}")
    else:
        result["seed"] = {"skipped": f"seed absent: {SEED}"}

    if not (CORPUS / "ground-truth.json").exists():
        print(f"corpus absent: {CORPUS}")
        result["skipped"] = f"corpus absent: {CORPUS}"
    else:
        truth = json.loads((CORPUS / "ground-truth.json").read_text("utf-8"))
        for fmt in args.format or FORMATS:
            result[fmt] = run_format(fmt, truth, args.worst)
            r = result[fmt]
            print(
                f"{fmt}: P={r['precision']:.4f} R={r['recall']:.4f} F1={r['f1']:.4f}"
                f" | 0-7 F1={r['dev_0_7']['f1']:.4f} R={r['dev_0_7']['recall']:.4f}"
                f" | 8-f F1={r['heldout_8_f']['f1']:.4f} R={r['heldout_8_f']['recall']:.4f}"
                f" | {r['dumps_per_s']} dumps/s"
            )
    line = json.dumps(result, ensure_ascii=False, sort_keys=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(line + "\n", "utf-8")
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
