from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.common.errors import ApplicationError
from importers import FeedError
from importers import csv as csv_format

from .feeds import pmu_http_source
from .forms import ImportUploadForm, Upload
from .models import Dividend, ImportRun, Meeting, Race, Runner
from .selectors import races_chosen
from .services import FetchOutcome, race_fetch_result
from .uploads import error_message as _message
from .uploads import upload_apply, upload_plan

FETCH_NOW_LIMIT = 20


class RaceInline(admin.TabularInline):
    model = Race
    extra = 0
    fields = ("number", "name", "post_time", "discipline", "distance", "status")
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("date", "number", "racecourse", "country")
    list_filter = ("country",)
    date_hierarchy = "date"
    search_fields = ("racecourse",)
    inlines = (RaceInline,)


class RunnerInline(admin.TabularInline):
    model = Runner
    extra = 0
    fields = (
        "number",
        "name",
        "jockey",
        "trainer",
        "coupled",
        "status",
        "odds",
        "position",
        "disqualified",
    )


class DividendInline(admin.TabularInline):
    model = Dividend
    extra = 0


@admin.register(Race)
class RaceAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "meeting",
        "post_time",
        "status",
        "featured",
        "declared_runners",
        "result_version",
    )
    list_filter = ("status", "featured", "discipline", "meeting__date")
    search_fields = ("name", "meeting__racecourse")
    list_select_related = ("meeting",)
    date_hierarchy = "post_time"
    inlines = (RunnerInline, DividendInline)
    actions = ("fetch_results_now",)
    # Replay links are https; saying so silences Django 5's change of default scheme.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.action(description="Fetch results now (PMU feed)", permissions=("change",))
    def fetch_results_now(self, request: HttpRequest, queryset: QuerySet[Race]) -> None:
        races = races_chosen(queryset, limit=FETCH_NOW_LIMIT + 1)
        if len(races) > FETCH_NOW_LIMIT:
            self.message_user(
                request,
                _("Select at most %(limit)d races.") % {"limit": FETCH_NOW_LIMIT},
                level=messages.ERROR,
            )
            return
        texts = {
            FetchOutcome.STORED: ("result stored", messages.SUCCESS),
            FetchOutcome.UNCHANGED: ("result unchanged", messages.INFO),
            FetchOutcome.NOT_PUBLISHED: ("not published yet, try again later", messages.WARNING),
        }
        with pmu_http_source() as source:
            for race in races:
                try:
                    outcome = race_fetch_result(
                        race=race,
                        source=source,
                        trigger=ImportRun.Trigger.ADMIN,
                        operator=request.user,  # type: ignore[arg-type]
                    )
                except (FeedError, ApplicationError) as exc:
                    self.message_user(request, f"{race}: {exc}", level=messages.ERROR)
                    continue
                text, level = texts[outcome]
                self.message_user(request, f"{race}: {text}.", level=level)


@admin.register(Runner)
class RunnerAdmin(admin.ModelAdmin):
    list_display = ("race", "number", "name", "jockey", "status", "odds", "position")
    list_filter = ("status", "disqualified")
    search_fields = ("name", "jockey", "trainer")
    list_select_related = ("race__meeting",)


@admin.register(Dividend)
class DividendAdmin(admin.ModelAdmin):
    list_display = ("race", "kind", "number", "cents")
    list_filter = ("kind",)
    list_select_related = ("race__meeting",)


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = (
        "started_at",
        "kind",
        "source",
        "trigger",
        "status_badge",
        "file_name",
        "race",
        "operator",
        "created",
        "updated",
        "unchanged",
        "removed",
        "short_error",
    )
    list_filter = ("status", "kind", "source", "trigger")
    search_fields = ("file_name", "error", "summary")
    list_select_related = ("race__meeting", "operator")
    date_hierarchy = "started_at"
    readonly_fields = [f.name for f in ImportRun._meta.fields]
    change_list_template = "admin/racing/importrun/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="status", ordering="status")
    def status_badge(self, run: ImportRun) -> str:
        colours = {"ok": "#2e7d32", "failed": "#c62828"}
        return format_html(
            '<b style="color:{}">{}</b>', colours.get(run.status, "#555"), run.get_status_display()
        )

    @admin.display(description="error")
    def short_error(self, run: ImportRun) -> str:
        return run.error if len(run.error) <= 120 else run.error[:117] + "..."

    # --- the upload, its preview and its apply ---

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(self.upload_view), name="racing_importrun_upload"),
            path("apply/", wrap(require_POST(self.apply_view)), name="racing_importrun_apply"),
            path("template.csv", wrap(self.template_view), name="racing_importrun_template"),
            *super().get_urls(),
        ]

    def _check_can_import(self, request: HttpRequest) -> None:
        if not request.user.has_perm("racing.change_race"):
            raise PermissionDenied

    def _context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        self._check_can_import(request)
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = Upload.from_form(form, user_id=int(request.user.pk or 0))
            try:
                summary, race = upload_plan(upload, apply=False)
                token = upload.sign(race)
                # The token comes back in the "Apply" form: it must fit Django's POST limit.
                if len(token) > (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2**31) - 10_000:
                    raise ApplicationError(_("This file is too large to import from the admin."))
            except (FeedError, ApplicationError) as exc:
                form.add_error(None, _message(exc))
            else:
                return TemplateResponse(
                    request,
                    "admin/racing/import_preview.html",
                    self._context(
                        request,
                        title="Preview the import",
                        upload=upload,
                        race=race,
                        summary=summary,
                        token=token,
                        updates=[c for c in summary.changes if c.action == "updated"],
                        creations=[c for c in summary.changes if c.action == "created"],
                        removals=[c for c in summary.changes if c.action == "removed"],
                    ),
                )
        return TemplateResponse(
            request,
            "admin/racing/import_upload.html",
            self._context(request, title="Import a card or results", form=form),
        )

    def apply_view(self, request: HttpRequest) -> HttpResponse:
        self._check_can_import(request)
        upload_url = reverse("admin:racing_importrun_upload")
        try:
            upload = Upload.unsign(request.POST.get("token", ""), user_id=int(request.user.pk or 0))
        except signing.BadSignature:
            self.message_user(
                request,
                _("This preview has expired or was altered: upload the file again."),
                level=messages.ERROR,
            )
            return HttpResponseRedirect(upload_url)
        try:
            summary, _plan, run = upload_apply(
                upload,
                operator=request.user,  # type: ignore[arg-type]
                confirm_reinstatement=request.POST.get("confirm_reinstatement") == "on",
            )
        except (FeedError, ApplicationError) as exc:
            self.message_user(
                request,
                _("Nothing imported. %(problem)s") % {"problem": _message(exc)},
                level=messages.ERROR,
            )
            return HttpResponseRedirect(upload_url)
        counts = f"{summary.created} new, {summary.updated} updated, {summary.unchanged} unchanged"
        if summary.removed:
            counts += f", {summary.removed} removed"
        self.message_user(request, f"Imported {upload.file_names}: {counts}.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:racing_importrun_change", args=[run.pk]))

    def template_view(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(csv_format.template_bytes(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="race_card_template.csv"'
        return response
