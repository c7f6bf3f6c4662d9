"""Story pictures become labelled links (tickertape.pictures)."""

from __future__ import annotations

import re

import pytest

from tickertape.clean import absolutise_urls
from tickertape.pictures import link_pictures
from tickertape.sanitize import sanitize_html

BASE = "https://news.example/2019/11/story.html"


@pytest.mark.parametrize("src, base, url", [
    ("https://cdn.example/a.jpg", None, "https://cdn.example/a.jpg"),
    ("http://cdn.example/a.jpg", BASE, "http://cdn.example/a.jpg"),
    ("//cdn.example/a.jpg", None, "https://cdn.example/a.jpg"),
    ("//cdn.example/a.jpg", BASE, "https://cdn.example/a.jpg"),
    ("/img/a.jpg", BASE, "https://news.example/img/a.jpg"),
    ("a.jpg", BASE, "https://news.example/2019/11/a.jpg"),
    ("/img/a.jpg", None, None),  # a path on an unknown site
    ("a.jpg", None, None),
    ("ftp://cdn.example/a.jpg", BASE, None),
    ("", None, None),
])
def test_picture_link_address(src: str, base: str | None, url: str | None) -> None:
    """Cleaning makes page-relative sources absolute; the link takes what results."""
    out = link_pictures(sanitize_html(absolutise_urls(f'<img src="{src}" alt="x">', base)))
    href = re.search(r'href="([^"]*)"', out)
    assert (href.group(1) if href else None) == url


@pytest.mark.parametrize("body, base, want", [
    # A picture in a paragraph: a link labelled with its text alternative.
    ('<p>Sales fell.<img src="https://cdn.example/a.jpg" alt="A store"></p>', None,
     '<p>Sales fell.<a class="picture-link" href="https://cdn.example/a.jpg" '
     'rel="noopener noreferrer">Picture: A store</a></p>'),
    # In a figure the caption stays; a page-relative source is resolved.
    ('<figure><img src="/i/a.jpg" alt="CEO"><figcaption>The CEO.</figcaption></figure>', BASE,
     '<figure><a class="picture-link" href="https://news.example/i/a.jpg" '
     'rel="noopener noreferrer">Picture: CEO</a><figcaption>The CEO.</figcaption></figure>'),
    # Inside a link: the label only, as a link may not hold another link.
    ('<a href="https://x.example/">Go <img src="https://x.example/b.png" alt="Logo"></a>', None,
     '<a href="https://x.example/" rel="noopener noreferrer">Go '
     '<span class="picture-link">Picture: Logo</span></a>'),
    # An address that cannot be resolved: the label only.
    ('<p><img src="/i/a.jpg" alt="Chart"></p>', None,
     '<p><span class="picture-link">Picture: Chart</span></p>'),
    # Escaping survives the round trip; the query string is kept.
    ('<p><img src="https://c.example/a.jpg?w=1&h=2" alt="P&amp;L <2019>"></p>', None,
     '<p><a class="picture-link" href="https://c.example/a.jpg?w=1&amp;h=2" '
     'rel="noopener noreferrer">Picture: P&amp;L &lt;2019&gt;</a></p>'),
    # No picture: unchanged.
    ("<p>Plain <b>text</b>.</p>", BASE, "<p>Plain <b>text</b>.</p>"),
])
def test_link_pictures(body: str, base: str | None, want: str) -> None:
    assert link_pictures(sanitize_html(absolutise_urls(body, base))) == want


def test_link_pictures_leaves_no_img_and_opens_nothing_new() -> None:
    body = sanitize_html(
        '<p><img src="https://c.example/x.jpg" alt=\'a">b\' onerror="alert(1)">'
        '<img src="javascript:alert(1)" alt="x"><img alt="no source"></p>')
    out = link_pictures(body)
    assert "<img" not in out and "onerror" not in out and "javascript" not in out
    assert out.count("<a ") == out.count("</a>")
