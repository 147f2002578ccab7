"""Rendering: the layout's shared context and each kind's pair of templates (HTML + text).

Templates are compiled once per process by Django's cached loader; a Pair looks them up
once per chunk and renders them with plain dicts. Callers render under
translation.override(language), grouping recipients by language. A Pair made with
`stamped=True` renders each shape of its context once (see Stamp).
"""

from __future__ import annotations

import functools
import re
from html import escape as html_escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.template import Context
from django.template.base import render_value_in_context
from django.template.loader import get_template
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import links
from .models import Topic

# The languages emails are written in; anything else gets English.
LANGUAGES = ("en", "fr")

# Stand-ins for what differs between two messages of one layout (see Layout).
_SUBJECT = "\ue000subject\ue000"
_PREHEADER = "\ue000preheader\ue000"
_UNSUBSCRIBE = "\ue000unsubscribe\ue000"
_CONTENT = "\ue000content\ue000"


class Layout:
    """The shared frame (base.html/.txt) around every email's content.

    Rendered once per language, footer reason and transactional-or-not, with stand-ins
    for the subject, preheader, unsubscribe link and content, which each message then
    fills by plain string replacement: the frame's tags and translations run once per
    chunk, not once per player.
    """

    def __init__(self) -> None:
        self.html = get_template("notifications/email/base.html")
        self.text = get_template("notifications/email/base.txt")
        self.frames: dict[tuple[Any, ...], tuple[str, str]] = {}

    def frame(self, context: dict[str, Any]) -> tuple[str, str]:
        key = (
            context["lang"],
            context["reason"],
            bool(context["unsubscribe_url"]),
            context["site_url"],
        )
        if key not in self.frames:
            stand_ins = {
                **context,
                "subject": _SUBJECT,
                "preheader": _PREHEADER,
                "unsubscribe_url": _UNSUBSCRIBE if context["unsubscribe_url"] else "",
                "content": _CONTENT,
            }
            self.frames[key] = (self.html.render(stand_ins), self.text.render(stand_ins))
        return self.frames[key]

    def wrap(self, context: dict[str, Any], html: str, text: str) -> tuple[str, str]:
        frame_html, frame_text = self.frame(context)
        url = context["unsubscribe_url"]
        full_html = (
            frame_html.replace(_SUBJECT, escape(context["subject"]))
            .replace(_PREHEADER, escape(context["preheader"]))
            .replace(_UNSUBSCRIBE, escape(url))
            .replace(_CONTENT, html.strip())
        )
        full_text = (
            frame_text.replace(_SUBJECT, context["subject"])
            .replace(_PREHEADER, context["preheader"])
            .replace(_UNSUBSCRIBE, url)
            .replace(_CONTENT, text.strip("\n") + "\n")
        )
        return full_html, full_text


# A stamp's stand-in for the n-th value of a context.
_MARK = "\ue001{}\ue002"
_MARKED = re.compile("\ue001(\\d+)\ue002")


class Stamp:
    """One content template rendered once per *shape* of its context, then filled.

    The shape of a context is everything a template decides on: its keys, the length of
    its lists, its booleans and None, which strings are empty and which numbers are 0.
    Each other value (a name, a rank, a URL…) is replaced by a stand-in; the template is
    rendered once per shape and language with the stand-ins, and each message fills them
    with its values, rendered as the template would have rendered them (escaped in HTML,
    localized, as `{{ value }}` and blocktranslate do). So the few shapes of a chunk cost a
    template render each, and each message a walk of its context and a join.

    Only for templates that use their values as they are: printed, or tested for being
    empty; never through a filter or a comparison (the results email; its tests render
    every message both ways and compare).
    """

    def __init__(self, html: Any, text: Any) -> None:
        self.parts = ((html, Context(autoescape=True)), (text, Context(autoescape=False)))
        # Per shape and part: the rendering cut at its stand-ins, literal text first, then
        # (value index, the literal text after it) for each stand-in.
        self.rendered: dict[tuple[Any, ...], tuple[str, list[tuple[int, str]]]] = {}

    def render(
        self, context: dict[str, Any], split: dict[str, tuple[Any, Any]] | None = None
    ) -> tuple[str, str]:
        """(html, text) of `context`, `split` giving values that differ per part."""
        values: list[Any] = []
        shape: list[Any] = [translation.get_language()]
        stand_ins = _stand_in(context, values, shape)
        out = []
        for index, (template, part) in enumerate(self.parts):
            key = (index, *shape)
            part_in = stand_ins
            if split:
                extra: list[Any] = []
                part_in = dict(stand_ins)
                for name, both in split.items():
                    part_in[name] = _stand_in(both[index], values, extra)
                key = (*key, tuple(split), *extra)
            rendered = self.rendered.get(key)
            if rendered is None:
                pieces = _MARKED.split(template.render(part_in))
                rendered = self.rendered[key] = (
                    pieces[0],
                    [(int(i), text) for i, text in zip(pieces[1::2], pieces[2::2], strict=True)],
                )
            head, rest = rendered
            filled = [head]
            for at, text in rest:
                filled.append(_printed(values[at], part))
                filled.append(text)
            out.append("".join(filled))
        return out[0], out[1]


def _printed(value: Any, context: Context) -> str:
    """`value` as `{{ value }}` prints it (render_value_in_context); plain strings and ints
    without the detour: escaped as django.utils.html.escape does, or as they are."""
    kind = type(value)
    if kind is str:
        return html_escape(value) if context.autoescape else value
    if kind is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)  # what localize() makes of an int without grouping
    return str(render_value_in_context(value, context))


# What a value printed through a stand-in adds to the shape (never equal to a value kept).
_PRINTED = "\ue001"


def _stand_in(value: Any, values: list[Any], shape: list[Any]) -> Any:
    """`value` with a stand-in for each value a template only prints, which go to `values`;
    what the template may decide on goes to `shape`."""
    kind = type(value)
    if kind is str or kind is int or kind is SafeString:
        if not value:
            shape.append(value)
            return value
        shape.append(_PRINTED)
        values.append(value)
        return _MARK.format(len(values) - 1)
    if kind is dict:
        shape.append(tuple(value))
        return {key: _stand_in(item, values, shape) for key, item in value.items()}
    if kind is list or kind is tuple:
        shape.append(len(value))
        return [_stand_in(item, values, shape) for item in value]
    if value is None or kind is bool:
        shape.append(value)
        return value
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        if not value:
            shape.append(value)
            return value
        shape.append(_PRINTED)
        values.append(value)
        return _MARK.format(len(values) - 1)
    raise TypeError(f"a stamped template cannot take {type(value).__name__} values")


class Pair:
    """The HTML and plain-text content templates of one kind (notifications/email/
    <name>.html|txt), and the layout they go in."""

    def __init__(self, name: str, layout: Layout | None = None, *, stamped: bool = False) -> None:
        self.html = get_template(f"notifications/email/{name}.html")
        self.text = get_template(f"notifications/email/{name}.txt")
        self.stamp = Stamp(self.html, self.text) if stamped else None
        self.layout = layout or Layout()

    def render(
        self, context: dict[str, Any], split: dict[str, tuple[Any, Any]] | None = None
    ) -> tuple[str, str]:
        """(html, text) in the layout; `split` gives values that differ per format:
        name -> (html value, text value). `context` includes base_context()."""
        if self.stamp is not None:
            html, text = self.stamp.render(context, split)
        elif split:
            html = self.html.render({**context, **{k: v[0] for k, v in split.items()}})
            text = self.text.render({**context, **{k: v[1] for k, v in split.items()}})
        else:
            html, text = self.html.render(context), self.text.render(context)
        return self.layout.wrap(context, html, text)

    def render_content(self, context: dict[str, Any]) -> tuple[str, str]:
        """The content alone (a fragment shared by many messages)."""
        return self.html.render(context), self.text.render(context)


def email_language(code: str | None) -> str:
    """The language to email someone whose language is `code`: ours, else English."""
    return code if code is not None and code in LANGUAGES else "en"


def base_context(
    *, subject: str, preheader: str = "", unsubscribe_url: str = "", reason: str = ""
) -> dict[str, Any]:
    """What the layout needs: language, site, subject, why you get it, how to stop it."""
    return {
        **_site_context(translation.get_language() or settings.LANGUAGE_CODE, settings.SITE_URL),
        "subject": subject,
        "preheader": preheader,
        "unsubscribe_url": unsubscribe_url,
        "reason": reason,
    }


@functools.lru_cache(maxsize=32)
def _site_context(language: str, site_url: str) -> dict[str, str]:
    """The layout's context every message in `language` (the active one) shares: made once
    per language and site, not once per message (a chunk writes hundreds). Copied by the
    caller, never changed."""
    return {
        "lang": language,
        "site_url": site_url,
        "site_host": urlsplit(site_url).netloc,
        "preferences_url": links.preferences_url(),
        # "Label: value" in the text parts; French puts a space before the colon.
        "colon": _(": "),
    }


# The footer's "why you get this" of each topic (translated when used).
_REASONS = {
    Topic.ROUND_OPEN: gettext_noop(
        "You receive this email because round announcements are on in your Paddock "
        "email preferences."
    ),
    Topic.REMINDERS: gettext_noop(
        "You receive this email because pick reminders are on in your Paddock email preferences."
    ),
    Topic.RESULTS: gettext_noop(
        "You receive this email because results emails are on in your Paddock email preferences."
    ),
    Topic.COMMUNITY_DIGEST: gettext_noop(
        "You receive this email because you turned on the community digest in your "
        "Paddock email preferences."
    ),
}


def reason_for(topic: str) -> str:
    """The footer's "why you get this", in the active language."""
    return _reason(str(topic), translation.get_language() or settings.LANGUAGE_CODE)


@functools.lru_cache(maxsize=64)
def _reason(topic: str, language: str) -> str:
    """`topic`'s reason translated in `language`, the active one (once per pair)."""
    reason = _REASONS.get(Topic(topic))
    return _(reason) if reason else ""


def subject_line(text: str) -> str:
    """One line, no surrounding blanks: header-safe."""
    return " ".join(text.split())


def warm_up() -> None:
    """Load what a process's first email would otherwise load on its way, for a worker to
    call as it starts (the `worker_init` receiver) rather than in its first task: the URLconf
    (emails reverse their unsubscribe link), every email template, compiled by the cached
    loader, and each language's catalog. No database, no network."""
    links.unsubscribe_url("warm-up")
    folder = Path(__file__).with_name("templates") / "notifications" / "email"
    for template in sorted(folder.iterdir()):
        get_template(f"notifications/email/{template.name}")
    for language in LANGUAGES:
        with translation.override(language):
            _(": ")
