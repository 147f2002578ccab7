from django.urls import path

from .apis import codes, invitations, leagues, members, tables

app_name = "leagues"
# Fixed paths first: a public id is 10 characters, "directory" and "join" never collide.
urlpatterns = [
    path("", leagues.LeagueListApi.as_view(), name="list"),
    path("directory/", leagues.LeagueDirectoryApi.as_view(), name="directory"),
    path("join/<str:code>/", codes.JoinApi.as_view(), name="join"),
    path("<str:public_id>/", leagues.LeagueDetailApi.as_view(), name="detail"),
    path("<str:public_id>/join/", members.LeagueJoinPublicApi.as_view(), name="join-public"),
    path("<str:public_id>/leave/", members.LeagueLeaveApi.as_view(), name="leave"),
    path("<str:public_id>/transfer/", leagues.LeagueTransferApi.as_view(), name="transfer"),
    path("<str:public_id>/members/", members.LeagueMembersApi.as_view(), name="members"),
    path(
        "<str:public_id>/members/<int:player_id>/",
        members.LeagueMemberApi.as_view(),
        name="member",
    ),
    path("<str:public_id>/invite/", codes.LeagueInviteApi.as_view(), name="invite"),
    path("<str:public_id>/codes/", codes.InviteCodeListApi.as_view(), name="codes"),
    path(
        "<str:public_id>/codes/regenerate/",
        codes.InviteCodeRegenerateApi.as_view(),
        name="codes-regenerate",
    ),
    path("<str:public_id>/codes/<int:code_id>/", codes.InviteCodeApi.as_view(), name="code"),
    path(
        "<str:public_id>/invitations/",
        invitations.EmailInvitationListApi.as_view(),
        name="invitations",
    ),
    path(
        "<str:public_id>/invitations/<int:invitation_id>/",
        invitations.EmailInvitationApi.as_view(),
        name="invitation",
    ),
    path("<str:public_id>/table/", tables.LeagueTableApi.as_view(), name="table"),
    path("<str:public_id>/rounds/<int:round_id>/", tables.LeagueRoundApi.as_view(), name="round"),
]
