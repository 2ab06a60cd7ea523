"""Markdown written by editors and members, rendered once to safe HTML.

CommonMark (markdown-it-py) with raw HTML switched off, then an allow-list sanitiser (nh3):
whatever the text holds, only the tags, attributes and URL schemes below survive. Links get
rel="noopener" (and "nofollow" when they leave this site); headings move under the page's own
<h1>; `$...$` math is left as text for the site's KaTeX. Models keep the result in a field
computed on save, so no page renders Markdown per request.
"""

import re
from html import unescape
from urllib.parse import unquote, urlsplit

import nh3
from django.conf import settings
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "em", "strong", "del", "s", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"style"},
    "td": {"style"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# A body is text for a page, not a document: anything longer is refused by the forms.
MAX_LENGTH = 100_000


def _math(state, silent: bool) -> bool:
    """`$...$` and `$$...$$` stay as written (no emphasis inside), for KaTeX in the browser."""
    start = state.pos
    if state.src[start] != "$":
        return False
    delimiter = "$$" if state.src.startswith("$$", start) else "$"
    end = state.src.find(delimiter, start + len(delimiter))
    if end <= start + len(delimiter):
        return False
    if not silent:
        state.push("text", "", 0).content = state.src[start : end + len(delimiter)]
    state.pos = end + len(delimiter)
    return True


def _allowed_link(url: str) -> bool:
    """A link or image URL whose scheme, read as loosely as any browser or mail client might
    (entities and percent-escapes decoded, whitespace and controls dropped), is allowed;
    relative URLs are. A refused link stays text."""
    loose = re.sub(r"[\x00-\x20\x7f]", "", unquote(unescape(url))).lower()
    scheme = re.match(r"([a-z][a-z0-9+.-]*):", loose)
    return scheme is None or scheme[1] in URL_SCHEMES


_parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_parser.inline.ruler.before("emphasis", "math", _math)
_parser.validateLink = _allowed_link


def render_markdown(text: str, *, top_heading: int = 2) -> str:
    """Safe HTML for Markdown text; the text's highest heading (`#`, or `##` when the text
    has no `#`) becomes <h{top_heading}>, the others follow it (at most <h6>)."""
    tokens = _parser.parse(text or "")
    # Relative, so that a text starting at `##` does not skip a level under the page's <h1>.
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    shift = top_heading - min(levels, default=1)
    for token in tokens:
        if token.type in {"heading_open", "heading_close"}:
            level = min(int(token.tag[1]) + shift, 6)
            token.tag = f"h{level}"
        for child in token.children or []:
            if child.type == "link_open":
                child.attrSet("rel", _rel(str(child.attrGet("href") or "")))
    html = _parser.renderer.render(tokens, _parser.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        filter_style_properties={"text-align"},
        strip_comments=True,
    ).strip()


def _rel(href: str) -> str:
    """noopener always; nofollow too when the link leaves this site."""
    host = urlsplit(href).hostname
    own = urlsplit(settings.SITE_URL).hostname
    return "noopener nofollow" if host and host != own else "noopener"
