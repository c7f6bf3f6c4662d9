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
from dataclasses import dataclass
from functools import cache, lru_cache
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
    r"\d{1,15}([.,]\d{1,3}){0,3}\s*[km]?\s*(views?|comments?|shares?|likes?|reads?|responses?|replies|reactions?"
    r"|votes?|visualizações|visualizacoes|comentários|comentarios|просмотр(ов|а)?|комментари(ев|я|й)"
    r"|aufrufe|kommentare|visualizzazioni|commenti|dilihat|komentar|조회수?|댓글)",
    r"(views?|comments?|shares?|likes?|reads?|hits|rating|просмотры|조회수?|댓글)\s*:?\s*\d{1,15}([.,]\d{1,3}){0,3}"
    r"\s*[km]?"
    r"(\s*votes?)?",
    r"\d{1,4}\s*(min|mins|minute|minutes|мин|minuten|minutos|minuti)\.?\s+(read|reading|de leitura"
    r"|lesezeit|di lettura|чтения|de lectura)",
    r"(reading time|read time|lesezeit|tempo de leitura)\s*:?\s*\d{1,4}\s*\w{0,12}",
    r"\d{1,15}([.,]\d{1,3}){0,3}\s*[km]?",
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
    rf"(({_SHARE_WORDS})\W*)?(({_NETWORKS})\W*){{1,12}}((({_SHARE_WORDS})\W*){{1,3}}"
    rf"(({_NETWORKS})\W*){{1,12}}){{0,6}}",
    r"(sharing is caring|(get|copy) (the )?(short )?(url|link)|(addthis )?sharing buttons"
    r"|((show|close)( extra| more)?|more|extra) sharing options"
    r"|share close( extra sharing options)?)\W*",
    r"(like|liked|enjoy|enjoyed|love|loved) (this|the) (story|article|post)\W+.{0,40}\bshare\b"
    r".{0,60}",
    r"(recommend|send|share|email|mail)( this| it)?( article| story| page| post)?"
    r" (to|with) (a )?(friends?|someone|a colleague)\W*",
    r"(share|tweet|email|print|save)( this| it)?( article| story| page| post)?"
    r"( on| via| with| to)?( \w{1,20})?\W*",
    r"(print|email|save|share)( this)?( article| story| page)?(\s+(print|email|save|share|and)"
    r"( this)?( article| story| page)?){1,5}\W*",
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
    rf"|digest|briefing|inbox|рассылк\w{0,10})\b.{{0,200}}",
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
    r"|from [\w .'’&-]{1,60}|on [\w .'’&-]{1,60}|in [\w .'’&-]{1,60}|for you|now|today"
    r"|this week))?\W*",
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
    # A tag list printed without a colon: "Tags Kristi Noem South Dakota".
    r"(tags|tagged( with)?|topics|filed under)\s+[^.!?]{1,200}",
    # "More Great <Outlet> Stories", "Latest Tech Headlines".
    r"(more|other|recent|latest|top|popular|related|similar|great|best|featured)"
    r"( [\w'’&.-]{1,30}){0,3}"
    r" (stories|articles|posts|reads|videos|headlines|galleries)\W*",
    r"(next up|up next|on our radar|what'?s next|coming up)( in [\w .'’&-]{1,40})?\W*",
    r"((most (read|shared|popular|viewed|commented|emailed|watched))\W*){2,4}",
    # One-line links to another story: "Read more: <headline>", "Also on <site>: ...".
    r"(related|read more|see more|also read|read also|see also|more|also|watch|listen|read next"
    r"|related (posts?|articles?|stories|content|coverage|reading)|recommended|don'?t miss"
    r"|must read|further reading)\s*:\s*.{1,160}",
    r"(also )?on [\w.-]{1,60}\.[a-z]{2,4}\s*:.{0,160}|also on [\w.-]{1,60}\.[a-z]{2,4}\b.{0,160}",
    r"(explore further|find out more|learn more)\W*",
    r"(материалы по теме|(ещё|еще|другие) (новости|материалы)( по теме)?|по теме|новости партнеров"
    r"|te puede interesar|lo más leído|más noticias|sur le même sujet|à lire également"
    r"|você (também )?pode gostar|você (também )?vai gostar|berita lainnya|weitere artikel"
    r"|auch interessant|ti potrebbe interessare|potrebbe piacerti|(también )?te puede gustar"
    r"|vous aimerez (aussi|peut-être aussi)|das könnte ihnen auch gefallen"
    r"|вам (также )?(может быть интересно|может понравиться)|рекомендуем)\W*",
)

# Comment sections: placeholders, headers and comment-form furniture.
COMMENT_PLACEHOLDERS: tuple[str, ...] = (
    r"(there (is|are) )?no comments?( (yet|so far|on this (article|post|story)))?\W*",
    r"(be the first to comment|be the first to (comment|reply)( on this \w{1,20})?"
    r"|leave a (comment|reply)|add a comment|add comment|post a comment|post comment"
    r"|write a comment|comments? (are )?closed"
    r"|join the (conversation|discussion)|show comments|view comments|hide comments"
    r"|read (all )?comments|view all comments|see all comments|load (more )?comments"
    r"|top rated comments|top comments|reader comments|readers'? comments|comments?"
    r"|discussion|cancel reply|reply|log in to reply|post a reply|conversation"
    r"|what do you think\??|have your say|comments? \(\d{1,6}\)"
    r"|\d{1,6} (responses?|replies) to .{1,120}"
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
    r"|оставить комментарий|отменить ответ)\W*){1,4}",
    r"(comentários|comentarios|deixe (um|seu) comentário|deixe uma resposta|commentaires"
    r"|laisser un commentaire|kommentare|kommentar schreiben|commenti|lascia un commento"
    r"|komentar|tinggalkan komentar|комментарии|оставить комментарий|добавить комментарий"
    r"|댓글|댓글쓰기|コメント|コメントを書く)\W*(\(?\d{0,6}\)?)\W*",
    r"((view|read|join|start) the discussion( thread)?|leave (a |your )?comments?"
    r"|tell us what you think|(comment|reply) from the forums)\W*",
    r"(no comments yet|(\d{1,6} )?comments? (are|is) (closed|disabled|turned off))\b.{0,80}",
    # Comment policies: "Comments that ... will not be approved by the moderator".
    r".{0,80}\b(comments?|comentários|comentarios|commentaires|kommentare|commenti"
    r"|комментари\w{0,3})\b.{0,200}\b(moderator|moderated|moderador|moderação|moderados"
    r"|aprovados|modérés|moderiert|moderati|модерац\w{0,4})\b.{0,200}",
)

# Promos and calls to action; advertisement labels.
PROMOS: tuple[str, ...] = (
    r"(advertisement|advertising|advert|sponsored|sponsored content|sponsored links?|promoted"
    r"|promoted content|promoted stories|ad|ads|adchoices|paid (post|content)|partner content"
    r"|story continues below( advertisement)?|article continues below( advertisement)?"
    r"|continue reading below|scroll to continue( with content)?|publicidade|publicidad"
    r"|publicité|anzeige|werbung|pubblicità|iklan|реклама|광고|広告|スポンサーリンク)\W*",
    r"(download (our|the) app|get the app|follow us( on [\w ]{1,40})?|like us on facebook"
    r"|find us on facebook|follow us on (twitter|facebook|instagram))\b.{0,80}",
    r"(click here|tap here) (to|for) .{0,80}",
    # The same call in other languages, which lead with the verb: "Clique na foto e veja ...".
    r"(clique|cliquez|haga clic|klicken sie|clicca)\b.{0,400}",
    # "... by clicking here": a call to action ending in "here" (searched: any lead-in).
    r".{0,60}\b(by )?(clicking|click|tap|tapping) here\W*.{0,0}",
    r".{0,40}\bfollow\b.{0,60}\bon (facebook|twitter|instagram|youtube|linkedin|tiktok|telegram"
    r"|whatsapp|flipboard|snapchat)\b.{0,120}",
    r"(this|the) (slideshow|video|gallery|content|page|feature|embed|player|media) requires"
    r" javascript.{0,80}",
    r"(please )?(enable|turn on|activate) javascript.{0,120}",
    # The label a page prints in place of an embedded social post.
    r"(twitter|instagram|facebook|youtube|tiktok) post by @?\S{1,40}.{0,600}",
    # Priced subscription offers: "12 issues for £11.99", "for as little as Rs 599".
    r".{0,150}\b(\d{1,4} issues for|for (as little as|just|only) (rs\.? ?|inr ?|\$|£|€|us\$ ?)\d)"
    r".{0,200}",
    r"join (our|the) [\w ]{0,30}(forums?|community|discussion|conversation)\b.{0,200}",
    # "Follow our full coverage of the election at https://...".
    r"follow [\w'’ ]{1,40}\b(full |complete |latest |live )?coverage\b.{0,160}",
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
    # "<alt text> Image copyright <agency> Image caption <caption>".
    r".{0,80}\bimage (copyright|caption)\b.{0,300}",
    # Wire captions: "In this Sunday, Nov. 10, 2019, photo, a row of ...", "In this photo
    # issued by ...".
    r"in this [\w ,.'’-]{0,60}\b(photo|photograph|image|picture)"
    r"(,| (issued|released|provided|taken|made|shot|distributed|obtained|from|by|of|shows))"
    r".{0,500}",
    # A caption ending in its credit: "... during the cruise phase. Credit: Agency".
    r".{0,400}\b(photo |image |picture )?credits?\s*:\s*[^.!?:]{1,60}$.{0,0}",
    # Pictures sent in or lent: "Jane Doe Submitted photo", "Courtesy of Jane Doe".
    r".{0,80}\b(submitted|contributed|handout|courtesy|staff|file) (photo|image|picture)s?"
    r"\W{0,5}.{0,0}",
    r"(photo |image |picture )?courtesy( of)? .{1,80}",
    # Alt text a picture service writes, then the caption: "a man holding a sign: ...".
    r"(?-i:an? [a-z][a-z ,'’-]{2,80}): .{1,500}",
    # Gallery furniture: "Image 1 of 9", "1 / 9", "Back to Gallery".
    r"((image|photo|picture|slide)s? )?\d{1,3}\s*(of|/)\s*/?\s*\d{1,3}\W*",
    r"(back to|view|open|launch|see) (the )?(full )?gallery\W*",
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
    # Press releases: the forward-looking statements warning.
    r".{0,100}\bforward[- ]looking statements?\b.{0,900}",
    r"(request )?reprints? (&|and) (licensing|permissions).{0,100}",
)

# Copyright footers: "© 2019 ...", "All rights reserved", in several languages.
COPYRIGHT: tuple[str, ...] = (
    r"\W*this material may not be (published|reproduced|broadcast).{0,200}",
    r".{0,120}(all rights? reserved|(©|ⓒ|\(c\)|copyright)\s*(\d{4}|©|ⓒ|\(c\))|todos os direitos"
    r" reservados|todos los derechos reservados|tous droits réservés|alle rechte vorbehalten"
    r"|tutti i diritti riservati|hak cipta|все права защищены|무단\s*전재|무단전재|저작권자"
    r"|無断転載|著作権).{0,200}",
)

COOKIE_BANNERS: tuple[str, ...] = (
    r".{0,300}\b(we use cookies|this (web)?site uses cookies|uses cookies|use of cookies"
    r"|cookie (policy|settings|preferences|notice|consent)|utilizamos cookies|usamos cookies"
    r"|nous utilisons des cookies|wir verwenden cookies|utilizziamo (i )?cookie|menggunakan cookie"
    r"|использу\w{1,10} (файлы )?cookie)\b.{0,300}",
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
    r"(?-i:(About|Sobre|Über|Tentang)\s+[A-ZÀ-ÖØ-Þ][\w'’.-]{1,30}(\s+[A-ZÀ-ÖØ-Þ][\w'’.-]{1,30}){0,3})"
    r"\W*",
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
    # Press-release contacts and the wire's closing source line.
    r"(media|press|investor|news)( relations)? (contacts?|inquiries|enquiries)\W.{0,300}",
    r"contacts?\s*:.{0,300}",
    r"(?-i:SOURCE) [\w .,&'’-]{1,80}",
    r"(have|got) a (story|news)? ?(tip|idea)\b.{0,200}",
    # How to cite the page: "Citation: <headline> (2019, November 18) retrieved ...".
    r"(citation|cite this (article|page|story))\s*:.{0,400}",
    r"(?-i:[A-ZÀ-ÖØ-Þ][\w'’.-]{1,30}(?: [A-ZÀ-ÖØ-Þ][\w'’.-]{1,30}){1,3})(?: \(@\w{1,30}\))?"
    r" (?:is|was) an?"
    r" (?:[\w'’&@-]{1,30} ){0,6}?(?:reporter|writer|editor|correspondent|journalist|columnist"
    r"|contributor|curator|author|producer|critic|freelancer|blogger|anchor|host)\b.{0,400}",
)

# Site furniture that is neither story nor one of the spam kinds above.
NAVIGATION: tuple[str, ...] = (
    r"(skip to (main )?(content|navigation|search)|jump to (content|navigation)|menu|main menu"
    r"|open menu|close menu|toggle navigation|navigation|home|homepage|search|search for:?"
    r"|log ?in|sign ?in|log ?out|my account|account|register|close|close window|back to top"
    r"|scroll (back )?to top|go to top|top|next|previous|prev|next article|previous article"
    r"|next post|previous post|next story|load more|show more|see more|see all|view all|more"
    r"|all|sections|subscribe sign in|subscribesign in|x|back|go|report( abuse| this( comment"
    r"| post)?)?)\W*",
    r"[×«»‹›<>|]\W*",
    # Footer link rows: "Privacy Policy | Terms of Use | Contact Us".
    r"((privacy( policy| notice)?|terms( of (use|service))?|terms (&|and) conditions|cookie policy"
    r"|contact( us)?|about( us)?|sitemap|site map|advertise( with us)?|careers|help|faq"
    r"|accessibility|imprint|impressum|rss|newsletters?|corrections)\s*[|·•/,]?\s*){1,10}",
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

# Matching is organised for speed; the verdicts are those of the patterns above.
# - Patterns of the form ".{0,A}KEYWORDS.{0,B}" (a key phrase with bounded text
#   around it) are searched for KEYWORDS, then the two lengths are checked. The
#   phrase must start in the first A characters and end in the last B, so longer
#   blocks are skipped and the search starts where the phrase can; a block must
#   also hold one of its kind's trigger substrings in that window (all triggers
#   are found in one search).
# - All other patterns match whole blocks. Each can only match blocks with
#   certain first words (computed from the pattern itself) and up to a certain
#   length, so a block is tried against one alternation of just the patterns
#   that fit it, a named group per kind.
# Lower-case substrings one of which a block must contain before a kind's
# bounded searches are run.
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "newsletter": ("newsletter", "update", "mail", "alert", "digest", "briefing", "inbox",
                   "рассылк", "delivered"),
    "copyright": ("reserv", "©", "ⓒ", "(c)", "copyright", "direitos", "derechos", "droits",
                  "rechte", "diritti", "hak cipta", "права", "무단", "저작권", "無断", "著作権"),
    "promo": ("here", "follow", "issues for", "as little as", "for just", "for only"),
    # Credits end a caption: "\0" marks the end of the block in the trigger search.
    "caption": ("credit", "submitted", "contributed", "handout", "courtesy", "staff photo",
                "staff image", "staff picture", "file image", "file picture", "getty", "afp",
                "reuters", "shutterstock", "istock", "epa", "bloomberg", "xinhua", "alamy",
                "nurphoto", "sipa", "zuma", "wireimage", "dpa", "imago", "anadolu",
                "file)", "file\0", "photo)", "photo\0", "file photo", "photo credit", "pa wire",
                "pa images", "pa)", "pa\0", "ap)", "ap\0", "ap photo", "ap/", "image c"),
    "disclaimer": ("commission", "share of the sale", "affiliate", "if you buy", "if you purchase",
                   "forward"),
    "credits": ("contributed", "reached"),
    "cookie": ("cookie",),
    "comments": ("moder",),
    "paywall": ("subscri", "continue", "read the full", "sign in", "log in", "account",
                "unlimited", "member", "premium", "register", "reached", "free article"),
}
_BOUNDED = re.compile(r"^\.\{0,(\d+)\}(.*)\.\{0,(\d+)\}$", re.S)
_KIND_ORDER: dict[str, int] = {kind: n for n, kind in enumerate(WIDGET_KINDS)}
_FLAGS = re.I | re.S

# First-word analysis of a parsed pattern. A text's "start key" is its first word,
# normalised (lower case, any digit as "0") and cut to _KEY_SPAN characters. A
# pattern admits a set of exact first words and a set of first-word prefixes,
# both computed from the pattern itself (or anything, when they are too many to
# list). Texts are only tried against the patterns that admit their first word.
_KEY_SPAN = 16
_PREFIX_SPAN = _KEY_SPAN + 1  # characters of a match followed
_PREFIX_CAP = 2000  # prefix sets larger than this are treated as "anything"
_IS_WORD = re.compile(r"\w")
_WORDLESS_CATEGORIES = frozenset(
    {sre_constants.CATEGORY_NOT_WORD, sre_constants.CATEGORY_SPACE,
     sre_constants.CATEGORY_UNI_NOT_WORD, sre_constants.CATEGORY_UNI_SPACE,
     sre_constants.CATEGORY_LINEBREAK, sre_constants.CATEGORY_UNI_LINEBREAK}
)
_DIGIT_CATEGORIES = frozenset({sre_constants.CATEGORY_DIGIT, sre_constants.CATEGORY_UNI_DIGIT})
_FIRST_WORD = re.compile(r"\w+")
_DIGITS = re.compile(r"\d")


def _norm_char(char: str) -> str:
    """Character -> its form in a start key (lower case, "0" for digits, " " for non-word)."""
    if char.isdigit():
        return "0"
    if not _IS_WORD.match(char):
        return " "
    return char.lower()[:1]


def start_key(text: str) -> str:
    """Text -> its start key: the first word, lower case, digits as "0", cut to _KEY_SPAN
    characters; "" when it has no word character."""
    first = _FIRST_WORD.search(text)
    if first is None:
        return ""
    # Cut again after lower-casing: a few letters lower-case to two characters.
    word = first.group()[:_KEY_SPAN].lower()[:_KEY_SPAN]
    return word if word.isalpha() else _DIGITS.sub("0", word)


def _literal_chars(code: int) -> set[str]:
    """Literal code point -> the key characters it can stand for (both cases)."""
    char = chr(code)
    return {_norm_char(char), _norm_char(char.swapcase())}


def _class_chars(items: list[tuple[Any, Any]]) -> set[str] | None:
    """Parsed character class -> the key characters it can match, or None for too many."""
    chars: set[str] = set()
    for op, av in items:
        if op is sre_constants.LITERAL:
            chars |= _literal_chars(av)
        elif op is sre_constants.RANGE:
            low, high = av
            if high - low > 400:
                return None
            for code in range(low, high + 1):
                chars |= _literal_chars(code)
        elif op is sre_constants.CATEGORY and av in _WORDLESS_CATEGORIES:
            chars.add(" ")
        elif op is sre_constants.CATEGORY and av in _DIGIT_CATEGORIES:
            chars.add("0")
        else:
            return None  # negated classes, \w, \S: anything
    return chars


def _settled(prefix: str, span: int) -> bool:
    """Prefix -> whether what follows no longer matters: it fills the span, or its first word
    has ended (a space or "*" after a word character)."""
    if len(prefix) >= span:
        return True
    word = prefix.lstrip(" ")
    return " " in word or "*" in word


def _join(heads: set[str], tails: set[str] | None, span: int) -> set[str] | None:
    """Prefix sets -> their concatenation, each cut where it settles (tails None: anything
    follows, written as "*")."""
    if tails is None:
        return {h if _settled(h, span) else h + "*" for h in heads}
    out = set()
    for head in heads:
        if _settled(head, span):
            out.add(head)
        else:
            out.update((head + tail)[:span] for tail in tails)
    return None if len(out) > _PREFIX_CAP else out


def _prefixes(items: Any, span: int) -> set[str] | None:
    """Parsed sequence -> the normalised prefixes of its matches: strings of `span`
    characters ("*" for any character), or shorter ones that are whole matches; None when
    there are too many to list."""
    result: set[str] = {""}
    for op, av in items:
        if all(_settled(prefix, span) for prefix in result):
            return result  # what follows cannot change the first words
        part: set[str] | None
        if op is sre_constants.LITERAL:
            part = _literal_chars(av)
        elif op is sre_constants.IN:
            part = _class_chars(av)
        elif op is sre_constants.CATEGORY:
            part = _class_chars([(op, av)])
        elif op is sre_constants.BRANCH:
            part = set()
            for branch in av[1]:
                more = _prefixes(branch, span)
                if more is None:
                    part = None
                    break
                part |= more
        elif op is sre_constants.SUBPATTERN:
            part = _prefixes(av[-1], span)
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT,
                    sre_constants.POSSESSIVE_REPEAT):
            low, high, inner = av
            one = _prefixes(inner, span)
            part = set()
            run: set[str] | None = {""}
            for count in range(min(high, low + span) + 1):
                if run is None:
                    break
                if count >= low:
                    part |= run
                run = _join(run, one, span)
            if run is None:
                return None
        elif op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue  # zero width
        else:
            part = None
        joined = _join(result, part, span)
        if joined is None:
            return None
        result = joined
    return result


def _is_wordless(items: Any) -> bool:
    """Parsed sequence -> whether it only ever matches non-word characters."""
    for op, av in items:
        if op is sre_constants.LITERAL:
            if _IS_WORD.match(chr(av)):
                return False
        elif op is sre_constants.CATEGORY:
            if av not in _WORDLESS_CATEGORIES:
                return False
        elif op is sre_constants.IN:
            if not all(
                (sub_op is sre_constants.LITERAL and not _IS_WORD.match(chr(sub_av)))
                or (sub_op is sre_constants.CATEGORY and sub_av in _WORDLESS_CATEGORIES)
                for sub_op, sub_av in av
            ):
                return False
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT,
                    sre_constants.POSSESSIVE_REPEAT):
            if not _is_wordless(av[2]):
                return False
        elif op is sre_constants.SUBPATTERN:
            if not _is_wordless(av[-1]):
                return False
        else:
            return False
    return True


@dataclass(frozen=True)
class _FirstWords:
    """What a pattern allows as a text's first word: exact words, prefixes, or anything."""

    exact: frozenset[str]
    prefixes: tuple[str, ...]
    anything: bool


def _pattern_words(pattern: str) -> _FirstWords:
    """Pattern source -> the first words of the texts it can match."""
    items = list(sre_parse.parse(pattern, _FLAGS))
    # Leading runs of punctuation come before a text's first word character.
    while items and _is_wordless([items[0]]):
        items.pop(0)
    # Follow whole first words where that stays small; patterns that glue many
    # names together ("FacebookTwitter") are followed for fewer characters.
    for span in (_PREFIX_SPAN, 8, 4):
        found = _prefixes(items, span)
        if found is not None:
            break
    if found is None:
        return _FirstWords(frozenset(), (), True)
    exact: set[str] = set()
    prefixes: set[str] = set()
    for prefix in found:
        bare = prefix.lstrip(" ")
        if bare.startswith("*"):
            return _FirstWords(frozenset(), (), True)  # the first word is not known
        word_end = min((bare.find(c) for c in " *" if c in bare), default=len(bare))
        word = bare[:word_end]
        if word_end < len(bare) and bare[word_end] == " ":
            exact.add(word)  # a non-word character ends the first word
        elif word_end < len(bare) or len(prefix) >= span:
            prefixes.add(word[:_KEY_SPAN])  # cut short: the word may go on
        else:
            exact.add(word)  # the whole match is one word
    return _FirstWords(frozenset(w[:_KEY_SPAN] for w in exact), tuple(sorted(prefixes)), False)


def _admits(words: _FirstWords, key: str) -> bool:
    """A pattern's first words and a text's start key -> whether the pattern may match it."""
    return words.anything or key in words.exact or key.startswith(words.prefixes)


# Width analysis of a parsed pattern, to skip patterns that cannot span a block.
# A run of punctuation or spaces ("\W*", "\s+") is counted as this many
# characters: widgets end in a few dots or arrows (or an empty form field), not
# in a page of them.
_LOOSE_RUN = 60
_UNBOUNDED = 1 << 30


def _sequence_width(items: Any) -> int:
    """Parsed sequence -> the most characters it matches (runs of punctuation counted short)."""
    total = 0
    for op, av in items:
        if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue
        if op in (sre_constants.LITERAL, sre_constants.NOT_LITERAL, sre_constants.ANY,
                  sre_constants.IN, sre_constants.CATEGORY):
            total += 1
        elif op is sre_constants.BRANCH:
            total += max(_sequence_width(branch) for branch in av[1])
        elif op is sre_constants.SUBPATTERN:
            total += _sequence_width(av[-1])
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT,
                    sre_constants.POSSESSIVE_REPEAT):
            low, high, inner = av
            if high == sre_constants.MAXREPEAT:
                if not _is_wordless(inner):
                    return _UNBOUNDED
                total += _LOOSE_RUN
            else:
                total += high * _sequence_width(inner)
        else:
            return _UNBOUNDED
    return min(total, _UNBOUNDED)


def _pattern_width(pattern: str) -> int:
    """Pattern source -> the longest block it can match (punctuation runs counted short)."""
    return _sequence_width(sre_parse.parse(pattern, _FLAGS))


@dataclass(frozen=True)
class _WholePattern:
    """A pattern matched against a whole block: its kind, the first characters it allows
    and the longest block it can match."""

    kind: str
    source: str
    words: _FirstWords
    width: int


@dataclass(frozen=True)
class _BoundedSearch:
    """A key phrase searched inside a block with at most `before` characters ahead of it and
    `after` behind it; `width` is the longest text the phrase matches."""

    kind: str
    rank: int
    keywords: re.Pattern[str]
    before: int
    after: int
    width: int

    @property
    def longest(self) -> int:
        """The longest block this search can match."""
        return self.before + self.width + self.after


def _split_patterns() -> tuple[list[_WholePattern], list[_BoundedSearch]]:
    """WIDGET_KINDS -> (whole-block patterns, bounded key-phrase searches)."""
    whole: list[_WholePattern] = []
    bounded: list[_BoundedSearch] = []
    for kind, patterns in WIDGET_KINDS.items():
        for pattern in patterns:
            found = _BOUNDED.match(pattern)
            if found:
                bounded.append(_BoundedSearch(
                    kind, _KIND_ORDER[kind], re.compile(found.group(2), _FLAGS),
                    int(found.group(1)), int(found.group(3)), _pattern_width(found.group(2)),
                ))
            else:
                whole.append(
                    _WholePattern(kind, pattern, _pattern_words(pattern), _pattern_width(pattern))
                )
    return whole, bounded


_WHOLE_PATTERNS, _BOUNDED_SEARCHES = _split_patterns()
# Searches run in rank order, so the first kind found outranks all later ones.
assert [s.rank for s in _BOUNDED_SEARCHES] == sorted(s.rank for s in _BOUNDED_SEARCHES)
# (rank, longest block, search) for the loop in _match: plain tuples read fastest.
_SEARCH_ORDER: tuple[tuple[int, int, _BoundedSearch], ...] = tuple(
    (search.rank, search.longest, search) for search in _BOUNDED_SEARCHES
)
_GROUP_TO_KIND: dict[str, str] = {kind.replace("-", "_"): kind for kind in WIDGET_KINDS}
# Block lengths at which the set of whole-block patterns is narrowed: a block in
# (tier[i-1], tier[i]] is only tried against patterns that can be longer than tier[i-1].
_LENGTH_TIERS = (40, 100, 250, 450, 700)


@lru_cache(maxsize=65536)
def _alternation(key: str, shortest: int) -> re.Pattern[str] | None:
    """Start key and a block length -> one fullmatch alternation of the patterns that can
    begin that way and be longer than `shortest`."""
    return _compile_alternation(tuple(
        n for n, whole in enumerate(_WHOLE_PATTERNS)
        if whole.width > shortest and _admits(whole.words, key)
    ))


@cache
def _compile_alternation(chosen: tuple[int, ...]) -> re.Pattern[str] | None:
    """Indices into _WHOLE_PATTERNS -> their fullmatch alternation, a named group per kind
    (many start keys share one set of patterns, so each set is compiled once)."""
    by_kind: dict[str, list[str]] = {}
    for n in chosen:
        whole = _WHOLE_PATTERNS[n]
        by_kind.setdefault(whole.kind, []).append(f"(?:{whole.source})")
    if not by_kind:
        return None
    groups = [
        f"(?P<{kind.replace('-', '_')}>" + "|".join(parts) + ")" for kind, parts in by_kind.items()
    ]
    return re.compile(r"\s*(?:" + "|".join(groups) + r")\s*", _FLAGS)


# Blocks longer than this are never a whole widget.
MAX_WIDGET_CHARS = 700


def _trie_pattern(words: list[str]) -> str:
    """Literal strings -> one regex alternation factored by shared prefixes, which the
    regex engine searches far faster than a flat list of alternatives."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body

    return emit(trie)


assert {search.kind for search in _BOUNDED_SEARCHES} <= set(_TRIGGERS)
# All triggers in one search; a hit names the kinds whose bounded searches may match.
_TRIGGER_TRIE = re.compile(_trie_pattern(sorted({t for ts in _TRIGGERS.values() for t in ts})))
_TRIGGER_KINDS: dict[str, frozenset[str]] = {
    trigger: frozenset(kind for kind, triggers in _TRIGGERS.items() if trigger in triggers)
    for triggers in _TRIGGERS.values()
    for trigger in triggers
}


def match_widget(text: str) -> str | None:
    """Block text -> the widget kind whose vocabulary matches all of it, or None."""
    if len(text) > MAX_WIDGET_CHARS:
        return None
    return _match_remembered(text.strip())


def reset_widget_cache() -> None:
    """Forget remembered verdicts (benchmarks time each pass from a cold start)."""
    _match_remembered.cache_clear()


# Menu entries, share buttons and counters, but also newsletter boxes, disclaimers and
# copyright lines, repeat across the pages of one site: verdicts are remembered.
@lru_cache(maxsize=16384)
def _match_remembered(text: str) -> str | None:
    """Stripped block text -> widget kind or None (memoised)."""
    return _match(text)


def _find_triggers(text: str) -> dict[str, list[int]]:
    """Block text -> the kinds whose triggers it holds, with the triggers' offsets."""
    hits: dict[str, list[int]] = {}
    for found in _TRIGGER_TRIE.finditer(text.lower() + "\0"):
        for kind in _TRIGGER_KINDS[found.group()]:
            hits.setdefault(kind, []).append(found.start())
    return hits


def _match(text: str) -> str | None:
    """Stripped block text -> widget kind or None."""
    size = len(text)
    shortest = 0
    for tier in _LENGTH_TIERS:
        if size <= tier:
            break
        shortest = tier
    alternation = _alternation(start_key(text), shortest)
    match = alternation.fullmatch(text) if alternation is not None else None
    kind = _GROUP_TO_KIND[match.lastgroup] if match and match.lastgroup else None
    rank = _KIND_ORDER[kind] if kind else len(_KIND_ORDER)
    hits: dict[str, list[int]] | None = None  # kind -> where its triggers occur
    for search_rank, longest, search in _SEARCH_ORDER:
        if search_rank >= rank:
            break  # a kind found earlier outranks every search left
        if size > longest:
            continue
        if hits is None:
            hits = _find_triggers(text)
        if not hits:
            break
        places = hits.get(search.kind)
        if places is None:
            continue
        # The phrase starts within `before` characters and ends within `after` of the
        # end, so only this window of the block can hold it (and its trigger).
        first_start = max(0, size - search.after - search.width)
        last_start = search.before + search.width
        if not any(first_start <= at < last_start for at in places):
            continue
        for found in search.keywords.finditer(text, first_start):
            if found.start() > search.before:
                break
            if size - found.end() <= search.after:
                kind, rank = search.kind, search.rank
                break
    return kind
