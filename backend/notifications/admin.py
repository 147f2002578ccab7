"""The operator's views: the delivery log and its report, preferences, and email previews.

- /admin/notifications/emaildelivery/report/ — per round and kind: sent, failed, skipped,
  retrying, still sending; the latest failures with their error.
- /admin/notifications/preview/ — every kind; /admin/notifications/preview/<kind>/?lang=fr
  renders a sample (add &format=html or &format=text for the raw part). Staff only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from backend.common.admin_site import ReadOnlyAdmin

from . import selectors
from .models import EmailDelivery, EmailPreference, Kind, Preview
from .previews import PREVIEW_KINDS, sample
from .rendering import LANGUAGES, email_language

STALE_AFTER = dt.timedelta(minutes=30)


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "key", "player", "to_email", "status", "attempts", "updated_at")
    list_filter = ("kind", "status")
    search_fields = ("key", "to_email", "player__email", "player__display_name")
    list_select_related = ("player",)
    raw_id_fields = ("player", "round")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in EmailDelivery._meta.fields]
    show_full_result_count = False  # no COUNT(*) over the whole log on every page

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        report = path(
            "report/",
            self.admin_site.admin_view(self.report_view),
            name="notifications_emaildelivery_report",
        )
        return [report, *super().get_urls()]

    def report_view(self, request: HttpRequest) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": "Email deliveries by round and kind",
            "opts": self.model._meta,
            "statuses": EmailDelivery.Status.choices,
            "lines": selectors.delivery_report(),
            "failures": selectors.delivery_failures(),
            "stale": selectors.stale_sending_count(older_than=STALE_AFTER),
            "stale_minutes": int(STALE_AFTER.total_seconds() // 60),
        }
        return TemplateResponse(request, "admin/notifications/report.html", context)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        extra = {
            "report_url": reverse("admin:notifications_emaildelivery_report"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context=extra)


@admin.register(EmailPreference)
class EmailPreferenceAdmin(admin.ModelAdmin):
    list_display = (
        "player",
        "round_open",
        "reminders",
        "results",
        "community_digest",
        "updated_at",
    )
    list_filter = ("round_open", "reminders", "results", "community_digest")
    search_fields = ("player__email", "player__display_name")
    raw_id_fields = ("player",)


@admin.register(Preview)
class PreviewAdmin(ReadOnlyAdmin):
    """A page per kind, not rows: the proxy model only provides the URL."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def get_urls(self) -> list[URLPattern]:
        # Before the ModelAdmin's own `<path:object_id>/` catch-all.
        preview = path(
            "<str:kind>/",
            self.admin_site.admin_view(self.preview_view),
            name="notifications_preview_kind",
        )
        return [preview, *super().get_urls()]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        kinds = [
            {
                "kind": kind,
                "label": Kind(kind).label,
                "urls": {
                    lang: reverse("admin:notifications_preview_kind", kwargs={"kind": kind})
                    + f"?lang={lang}"
                    for lang in LANGUAGES
                },
            }
            for kind in PREVIEW_KINDS
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Email previews",
            "opts": self.model._meta,
            "kinds": kinds,
        }
        return TemplateResponse(request, "admin/notifications/preview_index.html", context)

    def preview_view(self, request: HttpRequest, kind: str) -> HttpResponse:
        if kind not in PREVIEW_KINDS:
            raise Http404("No such kind of email.")
        language = email_language(request.GET.get("lang"))
        message = sample(
            kind, language=language, viewer_id=int(request.user.pk or 0), request=request
        )
        wanted = request.GET.get("format")
        if wanted == "html":
            return HttpResponse(message.html, content_type="text/html; charset=utf-8")
        if wanted == "text":
            return HttpResponse(message.text, content_type="text/plain; charset=utf-8")
        context = {
            **self.admin_site.each_context(request),
            "title": f"Preview: {Kind(kind).label} ({language})",
            "opts": self.model._meta,
            "kind": kind,
            "language": language,
            "message": message,
            "headers": sorted(message.headers.items()),
            "other_language": "fr" if language == "en" else "en",
            "index_url": reverse("admin:notifications_preview_changelist"),
        }
        return TemplateResponse(request, "admin/notifications/preview.html", context)
