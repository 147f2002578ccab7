from django.urls import path

from . import apis

app_name = "live"
urlpatterns = [
    path("helper/", apis.HelperApi.as_view(), name="helper"),
    path("help/", apis.HelpListApi.as_view(), name="help"),
    path("help/inbox/", apis.HelpInboxApi.as_view(), name="help-inbox"),
    path("help/<int:request_id>/", apis.HelpDetailApi.as_view(), name="help-detail"),
    path(
        "help/<int:request_id>/take/", apis.HelpActionApi.as_view(action="take"), name="help-take"
    ),
    path(
        "help/<int:request_id>/close/",
        apis.HelpActionApi.as_view(action="close"),
        name="help-close",
    ),
    path(
        "help/<int:request_id>/publish/",
        apis.HelpActionApi.as_view(action="publish"),
        name="help-publish",
    ),
    path("help/<int:request_id>/rate/", apis.HelpRateApi.as_view(), name="help-rate"),
    path("reports/", apis.ReportApi.as_view(), name="reports"),
    path("moderation/messages/", apis.ModerationMessagesApi.as_view(), name="moderation-messages"),
    path(
        "moderation/messages/<str:kind>/<int:message_id>/",
        apis.ModerationHideApi.as_view(),
        name="moderation-hide",
    ),
    path("moderation/mutes/", apis.ModerationMuteApi.as_view(), name="moderation-mutes"),
    path("operator/help-metrics/", apis.HelpMetricsApi.as_view(), name="help-metrics"),
]
