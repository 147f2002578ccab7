from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from backend.accounts.models import User
from backend.common.errors import ApplicationError
from backend.leagues.models import EmailInvitation, League, Membership, new_invite_code
from backend.leagues.selectors import invite_link, invite_preview, share_targets
from backend.leagues.services import (
    email_invitation_create,
    email_invitation_revoke,
    league_create,
    membership_join_with_code,
)
from backend.notifications.services import league_invitation_send
from tests.factories import LeagueFactory, UserFactory

pytestmark = pytest.mark.django_db

URL_SAFE = re.compile(r"^[A-Za-z0-9_-]+$")


# --- codes --------------------------------------------------------------------------------


def test_it_makes_codes_of_16_url_safe_characters() -> None:
    codes = [new_invite_code() for _ in range(2000)]
    assert all(len(code) == 16 and URL_SAFE.match(code) for code in codes)
    assert len(set(codes)) == len(codes)


def test_it_makes_codes_with_about_six_bits_per_character() -> None:
    # 2000 codes x 16 characters: a uniform 64-symbol alphabet shows (nearly) every symbol
    # with no symbol far above its share, which a code derived from an id would not.
    text = "".join(new_invite_code() for _ in range(2000))
    counts = {symbol: text.count(symbol) for symbol in set(text)}
    assert len(counts) >= 62
    assert max(counts.values()) < 2 * len(text) / 64


def test_it_does_not_derive_codes_from_the_league(owner: User) -> None:
    first = league_create(owner=owner, name="A").invite_codes.get().code
    second = league_create(owner=owner, name="B").invite_codes.get().code
    assert str(first) != str(second)
    for league in League.objects.all():
        code = league.invite_codes.get().code
        assert str(league.pk) not in code[:3]
        assert league.public_id not in code


# --- share links ----------------------------------------------------------------------------


def test_it_builds_the_join_link_from_site_url(settings: Any) -> None:
    settings.SITE_URL = "https://paddock.example"
    assert invite_link("abc_DEF-123") == "https://paddock.example/leagues/join/abc_DEF-123"


def test_it_url_encodes_the_link_in_every_share_target() -> None:
    link = "https://paddock.example/leagues/join/abc_DEF-123"
    targets = share_targets(link=link, league_name="Les Amis & Co", language="fr")
    assert set(targets) == {"whatsapp", "telegram", "facebook", "x", "email", "sms"}
    encoded = quote(link, safe="")
    for name, url in targets.items():
        assert encoded in url, name
        assert " " not in url, name
        assert "&Co" not in url, name
    assert targets["whatsapp"].startswith("https://wa.me/?text=")
    assert targets["telegram"].startswith("https://t.me/share/url?")
    assert targets["facebook"].startswith("https://www.facebook.com/sharer/sharer.php?u=")
    assert targets["x"].startswith("https://twitter.com/intent/tweet?")
    assert targets["email"].startswith("mailto:?subject=")
    assert targets["sms"].startswith("sms:?&body=")
    assert parse_qs(urlsplit(targets["telegram"]).query)["url"] == [link]
    assert "Rejoins ma ligue" in parse_qs(urlsplit(targets["whatsapp"]).query)["text"][0]


# --- preview --------------------------------------------------------------------------------


def test_it_previews_a_code_with_name_owner_and_size(league: League) -> None:
    preview = invite_preview(code=league.invite_codes.get().code, user=None)
    assert (preview.name, preview.owner_name, preview.member_count) == ("Les Turfistes", "Alice", 3)
    assert not preview.is_full
    assert not preview.is_member


# --- email invitations ------------------------------------------------------------------------


@pytest.fixture
def send_now(eager_celery: None, django_capture_on_commit_callbacks: Any) -> Any:
    """Run a call and the tasks it enqueues on commit."""

    def run(fn: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return fn(**kwargs)

    return run


def test_it_emails_an_invitation_with_the_join_link(
    league: League, manager: User, send_now: Any, settings: Any
) -> None:
    settings.SITE_URL = "https://paddock.example"
    invitation = send_now(
        email_invitation_create, league=league, actor=manager, email="New.Friend@Example.com"
    )
    assert invitation.email == "new.friend@example.com"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    link = f"https://paddock.example/leagues/join/{invitation.token}"
    assert message.to == ["new.friend@example.com"]
    assert "Dana" in message.subject
    assert "Les Turfistes" in message.subject
    assert link in message.body
    assert "sign up" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


def test_it_writes_in_the_invited_players_language(
    league: League, owner: User, send_now: Any
) -> None:
    UserFactory(email="marie@example.com", language="fr")
    send_now(email_invitation_create, league=league, actor=owner, email="marie@example.com")
    message = mail.outbox[0]
    assert "vous invite" in message.subject
    assert "Rejoindre la ligue" in message.body


def test_it_writes_to_a_newcomer_in_the_inviters_language(
    league: League, owner: User, send_now: Any
) -> None:
    owner.language = "fr"
    owner.save()
    send_now(email_invitation_create, league=league, actor=owner, email="nouveau@example.com")
    assert "vous invite" in mail.outbox[0].subject


def test_it_lets_a_newcomer_sign_up_then_join_with_the_emailed_token(
    league: League, owner: User, send_now: Any
) -> None:
    invitation = send_now(
        email_invitation_create, league=league, actor=owner, email="newbie@example.com"
    )
    newbie = UserFactory(email="newbie@example.com")  # signed up from the join page
    membership, created = membership_join_with_code(code=invitation.token, player=newbie)
    assert created
    assert membership.league == league
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.accepted_by == newbie
    with pytest.raises(ApplicationError):
        membership_join_with_code(code=invitation.token, player=UserFactory())


def test_it_resends_a_pending_invitation_instead_of_duplicating_it(
    league: League, owner: User, send_now: Any
) -> None:
    first = send_now(email_invitation_create, league=league, actor=owner, email="x@example.com")
    again = send_now(email_invitation_create, league=league, actor=owner, email="x@example.com")
    assert again.pk == first.pk
    assert len(mail.outbox) == 2
    assert EmailInvitation.objects.filter(league=league).count() == 1


def test_it_sends_each_invitation_once(league: League, owner: User, send_now: Any) -> None:
    invitation = send_now(
        email_invitation_create, league=league, actor=owner, email="x@example.com"
    )
    assert league_invitation_send(invitation_id=invitation.pk) is False
    assert len(mail.outbox) == 1


def test_it_refuses_inviting_a_member(league: League, owner: User, member: User) -> None:
    with pytest.raises(ApplicationError) as caught:
        email_invitation_create(league=league, actor=owner, email=member.email.upper())
    assert caught.value.status_code == 409


def test_it_refuses_a_member_sending_invitations(league: League, member: User) -> None:
    with pytest.raises(ApplicationError) as caught:
        email_invitation_create(league=league, actor=member, email="x@example.com")
    assert caught.value.status_code == 403


def test_it_revokes_an_email_invitation(league: League, owner: User, send_now: Any) -> None:
    invitation = send_now(
        email_invitation_create, league=league, actor=owner, email="x@example.com"
    )
    email_invitation_revoke(league=league, actor=owner, invitation_id=invitation.pk)
    with pytest.raises(ApplicationError) as caught:
        membership_join_with_code(code=invitation.token, player=UserFactory())
    assert caught.value.status_code == 404


def test_it_refuses_an_expired_email_invitation(league: League, owner: User) -> None:
    invitation = EmailInvitation.objects.create(
        league=league,
        email="late@example.com",
        invited_by=owner,
        expires_at=timezone.now() - dt.timedelta(seconds=1),
    )
    with pytest.raises(ApplicationError) as caught:
        membership_join_with_code(code=invitation.token, player=UserFactory())
    assert caught.value.status_code == 404
    assert not Membership.objects.filter(league=league, player__email="late@example.com").exists()


def test_it_skips_sending_a_revoked_invitation(league: League, owner: User) -> None:
    invitation = EmailInvitation.objects.create(
        league=league, email="x@example.com", invited_by=owner, revoked_at=timezone.now()
    )
    assert league_invitation_send(invitation_id=invitation.pk) is False
    assert mail.outbox == []


def test_it_does_not_mix_leagues_of_codes(owner: User, outsider: User) -> None:
    first, second = LeagueFactory(owner=owner), LeagueFactory(owner=owner)
    membership, _ = membership_join_with_code(code=second.invite_codes.get().code, player=outsider)
    assert membership.league == second
    assert not first.memberships.filter(player=outsider).exists()


def test_an_accepted_email_invitation_takes_its_own_player_back_to_the_league(
    league: League, owner: User, outsider: User
) -> None:
    invitation = email_invitation_create(league=league, actor=owner, email="friend@example.com")
    first, created = membership_join_with_code(code=invitation.token, player=outsider)
    assert created
    again, created = membership_join_with_code(code=invitation.token, player=outsider)
    assert (again.pk, created) == (first.pk, False)
    assert invite_preview(code=invitation.token, user=outsider).is_member is True
    with pytest.raises(ApplicationError) as caught:
        membership_join_with_code(code=invitation.token, player=UserFactory())
    assert caught.value.status_code == 404
