"""HTML page cleaner outputs: store them for every benchmark page, or compare with a store.

Run from the repository root:
``python -m bench.htmlpage_outputs save [FILE]`` writes clean_page's output (html,
text, title, date, author, removed blocks) for the 181 pages of
../shared/corpora/article-extraction-benchmark to FILE (default
build/bench/htmlpage_outputs.json); ``python -m bench.htmlpage_outputs diff [FILE]``
runs the cleaner again and lists the pages whose output differs, field by field,
so a change meant to be a pure speed-up shows none. Also reports the CPU seconds
the cleaner took. The last line printed is one JSON object, also written to
build/bench/htmlpage_outputs.json (save) or build/bench/htmlpage_outputs_diff.json (diff).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from bench.cleaning_html import CORPUS, load_corpus
from bench.common import OUT
from tickertape.htmlpage import PageArticle, clean_page

DEFAULT_STORE = OUT / "htmlpage_outputs.json"


def describe(article: PageArticle) -> dict[str, Any]:
    """PageArticle -> plain JSON-ready fields for comparing runs."""
    return {
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "author": article.author,
        "url": article.url,
        "html": article.html,
        "text": article.text,
        "removed": [[r.rule, r.text] for r in article.removed],
    }


def clean_all(pages: dict[str, str]) -> tuple[dict[str, dict[str, Any]], float]:
    """Pages -> (key -> described output, CPU seconds spent cleaning)."""
    out: dict[str, dict[str, Any]] = {}
    spent = 0.0
    for key, html in pages.items():
        c0 = time.process_time()
        article = clean_page(html)
        spent += time.process_time() - c0
        out[key] = describe(article)
    return out, spent


def main(argv: list[str] | None = None) -> int:
    """Command line -> save or diff run; returns the exit code (1 when outputs differ)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("save", "diff"))
    parser.add_argument("store", nargs="?", type=Path, default=DEFAULT_STORE)
    args = parser.parse_args(argv)
    if not (CORPUS / "ground-truth.json").is_file():
        print(f"corpus absent: {CORPUS}", file=sys.stderr)
        print(json.dumps({"skipped": f"corpus absent: {CORPUS}"}))
        return 0
    pages, _ = load_corpus(CORPUS)
    outputs, spent = clean_all(pages)
    OUT.mkdir(parents=True, exist_ok=True)
    if args.mode == "save":
        args.store.parent.mkdir(parents=True, exist_ok=True)
        args.store.write_text(json.dumps(outputs, ensure_ascii=False, indent=0) + "\n", "utf-8")
        result: dict[str, Any] = {"saved": str(args.store), "pages": len(outputs)}
    else:
        stored = json.loads(args.store.read_text("utf-8"))
        differing: dict[str, list[str]] = {}
        for key, now in outputs.items():
            before = stored.get(key, {})
            fields = [f for f in now if now[f] != before.get(f)]
            if fields:
                differing[key[:10]] = fields
        for key, fields in differing.items():
            print(f"{key} differs in {', '.join(fields)}")
        result = {"pages": len(outputs), "differing": len(differing), "pages_differing": differing}
        (OUT / "htmlpage_outputs_diff.json").write_text(json.dumps(result) + "\n", "utf-8")
    result["cpu_s"] = round(spent, 2)
    print(json.dumps(result))
    return 1 if result.get("differing") else 0


if __name__ == "__main__":
    raise SystemExit(main())
