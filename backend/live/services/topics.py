"""Replies on the topics a member follows (asked or replied in) reach their open web app."""

from __future__ import annotations

from backend.community.models import Post

from .broadcast import push, user_group


def topic_reply_push(*, post: Post) -> None:
    """Tell the topic's author and those who replied before, not the replier."""
    topic = post.topic
    followers = set(
        Post.objects.filter(topic_id=topic.pk)
        .exclude(author_id=None)
        .values_list("author_id", flat=True)
    )
    if topic.author_id:
        followers.add(topic.author_id)
    followers.discard(post.author_id)
    frame = {"type": "topic.reply", "topic": topic.pk, "post": post.pk}
    push([user_group(pk) for pk in sorted(followers)], frame)
