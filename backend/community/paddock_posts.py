"""Paddock's own posts (a round's thread, its debrief, a correction), written from facts
and read in each reader's language.

A post Paddock writes keeps, in `paddock_data`, the template and the facts it is written
from (names, numbers, dividends: never words of one language). `body` and `body_html`
hold the English text (what search and excerpts read); `html_in(post, lang)` gives the
text in the reader's language, rendered from the same facts, so no reader gets two
languages mixed.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

from backend.community import markup
from backend.community.models import Post, Topic

LANGUAGES = ("en", "fr")
DEFAULT = "en"
DISCIPLINES = {
    "ATTELE": _("Harness trot"),
    "MONTE": _("Mounted trot"),
    "PLAT": _("Flat"),
    "HAIES": _("Hurdles"),
    "STEEPLECHASE": _("Steeplechase"),
    "CROSS": _("Cross-country"),
}


def _in_language(value: Any, lang: str) -> Any:
    """A fact named in each language (`{"en": ..., "fr": ...}`) read in `lang`."""
    if isinstance(value, dict) and value and set(value) <= set(LANGUAGES):
        return value.get(lang) or value.get(DEFAULT, "")
    return value


def text_in(template: str, context: dict[str, Any], lang: str) -> str:
    """The Markdown of `template` written from `context` in `lang`; a fact given in each
    language (a season's name) is read in `lang`."""
    lang = lang if lang in LANGUAGES else DEFAULT
    context = {key: _in_language(value, lang) for key, value in context.items()}
    with translation.override(lang):
        code = context.get("discipline") or ""
        words = {
            "discipline_name": str(DISCIPLINES[code]) if code in DISCIPLINES else code,
            # 2,850 m in English, 2 850 m in French.
            "distance": formats.number_format(context["distance"], force_grouping=True)
            if context.get("distance")
            else "",
            # French puts a no-break space before the colon.
            "colon": "\u00a0: " if translation.get_language() == "fr" else ": ",
        }
        return render_to_string(template, {**context, **words}).strip()


def written(template: str, context: dict[str, Any]) -> dict[str, Any]:
    """The fields of a post Paddock writes: its English text and the facts behind it."""
    body = text_in(template, context, DEFAULT)
    return {
        "body": body,
        "body_html": markup.render(body),
        "paddock_data": {"template": template, "context": context},
    }


@lru_cache(maxsize=512)
def _html(template: str, context_json: str, lang: str) -> str:
    return markup.render(text_in(template, json.loads(context_json), lang))


def html_in(item: Topic | Post, lang: str) -> str:
    """The post's HTML in `lang`: Paddock's own posts are written again from their facts;
    players' posts are what they wrote."""
    data = item.paddock_data
    if not data or lang == DEFAULT or lang not in LANGUAGES:
        return item.body_html
    return _html(data["template"], json.dumps(data["context"], sort_keys=True), lang)
