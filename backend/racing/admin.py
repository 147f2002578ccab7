from django.contrib import admin

from .models import Dividend, Meeting, Race, Runner


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
        "declared_runners",
        "result_version",
    )
    list_filter = ("status", "discipline", "meeting__date")
    search_fields = ("name", "meeting__racecourse")
    list_select_related = ("meeting",)
    date_hierarchy = "post_time"
    inlines = (RunnerInline, DividendInline)


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
