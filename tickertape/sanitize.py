"""Make scraped text and HTML safe to publish: allow-list sanitizing with nh3 plus its gaps."""

from __future__ import annotations

import re

import nh3

# Tags a story body may keep: text structure, lists, quotes, tables, figures, links.
ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
        "blockquote", "q", "cite", "pre", "code", "em", "strong", "b", "i", "u", "s", "sub",
        "sup", "small", "mark", "abbr", "time", "a", "img", "figure", "figcaption", "table",
        "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "span",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "abbr": {"title"},
    "time": {"datetime"},
}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
# Deeper nesting than this is flattened before nh3 runs: nh3's cost grows
# steeply with depth (tens of seconds on 100k-deep input), and no story needs it.
MAX_DEPTH = 64

# C0 controls other than tab/newline/carriage return, DEL and the C1 range:
# invisible, and some of them break XML feeds.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr"}
)  # fmt: skip
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>", re.I)
_IMG_WITHOUT_ALT = re.compile(r'<img(?![^>]*\salt="[^"]+")[^>]*>', re.I)


def strip_controls(text: str) -> str:
    """Text -> the same text without C0/C1 control characters (tab and newlines kept)."""
    return _CONTROLS.sub("", text)


def cap_depth(html: str, max_depth: int = MAX_DEPTH) -> str:
    """HTML -> the same HTML with tags nested deeper than max_depth dropped (text kept)."""
    if html.count("<") < max_depth:
        return html
    out: list[str] = []
    depth = 0
    pos = 0
    for m in _TAG.finditer(html):
        out.append(html[pos : m.start()])
        pos = m.end()
        closing, name, selfclose = m.group(1), m.group(2).lower(), m.group(3)
        if name in _VOID or selfclose:
            out.append(m.group(0))
        elif closing:
            if 0 < depth <= max_depth:
                out.append(m.group(0))
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth <= max_depth:
                out.append(m.group(0))
    out.append(html[pos:])
    return "".join(out)


def sanitize_html(fragment: str) -> str:
    """Untrusted HTML fragment -> allow-listed HTML with no executable construct."""
    cleaned = nh3.clean(
        cap_depth(strip_controls(fragment)),
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # An image is kept only with a real source and a text alternative.
    cleaned = _IMG_WITHOUT_SRC.sub("", cleaned)
    return _IMG_WITHOUT_ALT.sub("", cleaned)


_TAGLIKE = re.compile(r"<([A-Za-z/!?])([^<>]*)>")
_TAG_OPENER = re.compile(r"<(?=[A-Za-z/!?])")
_TAG_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
# Element names of HTML, SVG and MathML that markup in a title could use. Anything
# else in angle brackets is text, as wire services write company names and
# symbols ("<THE NATIONAL BANK OF NEW ZEALAND LTD>", "BROWN-FORMAN INC <BFD>").
_ELEMENT_NAMES = frozenset(
    """a abbr address area article aside audio b base bdi bdo blockquote body br button canvas
    caption cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed
    fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header
    hgroup hr html i iframe img image input ins isindex kbd keygen label legend li link main map
    mark marquee math menu meta meter nav noembed noframes noscript object ol optgroup option
    output p param picture plaintext portal pre progress q rp rt ruby s samp script search
    section select slot small source span strike strong style sub summary sup svg table tbody td
    template textarea tfoot th thead time title tr track tt u ul var video wbr xmp animate
    animatemotion animatetransform circle clippath defs desc ellipse feimage filter foreignobject
    g line lineargradient marker mask mi mo mn ms mtext path pattern polygon polyline
    radialgradient rect set stop symbol text textpath tspan use view annotation-xml maction
    """.split()
)


def _drop_or_unwrap(m: re.Match[str]) -> str:
    """A tag-shaped run -> " " when it names an element, else its text without brackets."""
    if m.group(1) in "/!?":
        return " "
    name = _TAG_NAME.match(m.group(1) + m.group(2))
    if name is None or name.group().lower() in _ELEMENT_NAMES:
        return " "
    return f" {m.group(1)}{m.group(2)} "


def clean_text_value(text: str | None) -> str | None:
    """Untrusted plain text (title, author) -> one line without controls or tags, or None."""
    if text is None:
        return None
    # Markup inside a title or byline is scraping debris, and some feed readers
    # render RSS titles as HTML: drop element tags; other bracketed text keeps its
    # words and loses the brackets.
    text = strip_controls(text)
    while True:  # nested or overlapping tags come apart one layer at a time
        stripped = _TAGLIKE.sub(_drop_or_unwrap, text)
        if stripped == text:
            break
        text = stripped
    # What is left of a broken tag must not open one either.
    line = " ".join(_TAG_OPENER.sub("", text).split())
    return line or None
