"""Bound the work a huge page can cause: shrink_html(html) -> at most about max_bytes of HTML.

Real article pages are mostly scripts, styles and inline SVG; without them
they fit in a few hundred kilobytes. A page that is still larger (a 20 MB
dump of table rows, an endless comment thread) would make the extractor
take minutes, so only the window of the page with the most running text is
kept, plus the <head> for metadata. The window is found on a cheap
segment-level scan, by structure alone.
"""

from __future__ import annotations

import re

MAX_BYTES = 300_000
_DROP = re.compile(
    r"<(script|style|svg|noscript|template|iframe)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S
)
_HEAD = re.compile(r"<head\b.*?</head\s*>", re.I | re.S)
_LINK = re.compile(r"<a\b[^>]*>.*?</a\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
CHUNK = 4096


def _text_weight(segment: str) -> int:
    """Characters of running text in a segment, not counting link text."""
    return len(" ".join(_TAG.sub(" ", _LINK.sub(" ", segment)).split()))


def _chunks(body: str) -> list[str]:
    """Body HTML -> consecutive pieces of about CHUNK characters, cut just before a tag."""
    pieces, start = [], 0
    while start < len(body):
        end = body.find("<", start + CHUNK)
        end = len(body) if end < 0 else end
        pieces.append(body[start:end])
        start = end
    return pieces


def shrink_html(html: str, max_bytes: int = MAX_BYTES) -> str:
    """An HTML page -> the same page without scripts/styles, cut to its densest text window."""
    if len(html) <= max_bytes:
        return html
    html = _DROP.sub("", html)
    if len(html) <= max_bytes:
        return html
    head_match = _HEAD.search(html[:max_bytes])
    head = head_match.group(0) if head_match else ""
    body = html[head_match.end():] if head_match else html
    segments = _chunks(body)
    # Each chunk scores its running text minus a share of its markup; the best
    # run of chunks (maximum subarray) is where the story is.
    scores = [2 * _text_weight(s) - len(s) // 2 for s in segments]
    best, best_start, best_end = 0, 0, 0
    run, run_start = 0, 0
    for i, score in enumerate(scores):
        if run <= 0:
            run, run_start = 0, i
        run += score
        if run > best:
            best, best_start, best_end = run, run_start, i + 1
    if best_end == 0:
        best_start, best_end = 0, 1
    # Widen the window over neighbouring chunks that still carry text (plus one
    # chunk of margin each side, for a headline or a closing line) within budget.
    lo, hi = best_start, best_end
    size = sum(len(s) for s in segments[lo:hi])
    budget = max_bytes - len(head)
    while lo > 0 and scores[lo - 1] > 0 and size + len(segments[lo - 1]) < budget:
        lo -= 1
        size += len(segments[lo])
    while hi < len(segments) and scores[hi] > 0 and size + len(segments[hi]) < budget:
        size += len(segments[hi])
        hi += 1
    lo, hi = max(0, lo - 1), min(len(segments), hi + 1)
    return f"<html>{head}<body>{''.join(segments[lo:hi])}</body></html>"
