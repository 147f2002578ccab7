"""A model ordered "by player" orders by the player's id, its own column: ordering by the
relation would join the users table (the largest there is) into every read left in the
default order, only to sort by the id the row already holds."""

from __future__ import annotations

import pytest
from django.db import models

from backend.community.models import CommunityProfile
from backend.game.models import Pick, RoundScore, Standing, WeeklyStanding
from backend.notifications.models import EmailPreference, PushPreference

BY_PLAYER = [Pick, RoundScore, Standing, WeeklyStanding, EmailPreference, PushPreference]


@pytest.mark.parametrize("model", [*BY_PLAYER, CommunityProfile], ids=lambda m: m.__name__)
def test_a_read_in_the_default_order_does_not_join_the_users(model: type[models.Model]) -> None:
    sql = str(model._default_manager.filter(pk__gt=0).query)
    assert "ORDER BY" in sql
    assert "accounts_user" not in sql, sql


@pytest.mark.parametrize("model", BY_PLAYER, ids=lambda m: m.__name__)
def test_the_last_key_of_the_default_order_is_the_player_id(model: type[models.Model]) -> None:
    sql = str(model._default_manager.filter(pk__gt=0).query)
    assert sql.rstrip().endswith(f'"{model._meta.db_table}"."player_id" ASC'), sql
