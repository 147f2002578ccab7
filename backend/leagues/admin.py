from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from .models import EmailInvitation, InviteCode, League, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("player", "role", "joined_at")
    raw_id_fields = ("player",)


class InviteCodeInline(admin.TabularInline):
    model = InviteCode
    extra = 0
    fields = ("code", "created_by", "created_at", "expires_at", "max_uses", "uses", "revoked_at")
    readonly_fields = ("code", "created_by", "created_at", "uses")
    show_change_link = True


@admin.register(League)
class LeagueAdmin(admin.ModelAdmin):
    list_display = ("name", "public_id", "visibility", "owner", "member_count", "created_at")
    list_filter = ("visibility",)
    search_fields = ("name", "public_id", "owner__email", "owner__display_name")
    raw_id_fields = ("owner",)
    readonly_fields = ("public_id", "member_count", "created_at", "updated_at")
    date_hierarchy = "created_at"
    inlines = (MembershipInline, InviteCodeInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[League]:
        return super().get_queryset(request).select_related("owner")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("league", "player", "role", "joined_at")
    list_filter = ("role",)
    search_fields = ("league__name", "league__public_id", "player__email", "player__display_name")
    raw_id_fields = ("league", "player")
    list_select_related = ("league", "player")


@admin.action(description="Revoke the selected")
def revoke_selected(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


@admin.register(InviteCode)
class InviteCodeAdmin(admin.ModelAdmin):
    list_display = (
        "league",
        "code",
        "created_by",
        "created_at",
        "expires_at",
        "uses",
        "max_uses",
        "revoked_at",
    )
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("league__name", "league__public_id", "code")
    raw_id_fields = ("league", "created_by")
    readonly_fields = ("code", "created_at", "uses")
    list_select_related = ("league", "created_by")
    actions = (revoke_selected,)


@admin.register(EmailInvitation)
class EmailInvitationAdmin(admin.ModelAdmin):
    list_display = (
        "league",
        "email",
        "invited_by",
        "created_at",
        "sent_at",
        "accepted_at",
        "revoked_at",
    )
    list_filter = (("accepted_at", admin.EmptyFieldListFilter), "language")
    search_fields = ("league__name", "email")
    raw_id_fields = ("league", "invited_by", "accepted_by")
    readonly_fields = ("token", "created_at", "sent_at", "accepted_at", "accepted_by")
    list_select_related = ("league", "invited_by")
    actions = (revoke_selected,)
