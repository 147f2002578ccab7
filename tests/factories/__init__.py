"""One factory per model, for every test: import them from `tests.factories`.

The modules follow the apps (accounts, racing, game, leagues, community, handoff,
notifications); each factory builds a valid row with the fewest choices a test must make,
and the variants a test means are traits (`RoundFactory(settled=True)`), not other
factories. The helpers beside them build what no single factory does: a race with its
card, a league of several players, a result stored through racing's service.
"""

from __future__ import annotations

from .accounts import PASSWORD, UserFactory, born_years_ago
from .community import CategoryFactory, PostFactory, TopicFactory
from .game import (
    PickFactory,
    RoundFactory,
    RoundScoreFactory,
    SeasonFactory,
    StandingFactory,
    WeeklyStandingFactory,
    lock,
    store_result,
)
from .handoff import (
    BettingPartnerFactory,
    ClickFactory,
    ConversionFactory,
    NoticeFactory,
    PreferenceFactory,
)
from .leagues import InviteCodeFactory, LeagueFactory, MembershipFactory, league_with
from .notifications import EmailDeliveryFactory, EmailPreferenceFactory
from .racing import (
    DividendFactory,
    MeetingFactory,
    RaceFactory,
    RunnerFactory,
    race_with_runners,
)

__all__ = [
    "PASSWORD",
    "BettingPartnerFactory",
    "CategoryFactory",
    "ClickFactory",
    "ConversionFactory",
    "DividendFactory",
    "EmailDeliveryFactory",
    "EmailPreferenceFactory",
    "InviteCodeFactory",
    "LeagueFactory",
    "MeetingFactory",
    "MembershipFactory",
    "NoticeFactory",
    "PickFactory",
    "PostFactory",
    "PreferenceFactory",
    "RaceFactory",
    "RoundFactory",
    "RoundScoreFactory",
    "RunnerFactory",
    "SeasonFactory",
    "StandingFactory",
    "TopicFactory",
    "UserFactory",
    "WeeklyStandingFactory",
    "born_years_ago",
    "league_with",
    "lock",
    "race_with_runners",
    "store_result",
]
