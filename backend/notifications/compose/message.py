"""One rendered message to one player, in the layout every Paddock email shares."""

from __future__ import annotations

from typing import Any

from backend.notifications import links
from backend.notifications.rendering import Pair, base_context, reason_for, subject_line
from backend.notifications.sending import Outgoing

from .recipients import Recipient


def outgoing(
    person: Recipient,
    *,
    kind: str,
    topic: str | None,
    subject: str,
    pair: Pair,
    context: dict[str, Any],
    preheader: str = "",
    payload: dict[str, Any] | None = None,
    split: dict[str, tuple[Any, Any]] | None = None,
) -> Outgoing:
    """Render one message; a non-transactional one gets its unsubscribe link and headers."""
    headers = {"X-Paddock-Kind": kind}
    unsubscribe = ""
    if topic is not None:
        unsubscribe, list_headers = links.unsubscribe_links(user_id=person.id, topic=topic)
        headers.update(list_headers)
    subject = subject_line(subject)
    context = {
        **base_context(
            subject=subject,
            preheader=preheader,
            unsubscribe_url=unsubscribe,
            reason=reason_for(topic) if topic else "",
        ),
        "name": person.name,
        **context,
    }
    html, text = pair.render(context, split)
    return Outgoing(
        to=person.email,
        subject=subject,
        text=text,
        html=html,
        language=person.language,
        player_id=person.id,
        headers=headers,
        payload=payload or {},
    )
