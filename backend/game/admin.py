from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from backend.common.errors import ApplicationError

from . import services
from .models import Pick, Round, RoundScore, Season, Standing, WeeklyStanding


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_fr", "starts_on", "ends_on", "status", "reminder_hours")
    list_filter = ("status",)
    search_fields = ("name_en", "name_fr")


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


class RoundFeatureForm(forms.ModelForm):
    """Adding a round is featuring a race: `services.round_feature` numbers it, locks it at
    the race's post time and marks the race for result polling, as the operator API does."""

    class Meta:
        model = Round
        fields = ("season", "race", "opens_at")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.featured: services.FeatureResult | None = None
        if self.errors or not data.get("season") or not data.get("race"):
            return data
        try:
            self.featured = services.round_feature(
                season=data["season"], race=data["race"], opens_at=data.get("opens_at")
            )
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc
        return data

    def _post_clean(self) -> None:
        """The service made the round: the model form has nothing left to check or build."""

    def save(self, commit: bool = True) -> Round:
        assert self.featured is not None
        # The admin asks for save_m2m after save(commit=False): nothing to save.
        self.save_m2m = lambda: None  # type: ignore[method-assign]
        return self.featured.round


# What the services own once a round exists: changing these by hand could make a round the
# poller ignores, that never opens or locks, or scores that no longer match.
SERVICE_OWNED = (
    "season",
    "race",
    "number",
    "locks_at",
    "status",
    "settlement_version",
    "settled_result_version",
    "settled_at",
    "operator_void",
    "void_reason",
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
    actions = (open_rounds, void_rounds, settle_rounds)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """A round is never deleted: its picks, scores and the season's table stand on it
        (and results emails link to it). Void it instead: 0 points, tables recomputed."""
        return False

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = RoundFeatureForm
            kwargs["fields"] = RoundFeatureForm.Meta.fields
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return RoundFeatureForm.Meta.fields
        return (*SERVICE_OWNED[:4], "opens_at", *SERVICE_OWNED[4:])

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        # A draft's opening time may move (the beat task opens it then); nothing else.
        return SERVICE_OWNED if obj.status == Round.Status.DRAFT else (*SERVICE_OWNED, "opens_at")

    def save_model(self, request: HttpRequest, obj: Round, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        featured = form.featured
        obj.pk = featured.round.pk
        obj.refresh_from_db()
        for warning in featured.warnings:
            self.message_user(request, warning, messages.WARNING)


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
