"""Spam-widget vocabulary as data, grouped by widget kind, never by site.

Each kind maps to regular expressions that match the *whole* short text of a
widget block (a line of a text dump, or the text of a small HTML element).
Patterns are anchored so a story sentence that merely mentions "share" or
"comment" is never matched: only blocks that consist of widget text are.
Vocabulary covers the languages the archive meets (English first, then
Portuguese, Spanish, French, German, Italian, Indonesian, Russian, Korean,
Japanese) for the short fixed phrases widgets print.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

# The standard library's own pattern parser: used once at import to find which
# characters each pattern can start with.
sre_parse: Any = importlib.import_module("re._parser")
sre_constants: Any = importlib.import_module("re._constants")

# Network and share-button words; a block made only of these is a share bar.
_NETWORKS = (
    r"facebook|twitter|x|google\s*\+|google\s*plus|pinterest|digg|stumbleupon|reddit|linkedin"
    r"|whatsapp|telegram|tumblr|flipboard|messenger|fb\s*messenger|pocket|vk|vkontakte|ok"
    r"|odnoklassniki|line|kakao(?:talk|story)?|naver|band|weibo|wechat|xing|viber|email|e-mail"
    r"|mail|print|sms|copy(?:\s+link)?|link|share|tweet|pin(?:\s+it)?|flip|comment|instagram"
    r"|youtube|snapchat|rss|yummly|mix|evernote|buffer|hacker\s*news|skype"
)

# Counters: "3870Views", "0 Comments", "12 shares", "5 min read", "Views: 120".
COUNTERS: tuple[str, ...] = (
    r"[\d.,]+\s*[km]?\s*(views?|comments?|shares?|likes?|reads?|responses?|replies|reactions?"
    r"|votes?|visualizações|visualizacoes|comentários|comentarios|просмотр(ов|а)?|комментари(ев|я|й)"
    r"|aufrufe|kommentare|visualizzazioni|commenti|dilihat|komentar|조회수?|댓글)",
    r"(views?|comments?|shares?|likes?|reads?|hits|rating|просмотры|조회수?|댓글)\s*:?\s*[\d.,]+\s*[km]?"
    r"(\s*votes?)?",
    r"\d+\s*(min|mins|minute|minutes|мин|minuten|minutos|minuti)\.?\s+(read|reading|de leitura"
    r"|lesezeit|di lettura|чтения|de lectura)",
    r"(reading time|read time|lesezeit|tempo de leitura)\s*:?\s*\d+\s*\w*",
    r"[\d.,]+\s*[km]?",
)

# Share bars: network names or share calls to action, alone or in a row.
_SHARE_WORDS = (
    r"share|sharing|share this|share on|share via|share to|share it|share the article"
    r"|share this article|share this story|follow|follow us|compartilhe|compartilhar|partager"
    r"|teilen|condividi|bagikan|поделиться|공유하기|シェア"
)
SHARE_BARS: tuple[str, ...] = (
    # Runs of network names, each run possibly led by share words (buttons print
    # their label twice, glued: "Share to LinkedInLinkedIn").
    rf"(({_SHARE_WORDS})\W*)?(({_NETWORKS})\W*)+((({_SHARE_WORDS})\W*)+(({_NETWORKS})\W*)+)*",
    r"(sharing is caring|(addthis )?sharing buttons|((show|close)( extra| more)?|more|extra)"
    r" sharing options|share close( extra sharing options)?)\W*",
    r"(like|liked|enjoy|enjoyed|love|loved) (this|the) (story|article|post)\W+.{0,40}\bshare\b"
    r".{0,60}",
    r"(recommend|send|share|email|mail)( this| it)?( article| story| page| post)?"
    r" (to|with) (a )?(friends?|someone|a colleague)\W*",
    r"(share|tweet|email|print|save)( this| it)?( article| story| page| post)?"
    r"( on| via| with| to)?( \w+)?\W*",
    r"(print|email|save|share)( this)?( article| story| page)?(\s+(print|email|save|share|and)"
    r"( this)?( article| story| page)?)+\W*",
    r"(click to|click here to) (share|email|print)\b.{0,60}",
    r"(поделиться|compartilhe|compartilhar|partager|teilen|condividi|bagikan|공유)\b.{0,40}",
)

# Newsletter sign-up boxes: a call to action together with the newsletter noun.
_SIGNUP = (
    r"sign\s*up|signup|subscribe|register|opt[- ]?in(to)?|join|get|receive|enter your e-?mail"
    r"|inscreva-se|assine|suscríbete|abonnez-vous|abonnieren|iscriviti|berlangganan|подпишитесь"
)
NEWSLETTER: tuple[str, ...] = (
    rf".{{0,80}}\b({_SIGNUP})\b.{{0,120}}\b(e-?newsletters?|newsletters?|updates|e-?mails?|alerts"
    rf"|digest|briefing|inbox|рассылк\w*)\b.{{0,200}}",
    rf".{{0,60}}\b(e-?newsletters?|newsletters?)\b.{{0,60}}\b({_SIGNUP}|delivered|straight to"
    rf"|free|daily|weekly)\b.{{0,200}}",
    r"(e-?newsletters?|newsletters?|our newsletter|get our newsletter|free newsletter"
    r"|daily newsletter|weekly newsletter)\W*",
    r"(enter your e-?mail( address)?( here)?|your e-?mail( address)?|e-?mail address"
    r"|email\*?|e-mail\*?|name\*?)\W*",
    r"(sign up|subscribe|subscribe now|sign up now|sign up today|subscribe here|sign me up"
    r"|inscreva-se|assine( já)?|подписаться)\W*",
    r"(by (signing up|subscribing)|we respect your privacy|unsubscribe at any time"
    r"|you can unsubscribe)\b.{0,200}",
    r"(thank you|thanks) for (signing up|subscribing)\b.{0,100}",
    r"no spam\b.{0,200}",
    # "Subscribe to <outlet> on YouTube", "Need more space? Subscribe to our sister title".
    r"(need more [\w ]{1,20}\? )?subscribe (to|on) .{1,200}",
    r".{0,80}\b((to|in|meet) your inbox|delivered (daily|weekly|weekday mornings"
    r"|every (day|week|morning)))\b.{0,200}",
    r"this (site|form|page) is protected by recaptcha.{0,200}",
)

# Headers of "related" lists and the like, tags lines.
RELATED_LISTS: tuple[str, ...] = (
    r"(related|recommended|popular|trending|more|latest|top|similar|featured|you may also like"
    r"|you might also like|you may like|we recommend|read more|also read|read also|read next"
    r"|more from|more on|further reading|most read|most popular|most viewed|most shared"
    r"|editor'?s picks|editors'? picks|don'?t miss|see also|what to read next|up next"
    r"|recommended for you|more like this|keep reading|in case you missed it|other news"
    r"|more news|more stories|latest news|top stories|latest stories|popular stories"
    r"|related coverage|related content|related topics|related links|related reading)"
    r"( (posts?|articles?|stories|news|content|reading|videos?|coverage|links|topics|headlines"
    r"|from [\w .'’&-]+|on [\w .'’&-]+|in [\w .'’&-]+|for you|now|today|this week))?\W*",
    r"(leia (também|mais)|veja (também|mais)|mais lidas|mais lidos|notícias relacionadas"
    r"|artigos relacionados|matérias relacionadas|lea también|noticias relacionadas"
    r"|lire aussi|à lire aussi|articles similaires|lesen sie auch|mehr zum thema|das könnte sie"
    r" auch interessieren|leggi anche|articoli correlati|potrebbe interessarti|baca juga"
    r"|berita terkait|artikel terkait|terpopuler|читайте также|похожие (статьи|новости)"
    r"|смотрите также|популярное|관련\s*기사|많이 본 (뉴스|기사|칼럼)|인기 기사|関連記事|人気記事"
    r"|おすすめ記事)\W*.{0,80}",
    r"(tags?|topics?|filed under|categories|category|tagged|tagged with|tags:|related tags"
    r"|temas|etiquetas|themen|schlagwörter|argomenti|тэги|теги|태그|タグ)\s*:.{0,300}",
    r"(tags?|topics?|related tags)\W*",
    # "More Great <Outlet> Stories", "Latest Tech Headlines".
    r"(more|other|recent|latest|top|popular|related|similar|great|best|featured)( [\w'’&.-]+){0,3}"
    r" (stories|articles|posts|reads|videos|headlines|galleries)\W*",
    r"(next up|up next|on our radar|what'?s next|coming up)( in [\w .'’&-]{1,40})?\W*",
    r"((most (read|shared|popular|viewed|commented|emailed|watched))\W*){2,}",
    # One-line links to another story: "Read more: <headline>", "Also on <site>: ...".
    r"(related|read more|see more|also read|read also|see also|more|also|watch|listen|read next"
    r"|related (posts?|articles?|stories|content|coverage|reading)|recommended|don'?t miss"
    r"|must read|further reading)\s*:\s*.{1,160}",
    r"also on [\w.-]+\.[a-z]{2,4}\b.{0,160}",
    r"(материалы по теме|(ещё|еще|другие) (новости|материалы)( по теме)?|по теме|новости партнеров"
    r"|te puede interesar|lo más leído|más noticias|sur le même sujet|à lire également"
    r"|você também pode gostar|berita lainnya|weitere artikel|auch interessant"
    r"|ti potrebbe interessare)\W*",
)

# Comment sections: placeholders, headers and comment-form furniture.
COMMENT_PLACEHOLDERS: tuple[str, ...] = (
    r"(there (is|are) )?no comments?( (yet|so far|on this (article|post|story)))?\W*",
    r"(be the first to comment|be the first to (comment|reply)( on this \w+)?"
    r"|leave a (comment|reply)|add a comment|add comment|post a comment|post comment"
    r"|write a comment|comments? (are )?closed"
    r"|join the (conversation|discussion)|show comments|view comments|hide comments"
    r"|read (all )?comments|view all comments|see all comments|load (more )?comments"
    r"|top rated comments|top comments|reader comments|readers'? comments|comments?"
    r"|discussion|cancel reply|reply|log in to reply|post a reply|conversation"
    r"|what do you think\??|have your say|comments? \(\d+\)|\d+ (responses?|replies) to .{1,120}"
    r"|comments for this (thread|article) are now closed|comment policy)\W*",
    r"(you must be (logged in|signed in) to post a comment"
    r"|your e-?mail address will not be published"
    r"|required fields are marked|comments are moderated|comments? (is|are) moderated"
    r"|this site uses akismet).{0,200}",
    r"(o seu endereço de e-?mail não será publicado|seu e-?mail não será publicado"
    r"|campos obrigatórios são marcados|ihre e-?mail-adresse wird nicht veröffentlicht"
    r"|votre adresse (e-?mail|de messagerie) ne sera pas publiée|il tuo indirizzo e-?mail non"
    r" sarà pubblicato|alamat email anda tidak akan dipublikasikan|ваш (e-?mail|адрес)"
    r" не будет опубликован).{0,200}",
    r"((deixe (um|seu) comentário|deixe uma resposta|cancelar resposta|leave a reply"
    r"|cancel reply|laisser un commentaire|annuler la réponse|antworten abbrechen"
    r"|lascia un commento|annulla risposta|tinggalkan balasan|batalkan balasan"
    r"|оставить комментарий|отменить ответ)\W*)+",
    r"(comentários|comentarios|deixe (um|seu) comentário|deixe uma resposta|commentaires"
    r"|laisser un commentaire|kommentare|kommentar schreiben|commenti|lascia un commento"
    r"|komentar|tinggalkan komentar|комментарии|оставить комментарий|добавить комментарий"
    r"|댓글|댓글쓰기|コメント|コメントを書く)\W*(\(?\d*\)?)\W*",
    r"((view|read|join|start) the discussion( thread)?|leave (a |your )?comments?"
    r"|tell us what you think|(comment|reply) from the forums)\W*",
    r"(no comments yet|(\d+ )?comments? (are|is) (closed|disabled|turned off))\b.{0,80}",
)

# Promos and calls to action; advertisement labels.
PROMOS: tuple[str, ...] = (
    r"(advertisement|advertising|advert|sponsored|sponsored content|sponsored links?|promoted"
    r"|promoted content|promoted stories|ad|ads|adchoices|paid (post|content)|partner content"
    r"|story continues below( advertisement)?|article continues below( advertisement)?"
    r"|continue reading below|scroll to continue( with content)?|publicidade|publicidad"
    r"|publicité|anzeige|werbung|pubblicità|iklan|реклама|광고|広告|スポンサーリンク)\W*",
    r"(download (our|the) app|get the app|follow us( on [\w ]+)?|like us on facebook"
    r"|find us on facebook|follow us on (twitter|facebook|instagram))\b.{0,80}",
    r"(click here|tap here) (to|for) .{0,80}",
    # "... by clicking here": a call to action ending in "here" (searched: any lead-in).
    r".{0,60}\b(by )?(clicking|click|tap|tapping) here\W*.{0,0}",
    r".{0,40}\bfollow\b.{0,60}\bon (facebook|twitter|instagram|youtube|linkedin|tiktok|telegram"
    r"|whatsapp|flipboard|snapchat)\b.{0,120}",
    r"(this|the) (slideshow|video|gallery|content|page|feature|embed|player|media) requires"
    r" javascript.{0,80}",
    r"(please )?(enable|turn on|activate) javascript.{0,120}",
    # Priced subscription offers: "12 issues for £11.99", "for as little as Rs 599".
    r".{0,150}\b(\d+ issues for|for (as little as|just|only) (rs\.? ?|inr ?|\$|£|€|us\$ ?)\d)"
    r".{0,200}",
    r"join (our|the) [\w ]{0,30}(forums?|community|discussion|conversation)\b.{0,200}",
)

# Picture agencies named in credit lines.
_AGENCIES = (
    r"getty( images)?|reuters|shutterstock|istock(photo)?|bloomberg|xinhua|alamy|nurphoto|sipa"
    r"|zuma( press)?|wireimage|imago|anadolu|file( photo)?|(?-i:AFP|AP|EPA(-EFE)?|DPA"
    r"|PA( Wire| Images)?)"
)
# Picture credits and captions printed as their own line.
CAPTIONS: tuple[str, ...] = (
    r"(image|photo|picture|video|media) (copyright|caption|credit|source)\b.{0,200}",
    r"(photo|image|picture|foto|фото|사진)( credit)?\s*:.{0,120}",
    r"(photograph|photo|image|picture|credit|illustration|graphic)s?\s*(:|\.\.\.|…)\s*.{0,160}",
    # A caption ending in an agency credit: "... (AP Photo/Alan Diaz, File)",
    # "Natalie Naccache | Bloomberg | Getty Images", "Michael Conroy, AP". No final
    # period: a story sentence ending "..., according to Reuters." is not one.
    # Agency initials count in capitals only ("(ePA)" is an abbreviation).
    rf".{{0,300}}((/|\||,|\b(photo|photograph|image|credit|picture)s?\s*:)\s*[\w .,'’&-]{{0,60}}?"
    rf"\b({_AGENCIES})( photo)?\s*\)?|\(\s*({_AGENCIES})( photo| images?)?\s*/[^)]{{1,60}}\))"
    rf"\s*$.{{0,0}}",
)

# Legal lines: disclaimers printed under a story.
DISCLAIMERS: tuple[str, ...] = (
    r"(disclaimer|disclosure)\s*:.{0,600}",
    r"the views (and opinions )?expressed (here|in this article|herein|by).{0,300}",
    r"this (article|content|material) (is|was) (for|provided for) (general )?information(al)?"
    r" purposes only.{0,300}",
    r"\W*(the )?(information|content) (provided|contained|published) (on|in) this"
    r" (web ?)?site\b.{0,600}",
    r"\W*these statements have not been evaluated by the food and drug administration.{0,400}",
    r"\W*(consult|check with) (your|a) (physician|doctor|financial adviser|financial advisor)\b"
    r".{0,60}\bbefore\b.{0,400}",
    r"\W*(\+|\*)?results (may )?vary\b.{0,400}",
    r"\W*(past performance is not|nothing (in|on) this (article|site|website) (constitutes|is))"
    r".{0,400}",
    # Affiliate disclosures.
    r".{0,150}\b(we may (receive|earn|get|be paid) (a )?(small )?(commission|share|fee"
    r"|compensation)|may get a share of the sale|(contains|includes|uses) affiliate links?"
    r"|affiliate (commissions?|partnerships?|links?)|if you (buy|purchase) (something|a product"
    r"|an item) through)\b.{0,300}",
    r"our (standards|editorial standards|principles)\W.{0,100}",
    r"(request )?reprints? (&|and) (licensing|permissions).{0,100}",
)

# Copyright footers: "© 2019 ...", "All rights reserved", in several languages.
COPYRIGHT: tuple[str, ...] = (
    r".{0,120}(all rights? reserved|(©|ⓒ|\(c\)|copyright)\s*(\d{4}|©|ⓒ|\(c\))|todos os direitos"
    r" reservados|todos los derechos reservados|tous droits réservés|alle rechte vorbehalten"
    r"|tutti i diritti riservati|hak cipta|все права защищены|무단\s*전재|무단전재|저작권자"
    r"|無断転載|著作権).{0,200}",
)

COOKIE_BANNERS: tuple[str, ...] = (
    r".{0,300}\b(we use cookies|this (web)?site uses cookies|uses cookies|use of cookies"
    r"|cookie (policy|settings|preferences|notice|consent)|utilizamos cookies|usamos cookies"
    r"|nous utilisons des cookies|wir verwenden cookies|utilizziamo (i )?cookie|menggunakan cookie"
    r"|использу\w+ (файлы )?cookie)\b.{0,300}",
    r"(accept( all)?( cookies)?|reject( all)?|manage (cookies|preferences|settings)|got it"
    r"|i agree|i accept|ok, i understand|allow (all )?cookies|cookie settings)\W*",
)

PAYWALL_PROMPTS: tuple[str, ...] = (
    r".{0,120}\b(subscribe to (continue|read|keep reading|unlock)|to continue reading"
    r"|to read the full (story|article)|already a subscriber|sign in to read"
    r"|log in to (continue|read)"
    r"|create a free account|for unlimited access|unlimited (digital )?access"
    r"|this (article|content|story) is (for|available to|only for|exclusive to)"
    r" (subscribers|members)"
    r"|subscribers only|premium content|register to (continue|read)|you have reached your"
    r"|free articles? (left|remaining)|continue reading with)\b.{0,160}",
)

# Author boxes under a story: "About the author", "About Jane Doe", "Sobre Carlos".
AUTHOR_BOXES: tuple[str, ...] = (
    r"(about|sobre|über|a proposito di|à propos d[e']|tentang|об авторе|acerca d[eo]l?)\s*"
    r"(the |o |a |den |l'|el |la )?(author|autor|autora|auteur|autore|penulis|writer|contributor)"
    r"\W*",
    r"(?-i:(About|Sobre|Über|Tentang)\s+[A-ZÀ-ÖØ-Þ][\w'’.-]+(\s+[A-ZÀ-ÖØ-Þ][\w'’.-]+){0,3})\W*",
    r"(more (articles|stories|posts) (by|from)|other (articles|stories|posts) by|view all posts by"
    r"|all posts by|posts by|mais (artigos|posts) d[eo]|weitere artikel von|altri articoli di)"
    r"\s+.{1,60}",
)

# Credits and contact lines under a story: wire-service credits, sources,
# "contributed reporting", tip lines, and the author's one-paragraph bio.
CREDITS: tuple[str, ...] = (
    r"\(?\s*((additional )?reporting|writing|editing|compiled|produced|research|graphics|reported"
    r"|written)( and (reporting|writing|editing))? by\b.{0,300}",
    r".{0,80}\bcontributed (reporting|research|to this (report|article|story))\b.{0,200}",
    r"(source|sources|fonte|fuente|quelle|источник)\s*:.{0,80}",
    r"(have|got) a (news )?tip\?.{0,200}",
    r".{0,80}\b(may|can) be reached (at|on|via)\b.{0,200}",
    r"(?-i:[A-ZÀ-ÖØ-Þ][\w'’.-]+(?: [A-ZÀ-ÖØ-Þ][\w'’.-]+){1,3})(?: \(@\w+\))? (?:is|was) an?"
    r" (?:[\w'’&@-]+ ){0,6}?(?:reporter|writer|editor|correspondent|journalist|columnist"
    r"|contributor|curator|author|producer|critic|freelancer|blogger|anchor|host)\b.{0,400}",
)

# Site furniture that is neither story nor one of the spam kinds above.
NAVIGATION: tuple[str, ...] = (
    r"(skip to (main )?(content|navigation|search)|jump to (content|navigation)|menu|main menu"
    r"|open menu|close menu|toggle navigation|navigation|home|homepage|search|search for:?"
    r"|log ?in|sign ?in|log ?out|my account|account|register|close|close window|back to top"
    r"|scroll (back )?to top|go to top|top|next|previous|prev|next article|previous article"
    r"|next post|previous post|next story|load more|show more|see more|see all|view all|more"
    r"|all|sections|subscribe sign in|subscribesign in|×|x|«|»|‹|›|<|>|\||back|go)\W*",
    # Footer link rows: "Privacy Policy | Terms of Use | Contact Us".
    r"((privacy( policy| notice)?|terms( of (use|service))?|terms (&|and) conditions|cookie policy"
    r"|contact( us)?|about( us)?|sitemap|site map|advertise( with us)?|careers|help|faq"
    r"|accessibility|imprint|impressum|rss|newsletters?|corrections)\s*[|·•/,]?\s*)+",
)

WIDGET_KINDS: Mapping[str, tuple[str, ...]] = {
    "counter": COUNTERS,
    "share": SHARE_BARS,
    "newsletter": NEWSLETTER,
    "related": RELATED_LISTS,
    "comments": COMMENT_PLACEHOLDERS,
    "promo": PROMOS,
    "disclaimer": DISCLAIMERS,
    "copyright": COPYRIGHT,
    "author-box": AUTHOR_BOXES,
    "credits": CREDITS,
    "caption": CAPTIONS,
    "cookie": COOKIE_BANNERS,
    "paywall": PAYWALL_PROMPTS,
    "navigation": NAVIGATION,
}

# Matching is done in three steps for speed. Patterns of the form
# ".{0,A}KEYWORDS.{0,B}" (a key phrase with bounded text around it) are run
# as a search for KEYWORDS plus two length checks, which avoids the heavy
# backtracking of a leading ".{0,A}". All other patterns are whole-block
# matches; each one can only match a block whose first word character is one
# of a few (computed from the pattern itself), so blocks are dispatched on
# that character to an alternation of the patterns that can start with it,
# a named group per kind, run as a single fullmatch.
# Lower-case substrings one of which a block must contain before a kind's
# bounded searches are run (a cheap test that skips most blocks).
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "newsletter": ("newsletter", "update", "mail", "alert", "digest", "briefing", "inbox",
                   "рассылк", "delivered"),
    "copyright": ("reserv", "©", "ⓒ", "(c)", "copyright", "direitos", "derechos", "droits",
                  "rechte", "diritti", "hak cipta", "права", "무단", "저작권", "無断", "著作権"),
    "promo": ("here", "follow", "issues for", "as little as", "for just", "for only"),
    "caption": ("getty", "afp", "reuters", "shutterstock", "istock", "epa", "bloomberg", "xinhua",
                "alamy", "nurphoto", "sipa", "zuma", "wireimage", "dpa", "imago", "anadolu", "file",
                "pa", ", ap", "(ap", "/ap", "| ap", "ap photo", "ap/"),
    "disclaimer": ("commission", "share of the sale", "affiliate", "if you buy", "if you purchase"),
    "credits": ("contributed", "reached"),
    "cookie": ("cookie",),
    "paywall": ("subscri", "continue", "read the full", "sign in", "log in", "account",
                "unlimited", "member", "premium", "register", "reached", "free article"),
}
_BOUNDED = re.compile(r"^\.\{0,(\d+)\}(.*)\.\{0,(\d+)\}$", re.S)
_KIND_ORDER: dict[str, int] = {kind: n for n, kind in enumerate(WIDGET_KINDS)}
_FLAGS = re.I | re.S

# First-character analysis of a parsed pattern. A "start key" is the lower-case
# first word character of a text, "0" for any digit; _ANY_START means the
# pattern may begin with any word character.
_ANY_START = "*"
_IS_WORD = re.compile(r"\w")
_WORDLESS_CATEGORIES = frozenset(
    {sre_constants.CATEGORY_NOT_WORD, sre_constants.CATEGORY_SPACE,
     sre_constants.CATEGORY_UNI_NOT_WORD, sre_constants.CATEGORY_UNI_SPACE,
     sre_constants.CATEGORY_LINEBREAK, sre_constants.CATEGORY_UNI_LINEBREAK}
)
_DIGIT_CATEGORIES = frozenset({sre_constants.CATEGORY_DIGIT, sre_constants.CATEGORY_UNI_DIGIT})


def _start_key(char: str) -> str:
    """Word character -> its start key (lower case, or "0" for a digit)."""
    return "0" if char.isdigit() else char.lower()


def _char_starts(code: int) -> tuple[set[str], bool]:
    """Literal code point -> (start keys it gives, whether it is a non-word character)."""
    char = chr(code)
    if _IS_WORD.match(char):
        return {_start_key(char), _start_key(char.swapcase())}, False
    return set(), True


def _class_starts(items: list[tuple[Any, Any]]) -> tuple[set[str], bool]:
    """Parsed character class -> (start keys, whether it can match a non-word character)."""
    keys: set[str] = set()
    wordless = False
    for op, av in items:
        if op is sre_constants.NEGATE:
            return {_ANY_START}, True
        if op is sre_constants.LITERAL:
            found, nonword = _char_starts(av)
            keys |= found
            wordless = wordless or nonword
        elif op is sre_constants.RANGE:
            low, high = av
            if high - low > 4000:
                return {_ANY_START}, True
            for code in range(low, high + 1):
                found, nonword = _char_starts(code)
                keys |= found
                wordless = wordless or nonword
        elif op is sre_constants.CATEGORY:
            if av in _WORDLESS_CATEGORIES:
                wordless = True
            elif av in _DIGIT_CATEGORIES:
                keys.add("0")
            else:
                return {_ANY_START}, True
        else:
            return {_ANY_START}, True
    return keys, wordless


def _sequence_starts(items: Any) -> tuple[set[str], bool]:
    """Parsed pattern sequence -> (start keys of the texts it matches, whether it can match
    text without any word character, so the key comes from what follows)."""
    keys: set[str] = set()
    for op, av in items:
        if op is sre_constants.LITERAL:
            found, wordless = _char_starts(av)
        elif op is sre_constants.IN:
            found, wordless = _class_starts(av)
        elif op is sre_constants.CATEGORY:
            found, wordless = _class_starts([(op, av)])
        elif op is sre_constants.BRANCH:
            found, wordless = set(), False
            for branch in av[1]:
                more, empty = _sequence_starts(branch)
                found |= more
                wordless = wordless or empty
        elif op is sre_constants.SUBPATTERN:
            found, wordless = _sequence_starts(av[-1])
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT,
                    sre_constants.POSSESSIVE_REPEAT):
            found, wordless = _sequence_starts(av[2])
            wordless = wordless or av[0] == 0
        elif op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            found, wordless = set(), True  # zero width
        else:
            return {_ANY_START}, True
        keys |= found
        if _ANY_START in keys:
            return {_ANY_START}, True
        if not wordless:
            return keys, False
    return keys, True


def _pattern_starts(pattern: str) -> frozenset[str]:
    """Pattern source -> start keys of the texts it can match ("" for texts with no word
    character; _ANY_START when the analysis cannot bound it)."""
    keys, wordless = _sequence_starts(sre_parse.parse(pattern, _FLAGS))
    return frozenset(keys | ({""} if wordless else set()))


def _split_patterns() -> tuple[
    list[tuple[str, str, frozenset[str]]], list[tuple[str, re.Pattern[str], int, int]]
]:
    """WIDGET_KINDS -> (whole-block patterns with kind and start keys, bounded searches)."""
    whole: list[tuple[str, str, frozenset[str]]] = []
    bounded: list[tuple[str, re.Pattern[str], int, int]] = []
    for kind, patterns in WIDGET_KINDS.items():
        for pattern in patterns:
            found = _BOUNDED.match(pattern)
            if found:
                keywords = re.compile(found.group(2), _FLAGS)
                bounded.append((kind, keywords, int(found.group(1)), int(found.group(3))))
            else:
                whole.append((kind, pattern, _pattern_starts(pattern)))
    return whole, bounded


_WHOLE_PATTERNS, _BOUNDED_SEARCHES = _split_patterns()
_GROUP_TO_KIND: dict[str, str] = {kind.replace("-", "_"): kind for kind in WIDGET_KINDS}
_FIRST_WORD_CHAR = re.compile(r"\w")


@lru_cache(maxsize=512)
def _alternation(key: str) -> re.Pattern[str] | None:
    """Start key -> one fullmatch alternation of the patterns that can begin with it."""
    by_kind: dict[str, list[str]] = {}
    for kind, pattern, starts in _WHOLE_PATTERNS:
        if key in starts or _ANY_START in starts:
            by_kind.setdefault(kind, []).append(f"(?:{pattern})")
    if not by_kind:
        return None
    groups = [
        f"(?P<{kind.replace('-', '_')}>" + "|".join(parts) + ")" for kind, parts in by_kind.items()
    ]
    return re.compile(r"\s*(?:" + "|".join(groups) + r")\s*", _FLAGS)


# Blocks longer than this are never a whole widget.
MAX_WIDGET_CHARS = 700


_TRIGGER_SEARCH: dict[str, re.Pattern[str]] = {
    kind: re.compile("|".join(re.escape(t) for t in triggers))
    for kind, triggers in _TRIGGERS.items()
}
# Every bounded search has a trigger: a block with none of them skips them all.
_ANY_TRIGGER = re.compile("|".join(re.escape(t) for ts in _TRIGGERS.values() for t in ts))
assert {kind for kind, *_ in _BOUNDED_SEARCHES} <= set(_TRIGGERS)
# Short blocks (menu entries, share buttons, counters) repeat across the pages
# of one site: their verdicts are remembered.
_SHORT_BLOCK = 40


def match_widget(text: str) -> str | None:
    """Block text -> the widget kind whose vocabulary matches all of it, or None."""
    if len(text) > MAX_WIDGET_CHARS:
        return None
    text = text.strip()
    if len(text) <= _SHORT_BLOCK:
        return _match_short(text)
    return _match(text)


def reset_widget_cache() -> None:
    """Forget remembered verdicts (benchmarks time each pass from a cold start)."""
    _match_short.cache_clear()


@lru_cache(maxsize=8192)
def _match_short(text: str) -> str | None:
    """Short stripped block text -> widget kind or None (memoised)."""
    return _match(text)


def _match(text: str) -> str | None:
    """Stripped block text -> widget kind or None."""
    first = _FIRST_WORD_CHAR.search(text)
    alternation = _alternation(_start_key(first.group()) if first else "")
    match = alternation.fullmatch(text) if alternation is not None else None
    kind = _GROUP_TO_KIND[match.lastgroup] if match and match.lastgroup else None
    lower = text.lower()
    if _ANY_TRIGGER.search(lower) is None:
        return kind
    rank = _KIND_ORDER[kind] if kind else len(_KIND_ORDER)
    for other, keywords, before, after in _BOUNDED_SEARCHES:
        if _KIND_ORDER[other] >= rank:
            continue
        trigger = _TRIGGER_SEARCH.get(other)
        if trigger is not None and trigger.search(lower) is None:
            continue
        found = keywords.search(text)
        if found and found.start() <= before and len(text) - found.end() <= after:
            kind, rank = other, _KIND_ORDER[other]
    return kind
