"""config/markdown.py: hostile Markdown renders harmless; ordinary Markdown renders well."""

import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest

from config.markdown import render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "text <script>alert(1)</script> inline",
    '<img src=x onerror="alert(1)">',
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1)  )",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    "![img](data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+)",
    "[click](jav&#x09;ascript:alert(1))",
    "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[click](&#x6A;avascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](java%0ascript:alert(1))",
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "[ref]\n\n[ref]: javascript:alert(1)",
    '[ref][x]\n\n[x]: javascript:alert(1) "title"',
    "![ref][x]\n\n[x]: data:image/png;base64,AAAA",
    "<div>\n<script>alert(1)</script>\n</div>",
    "<iframe src=https://evil.example></iframe>",
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<a href="javascript:alert(1)">raw link</a>',
    "<object data=evil.swf></object><embed src=evil.swf>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    "<!-- <script>alert(1)</script> -->",
    "`<script>` in code is text",
    "```html\n<script>alert(1)</script>\n```",
    "| a | b |\n|:-:|--:|\n| <script>x</script> | [y](javascript:z) |",
    '[x](https://ok.example "title\\" onmouseover=\\"alert(1)")',
    '[x](https://ok.example/" onclick="alert(1))',
    "*<img src=x onerror=alert(1)>*",
    "> <form action=javascript:alert(1)><input type=submit></form>",
    "NUL\x00byte <script>alert(1)</script>\x00",
    "\x00[click](java\x00script:alert(1))",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "[a](javascript&colon;alert(1))",
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    "<style>body{background:red}</style>",
    ("<script>" * 2000) + ("[x](javascript:alert(1)) " * 2000),
]

FORBIDDEN_TAGS = {
    "script", "iframe", "svg", "math", "object", "embed", "form", "input", "style", "base",
    "meta", "link", "body", "div",
}  # fmt: skip


class Elements(HTMLParser):
    """The elements and attributes a browser would build from the HTML."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def scheme(url: str) -> str:
    """The scheme read loosely: entities and escapes decoded, whitespace and controls dropped
    ("" for a relative URL: a scheme is a letter, then letters, digits, + . or -)."""
    url = re.sub(r"[\x00-\x20\x7f]", "", unquote(unescape(url))).lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", url)
    return match[1] if match else ""


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_markdown_renders_harmless(text, settings):
    settings.SITE_URL = "https://lab.example.org"
    html = render_markdown(text)
    lowered = html.lower()
    for tag in ("<script", "<iframe", "<svg", "<object", "<embed", "<style", "<form"):
        assert tag not in lowered
    assert "\x00" not in html
    for tag, attrs in Elements(html).elements:
        assert tag not in FORBIDDEN_TAGS
        assert not any(re.match(r"on\w+", name) for name in attrs)
        for name in ("href", "src"):
            if name in attrs:
                assert scheme(attrs[name]) in {"", "http", "https", "mailto"}
        if "style" in attrs:
            assert tag in {"th", "td"}
            assert re.fullmatch(r"text-align:\s*(left|right|center);?", attrs["style"])


def test_there_are_at_least_thirty_hostile_inputs():
    assert len(HOSTILE) >= 30


def test_a_javascript_autolink_stays_text():
    html = render_markdown("<javascript:alert(1)>")
    assert "<a" not in html


def test_headings_move_under_the_page_title():
    html = render_markdown("# One\n\n## Two\n\n###### Six")
    assert "<h2>One</h2>" in html and "<h3>Two</h3>" in html and "<h6>Six</h6>" in html
    assert "<h1" not in html
    assert "<h4>One</h4>" in render_markdown("# One", top_heading=4)


def test_a_text_whose_headings_start_at_two_hashes_does_not_skip_a_level():
    html = render_markdown("## What we look for\n\n### Skills", top_heading=2)
    assert "<h2>What we look for</h2>" in html and "<h3>Skills</h3>" in html


def test_links_get_noopener_and_nofollow_when_they_leave_the_site(settings):
    settings.SITE_URL = "https://lab.example.org"
    html = render_markdown(
        "[ours](https://lab.example.org/people/) [theirs](https://other.example/) [rel](/papers/)"
    )
    assert '<a href="https://lab.example.org/people/" rel="noopener">ours</a>' in html
    assert '<a href="https://other.example/" rel="noopener nofollow">theirs</a>' in html
    assert '<a href="/papers/" rel="noopener">rel</a>' in html


def test_mailto_links_and_images_over_https_survive():
    html = render_markdown("[mail](mailto:lab@example.org) ![a cat](https://img.example/c.png)")
    assert 'href="mailto:lab@example.org"' in html
    assert '<img src="https://img.example/c.png" alt="a cat">' in html


def test_tables_render_with_their_alignment():
    html = render_markdown("| a | b |\n|:-:|--:|\n| 1 | 2 |")
    assert "<table>" in html and "<thead>" in html and "<tbody>" in html
    assert '<th style="text-align:center">a</th>' in html
    assert '<td style="text-align:right">2</td>' in html


def test_code_blocks_keep_their_text_escaped():
    html = render_markdown("```\nif a < b: print('<b>')\n```\n\nand `x <y>` inline")
    assert "<pre><code>if a &lt; b: print('&lt;b&gt;')\n</code></pre>" in html
    assert "<code>x &lt;y&gt;</code>" in html


def test_math_is_kept_as_written_for_katex():
    html = render_markdown("Let $a*b*c$ and $$x_1 * y_2$$ hold.")
    assert "$a*b*c$" in html
    assert "$$x_1 * y_2$$" in html
    assert "<em>" not in html


def test_emphasis_lists_quotes_and_strikethrough_render():
    html = render_markdown("*em* **strong** ~~gone~~\n\n- one\n- two\n\n3. three\n\n> quoted")
    assert "<em>em</em>" in html and "<strong>strong</strong>" in html
    assert "<s>gone</s>" in html
    assert "<ul>" in html and '<ol start="3">' in html
    assert "<blockquote>" in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


@pytest.mark.parametrize(
    "text",
    ["[x](jav&#x09;ascript:alert(1))", "[x](java%0ascript:alert(1))", "[x](JAVASCRIPT:a)"],
)
def test_an_obfuscated_script_link_stays_text(text):
    assert "<a" not in render_markdown(text)
