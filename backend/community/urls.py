from django.urls import path

from .apis import (
    advisers,
    ambassadors,
    badges,
    dashboard,
    events,
    missions,
    moderation,
    reputation,
    round_threads,
    showcase,
    topics,
    unanswered,
    votes,
)
from .apis.presenters import POST, TOPIC

app_name = "community"
urlpatterns = [
    path("categories/", topics.CategoryListApi.as_view(), name="categories"),
    path("topics/", topics.TopicListApi.as_view(), name="topics"),
    path("topics/<int:topic_id>/", topics.TopicDetailApi.as_view(), name="topic"),
    path("topics/<int:topic_id>/replies/", topics.ReplyCreateApi.as_view(), name="topic-replies"),
    path("topics/<int:topic_id>/accept/", topics.AcceptApi.as_view(), name="topic-accept"),
    path("topics/<int:topic_id>/vote/", votes.VoteApi.as_view(target=TOPIC), name="topic-vote"),
    path("topics/<int:topic_id>/flag/", votes.FlagApi.as_view(target=TOPIC), name="topic-flag"),
    path("posts/<int:post_id>/", topics.PostDetailApi.as_view(), name="post"),
    path("posts/<int:post_id>/check/", advisers.CheckApi.as_view(), name="post-check"),
    path("answers/recent/", showcase.RecentAnswersApi.as_view(), name="recent-answers"),
    path("staff-posts/", advisers.StaffPostsApi.as_view(), name="staff-posts"),
    path("posts/<int:post_id>/vote/", votes.VoteApi.as_view(target=POST), name="post-vote"),
    path("posts/<int:post_id>/flag/", votes.FlagApi.as_view(target=POST), name="post-flag"),
    path(
        "moderation/topics/<int:topic_id>/",
        moderation.ModerateApi.as_view(target=TOPIC),
        name="moderate-topic",
    ),
    path(
        "moderation/posts/<int:post_id>/",
        moderation.ModerateApi.as_view(target=POST),
        name="moderate-post",
    ),
    path("moderation/flags/", moderation.FlagQueueApi.as_view(), name="flags"),
    path(
        "moderation/flags/<int:flag_id>/",
        moderation.FlagResolveApi.as_view(),
        name="flag-resolve",
    ),
    path("moderation/pending/", moderation.PendingQueueApi.as_view(), name="pending"),
    path("moderation/log/", moderation.AuditLogApi.as_view(), name="audit-log"),
    path("me/", reputation.MeApi.as_view(), name="me"),
    path("me/reputation/", reputation.MyReputationApi.as_view(), name="me-reputation"),
    path("players/<int:player_id>/", reputation.PlayerProfileApi.as_view(), name="player"),
    path("badges/", badges.BadgeCatalogueApi.as_view(), name="badges"),
    path("me/badges/", badges.MyBadgeProgressApi.as_view(), name="me-badges"),
    path("top-contributors/", reputation.TopContributorsApi.as_view(), name="top-contributors"),
    path("unanswered/", unanswered.UnansweredQueueApi.as_view(), name="unanswered"),
    path("ops/answer-times/", unanswered.AnswerTimesApi.as_view(), name="ops-answer-times"),
    path("ops/dashboard/", dashboard.DashboardApi.as_view(), name="ops-dashboard"),
    path(
        "ops/dashboard/export/", dashboard.DashboardExportApi.as_view(), name="ops-dashboard-export"
    ),
    path("missions/", missions.MyMissionsApi.as_view(), name="my-missions"),
    path("ops/missions/", missions.OpsMissionsApi.as_view(), name="ops-missions"),
    path(
        "ops/missions/<int:mission_id>/retire/",
        missions.OpsMissionRetireApi.as_view(),
        name="ops-mission-retire",
    ),
    path("ops/ambassadors/", ambassadors.AmbassadorsApi.as_view(), name="ops-ambassadors"),
    path(
        "ops/ambassadors/<int:player_id>/",
        ambassadors.AmbassadorApi.as_view(),
        name="ops-ambassador",
    ),
    path("events/", events.EventsApi.as_view(), name="events"),
    path("events/<int:event_id>/follow/", events.EventFollowApi.as_view(), name="event-follow"),
    path(
        "rounds/<int:round_id>/thread/",
        round_threads.RoundThreadApi.as_view(),
        name="round-thread",
    ),
]
