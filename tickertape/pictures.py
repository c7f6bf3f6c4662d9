"""Story pictures as links: a published page makes no request outside the site."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

# Sanitized HTML (nh3 output) writes every attribute as name="value" with '"'
# escaped (a '>' may stay raw inside the quotes), so tags can be read with
# patterns instead of a second parse.
_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)\b((?:[^>"]|"[^"]*")*)>', re.I)
_ATTR = re.compile(r'([a-zA-Z-]+)="([^"]*)"')
LABEL = "Picture"


def _attributes(raw: str) -> dict[str, str]:
    """Attribute text of a sanitized tag -> {name: unescaped value}."""
    return {m.group(1).lower(): html.unescape(m.group(2)) for m in _ATTR.finditer(raw)}


def picture_url(src: str) -> str | None:
    """Picture source -> the absolute http(s) URL it names, or None.

    Sources relative to the story's page were made absolute when it was cleaned
    (clean.absolutise_urls); one still relative names a file on an unknown site.
    """
    src = src.strip()
    if src.startswith("//"):
        src = "https:" + src
    parts = urlsplit(src)
    return src if parts.scheme in ("http", "https") and parts.netloc else None


def link_pictures(fragment: str) -> str:
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
        url = picture_url(attrs.get("src", ""))
        if url is None or link_depth:
            out.append(f'<span class="picture-link">{label}</span>')
        else:
            out.append(f'<a class="picture-link" href="{html.escape(url)}" '
                       f'rel="noopener noreferrer">{label}</a>')
    out.append(fragment[pos:])
    return "".join(out)
