"""Widget vocabulary: whole short blocks match their kind, story sentences never do."""

from __future__ import annotations

import pytest

from tickertape.widgets import WIDGET_KINDS, match_widget


@pytest.mark.parametrize(
    "text,kind",
    [
        ("3870Views", "counter"),
        ("0Comments", "counter"),
        ("12 shares", "counter"),
        ("5 min read", "counter"),
        ("Views: 1,204", "counter"),
        ("Recommend to Friends", "share"),
        ("facebook", "share"),
        ("google plus", "share"),
        ("Share this on WhatsApp", "share"),
        ("Facebook Twitter LinkedIn Email", "share"),
        ("Compartilhe", "share"),
        ("Sign Up for Weekly Updates", "newsletter"),
        ("Opt-into our eNewsletter NOW! For the Latest Trending Financial News!", "newsletter"),
        ("Enter your email address", "newsletter"),
        ("Get breaking news alerts delivered to your inbox.", "newsletter"),
        ("Related Posts", "related"),
        ("You may also like", "related"),
        ("More from Markets", "related"),
        ("Leia também", "related"),
        ("Читайте также", "related"),
        ("Você pode gostar...", "related"),
        ("Вам также может быть интересно", "related"),
        ("Vous aimerez aussi", "related"),
        ("Tags: earnings, banks, Europe", "related"),
        ("There is no comment on this article", "comments"),
        ("Leave a Reply", "comments"),
        ("Top Rated Comments", "comments"),
        ("Your email address will not be published. Required fields are marked *", "comments"),
        ("Deixe uma resposta Cancelar resposta", "comments"),
        ("Комментарии", "comments"),
        ("Advertisement", "promo"),
        ("Story continues below advertisement", "promo"),
        ("Follow us on Twitter", "promo"),
        ("Disclaimer: The author holds no position in the stocks mentioned.", "disclaimer"),
        ("© 2019 Example Media Inc. All Rights Reserved.", "copyright"),
        ("Copyright 2020 Example News", "copyright"),
        ("무단전재 및 재배포 금지", "copyright"),
        ("We use cookies to improve your experience on our site.", "cookie"),
        ("Accept all cookies", "cookie"),
        ("To continue reading, subscribe now.", "paywall"),
        ("Already a subscriber? Sign in", "paywall"),
        ("About the Author", "author-box"),
        ("Sobre Carlos Nadalim", "author-box"),
        ("Skip to content", "navigation"),
        ("Back to top", "navigation"),
        ("Share to LinkedInLinkedInShare to FacebookFacebookShare to EmailEmail", "share"),
        ("Sharing is caring!", "share"),
        ("Like this story? Share it with a friend!", "share"),
        ("No spam, we promise. You can unsubscribe at any time.", "newsletter"),
        ("Subscribe to Example Weekly on YouTube", "newsletter"),
        ("More Great Example Stories", "related"),
        ("Next Up In Science & Health", "related"),
        ("Read more: Oil slides as stocks build up", "related"),
        ("Материалы по теме", "related"),
        ("View the discussion thread.", "comments"),
        ("Note: comments that insult other readers will not be approved by the moderator.",
         "comments"),
        ("ATENÇÃO: Comentários ofensivos não serão aprovados pelo moderador.", "comments"),
        ("Clique na foto e veja todas as colunas do autor.", "promo"),
        ("Advert", "promo"),
        ("Follow the Example Opinion section on Facebook and Twitter.", "promo"),
        ("This slideshow requires JavaScript.", "promo"),
        ("Get Example Monthly delivered every month. 12 issues for £11.99.", "promo"),
        ("Photograph: Jane Doe/Getty Images", "caption"),
        ("A trader works on the floor of the exchange. (AP Photo/Jane Doe, File)", "caption"),
        ("Jane Doe | Bloomberg | Getty Images", "caption"),
        ("In this Sunday, June 7, 2020, photo, a row of unsold cars sits at a dealership.",
         "caption"),
        ("In this photo issued by the broadcaster, the two leaders shake hands.", "caption"),
        ("A cross-section of the module, showing the crew quarters. Credit: Example Agency",
         "caption"),
        ("Image 1 of 9", "caption"),
        ("Jane Doe Submitted photo", "caption"),
        ("Courtesy of Jane Doe", "caption"),
        ("a man holding a sign: Protesters gather outside the exchange on Monday.", "caption"),
        ("1 / 9", "caption"),
        ("Back to Gallery", "caption"),
        ("Citation: Robots fill the warehouses (2020, June 3) retrieved 4 June 2020 from "
         "https://example.org/news/robots", "credits"),
        ("Explore further", "related"),
        ("On Example.com: Oil slides as stocks build up", "related"),
        ("Follow Example News' full coverage of the election at https://example.com/vote",
         "promo"),
        ("If you buy something through this post, we may get a share of the sale.", "disclaimer"),
        ("(Reporting by Jane Doe; Editing by John Roe)", "credits"),
        ("John Roe contributed reporting from Hong Kong.", "credits"),
        ("Jane Doe is a senior markets reporter for Example News, covering banks.", "credits"),
        ("Tags Example Bank Interest Rates", "related"),
        ("Twitter post by @example: Rates are on hold again this month", "promo"),
        ("Report", "navigation"),
        ("This release contains forward-looking statements that involve risks.", "disclaimer"),
        ("Media Contact: Jane Doe, +1 555 0100", "credits"),
        ("SOURCE Example Holdings Inc.", "credits"),
        ("This material may not be published, broadcast, rewritten or redistributed.",
         "copyright"),
    ],
)
def test_widget_blocks_match_their_kind(text: str, kind: str) -> None:
    assert match_widget(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "William Kim",
        "The company said in its newsletter that profits rose by a tenth.",
        "Shares rose after the bank said it would share more of its profits with investors.",
        "Comments from the chief executive lifted the stock in late trading.",
        "He told reporters there was no comment on the deal from the board.",
        "Photo © AFP",
        "Advertising revenue fell 4 percent in the quarter, the company said.",
        "About Apple stock and the week ahead",
        "Related companies in the sector also gained on the news.",
        "The views of the committee were split on the question of rates.",
        "The minister resigned on Friday, according to Reuters.",
        "Die elektronische Patientenakte (ePA)",
        "Investors who subscribe to the new shares will get a discount.",
        "More than half of the stories were false.",
        "The company said its contact with regulators was constructive.",
        "Source of the problem was unclear.",
        "In this market, a photo finish between the two bidders is likely.",
        "A man holding a sign said: we want our jobs back.",
        "The moderator of the debate said comments from the audience were welcome.",
        "Staff were told the photos would be used in the annual report.",
        "The bank cut its credit: lending to small firms fell by a fifth.",
        "Find out more about the plan, the minister said, at a briefing next week.",
        "",
    ],
)
def test_story_sentences_are_not_widgets(text: str) -> None:
    assert match_widget(text) is None


def test_every_kind_has_vocabulary() -> None:
    assert {"counter", "share", "newsletter", "related", "comments", "promo", "disclaimer",
            "cookie", "paywall"} <= set(WIDGET_KINDS)
    assert all(WIDGET_KINDS[k] for k in WIDGET_KINDS)


def test_long_blocks_are_never_widgets() -> None:
    assert match_widget("Share this article. " * 60) is None
