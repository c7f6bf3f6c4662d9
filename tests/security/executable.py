"""Find executable constructs in built HTML and feed XML (the metrics.md §6 checklist)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree import ElementTree

# metrics.md §6, plus the legacy frame/applet elements and the mutation-prone
# template/noscript containers (the theme uses none of them).
FORBIDDEN_ELEMENTS = frozenset(
    {"script", "iframe", "object", "embed", "base", "form", "style", "svg", "math", "frame",
     "frameset", "applet", "template", "noscript"}
)
_URL_ATTRS = frozenset({"href", "src", "action", "formaction", "poster", "data", "xlink:href",
                        "background", "srcset", "content"})
_SPACES_AND_CONTROLS = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def _bad_url(value: str) -> bool:
    v = _SPACES_AND_CONTROLS.sub("", value).lower()
    if v.startswith(("javascript:", "vbscript:")) or "url=javascript:" in v:
        return True
    return v.startswith("data:") and not v.startswith("data:image/")


class _Finder(HTMLParser):
    def __init__(self, allowed_scripts: tuple[str, ...]) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed_scripts = allowed_scripts
        self.found: list[str] = []
        self._in_ld_json = False
        self._ld_json = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "script" and a.get("type") == "application/ld+json" and "src" not in a:
            self._in_ld_json = True
            self._ld_json = ""
        elif tag == "script" and self._own_script(a.get("src", "")):
            pass
        elif tag == "meta" and a.get("http-equiv", "").lower() in ("content-security-policy",):
            pass
        elif tag == "form" and self._own_search_form(a):
            pass
        elif tag in FORBIDDEN_ELEMENTS:
            self.found.append(f"<{tag}>")
        elif tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.found.append("<meta refresh>")
        for key, value in a.items():
            if key.startswith("on"):
                self.found.append(f"{tag}[{key}]")
            elif key == "style":
                self.found.append(f"{tag}[style]")
            elif key in _URL_ATTRS and _bad_url(value):
                self.found.append(f"{tag}[{key}={value[:40]!r}]")

    def _own_script(self, src: str) -> bool:
        """The theme's own script file, served from the site itself."""
        parts = urlsplit(src)
        return parts.netloc in ("", "news.example.org") and parts.path.endswith(
            self.allowed_scripts) if self.allowed_scripts else False

    def _own_search_form(self, a: dict[str, str]) -> bool:
        """The theme's search box: a GET form to the site's own search page."""
        action = urlsplit(a.get("action", ""))
        return (bool(self.allowed_scripts) and a.get("role") == "search"
                and a.get("method", "get").lower() == "get"
                and action.netloc in ("", "news.example.org", "127.0.0.1:8000")
                and action.path.endswith("/search/"))

    def handle_data(self, data: str) -> None:
        if self._in_ld_json:
            self._ld_json += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_ld_json:
            self._in_ld_json = False
            try:
                json.loads(self._ld_json)
            except ValueError:
                self.found.append("<script ld+json> that is not JSON")


THEME_SCRIPTS = ("/theme/js/filter.js", "/theme/js/search.js")


def find_in_html(html: str, allowed_scripts: tuple[str, ...] = THEME_SCRIPTS) -> list[str]:
    """An HTML document or fragment -> the executable constructs found in it."""
    finder = _Finder(allowed_scripts)
    finder.feed(html)
    finder.close()
    return finder.found


def find_in_feed(xml: bytes) -> list[str]:
    """An RSS document -> executable constructs in its HTML-bearing fields."""
    root = ElementTree.fromstring(xml)
    found = []
    for el in root.iter():
        if el.text and el.tag.split("}")[-1] in ("encoded", "description", "title", "creator"):
            found += find_in_html(el.text, allowed_scripts=())
    return found
