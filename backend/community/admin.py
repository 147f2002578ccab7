"""Admin for the community. Moderation itself goes through the services (and the API) so
that every action lands in the audit log; the admin is for categories and for looking."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from backend.common.admin_site import ReadOnlyAdmin

from .models import (
    Award,
    Category,
    CommunityEvent,
    CommunityProfile,
    Flag,
    Mission,
    MissionCompletion,
    ModerationAction,
    Post,
    ReputationEvent,
    Topic,
    Vote,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_fr", "slug", "position", "first_answer_target_hours")
    list_editable = ("position", "first_answer_target_hours")
    prepopulated_fields = {"slug": ("name_en",)}
    search_fields = ("name_en", "name_fr", "slug")


class PostInline(admin.TabularInline):
    model = Post
    fields = ("kind", "author", "status", "is_hidden", "score", "created_at", "deleted_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "category",
        "kind",
        "author",
        "status",
        "is_hidden",
        "is_locked",
        "is_pinned",
        "reply_count",
        "score",
        "last_activity_at",
    )
    list_filter = ("category", "kind", "status", "is_hidden", "is_locked", "is_pinned")
    search_fields = ("title", "body", "author__display_name", "author__email")
    raw_id_fields = ("author", "round", "accepted_answer")
    readonly_fields = ("body_html", "score", "reply_count", "created_at", "edited_at")
    date_hierarchy = "created_at"
    inlines = (PostInline,)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("id", "topic", "kind", "author", "status", "is_hidden", "score", "created_at")
    list_filter = ("kind", "status", "is_hidden")
    search_fields = ("body", "author__display_name", "author__email", "topic__title")
    raw_id_fields = ("topic", "author")
    readonly_fields = ("body_html", "score", "created_at", "edited_at")


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ("voter", "topic", "post", "created_at")
    raw_id_fields = ("voter", "topic", "post")


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ("id", "reason", "state", "reporter", "topic", "post", "created_at")
    list_filter = ("state", "reason")
    raw_id_fields = ("reporter", "topic", "post", "resolved_by")


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    """The audit log reads only: entries are written by the moderation services."""

    list_display = ("at", "actor", "action", "target", "reason")
    list_filter = ("action",)
    search_fields = ("reason", "actor__display_name", "actor__email")
    date_hierarchy = "at"


@admin.register(ReputationEvent)
class ReputationEventAdmin(admin.ModelAdmin):
    """The event log reads only: totals are recomputed from it (reputation_recompute)."""

    list_display = ("created_at", "player", "kind", "points", "day", "reversal_of")
    list_filter = ("kind",)
    search_fields = ("player__display_name", "player__email")
    raw_id_fields = ("player", "topic", "post", "actor", "reversal_of")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(CommunityProfile)
class CommunityProfileAdmin(admin.ModelAdmin):
    list_display = ("player", "reputation", "level", "updated_at")
    list_filter = ("level",)
    search_fields = ("player__display_name", "player__email")
    raw_id_fields = ("player",)
    readonly_fields = ("reputation", "level", "updated_at")


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ("player", "badge", "season", "round", "awarded_at")
    list_filter = ("badge",)
    search_fields = ("player__display_name", "player__email")
    raw_id_fields = ("player", "season", "round")


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    """Operators add and retire missions here (or through the operator API); a mission that
    could never complete is refused when saved (`Mission.clean`)."""

    list_display = (
        "slug",
        "kind",
        "period",
        "target",
        "points",
        "name_en",
        "starts_on",
        "ends_on",
        "retired_at",
    )
    list_filter = ("kind", "period", "retired_at")
    search_fields = ("slug", "name_en", "name_fr")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(MissionCompletion)
class MissionCompletionAdmin(admin.ModelAdmin):
    list_display = ("mission", "player", "period_start", "points", "completed_at")
    list_filter = ("mission",)
    raw_id_fields = ("player",)
    readonly_fields = ("mission", "player", "period_start", "points", "completed_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # completions are earned, never typed in

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # their points stay in the reputation log


@admin.register(CommunityEvent)
class CommunityEventAdmin(admin.ModelAdmin):
    """Events are scheduled through the operator API (it opens their thread); here they are
    looked at, moved or cancelled."""

    list_display = ("title", "kind", "starts_at", "remind_minutes_before", "cancelled_at")
    list_filter = ("kind",)
    raw_id_fields = ("topic", "created_by")
    search_fields = ("title",)
