"""`tickertape clean|tickers|build ...`: inspect sources by hand and build the site."""

from __future__ import annotations

import argparse
import atexit
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from tickertape.errors import UnreadableSource
from tickertape.models import CleanArticle
from tickertape.sidecar import read_sidecar
from tickertape.sources import read_source


def _article_json(path: str, article: CleanArticle) -> dict[str, Any]:
    from tickertape.tickers import find_tickers, tickers_of

    tickers = tickers_of(find_tickers(f"{article.title or ''}\n\n{article.text}"))
    return {
        "source": path,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "author": article.author,
        "url": article.url,
        "tickers": [
            {"symbol": t.symbol, "exchange": t.exchange, "mic": t.mic, "name": t.name}
            for t in tickers
        ],
        "summary": article.summary,
        "text": article.text,
        "html": article.html,
        "removed": [{"rule": b.rule, "text": b.text} for b in article.removed],
        "removed_chars": article.removed_chars,
    }


def _clean_one(path: str) -> CleanArticle:
    from tickertape.clean import clean_source

    source = read_source(path)
    return clean_source(source, url=read_sidecar(path + ".meta").get("url"))


def _explain(article: CleanArticle) -> str:
    lines = [f"{len(article.removed)} blocks removed ({article.removed_chars} characters):"]
    for block in article.removed:
        text = " ".join(block.text.split())
        lines.append(f"  [{block.rule}] {text[:160]}{'…' if len(text) > 160 else ''}")
    return "\n".join(lines)


def run_clean(args: argparse.Namespace) -> int:
    """`tickertape clean SOURCE... [--format json|jsonl|text] [--explain]`."""
    fmt = args.format or ("jsonl" if len(args.sources) > 1 else "json")
    if fmt != "jsonl" and len(args.sources) > 1:
        print("tickertape clean: several sources need --format jsonl", file=sys.stderr)
        return 2
    status = 0
    for path in args.sources:
        try:
            article = _clean_one(path)
        except UnreadableSource as exc:
            print(f"tickertape clean: {exc.path}: {exc.reason}", file=sys.stderr)
            if fmt == "jsonl":
                print(json.dumps({"source": path, "error": exc.reason}, ensure_ascii=False))
            status = 1
            continue
        if fmt == "text":
            print(article.text)
        elif fmt == "json":
            print(json.dumps(_article_json(path, article), ensure_ascii=False, indent=2))
        else:
            print(json.dumps(_article_json(path, article), ensure_ascii=False))
        if args.explain:
            print(_explain(article), file=sys.stderr if fmt != "text" else sys.stdout)
    return status


def run_tickers(args: argparse.Namespace) -> int:
    """`tickertape tickers FILE...`: one JSON line per file with the mentions found."""
    from tickertape.clean import clean_source
    from tickertape.tickers import find_tickers

    status = 0
    for path in args.files:
        try:
            source = read_source(path)
        except UnreadableSource as exc:
            print(f"tickertape tickers: {exc.path}: {exc.reason}", file=sys.stderr)
            print(json.dumps({"source": path, "error": exc.reason}))
            status = 1
            continue
        text = source.text
        if source.kind == "html" or (args.clean and source.kind == "text"):
            article = clean_source(source)
            text = f"{article.title or ''}\n\n{article.text}"
        mentions = [
            {"symbol": m.symbol, "exchange": m.exchange, "mic": m.mic, "span": [m.start, m.end],
             "text": text[m.start : m.end], "form": m.form}
            for m in find_tickers(text)
        ]
        print(json.dumps({"source": path, "mentions": mentions}, ensure_ascii=False))
    return status


def run_build(args: argparse.Namespace) -> int:
    """`tickertape build -s SETTINGS -o OUTPUT`: build and publish atomically."""
    from tickertape.build import build_site

    return build_site(args.settings, args.output, content=args.content, verbose=args.verbose,
                      search=not args.no_search)


def make_parser() -> argparse.ArgumentParser:
    """-> the argument parser of the `tickertape` command."""
    parser = argparse.ArgumentParser(prog="tickertape", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    clean = sub.add_parser("clean", help="clean scraped sources and print the result")
    clean.add_argument("sources", nargs="+", help=".html/.htm/.txt files, gzip allowed")
    clean.add_argument("--format", choices=("json", "jsonl", "text"))
    clean.add_argument("--explain", action="store_true",
                       help="list every removed block with the rule that removed it")
    clean.set_defaults(func=run_clean)
    tick = sub.add_parser("tickers", help="print the ticker mentions found in files")
    tick.add_argument("files", nargs="+")
    tick.add_argument("--clean", action="store_true",
                      help="clean text dumps first (HTML pages are always cleaned)")
    tick.set_defaults(func=run_tickers)
    build = sub.add_parser("build", help="build the site into OUTPUT, swapped in atomically")
    build.add_argument("-s", "--settings", default="pelican.conf.py")
    build.add_argument("-o", "--output", default="output")
    build.add_argument("content", nargs="?", default=None)
    build.add_argument("-v", "--verbose", action="store_true")
    build.add_argument("--no-search", action="store_true",
                       help="skip the Pagefind search index (the site then has no search)")
    build.set_defaults(func=run_build)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point -> exit status."""
    args = make_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        return 0


def console() -> None:
    """The `tickertape` command: main(), then exit without freeing every object one by one.

    A build of a large archive leaves millions of objects alive; tearing the
    interpreter down frees each of them, which takes a noticeable share of a
    rebuild and only gives back memory the system reclaims at exit anyway.
    The exit handlers still run and the output is flushed.
    """
    try:
        status = main()
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)


if __name__ == "__main__":
    raise SystemExit(main())
