"""Plain-text dumps of web pages (w3m, lynx, pasted text) -> the story and what was dropped.

A dump keeps no markup, so the story is found from the shape of the text:
1. lines are rebuilt into blocks (wrapped lines of one paragraph joined, with
   no space inside scripts written without spaces; list items, table rows and
   horizontal rules apart);
2. each block gets a class from its length, stop-word density, sentence
   punctuation and the widget vocabulary (tickertape.widgets); picture captions
   (text between a picture and its credit) and texts printed twice in a row are
   marked as such, and so are tables typed as lines of figures;
3. the story is the densest run of story-like blocks, or a nearly as dense run
   that sits under a headline and dateline (prose printed right under a picture
   in a grid of such cards is a teaser and does not count); its head is trimmed
   to the first block that reads like a sentence, it ends at a comment, cookie,
   paywall or author box (or at credits, a disclaimer, a bio under the writer's
   name, a company blurb under a rule, or a "related" header, when little story
   text follows), and takes in its short tail; blocks inside it are kept unless
   they are widgets or furniture, blocks outside it are dropped with the reason;
4. the title is the headline next to the byline/dateline group above the story
   (or the best headline-shaped block above it), the date the first dateline
   near it, the author the byline's name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from tickertape.dates import parse_date
from tickertape.models import RemovedBlock
from tickertape.widgets import match_widget


@dataclass(frozen=True)
class DumpBlock:
    """One kept block of a dump: kind ("p" | "h" | "li" | "quote" | "pre") and its text."""

    kind: str
    text: str


@dataclass(frozen=True)
class DumpArticle:
    """What a dump yields: metadata, kept blocks in order, and the dropped blocks with why."""

    title: str | None
    date: datetime | None
    author: str | None
    blocks: tuple[DumpBlock, ...]
    removed: tuple[RemovedBlock, ...]

    @property
    def text(self) -> str:
        """The kept blocks as plain text, one blank line between blocks."""
        return "\n\n".join(b.text for b in self.blocks)


# Function words of the languages the archive meets. Story prose is dense in
# them; menus, headlines, link lists and widget text are not. One merged set
# is enough: a block is scored by the share of its words found here.
_STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours said says according since though however still
    even many much may might must being into would also there's it's that's don't can't won't
    o os as um uma uns umas de do da dos das em no na nos nas por pelo pela para com sem sob
    sobre que se não nao mais mas como ao aos à às é são foi ser ter tem seu sua seus suas ele
    ela eles elas isso este esta esse essa já ou também quando muito entre até há
    el la los las un una unos unas del al en y es por con para lo su sus le les se que pero
    más mas como fue son está están ha han hay ya muy sin sobre también cuando porque este esta
    le la les un une des du de et est en dans que qui pour pas par sur au aux il elle ils elles
    ne se sa son ses ce cette ces avec plus mais ou été être a ont sont nous vous leur leurs
    der die das den dem des ein eine einer einem einen und ist im in zu von mit auf für sich
    nicht auch es an als bei wie aus dass war sind wird hat noch nach oder aber so wenn nur
    vor über um sie er wir ihr man wurde werden kann durch zum zur einen bis
    il lo la i gli le un uno una di da in con su per tra fra che non è sono del della dei degli
    delle al alla ai agli alle nel nella nei sul sulla ed anche come più ma se ha hanno questo
    questa quello quella essere stato
    yang dan di ke dari ini itu untuk dengan tidak dalam akan pada juga ada adalah sudah oleh
    atau karena bisa saat lebih seperti mereka kami kita telah tersebut para bagi namun
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только
    ее её мне было вот от меня еще ещё нет о из ему теперь когда даже ну ли если уже или ни
    быть был была были него до вас нибудь опять уж вам ведь там потом себя ничего ей может
    они тут где есть надо ней для мы тебя их чем сам без будто чего раз тоже себе под будет
    ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы
    нее сейчас можно при об это эти этих также который которые которая которых очень более
    de het een en van in is dat op te zijn voor met niet aan er ook als bij om maar dan
    """.split()
)

# The ASCII stop words as bytes, for counting words of ASCII text without decoding it.
_ASCII_STOP_WORDS: frozenset[bytes] = frozenset(w.encode() for w in _STOP_WORDS if w.isascii())

_WORD = re.compile(r"\w+")
# Scripts written without spaces or with agglutinated particles: stop words do
# not apply, sentence punctuation and length carry the signal instead.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff]")
# A sentence ends in one of _ENDERS, then maybe closing quotes or brackets (or, in
# Korean, in 다); tested on text without trailing space.
_CLOSERS = "\"'”’»)]"
_ENDERS = frozenset(".!?。！？…:;")
# A byte table for ASCII text: every character that is not a word character becomes a
# space and capitals become lower case (bytes.translate is several times faster than
# str.translate with a mapping, and saves lower-casing the text first).
_ASCII_WORDS_LOWER = bytes(
    ord(chr(c).lower()) if c < 128 and (chr(c).isalnum() or chr(c) == "_") else 32
    for c in range(256)
)
_CJK_SENTENCE = re.compile(r"[。！？]|다\.|요\.|니다|다\s|다$")

# List markers: w3m draws bullets with symbols, lynx with * + o # @ cycling by
# nesting depth (so "o" and "#" count only when indented like a nested item).
_BULLET = re.compile(
    r"^(?P<indent> *)(?:(?P<sym>[•◦▪▫□■○●‣∙·*+-])|(?P<num>\d{1,3}[.)])|(?P<deep>[o#@]))"
    r"(?: +(?P<text>\S.*)|\s*$)"
)
# First characters of a line that can open a list item (cheap test before _BULLET).
_BULLET_STARTS = frozenset("•◦▪▫□■○●‣∙·*+-o#@0123456789")
# Form furniture in dumps: text fields, buttons, select boxes.
_FORM = re.compile(r"\[[ _]{3,}\]|_{6,}|\[BUTTON\b|\(BUTTON\)|\[(?:X| )\]\s|\(not implemented\)")
# A picture's file name ("airpods-pro-2.jpg"), printed in place of the picture.
_FILE_NAME = re.compile(r"^\S*\.(?:jpe?g|png|gif|webp|svg)\S*$", re.I)
# Markup printed as text: escaped tags, attributes.
_MARKUP = re.compile(r"&lt;/?[a-z]+\b|\b(?:class|style|href|src)=\"")
# Image placeholders only: "[image]", "[https://.../pic.jpg]", "[1535178347]".
_ONLY_IMAGES = re.compile(r"^(?:\s*\[[^\]]*\])+\s*$")
_BYLINE = re.compile(
    r"^(?:by|von|por|par|di|oleh|автор|written by|posted by|text:?)\s+\S", re.I
)
_BYLINE_LEAD = re.compile(
    r"^(?:by|von|por|par|di|oleh|автор|written by|posted by|text)\b:?\s*", re.I
)
_HAS_DIGIT = re.compile(r"\d")
_NAME = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w'’.-]*){1,3}$")


class _Segment(NamedTuple):
    """A block rebuilt from consecutive dump lines, with the features the classifier uses
    (a named tuple: a page makes hundreds, and tuples are the cheapest to build)."""

    text: str
    is_item: bool
    is_table: bool
    indent: int
    first_line: int
    last_line: int
    n_chars: int
    mass: float  # length in Latin-character equivalents (a CJK character carries more)
    n_words: int
    stop_ratio: float
    cjk: bool
    sentence: bool  # ends like a sentence


_new_segment = tuple.__new__
# A segment's text, read in C (a map with it runs without a Python frame per segment).
_TEXT_OF = attrgetter("text")

# East Asian wide characters (two terminal columns): Hangul, kana, CJK
# ideographs, full-width forms.
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)


def _display_width(line: str) -> int:
    """Line -> columns it takes in a terminal (East Asian wide characters count 2)."""
    if line.isascii():
        return len(line)
    return len(line) + len(_WIDE.findall(line))


# Scripts written without spaces between words (kana, CJK ideographs, their
# punctuation and full-width forms; not Hangul, which spaces its words): a line
# wrapped next to one of these characters was broken inside a run of text, so
# the lines join with nothing between them.
_UNSPACED = re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _join_lines(lines: list[str]) -> str:
    """Wrapped lines of one block -> its text (a space between lines, none inside
    unspaced scripts)."""
    joined = " ".join(lines)
    if joined.isascii() or len(lines) < 2:
        return joined
    out = [lines[0]]
    for line in lines[1:]:
        if not (_UNSPACED.match(out[-1][-1:]) or _UNSPACED.match(line[:1])):
            out.append(" ")
        out.append(line)
    return "".join(out)


def _estimate_width(widths: list[int]) -> int:
    """Display widths of non-blank lines -> the column the dump wraps at."""
    long_lines = sorted(w for w in widths if w >= 40)
    if len(long_lines) < 5:
        return max(widths, default=0) + 1
    # The wrap column is the top of the length distribution; a few longer
    # lines (unbreakable URLs, preformatted text) are ignored.
    return long_lines[int(len(long_lines) * 0.97) - 1] + 1


# Non-word characters common in otherwise ASCII text.
_TYPOGRAPHIC = ("\u2019", "\u201c", "\u201d", "\u2018", "\u2014", "\u2013", "\u2026",
                "\u00a0", "\u00ab", "\u00bb", "\u2022", "\u00b7", "\u00a9")


def _make_segment(
    lines: list[str], shape: str, indent: int, first_line: int, last_line: int
) -> _Segment:
    """Lines of a block ("p" | "li" | "table" | "hr"), its indent and line span -> a segment
    with its classifier features (a table of one line is a paragraph)."""
    is_table = False
    if len(lines) == 1:
        text = lines[0]
    elif shape == "table":
        text = "\n".join(lines)  # rows stay apart
        is_table = True
    else:
        text = _join_lines(lines)
    cjk_chars = 0
    # Words are the \w+ runs, lower-cased; for ASCII text a byte translation and a split
    # find the same runs several times faster than the regex. Much other text is ASCII
    # but for typographic punctuation (curly quotes, dashes, no-break spaces): with those
    # replaced by spaces (none is a word character) it takes the same path, and holds no
    # CJK character either.
    plain = text
    if not text.isascii():
        plain = text.lower()
        for mark in _TYPOGRAPHIC:
            if mark in plain:
                plain = plain.replace(mark, " ")
        if not plain.isascii():
            cjk_chars = len(_CJK.findall(text))
    if plain.isascii():
        # Bytes all the way: no decoding back to text is needed to count words.
        words: list[str] | list[bytes] = (
            plain.encode("ascii").translate(_ASCII_WORDS_LOWER).split()
        )
        stops = sum(map(_ASCII_STOP_WORDS.__contains__, words))
    else:
        words = _WORD.findall(plain)
        stops = sum(map(_STOP_WORDS.__contains__, words))
    n_words = len(words)
    cjk = cjk_chars * 3 > len(text)
    if cjk:
        sentence = bool(_CJK_SENTENCE.search(text))
    else:
        # The text has no trailing space: look at its last character before closers.
        sentence = text.rstrip(_CLOSERS)[-1:] in _ENDERS or text.endswith("다")
    size = len(text)
    # tuple.__new__ directly: the named tuple's own constructor is a Python-level wrapper.
    return _new_segment(_Segment, (
        text, shape == "li", is_table, indent, first_line, last_line, size,
        size + 1.5 * cjk_chars, n_words, stops / n_words if n_words else 0.0, cjk, sentence,
    ))


# Horizontal rules as the browsers draw them: box-drawing runs (w3m) or a long
# line of underscores (lynx; a short run is a form's text field).
_RULE_RUN = re.compile(r"[\u2500-\u257f]{3,}|(?<!\S)_{40,}(?!\S)")
# A table row as w3m and lynx lay it out: cells parted by runs of three or more
# spaces (tested as a substring of the stripped line).
_CELL_GAP = "   "


def _split_segments(text: str) -> list[_Segment]:
    """Dump text -> blocks: wrapped lines joined, list items, table rows and short lines apart."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if "\t" in text:
        text = text.expandtabs(8)  # per line, as the tab stops restart on each line
    lines = [ln.rstrip() for ln in text.split("\n")]
    widths = [len(ln) if ln.isascii() else _display_width(ln) for ln in lines]
    wrap = _estimate_width([w for w in widths if w]) - 2
    segments: list[_Segment] = []
    parts: list[str] = []
    mode = "p"  # "p" | "li" | "table" | "hr": what the lines in parts belong to
    indent = 0
    cont_indent = 0
    start = 0
    last = 0
    prev_width = 0
    has_rules = "\u2501" in text or "\u2500" in text or "____" in text
    for i, line in enumerate(lines):
        if has_rules and ("\u2501" in line or "\u2500" in line or "____" in line):
            bare = _RULE_RUN.sub("", line).rstrip() if _RULE_RUN.search(line) else line
            if not bare.strip() and line:
                # A horizontal rule (<hr>): a block of its own between others.
                if parts:
                    segments.append(_make_segment(parts, mode, indent, start, last))
                segments.append(_make_segment([line.strip()], "hr", 0, i, i))
                parts, mode, prev_width = [], "p", 0
                continue
            line = bare
        if not line:
            # w3m prints a blank line between table rows: a table goes on
            # across it, and ends at the first line that is not a row.
            if mode != "table":
                if parts:
                    segments.append(_make_segment(parts, mode, indent, start, last))
                    parts = []
                mode = "p"
            prev_width = 0
            continue
        unindented = line.lstrip(" ")
        line_indent = len(line) - len(unindented)
        stripped = unindented.lstrip() if unindented[0].isspace() else unindented
        if stripped[0] in _BULLET_STARTS:
            bullet = _BULLET.match(line)
            if bullet and bullet.group("deep") and line_indent < 6:
                bullet = None
            if bullet and bullet.group("sym") == "-" and line_indent < 2:
                bullet = None
            if bullet:
                if parts:
                    segments.append(_make_segment(parts, mode, indent, start, last))
                body = bullet.group("text")
                parts = [body.strip()] if body else []
                mode, indent, cont_indent, start, last = "li", line_indent, line_indent + 1, i, i
                prev_width = widths[i]
                continue
        is_row = _CELL_GAP in stripped
        # Whether the line goes on the block above: a table row under a row; a wrapped
        # item (or an empty bullet's text on the next line, as w3m prints it); a wrapped
        # line of a paragraph. Whether the line's first word would have fit on the line
        # above is asked last, as most lines open a block of their own.
        if mode == "table":
            goes_on = is_row
        elif mode == "li" and not parts:
            goes_on = line_indent >= cont_indent
        elif (
            line_indent >= cont_indent if mode == "li"
            else parts and line_indent == indent and not is_row
        ):
            space = stripped.find(" ")
            if stripped.isascii():
                first_width = len(stripped) if space < 0 else space
            else:
                first_width = _display_width(stripped if space < 0 else stripped[:space])
            goes_on = prev_width + 1 + first_width > wrap
        else:
            goes_on = False
        if goes_on:
            parts.append(stripped)
        else:
            if parts:
                segments.append(_make_segment(parts, mode, indent, start, last))
            parts = [stripped]
            mode = "table" if is_row else "p"
            indent = line_indent
            start = i
        prev_width = widths[i]
        last = i
    if parts:
        segments.append(_make_segment(parts, mode, indent, start, last))
    return segments


# Classes a segment can get before the story region is chosen.
_GOOD, _NEAR, _SHORT, _BAD = "good", "near", "short", "bad"


# Below this share of stop words in its long blocks, a page is in a language
# the list does not cover: English prose runs near 0.45, covered languages
# above 0.2, uncovered ones near 0.
_STOPLESS_RATIO = 0.08


def _is_stopless(segments: list[_Segment]) -> bool:
    """Segments -> whether the page's long blocks show almost no known stop words."""
    words = stops = 0.0
    for seg in segments:
        if seg.n_chars >= 100 and not seg.cjk:
            words += seg.n_words
            stops += seg.n_words * seg.stop_ratio
    return words > 0 and stops / words < _STOPLESS_RATIO


def _is_picture_label(text: str) -> bool:
    """Block text -> whether it is a picture's file name or a label printed twice in a row
    with nothing or a line break between ("honey pear jamhoney pear jam": alt text glued
    to its link)."""
    size = len(text)
    if " " not in text and (
        ("." in text and _FILE_NAME.match(text))
        # A picture's file name without its extension: "design-week-2018-lamp-01".
        or (size >= 15 and text.count("-") + text.count("_") >= 3 and "/" not in text)
    ):
        return True
    half = size // 2
    if size % 2:
        # The same text on two wrapped runs of lines joined by a space: a picture's alt
        # text and caption printed one after the other.
        return size >= 41 and text[half] == " " and text[:half] == text[half + 1 :]
    return size >= 10 and text[0] == text[half] and text[:half] == text[half:]


def _classify(seg: _Segment, stopless: bool = False) -> str:
    """Segment -> good (story prose), near (prose-like but short), short, bad or a widget kind.

    stopless: the page's language has no stop words in the list (or no spaces),
    so length and sentence punctuation alone decide.
    """
    text = seg.text
    if seg.n_words == 0 or (seg.n_chars >= 20 and text[0] == "_" and not text.strip("_")):
        return "rule"  # separators (lynx draws <hr> with underscores) and bare bullets
    if seg.n_chars <= 700:
        kind = match_widget(text)
        if kind is not None:
            return kind
    if seg.is_table:
        return "table"
    # Every form shape holds one of these substrings; most blocks hold none, and the
    # substring tests are cheaper than the search.
    if (
        "[" in text or "______" in text or "(BUTTON)" in text or "(not implemented)" in text
    ) and _FORM.search(text):
        return "form"
    if text.lstrip().startswith("[") and _ONLY_IMAGES.match(text):
        return "image"
    if _is_picture_label(text):
        return "image"
    if ("&lt;" in text or '="' in text) and _MARKUP.search(text):
        return "markup"  # tags a page's editor let through as text
    if seg.cjk or stopless:
        if seg.mass >= 120 and seg.sentence:
            return _GOOD
        if seg.mass >= 50 and seg.sentence:
            return _NEAR
        return _SHORT if seg.mass < 150 else _BAD
    if seg.n_chars >= 150:
        if seg.stop_ratio >= 0.18:
            return _GOOD
        return _NEAR if seg.sentence and seg.stop_ratio >= 0.1 else _BAD
    if seg.n_chars >= 70:
        if seg.stop_ratio >= 0.25 and seg.sentence:
            return _GOOD
        if seg.stop_ratio >= 0.15:
            return _NEAR
        return _BAD
    if seg.stop_ratio >= 0.2 and seg.sentence and seg.n_words >= 5:
        return _NEAR
    return _SHORT


# Classes that neither attract nor repel the story region: they are kept
# inside it and dropped outside it.
_NEUTRAL = frozenset({"image", "table", "rule"})
# Classes that are dropped wherever they stand but, like the neutral ones, neither
# attract nor repel the story region: picture captions and text printed twice in
# a row sit between the story's paragraphs.
_PASSIVE = _NEUTRAL | {"caption", "repeat"}
# Widget kinds after which the story does not go on: once a reasonable amount
# of story text has been seen, the story region is cut at the first of them.
_TERMINATORS = frozenset({"comments", "cookie", "copyright", "paywall", "author-box"})
# Kinds that end the story only when little story text follows them (less than
# _BOX_RESUME of what came before): credits and disclaimers close a story, but some
# stories open with one (an affiliate notice, a source line).
_SOFT_TERMINATORS = frozenset({"credits", "disclaimer"})
# Non-neutral blocks after a "related" header that are searched for story
# prose: none found means the header opens the list that ends the page.
_RELATED_LOOKAHEAD = 6
# Story text (in characters of good blocks) that must precede a terminator for
# the cut to apply; below it the terminator is page furniture above the story.
_TERMINATOR_MIN_STORY = 300


# Text lines of a figure longer than this are not its caption.
_CAPTION_MAX = 400


def _mark_figures(segments: list[_Segment], classes: list[str]) -> None:
    """Classes -> the same list with figure captions marked: a picture, its caption and its
    credit line printed on consecutive lines (no blank line between) make a figure, and the
    text between the picture and the credit is its caption."""
    for k in range(2, len(segments)):
        if classes[k] != "caption" or classes[k - 2] != "image":
            continue
        text = segments[k - 1]
        if (
            segments[k - 2].last_line + 1 == text.first_line
            and text.last_line + 1 == segments[k].first_line
            and classes[k - 1] in (_GOOD, _NEAR, _SHORT, _BAD)
            and not text.is_item
            and text.n_chars <= _CAPTION_MAX
        ):
            classes[k - 1] = "caption"


# Blocks searched after a block for a second printing of it.
_REPEAT_REACH = 3
# Shortest text whose second printing counts (shorter ones are labels).
_REPEAT_MIN = 20


def _mark_repeats(segments: list[_Segment], classes: list[str]) -> None:
    """Classes -> the same list with texts printed twice within a few blocks marked "repeat":
    a picture's alt text and caption, or a teaser's headline on the picture and the link.
    Story prose is never printed twice in a row, so both printings go."""
    texts = list(map(_TEXT_OF, segments))
    n = len(texts)
    for i, text in enumerate(texts):
        if len(text) < _REPEAT_MIN or classes[i] not in (_GOOD, _NEAR, _SHORT, _BAD):
            continue
        head = text[0]
        for j in range(i + 1, min(n, i + 1 + _REPEAT_REACH)):
            other = texts[j]
            if other and other[0] != head:
                continue  # a second printing starts alike (a cheap test first)
            if classes[j] in (_GOOD, _NEAR, _SHORT, _BAD, "caption") and (
                other == text or (len(other) >= 2 * _REPEAT_MIN and other.startswith(text))
                or (len(text) >= 2 * _REPEAT_MIN and text.startswith(other))
            ):
                if _is_signature(text):
                    break  # embedded posts from one account sign alike
                # A second printing with its credit stays a caption; the first is a repeat
                # either way (dropped from the story, still a headline candidate).
                classes[i] = "repeat"
                if classes[j] != "caption":
                    classes[j] = "repeat"


def _classify_line_groups(segments: list[_Segment], classes: list[str], stopless: bool) -> None:
    """Classes -> the same list with lines broken by hard line breaks (poems, dialogue,
    paragraphs typed with <br>) judged together: when the group reads as prose,
    every line of it is story text."""
    i = 0
    n = len(segments)
    while i < n:
        j = i
        while (
            j + 1 < n
            and not segments[j].is_item
            and not segments[j + 1].is_item
            and segments[j + 1].first_line == segments[j].last_line + 1
            and classes[j] in (_SHORT, _NEAR, _BAD)
            and classes[j + 1] in (_SHORT, _NEAR, _BAD)
        ):
            j += 1
        if j > i and classes[i] in (_SHORT, _NEAR, _BAD) and segments[j].sentence:
            members = segments[i : j + 1]
            prose_lines = sum(1 for m in members if m.sentence or m.n_chars >= 50)
            if (
                prose_lines * 2 >= len(members)
                and not any(_is_dateline(m) for m in members)
                and _classify(
                    _make_segment([" ".join(m.text for m in members)], "p", segments[i].indent,
                                  segments[i].first_line, segments[j].last_line),
                    stopless,
                ) == _GOOD
            ):
                for k in range(i, j + 1):
                    classes[k] = _GOOD
        i = j + 1


# Lines of figures printed one under another: at least this many make a table.
_DATA_MIN_LINES = 3
# A line of such a table is short.
_DATA_LINE_MAX = 100


def _mark_data_lines(segments: list[_Segment], classes: list[str]) -> None:
    """Classes -> the same list with tables typed as lines marked "data": three or more
    short lines in a row (hard line breaks, no blank line between), most of them holding
    figures, not list items and not bare dates ("Shr 39 cts vs 50 cts", "Net 1.2 mln vs
    1.0 mln", "1st leg: 10 March - Interlagos"). Menus and link lists rarely hold figures
    on most lines; a wire's earnings table is nothing else."""
    n = len(segments)
    i = 0
    while i < n:
        j = i
        while (
            j + 1 < n
            and segments[j + 1].first_line == segments[j].last_line + 1
            and _is_data_candidate(segments[j + 1], classes[j + 1])
        ):
            j += 1
        if j - i + 1 >= _DATA_MIN_LINES and _is_data_candidate(segments[i], classes[i]):
            members = segments[i : j + 1]
            figures = sum(1 for m in members if _HAS_DIGIT.search(m.text))
            stamps = sum(1 for m in members if m.n_words <= 5 and _date_of(m.text) is not None)
            if figures * 3 >= 2 * len(members) and stamps * 3 < len(members):
                for k in range(i, j + 1):
                    classes[k] = "data"
        i = j + 1


def _is_data_candidate(seg: _Segment, cls: str) -> bool:
    """Segment and class -> whether it may be a line of a table typed as lines (not a
    byline, nor a line stamping the story with its time)."""
    text = seg.text
    return (
        cls in (_SHORT, _NEAR, _BAD)
        and not seg.is_item
        and not seg.is_table
        and seg.n_chars <= _DATA_LINE_MAX
        and seg.first_line == seg.last_line
        and _BYLINE.match(text) is None
        and _DATELINE_LEAD.match(text) is None
        and _INNER_BYLINE.search(text) is None
        and _CLOCK.search(text) is None
        and _RELATIVE_TIME.search(text) is None
    )


def _weight(seg: _Segment, cls: str) -> float:
    """Segment and class -> its weight in the densest-run search (story text > 0)."""
    if cls == _GOOD:
        if seg.is_item and seg.text.endswith(("...", "…")):
            return -0.2 * seg.mass  # a teaser of another story
        return seg.mass if not seg.is_item else seg.mass * 0.7
    if cls == _NEAR:
        return seg.mass * 0.3
    if cls == "data":
        return seg.mass * 0.5
    if cls == _SHORT:
        return -3.0 if not seg.is_item else -12.0
    if cls == _BAD:
        return -0.2 * seg.mass if not seg.is_item else -0.5 * seg.mass
    if cls in _PASSIVE:
        return 0.0
    return -40.0


def _densest_run(weights: list[float]) -> tuple[int, int]:
    """Block weights -> (first, last) index of the run with the largest sum."""
    best, best_first, best_last = float("-inf"), 0, -1
    run, run_start = 0.0, 0
    for i, w in enumerate(weights):
        if run <= 0:
            run, run_start = w, i
        else:
            run += w
        if run > best:
            best, best_first, best_last = run, run_start, i
    return best_first, best_last


# Picture-led blocks within this many blocks of each other belong to one grid of cards.
_CARD_REACH = 6
# A grid has at least this many cards.
_CARD_MIN = 3


def _picture_cards(segments: list[_Segment], classes: list[str]) -> list[int]:
    """Segments -> indices of prose blocks printed right under a picture (no blank line
    between) in a run of such blocks: a grid of teaser cards (picture, headline, summary).
    Story pictures stand apart from the paragraphs around them."""
    led = [
        i for i in range(1, len(segments))
        if classes[i] in (_GOOD, _NEAR)
        and classes[i - 1] == "image"
        and segments[i - 1].last_line + 1 == segments[i].first_line
    ]
    cards: list[int] = []
    run: list[int] = []
    for i in led:
        if run and i - run[-1] > _CARD_REACH:
            if len(run) >= _CARD_MIN:
                cards += run
            run = []
        run.append(i)
    if len(run) >= _CARD_MIN:
        cards += run
    return cards


def _adjust_weights(segments: list[_Segment], classes: list[str], weights: list[float]) -> None:
    """Weights -> the same list corrected for context: repeats, colon-led lists, long gaps."""
    counts = Counter(map(_TEXT_OF, segments))
    for i in _picture_cards(segments, classes):
        weights[i] = -0.3 * segments[i].n_chars
    gap = 0
    list_open = False
    for i, (seg, cls) in enumerate(zip(segments, classes, strict=True)):
        weight = weights[i]
        # A text printed twice or more is a teaser, a headline or a caption
        # repeated by the layout, not a paragraph of the story.
        if weight > 0 and seg.n_chars >= 20 and counts[seg.text] > 1:
            weight = -0.3 * seg.n_chars
        # Items right after a sentence ending in a colon are the story's own list.
        if seg.is_item:
            if list_open and cls in (_SHORT, _NEAR, _BAD, _GOOD):
                weight = max(weight, 0.3 * seg.n_chars)
        else:
            list_open = (cls == _GOOD or cls == _NEAR) and seg.text.endswith(":")
        # Each further block of a gap costs more: a heading or an image between
        # paragraphs is cheap, a menu or a teaser list is not.
        if cls not in _PASSIVE:
            if weight <= 0:
                gap += 1
                if gap > 1:
                    weight *= 1.0 + 0.25 * (gap - 1 if gap < 9 else 8)
            else:
                gap = 0
        weights[i] = weight


# Widget headers whose following entries belong to them (for the removal reason).
_LIST_HEADERS = frozenset({"related", "comments", "share", "newsletter"})
# Consecutive short list items that end a forward extension: a menu or a link list.
_ITEM_RUN_STOP = 2
_BRACKETED = re.compile(r"\[[^\]]*\]")


def _names_above(segments: list[_Segment], start: int) -> set[str]:
    """Segments and story start -> person names printed above the story (bylines)."""
    names: set[str] = set()
    for seg in segments[max(0, start - 40) : start]:
        if seg.n_chars <= 80:
            bare = _BYLINE_LEAD.sub("", _BRACKETED.sub("", seg.text)).strip()
            if _is_name(bare):
                names.add(bare)
    return names


def _repeats_nearby(segments: list[_Segment], i: int) -> bool:
    """Segment index -> whether the same text comes again within the next three blocks
    (a teaser prints its headline on the picture and on the link)."""
    text = segments[i].text
    return len(text) >= 20 and any(s.text == text for s in segments[i + 1 : i + 4])


def _ends_story(segments: list[_Segment], classes: list[str], i: int, names: set[str]) -> bool:
    """Segment index -> whether the story cannot go on past this block."""
    seg = segments[i]
    if classes[i] in _TERMINATORS:
        return True
    if classes[i] == "related":
        ahead = [j for j in range(i + 1, len(segments)) if classes[j] not in _PASSIVE]
        ahead = ahead[:_RELATED_LOOKAHEAD]
        # An excerpt cut short with an ellipsis is a teaser of another story, not prose
        # that goes on after a box inside the story.
        if _leads_excerpts(segments, classes, i):
            return True
        # Story prose that resumes after a box is made of paragraphs, not of one-line
        # teasers printed again elsewhere on the page.
        resumed = [
            segments[j] for j in ahead
            if classes[j] == _GOOD and not segments[j].is_item and not _is_excerpt(segments[j])
        ]
        if not resumed:
            return True
        texts = {r.text for r in resumed}
        printed = {t: 0 for t in texts}
        for other in segments:
            if other.text in printed:
                printed[other.text] += 1
        return sum(r.mass for r in resumed if printed[r.text] == 1) < _RESUME_MASS
    return _is_name(seg.text) and seg.text in names  # the author box under the story


# Shortest block that counts as the story going on after a "related" header.
_RESUME_MASS = 150


def _is_excerpt(seg: _Segment) -> bool:
    """Segment -> whether its text is cut short with an ellipsis (a teaser's excerpt)."""
    return seg.text.endswith(("...", "…", "[…]", "[...]"))


def _leads_excerpts(segments: list[_Segment], classes: list[str], i: int) -> bool:
    """Index of a header -> whether two or more of the next blocks are excerpts cut short."""
    ahead = [j for j in range(i + 1, len(segments)) if classes[j] not in _PASSIVE]
    return sum(_is_excerpt(segments[j]) for j in ahead[:_RELATED_LOOKAHEAD]) >= 2


# The opening words of a bio or an "about the company" paragraph: a name, then what it is.
_ABOUT_OPENING = re.compile(
    r"^(?:[A-ZÀ-ÖØ-Þ][\w&’'.-]*\s){0,3}[A-ZÀ-ÖØ-Þ][\w&’'.-]*,?\s(?:is|are|was)\s"
    r"(?:a|an|the|one of|headquartered|based)\b"
)


# Third-person pronouns: a bio speaks of its person so.
_PERSONAL = re.compile(r"\b(?:he|she|his|her|hers|him)\b", re.I)


def _next_content(segments: list[_Segment], classes: list[str], i: int) -> int:
    """Index -> the next block that is not passive, or -1."""
    for j in range(i + 1, len(segments)):
        if classes[j] not in _PASSIVE:
            return j
    return -1


def _opens_tail(segments: list[_Segment], classes: list[str], i: int, start: int) -> bool:
    """Index -> whether the block opens what follows a story: an author box (a name alone,
    then a paragraph about that person) or, after a horizontal rule, the paragraph that
    says what a company or an author is ("Acme is a global provider of ...")."""
    seg = segments[i]
    if classes[i] == "rule":
        j = _next_content(segments, classes, i)
        return (
            j > 0 and not segments[j].is_item
            and _ABOUT_OPENING.match(segments[j].text) is not None
        )
    if seg.is_item or seg.sentence or seg.n_chars > 40 or classes[i] not in (_SHORT, _NEAR):
        return False
    j = _next_content(segments, classes, i)
    if j < 0 or segments[j].is_item or classes[j] not in (_GOOD, _NEAR):
        return False
    opening = segments[j].text.split(None, 12)[:12]  # its first words, without splitting it all
    if _PERSON.match(seg.text):
        # A bio names its person near its start ("Pulitzer Prize-winning journalist Jane
        # Doe writes ...", "Jane joined the paper in 2017").
        names = {w for w in seg.text.split() if len(w) > 2}
        if not any(w.strip(",.’'s") in names for w in opening):
            return False
        if not (_PERSONAL.search(segments[j].text) or _ABOUT_OPENING.match(segments[j].text)):
            return False  # a product or a place named over its description
    elif not (
        # A first name alone over "<Name> is a ...": the same box with one word.
        seg.n_words == 1
        and seg.text[:1].isupper()
        and _ABOUT_OPENING.match(segments[j].text) is not None
        and opening[0] == seg.text
    ):
        return False
    # The story itself does not name its writer: a name it speaks of heads a subsection.
    name_words = [w for w in seg.text.split() if len(w) > 2]
    return not any(w in segments[k].text for k in range(start, i) for w in name_words)


def _is_menu_item(seg: _Segment) -> bool:
    """List item -> whether it reads like a menu entry or a linked headline, not story text."""
    words = seg.text.split()
    if len(words) <= 3 and not any(ch.isdigit() for ch in seg.text):
        return True
    if seg.sentence or len(words) > 14 or ": " in seg.text:
        return False  # a sentence, or a "label: value" line of the story's own data
    capitals = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return capitals >= 0.7 * len(words)


def _is_menu_run(segments: list[_Segment], classes: list[str], first: int) -> bool:
    """Index of a list's first item -> whether the list as a whole is a menu or link list."""
    items = []
    for j in range(first, len(segments)):
        if classes[j] in _PASSIVE:
            continue
        if not segments[j].is_item:
            break
        items.append(segments[j])
    menu = sum(1 for it in items if _is_menu_item(it))
    return menu >= 0.6 * len(items)


def _extend_forward(
    segments: list[_Segment], classes: list[str], start: int, end: int, names: set[str]
) -> int:
    """Story end index -> a later end that takes in the story's short tail (lists, captions,
    table notes) up to the first widget, link list, repeated text or dateline."""
    before = {s.text for s in segments[:start]}
    items = 0
    i = end + 1
    while i < len(segments):
        seg, cls = segments[i], classes[i]
        if cls not in (_GOOD, _NEAR, _SHORT, _BAD, "data") and cls not in _PASSIVE:
            break
        if _ends_story(segments, classes, i, names) or _repeats_nearby(segments, i):
            break
        if _opens_tail(segments, classes, i, start):
            break
        if seg.n_chars >= 20 and seg.text in before:
            break  # a headline seen above: the start of another story's teaser
        if seg.is_item and cls in (_SHORT, _BAD):
            items += 1
            if items >= _ITEM_RUN_STOP and _is_menu_run(segments, classes, i - items + 1):
                i -= items - 1
                break
        elif not seg.is_item:
            items = 0
        if seg.n_chars <= 80 and _date_of(seg.text) is not None and not _is_signature(seg.text):
            break
        i += 1
    return max(end, i - 1)


# Share of the region's story text that must follow a dateline or byline for
# the region to start after it (headline, standfirst and byline come first).
_HEAD_KEEP = 0.5
# A standfirst (the summary under a headline) is shorter than this; a longer
# good block above a dateline is already story text.
_STANDFIRST_MAX = 400


# The signature line of an embedded post: "— Jane Doe (@janedoe) November 18, 2019".
_SIGNATURE = re.compile(r"^[—–-]\s*\S.{0,100}\(@\w+\)")


def _is_signature(text: str) -> bool:
    """Short line -> whether it signs an embedded social post (part of the quoted post)."""
    return _SIGNATURE.match(text) is not None


# Datelines that print no year: "Updated Nov 19, 9:41 AM", "Posted 5:50 PM".
_DATELINE_LEAD = re.compile(
    r"^(?:updated|posted|published|last updated|first published|atualizado|publicado"
    r"|actualizado|publié|aktualisiert|veröffentlicht|aggiornato|pubblicato|diperbarui)\b",
    re.I,
)
# "1 hour ago", "22 hours ago", "Yesterday": when the page was printed, not a headline.
_RELATIVE_TIME = re.compile(
    r"^(?:\w+\s+)?(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)"
    r"\s+ago\b|^(?:yesterday|today)\b",
    re.I,
)
_CLOCK = re.compile(r"(?<![\d:])[0-2]?\d:[0-5]\d(?![\d:])")


@lru_cache(maxsize=1024)
def _date_of(text: str) -> datetime | None:
    """Short text -> parse_date(text), remembered for the page being cleaned (the same
    datelines are asked about by several steps; clean_dump forgets them per page)."""
    return parse_date(text)


def _is_stamp(seg: _Segment) -> bool:
    """Short segment -> whether it only stamps the story with a date or time
    ("Updated at 1:23 p.m.", "November 19, 2019"), not an embedded post's signature."""
    if _is_signature(seg.text):
        return False
    if _DATELINE_LEAD.match(seg.text) and seg.n_words <= 10:
        return True
    return not seg.sentence and _date_of(seg.text) is not None


def _is_dateline(seg: _Segment) -> bool:
    """Segment -> whether it is a short line carrying a date, a time or a byline."""
    return seg.n_chars <= 100 and _is_dateline_text(seg.text, seg.n_words)


@lru_cache(maxsize=1024)
def _is_dateline_text(text: str, n_words: int) -> bool:
    """Short text and its word count -> whether it carries a date, a time or a byline
    (remembered for the page being cleaned: several steps ask about the same lines;
    clean_dump forgets them per page)."""
    return (
        _BYLINE.match(text) is not None
        or _DATELINE_LEAD.match(text) is not None
        or (n_words <= 8 and _CLOCK.search(text) is not None)
        or (n_words <= 8 and _RELATIVE_TIME.search(text) is not None)
        or _date_of(text) is not None
    )


def _trim_head(segments: list[_Segment], classes: list[str], start: int, end: int) -> int:
    """Region bounds -> a later start past the headline, standfirst and byline/dateline
    that precede the first two paragraphs in a row."""
    good = [s.n_chars if c == _GOOD else 0 for s, c in
            zip(segments[start : end + 1], classes[start : end + 1], strict=True)]
    total = sum(good)
    new_start = start
    previous_good = False
    for i in range(start, min(end, start + 15)):
        cls = classes[i]
        if cls in _PASSIVE:
            continue
        if cls == _GOOD:
            if previous_good or segments[i].mass >= _STANDFIRST_MAX:
                break  # the story's paragraphs have begun
            previous_good = True
            continue
        previous_good = False
        if _is_dateline(segments[i]) and sum(good[i + 1 - start :]) >= _HEAD_KEEP * total:
            new_start = i + 1
    return _skip_unfinished(segments, classes, new_start, end, total)


def _summary_items(segments: list[_Segment], classes: list[str], i: int) -> bool:
    """Index of a list item -> whether it and the next item are whole sentences of prose
    (a summary in bullets above the story, not a list of links)."""
    following = [j for j in range(i + 1, min(len(segments), i + 4)) if classes[j] not in _PASSIVE]
    return (
        classes[i] == _GOOD
        and bool(following)
        and segments[following[0]].is_item
        and classes[following[0]] == _GOOD
        and segments[following[0]].sentence
    )


def _skip_unfinished(
    segments: list[_Segment], classes: list[str], start: int, end: int, total: float
) -> int:
    """Region bounds -> a later start at the first prose block that ends like a sentence:
    headlines, kickers, teaser links and list items above it are page furniture."""
    skipped = 0.0
    for i in range(start, min(end + 1, start + 15)):
        seg, cls = segments[i], classes[i]
        if cls in _PASSIVE:
            continue
        if cls in (_GOOD, _NEAR, _SHORT) and seg.sentence and (
            not seg.is_item or _summary_items(segments, classes, i)
        ):
            return i if skipped < _HEAD_KEEP * total else start
        if (cls == _NEAR and not seg.is_item) or cls == "data":
            return start  # prose without a final stop, or a table: the story may begin here
        if cls == _GOOD:
            skipped += seg.n_chars
    return start


def _good_mass(segments: list[_Segment], classes: list[str], first: int, last: int) -> float:
    """Index range -> total mass of its good blocks (teasers' excerpts left out)."""
    return sum(
        segments[j].mass for j in range(first, last + 1)
        if classes[j] == _GOOD and not _is_excerpt(segments[j])
    )


# Candidate runs weaker than this share of the best are not considered.
_CANDIDATE_SHARE = 0.25
# A run that follows a headline and a dateline/byline counts this much more:
# the story starts right under its headline, teasers and footers do not.
_HEAD_BONUS = 1.6
# Non-neutral blocks above a run searched for its headline and dateline.
_HEAD_REACH = 10
# A "related" header followed (within the dense run) by at least this share of
# the story text seen before it is a box inside the story, not its end.
_BOX_RESUME = 0.6


def _candidate_runs(weights: list[float], lo: int, hi: int, depth: int = 0) -> list[
    tuple[float, int, int]
]:
    """Weights and an index range -> (weight, first, last) of the densest run there and,
    recursively, of the densest runs left and right of it."""
    if hi < lo or depth > 6:
        return []
    first, last = _densest_run(weights[lo : hi + 1])
    first, last = first + lo, last + lo
    total = sum(weights[first : last + 1])
    if last < first or total <= 0:
        return []
    return [
        (total, first, last),
        *_candidate_runs(weights, lo, first - 1, depth + 1),
        *_candidate_runs(weights, last + 1, hi, depth + 1),
    ]


def _has_head(segments: list[_Segment], classes: list[str], start: int) -> bool:
    """Run start -> whether a headline and a dateline or byline come just before it
    (or the dateline opens the run)."""
    dated = any(_is_dateline(segments[j]) for j in range(start, min(len(segments), start + 4)))
    seen = 0
    for j in range(start - 1, -1, -1):
        if classes[j] in _PASSIVE:
            continue
        seen += 1
        if seen > _HEAD_REACH:
            break
        if _is_dateline(segments[j]):
            dated = True
        elif dated and classes[j] in (_SHORT, _NEAR) and _is_title_like(segments[j]):
            return True
    return False


def _choose_run(
    segments: list[_Segment], classes: list[str], weights: list[float]
) -> tuple[int, int]:
    """Weights -> (first, last) of the story run: the densest run, unless a run nearly as
    dense sits under a headline and dateline while it does not."""
    runs = _candidate_runs(weights, 0, len(weights) - 1)
    if not runs:
        return _densest_run(weights)  # nothing story-like: the least bad block
    best = max(runs)
    if len(runs) == 1:
        return best[1], best[2]
    scored = [
        (total * (_HEAD_BONUS if _has_head(segments, classes, first) else 1.0), first, last)
        for total, first, last in runs
        if total >= _CANDIDATE_SHARE * best[0]
    ]
    chosen = max(scored)
    return chosen[1], chosen[2]


def _find_story(segments: list[_Segment], classes: list[str]) -> tuple[int, int]:
    """Segments and their classes -> (first, last) index of the story region."""
    weights = [_weight(s, c) for s, c in zip(segments, classes, strict=True)]
    _adjust_weights(segments, classes, weights)
    start, end = _choose_run(segments, classes, weights)
    start = _trim_head(segments, classes, start, end)
    names = _names_above(segments, start)
    seen = 0.0
    for i in range(start, end + 1):
        if classes[i] == _GOOD:
            seen += segments[i].mass
        elif seen >= _TERMINATOR_MIN_STORY and _ends_story(segments, classes, i, names):
            # A "related" header with more story text after it than before it
            # sits inside the story (a box between paragraphs): no cut, unless
            # excerpts cut short follow it (a list of teasers to the page's end).
            if (
                classes[i] == "related"
                and _good_mass(segments, classes, i + 1, end) > _BOX_RESUME * seen
                and not _leads_excerpts(segments, classes, i)
            ):
                continue
            return start, i - 1
        elif (
            (classes[i] in _SOFT_TERMINATORS or _opens_tail(segments, classes, i, start))
            and seen >= _TERMINATOR_MIN_STORY
            and _good_mass(segments, classes, i + 1, end) <= _BOX_RESUME * seen
        ):
            return start, i - 1
    return start, _extend_forward(segments, classes, start, end, names)


# Widget kinds an author box under a story is printed among.
_AUTHOR_BOX_NEIGHBOURS = frozenset({"author-box", "share", "counter", "credits"})
# Blocks above the story searched for its headline.
_TITLE_REACH = 30
# Text that marks a block as something other than a headline: a link, a handle,
# an image placeholder.
_NOT_HEADLINE = re.compile(r"https?:|www\.|@\w|^\[|\]$")


def _find_title(segments: list[_Segment], classes: list[str], start: int) -> int:
    """Segments, classes and story start -> index of the headline, or -1.

    The headline is a headline-shaped block near the top of the story: several words,
    no final stop, not a dateline, byline, name, link, picture title or widget, and it
    names what the story is about (its words recur in the first paragraphs, where a
    teaser for another story or a site's motto do not). When a byline or dateline group
    sits above the story, the headline is right next to it (just above, or just below
    as some wires print it); otherwise the pick among the blocks above the story is long
    (headlines run to ten words or so, kickers and section labels to two or three), often
    printed twice (as a breadcrumb's link or on a picture) and close to the story."""
    story = _story_words(segments, classes, start)
    groups = _byline_groups(segments, classes, start)
    if groups:
        found = _headline_by_byline(segments, classes, story, groups, start)
        if found >= 0:
            return found
    return _best_headline(segments, classes, story, start)


def _headline_score(seg: _Segment, cls: str, shared: float, twice: bool) -> float:
    """Headline candidate -> its score before position: long, on topic, headline style."""
    score = min(seg.n_words, 16.0) + 8 * shared
    if seg.n_words > 22:
        score -= 8  # a standfirst, not a headline
    if twice:
        score += 2
    if seg.stop_ratio > 0.45:
        score -= 4  # reads like a sentence of prose, not headline style
    return score


def _shared_words(seg: _Segment, story: set[str]) -> float:
    """Candidate and story words -> share of the candidate's content words in the story."""
    words = _content_words(seg.text)
    return len(words & story) / len(words) if words and story else 0.0


def _headline_by_byline(
    segments: list[_Segment], classes: list[str], story: set[str],
    groups: list[tuple[int, int]], start: int,
) -> int:
    """Byline groups (first, last index each) -> the on-topic headline candidate next to
    one (above it, or right under it as some wires print it), or -1."""
    # (index, blocks away from the group, above the group)
    candidates: list[tuple[int, int, bool]] = []
    for top, bottom in groups:
        distance = 0
        for i in range(top - 1, -1, -1):
            if classes[i] in _NEUTRAL:
                continue
            distance += 1
            if distance > _HEADLINE_GAP:
                break
            candidates.append((i, distance, True))
        below = next((i for i in range(bottom + 1, start) if classes[i] not in _NEUTRAL), -1)
        if below >= 0:
            candidates.append((below, 1, False))
    best, best_score = -1, 0.0
    for i, distance, above in candidates:
        seg, cls = segments[i], classes[i]
        if _is_byline_part(seg):
            continue
        # Under a dateline come captions and standfirsts too: only a short block there.
        if not above and (cls not in (_SHORT, _NEAR) or seg.n_words > 16):
            continue
        # A headline that ends in a stop still sits right above its byline.
        ends_in_stop = above and distance == 1 and seg.text.endswith(".")
        if not (_is_headline(seg, cls) or ends_in_stop and _is_headline_text(seg, cls)):
            continue
        if _is_picture_title(classes, i):
            continue
        shared = _shared_words(seg, story)
        if shared == 0:
            continue  # a site's name, a share button or a credit can stand there too
        score = _headline_score(seg, cls, shared, _is_printed_twice(segments, i))
        score -= 1.5 * (distance - 1)
        if score > best_score:
            best, best_score = i, score
    if best < 0:
        return -1
    # A standfirst (a long summary in prose) sits under its headline: when the pick reads
    # so and a shorter on-topic candidate stands just above it, that one is the headline.
    pick = segments[best]
    if pick.n_words >= _STANDFIRST_WORDS and pick.stop_ratio >= 0.3:
        for i, _, _ in candidates:
            seg = segments[i]
            if (
                best - 3 <= i < best
                and _is_headline(seg, classes[i])
                and seg.n_words <= pick.n_words - 3
                and _shared_words(seg, story) > 0
            ):
                return i
    return best


def _best_headline(
    segments: list[_Segment], classes: list[str], story: set[str], start: int
) -> int:
    """Story start and its words -> the best-scored headline candidate above it, or -1."""
    best, best_score = -1, 0.0
    distance = 0
    for i in range(start - 1, -1, -1):
        seg, cls = segments[i], classes[i]
        if cls in _NEUTRAL:
            continue
        distance += 1
        if distance > _TITLE_REACH:
            break
        if not _is_headline(seg, cls) or _is_picture_title(classes, i):
            continue
        twice = cls == "repeat" or _is_printed_twice(segments, i)
        score = _headline_score(seg, cls, _shared_words(seg, story), twice)
        score -= 0.15 * distance
        # Right above the byline or dateline is where a headline sits.
        score += (0, 6, 4, 2)[_byline_distance(segments, classes, i, start)]
        if score > best_score:
            best, best_score = i, score
    return best


def _is_picture_title(classes: list[str], i: int) -> bool:
    """Index -> whether the block is directly over a picture credit (a picture's title)."""
    return i + 1 < len(classes) and classes[i + 1] == "caption"


# A headline candidate this long (in prose) may be the standfirst under the headline.
_STANDFIRST_WORDS = 15
# Non-neutral blocks above the story searched for its byline or dateline, and blocks
# above the byline searched for the headline.
_BYLINE_REACH = 12
_HEADLINE_GAP = 5


def _byline_groups(
    segments: list[_Segment], classes: list[str], start: int
) -> list[tuple[int, int]]:
    """Story start -> (first, last) index of each byline/dateline group above the story
    (datelines, names and handles in a row), nearest first."""
    groups: list[tuple[int, int]] = []
    seen = 0
    i = start - 1
    while i >= 0:
        if classes[i] in _PASSIVE:
            i -= 1
            continue
        dated = _is_dateline(segments[i])
        if not dated and _is_picture_entry(classes, i):
            i -= 1
            continue  # a video playlist or teaser grid between the byline and the story
        seen += 1
        if seen > _BYLINE_REACH:
            break
        if dated:
            top = i
            for j in range(i - 1, max(-1, i - 6), -1):
                if classes[j] in _PASSIVE:
                    continue
                if _is_byline_part(segments[j]):
                    top = j
                else:
                    break
            groups.append((top, i))
            i = top
        i -= 1
    return groups


# Short titles an entry of a playlist or teaser grid may print under its picture.
_ENTRY_LINES = 3


def _is_picture_entry(classes: list[str], i: int) -> bool:
    """Index -> whether the block is one of a few short titles printed right under a
    picture or its caption (an entry of a video playlist or a grid of teasers)."""
    for j in range(i, max(0, i - _ENTRY_LINES), -1):
        if classes[j] != _SHORT:
            return False
        if classes[j - 1] in ("image", "repeat", "caption"):
            return True
    return False


def _is_byline_part(seg: _Segment) -> bool:
    """Segment -> whether it belongs in a byline group: a dateline, a name or a handle."""
    return (
        _is_dateline(seg)
        or seg.text.startswith("@")
        or (seg.n_chars <= 40 and _is_name(seg.text))
    )


# Story text (in characters) whose words a headline is compared with.
_LEAD_SPAN = 1200


def _content_words(text: str) -> set[str]:
    """Text -> its lower-case words that carry meaning (no stop words, digits or short ones)."""
    if text.isascii():
        # The same \w+ runs as the regex finds, found faster (see _make_segment).
        words = set(text.encode("ascii").translate(_ASCII_WORDS_LOWER).decode("ascii").split())
    else:
        words = set(_WORD.findall(text.lower()))
    words -= _STOP_WORDS  # in one set operation, before the checks word by word
    return {w for w in words if len(w) > 2 and not w.isdigit()}


def _story_words(segments: list[_Segment], classes: list[str], start: int) -> set[str]:
    """Story start -> content words of the story's first paragraphs."""
    words: set[str] = set()
    seen = 0
    for i in range(start, len(segments)):
        if classes[i] in (_GOOD, _NEAR):
            words |= _content_words(segments[i].text)
            seen += segments[i].n_chars
            if seen >= _LEAD_SPAN:
                break
    return words


def _is_headline(seg: _Segment, cls: str) -> bool:
    """Block and class -> whether it could be the page's headline."""
    return _is_title_like(seg) and _is_headline_text(seg, cls)


def _is_headline_text(seg: _Segment, cls: str) -> bool:
    """Block and class -> whether its text could be a headline (shape aside)."""
    return (
        cls in (_SHORT, _NEAR, _GOOD, "repeat")
        and not seg.is_item
        and (3 <= seg.n_words or (seg.cjk and seg.n_chars >= 4))
        and seg.n_words <= 30
        and seg.n_chars <= 200
        and not _is_dateline(seg)
        and not (seg.n_words <= 3 and _is_name(seg.text))
        and _NOT_HEADLINE.search(seg.text) is None
    )


def _is_printed_twice(segments: list[_Segment], i: int) -> bool:
    """Index -> whether the same text is printed again within a few blocks before or after."""
    text = segments[i].text
    return any(
        segments[j].text == text for j in range(max(0, i - 4), min(len(segments), i + 5)) if j != i
    )


def _byline_distance(segments: list[_Segment], classes: list[str], i: int, start: int) -> int:
    """Index of a headline candidate -> 1, 2 or 3 when a byline or dateline is that many
    blocks below it (before the story's second block), else 0."""
    seen = 0
    for j in range(i + 1, min(len(segments), start + 2)):
        if classes[j] in _PASSIVE:
            continue
        seen += 1
        if seen > 3:
            return 0
        if _is_dateline(segments[j]):
            return seen
    return 0


def _find_date(segments: list[_Segment], lo: int, hi: int) -> tuple[datetime | None, int]:
    """Index range around the story's head -> (first date printed in a short block, index)."""
    for i in range(lo, hi):
        if segments[i].n_chars <= 160:
            found = _date_of(segments[i].text)
            if found is not None:
                return found, i
    return None, -1


# A dateline printed away from the story's head is short: a date, maybe a time, a place.
_DATELINE_WORDS = 12


def _find_dateline_elsewhere(
    segments: list[_Segment], start: int, end: int
) -> tuple[datetime | None, int]:
    """Story bounds -> (date of a short dateline further from the story's head, index):
    higher above the story (nearest first), then under the story, then at the top of the
    page (a site's date bar)."""
    places = [
        *range(start - 1, max(-1, start - 40), -1),
        *range(end + 1, min(len(segments), end + 12)),
        *range(0, min(len(segments), 15)),
    ]
    for i in places:
        seg = segments[i]
        if (
            seg.n_words <= _DATELINE_WORDS
            and not seg.sentence
            and not seg.is_item
            and not _is_signature(seg.text)
        ):
            found = _date_of(seg.text)
            if found is not None:
                return found, i
    return None, -1


# What follows a name in a byline: a handle, a separator, a role glued on or set apart.
_NAME_END = re.compile(
    r"\s*(?:@|\||•|/|\s-\s|—|–|,|\(|\s+(?:and|und|e|y|et)\s"
    # a date or time printed on the byline's line
    r"|\s+(?i:updated|published|posted|on)\s|\s+\S*\d"
    r"|\s+(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d).*$"
    r"|(?:Senior |Staff |Contributing |Special )?(?:Writer|Reporter|Correspondent|Editor"
    r"|Columnist|Contributor|Journalist)$"
)


def _byline_name(text: str) -> str | None:
    """Byline text -> the (first) author's name in it, or None."""
    bare = _NAME_END.sub("", _BYLINE_LEAD.sub("", _BRACKETED.sub("", text))).strip()
    # An outlet glued to the name: "Jane DoeFOXBusiness".
    bare = _GLUED_OUTLET.sub("", bare)
    return bare if bare and _is_name(bare) else None


_GLUED_OUTLET = re.compile(r"(?<=[a-z])[A-Z]{2,}\w*$")


def _find_byline(
    segments: list[_Segment], classes: list[str], lo: int, hi: int, title_index: int, start: int
) -> tuple[str | None, int]:
    """Index range around the story's head -> (author named in a byline, index).

    A byline starts with "By" (or its translation), ends a dateline ("... 7:45 am by Jane
    Doe"), is a name followed by a handle, a role or an outlet ("Jane Doe @janedoe", "Jane
    Doe, AP Business Writer"), or is a name alone next to a dateline."""
    for i in range(lo, hi):
        seg = segments[i]
        if seg.n_chars > 100 or i == title_index or seg.is_item:
            continue
        if classes[i] not in (_GOOD, _NEAR, _SHORT, _BAD, "credits", "repeat"):
            continue  # picture credits and widgets name other people
        text = seg.text
        name: str | None = None
        if _BYLINE.match(text):
            name = _byline_name(text)
        else:
            glued = _INNER_BYLINE.search(text)
            if glued:
                name = _byline_name(glued.group(1))
            elif _PERSON.match(text) and (
                (title_index < i < start and len(text.split()) == 2)
                or _next_to_dateline(segments, classes, i)
            ):
                name = text  # a name alone under the headline, or by a dateline
            elif not seg.sentence and _NAME_END.search(text):
                name = _byline_name(text)
                if name and _is_dateline(seg) and not _PERSON.match(name):
                    name = None  # "Published Wed, Nov 20": the date's own words
            elif text.lower() in _BARE_BY and i + 1 < len(segments):
                name = _byline_name(segments[i + 1].text)  # "By" on a line of its own
        if (
            name
            and not _ROLE_WORD.search(name)
            and not _DATELINE_LEAD.match(name)
            and _LABEL_WORDS.isdisjoint(name.lower().split())
        ):
            return name, i
    return None, -1


# "... 7:45 am PST by Jane Doe", "Eric SongBy Eric Song, Staff": a byline inside a line.
_INNER_BYLINE = re.compile(r"(?:\sby|[a-z]By)\s+([A-ZÀ-ÖØ-Þ][^|•/]{2,60})$")
# Words of the labels and kickers printed in title case near a byline ("Key Points",
# "Live Updates"), which a name alone would otherwise be taken for.
_LABEL_WORDS = frozenset(
    "key points highlights summary top related more latest news story stories video videos"
    " photos gallery live updates breaking opinion analysis editor editors picks watch listen"
    " read share follow advertisement sponsored exclusive review explainer ad ads".split()
)
_BARE_BY = frozenset({"by", "von", "por", "par", "di", "oleh", "автор"})
# A name made of a role is a label, not an author ("Ideas Contributor").
_ROLE_WORD = re.compile(
    r"\b(?:Contributor|Writer|Editor|Reporter|Correspondent|Columnist|Staff|Desk|News"
    r"|Press|Team|Image|Photo|Copyright)\b"
)


# A person's name printed alone: two or three capitalised words, maybe an initial.
_PERSON = re.compile(
    r"^[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’-]+(?: [A-Z]\.)?(?: (?:Mc|Mac|O'|De|Van |Von )?"
    r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’-]+){1,2}$"
)


def _next_to_dateline(segments: list[_Segment], classes: list[str], i: int) -> bool:
    """Index -> whether the nearest block above or below it is a dateline."""
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(segments) and classes[j] in _PASSIVE:
            j += step
        if 0 <= j < len(segments) and _is_dateline(segments[j]):
            return True
    return False


def _find_author_box(
    segments: list[_Segment], classes: list[str], end: int
) -> tuple[str | None, int]:
    """Story end -> (a lone name in an author box under the story, index): a name next to
    an "About the author" header, the author's other articles, a share bar or counters
    (the furniture an author box sits in)."""
    for i in range(end + 1, min(len(segments), end + 25)):
        seg = segments[i]
        if seg.is_item or classes[i] != _SHORT or not _is_name(seg.text):
            continue
        if seg.text.endswith(".") or _ROLE_WORD.search(seg.text):
            continue  # "Loading...", an initial, a role: not a whole name
        near = classes[max(0, i - 2) : i] + classes[i + 1 : i + 3]
        if any(c in _AUTHOR_BOX_NEIGHBOURS for c in near):
            return seg.text, i
    return None, -1


def _is_title_like(seg: _Segment) -> bool:
    """Segment -> whether it reads like a headline (short, several words, no final period)."""
    long_enough = 3 <= seg.n_words or (seg.cjk and seg.n_chars >= 4)
    return (
        not seg.is_item
        and long_enough
        and seg.n_words <= 30
        and seg.n_chars <= 200
        and not seg.text.endswith((".", ":", ";", ",", "。"))
    )


_ALT_TEXT = re.compile(r"\[([^\]]*)\]")


def _word_like_alt(text: str) -> str:
    """Image placeholder text -> its alt text when it reads as words (not a file name), else ""."""
    alts = [a.strip() for a in _ALT_TEXT.findall(text)]
    # Alt text that reads as words has a lower-case letter; markers such as
    # "[INS::INS]" (an inserted ad slot) do not.
    words = [
        a
        for a in alts
        if any(ch.islower() for ch in a) and (" " in a or (a[:1].isupper() and a[1:].isalpha()))
    ]
    if not words or any(ch.isdigit() or ch in "/_=" for a in words for ch in a):
        return ""
    return " ".join(words)


def _is_name(text: str) -> bool:
    """Short line -> whether it is a bare personal name ("William Kim")."""
    if len(text) > 40 or _HAS_DIGIT.search(text):
        return False
    if not _NAME.match(text):
        return False
    return _STOP_WORDS.isdisjoint(text.lower().split())


def clean_dump(text: str) -> DumpArticle:
    """Text dump of a page -> DumpArticle with the story blocks, metadata and removed blocks."""
    _date_of.cache_clear()
    _is_dateline_text.cache_clear()
    segments = _split_segments(text)
    stopless = _is_stopless(segments)
    # Menus and bars repeat within a page: each distinct text is judged once (a table
    # apart: its class depends on its shape, not its text alone).
    judged: dict[str, str] = {}
    classes = []
    for seg in segments:
        if seg.is_table:
            classes.append(_classify(seg, stopless))
            continue
        cls = judged.get(seg.text)
        if cls is None:
            cls = judged[seg.text] = _classify(seg, stopless)
        classes.append(cls)
    _classify_line_groups(segments, classes, stopless)
    _mark_data_lines(segments, classes)
    _mark_figures(segments, classes)
    _mark_repeats(segments, classes)
    start, end = _find_story(segments, classes)

    removed: list[RemovedBlock] = []
    blocks: list[DumpBlock] = []
    title: str | None = None
    date: datetime | None = None
    author: str | None = None

    title_index = _find_title(segments, classes, start)
    if title_index < 0 and segments:
        # Nothing headline-like near the story: a dump that opens with a title line.
        first = segments[0]
        if classes[0] in (_SHORT, _NEAR) and _is_title_like(first) and not _is_dateline(first):
            title_index = 0
    title = segments[title_index].text if title_index >= 0 else None
    # The dateline and byline sit between the headline and the story (or just inside it).
    lo = max(0, (title_index if title_index >= 0 else start) - 3)
    hi = min(len(segments), start + 6)
    date, date_index = _find_date(segments, lo, hi)
    if date is None:
        date, date_index = _find_dateline_elsewhere(segments, start, end)
    author, author_index = _find_byline(segments, classes, lo, hi, title_index, start)
    if author is None:
        author, author_index = _find_author_box(segments, classes, end)

    zone: str | None = None  # set after a related header inside the story
    outside_zone: str | None = None  # the same for the furniture outside it
    for i, seg in enumerate(segments):
        cls = classes[i]
        if i == title_index:
            removed.append(RemovedBlock(seg.text, "title"))
            continue
        if i == date_index and seg.n_chars <= 160 and not _is_signature(seg.text):
            removed.append(RemovedBlock(seg.text, "dateline"))
            continue
        if i == author_index:
            removed.append(RemovedBlock(seg.text, "byline" if i < start else "author-box"))
            continue
        if not start <= i <= end:
            if cls in _LIST_HEADERS:
                outside_zone = cls
            elif cls == _GOOD:
                outside_zone = None
            if cls not in (_GOOD, _NEAR, _SHORT, _BAD, "data"):
                rule = cls
            elif outside_zone is not None:
                rule = outside_zone  # an entry of the list under a "related"/comments header
            else:
                rule = "navigation" if seg.is_item else "boilerplate"
            removed.append(RemovedBlock(seg.text, rule))
            continue
        if cls == "related":
            zone = cls
        elif zone is not None and not seg.is_item and cls in (_GOOD, _NEAR):
            zone = None
        if cls == "table":
            blocks.append(DumpBlock("pre", seg.text))
            continue
        if cls == "data":
            # The lines of one typed table make one preformatted block.
            if blocks and blocks[-1].kind == "pre" and classes[i - 1] == "data":
                blocks[-1] = DumpBlock("pre", f"{blocks[-1].text}\n{seg.text.strip()}")
            else:
                blocks.append(DumpBlock("pre", seg.text.strip()))
            continue
        if cls == "image":
            alt = _word_like_alt(seg.text)
            if alt:
                blocks.append(DumpBlock("p", alt))
            else:
                removed.append(RemovedBlock(seg.text, "image"))
            continue
        if cls not in (_GOOD, _NEAR, _SHORT, _BAD):
            removed.append(RemovedBlock(seg.text, cls))
            continue
        if zone is not None:
            removed.append(RemovedBlock(seg.text, zone))
            continue
        if cls == _BAD and seg.is_item:
            removed.append(RemovedBlock(seg.text, "navigation"))
            continue
        if seg.n_chars <= 160 and _is_stamp(seg):
            removed.append(RemovedBlock(seg.text, "dateline"))
            continue
        kind = "li" if seg.is_item else "p"
        if kind == "p" and cls == _SHORT and _is_title_like(seg) and not seg.sentence:
            kind = "h"
        blocks.append(DumpBlock(kind, seg.text.strip()))

    return DumpArticle(
        title=title,
        date=date,
        author=author,
        blocks=tuple(blocks),
        removed=tuple(removed),
    )
