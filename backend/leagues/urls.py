from django.urls import path

from . import apis

app_name = "leagues"
# Fixed paths first: a public id is 10 characters, "directory" and "join" never collide.
urlpatterns = [
    path("", apis.LeagueListApi.as_view(), name="list"),
    path("directory/", apis.LeagueDirectoryApi.as_view(), name="directory"),
    path("join/<str:code>/", apis.JoinApi.as_view(), name="join"),
    path("<str:public_id>/", apis.LeagueDetailApi.as_view(), name="detail"),
    path("<str:public_id>/join/", apis.LeagueJoinPublicApi.as_view(), name="join-public"),
    path("<str:public_id>/leave/", apis.LeagueLeaveApi.as_view(), name="leave"),
    path("<str:public_id>/transfer/", apis.LeagueTransferApi.as_view(), name="transfer"),
    path("<str:public_id>/members/", apis.LeagueMembersApi.as_view(), name="members"),
    path(
        "<str:public_id>/members/<int:player_id>/",
        apis.LeagueMemberApi.as_view(),
        name="member",
    ),
    path("<str:public_id>/invite/", apis.LeagueInviteApi.as_view(), name="invite"),
    path("<str:public_id>/codes/", apis.InviteCodeListApi.as_view(), name="codes"),
    path(
        "<str:public_id>/codes/regenerate/",
        apis.InviteCodeRegenerateApi.as_view(),
        name="codes-regenerate",
    ),
    path("<str:public_id>/codes/<int:code_id>/", apis.InviteCodeApi.as_view(), name="code"),
    path(
        "<str:public_id>/invitations/",
        apis.EmailInvitationListApi.as_view(),
        name="invitations",
    ),
    path(
        "<str:public_id>/invitations/<int:invitation_id>/",
        apis.EmailInvitationApi.as_view(),
        name="invitation",
    ),
    path("<str:public_id>/table/", apis.LeagueTableApi.as_view(), name="table"),
    path("<str:public_id>/rounds/<int:round_id>/", apis.LeagueRoundApi.as_view(), name="round"),
]
