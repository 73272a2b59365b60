"""Body text as HTML: Markdown rendered by markdown-it-py, then cleaned by
nh3's allow-list (ammonia), so that neither Markdown nor raw HTML in it can
carry a script, an event handler, a `javascript:` or `data:` address or a
style. Images and files are inserted by reference (an address on this site
or elsewhere), never as bytes in the text."""

import functools

import nh3
from markdown_it import MarkdownIt

_MARKDOWN = MarkdownIt("commonmark", {"html": True, "linkify": False}).enable("table")


def _heading_below_title(renderer, tokens, index, options, env):
    # The item's title is the page's only <h1>: a "# heading" in the body
    # becomes an <h2>, like "## heading".
    token = tokens[index]
    if token.tag == "h1":
        token.tag = "h2"
    return renderer.renderToken(tokens, index, options, env)


_MARKDOWN.add_render_rule("heading_open", _heading_below_title)
_MARKDOWN.add_render_rule("heading_close", _heading_below_title)

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "li", "ol", "p", "pre", "s", "small", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title", "hreflang", "lang"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "*": {"lang"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_markdown(text):
    """Safe HTML for `text` (Markdown, possibly with HTML in it)."""
    return clean_html(_MARKDOWN.render(text or ""))


@functools.lru_cache(maxsize=256)
def render_cached(text):
    """render_markdown, remembered: for the texts every page shows (the
    site's contact details), which change only when an administrator edits
    them."""
    return render_markdown(text)


def clean_html(html):
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
