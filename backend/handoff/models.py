"""The responsible hand-off to real betting: partners, notices, player controls, clicks.

Nothing here decides who may see a betting offer: `selectors.offers` does, and every
endpoint and email goes through it.
"""

from __future__ import annotations

import re
import secrets
import string
import uuid
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import is_country_code

# What a partner's URL template may contain, and what each placeholder becomes.
TEMPLATE_PLACEHOLDERS = {
    "date": "the race day, YYYY-MM-DD",
    "date_pmu": "the race day, DDMMYYYY (PMU style)",
    "meeting": "the meeting (R) number",
    "race": "the race (C) number",
    "runner": "the runner's saddle number",
    "bet_kind": "the partner's code for the bet kind (bet_kind_codes)",
}
# What a campaign parameter's value may contain.
CAMPAIGN_PLACEHOLDERS = {
    "round_id": "the round's id",
    "page": "pick or results",
    "bet_kind": "win or place",
    "click_id": "the click's public id, which the partner sends back in its postback",
    "partner": "the partner's slug",
}
DEFAULT_BET_KIND_CODES = {"win": "E_SIMPLE_GAGNANT", "place": "E_SIMPLE_PLACE"}
DEFAULT_CAMPAIGN_PARAMS = {
    "utm_source": "paddock",
    "utm_medium": "game",
    "utm_campaign": "round-{round_id}",
    "utm_content": "{page}-{bet_kind}",
    "paddock_click": "{click_id}",
}
DEFAULT_MINIMUM_AGE = 18

# A DNS host name with an optional port: no user info, no placeholder, nothing to reinterpret.
HOST_RE = re.compile(
    r"^(?=.{1,253}(?::\d{1,5})?$)"
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?$"
)
CODE_RE = re.compile(r"^[A-Za-z0-9_.~-]{1,40}$")
PARAM_NAME_RE = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")


def new_postback_secret() -> str:
    return secrets.token_hex(32)


def template_fields(text: str) -> list[str]:
    """The placeholder names of a str.format template; refuses anything but plain `{name}`.

    Format specs, conversions and attribute/index access (`{runner.__class__}`) are refused:
    the template is filled with str.format, so only bare names are safe to allow.
    """
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise ValidationError(
            _("Unbalanced braces: %(error)s.") % {"error": exc}, code="template_syntax"
        ) from exc
    names = []
    for _literal, field_name, format_spec, conversion in parsed:
        if field_name is None:
            continue
        if format_spec or conversion or not field_name.isidentifier():
            raise ValidationError(
                _("Placeholder %(placeholder)s must be a bare name.")
                % {"placeholder": f"{{{field_name}}}"},
                code="template_syntax",
            )
        names.append(field_name)
    return names


def validate_url_template(value: str) -> None:
    """An https URL whose scheme and host are written out; placeholders only after the host.

    Keeping the host out of reach of every placeholder is what makes the redirect safe:
    whatever goes into {runner} or {bet_kind}, the browser lands on the partner's host.
    """
    unknown = sorted(set(template_fields(value)) - set(TEMPLATE_PLACEHOLDERS))
    if unknown:
        raise ValidationError(
            _("Unknown placeholder(s): %(names)s. Allowed: %(allowed)s."),
            code="template_placeholder",
            params={"names": ", ".join(unknown), "allowed": ", ".join(TEMPLATE_PLACEHOLDERS)},
        )
    if not value.startswith("https://"):
        raise ValidationError(_("The URL must start with https://."), code="template_scheme")
    parts = urlsplit(value)
    if "{" in parts.netloc or "}" in parts.netloc:
        raise ValidationError(
            _("Placeholders cannot appear in the host: write the partner's host out."),
            code="template_host",
        )
    if not HOST_RE.match(parts.netloc.lower()):
        raise ValidationError(
            _("The host %(host)s is not a plain host name."),
            code="template_host",
            params={"host": parts.netloc},
        )
    if any(ch.isspace() or ch == "\\" for ch in value):
        raise ValidationError(_("Spaces and backslashes are not allowed."), code="template_syntax")


def validate_countries(value: Any) -> None:
    if not isinstance(value, list) or not all(is_country_code(c) for c in value):
        raise ValidationError(_('A list of ISO 3166-1 alpha-2 codes, e.g. ["FR"].'))


def validate_age_overrides(value: Any) -> None:
    if not isinstance(value, dict) or not all(
        is_country_code(k) and isinstance(v, int) and 18 <= v <= 30 for k, v in value.items()
    ):
        raise ValidationError(_('A mapping of country to age (18 to 30), e.g. {"GB": 18}.'))


def validate_bet_kind_codes(value: Any) -> None:
    if not isinstance(value, dict) or set(value) != {"win", "place"}:
        raise ValidationError(
            _('Both "win" and "place" are required, e.g. %(example)s.')
            % {"example": DEFAULT_BET_KIND_CODES}
        )
    if not all(isinstance(v, str) and CODE_RE.match(v) for v in value.values()):
        raise ValidationError(_("Codes are letters, digits, '_', '.', '~' or '-' (40 at most)."))


def validate_campaign_params(value: Any) -> None:
    if not isinstance(value, dict):
        raise ValidationError(_('A mapping of parameter to value, e.g. {"utm_source": "paddock"}.'))
    for key, val in value.items():
        if not isinstance(key, str) or not PARAM_NAME_RE.match(key):
            raise ValidationError(_("Parameter name %(key)s is not allowed.") % {"key": repr(key)})
        if not isinstance(val, str) or len(val) > 200:
            raise ValidationError(
                _("The value of %(key)s must be a string (200 characters at most).") % {"key": key}
            )
        unknown = sorted(set(template_fields(val)) - set(CAMPAIGN_PLACEHOLDERS))
        if unknown:
            raise ValidationError(
                _("Unknown placeholder(s) in %(key)s: %(names)s. Allowed: %(allowed)s.")
                % {
                    "key": key,
                    "names": ", ".join(unknown),
                    "allowed": ", ".join(CAMPAIGN_PLACEHOLDERS),
                }
            )


class BettingPartner(models.Model):
    """A licensed operator players may be sent to, configured in the admin."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=40, unique=True)
    active = models.BooleanField(
        default=False, help_text="Inactive partners are never offered, whatever else is set."
    )
    priority = models.PositiveSmallIntegerField(
        default=100,
        help_text="When several active partners are shown in a country, the lowest wins.",
    )
    url_template = models.CharField(
        max_length=500,
        validators=[validate_url_template],
        help_text=(
            "https URL with the host written out. Placeholders: "
            + ", ".join(f"{{{k}}} ({v})" for k, v in TEMPLATE_PLACEHOLDERS.items())
            + "."
        ),
    )
    bet_kind_codes = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_bet_kind_codes],
        help_text=f"The partner's code for each bet kind. Default {DEFAULT_BET_KIND_CODES}.",
    )
    campaign_params = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_campaign_params],
        help_text=(
            "Query parameters added to every link, replacing those of the same name. Their "
            "values may contain " + ", ".join(f"{{{k}}}" for k in CAMPAIGN_PLACEHOLDERS) + "."
        ),
    )
    countries = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_countries],
        help_text='ISO-2 codes of the countries where this partner may be shown, e.g. ["FR"].',
    )
    minimum_age = models.PositiveSmallIntegerField(default=DEFAULT_MINIMUM_AGE)
    minimum_age_by_country = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_age_overrides],
        help_text='Optional per-country minimum age, e.g. {"US": 21}.',
    )
    postback_secret = models.CharField(
        max_length=128,
        default=new_postback_secret,
        help_text="Shared with the partner: signs (HMAC-SHA256) its conversion postbacks.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("priority", "id")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Validated at every save, not only in the admin form: no code path may store a
        # template whose host a placeholder could change.
        if not self.bet_kind_codes:
            self.bet_kind_codes = dict(DEFAULT_BET_KIND_CODES)
        self.full_clean()
        super().save(*args, **kwargs)

    def minimum_age_in(self, country: str) -> int:
        return int(self.minimum_age_by_country.get(country, self.minimum_age))

    def is_shown_in(self, country: str) -> bool:
        return country in self.countries


class ResponsibleGamblingNotice(models.Model):
    """What every betting offer shows in a country: a warning and where to get help.

    Where a regulator fixes the words (France), both texts are those words, letter for
    letter; `source` says which text fixes them.
    """

    country = models.CharField(max_length=2, unique=True, help_text="ISO 3166-1 alpha-2 code.")
    text_fr = models.TextField()
    text_en = models.TextField()
    helpline_name = models.CharField(max_length=120)
    helpline_url = models.URLField(blank=True, default="")
    helpline_phone = models.CharField(max_length=40, blank=True, default="")
    source = models.CharField(
        max_length=300,
        blank=True,
        default="",
        help_text="The legal text or code the wording comes from, e.g. arrêté du 29 juillet 2022.",
    )
    source_url = models.URLField(blank=True, default="", help_text="Where to read that source.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("country",)

    def __str__(self) -> str:
        return f"{self.country}: {self.helpline_name}"

    def clean(self) -> None:
        if not is_country_code(self.country):
            raise ValidationError({"country": _("An ISO 3166-1 alpha-2 code, e.g. FR.")})
        if not (self.helpline_url or self.helpline_phone):
            raise ValidationError(_("Give the helpline's URL, its phone number, or both."))

    def text_in(self, language: str) -> str:
        return self.text_fr if language == "fr" else self.text_en


class BettingPreference(models.Model):
    """A player's own controls over betting offers. No row means the defaults."""

    player = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="betting_preference"
    )
    offers_enabled = models.BooleanField(default=True)
    self_excluded_until = models.DateTimeField(null=True, blank=True)
    self_excluded_at = models.DateTimeField(
        null=True, blank=True, help_text="When the player last started or extended it."
    )
    break_until = models.DateTimeField(
        null=True, blank=True, help_text="A short break from betting offers ends then."
    )
    break_started_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Betting preference of {self.player_id}"

    def is_self_excluded(self, *, now: datetime | None = None) -> bool:
        moment = now or timezone.now()
        return self.self_excluded_until is not None and self.self_excluded_until > moment

    def is_on_break(self, *, now: datetime | None = None) -> bool:
        moment = now or timezone.now()
        return self.break_until is not None and self.break_until > moment


class BetKind(models.TextChoices):
    WIN = "win", "Win"
    PLACE = "place", "Place"


class OfferPage(models.TextChoices):
    """Where an offer (or a click) was shown. Offers are only ever made on the pick page,
    before the race; "results" remains for the clicks recorded when results pages had one."""

    PICK = "pick", "Pick page (before the race)"
    RESULTS = "results", "Results page (no longer offered)"


class HandoffClick(models.Model):
    """A player followed a "bet it for real" link, and was sent to the partner."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    player = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handoff_clicks"
    )
    round = models.ForeignKey("game.Round", on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(BettingPartner, on_delete=models.PROTECT, related_name="clicks")
    runner_number = models.PositiveSmallIntegerField()
    bet_kind = models.CharField(max_length=5, choices=BetKind.choices)
    page = models.CharField(max_length=7, choices=OfferPage.choices)
    clicked_at = models.DateTimeField(default=timezone.now, db_index=True)
    user_agent = models.CharField(max_length=255, blank=True, default="")
    reality_check_seen = models.BooleanField(
        default=False, help_text="The player had seen the season's reality check before."
    )

    class Meta:
        ordering = ("-clicked_at", "-id")
        indexes = [models.Index(fields=("round", "player"), name="handoffclick_round_player")]

    def __str__(self) -> str:
        return f"{self.player_id} -> {self.partner_id} ({self.bet_kind} {self.runner_number})"


class OfferImpression(models.Model):
    """An offer was shown to a player on a page of a round: once per player, round and page."""

    player = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offer_impressions"
    )
    round = models.ForeignKey("game.Round", on_delete=models.CASCADE, related_name="+")
    page = models.CharField(max_length=7, choices=OfferPage.choices)
    shown_at = models.DateTimeField(default=timezone.now)
    reality_check_seen = models.BooleanField(
        default=False, help_text="The player had seen the season's reality check when shown."
    )

    class Meta:
        ordering = ("-shown_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("player", "round", "page"), name="offerimpression_unique_player_round_page"
            )
        ]

    def __str__(self) -> str:
        return f"{self.player_id}@{self.round_id} ({self.page})"


class RealityCheckSeen(models.Model):
    """A player read the reality check of a season (what their picks would have returned
    for real) before following a betting link that season."""

    player = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reality_checks_seen"
    )
    season = models.ForeignKey("game.Season", on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-seen_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("player", "season"), name="realitycheckseen_unique_player_season"
            )
        ]

    def __str__(self) -> str:
        return f"{self.player_id} saw the reality check of season {self.season_id}"


class Conversion(models.Model):
    """A partner told us a player it received from us did something (opened an account)."""

    class Event(models.TextChoices):
        ACCOUNT_OPENED = "account_opened", "Account opened"

    partner = models.ForeignKey(
        BettingPartner, on_delete=models.PROTECT, related_name="conversions"
    )
    player = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handoff_conversions"
    )
    click = models.ForeignKey(HandoffClick, on_delete=models.CASCADE, related_name="conversions")
    event = models.CharField(max_length=20, choices=Event.choices)
    occurred_at = models.DateTimeField()
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-occurred_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("partner", "player", "event"), name="conversion_unique_partner_player_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner_id}/{self.player_id}: {self.event}"
