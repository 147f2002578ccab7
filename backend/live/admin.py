"""Admin for the live layer's moderation: the reports (decided through the same services as
the API, so hiding also drops the message from open sockets) and the mutes, read only.

Messages are moderated through the API (search, hide, show again); the admin is for the
reports' queue and for looking."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.common.admin_site import ReadOnlyAdmin
from backend.common.errors import ApplicationError

from .models import Mute, Report
from .services import moderation

EXCERPT_CHARS = 80


class OpenFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "open"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Open"), ("no", "Resolved")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Report]) -> QuerySet[Report]:
        if self.value() in ("yes", "no"):
            return queryset.filter(resolved_at__isnull=self.value() == "yes")
        return queryset


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    """Reports are made by members and resolved by a decision: none is typed in, edited or
    deleted here (a deleted report would vanish from the moderators' history)."""

    list_display = (
        "id",
        "reporter",
        "kind",
        "excerpt",
        "reason",
        "created_at",
        "resolved_at",
        "decision",
        "resolved_by",
    )
    list_filter = (OpenFilter,)
    list_select_related = ("reporter", "resolved_by", "room_message", "help_message")
    search_fields = ("reason", "reporter__display_name")
    date_hierarchy = "created_at"
    actions = ("hide_messages", "dismiss")
    fields = (
        "reporter",
        "kind",
        "excerpt",
        "reason",
        "created_at",
        "resolved_at",
        "decision",
        "resolved_by",
    )
    readonly_fields = fields

    @admin.display(description="message")
    def excerpt(self, report: Report) -> str:
        return Truncator(report.message.text).chars(EXCERPT_CHARS)

    @admin.action(description="Hide the reported messages")
    def hide_messages(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        self._decide(request, queryset, hide=True)

    @admin.action(description="Dismiss")
    def dismiss(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        self._decide(request, queryset, hide=False)

    def _decide(self, request: HttpRequest, queryset: QuerySet[Report], *, hide: bool) -> None:
        """One decision per open report, each its own transaction (the service's); reports
        already resolved, by an earlier one of the selection or by another moderator, are
        counted and left."""
        moderator = request.user
        assert isinstance(moderator, User)  # the admin lets signed-in staff in only
        done = skipped = 0
        for report_id in queryset.values_list("pk", flat=True):
            try:
                moderation.report_resolve(moderator=moderator, report_id=report_id, hide=hide)
            except ApplicationError:
                skipped += 1
            else:
                done += 1
        decided = (
            _("%(done)d report(s) hidden; %(skipped)d already resolved.")
            if hide
            else _("%(done)d report(s) dismissed; %(skipped)d already resolved.")
        )
        self.message_user(request, decided % {"done": done, "skipped": skipped})
        if skipped and not done:
            self.message_user(request, _("Nothing to decide."), level=messages.WARNING)


@admin.register(Mute)
class MuteAdmin(ReadOnlyAdmin):
    """Mutes read only: a moderator mutes through the API, which tells the member's sockets."""

    list_display = ("player", "until", "reason", "moderator", "created_at")
    list_select_related = ("player", "moderator")
    search_fields = ("player__display_name", "reason")
    fields = ("player", "until", "reason", "moderator", "created_at")
    readonly_fields = fields
