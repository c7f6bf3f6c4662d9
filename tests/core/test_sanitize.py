import re

import pytest

from tickertape.sanitize import cap_depth, clean_text_value, sanitize_html, strip_controls


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<p>x<script>alert(1)</script></p>", "<script"),
        ('<p onclick="alert(1)">x</p>', "onclick"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<a href="jav&#x09;ascript:alert(1)">x</a>', "ascript:"),
        ('<a href=" JaVaScRiPt:alert(1)">x</a>', "alert"),
        ('<a href="vbscript:msgbox(1)">x</a>', "vbscript"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
        ("<svg><script>alert(1)</script></svg>", "<svg"),
        ("<math><mi xlink:href='javascript:1'>x</mi></math>", "<math"),
        ('<p style="background:url(javascript:alert(1))">x</p>', "style"),
        ("<style>p{}</style><p>x</p>", "<style"),
        ('<meta http-equiv="refresh" content="0;url=javascript:1">', "<meta"),
        ('<base href="https://evil.example/">', "<base"),
        ('<form action="https://evil.example"><input></form>', "<form"),
        ("<iframe src='https://evil.example'></iframe>", "<iframe"),
        ("<template><img src=x onerror=alert(1)></template>", "onerror"),
        ("<noscript><p title='</noscript><img src=x onerror=alert(1)>'></noscript>", "onerror"),
        ('<img src="x" onerror="alert(1)" alt="a">', "onerror"),
        ("<object data='x.swf'></object><embed src='x.swf'>", "<object"),
    ],
)
def test_executable_constructs_are_removed(dirty: str, forbidden: str) -> None:
    assert forbidden.lower() not in sanitize_html(dirty).lower()


@pytest.mark.parametrize(
    "html",
    [
        "<table><tbody><tr><th>Q3</th><td>1.2</td></tr></tbody></table>",
        "<blockquote><p>We are proud</p></blockquote>",
        "<ul><li>one</li><li>two</li></ul>",
        "<h2>Outlook</h2>",
        '<img src="https://cdn.example.com/chart.png" alt="Revenue chart">',
    ],
)
def test_story_structure_survives(html: str) -> None:
    assert sanitize_html(html) == html


def test_links_get_noopener() -> None:
    out = sanitize_html('<a href="https://example.com/x">x</a>')
    assert 'rel="noopener noreferrer"' in out


@pytest.mark.parametrize(
    "html",
    ['<img src="data:image/gif;base64,R0lGOD" alt="x">', '<img src="https://e.com/a.png">',
     '<img alt="no source">'],
)
def test_images_need_real_src_and_alt(html: str) -> None:
    assert "<img" not in sanitize_html(html)


def test_controls_stripped() -> None:
    assert strip_controls("a\x00b\x1bc\x85d\te\nf") == "abcd\te\nf"
    assert clean_text_value(" Jane \x07 Doe\n") == "Jane Doe"
    assert clean_text_value("\x00 ") is None


def test_deep_nesting_is_capped() -> None:
    deep = "<b>" * 50_000 + "text" + "</b>" * 50_000
    out = sanitize_html(deep)
    assert "text" in out
    assert out.count("<b>") <= 64


def test_cap_depth_keeps_shallow_html_unchanged() -> None:
    html = "<div><p>a</p><p>b<br>c</p></div>"
    assert cap_depth(html, 3) == html


@pytest.mark.parametrize(
    "value",
    ['Results <iframe srcdoc="<script>alert(1)</script>"></iframe>', "Jane <svg onload=alert(1)",
     "a <<b>script>alert(1)<</b>/script>"],
)
def test_text_values_cannot_open_a_tag(value: str) -> None:
    out = clean_text_value(value) or ""
    assert not re.search(r"<[A-Za-z/!?]", out)


@pytest.mark.parametrize(("value", "clean"), [
    ("<THE NATIONAL BANK OF NEW ZEALAND LTD>", "THE NATIONAL BANK OF NEW ZEALAND LTD"),
    ("BROWN-FORMAN INC <BFD> 4TH QTR NET", "BROWN-FORMAN INC BFD 4TH QTR NET"),
    ("Shares <b>jump</b> 5%", "Shares jump 5%"),
    ("Jane Doe<br/>Staff", "Jane Doe Staff"),
    ("<svg onload=alert(1)>Hi", "Hi"),
    ("<!-- x -->Markets", "Markets"),
])
def test_text_values_keep_bracketed_names_and_drop_markup(value: str, clean: str) -> None:
    assert clean_text_value(value) == clean


def test_text_values_keep_comparisons() -> None:
    assert clean_text_value("Revenue < forecast, 3 > 2") == "Revenue < forecast, 3 > 2"
