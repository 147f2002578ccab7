from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from backend.common.errors import ApplicationError

from . import services
from .models import Pick, Round, RoundScore, Season, Standing, WeeklyStanding


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ("name", "starts_on", "ends_on", "status", "reminder_hours")
    list_filter = ("status",)
    search_fields = ("name",)


@admin.action(description="Open the selected draft rounds for picks")
def open_rounds(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Round]) -> None:
    for rnd in queryset:
        try:
            services.round_open(round=rnd)
        except ApplicationError as exc:
            modeladmin.message_user(request, f"{rnd}: {exc.message}", messages.WARNING)


@admin.action(description="Void the selected rounds (0 points for everyone)")
def void_rounds(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Round]) -> None:
    for rnd in queryset:
        services.round_void(round=rnd, reason="Voided by the operator (admin).")


@admin.action(description="Settle the selected rounds now")
def settle_rounds(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Round]) -> None:
    for rnd in queryset:
        try:
            report = services.round_settle(round_id=rnd.pk)
        except ApplicationError as exc:
            modeladmin.message_user(request, f"{rnd}: {exc.message}", messages.WARNING)
        else:
            modeladmin.message_user(
                request, f"{rnd}: version {report.version}, {report.picks} picks"
            )


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "race",
        "status",
        "opens_at",
        "locks_at",
        "settlement_version",
        "settled_at",
    )
    list_filter = ("status", "season")
    list_select_related = ("season", "race__meeting")
    raw_id_fields = ("race",)
    readonly_fields = ("settlement_version", "settled_result_version", "settled_at")
    actions = (open_rounds, void_rounds, settle_rounds)


@admin.register(Pick)
class PickAdmin(admin.ModelAdmin):
    list_display = ("round", "player", "win", "place", "alternate", "updated_at")
    list_select_related = ("round__season", "player")
    raw_id_fields = ("player", "round")
    show_full_result_count = False


@admin.register(RoundScore)
class RoundScoreAdmin(admin.ModelAdmin):
    list_display = ("round", "player", "win_runner", "place_runner", "points", "settlement_version")
    list_select_related = ("round__season", "player")
    raw_id_fields = ("player", "round")
    show_full_result_count = False


@admin.register(Standing)
class StandingAdmin(admin.ModelAdmin):
    list_display = ("season", "rank", "player", "points", "wins", "best", "previous_rank")
    list_filter = ("season",)
    list_select_related = ("season", "player")
    raw_id_fields = ("player",)
    show_full_result_count = False


@admin.register(WeeklyStanding)
class WeeklyStandingAdmin(admin.ModelAdmin):
    list_display = ("round", "rank", "player", "points", "season_rank")
    list_select_related = ("round__season", "player")
    raw_id_fields = ("player", "round")
    show_full_result_count = False
