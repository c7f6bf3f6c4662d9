"""Full scraped HTML page -> story body and metadata, with the widgets removed.

The steps, in order:

1. metadata from the page head (meta tags, JSON-LD, the byline), the title
   without its site name;
2. the tree prepared: figures reduced to their image, captions, hover cards and
   elements whose class or id names a widget kind dropped, links marked;
3. trafilatura (fast mode) finds the story region, handed the tree without the
   parts it would delete first anyway (head tags, asides, footers, inline
   graphics), which spares it copying and searching them;
4. the project's block rules drop what it lets through (headline repeats,
   standfirsts, "Read more" links, link lists, newsletter and paywall prompts,
   credit and contact lines, teaser grids), each reported with its widget kind;
5. when the result looks like a split story or a menu dump, readability-lxml
   gives a second opinion, taken only on clear evidence;
6. the kept blocks are rendered to HTML and text; page text that neither
   survived nor was removed by a rule is reported as "extractor".
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from html import escape
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from lxml import etree
from readability import Document as ReadabilityDocument
from trafilatura.settings import MANUALLY_CLEANED

from tickertape import htmlrules
from tickertape.dates import date_from_url
from tickertape.models import RemovedBlock
from tickertape.widgets import match_widget


@dataclass(frozen=True)
class PageArticle:
    """What the page cleaner keeps of one HTML page: metadata, body and what it removed."""

    title: str | None
    date: datetime | None
    author: str | None
    html: str  # body HTML fragment, not yet sanitized
    text: str  # body as plain text, paragraphs separated by blank lines
    removed: tuple[RemovedBlock, ...]
    url: str | None


@dataclass(frozen=True)
class Block:
    """One top-level block of the extracted body: its kind, text and link share."""

    kind: str  # "p" | "heading" | "list" | "quote" | "table" | "figure" | "code"
    text: str
    link_chars: int
    node: Any  # the trafilatura XML element the block renders from
    words: int = field(default=-1, compare=False)  # word tokens; counted when left at -1

    def __post_init__(self) -> None:
        # Rules ask for the word count many times; count once.
        if self.words < 0:
            object.__setattr__(self, "words", len(_WORD.findall(self.text)))

    @property
    def link_share(self) -> float:
        """Share of the block's characters that sit inside links."""
        size = len(self.text.strip())
        return self.link_chars / size if size else 0.0


@dataclass(frozen=True)
class PageMeta:
    """Metadata read from the page head before the body is cleaned."""

    title: str | None
    date: datetime | None
    author: str | None
    url: str | None
    sitename: str | None


_WORD = re.compile(r"\w+")
_RESERVED = re.compile("[\ue000-\ue01f]")
_RESERVED_UTF8 = "\ue000".encode()[:2]  # lead bytes of U+E000-U+E03F
_XML_DECL = re.compile(r"\s*<\?xml[^>]*\?>", re.I)
_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
# lxml.html picks each element's class in Python (forms and inputs get their own),
# a call for every element any walk touches, ours and the extractor's alike. No
# step here uses the form classes, so every element is a plain HtmlElement,
# chosen inside lxml.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
    )
)

# Tags of trafilatura's output that start a block.
_BLOCK_KINDS = {
    "p": "p",
    "head": "heading",
    "list": "list",
    "quote": "quote",
    "table": "table",
    "graphic": "figure",
    "figure": "figure",
    "code": "code",
}


def clean_page(html: str, *, url: str | None = None) -> PageArticle:
    """Full HTML page -> PageArticle (metadata, story body, removed widgets)."""
    data = _page_bytes(html)
    # The private-use characters that carry link markers must not come from the page.
    # Their UTF-8 lead bytes are one fast search of the bytes the parser needs
    # anyway; the substitution walks the page character by character, and pages
    # almost never hold any.
    if data is not None and _RESERVED_UTF8 in data:
        html = _RESERVED.sub("", html)
        data = _page_bytes(html)
    tree = _parse_bytes(data) if data is not None else None
    if tree is None:
        return PageArticle(None, None, None, "", "", (), url)
    meta = read_metadata(tree, url)
    # Scripts and styles have no further use once the metadata is read; JSON-LD stays
    # because the extractor reads it to tell a forum thread from an article.
    etree.strip_elements(tree, "style", "noscript", "template", with_tail=False)
    for script in list(tree.iter("script")):
        if (script.get("type") or "").lower() != "application/ld+json":
            script.drop_tree()
    prose = measure_paragraph_mass(tree)
    blocks, hrefs, pruned = extract_blocks(tree, url or meta.url, prose.mass)
    kept, removed = filter_blocks(blocks, meta)
    if _needs_second_opinion(kept, prose):
        alt_blocks = readability_blocks(html, url or meta.url, hrefs)
        alt_kept, alt_removed = filter_blocks(alt_blocks, meta)
        if _prefer_second_opinion(kept, alt_kept):
            # The second extractor read the page as it came, widgets included, so
            # only its own removals are reported.
            kept, removed, pruned = alt_kept, alt_removed, []
    base = url or meta.url
    body_html = "\n".join(h for h in (render_block(b, hrefs, base) for b in kept) if h)
    text = "\n\n".join(b.text for b in kept if b.text.strip())
    return PageArticle(
        title=meta.title,
        date=meta.date,
        author=meta.author,
        html=body_html,
        text=text,
        removed=tuple(pruned + removed + summarise_dropped(prose.texts, kept, pruned + removed)),
        url=meta.url or url,
    )


def parse_page(html: str) -> Any:
    """HTML text -> lxml document tree, or None when nothing parses."""
    data = _page_bytes(html)
    return _parse_bytes(data) if data is not None else None


def _page_bytes(html: str) -> bytes | None:
    """HTML text -> its UTF-8 bytes without an XML declaration, or None when blank."""
    # Only the page's very start can hold the declaration: match there, not search.
    decl = _XML_DECL.match(html)
    if decl:
        html = html[decl.end() :]
    if not html or html.isspace():
        return None
    return html.encode("utf-8", "surrogatepass")


def _parse_bytes(data: bytes) -> Any:
    """UTF-8 page bytes -> lxml document tree, or None when nothing parses."""
    try:
        return lxml.html.document_fromstring(data, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


# ---------------------------------------------------------------- metadata


def read_metadata(tree: Any, url: str | None) -> PageMeta:
    """Page tree -> title (without site suffix), date, author, canonical URL, site name."""
    head = read_head(tree)
    ld = read_json_ld(tree)
    sitename = head.get("og:site_name") or ld.get("publisher") or head.get("application-name")
    page_url = _first_url(head.get("canonical"), head.get("og:url"), ld.get("url"), url)
    host = urlsplit(page_url or "").hostname or _guess_host(tree)
    site_words = _site_words(sitename, host)
    h1 = _first_h1(tree)
    # og:title is sometimes the blog's name; a candidate that only names the site is skipped.
    raw_title = next(
        (
            t
            for t in (
                head.get("og:title"),
                ld.get("headline"),
                head.get("twitter:title"),
                head.get("title"),
                h1,
            )
            if t and t.strip() and not _names_site(t, site_words)
        ),
        None,
    )
    slug = _slug_words(page_url)
    title = strip_site_suffix(raw_title, sitename, host, h1, slug) if raw_title else None
    # A section label ("Opinion | ...") shows when the document title, stripped of
    # its site name, is a shorter form of the same headline.
    doc_title = head.get("title")
    if title and doc_title:
        short = strip_site_suffix(doc_title, sitename, host, h1, slug)
        sq_short, sq_title = _squash(short), _squash(title)
        if sq_short and sq_short != sq_title and sq_short in sq_title:
            if len(sq_short) >= 0.6 * len(sq_title):
                title = short
    date = None
    for key in _DATE_KEYS:
        value = ld.get(key) if key in ("datePublished", "dateCreated") else head.get(key)
        date = parse_date(value)
        if date is not None:
            break
    if date is None:
        date = (
            date_from_url(page_url) or _date_from_time_elements(tree) or _date_from_htmldate(tree)
        )
    author = choose_author(
        (
            lambda: ld.get("author"),
            lambda: _first_person(head.get(k) for k in _AUTHOR_KEYS),
            lambda: find_byline_name(tree),
        ),
        sitename,
    )
    return PageMeta(title=title or None, date=date, author=author, url=page_url, sitename=sitename)


# Date fields in the order they are trusted: the publisher's structured data first.
_DATE_KEYS = (
    "datePublished",
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "pub_date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "article.published",
    "article_date_original",
    "og:pubdate",
    "published_at",
    "published",
    "dateCreated",
    "datecreated",
)
_AUTHOR_KEYS = (
    "author",
    "article:author",
    "og:article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "article_author",
    "byl",
)
_HEAD_ATTRS = ("property", "name", "itemprop")


def read_head(tree: Any) -> dict[str, str]:
    """Page tree -> first value per meta name/property (lower-cased), plus title, canonical."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = (meta.get("content") or "").strip()
        if not content:
            continue
        for attr in _HEAD_ATTRS:
            name = (meta.get(attr) or "").strip().lower()
            if name and name not in found:
                found[name] = content
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            found.setdefault("canonical", link.get("href").strip())
    title = tree.find(".//title")
    if title is not None and title.text_content().strip():
        found.setdefault("title", " ".join(title.text_content().split()))
    return found


_ARTICLE_TYPES = ("article", "posting", "report", "webpage", "blog")


def read_json_ld(tree: Any) -> dict[str, str]:
    """Page tree -> headline, dates, author, publisher and url of its JSON-LD article object."""
    found: dict[str, str] = {}
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except ValueError:
            continue
        for obj in _walk_ld(data):
            kind = obj.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if not any(
                isinstance(k, str) and any(t in k.lower() for t in _ARTICLE_TYPES) for k in kinds
            ):
                continue
            for key in ("headline", "datePublished", "dateCreated", "url"):
                if isinstance(obj.get(key), str) and key not in found:
                    found[key] = obj[key].strip()
            author = _ld_names(obj.get("author"))
            if author and "author" not in found:
                found["author"] = author
            publisher = _ld_names(obj.get("publisher"))
            if publisher and "publisher" not in found:
                found["publisher"] = publisher
    return found


def _walk_ld(data: Any) -> list[dict[str, Any]]:
    """Parsed JSON-LD -> every object in it (lists and @graph flattened)."""
    out: list[dict[str, Any]] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            out.append(item)
            if "@graph" in item:
                stack.append(item["@graph"])
    return out


def _ld_names(value: Any) -> str | None:
    """JSON-LD person/organisation value(s) -> their names joined by "; "."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name")
        if isinstance(item, str) and item.strip() and not item.strip().startswith("http"):
            names.append(" ".join(item.split()))
    return "; ".join(dict.fromkeys(names)) or None


def _first_url(*candidates: str | None) -> str | None:
    """URL candidates -> the first absolute http(s) one."""
    for c in candidates:
        if c and c.strip().startswith(("http://", "https://")):
            return c.strip()
    return None


def _first_person(values: Any) -> str | None:
    """Meta author values -> the first that reads as a name (not a URL or a handle)."""
    for value in values:
        if not value:
            continue
        value = " ".join(value.split())
        if value.startswith(("http", "@", "www.")) or len(value) > 100:
            continue
        return value
    return None


_BYLINE_SELECTORS = (
    "author-name",
    "byline__name",
    "author__name",
    "byline-name",
    "authorname",
    "author-link",
    "by-author",
    "author",
    "byline",
)
# Asked of the attributes rather than of every element: libxml2 then visits only
# elements that carry the attribute, which halves the cost of the search; the
# union keeps document order.
_BYLINE_XPATH = etree.XPath(
    "//@class[contains(., 'author') or contains(., 'byline')]/.."
    " | //@id[contains(., 'author') or contains(., 'byline')]/.."
    " | //@rel[. = 'author']/.. | //@itemprop[. = 'author']/.."
)
_BY_PREFIX = re.compile(r"(?i)^\s*(by|por|von|di|par|oleh)\s+")


def find_byline_name(tree: Any) -> str | None:
    """Page tree -> the name in its byline or author box, or None."""
    candidates: list[tuple[int, str]] = []
    for el in _BYLINE_XPATH(tree)[:40]:
        rel = (el.get("rel") or "").lower()
        itemprop = (el.get("itemprop") or "").lower()
        cls = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
        rank = None
        if rel == "author" or itemprop == "author":
            rank = 0
        else:
            for i, token in enumerate(_BYLINE_SELECTORS):
                if re.search(rf"(^|[\s_-]){re.escape(token)}([\s_-]|$)", cls):
                    rank = i + 1
                    break
        if rank is None:
            continue
        name = _name_in(el)
        if name:
            candidates.append((rank, name))
            if rank <= 1:
                break
    return min(candidates)[1] if candidates else None


def _name_in(el: Any) -> str | None:
    """Byline element -> a person's name from its text, or None when it reads as prose."""
    named = el.find(".//*[@itemprop='name']")
    text = " ".join((named if named is not None else el).text_content().split())
    text = _BY_PREFIX.sub("", text).strip(" ,|-–—:")
    text = re.split(r"\s+(?:[|•·,]|and the|updated|published|\d)", text)[0].strip()
    words = text.split()
    # A comma left in the name means a dateline ("Washington, Nov 20") or a role.
    if not 2 <= len(words) <= 5 or len(text) > 60 or "," in text:
        return None
    if not all(
        w[:1].isupper() or w.lower() in ("de", "da", "van", "von", "der", "le", "la") for w in words
    ):
        return None
    return text


def _date_from_time_elements(tree: Any) -> datetime | None:
    """Page tree -> the date of its first <time datetime> (or pubdate) element."""
    for el in tree.iter("time"):
        date = parse_date(el.get("datetime") or el.get("content"))
        if date is not None:
            return date
    return None


def _date_from_htmldate(tree: Any) -> datetime | None:
    """Page tree -> htmldate's guess (fast mode), used when the page states no date."""
    try:
        from htmldate import find_date

        found = find_date(tree, extensive_search=False, original_date=True)
    except Exception:  # htmldate raises on trees it cannot walk; no date is the answer then
        return None
    return parse_date(found)


_TITLE_SEPARATORS = re.compile(r"\s+[|–—\-:·•»/]\s+|\s*[|·•»]\s*")


# The same block text is squashed to find the headline, to classify the block and
# to report what extraction dropped: each text is squashed once.
@lru_cache(maxsize=4096)
def _squash(text: str) -> str:
    """Text -> lower-case word tokens joined by single spaces, for loose comparison."""
    return " ".join(_WORD.findall(text.lower()))


def strip_site_suffix(
    title: str,
    sitename: str | None,
    host: str | None,
    h1: str | None = None,
    slug: frozenset[str] = frozenset(),
) -> str:
    """Page title -> the headline alone, without "| Site" or "Site: " furniture.

    slug holds the words of the page address's last path segment: a title part
    that the address spells out is the headline and is never peeled off.
    """
    title = _peel_site(" ".join(title.split()), sitename, host, slug)
    # The page's own headline, when the title only wraps it in a section label or
    # a tagline, is the cleanest answer.
    if h1:
        h1 = " ".join(h1.split())
        sq_h1, sq_title = _squash(h1), _squash(title)
        if (
            len(_WORD.findall(h1)) >= 2
            and sq_h1
            and sq_h1 in sq_title
            and sq_h1 != sq_title
            and len(sq_h1) >= 0.5 * len(sq_title)
        ):
            return h1
    return title


def _slug_words(url: str | None) -> frozenset[str]:
    """Page URL -> the lower-case words of its last meaningful path segment."""
    path = urlsplit(url or "").path.rstrip("/")
    segment = path.rsplit("/", 1)[-1] if path else ""
    segment = re.sub(r"\.\w{2,5}$", "", segment)  # ".html", ".php"
    return frozenset(w for w in re.split(r"[-_+]+", segment.lower()) if w and not w.isdigit())


def _peel_site(
    title: str, sitename: str | None, host: str | None, slug: frozenset[str] = frozenset()
) -> str:
    """Title -> the title with site-name segments peeled off both ends."""
    # A separator inside the site name itself ("Blog | Tagline") would split it apart,
    # so the whole site name is peeled off first.
    if sitename and len(sitename) < len(title):
        site = re.escape(" ".join(sitename.split()))
        stripped = re.sub(
            rf"(?i)^\s*{site}\s*[|–—\-:·•»/]+\s*|\s*[|–—\-:·•»/]+\s*{site}\s*$", "", title
        )
        if stripped != title and stripped.strip():
            return stripped.strip()
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    site_words = _site_words(sitename, host)

    def is_site(part: str) -> bool:
        squashed = _squash(part).replace(" ", "")
        if not squashed:
            return True
        words = set(_squash(part).split())
        if slug and len(words & slug) >= max(2, 0.6 * len(words)):
            return False  # the address spells this part out: it is the headline
        for form in site_words:
            if len(form) < 3:
                continue
            # The part is the site's name, a piece of it, or the name with a short
            # addition ("CBSSports.com", "Jeongdong Theater").
            if squashed == form or (len(squashed) >= 4 and squashed in form):
                return True
            if form in squashed and (len(squashed) <= len(form) + 12 or squashed.startswith(form)):
                return True
        return bool(site_words) and bool(words) and words <= site_words

    kept = list(parts)
    # Peel site names off both ends; a headline is never only the site name.
    while len(kept) > 1 and is_site(kept[-1]):
        kept.pop()
    while len(kept) > 1 and is_site(kept[0]):
        kept.pop(0)
    if len(kept) == len(parts):
        return title
    # Rebuild from the original text so inner punctuation ("A: B") survives.
    start = title.find(kept[0])
    end = title.rfind(kept[-1]) + len(kept[-1])
    return title[start:end].strip() if start >= 0 and end > start else " ".join(kept)


def _site_words(sitename: str | None, host: str | None) -> set[str]:
    """Site name and host -> the lower-case word forms that name the site."""
    words: set[str] = set()
    if sitename:
        words.update(_squash(sitename).split())
        words.add(_squash(sitename).replace(" ", ""))
    if host:
        labels = [lab for lab in host.lower().split(".") if lab not in ("www", "m", "amp")]
        # The registrable name is the label before the public suffix ("cnbc" in www.cnbc.com).
        core = labels[:-1] if len(labels) > 1 else labels
        for lab in core:
            if lab not in ("co", "com", "org", "net", "gov", "ac"):
                words.add(lab)
    words.discard("")
    return words


def _guess_host(tree: Any) -> str | None:
    """Page tree without a stated URL -> the host most of its absolute links point to."""
    counts: dict[str, int] = {}
    for a in tree.iter("a"):
        href = a.get("href") or ""
        if href.startswith(("http://", "https://")):
            host = urlsplit(href).hostname or ""
            counts[host] = counts.get(host, 0) + 1
    return max(counts, key=lambda h: counts[h]) if counts else None


def _names_site(text: str, site_words: set[str]) -> bool:
    """Text and the site's name forms -> whether the text is only the site's name."""
    squashed = _squash(text).replace(" ", "")
    return bool(squashed) and any(squashed == w for w in site_words)


def _first_h1(tree: Any) -> str | None:
    """Page tree -> text of its first non-empty h1."""
    for h1 in tree.iter("h1"):
        text = " ".join(h1.text_content().split())
        if text:
            return text
    return None


_NUMERIC_DATE = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s](\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)


def parse_date(value: str | None) -> datetime | None:
    """Date string (ISO 8601, RFC 822 or YYYY-MM-DD...) -> naive datetime, or None.

    A stated UTC offset is dropped after parsing: the wall-clock time the page
    printed is what readers saw, and naive values compare with one another.
    """
    if not value:
        return None
    value = value.strip()
    result: datetime | None = None
    try:
        result = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            result = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            m = _NUMERIC_DATE.search(value)
            if m:
                y, mo, d, hh, mm, ss = (int(g) if g else 0 for g in m.groups())
                try:
                    result = datetime(y, mo, d, hh, mm, ss)
                except ValueError:
                    result = None
    # Archives go back decades (the Reuters wire of 1987 is one): only junk years are refused.
    if result is None or not 1900 <= result.year <= 2100:
        return None
    return result.replace(tzinfo=None)


_AUTHOR_SPLIT = re.compile(r"\s*(?:[;|,/]|\band\b|&|\bund\b|\be\b|\by\b)\s*")
_AUTHOR_PREFIX = re.compile(
    r"(?i)^\s*(?:(?:analysis|text|story|words|photos?)\s+)?(?:by|por|von|di|par|oleh)\b[:\s]*"
)
_ROLE_WORDS = re.compile(
    r"(?i)\b(writer|editor|reporter|correspondent|contributor|columnist|staff|news|press|media"
    r"|service|services|wire|agency|bureau|desk|team|editorial|at-large|published|updated"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)
_CREDENTIAL = re.compile(r"^(?:[A-Z]{2,4}|Ph\.?D\.?|M\.?D\.?|Jr\.?|Sr\.?)$")


def choose_author(
    candidates: Iterable[str | None | Callable[[], str | None]], sitename: str | None
) -> str | None:
    """Author candidates in order of trust -> the first naming people, else an outlet, else None.

    A candidate may be a callable, asked only when the ones before it named no person.
    """
    outlet: str | None = None
    for candidate in candidates:
        raw = candidate() if callable(candidate) else candidate
        names, is_person = _tidy_author(raw, sitename)
        if names and is_person:
            return names
        outlet = outlet or names
    return outlet


def _tidy_author(author: str | None, sitename: str | None) -> tuple[str | None, bool]:
    """Author field -> (names "A, B" with roles and usernames dropped, whether they are people)."""
    if not author:
        return None, False
    site = _squash(sitename or "").replace(" ", "")
    people: list[str] = []
    fallback: list[str] = []
    for part in _AUTHOR_SPLIT.split(_AUTHOR_PREFIX.sub("", author)):
        part = _AUTHOR_PREFIX.sub("", " ".join(part.split())).strip(" .:-–—")
        if not part or _CREDENTIAL.match(part) or part.startswith(("http", "@")):
            continue
        squashed = _squash(part).replace(" ", "")
        if part.isupper():
            part = part.title()
        if _ROLE_WORDS.search(part) or (site and (squashed in site or site in squashed)):
            fallback.append(part)
            continue
        # A lower-case single token is a CMS login ("admin"), not a byline.
        if " " not in part and (part.islower() or "-" in part or "_" in part):
            continue
        people.append(part)
    names = people or fallback[:1]
    return ", ".join(dict.fromkeys(names)) or None, bool(people)


# ------------------------------------------------------------------ body


_LAZY_SRC = ("data-src", "data-lazy-src", "data-original", "data-url", "src")

# Links travel through extraction as private-use markers around the anchor text:
# START, the href's index as private-use digits, SEP, the anchor text, END. That
# keeps trafilatura's own link handling (which shifts its choice of story region)
# out of the way while the cleaner still knows which words were links.
_LINK_START, _LINK_SEP, _LINK_END = "\ue000", "\ue001", "\ue002"
_DIGIT0 = 0xE010
_TO_MARKER_DIGITS = {ord(str(d)): _DIGIT0 + d for d in range(10)}
_FROM_MARKER_DIGITS = {_DIGIT0 + d: ord(str(d)) for d in range(10)}
# The anchor text never spans another marker, so a lost end marker costs one
# failed match rather than a scan to the end of the block.
_LINK_SPAN = re.compile("\ue000([\ue010-\ue019]+)\ue001([^\ue000\ue002]*)\ue002")
_MARKERS = re.compile("\ue000[\ue010-\ue019]*\ue001?|[\ue001\ue002]")


def prepare_tree(
    tree: Any, url: str | None = None, start: int = 0, mass: int = 0
) -> tuple[list[str], list[RemovedBlock]]:
    """Page tree -> (hrefs of its marked links, widgets dropped by class/id).

    Figures are reduced to their image and captions dropped: a caption describes
    the picture, not the story. Elements whose class or id names a widget kind
    go too, unless they hold a large share of the page's prose.
    """
    for figure in list(tree.iter("figure")):
        if figure.find(".//table") is not None:
            continue
        img = next((i for i in figure.iter("img") if _image_src(i)), None)
        tail = figure.tail
        figure.clear()
        figure.tail = tail
        figure.tag = "div"
        if img is not None:
            figure.append(
                lxml.html.Element("img", src=_image_src(img) or "", alt=img.get("alt") or "")
            )
    for caption in list(tree.iter("figcaption")):
        caption.drop_tree()
    _unwrap_embedded_posts(tree)
    removed = prune_widget_elements(tree, mass)
    return _mark_links(tree, url, start), removed


def _class_tokens(el: Any) -> frozenset[str]:
    """Element -> its class and id tokens and their dash/underscore parts, lower-cased."""
    return _name_tokens(f"{el.get('class') or ''} {el.get('id') or ''}".lower())


# A page repeats a few class names on hundreds of elements (menu items, cards):
# each distinct name is split once.
@lru_cache(maxsize=16384)
def _name_tokens(names: str) -> frozenset[str]:
    """Lower-cased class and id text -> its tokens and their dash/underscore parts."""
    raw = names.split()
    out = set(raw)
    for token in raw:
        out.update(p for p in _NAME_PARTS.split(token) if p)
    return frozenset(out)


def forget_remembered() -> None:
    """-> None; clears the per-text memos (benchmarks time every pass from a cold start)."""
    _squash.cache_clear()
    _name_tokens.cache_clear()


# Widgets are containers; links, icons and form fields inside them go with them.
_WIDGET_TAGS = (
    "div",
    "section",
    "aside",
    "ul",
    "ol",
    "p",
    "span",
    "form",
    "footer",
    "header",
    "nav",
    "table",
    "dl",
)
_ALL_WIDGET_TOKENS: frozenset[str] = frozenset().union(
    htmlrules.HOVER_TOKENS, htmlrules.CAPTION_TOKENS, *htmlrules.CLASS_TOKENS.values()
)
_NAME_PARTS = re.compile(r"[\s_-]+")


def _widget_candidates(tree: Any) -> list[Any]:
    """Page tree -> container elements whose class or id holds any widget token."""
    found = []
    for el in tree.iter(_WIDGET_TAGS):
        cls, ident = el.get("class"), el.get("id")
        if cls is None and ident is None:
            continue
        # Set lookups on the split names: much cheaper than a regex per element.
        if not _ALL_WIDGET_TOKENS.isdisjoint(_name_tokens(f"{cls or ''} {ident or ''}".lower())):
            found.append(el)
    return found


def prune_widget_elements(tree: Any, mass: int) -> list[RemovedBlock]:
    """Page tree -> blocks dropped because their class/id names a widget kind.

    Hover cards (a name that pops up other headlines inside a sentence) and
    captions go as well. An element holding more than a quarter of the page's
    prose, or the headline, is never dropped: a wrapper class such as
    "has-comments" must not take the story with it.
    """
    dropped: list[RemovedBlock] = []
    gone: set[Any] = set()
    limit = max(60, mass // 4)
    for el in _widget_candidates(tree):
        tokens = _class_tokens(el)
        if tokens & htmlrules.HOVER_TOKENS or (
            tokens & htmlrules.CAPTION_TOKENS and el.tag in ("div", "p", "span")
        ):
            kind = "caption"
        else:
            kind = next((k for k, words in htmlrules.CLASS_TOKENS.items() if tokens & words), "")
        if not kind or (gone and any(a in gone for a in el.iterancestors())):
            continue
        text = " ".join(el.text_content().split())
        words = len(_WORD.findall(text))
        if kind == "caption":
            if words > 100 and not tokens & htmlrules.HOVER_TOKENS:
                continue
        elif words > limit or el.find(".//h1") is not None:
            continue
        gone.add(el)
        if text:
            dropped.append(RemovedBlock(text=text, rule=kind))
        el.drop_tree()
    return dropped


_EMBED_TOKEN = re.compile(r"(twitter-tweet|instagram-media|tiktok-embed|reddit-card|fb-post)", re.I)


def _unwrap_embedded_posts(tree: Any) -> None:
    """Embedded social posts -> plain block quotes, their wrappers stripped of class names.

    A quoted post is part of the story, but its "social" wrapper class makes
    extractors discard it as a share widget.
    """
    for quote in list(tree.iter("blockquote")):
        if not _EMBED_TOKEN.search(quote.get("class") or ""):
            continue
        size = len(quote.text_content())
        node = quote
        while node is not None and node.tag != "body":
            if len(node.text_content()) > size + 200:
                break
            for attr in ("class", "id"):
                if attr in node.attrib:
                    del node.attrib[attr]
            node = node.getparent()


def _mark_links(tree: Any, url: str | None, start: int = 0) -> list[str]:
    """Page tree -> hrefs; each anchor with text gets markers around its text.

    Marker indexes count from start, so a second tree's links can follow the first's.
    """
    hrefs: list[str] = []
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        # Each read of .text or len() is a call into lxml: each is made once.
        text, children = a.text or "", len(a)
        # An anchor with neither text nor children wraps nothing worth marking.
        if (not children and not text.strip()) or href.startswith(("javascript:", "#")):
            continue
        index = str(start + len(hrefs)).translate(_TO_MARKER_DIGITS)
        hrefs.append(href)
        if children:
            a.text = f"{_LINK_START}{index}{_LINK_SEP}{text}"
            last = a[-1]
            last.tail = (last.tail or "") + _LINK_END
        else:
            a.text = f"{_LINK_START}{index}{_LINK_SEP}{text}{_LINK_END}"
    return hrefs


def _image_src(img: Any) -> str | None:
    """img element -> its real source (lazy-load attributes first), or None."""
    for attr in _LAZY_SRC:
        src = (img.get(attr) or "").strip()
        if src.startswith("//"):
            src = "https:" + src
        if src.startswith(("http://", "https://", "/")):
            return src
    return None


def unmark_text(text: str) -> tuple[str, int]:
    """Marked text -> (plain text, number of characters that were inside links)."""
    if _LINK_START not in text and _LINK_SEP not in text and _LINK_END not in text:
        return text, 0  # most blocks hold no link: spare the two scans
    link_chars = sum(
        len(" ".join(_MARKERS.sub("", m.group(2)).split())) for m in _LINK_SPAN.finditer(text)
    )
    return _MARKERS.sub("", text), link_chars


def extract_blocks(
    tree: Any, url: str | None, mass: int = 0
) -> tuple[list[Block], list[str], list[RemovedBlock]]:
    """Page tree -> (body blocks as trafilatura finds them, link hrefs, widgets pruned first)."""
    hrefs, pruned = prepare_tree(tree, url, mass=mass)
    # After the links are marked: their markers' lengths count in the extractor's
    # link density, so the numbering must not change with what goes here.
    drop_extractor_chrome(tree)
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        fast=True,
        include_comments=False,
        # "xml" only spares the plain-text rendering the "python" format would add.
        output_format="xml",
        include_links=False,
        include_formatting=True,
        include_images=True,
        include_tables=True,
        with_metadata=False,
    )
    body = getattr(doc, "body", None)
    if body is None:
        return [], hrefs, pruned
    return nodes_to_blocks(_top_level_nodes(body)), hrefs, pruned


# Page parts the extractor deletes both when it cleans the page and when it
# measures the page's text. It copies and searches the whole page several times
# before it deletes them, and they are about a fifth of a page's elements (icon
# graphics above all), so they go before it is called.
_EXTRACTOR_CHROME = ("aside", "footer", "svg")
# The extractor reads a page's JSON-LD (a forum thread, a full text) and its
# headline (which container holds the story) before it cleans: a part holding
# either stays.
_READ_BEFORE_CLEANING = etree.XPath("boolean(.//script[@type='application/ld+json'] | .//h1)")
# Tags the extractor deletes when it cleans with images kept: forms it judges by
# size, figures, pictures and sources it keeps for their images.
_EXTRACTOR_CLEANED = [
    t for t in MANUALLY_CLEANED if t not in ("form", "figure", "picture", "source")
]


def drop_extractor_chrome(tree: Any) -> None:
    """Page tree -> the same tree without the head's tags, asides, footers and graphics.

    The extractor deletes all of them itself and its result is the same with or
    without them; only its time changes.
    """
    # When no paragraph outside the tags it cleans is left, the extractor's recall
    # mode puts back what its cleaning deleted, and all of it counts again.
    if all(next(p.iterancestors(_EXTRACTOR_CLEANED), None) is not None for p in tree.iter("p")):
        return
    head = tree.find("head")
    if head is not None:
        # The head is read for metadata before this; the extractor deletes it when
        # it cleans and reads nothing there but JSON-LD scripts, which stay.
        etree.strip_elements(head, "meta", "link", "title", "base", with_tail=False)
    for el in list(tree.iter(_EXTRACTOR_CHROME)):
        if not _READ_BEFORE_CLEANING(el):
            el.drop_tree()


def nodes_to_blocks(nodes: list[Any]) -> list[Block]:
    """Block elements -> Blocks; a paragraph of many plain-text lines becomes one per line."""
    blocks: list[Block] = []
    for node in nodes:
        kind = _BLOCK_KINDS.get(node.tag)
        if kind is None:
            continue
        marked = block_text(node)
        lines = [line for line in marked.splitlines() if line.strip()]
        # A paragraph holding only images is a figure block.
        if kind == "p" and not lines and node.find(".//graphic") is not None:
            for graphic in node.iter("graphic"):
                figure = etree.Element("figure")
                figure.append(copy.copy(graphic))
                blocks.append(Block(kind="figure", text="", link_chars=0, node=figure))
            continue
        # A text dump of a whole page region (no markup left) arrives as one
        # paragraph of many lines; judge each line on its own.
        if kind == "p" and len(lines) >= 5 and len(node) == 0:
            for line in lines:
                p = etree.Element("p")
                p.text = line
                blocks.extend(nodes_to_blocks([p]))
            continue
        text, links = unmark_text(marked)
        text = "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
        if kind != "figure" and not text.strip():
            continue
        blocks.append(Block(kind=kind, text=text, link_chars=links, node=node))
    return blocks


def _top_level_nodes(body: Any) -> list[Any]:
    """trafilatura body -> its block elements, loose text wrapped and <br>-lines split into p."""
    nodes: list[Any] = []

    def loose(text: str | None) -> None:
        if text and text.strip():
            p = etree.Element("p")
            p.text = text
            nodes.append(p)

    loose(body.text)
    for child in body:
        if child.tag == "p" and child.find("lb") is not None:
            nodes.extend(_split_lines(child))
        else:
            nodes.append(child)
        loose(child.tail)
    return nodes


def _split_lines(p: Any) -> list[Any]:
    """Paragraph with line breaks -> one paragraph per line.

    Menus, tag clouds and link lists often arrive as one paragraph of <br>-separated
    lines; splitting lets each line be judged on its own.
    """
    lines: list[Any] = []
    current = etree.Element("p")
    current.text = p.text
    for child in list(p):
        if child.tag == "lb":
            lines.append(current)
            current = etree.Element("p")
            current.text = child.tail
            continue
        tail = child.tail
        current.append(child)  # moves the child out of p
        child.tail = tail
    lines.append(current)
    return [line for line in lines if "".join(line.itertext()).strip()]


def _inline_text(node: Any) -> str:
    """XML element -> its text with line breaks as newlines."""
    parts: list[str] = []
    if node.text:
        parts.append(node.text)
    for child in node:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag in ("p", "head", "quote", "list", "item", "row", "table", "code"):
            parts.append("\n" + block_text(child) + "\n")
        elif child.tag == "cell":
            parts.append(" " + _inline_text(child) + " ")
        elif child.tag != "graphic":
            parts.append(_inline_text(child))
        if child.tail:
            parts.append(child.tail)
    return "".join(parts)


def block_text(node: Any) -> str:
    """Block element -> plain text: one line per item, row or line break."""
    if node.tag == "graphic":
        return ""
    if node.tag == "list":
        return "\n".join(t for t in (block_text(i) for i in node if i.tag == "item") if t)
    if node.tag == "table":
        rows = node.iter("row")
        return "\n".join(
            " ".join(" ".join(_inline_text(c).split()) for c in r if c.tag == "cell") for r in rows
        )
    text = _inline_text(node)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# ---------------------------------------------- prose mass, dropped text


@dataclass(frozen=True)
class PageProse:
    """The page's prose paragraphs before extraction: total words and where they sit."""

    mass: int  # words in prose paragraphs (12+ words, mostly not links)
    container_of: dict[str, tuple[str, str]]  # paragraph key -> its container's tag and class
    container_words: dict[tuple[str, str], int]  # container tag and class -> prose words
    texts: tuple[str, ...] = ()  # the page's text blocks in order, for the dropped-text report


def _prose_key(text: str) -> str:
    """Paragraph text -> a short key that survives extraction (first words, lower case)."""
    return " ".join(_opening_words(text, 12))


def measure_paragraph_mass(tree: Any) -> PageProse:
    """Page tree -> its prose paragraphs: word mass and the containers holding them."""
    container_of: dict[str, tuple[str, str]] = {}
    container_words: dict[tuple[str, str], int] = {}
    # One walk does both jobs: a paragraph is measured when the walk reaches it,
    # before the line breaks below reach the tails of its descendants.
    for el in tree.iter(_BLOCK_TAGS):
        if el.tag == "p":
            _measure_paragraph(el, container_of, container_words)
        # A line break after each block keeps the serialized text one block per line.
        el.tail = "\n" + el.tail if el.tail else "\n"
    total = sum(container_words.values())
    # The page's text as lines, for the report of what extraction left out; the
    # serializer walks the tree in C, far cheaper than asking each element.
    body = tree.find("body")
    lines = etree.tostring(body if body is not None else tree, method="text", encoding=str)
    texts = tuple(line for line in (" ".join(raw.split()) for raw in lines.splitlines()) if line)
    return PageProse(total, container_of, container_words, texts)


def _measure_paragraph(
    p: Any, container_of: dict[str, tuple[str, str]], container_words: dict[tuple[str, str], int]
) -> None:
    """A <p> element -> its words added to its container's count when it reads as prose."""
    text = p.text_content()
    # Twelve words take at least 23 characters: shorter paragraphs need no counting.
    if len(text) < 23:
        return
    words = len(_WORD.findall(text))
    if words < 12:
        return
    links = sum(len(a.text_content()) for a in p.iter("a"))
    if links > 0.5 * len(text):
        return
    parent = p.getparent()
    sig = (parent.tag, parent.get("class") or "") if parent is not None else ("", "")
    container_of[_prose_key(text)] = sig
    container_words[sig] = container_words.get(sig, 0) + words


_BLOCK_TAGS = (
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "br",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "ul",
    "ol",
    "table",
    "blockquote",
    "figure",
    "aside",
    "dd",
    "dt",
)


def summarise_dropped(
    texts: tuple[str, ...], kept: list[Block], removed: list[RemovedBlock]
) -> list[RemovedBlock]:
    """Page text blocks, kept and removed blocks -> what the extractor left out, in runs.

    A page text block counts as dropped when its opening words appear in neither
    the kept nor the removed text; consecutive dropped blocks form one entry, so a
    menu of forty links is one line of the report rather than forty.
    """
    covered = " | ".join([_squash(b.text) for b in kept] + [_squash(r.text) for r in removed])
    out: list[RemovedBlock] = []
    run: list[str] = []
    for text in texts:
        # Three words take at least five characters: shorter lines need no tokenising.
        words = _opening_words(text) if len(text) >= 5 else []
        if len(words) < 3:
            continue  # single menu words neither count nor break a run
        if " ".join(words[:8]) not in covered:
            run.append(text)
            continue
        if run:
            out.append(RemovedBlock(text="\n".join(run), rule="extractor"))
            run = []
    if run:
        out.append(RemovedBlock(text="\n".join(run), rule="extractor"))
    return out


def _opening_words(text: str, count: int = 8) -> list[str]:
    """Text -> its first `count` lower-case word tokens (fewer when it has fewer)."""
    # A long paragraph needs only its opening lower-cased and tokenised: once one
    # more word has begun inside the opening, the first `count` are whole.
    opening = count * _CHARS_PER_WORD
    if len(text) > opening:
        words = _WORD.findall(text[:opening].lower())
        if len(words) > count:
            return words[:count]
    return _WORD.findall(text.lower())[:count]


_CHARS_PER_WORD = 20


# -------------------------------------------------------- second opinion


def _story_words(blocks: list[Block]) -> int:
    """Blocks -> words in their prose paragraphs."""
    return sum(b.words for b in blocks if _is_story_paragraph(b))


def _needs_second_opinion(kept: list[Block], prose: PageProse) -> bool:
    """Kept blocks and the page's prose -> whether the extraction looks wrong.

    Two shapes of failure: a story split over sibling containers of the same kind
    of which only one was taken (the containers hold far more prose than was kept),
    and a page-wide dump of menu lines or a layout table (little of what was kept
    reads as prose).
    """
    words = sum(b.words for b in kept)
    if words == 0:
        return True
    if words < 0.5 * prose.mass:
        containers = {
            prose.container_of.get(_prose_key(b.text)) for b in kept if _is_story_paragraph(b)
        }
        same_kind = sum(prose.container_words.get(c, 0) for c in containers if c)
        if same_kind >= 1.3 * words:
            return True
    if _story_words(kept) < 0.5 * words:
        tiny = sum(1 for b in kept if b.words <= 4)
        tables = sum(b.words for b in kept if b.kind == "table")
        return (len(kept) >= 20 and tiny >= 0.9 * len(kept)) or tables >= 0.95 * words
    return False


def _prefer_second_opinion(kept: list[Block], alt: list[Block]) -> bool:
    """Blocks kept by the first and the second extractor -> whether to take the second."""
    words, story = sum(b.words for b in kept), _story_words(kept)
    alt_words, alt_story = sum(b.words for b in alt), _story_words(alt)
    if not alt_words:
        return False
    if not words:
        return True
    # More of the same story: the first result is (mostly) inside the second.
    if (
        story >= 50
        and alt_story >= 1.5 * story
        and alt_words >= 1.3 * words
        and _contained(kept, alt) >= 0.7
    ):
        return True
    # The same story with far less menu around it: the second result is a
    # prose-rich part of the first.
    return (
        story < 0.5 * words
        and alt_words <= 0.67 * words
        and alt_story >= 0.5 * alt_words
        and _contained(alt, kept, prose_only=False) >= 0.8
    )


def _contained(inner: list[Block], outer: list[Block], prose_only: bool = True) -> float:
    """Two block lists -> share of the first's (prose) word 4-grams found in the second."""

    def grams(blocks: list[Block]) -> set[tuple[str, ...]]:
        out: set[tuple[str, ...]] = set()
        for b in blocks:
            if prose_only and not _is_story_paragraph(b):
                continue
            words = _WORD.findall(b.text)
            out.update(tuple(words[i : i + 4]) for i in range(len(words) - 3))
        return out

    mine = grams(inner)
    return len(mine & grams(outer)) / len(mine) if mine else 0.0


def readability_blocks(html: str, url: str | None, hrefs: list[str]) -> list[Block]:
    """Full HTML page -> body blocks as readability-lxml finds them (links appended to hrefs)."""
    try:
        summary = ReadabilityDocument(html, url=url).summary(html_partial=True)
    except Exception:  # readability raises its own and lxml errors on odd pages
        return []
    tree = parse_page(f"<html><body>{summary}</body></html>")
    if tree is None:
        return []
    body = tree.find("body")
    if body is None:
        return []
    hrefs.extend(prepare_tree(tree, url, start=len(hrefs))[0])
    return nodes_to_blocks(html_to_nodes(body))


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_INLINE_HI = {
    "b": "#b",
    "strong": "#b",
    "i": "#i",
    "em": "#i",
    "u": "#u",
    "sup": "#sup",
    "sub": "#sub",
    "code": "#t",
}
_INLINE_PLAIN = {"a", "span", "font", "small", "abbr", "time", "cite", "mark", "q"}
_SKIP = {
    "script",
    "style",
    "noscript",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "iframe",
    "svg",
    "nav",
    "footer",
}


def html_to_nodes(root: Any) -> list[Any]:
    """HTML element -> block elements in trafilatura's XML vocabulary (p, head, list, ...)."""
    nodes: list[Any] = []
    loose = etree.Element("p")

    def flush() -> None:
        nonlocal loose
        if "".join(loose.itertext()).strip():
            nodes.append(loose)
        loose = etree.Element("p")

    def add_loose_text(text: str | None) -> None:
        if not text:
            return
        if len(loose):
            last = loose[-1]
            last.tail = (last.tail or "") + text
        else:
            loose.text = (loose.text or "") + text

    add_loose_text(root.text)
    for el in root:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP or not tag:
            pass
        elif tag == "p":
            flush()
            nodes.append(_inline_copy(el, "p"))
        elif tag in _HEADINGS:
            flush()
            head = _inline_copy(el, "head")
            head.set("rend", tag)
            nodes.append(head)
        elif tag in ("ul", "ol", "dl"):
            flush()
            lst = etree.Element("list", rend=tag)
            for li in el:
                if li.tag in ("li", "dt", "dd"):
                    lst.append(_inline_copy(li, "item"))
            nodes.append(lst)
        elif tag == "blockquote":
            flush()
            nodes.append(_inline_copy(el, "quote"))
        elif tag == "pre":
            flush()
            nodes.append(_inline_copy(el, "code"))
        elif tag == "table":
            flush()
            nodes.append(_table_copy(el))
        elif tag == "img":
            flush()
            src = _image_src(el)
            if src:
                nodes.append(etree.Element("graphic", src=src, alt=el.get("alt") or ""))
        elif tag == "br":
            flush()
        elif tag in _INLINE_HI:
            hi = _inline_copy(el, "hi")
            hi.set("rend", _INLINE_HI[tag])
            loose.append(hi)
        elif tag in _INLINE_PLAIN:
            # Plain inline wrappers dissolve into the running paragraph.
            span = _inline_copy(el, "span")
            add_loose_text(span.text)
            for sub in list(span):
                loose.append(sub)
        else:
            flush()
            nodes.extend(html_to_nodes(el))
        add_loose_text(el.tail)
    flush()
    return nodes


def _inline_copy(el: Any, tag: str) -> Any:
    """HTML element -> XML element of the given tag with its inline content converted."""
    out = etree.Element(tag)
    out.text = el.text

    def append_text(text: str | None) -> None:
        if not text:
            return
        if len(out):
            out[-1].tail = (out[-1].tail or "") + text
        else:
            out.text = (out.text or "") + text

    for child in el:
        ctag = child.tag if isinstance(child.tag, str) else ""
        if ctag == "br":
            out.append(etree.Element("lb"))
        elif ctag in _INLINE_HI:
            hi = _inline_copy(child, "hi")
            hi.set("rend", _INLINE_HI[ctag])
            out.append(hi)
        elif ctag in ("p", "div", "li") and len(out) + len(out.text or "") > 0:
            out.append(etree.Element("lb"))
            inner = _inline_copy(child, "span")
            append_text(inner.text)
            for sub in list(inner):
                out.append(sub)
            append_text(inner.tail)
        elif ctag and ctag not in _SKIP and ctag != "img":
            inner = _inline_copy(child, "span")
            append_text(inner.text)
            for sub in list(inner):
                out.append(sub)
        append_text(child.tail)
    return out


def _table_copy(table: Any) -> Any:
    """HTML table -> XML table of rows and cells."""
    out = etree.Element("table")
    for tr in table.iter("tr"):
        row = etree.SubElement(out, "row")
        for cell in tr:
            if cell.tag in ("td", "th"):
                c = _inline_copy(cell, "cell")
                if cell.tag == "th":
                    c.set("role", "head")
                row.append(c)
    return out


# ------------------------------------------------------------- block rules


@dataclass(frozen=True)
class PageContext:
    """What the block rules know about the page: story span, title, address."""

    first: int  # index of the first prose paragraph (len(blocks) when none)
    last: int  # index of the last prose paragraph (-1 when none)
    title_keys: frozenset[str]
    url: str | None


def filter_blocks(blocks: list[Block], meta: PageMeta) -> tuple[list[Block], list[RemovedBlock]]:
    """Body blocks -> (blocks kept, blocks removed with the widget kind that removed them)."""
    kept: list[Block] = []
    removed: list[RemovedBlock] = []
    title_keys = frozenset(_squash(t) for t in (meta.title,) if t)
    # The headline opens the story: what comes before it (sidebars, menus, a
    # section name) is page furniture, pictures aside.
    headline = next(
        (i for i, b in enumerate(blocks[: len(blocks) // 2 + 1]) if _squash(b.text) in title_keys),
        -1,
    )

    # The story span runs between prose paragraphs that are not widget text
    # themselves (a long paywall prompt is a paragraph too).
    # Only its two ends matter, so the paragraphs are asked from each end inwards.
    def opens_story(i: int) -> bool:
        b = blocks[i]
        return _is_story_paragraph(b) and match_widget(" ".join(b.text.split())) is None

    first = next((i for i in range(headline + 1, len(blocks)) if opens_story(i)), len(blocks))
    last = next((i for i in range(len(blocks) - 1, first, -1) if opens_story(i)), first)
    ctx = PageContext(
        first=first,
        last=last if first < len(blocks) else -1,
        title_keys=title_keys,
        url=meta.url,
    )
    teasers = _tail_teaser_headings(blocks, ctx.last)
    for i, block in enumerate(blocks):
        if i in teasers:
            removed.append(RemovedBlock(text=block.text, rule="related"))
            continue
        if i < headline and block.kind != "figure":
            removed.append(RemovedBlock(text=block.text, rule="navigation"))
            continue
        rule = classify_block(block, i, ctx)
        if rule is None:
            kept.append(block)
        else:
            removed.append(RemovedBlock(text=block.text, rule=rule))
    return kept, removed


def _tail_teaser_headings(blocks: list[Block], last: int) -> set[int]:
    """Blocks and the last story paragraph -> indexes of teaser headings after the story.

    A grid of other stories shows as headings with nothing but pictures between
    them; one orphan heading may be a closing section title, two or more are a grid.
    """
    if last < 0:
        return set()
    orphans = set()
    tail = [i for i in range(last + 1, len(blocks)) if blocks[i].kind != "figure"]
    for pos, i in enumerate(tail):
        following = blocks[tail[pos + 1]] if pos + 1 < len(tail) else None
        if blocks[i].kind == "heading" and (following is None or following.kind == "heading"):
            orphans.add(i)
    return orphans if len(orphans) >= 2 else set()


def _is_story_paragraph(block: Block) -> bool:
    """A prose paragraph: long enough, mostly not link text."""
    return block.kind == "p" and block.words >= 12 and block.link_share < 0.5


_URLISH = re.compile(r"\s*(https?://|www\.|[\w.+-]+@[\w-]+\.)\S*\s*", re.I)


def _is_shouting(text: str) -> bool:
    """Text mostly in capitals, the way inline promo links are set."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _classify_tail_line(block: Block, text: str) -> str | None:
    """A short block after the story -> the furniture kind it reads as, or None."""
    if block.words > 25:
        return None
    if htmlrules.COMMENT_HEADER.match(text):
        return "comments"
    if htmlrules.FILING_LINE.match(text):
        return "related"
    if htmlrules.UPDATE_STAMP.match(text):
        return "byline"
    if htmlrules.LABELLED_ADDRESS.match(text):
        return "promo"
    if all(htmlrules.CONTACT_ONLY.match(line) for line in block.text.splitlines()):
        return "author-box"
    return None


def _same_address(text: str, url: str) -> bool:
    """Block text and page URL -> whether the text is that address."""

    def bare(u: str) -> str:
        return re.sub(r"^\w+://(www\.)?", "", u.strip()).rstrip("/").lower()

    return bare(text) == bare(url)


def _is_link_list(block: Block) -> bool:
    """A list whose every item opens with a link: a list of other stories."""
    if block.kind != "list":
        return False
    items = [i for i in block.node if i.tag == "item"]
    if len(items) < 2:
        return False
    return all(block_text(i).lstrip().startswith(_LINK_START) for i in items)


def classify_block(block: Block, index: int, ctx: PageContext) -> str | None:
    """One block in context -> the widget kind it belongs to, or None to keep it.

    Blocks before the first or after the last prose paragraph are page furniture
    more often than story, so several rules only apply there.
    """
    text = " ".join(block.text.split())
    if block.kind == "figure":
        return None
    # Without any prose paragraph there is no story span to be outside of.
    outside = ctx.last >= 0 and (index < ctx.first or index > ctx.last)
    squashed = _squash(block.text)  # the same words as the spaced-out text, cached
    if index < ctx.first and squashed in ctx.title_keys:
        return "title"
    # The headline, standfirst and byline repeat the metadata above the story.
    if outside and index < ctx.first:
        if block.kind == "heading" and index <= 2:
            return "standfirst"
        if (
            index <= 3
            and block.words <= 20
            and (htmlrules.BYLINE_START.match(text) or htmlrules.DATE_TEXT.search(text))
        ):
            return "byline"
    # Widget text is short; a long sentence inside the story that merely mentions a
    # newsletter or cookies is prose, so the vocabulary is only asked about short
    # blocks, or longer ones outside the story.
    kind = match_widget(text) if outside or not _is_story_paragraph(block) else None
    if kind is not None:
        return kind
    if htmlrules.READING_TIME.match(text):
        return "counter"
    if block.words <= 60 and htmlrules.RIGHTS_LINE.search(text):
        return "disclaimer"
    if block.words <= 50 and htmlrules.PRICED_OFFER.search(text):
        return "promo"
    if htmlrules.SHORTCODE.match(text):
        return "promo"
    if htmlrules.SHARE_PROMPT.match(text):
        return "share"
    if htmlrules.CONTACT_LINE.match(text) and block.words <= 40:
        return "promo"
    if htmlrules.PAYWALL_LINE.match(text):
        return "paywall"
    if block.words <= 25 and htmlrules.SIGNUP_MESSAGE.search(text):
        return "newsletter"
    if outside and htmlrules.CREDIT_LINE.match(text):
        return "byline"
    if index > ctx.last >= 0:
        tail_rule = _classify_tail_line(block, text)
        if tail_rule:
            return tail_rule
    if outside and htmlrules.TAG_LINE.match(block.text) and block.words <= 60:
        return "related"
    label = htmlrules.RELATED_LABEL_START.match(text)
    if label and block.words <= 30:
        return "related"
    if htmlrules.RELATED_LABEL_ONLY.fullmatch(text):
        return "related"
    if outside and _is_link_list(block):
        return "related"
    lines = block.text.splitlines()
    # The page's own address, printed as a permalink, is share furniture.
    if ctx.url and _same_address(text, ctx.url):
        return "share"
    # A block that is only links points at other stories, unless it is a bare
    # address (a source the story cites) or long enough to be prose itself.
    if (
        block.kind in ("p", "heading", "list")
        and block.link_share >= 0.9
        # After the story even a long linked blurb is a teaser for another page.
        and block.words <= (80 if index > ctx.last >= 0 else 30)
        and not all(_URLISH.fullmatch(line) for line in lines)
    ):
        if outside or _is_shouting(text) or (block.kind == "list" and len(block.node) >= 2):
            return "related"
    return None


# ---------------------------------------------------------------- render

_HI_TAGS = {"#b": "strong", "#i": "em", "#u": "u", "#sup": "sup", "#sub": "sub", "#t": "code"}
_HEAD_TAGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}


def render_block(block: Block, hrefs: list[str], base: str | None = None) -> str:
    """Kept block -> HTML fragment, links restored from their markers."""
    return restore_links(_render(block.node), hrefs, base)


def restore_links(html: str, hrefs: list[str], base: str | None = None) -> str:
    """HTML with link markers -> HTML with <a href> (or plain text for unusable targets)."""

    def link(m: re.Match[str]) -> str:
        index = int(m.group(1).translate(_FROM_MARKER_DIGITS))
        href = hrefs[index] if index < len(hrefs) else ""
        if href.startswith("//"):
            href = "https:" + href
        # Relative targets are resolved only for the links that are kept.
        if base and not href.startswith(("http://", "https://")):
            href = urljoin(base, href)
        inner = _MARKERS.sub("", m.group(2))
        if (
            inner.strip()
            and href.startswith(("http://", "https://", "/"))
            and not href.startswith("//")
        ):
            return f'<a href="{escape(href)}">{inner}</a>'
        return inner

    return _MARKERS.sub("", _LINK_SPAN.sub(link, html))


def _render_children(node: Any) -> str:
    """XML element -> HTML of its text and children (tails included)."""
    out = [escape(node.text or "", quote=False)]
    for child in node:
        out.append(_render(child))
        out.append(escape(child.tail or "", quote=False))
    return "".join(out)


def _render(node: Any) -> str:
    """One trafilatura XML element -> HTML."""
    tag = node.tag
    inner = _render_children
    if tag == "p":
        return f"<p>{inner(node)}</p>"
    if tag == "head":
        h = _HEAD_TAGS.get(node.get("rend") or "", "h3")
        return f"<{h}>{inner(node)}</{h}>"
    if tag == "list":
        lt = "ol" if node.get("rend") == "ol" else "ul"
        items = "".join(f"<li>{inner(i)}</li>" for i in node if i.tag == "item")
        return f"<{lt}>{items}</{lt}>"
    if tag == "item":
        return f"<li>{inner(node)}</li>"
    if tag == "quote":
        return f"<blockquote>{inner(node)}</blockquote>"
    if tag == "table":
        rows = []
        for row in node.iter("row"):
            cells = "".join(
                f"<{'th' if c.get('role') == 'head' else 'td'}>{inner(c)}"
                f"</{'th' if c.get('role') == 'head' else 'td'}>"
                for c in row
                if c.tag == "cell"
            )
            rows.append(f"<tr>{cells}</tr>")
        return f"<table>{''.join(rows)}</table>"
    if tag == "graphic":
        # Only a block-level image gets a figure; inside a paragraph it stays inline.
        parent = node.getparent()
        return _render_image(node, figure=parent is None or parent.tag in ("body", "figure"))
    if tag == "figure":
        return "".join(_render_image(c) for c in node.iter("graphic"))
    if tag == "ref":
        target = node.get("target") or ""
        if target.startswith(("http://", "https://", "/")):
            return f'<a href="{escape(target)}">{inner(node)}</a>'
        return inner(node)
    if tag == "hi":
        t = _HI_TAGS.get(node.get("rend") or "")
        return f"<{t}>{inner(node)}</{t}>" if t else inner(node)
    if tag == "lb":
        return "<br>"
    if tag == "code":
        return f"<pre><code>{inner(node)}</code></pre>"
    if tag == "del":
        return f"<del>{inner(node)}</del>"
    return inner(node)


# Lazy-loading stand-ins: a transparent pixel where the real picture goes later.
_PLACEHOLDER = re.compile(
    r"(?i)/(blank|spacer|pixel|transparent|1x1|placeholder|grey|gray|lazy|loading)[\w-]*\.(gif|png)\b"
)
# Branding: the site's own logo (often a print-only header copy) is page chrome.
_LOGO_WORD = re.compile(r"(?i)(?:^|[^a-z])logos?(?:$|[^a-z])")


def _is_logo(src: str, alt: str) -> bool:
    """Picture source + text alternative -> whether it is the site's logo, not a story picture."""
    name = src.split("?")[0].rsplit("/", 1)[-1]
    return bool(_LOGO_WORD.search(name) or _LOGO_WORD.search(alt))


def _render_image(node: Any, figure: bool = True) -> str:
    """trafilatura graphic -> <figure><img></figure> or bare <img>; "" without src and alt."""
    src = (node.get("src") or "").strip()
    alt = " ".join(_MARKERS.sub("", node.get("alt") or node.get("title") or "").split())
    if src.startswith("//"):
        src = "https:" + src
    if not alt or not src.startswith(("http://", "https://", "/")) or _PLACEHOLDER.search(src):
        return ""
    if _is_logo(src, alt):
        return ""
    img = f'<img src="{escape(src)}" alt="{escape(alt)}">'
    return f"<figure>{img}</figure>" if figure else img
