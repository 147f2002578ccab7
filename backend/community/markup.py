"""Markdown for community posts: rendered with `markdown`, then sanitised with `nh3`.

Members write Markdown, and Markdown lets raw HTML through, so the rendered HTML is never
trusted: nh3 keeps an allow-list of tags and attributes (no script, style, iframe, image,
form or `on*` attribute survives; only http, https and mailto links) and gives every link
rel="nofollow noopener". The sanitised HTML is stored beside the source, so reads never
render.
"""

from __future__ import annotations

import re

import markdown
import nh3

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "strong",
        "b",
        "em",
        "i",
        "del",
        "s",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "h3",
        "h4",
        "h5",
        "h6",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"

_EXTENSIONS = ["fenced_code", "tables", "sane_lists"]
# What makes a post "contain a link" for the new-member approval rule: an address in the
# source (even one Markdown would not turn into a link) or a link in the rendered HTML.
_LINK_IN_SOURCE = re.compile(r"https?://|www\.|\bmailto:", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


def render(source: str) -> str:
    """Safe HTML for a Markdown source: render, then sanitise with the allow-list."""
    html = markdown.markdown(source, extensions=_EXTENSIONS, output_format="html")
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()


def plain_text(html: str) -> str:
    """The visible text of sanitised HTML, on one line (for excerpts and emptiness checks)."""
    text = _TAG.sub(" ", html)
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'")):
        text = text.replace(entity, char)
    return _SPACES.sub(" ", text.replace("&amp;", "&")).strip()


def excerpt(html: str, length: int = 200) -> str:
    text = plain_text(html)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def has_link(source: str, html: str) -> bool:
    return bool(_LINK_IN_SOURCE.search(source)) or "<a " in html


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def escape(text: str) -> str:
    """Plain text (a horse's or a player's name) made safe to drop into Markdown."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text).replace("<", "&lt;")
