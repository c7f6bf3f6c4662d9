"""Text-dump cleaning: body precision/recall/F1 on w3m and lynx dumps, speed, metadata, the seed.

Run from the repository root: ``python -m bench.cleaning_text [--worst N] [--format w3m]``.
Corpus: ../shared/corpora/article-extraction-benchmark (text/w3m, text/lynx,
ground-truth.json). Pages are split by the first hex digit of their key into
the half the rules were developed on (0-7) and the held-out half (8-f), so a
gap between the two shows rules tuned to pages. Metadata is checked against
what each page's own HTML markup states (<h1>/og:title, published-time meta,
author meta), where it states it; 20 dumps' metadata go to
build/bench/text_metadata_sample.json for checking by hand. The seed check
runs even when the corpus is absent. The last line printed is the JSON written
to build/bench/cleaning_text.json.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import CORPORA, SHARED
from bench.score import PageScore, score_page, summarise
from tickertape.textdump import DumpArticle, clean_dump
from tickertape.widgets import reset_widget_cache

ROOT = Path(__file__).resolve().parents[1]
CORPUS = CORPORA / "article-extraction-benchmark"
SEED = SHARED / "seeds" / "000_002b7a9e86b5bf81.txt"
SEED_COPY = ROOT / "tests" / "golden" / "text" / "seed.in.txt"
OUT = ROOT / "build" / "bench" / "cleaning_text.json"
SAMPLE_OUT = ROOT / "build" / "bench" / "text_metadata_sample.json"
SAMPLE_SIZE = 20
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


@dataclass(frozen=True)
class PageMeta:
    """What a page's own markup says about it: headline(s), publication day, author names."""

    titles: tuple[str, ...]
    day: str | None  # YYYY-MM-DD
    authors: tuple[str, ...]


_TAG = re.compile(r"<[^>]+>")
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S | re.I)
_JSON_DATE = re.compile(r'"datePublished"\s*:\s*"(\d{4}-\d\d-\d\d)')
_JSON_AUTHOR = re.compile(r'"author"\s*:\s*\[?\s*\{[^}]*?"name"\s*:\s*"([^"]+)"')


def _meta(page: str, name: str) -> str | None:
    """HTML page and a meta name or property -> its content, or None."""
    found = re.search(
        rf"<meta[^>]+(?:property|name|itemprop)=[\"']{re.escape(name)}[\"'][^>]*content=[\"']([^\"']*)",
        page, re.I,
    ) or re.search(
        rf"<meta[^>]+content=[\"']([^\"']*)[\"'][^>]*(?:property|name|itemprop)=[\"']{re.escape(name)}[\"']",
        page, re.I,
    )
    return html.unescape(found.group(1)).strip() if found else None


def read_page_meta(page: str) -> PageMeta:
    """Raw HTML page -> headline, publication day and authors as its markup states them."""
    titles = [html.unescape(_TAG.sub(" ", m)).strip() for m in _H1.findall(page)[:2]]
    titles += [t for t in (_meta(page, "og:title"), _meta(page, "twitter:title")) if t]
    published = _meta(page, "article:published_time") or _meta(page, "datePublished")
    if not published:
        found = _JSON_DATE.search(page)
        published = found.group(1) if found else None
    day = published[:10] if published and re.match(r"\d{4}-\d\d-\d\d", published) else None
    authors = [a for a in (_meta(page, "author"), _meta(page, "parsely-author")) if a]
    authors += _JSON_AUTHOR.findall(page)[:3]
    return PageMeta(tuple(titles), day, tuple(a for a in authors if not a.startswith("http")))


def _words(text: str | None) -> set[str]:
    """Text -> its lower-case words."""
    return set(re.findall(r"\w+", (text or "").lower()))


def title_agrees(title: str | None, meta: PageMeta) -> bool:
    """Extracted title and the page's markup -> whether they name the same headline
    (most words shared both ways with the <h1>, og:title or twitter:title)."""
    mine = _words(title)
    for reference in map(_words, meta.titles):
        shared = len(mine & reference)
        if mine and reference and shared >= 0.7 * len(mine) and shared >= 0.7 * len(reference):
            return True
    return False


def date_agrees(date: datetime | None, meta: PageMeta) -> bool:
    """Extracted date and the page's markup -> same day, give or take the time zone."""
    if date is None or meta.day is None:
        return False
    marked = datetime.strptime(meta.day, "%Y-%m-%d").date()
    return abs(date.date() - marked) <= timedelta(days=1)


def author_agrees(author: str | None, meta: PageMeta) -> bool:
    """Extracted author and the page's markup -> whether the names share their words."""
    mine = _words(author)
    return bool(mine) and any(mine <= _words(name) for name in meta.authors)


def describe_metadata(
    results: dict[str, DumpArticle], metas: dict[str, PageMeta]
) -> dict[str, Any]:
    """Cleaner results and page markup -> shares found and shares agreeing with the markup."""
    n = len(results) or 1
    with_day = [k for k in results if metas[k].day]
    with_author = [k for k in results if metas[k].authors]
    return {
        "title_share": round(sum(bool(r.title) for r in results.values()) / n, 3),
        "date_share": round(sum(r.date is not None for r in results.values()) / n, 3),
        "author_share": round(sum(bool(r.author) for r in results.values()) / n, 3),
        "title_agrees": round(
            sum(title_agrees(results[k].title, metas[k]) for k in results) / n, 3
        ),
        "date_agrees": round(
            sum(date_agrees(results[k].date, metas[k]) for k in with_day) / (len(with_day) or 1), 3
        ),
        "author_agrees": round(
            sum(author_agrees(results[k].author, metas[k]) for k in with_author)
            / (len(with_author) or 1), 3
        ),
        "pages_with_marked_date": len(with_day),
        "pages_with_marked_author": len(with_author),
    }


def write_sample(samples: list[dict[str, Any]]) -> None:
    """Sampled dumps' metadata (extracted and as marked up) -> text_metadata_sample.json."""
    SAMPLE_OUT.parent.mkdir(parents=True, exist_ok=True)
    SAMPLE_OUT.write_text(json.dumps(samples, ensure_ascii=False, indent=1) + "\n", "utf-8")


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


def run_format(
    fmt: str, truth: dict[str, Any], metas: dict[str, PageMeta], worst: int
) -> dict[str, Any]:
    """Dump format, ground truth and page markup -> overall and per-half scores, dumps/s
    (wall clock and CPU time) and metadata shares."""
    folder = CORPUS / "text" / fmt
    keys = sorted(k for k in truth if (folder / f"{k}.txt").exists())
    texts = {k: read_dump(folder / f"{k}.txt") for k in keys}
    results: dict[str, DumpArticle] = {}
    passes: list[float] = []
    cpu: list[float] = []
    for _ in range(SPEED_PASSES):
        reset_widget_cache()  # each pass starts cold, as a fresh build would
        t0, c0 = time.perf_counter(), time.process_time()
        for k in keys:
            results[k] = clean_dump(texts[k])
        passes.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
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
    # CPU time of this process: on a shared, noisy machine it varies less than wall time.
    out["dumps_per_cpu_s"] = round(len(keys) / statistics.median(cpu), 1)
    out["metadata"] = describe_metadata(results, {k: metas[k] for k in keys})
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


def sample_metadata(truth: dict[str, Any], metas: dict[str, PageMeta]) -> list[dict[str, Any]]:
    """Ground truth and markup -> metadata of SAMPLE_SIZE evenly spread w3m dumps, with what
    the page's markup says, for checking by hand."""
    folder = CORPUS / "text" / "w3m"
    keys = sorted(k for k in truth if (folder / f"{k}.txt").exists())
    step = max(1, len(keys) // SAMPLE_SIZE)
    samples = []
    for k in keys[::step][:SAMPLE_SIZE]:
        art = clean_dump(read_dump(folder / f"{k}.txt"))
        meta = metas[k]
        samples.append({
            "key": k,
            "url": truth[k].get("url"),
            "title": art.title,
            "date": art.date.isoformat() if art.date else None,
            "author": art.author,
            "marked_titles": list(meta.titles),
            "marked_day": meta.day,
            "marked_authors": list(meta.authors),
            "agrees": {
                "title": title_agrees(art.title, meta),
                "date": date_agrees(art.date, meta),
                "author": author_agrees(art.author, meta),
            },
        })
    return samples


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
        metas = {
            k: read_page_meta(gzip.decompress((CORPUS / "html" / f"{k}.html.gz").read_bytes())
                              .decode("utf-8", errors="replace"))
            for k in truth
            if (CORPUS / "html" / f"{k}.html.gz").exists()
        }
        metas.update({k: PageMeta((), None, ()) for k in truth if k not in metas})
        for fmt in args.format or FORMATS:
            result[fmt] = run_format(fmt, truth, metas, args.worst)
            r = result[fmt]
            m = r["metadata"]
            print(
                f"{fmt}: P={r['precision']:.4f} R={r['recall']:.4f} F1={r['f1']:.4f}"
                f" | 0-7 F1={r['dev_0_7']['f1']:.4f} R={r['dev_0_7']['recall']:.4f}"
                f" | 8-f F1={r['heldout_8_f']['f1']:.4f} R={r['heldout_8_f']['recall']:.4f}"
                f" | {r['dumps_per_s']} dumps/s ({r['dumps_per_cpu_s']} per CPU s)"
            )
            print(
                f"{fmt} metadata: found title {m['title_share']:.3f} date {m['date_share']:.3f}"
                f" author {m['author_share']:.3f} | agrees with markup: title"
                f" {m['title_agrees']:.3f} date {m['date_agrees']:.3f}"
                f" author {m['author_agrees']:.3f}"
            )
        write_sample(sample_metadata(truth, metas))
        result["metadata_sample"] = str(SAMPLE_OUT.relative_to(ROOT))
    line = json.dumps(result, ensure_ascii=False, sort_keys=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(line + "\n", "utf-8")
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
