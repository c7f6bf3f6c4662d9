"""Spam-widget vocabulary as data, grouped by widget kind, never by site.

Each kind maps to regular expressions that match the *whole* short text of a
widget block (a line of a text dump, or the text of a small HTML element).
Patterns are anchored so a story sentence that merely mentions "share" or
"comment" is never matched: only blocks that consist of widget text are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# Counters: "3870Views", "0 Comments", "12 shares", "5 min read".
COUNTERS: tuple[str, ...] = (
    r"[\d.,]+\s*[km]?\s*(views?|comments?|shares?|likes?|reads?|responses?|replies|reactions?)",
    r"(views?|comments?|shares?|likes?)\s*:?\s*[\d.,]+\s*[km]?",
    r"\d+\s*(min|minute)s?\s+read",
)

# Share lists: single network names or share calls to action.
SHARE_BARS: tuple[str, ...] = (
    r"(share|share (this|on|via|the article|this article|this story)|tweet|pin it|email|e-mail|print"
    r"|facebook|twitter|x|google\s*\+|google plus|pinterest|digg|stumbleupon|reddit|linkedin"
    r"|whatsapp|telegram|tumblr|flipboard|messenger|copy link|sms|mix)",
    r"(recommend|send|share) (this )?(to|with) (a )?friends?",
    r"share (this|on) (facebook|twitter|linkedin)",
)

# Newsletter sign-up boxes.
NEWSLETTER: tuple[str, ...] = (
    r"(sign up|subscribe|register|opt[- ]in(to)?)\b.{0,80}\b(newsletter|updates|e-?mail|alerts|digest)\b.*",
    r".{0,200}\b(e-?newsletter|newsletter)\b.{0,200}",
    r"(enter your e-?mail( address)?|your e-?mail address|e-?mail address)\W*",
    r"(sign up|subscribe)( now| today| here)?\W*",
)

# "Related Posts" headers and similar list headers.
RELATED_LISTS: tuple[str, ...] = (
    r"(related|recommended|popular|trending|more|latest|top|similar|you may also like|read more"
    r"|also read|read next|more from|more on|further reading|most read|most popular|editor'?s picks)"
    r"( (posts?|articles?|stories|news|content|reading|videos?|from [\w .]+|on [\w .]+))?\W*",
)

# Comment placeholders and comment-form furniture.
COMMENT_PLACEHOLDERS: tuple[str, ...] = (
    r"(there (is|are) )?no comments?( (yet|on this (article|post|story)))?\W*",
    r"(be the first to comment|leave a (comment|reply)|add a comment|post a comment"
    r"|comments? (are )?closed|join the (conversation|discussion)|show comments|view comments"
    r"|\d+ comments?)\W*",
)

# Promos and calls to action.
PROMOS: tuple[str, ...] = (
    r"(advertisement|sponsored( content)?|promoted( content)?|ad|adchoices|paid (post|content))\W*",
    r"(download (our|the) app|get the app|follow us( on [\w ]+)?|like us on facebook)\W*",
)

# Legal/disclaimer boilerplate, cookie banners and paywall prompts.
DISCLAIMERS: tuple[str, ...] = (
    r"(disclaimer|disclosure)\s*:.*",
    r"(all rights reserved|copyright|©).{0,120}",
)
COOKIE_BANNERS: tuple[str, ...] = (
    r".{0,200}\b(we use cookies|this (web)?site uses cookies|cookie (policy|settings|preferences))\b.{0,200}",
    r"(accept( all)?( cookies)?|reject( all)?|manage (cookies|preferences)|got it)\W*",
)
PAYWALL_PROMPTS: tuple[str, ...] = (
    r".{0,120}\b(subscribe to (continue|read)|to continue reading|already a subscriber|sign in to read"
    r"|log in to continue|create a free account|for unlimited access|this (article|content) is for subscribers)"
    r"\b.{0,160}",
)

WIDGET_KINDS: Mapping[str, tuple[str, ...]] = {
    "counter": COUNTERS,
    "share": SHARE_BARS,
    "newsletter": NEWSLETTER,
    "related": RELATED_LISTS,
    "comments": COMMENT_PLACEHOLDERS,
    "promo": PROMOS,
    "disclaimer": DISCLAIMERS,
    "cookie": COOKIE_BANNERS,
    "paywall": PAYWALL_PROMPTS,
}

_COMPILED: dict[str, re.Pattern[str]] = {
    kind: re.compile(r"\s*(?:" + "|".join(f"(?:{p})" for p in pats) + r")\s*", re.I | re.S)
    for kind, pats in WIDGET_KINDS.items()
}


def match_widget(text: str) -> str | None:
    """Block text -> the widget kind whose vocabulary matches all of it, or None."""
    for kind, pattern in _COMPILED.items():
        if pattern.fullmatch(text):
            return kind
    return None
