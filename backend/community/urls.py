from django.urls import path

from . import apis

app_name = "community"
urlpatterns = [
    path("categories/", apis.CategoryListApi.as_view(), name="categories"),
    path("topics/", apis.TopicListApi.as_view(), name="topics"),
    path("topics/<int:topic_id>/", apis.TopicDetailApi.as_view(), name="topic"),
    path("topics/<int:topic_id>/replies/", apis.ReplyCreateApi.as_view(), name="topic-replies"),
    path("topics/<int:topic_id>/accept/", apis.AcceptApi.as_view(), name="topic-accept"),
    path("topics/<int:topic_id>/vote/", apis.TopicVoteApi.as_view(), name="topic-vote"),
    path("topics/<int:topic_id>/flag/", apis.TopicFlagApi.as_view(), name="topic-flag"),
    path("posts/<int:post_id>/", apis.PostDetailApi.as_view(), name="post"),
    path("posts/<int:post_id>/vote/", apis.PostVoteApi.as_view(), name="post-vote"),
    path("posts/<int:post_id>/flag/", apis.PostFlagApi.as_view(), name="post-flag"),
    path(
        "moderation/topics/<int:topic_id>/",
        apis.TopicModerateApi.as_view(),
        name="moderate-topic",
    ),
    path("moderation/posts/<int:post_id>/", apis.PostModerateApi.as_view(), name="moderate-post"),
    path("moderation/flags/", apis.FlagQueueApi.as_view(), name="flags"),
    path("moderation/flags/<int:flag_id>/", apis.FlagResolveApi.as_view(), name="flag-resolve"),
    path("moderation/pending/", apis.PendingQueueApi.as_view(), name="pending"),
    path("moderation/log/", apis.AuditLogApi.as_view(), name="audit-log"),
    path("me/", apis.MeApi.as_view(), name="me"),
    path("me/reputation/", apis.MyReputationApi.as_view(), name="me-reputation"),
    path("players/<int:player_id>/", apis.PlayerProfileApi.as_view(), name="player"),
    path("badges/", apis.BadgeCatalogueApi.as_view(), name="badges"),
    path("top-contributors/", apis.TopContributorsApi.as_view(), name="top-contributors"),
    path("rounds/<int:round_id>/thread/", apis.RoundThreadApi.as_view(), name="round-thread"),
]
