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
      | reach\b.{0,60}\b(on|at|via)\ (twitter|facebook|e-?mail)\b
      | .{0,80}\bcontributed\ (reporting|to\ this\ (report|story|article))\b.{0,60}$
    )""",
)

# Structural tokens in class/id attributes, by widget kind. A token matches when
# it equals a class/id token or one of its dash/underscore parts ("article-share"
# has the part "share"), so words that are only substrings ("shareholder") do not.
CLASS_TOKENS: Mapping[str, frozenset[str]] = {
    "share": frozenset(
        {
            "share",
            "sharing",
            "social",
            "sharebar",
            "sharetools",
            "socials",
            "addthis",
            "sharethis",
            "social-share",
            "share-buttons",
        }
    ),
    "newsletter": frozenset(
        {"newsletter", "newsletters", "subscribe", "signup", "optin", "mailing", "mailchimp"}
    ),
    "related": frozenset(
        {
            "related",
            "recommended",
            "recommendations",
            "readmore",
            "outbrain",
            "taboola",
            "trending",
            "popular",
            "mostread",
            "most-read",
            "more-stories",
            "read-more",
            "you-may-like",
        }
    ),
    "comments": frozenset({"comment", "comments", "disqus", "respond", "replies"}),
    "promo": frozenset(
        {
            "promo",
            "promotion",
            "advert",
            "advertisement",
            "ads",
            "adslot",
            "ad-slot",
            "sponsor",
            "sponsored",
            "dfp",
            "banner-ad",
        }
    ),
    "cookie": frozenset({"cookie", "cookies", "consent", "gdpr", "cookiebanner"}),
    "paywall": frozenset({"paywall", "meter", "metered", "piano", "regwall"}),
    "author-box": frozenset(
        {
            "author-bio",
            "author-box",
            "authorbox",
            "about-author",
            "bio-box",
            "author-info",
            "authorbio",
            "author-card",
        }
    ),
}

# Hover cards that splice other headlines into a sentence, and picture captions.
HOVER_TOKENS: frozenset[str] = frozenset(
    {"rollover", "tooltip", "popover", "hovercard", "hover-card"}
)
CAPTION_TOKENS: frozenset[str] = frozenset(
    {"caption", "captions", "credit", "credits", "photo-credit", "image-credit", "wp-caption-text"}
)

# Reading-time and view counters in other wordings than `widgets.COUNTERS`.
READING_TIME = re.compile(
    r"""(?ix)^\W*(
        (reading\ time|read\ time|tempo\ de\ leitura|tiempo\ de\ lectura|lesezeit
         |temps\ de\ lecture|tempo\ di\ lettura)\W*\d+\s*\w*
      | \d+\s*(min|mins|minutes?|minutos?|minuten)\.?\s*(read|de\ leitura|de\ lectura|lesezeit)?
    )\W*$""",
)

# "Tags: a, b, c" lines and bare "Tags" headers under a story.
TAG_LINE = re.compile(
    r"(?i)^\W*(tags?|tagged( with)?|topics?|keywords|etiquetas|schlagw(ö|oe)rter|argomenti"
    r"|marcadores)"
    r"\s*(:.*|\n.*|)$",
    re.S,
)

# Reprint notices and rights lines that `widgets.DISCLAIMERS` does not phrase.
RIGHTS_LINE = re.compile(
    r"(?i)(this (copy|article|material) (is for your personal|may not be (published|reproduced))"
    r"|for personal,? non-?commercial use only|distribution and use of this material"
    r"|all rights reserved|may not be (re)?published,? broadcast)",
)

# Wire-service credit lines: "Reporting by A; Editing by B".
CREDIT_LINE = re.compile(
    r"(?i)^\W*((additional )?reporting|writing|editing|compiled|produced|research|graphics)"
    r"( and (reporting|writing|editing))? by\b.{0,300}$",
    re.S,
)

# Subscription offers with a price: "12 issues for £11.99", "as little as Rs 599".
PRICED_OFFER = re.compile(
    r"(?i)(subscri(be|ption)|issues? for|free trial|membership|delivered to your (door|letterbox))"
    r".{0,200}?(£|\$|€|rs\.?|usd|inr)\s?\d",
    re.S,
)

# Share calls to action phrased as a question ("Like this story? Share it with a friend!").
SHARE_PROMPT = re.compile(
    r"(?i)^\W*(like|liked|enjoy|enjoyed|love)d? (this|the) (story|article|post)\W+"
    r".{0,40}\bshare\b.{0,60}$"
)

# Shortcode debris a CMS failed to expand: "[button link=...]Send us[/button]".
SHORTCODE = re.compile(r"^\s*\[(\w+)\b[^\]]*\].*\[/\1\]\s*$", re.S)

# Bylines and datelines above the story: "By Jane Doe", "5:45 AM PST 11/19/2019 by X".
BYLINE_START = re.compile(r"(?i)^\W*(by|por|von|di|par|oleh|от|автор)\s+\w")
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july"
    "|august|september|october|november|december|janeiro|fevereiro|março|abril|maio|junho|julho"
    "|agosto|setembro|outubro|novembro|dezembro|enero|febrero|marzo|mayo|junio|julio|septiembre"
    "|octubre|noviembre|diciembre|januar|februar|märz|mai|juni|juli|oktober|dezember|gennaio"
    "|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
)
DATE_TEXT = re.compile(
    rf"(?i)(\b\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}\b|\b\d{{1,2}}:\d{{2}}\b"
    rf"|\b({_MONTHS})\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\.?\s+(de\s+)?({_MONTHS})\b"
    rf"|\b(updated|published|posted|atualizado|publicado)\b|\d{{4}}\s*년|\d{{4}}年)"
)

# Comment-section headers and prompts under a story ("Comments", "Tell us what you think").
COMMENT_HEADER = re.compile(
    r"(?i)^\W*(\d+\s+)?(comments?|reader comments|discussion|tell us what you think"
    r"|what do you think|join the (conversation|discussion)|leave a (comment|reply)"
    r"|add your comment)\W*$"
)

# Paywall teasers in other wordings than `widgets.PAYWALL_PROMPTS`.
PAYWALL_LINE = re.compile(
    r"(?i)^\W*(to )?(read|continue reading|keep reading) (the )?(full|rest of the|entire)"
    r" (story|article)\W*$"
)

# Source and filing lines under a story: "SOURCE: News agencies", "Filed under: Politics |".
FILING_LINE = re.compile(
    r"(?i)^\W*(source|sources|filed under|posted in|categories|category|published in)\s*:.{0,120}$"
)

# A bare update stamp: "Updated at 1:23 p.m.", "Last updated: 10:02 GMT".
UPDATE_STAMP = re.compile(
    r"(?i)^\W*(last )?(updated|published|posted)( at| on)?\W*[\d:.,/ ]+\s*([ap]\.?m\.?)?"
    r"(\s*[a-z]{2,4})?\W*$"
)

# Messages of a sign-up form that the page renders in advance.
SIGNUP_MESSAGE = re.compile(
    r"(?i)^\W*(thanks|thank you) for (signing up|subscribing)\W*$"
    r"|keep an eye on your inbox|error processing your (subscription|request)"
    r"|you('re| are) (now )?subscribed|check your (inbox|email) to confirm"
)

# "Download: https://..." — a label and a bare address, the shape of app and podcast links.
LABELLED_ADDRESS = re.compile(r"(?i)^\W*[\w' ]{1,25}:\s*(https?://|www\.)\S+\s*$")

# Lines that are nothing but e-mail addresses, handles and profile addresses.
CONTACT_ONLY = re.compile(
    r"(?i)^\s*(?:{a})(?:\s+(?:{a}))*\s*$".format(
        a=r"[\w.+-]+@[\w-]+\.[\w.]+|@\w+|(?:https?://)?(?:www\.)?(?:twitter|facebook|instagram"
        r"|linkedin)\.com/\S*"
    )
)
