from django.urls import path

from .apis import help as help_apis
from .apis import moderation as moderation_apis

app_name = "live"
urlpatterns = [
    path("helper/", help_apis.HelperApi.as_view(), name="helper"),
    path("help/", help_apis.HelpListApi.as_view(), name="help"),
    path("help/inbox/", help_apis.HelpInboxApi.as_view(), name="help-inbox"),
    path("help/<int:request_id>/", help_apis.HelpDetailApi.as_view(), name="help-detail"),
    path(
        "help/<int:request_id>/take/",
        help_apis.HelpActionApi.as_view(action="take"),
        name="help-take",
    ),
    path(
        "help/<int:request_id>/close/",
        help_apis.HelpActionApi.as_view(action="close"),
        name="help-close",
    ),
    path(
        "help/<int:request_id>/publish/",
        help_apis.HelpActionApi.as_view(action="publish"),
        name="help-publish",
    ),
    path("help/<int:request_id>/rate/", help_apis.HelpRateApi.as_view(), name="help-rate"),
    path("reports/", moderation_apis.ReportApi.as_view(), name="reports"),
    path(
        "moderation/messages/",
        moderation_apis.ModerationMessagesApi.as_view(),
        name="moderation-messages",
    ),
    path(
        "moderation/messages/<str:kind>/<int:message_id>/",
        moderation_apis.ModerationHideApi.as_view(),
        name="moderation-hide",
    ),
    path("moderation/mutes/", moderation_apis.ModerationMuteApi.as_view(), name="moderation-mutes"),
    path(
        "moderation/reports/", moderation_apis.ReportQueueApi.as_view(), name="moderation-reports"
    ),
    path(
        "moderation/reports/<int:report_id>/",
        moderation_apis.ReportResolveApi.as_view(),
        name="moderation-report-resolve",
    ),
    path("operator/help-metrics/", help_apis.HelpMetricsApi.as_view(), name="help-metrics"),
]
