"""Clean a raw source into a publishable article.

clean_html(...) / clean_text(...) -> CleanArticle.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from tickertape.errors import UnreadableSource
from tickertape.models import CleanArticle, Source
from tickertape.sanitize import cap_depth, clean_text_value, sanitize_html, strip_controls
from tickertape.shrink import shrink_html

SUMMARY_CHARS = 280
_URL_ATTR = re.compile(r"""(\s(?:href|src)\s*=\s*)(["'])(.*?)\2""", re.I | re.S)
_BLANKS = re.compile(r"\n{3,}")


def absolutise_urls(fragment: str, base: str | None) -> str:
    """HTML and the page's URL -> the same HTML with relative href/src made absolute."""
    if not base or not urlsplit(base).scheme.startswith("http"):
        return fragment

    def fix(m: re.Match[str]) -> str:
        value = htmllib.unescape(m.group(3)).strip()
        if value.startswith(("#", "javascript:", "data:", "mailto:")) or urlsplit(value).scheme:
            return m.group(0)
        return f"{m.group(1)}{m.group(2)}{htmllib.escape(urljoin(base, value))}{m.group(2)}"

    return _URL_ATTR.sub(fix, fragment)


def summarise_text(text: str, limit: int = SUMMARY_CHARS) -> str:
    """Body text -> its first paragraph, cut at a word boundary to about `limit` characters."""
    first = next((p.strip() for p in text.split("\n\n") if len(p.strip()) > 40), text.strip())
    first = " ".join(first.split())
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0].rstrip(",;:-–—")
    return cut + "…"


def render_blocks(blocks: Iterable[tuple[str, str]]) -> str:
    """(kind, text) blocks of a text dump -> escaped HTML (lists grouped into <ul>)."""
    out: list[str] = []
    in_list = False
    tags = {"p": "p", "h": "h2", "quote": "blockquote", "pre": "pre"}
    for kind, text in blocks:
        escaped = htmllib.escape(text, quote=False)
        if kind == "li":
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{escaped}</li>")
            continue
        if in_list:
            out.append("</ul>")
            in_list = False
        tag = tags.get(kind, "p")
        out.append(f"<{tag}>{escaped}</{tag}>")
    if in_list:
        out.append("</ul>")
    return "\n".join(out)


def clean_html(page: str, *, url: str | None = None) -> CleanArticle:
    """A full HTML page -> CleanArticle (extracted, widget-free, sanitized)."""
    from tickertape.htmlpage import clean_page  # heavy import (trafilatura): only when needed

    # Deep nesting is flattened and huge pages cut to their densest text window
    # first: both would otherwise cost the parser and extractor minutes.
    result = clean_page(cap_depth(shrink_html(strip_controls(page))), url=url)
    base = url or result.url
    body = sanitize_html(absolutise_urls(result.html, base))
    text = _BLANKS.sub("\n\n", strip_controls(result.text).strip())
    return CleanArticle(
        title=clean_text_value(result.title),
        date=result.date,
        author=clean_text_value(result.author),
        html=body,
        text=text,
        removed=tuple(result.removed),
        url=base,
        summary=summarise_text(text),
    )


def clean_text(dump: str) -> CleanArticle:
    """A plain-text dump of a page -> CleanArticle (blocks classified, widgets dropped)."""
    from tickertape.dumpmeta import find_dump_meta
    from tickertape.figures import figure_rows, find_figure_story
    from tickertape.textdump import clean_dump

    dump = strip_controls(dump)
    result = clean_dump(dump)
    blocks = [(b.kind, b.text) for b in result.blocks]
    removed = result.removed
    taken: set[str] = set()
    if not blocks:
        # No prose: the story may be a table of figures under its headline.
        span = find_figure_story(removed)
        if span is not None:
            start, end = span
            blocks = [("pre", "\n".join(figure_rows(removed[start:end])))]
            taken = {b.text for b in removed[start:end]}
            removed = removed[:start] + removed[end:]
    text = "\n\n".join(t for _, t in blocks)
    # The headline and byline read off the lines above the story win over the
    # block classifier's guesses; its date stands when it found one.
    meta = find_dump_meta(dump, blocks[0][1] if blocks else "")
    author = meta.author or result.author
    return CleanArticle(
        title=clean_text_value(meta.title or result.title),
        date=result.date or meta.date,
        # A figure row read as a name is no author.
        author=clean_text_value(None if author in taken else author),
        html=render_blocks(blocks),
        text=text,
        removed=tuple(removed),
        summary=summarise_text(text),
    )


def clean_source(source: Source, *, url: str | None = None) -> CleanArticle:
    """A decoded Source -> CleanArticle, by its kind (html page or text dump)."""
    if source.kind == "html":
        return clean_html(source.text, url=url)
    return clean_text(source.text)


def check_publishable(article: CleanArticle, path: str) -> None:
    """Raise UnreadableSource naming the reason when an article lacks a body, title or date."""
    if len(article.text.strip()) < 40:
        raise UnreadableSource(path, "no story text found")
    if not article.title:
        raise UnreadableSource(path, "no title found")
    if article.date is None:
        raise UnreadableSource(path, "no publication date found")
