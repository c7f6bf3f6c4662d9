"""Where the text-dump cleaner loses body F1: per-page scores and the lost or extra text by block.

Run from the repository root: ``python -m bench.dump_errors [--format w3m] [--half 8-f]
[--pages 20] [--key PREFIX] [--blocks 6]``. For each page (worst first by its share of
the corpus F1 loss) it prints precision, recall, and:
- EXTRA: kept blocks whose shingles are mostly not in the truth, with where they sit
  relative to the kept truth text (head: above the first truth block, tail: after the last
  one, mid: between);
- LOST: truth paragraphs mostly missing from the output, with the reason of the removed
  block that held them (or "unseen" when no removed block holds them: the dump lacks them);
then a tally of extra and lost shingle mass by mechanism over the selected pages. The last
line printed is one JSON object (also written to build/bench/dump_errors.json).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from typing import Any

from bench.common import CORPORA, emit
from bench.score import score_page, shingles
from tickertape.textdump import DumpArticle, clean_dump

CORPUS = CORPORA / "article-extraction-benchmark"
FORMATS = ("w3m", "lynx")
HALVES = {"0-7": "01234567", "8-f": "89abcdef", "all": "0123456789abcdef"}


def _covered(text: str, pool: Counter[tuple[str, ...]]) -> tuple[int, int]:
    """Text and a shingle multiset -> (its shingles found in the pool, its shingles)."""
    own = shingles(text)
    total = sum(own.values())
    found = sum(min(c, pool[s]) for s, c in own.items())
    return found, total


def _head_of(text: str, size: int = 90) -> str:
    """Text -> its first characters on one line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[: size - 1] + "…"


def analyse_page(art: DumpArticle, gold: str) -> dict[str, Any]:
    """Cleaner result and truth text -> scores, extra blocks and lost paragraphs by mechanism."""
    score = score_page(art.text, gold)
    gold_pool = shingles(gold)
    pred_pool = shingles(art.text)
    kept = []
    for n, block in enumerate(art.blocks):
        found, total = _covered(block.text, gold_pool)
        kept.append((n, block, found, total))
    truthy = [n for n, _, found, total in kept if total and found >= 0.5 * total]
    first, last = (truthy[0], truthy[-1]) if truthy else (len(kept), -1)
    extra = []
    for n, block, found, total in kept:
        if total and found < 0.5 * total:
            where = "head" if n < first else "tail" if n > last else "mid"
            if not truthy:
                where = "wrong-region"
            extra.append({"where": where, "kind": block.kind, "mass": total - found,
                          "text": _head_of(block.text)})
    lost = []
    paragraphs = [p for p in gold.split("\n") if p.strip()]
    for n, para in enumerate(paragraphs):
        found, total = _covered(para, pred_pool)
        if total and found < 0.5 * total:
            reason = "unseen"
            for rem in art.removed:
                f2, t2 = _covered(para, shingles(rem.text))
                if t2 and f2 >= 0.5 * t2:
                    reason = rem.rule
                    break
            where = "first" if n == 0 else "last" if n == len(paragraphs) - 1 else "mid"
            lost.append({"where": where, "reason": reason, "mass": total - found,
                         "text": _head_of(para)})
    p, r = score.precision or 0.0, score.recall or 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "extra": extra, "lost": lost}


def main(argv: list[str] | None = None) -> int:
    """Command line -> per-page report and mechanism tallies; last line is JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=FORMATS, default="w3m")
    parser.add_argument("--half", choices=tuple(HALVES), default="all")
    parser.add_argument("--pages", type=int, default=20, help="pages listed in detail")
    parser.add_argument("--blocks", type=int, default=6, help="blocks listed per page and side")
    parser.add_argument("--key", default="", help="only pages whose key starts so")
    args = parser.parse_args(argv)
    truth_path = CORPUS / "ground-truth.json"
    if not truth_path.exists():
        print(f"corpus absent: {CORPUS}")
        emit("dump_errors", {"skipped": f"corpus absent: {CORPUS}"})
        return 0
    truth = json.loads(truth_path.read_text("utf-8"))
    folder = CORPUS / "text" / args.format
    keys = sorted(
        k for k in truth
        if k[0] in HALVES[args.half] and k.startswith(args.key)
        and (folder / f"{k}.txt").exists()
    )
    pages: dict[str, dict[str, Any]] = {}
    for k in keys:
        text = (folder / f"{k}.txt").read_bytes().decode("utf-8", errors="replace")
        pages[k] = analyse_page(clean_dump(text), truth[k]["articleBody"])
    # A page's share of the corpus loss: its precision and recall shortfalls.
    order = sorted(keys, key=lambda k: pages[k]["precision"] + pages[k]["recall"])
    for k in order[: args.pages]:
        page = pages[k]
        print(f"\n== {k[:12]} P={page['precision']:.3f} R={page['recall']:.3f}"
              f" F1={page['f1']:.3f}")
        for e in sorted(page["extra"], key=lambda e: -e["mass"])[: args.blocks]:
            print(f"  EXTRA {e['where']:<12} {e['kind']:<3} {e['mass']:>5}  {e['text']}")
        for e in sorted(page["lost"], key=lambda e: -e["mass"])[: args.blocks]:
            print(f"  LOST  {e['where']:<6} {e['reason']:<12} {e['mass']:>5}  {e['text']}")
    extra_by: Counter[str] = Counter()
    lost_by: Counter[str] = Counter()
    for page in pages.values():
        # Per-page shares, as the scorer normalises each page.
        e_total = sum(e["mass"] for e in page["extra"]) or 1
        l_total = sum(e["mass"] for e in page["lost"]) or 1
        for e in page["extra"]:
            extra_by[e["where"]] += (1 - page["precision"]) * e["mass"] / e_total
        for e in page["lost"]:
            lost_by[f"{e['where']}/{e['reason']}"] += (1 - page["recall"]) * e["mass"] / l_total
    n = len(pages) or 1
    print("\nprecision loss by place (share of corpus precision):")
    for name, value in extra_by.most_common():
        print(f"  {name:<14} {value / n:.4f}")
    print("recall loss by place/reason (share of corpus recall):")
    for name, value in lost_by.most_common(15):
        print(f"  {name:<30} {value / n:.4f}")
    emit("dump_errors", {
        "format": args.format, "half": args.half, "pages": len(pages),
        "precision_loss": {k: round(v / n, 4) for k, v in extra_by.items()},
        "recall_loss": {k: round(v / n, 4) for k, v in lost_by.most_common(15)},
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
