"""Web Push: the channel beside email (the standard protocol, VAPID, `pywebpush`).

A player's browsers subscribe (PushSubscription); each kind has its own preference
(PushPreference, all on by default, one call turns every push off). A push is logged in the
same delivery log as emails (EmailDelivery, kinds `push_*`, keyed like the email it stands
beside), claimed before it is sent: each one goes out at most once per player, to each of
their subscriptions. A subscription the push service refuses for good (404, 410) is removed
at once; one failing PUSH_MAX_FAILURES times in a row is removed too: never retried forever.

Push is off until the VAPID keys are set (PUSH_VAPID_PUBLIC_KEY, PUSH_VAPID_PRIVATE_KEY:
`manage.py push_vapid_keys` makes a pair); then nothing is claimed and nothing sent.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from pywebpush import WebPushException, webpush

from backend.accounts.models import User
from backend.community.models import Post, Topic
from backend.game.models import Round, RoundScore

from . import selectors
from .conf import conf
from .models import EmailDelivery, Kind, PushPreference, PushSubscription
from .sending import Outgoing, Report, claim, mark

logger = logging.getLogger(__name__)

GONE = (404, 410)

# The preference (a PushPreference field) that governs each push kind.
PREFERENCE_OF_KIND: dict[str, str] = {
    Kind.PUSH_ROUND_OPEN: "round_open",
    Kind.PUSH_REMINDER: "reminders",
    Kind.PUSH_RESULTS: "results",
    Kind.PUSH_REPLY: "replies",
    Kind.PUSH_HELP_REQUEST: "help_requests",
}
PREFERENCES = tuple(PREFERENCE_OF_KIND.values())


@dataclass(frozen=True, slots=True)
class PushMessage:
    """What the notification shows, and where a tap leads (a path of the web app)."""

    title: str
    body: str
    url: str
    tag: str = ""

    def payload(self) -> bytes:
        data = {"title": self.title, "body": self.body, "url": self.url, "tag": self.tag}
        return json.dumps(data, ensure_ascii=False).encode()


def enabled() -> bool:
    """Push is on when both VAPID keys are configured."""
    return bool(settings.PUSH_VAPID_PUBLIC_KEY and settings.PUSH_VAPID_PRIVATE_KEY)


# --- subscriptions and preferences ----------------------------------------------------------


def subscribe(*, player: User, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Save a browser's subscription; the same endpoint again updates it (now this player's)."""
    subscription, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"player": player, "p256dh": p256dh, "auth": auth, "failures": 0},
    )
    return subscription


def unsubscribe(*, player: User, endpoint: str = "") -> int:
    """Forget one of the player's subscriptions, or every one of them (one-click off)."""
    subscriptions = PushSubscription.objects.filter(player=player)
    if endpoint:
        subscriptions = subscriptions.filter(endpoint=endpoint)
    deleted, _ = subscriptions.delete()
    return deleted


def preferences_of(*, player: User) -> PushPreference:
    return PushPreference.objects.filter(player=player).first() or PushPreference(player=player)


def preferences_update(*, player: User, changes: dict[str, bool]) -> PushPreference:
    preference = preferences_of(player=player)
    for name, value in changes.items():
        if name in PREFERENCES:
            setattr(preference, name, bool(value))
    preference.save()
    return preference


def wanting(*, kind: str, player_ids: Sequence[int]) -> list[int]:
    """Of `player_ids`, those with a subscription who did not turn this kind off."""
    field = PREFERENCE_OF_KIND[kind]
    subscribed = set(
        PushSubscription.objects.filter(player_id__in=player_ids).values_list(
            "player_id", flat=True
        )
    )
    off = set(
        PushPreference.objects.filter(player_id__in=subscribed, **{field: False}).values_list(
            "player_id", flat=True
        )
    )
    return [p for p in dict.fromkeys(player_ids) if p in subscribed and p not in off]


# --- sending --------------------------------------------------------------------------------


def _deliver(subscription: PushSubscription, message: PushMessage) -> str:
    """Send to one subscription: "" when the push service took it, else why not."""
    settings_now = conf()
    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=message.payload(),
            vapid_private_key=settings.PUSH_VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.PUSH_VAPID_SUBJECT},
            ttl=settings_now.push_ttl_seconds,
            timeout=settings_now.push_timeout_seconds,
        )
    except WebPushException as exc:
        status = getattr(exc.response, "status_code", None)
        if status in GONE:
            subscription.delete()
            return f"gone ({status}): subscription removed"
        return _failed(subscription, f"refused ({status})")
    except (OSError, ValueError) as exc:  # network trouble, or keys the library cannot use
        return _failed(subscription, f"{type(exc).__name__}: {exc}"[:300])
    PushSubscription.objects.filter(pk=subscription.pk).update(
        failures=0, last_sent_at=timezone.now()
    )
    return ""


def _failed(subscription: PushSubscription, why: str) -> str:
    limit = conf().push_max_failures
    if subscription.failures + 1 >= limit:
        subscription.delete()
        return f"{why}; failed {limit} times in a row: subscription removed"
    PushSubscription.objects.filter(pk=subscription.pk).update(failures=F("failures") + 1)
    return why


def send(
    *,
    kind: str,
    key: str,
    player_ids: Sequence[int],
    compose: Callable[[User], PushMessage | None],
    owner: str = "",
) -> Report:
    """Push `kind` (once per player for `key`) to those of `player_ids` who want it.

    `compose` writes a player's message in their language (None: nothing for them).
    """
    report = Report()
    if not enabled():
        return report
    players = User.objects.filter(pk__in=wanting(kind=kind, player_ids=player_ids), is_active=True)
    messages: dict[int, PushMessage] = {}
    for player in players:
        message = compose(player)
        if message is not None:
            messages[player.pk] = message
    outgoing = [
        Outgoing(to="", subject=m.title, text=m.body, html="", language="", player_id=pk)
        for pk, m in messages.items()
    ]
    claimed = claim(
        kind=kind, key=key, round_id=None, owner=owner or uuid.uuid4().hex, messages=outgoing
    )
    report.claimed = len(claimed)
    for row_id, out in claimed:
        assert out.player_id is not None
        why = [
            _deliver(subscription, messages[out.player_id])
            for subscription in PushSubscription.objects.filter(player_id=out.player_id)
        ]
        if "" in why:
            report.sent += 1
            mark([row_id], EmailDelivery.Status.SENT, "; ".join(w for w in why if w))
        else:
            report.failed += 1
            mark([row_id], EmailDelivery.Status.FAILED, "; ".join(why) or "no subscription left")
    logger.info("push %s %s: %s", kind, key, report.as_dict())
    return report


# --- what is pushed -------------------------------------------------------------------------

TEXT: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        Kind.PUSH_ROUND_OPEN: ("This week's race is open", "{race}: make your pick, for free."),
        Kind.PUSH_REMINDER: ("One hour to the lock", "{race}: you have not picked yet."),
        Kind.PUSH_RESULTS: ("Your results are in", "{race}: see your points."),
        Kind.PUSH_REPLY: ("A reply to your question", "“{title}”"),
        Kind.PUSH_HELP_REQUEST: ("A player asks for live help", "{summary}"),
    },
    "fr": {
        Kind.PUSH_ROUND_OPEN: ("La course de la semaine est ouverte", "{race} : à vous de jouer."),
        Kind.PUSH_REMINDER: ("Plus qu'une heure avant le départ", "{race} : pas encore de pick."),
        Kind.PUSH_RESULTS: ("Vos résultats sont arrivés", "{race} : voyez vos points."),
        Kind.PUSH_REPLY: ("Une réponse à votre question", "« {title} »"),
        Kind.PUSH_HELP_REQUEST: ("Un joueur demande de l'aide en direct", "{summary}"),
    },
}


def message_for(player: User, kind: str, url: str, tag: str, **values: str) -> PushMessage:
    """The push of `kind` in the player's language."""
    lang = player.language if player.language in TEXT else "en"
    title, body = TEXT[lang][kind]
    return PushMessage(title=title, body=body.format(**values), url=url, tag=tag)


def round_push(*, kind: str, round_id: int) -> Report:
    """Round open / an hour before the lock (players without a pick), or results (players
    scored in the round). Keyed by round, like the email beside it."""
    if not enabled():
        return Report()
    rnd = Round.objects.select_related("race", "season").filter(pk=round_id).first()
    if rnd is None:
        return Report()
    key = f"{kind}:{round_id}"
    if kind == Kind.PUSH_RESULTS:
        ids = list(RoundScore.objects.filter(round_id=round_id).values_list("player_id", flat=True))
        url = f"/results/{round_id}"
    else:
        ids = selectors.pre_lock_audience(rnd=rnd, kind=kind, key=key)
        url = "/pick"
    race = rnd.race.name
    return send(
        kind=kind,
        key=key,
        player_ids=ids,
        compose=lambda p: message_for(p, kind, url, key, race=race),
    )


def reply_push(*, post_id: int) -> Report:
    """Tell a question's asker that someone else replied (once per reply)."""
    post = Post.objects.select_related("topic").filter(pk=post_id).first()
    if post is None or post.topic.kind != Topic.Kind.QUESTION:
        return Report()
    asker = post.topic.author_id
    if asker is None or asker == post.author_id:
        return Report()
    title = post.topic.title
    url = f"/community/topics/{post.topic_id}"
    return send(
        kind=Kind.PUSH_REPLY,
        key=f"reply:{post_id}",
        player_ids=[asker],
        compose=lambda p: message_for(
            p, Kind.PUSH_REPLY, url, f"topic:{post.topic_id}", title=title
        ),
    )


def notify_help_request(
    *, request_key: str, helper_ids: Sequence[int], summary: str, url: str
) -> Report:
    """Push a live help request to helpers (at most once per helper for `request_key`).

    For the live-help feature: `summary` is what the notification says (no private data),
    `url` the web app's path where a helper picks the request up ("/help/42").
    """
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError("url must be a path of the web app")
    return send(
        kind=Kind.PUSH_HELP_REQUEST,
        key=f"help:{request_key}"[:100],
        player_ids=helper_ids,
        compose=lambda p: message_for(
            p, Kind.PUSH_HELP_REQUEST, url, f"help:{request_key}", summary=summary[:200]
        ),
    )
