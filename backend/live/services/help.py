"""Live help: a player asks, the question goes to every available helper, the first to
take it chats one to one with the asker, who rates the help; rated help earns reputation
(once). A question nobody takes in time becomes a forum question; a helpful conversation
may be published as a question and answer when both people consent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.common.errors import ApplicationError, not_found
from backend.community.models import TITLE_MAX, TITLE_MIN, Category, ReputationEvent, Topic
from backend.community.services.reputation import reputation_grant
from backend.community.services.topics import post_create, topic_create
from backend.live import frames, selectors
from backend.live.conf import conf
from backend.live.models import HelperProfile, HelpMessage, HelpRequest
from backend.live.signals import help_requested
from backend.live.text import clean_text

from .broadcast import push, user_group
from .moderation import check_can_post

Status = HelpRequest.Status
LIVE_HELP_CATEGORY = "live-help"


@transaction.atomic
def helper_set(*, user: User, opted_in: bool, available: bool) -> HelperProfile:
    """Opt in (or out) as a helper, and say whether one takes questions now."""
    if (opted_in or available) and not selectors.helper_eligible(user):
        raise ApplicationError(
            _("Helpers reach the %(level)s level first.") % {"level": conf().helper_min_level},
            code="helper_level",
            status_code=403,
        )
    profile, _created = HelperProfile.objects.update_or_create(
        player=user, defaults={"opted_in": opted_in, "available": opted_in and available}
    )
    return profile


def on_help_requested(request: HelpRequest) -> list[int]:
    """The hook of a new live question: offer it to every available helper's web app, then
    send `help_requested` (Web Push listens there). Runs once the question is committed."""
    helper_ids = selectors.helpers_available(exclude_id=request.asker_id)
    frame = {"type": "help.request", "request": frames.help_request(request)}
    push([user_group(pk) for pk in helper_ids], frame)
    help_requested.send(sender=HelpRequest, help_request=request, helper_ids=helper_ids)
    return helper_ids


@transaction.atomic
def help_ask(*, asker: User, question: Any, page: str = "") -> HelpRequest:
    """Post a live question (one open at a time)."""
    check_can_post(asker)
    text = clean_text(question, max_chars=conf().message_max_chars)
    if HelpRequest.objects.filter(asker=asker, status__in=selectors.OPEN_HELP).exists():
        raise ApplicationError(
            _("You already have a live question open."), code="already_asking", status_code=409
        )
    now = timezone.now()
    request = HelpRequest.objects.create(
        asker=asker,
        question=text,
        page=page[:200],
        created_at=now,
        expires_at=now + dt.timedelta(seconds=conf().help_wait_seconds),
    )
    transaction.on_commit(lambda: on_help_requested(request))
    return request


def _locked(request_id: int) -> HelpRequest:
    found = HelpRequest.objects.select_for_update(of=("self",)).select_related("asker", "helper")
    request = found.filter(pk=request_id).first()
    if request is None:
        raise not_found(_("No such live question."))
    return request


def _participants(request: HelpRequest) -> list[str]:
    return [user_group(pk) for pk in (request.asker_id, request.helper_id) if pk]


@transaction.atomic
def help_take(*, helper: User, request_id: int) -> HelpRequest:
    """The first helper to take a waiting question gets the conversation; the others see
    it taken."""
    request = _locked(request_id)
    if request.asker_id == helper.pk or not selectors.helper_eligible(helper):
        raise not_found(_("No such live question."))
    if request.status != Status.WAITING or request.expires_at <= timezone.now():
        raise ApplicationError(
            _("Another helper took this question, or it has moved on."),
            code="already_taken",
            status_code=409,
        )
    request.status = Status.TAKEN
    request.helper = helper
    request.taken_at = timezone.now()
    request.save(update_fields=["status", "helper", "taken_at"])
    others = selectors.helpers_available(exclude_id=request.asker_id)
    frame = {"type": "help.taken", "request": frames.help_request(request)}
    push({*_participants(request), *(user_group(pk) for pk in others)}, frame)
    return request


def _check_participant(request: HelpRequest, user: User) -> None:
    if user.pk not in (request.asker_id, request.helper_id):
        raise not_found(_("No such live question."))


@transaction.atomic
def help_send(*, user: User, request_id: int, text: Any) -> HelpMessage:
    """A message of the conversation, stored before it is pushed to both people."""
    request = _locked(request_id)
    _check_participant(request, user)
    if request.status != Status.TAKEN:
        raise ApplicationError(
            _("This conversation is not open."), code="conversation_closed", status_code=409
        )
    check_can_post(user)
    body = clean_text(text, max_chars=conf().message_max_chars)
    message = HelpMessage.objects.create(request=request, author=user, text=body)
    if user.pk == request.helper_id and request.first_response_at is None:
        request.first_response_at = message.created_at
        request.save(update_fields=["first_response_at"])
    push(_participants(request), frames.help_message(message))
    return message


@transaction.atomic
def help_close(*, user: User, request_id: int) -> HelpRequest:
    """The asker (or the helper) ends the conversation; a waiting question is cancelled."""
    request = _locked(request_id)
    _check_participant(request, user)
    if request.status in (Status.WAITING, Status.TAKEN):
        request.status = Status.CLOSED if request.status == Status.TAKEN else Status.CANCELLED
        request.closed_at = timezone.now()
        request.save(update_fields=["status", "closed_at"])
        push(
            _participants(request), {"type": "help.closed", "request": frames.help_request(request)}
        )
    return request


@transaction.atomic
def help_rate(*, asker: User, request_id: int, rating: int) -> HelpRequest:
    """The asker rates the help 1 to 5 (once); a rating of HELPFUL_RATING or more earns the
    helper reputation, once."""
    request = _locked(request_id)
    if request.asker_id != asker.pk:
        raise not_found(_("No such live question."))
    if request.helper_id is None or request.status not in (Status.TAKEN, Status.CLOSED):
        raise ApplicationError(
            _("Only a conversation can be rated."), code="not_rateable", status_code=409
        )
    if request.rating is not None:
        raise ApplicationError(
            _("You rated this help already."), code="already_rated", status_code=409
        )
    if not 1 <= rating <= 5:
        raise ApplicationError(_("A rating is 1 to 5."), code="invalid_rating")
    request.rating = rating
    if request.status == Status.TAKEN:
        request.status, request.closed_at = Status.CLOSED, timezone.now()
    if rating >= conf().helpful_rating and not request.reputation_granted:
        reputation_grant(
            player_id=request.helper_id,
            kind=ReputationEvent.Kind.LIVE_HELP,
            topic=None,
            post=None,
            actor=asker,
        )
        request.reputation_granted = True
    request.save(update_fields=["rating", "status", "closed_at", "reputation_granted"])
    push(_participants(request), {"type": "help.closed", "request": frames.help_request(request)})
    return request


def _category() -> Category:
    category, _created = Category.objects.get_or_create(
        slug=LIVE_HELP_CATEGORY,
        defaults={"name_en": "Live help", "name_fr": "Aide en direct", "position": 90},
    )
    return category


def _title(question: str) -> str:
    title = " ".join(question.split())
    if len(title) < TITLE_MIN:
        title = f"Live question: {title}"
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1] + "…"


@transaction.atomic
def help_publish_consent(*, user: User, request_id: int) -> HelpRequest:
    """One side consents to publishing the conversation; with both, it becomes a forum
    question (the asker's) with the helper's messages as its answer."""
    request = _locked(request_id)
    _check_participant(request, user)
    if request.status != Status.CLOSED or request.helper_id is None:
        raise ApplicationError(
            _("A conversation is published once it is closed."), code="not_closed", status_code=409
        )
    if user.pk == request.asker_id:
        request.asker_consents = True
    else:
        request.helper_consents = True
    if request.asker_consents and request.helper_consents and request.published_topic is None:
        request.published_topic = _publish(request)
    request.save(update_fields=["asker_consents", "helper_consents", "published_topic"])
    return request


def _publish(request: HelpRequest) -> Topic:
    answer = "\n\n".join(
        m.text for m in selectors.help_messages(request=request) if m.author_id == request.helper_id
    )
    if not answer:
        raise ApplicationError(
            _("The helper wrote no answer to publish."), code="no_answer", status_code=409
        )
    topic = topic_create(
        author=request.asker,
        category=_category(),
        title=_title(request.question),
        body=request.question,
    )
    assert request.helper is not None
    post_create(topic=topic, author=request.helper, body=answer)
    return topic


@transaction.atomic
def help_expire(*, request_id: int) -> HelpRequest | None:
    """A question still waiting past its time becomes a forum question; the asker is told.
    Idempotent: anything else is left alone."""
    request = _locked(request_id)
    if request.status != Status.WAITING or request.expires_at > timezone.now():
        return None
    request.forum_topic = topic_create(
        author=request.asker,
        category=_category(),
        title=_title(request.question),
        body=request.question,
    )
    request.status = Status.EXPIRED
    request.closed_at = timezone.now()
    request.save(update_fields=["forum_topic", "status", "closed_at"])
    frame = {
        "type": "help.expired",
        "request": frames.help_request(request),
        "topic": request.forum_topic.pk,
    }
    push(user_group(request.asker_id), frame)
    return request
