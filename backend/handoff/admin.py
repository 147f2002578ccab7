"""Operators configure partners and notices, read clicks and conversions, and the funnel."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from backend.common.admin_site import ReadOnlyAdmin

from .models import (
    BettingPartner,
    BettingPreference,
    Conversion,
    HandoffClick,
    ResponsibleGamblingNotice,
)
from .selectors.funnel import SEGMENTS, funnel, funnel_choices, funnel_scope


@admin.register(BettingPartner)
class BettingPartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "active", "priority", "countries", "minimum_age")
    list_filter = ("active",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "slug", "active", "priority")}),
        ("Deep link", {"fields": ("url_template", "bet_kind_codes", "campaign_params")}),
        ("Where and to whom", {"fields": ("countries", "minimum_age", "minimum_age_by_country")}),
        ("Conversion postback", {"fields": ("postback_secret",)}),
        ("Dates", {"fields": ("created_at", "updated_at")}),
    )


@admin.register(ResponsibleGamblingNotice)
class ResponsibleGamblingNoticeAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("country", "helpline_name", "helpline_phone", "helpline_url")
    search_fields = ("country", "helpline_name")


@admin.register(BettingPreference)
class BettingPreferenceAdmin(ReadOnlyAdmin):
    """Read-only: a self-exclusion is the player's own decision and nobody may lift it."""

    list_display = (
        "player",
        "offers_enabled",
        "self_excluded_until",
        "break_until",
        "updated_at",
    )
    list_filter = ("offers_enabled",)
    search_fields = ("player__email",)
    list_select_related = ("player",)


@admin.register(HandoffClick)
class HandoffClickAdmin(ReadOnlyAdmin):
    list_display = ("clicked_at", "player", "round", "partner", "bet_kind", "runner_number", "page")
    list_filter = ("partner", "bet_kind", "page")
    search_fields = ("player__email", "public_id")
    list_select_related = ("player", "round__season", "partner")
    date_hierarchy = "clicked_at"
    change_list_template = "admin/handoff/handoffclick/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("funnel/", view(self.funnel_view), name="handoff_funnel"),
            path("funnel.csv", view(self.funnel_csv_view), name="handoff_funnel_csv"),
            *super().get_urls(),
        ]

    def _scope(self, request: HttpRequest) -> tuple[Any, Any]:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return funnel_scope(
            round_id=request.GET.get("round", ""), season_id=request.GET.get("season", "")
        )

    def funnel_view(self, request: HttpRequest) -> TemplateResponse:
        season, round_ = self._scope(request)
        data = funnel(season=season, round=round_)
        query = request.GET.urlencode()
        context = {
            **self.admin_site.each_context(request),
            "title": "Hand-off funnel",
            "opts": self.model._meta,
            "funnel": data,
            "table": funnel_table(data),
            "chart": funnel_chart(data),
            "season": season,
            "round": round_,
            **funnel_choices(),
            "csv_url": reverse("admin:handoff_funnel_csv") + (f"?{query}" if query else ""),
        }
        return TemplateResponse(request, "admin/handoff/funnel.html", context)

    def funnel_csv_view(self, request: HttpRequest) -> HttpResponse:
        season, round_ = self._scope(request)
        data = funnel(season=season, round=round_)
        scope = f"round-{round_.pk}" if round_ else f"season-{season.pk}" if season else "all"
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="handoff-funnel-{scope}.csv"'
        writer = csv.writer(response)
        writer.writerow(
            ["scope", "step", "segment", "players", "rate_from_previous", "rate_from_registered"]
        )
        for step in data["steps"]:
            for segment in SEGMENTS:
                writer.writerow(
                    [
                        scope,
                        step["key"],
                        segment,
                        step["counts"][segment],
                        _csv_rate(step["rate_from_previous"][segment]),
                        _csv_rate(step["rate_from_registered"][segment]),
                    ]
                )
        return response


@admin.register(Conversion)
class ConversionAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "partner", "player", "event", "click", "received_at")
    list_filter = ("partner", "event")
    search_fields = ("player__email",)
    list_select_related = ("partner", "player", "click")


def _csv_rate(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def funnel_table(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The funnel's rows as the page shows them: a count and two rates per segment."""
    return [
        {
            "key": step["key"],
            "label": step["label"],
            "cells": [
                {
                    "segment": segment,
                    "count": step["counts"][segment],
                    "from_previous": _percent(step["rate_from_previous"][segment]),
                    "from_registered": _percent(step["rate_from_registered"][segment]),
                }
                for segment in SEGMENTS
            ],
        }
        for step in data["steps"]
    ]


CHART_WIDTH = 640
BAR_HEIGHT = 16
ROW_GAP = 14
LABEL_WIDTH = 210
COLOURS = {"league": "#417690", "solo": "#f5a623"}


def funnel_chart(data: dict[str, Any]) -> dict[str, Any]:
    """Geometry of a horizontal bar chart (league and solo bars per step), drawn inline as SVG.

    Computed here so the template only places rectangles: no script, no CDN.
    """
    steps = data["steps"]
    largest = max((s["counts"][seg] for s in steps for seg in ("league", "solo")), default=0)
    scale = (CHART_WIDTH - LABEL_WIDTH - 60) / largest if largest else 0
    rows = []
    y = 10
    for step in steps:
        bars = []
        for offset, segment in enumerate(("league", "solo")):
            count = step["counts"][segment]
            bars.append(
                {
                    "segment": segment,
                    "x": LABEL_WIDTH,
                    "y": y + offset * BAR_HEIGHT,
                    "width": max(round(count * scale), 1 if count else 0),
                    "height": BAR_HEIGHT - 2,
                    "colour": COLOURS[segment],
                    "count": count,
                    "text_x": LABEL_WIDTH + round(count * scale) + 6,
                    "text_y": y + offset * BAR_HEIGHT + BAR_HEIGHT - 5,
                }
            )
        rows.append({"label": step["label"], "label_y": y + BAR_HEIGHT + 4, "bars": bars})
        y += 2 * BAR_HEIGHT + ROW_GAP
    return {
        "width": CHART_WIDTH,
        "height": y + 24,
        "rows": rows,
        "legend_y": y + 10,
        "colours": COLOURS,
    }
