"""Building the partner's URL: its template, filled in, plus the campaign parameters."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from .models import DEFAULT_BET_KIND_CODES, BettingPartner


class UnsafeUrlError(Exception):
    """The built URL would not land on the template's own https host (should never happen)."""


def partner_url(
    *,
    partner: BettingPartner,
    race_day: date,
    meeting_number: int,
    race_number: int,
    runner_number: int,
    bet_kind: str,
    round_id: int,
    page: str,
    click_id: str,
) -> str:
    """The partner's deep link for one bet, built only from its configuration.

    Every value is percent-encoded before it goes into the template, and campaign
    parameters go through urlencode, so no value can add a path segment, a query
    separator or a host. The result is checked against the template's scheme and host.
    """
    codes = {**DEFAULT_BET_KIND_CODES, **(partner.bet_kind_codes or {})}
    values = {
        "date": race_day.isoformat(),
        "date_pmu": race_day.strftime("%d%m%Y"),
        "meeting": str(meeting_number),
        "race": str(race_number),
        "runner": str(runner_number),
        "bet_kind": codes[bet_kind],
    }
    url = partner.url_template.format_map({k: quote(v, safe="") for k, v in values.items()})

    campaign = {
        "round_id": str(round_id),
        "page": page,
        "bet_kind": bet_kind,
        "click_id": click_id,
        "partner": partner.slug,
    }
    params = {k: v.format_map(campaign) for k, v in (partner.campaign_params or {}).items()}
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    query.extend(params.items())
    built = urlunsplit(parts._replace(query=urlencode(query)))

    expected = urlsplit(partner.url_template)
    final = urlsplit(built)
    if final.scheme != "https" or final.netloc != expected.netloc:
        raise UnsafeUrlError(built)
    return built
