"""HTML-only widget signals: class/id tokens and block shapes, grouped by widget kind.

The text vocabulary lives in `tickertape.widgets`; this module adds what only a
page's markup or a block's shape tells: a "Read more:" label in front of a
link, a paragraph that is nothing but a link, a contact line under the story.
Everything is keyed by widget kind, never by site.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# Labels that introduce a link to another story ("Read more: <headline>").
# Several languages because the same widget appears on non-English pages.
RELATED_LABELS: tuple[str, ...] = (
    r"read more",
    r"read also",
    r"also read",
    r"read next",
    r"more",
    r"see more",
    r"see also",
    r"related",
    r"related (articles?|stories|posts?|content|coverage|news|reading|link)",
    r"recommended( reading)?",
    r"more (news|stories|on this story|from [\w .'&-]{1,40})",
    r"watch",
    r"watch more",
    r"listen",
    r"must read",
    r"don'?t miss",
    r"trending",
    r"popular",
    r"top stories",
    r"further reading",
    r"click here",
    r"explore further",
    r"leggi anche",
    r"leia (também|mais)",
    r"veja (também|mais)",
    r"lee también",
    r"lire aussi",
    r"à lire aussi",
    r"lesen sie auch",
    r"mehr zum thema",
    r"baca juga",
    r"читайте также",
)

_LABELS = "|".join(RELATED_LABELS)
# A label, a separator, then the linked headline (checked by the caller).
RELATED_LABEL_START = re.compile(rf"\s*[(\[]?\s*(?:{_LABELS})\s*[:|>»\-–—]+\s*", re.I)
# A bare label line in capitals or followed by nothing ("DON'T MISS", "Related").
RELATED_LABEL_ONLY = re.compile(rf"\s*(?:{_LABELS})\s*[:.…]*\s*", re.I)

# Lines that talk to the reader about the author or the outlet, not about the story:
# "Email Jane at jane@example.com", "Follow us on Twitter @x", "Write to A at a@b.com".
CONTACT_LINE = re.compile(
    r"""(?ix)
    ^\W*(
        (e-?mail|write\ to|contact|reach)\b.{0,80}\b(at|on|via)\b.{0,60}@
      | follow\b.{0,60}\b(on\ )?(twitter|facebook|instagram|linkedin|youtube)\b
      | (have\ a\ (news\ )?tip|got\ a\ (news\ )?tip)\b
      | (click|tap)\ here\ to\ (get|download|subscribe|sign\ up|join|read|watch|listen)\b
      | (get|download)\ (the|our)\ [\w .'-]{0,40}\ app\b
      | .{0,80}\bcontributed\ to\ this\ (report|story|article)\W*$
    )""",
)

# Structural tokens in class/id attributes, by widget kind. A token matches when
# it equals an attribute token or is one of its dash/underscore parts.
CLASS_TOKENS: Mapping[str, tuple[str, ...]] = {
    "share": ("share", "sharing", "social", "sharebar", "share-bar", "share-buttons", "sociallinks"),
    "newsletter": ("newsletter", "subscribe", "signup", "sign-up", "optin", "mailing"),
    "related": ("related", "recommended", "more-stories", "read-more", "readmore", "outbrain",
                "taboola", "trending", "popular", "most-read", "mostread"),
    "comments": ("comment", "comments", "disqus", "respond", "reply"),
    "promo": ("promo", "advert", "advertisement", "ad-slot", "adslot", "sponsor", "sponsored"),
    "cookie": ("cookie", "cookies", "consent", "gdpr"),
    "paywall": ("paywall", "meter", "subscriber-only", "premium-wall"),
    "author-box": ("author-bio", "author-box", "authorbox", "about-author", "bio-box", "byline"),
}
