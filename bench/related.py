"""Related-posts benchmark (metrics.md §4) on Reuters-21578, Distribution 1.0.

Pool: the 10,377 stories with a body and at least one TOPICS category. Each is
ranked among the pool (never itself); P@5 is the share of its five related
stories that share a topic with it (a list shorter than five counts the gap as
misses), averaged over the pool. Topics are only read to score, never passed to
the ranking. Cost: wall time of ranking all 19,043 stories with a body (median
of three fresh processes) and the peak RSS (VmHWM) of such a process, which
includes the interpreter, the libraries and the loaded corpus.

Incremental updates: for each refit share s, the pool's newest stories (by date,
then NEWID) that grow the rest by exactly s are held out, the model is fitted on
the rest, and the held-out stories are added one at a time through the update
path (no refit happens: s is the most an archive grows before one), so the final
lists show the largest drift that share allows. They are scored like the full
ranking and compared with it list by list. `update_ms` is the wall time of adding
the newest of the 19,043 stories to the state of the other 19,042 (bytes -> state,
update, state -> bytes), median of five.

    python -m bench.related                # the figures, last line JSON
    python -m bench.related --incremental  # only the incremental figures
    python -m bench.related --tune         # the sweeps the defaults were chosen from
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from bench.reuters import REUTERS_DIR, Story, load_stories
from tickertape.related import (
    RelatedDoc,
    RelatedSettings,
    fit_related,
    index_related,
    rank_related,
    update_related,
)
from tickertape.related_state import state_from_bytes, state_to_bytes

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "bench" / "related.json"
# Reuters marks company codes in angle brackets (decoded here to "<SRD>"); they play
# the part of the tickers the site's tagger would attach.
_CODE = re.compile(r"<([A-Z][A-Z0-9.]{0,7})>")
_COST_RUNS = 3
_UPDATE_RUNS = 5
# Refit shares measured; the default is the largest whose P@5 stays within
# _P5_TOLERANCE of the full ranking's.
_REFIT_SHARES = (0.005, 0.01, 0.02, 0.05)
_P5_TOLERANCE = 0.002


def ticker_codes(story: Story) -> tuple[str, ...]:
    """Story -> the upper-case Reuters codes of its headline and body, sorted."""
    return tuple(sorted(set(_CODE.findall(story.title)) | set(_CODE.findall(story.body))))


def to_docs(stories: Sequence[Story], tickers: bool = True) -> list[RelatedDoc]:
    """Stories -> RelatedDoc (key = zero-padded NEWID; topics are left out)."""
    return [
        RelatedDoc(
            key=f"{s.newid:05d}",
            title=s.title,
            text=s.body,
            date=s.date,
            tickers=ticker_codes(s) if tickers else (),
        )
        for s in stories
    ]


def precision_at_5(
    stories: Sequence[Story], related: dict[str, list[str]], only: set[int] | None = None
) -> float:
    """Stories, related keys -> mean share of the first five sharing a topic (gaps miss)."""
    topics = {f"{s.newid:05d}": set(s.topics) for s in stories}
    shares = []
    for s in stories:
        if only is not None and s.newid not in only:
            continue
        mine = topics[f"{s.newid:05d}"]
        hits = sum(bool(mine & topics[k]) for k in related[f"{s.newid:05d}"][:5])
        shares.append(hits / 5)
    return float(np.mean(shares))


def baseline_tfidf(stories: Sequence[Story], body_only: bool = False) -> dict[str, list[str]]:
    """Stories -> top 5 by plain TF-IDF cosine (the metrics.md anchor's settings)."""
    texts = [s.body if body_only else s.title + "\n" + s.body for s in stories]
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=2, max_df=0.5)
    matrix = sp.csr_matrix(vectorizer.fit_transform(texts), dtype=np.float32)
    keys = [f"{s.newid:05d}" for s in stories]
    out: dict[str, list[str]] = {}
    transposed = matrix.T.tocsr()
    for start in range(0, len(keys), 500):
        stop = min(len(keys), start + 500)
        sims = (matrix[start:stop] @ transposed).toarray()
        rows = np.arange(stop - start)
        sims[rows, rows + start] = -np.inf
        best = np.argpartition(-sims, 5, axis=1)[:, :5]
        for r in rows:
            order = sorted(best[r], key=lambda j: (-sims[r, j], j))
            out[keys[start + r]] = [keys[j] for j in order]
    return out


def random_related(stories: Sequence[Story], seed: int = 0) -> dict[str, list[str]]:
    """Stories -> five other stories drawn at random for each (seeded)."""
    rng = random.Random(seed)
    keys = [f"{s.newid:05d}" for s in stories]
    out = {}
    for i, key in enumerate(keys):
        picks = rng.sample(range(len(keys) - 1), 5)
        out[key] = [keys[j if j < i else j + 1] for j in picks]
    return out


def measure_cost(which: str) -> dict[str, Any]:
    """'pool' | 'all' -> seconds and peak RSS of one ranking, in a fresh process."""
    proc = subprocess.run(
        [sys.executable, "-m", "bench.related", "--cost", which],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def memory_mib(field: str) -> float:
    """'VmHWM' (peak) or 'VmRSS' (now) of this process in MiB, from /proc/self/status."""
    # ru_maxrss is no use in a child: Linux carries the parent's high-water mark
    # across fork and exec, so the child would report the bench's own peak.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_cost(which: str) -> None:
    """Rank the pool or every story with a body once; print seconds and RSS as JSON."""
    stories = [s for s in load_stories() if s.has_body and (which == "all" or s.topics)]
    docs = to_docs(stories)
    before = memory_mib("VmRSS")
    start, cpu_start = time.perf_counter(), time.process_time()
    related = rank_related(docs)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    peak = memory_mib("VmHWM")
    print(
        json.dumps(
            {
                "stories": len(docs),
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "peak_mib": round(peak, 1),
                "rss_before_mib": round(before, 1),
                "full_lists": sum(len(v) == 5 for v in related.values()),
            }
        )
    )


def cost_summary(which: str) -> dict[str, Any]:
    """'pool' | 'all' -> median seconds and max peak RSS over _COST_RUNS fresh processes."""
    runs = [measure_cost(which) for _ in range(_COST_RUNS)]
    return {
        "stories": runs[0]["stories"],
        "seconds": statistics.median(r["seconds"] for r in runs),
        "seconds_runs": [r["seconds"] for r in runs],
        # CPU time next to wall time: the machine is shared, and a wall time far
        # above the CPU time means the run waited for a core.
        "cpu_seconds_runs": [r["cpu_seconds"] for r in runs],
        "peak_mib": max(r["peak_mib"] for r in runs),
        "rss_before_mib": max(r["rss_before_mib"] for r in runs),
    }


def split(pool: Sequence[Story]) -> tuple[list[Story], list[Story]]:
    """Pool -> (even-NEWID stories, odd-NEWID stories)."""
    return [s for s in pool if s.newid % 2 == 0], [s for s in pool if s.newid % 2 == 1]


def evaluate(stories: Sequence[Story], settings: RelatedSettings, tickers: bool = True) -> float:
    """Stories, settings -> P@5 of the ranking of those stories among themselves."""
    return precision_at_5(stories, rank_related(to_docs(stories, tickers), settings))


def main() -> None:
    """Measure P@5, baselines and cost; print them and write the JSON line."""
    if not REUTERS_DIR.is_dir():
        print(f"Reuters-21578 not found at {REUTERS_DIR}")
        write_result({"skipped": f"corpus absent: {REUTERS_DIR}"})
        return
    stories = load_stories()
    pool = [s for s in stories if s.has_body and s.topics]
    even, odd = split(pool)
    settings = RelatedSettings()
    print(f"pool {len(pool)} stories ({len(even)} even NEWIDs, {len(odd)} odd)")

    index = index_related(to_docs(pool), settings)
    p5 = precision_at_5(pool, index.related)
    by_parity = {
        "even_queries": precision_at_5(pool, index.related, {s.newid for s in even}),
        "odd_queries": precision_at_5(pool, index.related, {s.newid for s in odd}),
    }
    p5_no_tickers = evaluate(pool, settings, tickers=False)
    tune_half = evaluate(even, settings)
    held_out = evaluate(odd, settings)
    print(
        f"P@5 pool {p5:.4f} (even queries {by_parity['even_queries']:.4f}, "
        f"odd {by_parity['odd_queries']:.4f}); without tickers {p5_no_tickers:.4f}"
    )
    print(
        f"P@5 even half alone (tuned on) {tune_half:.4f}, odd half alone (held out) {held_out:.4f}"
    )

    tfidf = precision_at_5(pool, baseline_tfidf(pool))
    tfidf_body = precision_at_5(pool, baseline_tfidf(pool, body_only=True))
    rand = precision_at_5(pool, random_related(pool))
    # The halves differ in difficulty by themselves: the same baseline on each.
    tfidf_even = precision_at_5(even, baseline_tfidf(even))
    tfidf_odd = precision_at_5(odd, baseline_tfidf(odd))
    print(
        f"baselines: TF-IDF cosine {tfidf:.4f} (body only {tfidf_body:.4f}; even half alone "
        f"{tfidf_even:.4f}, odd half alone {tfidf_odd:.4f}), random {rand:.4f}"
    )

    cost_all = cost_summary("all")
    cost_pool = cost_summary("pool")
    print(
        f"cost 19,043: {cost_all['seconds']} s (runs {cost_all['seconds_runs']}), "
        f"peak RSS {cost_all['peak_mib']} MiB; pool: {cost_pool['seconds']} s, "
        f"{cost_pool['peak_mib']} MiB"
    )

    incremental = incremental_summary(pool, index.related, p5)
    update = update_cost([s for s in stories if s.has_body])

    result = {
        "corpus": "Reuters-21578, Distribution 1.0",
        "pool": len(pool),
        "p_at_5": round(p5, 4),
        "p_at_5_even_queries": round(by_parity["even_queries"], 4),
        "p_at_5_odd_queries": round(by_parity["odd_queries"], 4),
        "p_at_5_without_tickers": round(p5_no_tickers, 4),
        "p_at_5_even_half_alone_tuned": round(tune_half, 4),
        "p_at_5_odd_half_alone_held_out": round(held_out, 4),
        "pool_full_lists": sum(len(v) == 5 for v in index.related.values()),
        "pool_duplicates": len(index.duplicates),
        "baseline_tfidf_p_at_5": round(tfidf, 4),
        "baseline_tfidf_body_only_p_at_5": round(tfidf_body, 4),
        "baseline_tfidf_even_half_alone": round(tfidf_even, 4),
        "baseline_tfidf_odd_half_alone": round(tfidf_odd, 4),
        "baseline_random_p_at_5": round(rand, 4),
        "seconds": cost_all["seconds"],
        "peak_mib": cost_all["peak_mib"],
        "cost_all": cost_all,
        "cost_pool": cost_pool,
        "memory_measure": "VmHWM of a fresh process: interpreter, libs, corpus, ranking",
        "incremental": incremental,
        "update_ms": update["update_ms"],
        "update": update,
        "settings": asdict(settings),
    }
    write_result(result)


def by_age(stories: Sequence[Story]) -> list[Story]:
    """Stories -> the same, oldest first (undated last, then NEWID)."""
    return sorted(stories, key=lambda s: (s.date is None, s.date or datetime.min, s.newid))


def incremental_summary(
    pool: Sequence[Story], full: dict[str, list[str]], full_p5: float
) -> dict[str, Any]:
    """Pool, its full ranking and P@5 -> per refit share: P@5 and lists equal to the full ones."""
    aged = by_age(pool)
    rows = []
    for share in _REFIT_SHARES:
        settings = RelatedSettings(refit_share=share)
        # The newest `added` stories grow the rest by `share` exactly (rounded down).
        added = int(len(aged) * share / (1.0 + share))
        fitted, newest = aged[: len(aged) - added], aged[len(aged) - added :]
        docs = to_docs(fitted)
        start = time.perf_counter()
        fit_index, state = fit_related(docs, settings)
        fit_seconds = time.perf_counter() - start
        assert state is not None
        related = fit_index.related
        changed = 0
        seconds = 0.0
        for story in to_docs(newest):
            docs.append(story)
            start = time.perf_counter()
            step = update_related(state, docs, settings)
            seconds += time.perf_counter() - start
            assert step is not None, "the update path refused an addition within refit_share"
            index, state = step
            # Older pages whose related list this one story changed.
            changed += sum(index.related[k] != v for k, v in related.items())
            related = index.related
        per_story = seconds / max(added, 1)
        p5 = precision_at_5(pool, related)
        same = sum(related[k] == full[k] for k in full) / len(full)
        rows.append(
            {
                "refit_share": share,
                "fitted": len(fitted),
                "added_one_at_a_time": added,
                "p_at_5": round(p5, 4),
                "p_at_5_full": round(full_p5, 4),
                "p_at_5_delta": round(p5 - full_p5, 4),
                "lists_identical_share": round(same, 4),
                "older_lists_changed_per_story": round(changed / max(added, 1), 2),
                "fit_seconds": round(fit_seconds, 2),
                "update_ms_per_story": round(1000 * per_story, 1),
            }
        )
        print(
            f"incremental, refit share {share}: fitted {len(fitted)}, added {added} one at a "
            f"time: P@5 {p5:.4f} (full {full_p5:.4f}), {same:.1%} of lists as the full ranking's, "
            f"{changed / max(added, 1):.1f} older lists changed and {1000 * per_story:.0f} ms "
            "per story",
            flush=True,
        )
    within = [r["refit_share"] for r in rows if abs(r["p_at_5_delta"]) <= _P5_TOLERANCE]
    return {
        "method": "pool's newest stories (date, NEWID) growing the rest by the share, "
        "added one at a time without refit",
        "tolerance": _P5_TOLERANCE,
        "largest_share_within_tolerance": max(within, default=None),
        "shares": rows,
    }


def update_cost(stories: Sequence[Story]) -> dict[str, Any]:
    """All stories with a body -> time of adding the newest to the state of the others."""
    aged = by_age(stories)
    settings = RelatedSettings()
    before, newest = to_docs(aged[:-1]), to_docs(aged[-1:])
    old_index, state = fit_related(before, settings)
    assert state is not None
    blob = state_to_bytes(state)
    docs = before + newest
    runs, load, update, save = [], [], [], []
    for _ in range(_UPDATE_RUNS):
        t0 = time.perf_counter()
        loaded = state_from_bytes(blob)
        t1 = time.perf_counter()
        step = update_related(loaded, docs, settings)
        t2 = time.perf_counter()
        assert step is not None
        new_blob = state_to_bytes(step[1])
        t3 = time.perf_counter()
        runs.append(1000 * (t3 - t0))
        load.append(1000 * (t1 - t0))
        update.append(1000 * (t2 - t1))
        save.append(1000 * (t3 - t2))
    updated = step[0].related
    full = index_related(docs, settings).related
    old = old_index.related
    # Pages whose related list changes (and must be written again) after one new story.
    changed_update = sum(updated[k] != v for k, v in old.items())
    changed_full = sum(full[k] != v for k, v in old.items())
    result = {
        "stories_before": len(before),
        "update_ms": round(statistics.median(runs), 1),
        "update_ms_runs": [round(r, 1) for r in runs],
        "load_ms": round(statistics.median(load), 1),
        "score_ms": round(statistics.median(update), 1),
        "save_ms": round(statistics.median(save), 1),
        "state_mib": round(len(blob) / 2**20, 1),
        "new_state_mib": round(len(new_blob) / 2**20, 1),
        "old_lists_changed_by_update": changed_update,
        "old_lists_changed_by_full_ranking": changed_full,
        "new_story_list_as_full": updated[newest[0].key] == full[newest[0].key],
    }
    print(
        f"adding one story to {len(before)}: {result['update_ms']} ms (load "
        f"{result['load_ms']}, update {result['score_ms']}, save {result['save_ms']}; state "
        f"{result['state_mib']} MiB); older lists changed: {changed_update} by the update, "
        f"{changed_full} by a full ranking",
        flush=True,
    )
    return result


def run_incremental() -> None:
    """Print only the incremental figures (no JSON file written)."""
    stories = load_stories()
    pool = [s for s in stories if s.has_body and s.topics]
    full = index_related(to_docs(pool)).related
    incremental_summary(pool, full, precision_at_5(pool, full))
    update_cost([s for s in stories if s.has_body])


def write_result(result: dict[str, Any]) -> None:
    """Result -> build/bench/related.json and the last printed line."""
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result) + "\n", encoding="utf-8")
    print(json.dumps(result))


def tune() -> None:
    """Sweep each setting around the defaults on the even half; show the odd half alongside."""
    pool = [s for s in load_stories() if s.has_body and s.topics]
    even, odd = split(pool)
    base = RelatedSettings(min_score=0.0)
    sweeps: dict[str, list[Any]] = {
        "title_weight": [0.0, 0.2, 0.3, 0.4, 0.5, 0.7],
        "lexical_weight": [0.0, 0.15, 0.3, 0.45, 0.6, 1.0],
        "dimensions": [64, 100, 150, 200, 250, 300],
        "feedback": [0.0, 0.5, 1.0, 2.0],
        "feedback_docs": [5, 10, 20],
        "candidates": [10, 20, 30, 50],
        "ticker_weight": [0.0, 0.05, 0.1, 0.2, 0.3],
        "recency_weight": [0.0, 0.02, 0.05, 0.1, 0.2],
        "half_life_days": [3.0, 10.0, 30.0, 90.0],
        "duplicate_threshold": [0.8, 0.9, 0.95, 1.01],
        "duplicate_min_terms": [0, 20, 40],
    }
    print("setting value: P@5 even half (tuning) / odd half (held out)")
    for name, values in sweeps.items():
        for value in values:
            settings = replace(base, **{name: value})
            print(
                f"{name} {value}: {evaluate(even, settings):.4f} / {evaluate(odd, settings):.4f}",
                flush=True,
            )
    print_score_bins(even)


def print_score_bins(stories: Sequence[Story]) -> None:
    """Stories -> print, per archive size, the share of top-5 pairs sharing a topic by score."""
    # Scores run higher in a big archive (closer neighbours, and the latent space
    # only applies past `dimensions` stories), so min_score is read off archives of
    # several sizes: random subsets of the stories, about 3,000 stories in all.
    bins = np.array([0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, np.inf])
    rng = random.Random(0)
    chance_pairs = [rng.sample(list(stories), 2) for _ in range(20000)]
    chance = np.mean([bool(set(a.topics) & set(b.topics)) for a, b in chance_pairs])
    print(f"share of top-5 pairs sharing a topic, by score (random pairs: {chance:.3f})")
    settings = RelatedSettings(min_score=0.0)
    for size in (40, 90, 300, 1000, len(stories)):
        pairs = np.zeros(len(bins) - 1)
        hits = np.zeros(len(bins) - 1)
        for _ in range(max(1, 3000 // size)):
            sample = rng.sample(list(stories), size) if size < len(stories) else list(stories)
            topics = {f"{s.newid:05d}": set(s.topics) for s in sample}
            related = rank_related(to_docs(sample), settings)
            scored = _scores(to_docs(sample), settings)
            for key, keys in related.items():
                for other in keys:
                    b = int(np.searchsorted(bins, scored[key, other], side="right")) - 1
                    pairs[b] += 1
                    hits[b] += bool(topics[key] & topics[other])
        cells = [
            f"{lo:.2f}+ {int(c)} {h / c:.2f}" if c else f"{lo:.2f}+ 0 -"
            for lo, c, h in zip(bins[:-1], pairs, hits, strict=True)
        ]
        print(f"  archive of {size}: " + " | ".join(cells))


def _scores(docs: list[RelatedDoc], settings: RelatedSettings) -> dict[tuple[str, str], float]:
    """Articles -> {(key, candidate key): final score} over every candidate pair."""
    from tickertape.related import _order_docs, _score_candidates

    ordered = _order_docs(docs)
    cands = _score_candidates(ordered, settings)
    return {
        (d.key, ordered[j].key): float(score)
        for d, row, scores in zip(ordered, cands.index, cands.score, strict=True)
        for j, score in zip(row, scores, strict=True)
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="print the sweeps behind the defaults")
    parser.add_argument("--cost", choices=["pool", "all"], help=argparse.SUPPRESS)
    parser.add_argument(
        "--incremental", action="store_true", help="print only the incremental-update figures"
    )
    args = parser.parse_args()
    if args.cost:
        run_cost(args.cost)
    elif args.incremental:
        if REUTERS_DIR.is_dir():
            run_incremental()
        else:
            print(f"Reuters-21578 not found at {REUTERS_DIR}")
    elif args.tune:
        if REUTERS_DIR.is_dir():
            tune()
        else:
            print(f"Reuters-21578 not found at {REUTERS_DIR}")
    else:
        main()
