"""Story pictures as links: a published page makes no request outside the site."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

# Sanitized HTML (nh3 output) writes every attribute as name="value" with '"'
# escaped (a '>' may stay raw inside the quotes), so tags can be read with
# patterns instead of a second parse.
_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)\b((?:[^>"]|"[^"]*")*)>', re.I)
_ATTR = re.compile(r'([a-zA-Z-]+)="([^"]*)"')
LABEL = "Picture"


def _attributes(raw: str) -> dict[str, str]:
    """Attribute text of a sanitized tag -> {name: unescaped value}."""
    return {m.group(1).lower(): html.unescape(m.group(2)) for m in _ATTR.finditer(raw)}


def resolve_picture_url(src: str, base_url: str | None) -> str | None:
    """Picture source + the story's own address -> an absolute http(s) URL, or None."""
    src = src.strip()
    if base_url and not urlsplit(src).scheme:
        src = urljoin(base_url, src)
    elif src.startswith("//"):
        src = "https:" + src
    return src if urlsplit(src).scheme in ("http", "https") and urlsplit(src).netloc else None


def link_pictures(fragment: str, base_url: str | None = None) -> str:
    """Sanitized story HTML -> the same HTML with each <img> replaced by a link to the picture.

    Loading a picture from the site it was scraped from would leak every
    reader's visit to that site and fail offline; a link labelled with the
    picture's text alternative keeps what the picture says and lets the reader
    choose. A picture inside a link, or whose address cannot be resolved,
    becomes its label only (a link may not hold another link).
    """
    if "<img" not in fragment.lower():
        return fragment
    out: list[str] = []
    pos = 0
    link_depth = 0
    for m in _TAG.finditer(fragment):
        closing, name = m.group(1), m.group(2).lower()
        if name == "a":
            link_depth = max(0, link_depth - 1) if closing else link_depth + 1
            continue
        if name != "img" or closing:
            continue
        out.append(fragment[pos : m.start()])
        pos = m.end()
        attrs = _attributes(m.group(3))
        alt = " ".join(attrs.get("alt", "").split())
        label = html.escape(f"{LABEL}: {alt}" if alt else LABEL, quote=False)
        url = resolve_picture_url(attrs.get("src", ""), base_url)
        if url is None or link_depth:
            out.append(f'<span class="picture-link">{label}</span>')
        else:
            out.append(f'<a class="picture-link" href="{html.escape(url)}" '
                       f'rel="noopener noreferrer">{label}</a>')
    out.append(fragment[pos:])
    return "".join(out)
