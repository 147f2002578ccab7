"""Demo data for `make run`: a whole game a newcomer can look at and play in.

Each capability adds its part in `demo_load`; every part is idempotent, so loading twice
leaves one copy.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.racing.models import Meeting, Race, Runner

OPERATOR_EMAIL = "operator@paddock.local"
OPERATOR_PASSWORD = "paddock-demo"  # noqa: S105 - documented demo credential, local only
PLAYER_PASSWORD = "paddock-demo"  # noqa: S105

HORSES = [
    "Idao de Tillard",
    "Hooker Berry",
    "Go On Boy",
    "Ampia Mede",
    "Hokkaido Jiel",
    "Inmarosa",
    "Izoard Vedaquais",
    "Jushua Tree",
    "Hussard du Landret",
    "Kalypso Jiel",
    "Hohneck",
    "Gu d'Héripré",
    "Ideal Ligneries",
    "Fakir du Lorault",
    "Just Love You",
    "Iroise de la Noé",
    "Etonnant",
    "Horsy Dream",
    "Italiano Vero",
    "Jasmine de Vandel",
]
PEOPLE = [
    "M. Abrivard",
    "E. Raffin",
    "J.-M. Bazire",
    "B. Rochard",
    "F. Nivard",
    "D. Thomain",
    "Y. Lebourgeois",
    "N. Bazire",
    "A. Abrivard",
    "G. Gelormini",
    "C. Soumillon",
    "M. Guyon",
    "P.-C. Boudot",
    "A. Lemaitre",
    "S. Pasquier",
    "T. Piccone",
]
TRAINERS = [
    "S. Guarato",
    "J. Westholm",
    "F. Souloy",
    "P. Bekaert",
    "A. Fabre",
    "F. Head",
    "C. Ferland",
    "J.-M. Baudouin",
    "T. Duvaldestin",
    "L. Baudron",
]
RACECOURSES = [
    ("Vincennes", "ATTELE", 2700),
    ("Longchamp", "PLAT", 2400),
    ("Chantilly", "PLAT", 2000),
    ("Auteuil", "STEEPLECHASE", 3500),
    ("Enghien", "ATTELE", 2875),
    ("Deauville", "PLAT", 1600),
]


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, count: int) -> None:
        self.created[what] = self.created.get(what, 0) + count


def demo_operator() -> User:
    user, created = User.objects.get_or_create(
        email=OPERATOR_EMAIL,
        defaults={"display_name": "Paddock operator", "is_staff": True, "is_superuser": True},
    )
    if created:
        user.set_password(OPERATOR_PASSWORD)
        user.save()
    _verify(user)
    return user


def _verify(user: User) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def demo_race(
    *,
    rng: random.Random,
    day: dt.date,
    meeting_number: int,
    race_number: int,
    post_time: dt.datetime,
    runners: int = 14,
) -> Race:
    """A realistic race card: a racecourse, a field of named horses with odds."""
    course, discipline, distance = RACECOURSES[(meeting_number + day.toordinal()) % 6]
    meeting, _ = Meeting.objects.get_or_create(
        date=day, number=meeting_number, defaults={"racecourse": course, "country": "FRA"}
    )
    race, created = Race.objects.get_or_create(
        meeting=meeting,
        number=race_number,
        defaults={
            "name": f"Prix {rng.choice(['de', 'du', 'des'])} "
            f"{rng.choice(['Paris', 'Bretagne', 'Normandie', 'Lyon', 'Cornulier'])}",
            "discipline": discipline,
            "distance": distance,
            "post_time": post_time,
            "declared_runners": runners,
        },
    )
    if created:
        names = rng.sample(HORSES, k=min(runners, len(HORSES)))
        Runner.objects.bulk_create(
            Runner(
                race=race,
                number=n,
                name=names[n - 1],
                jockey=rng.choice(PEOPLE),
                trainer=rng.choice(TRAINERS),
                odds=round(rng.uniform(1.8, 45.0), 1),
            )
            for n in range(1, runners + 1)
        )
    return race


@transaction.atomic
def demo_load(*, seed: int = 2026) -> DemoReport:
    """Load (or complete) the demo: the operator and this week's races."""
    rng = random.Random(seed)
    report = DemoReport()
    demo_operator()
    next_sunday = timezone.localdate() + dt.timedelta(
        days=(6 - timezone.localdate().weekday()) or 7
    )
    post = timezone.make_aware(dt.datetime.combine(next_sunday, dt.time(15, 15)))
    before = Race.objects.count()
    demo_race(rng=rng, day=next_sunday, meeting_number=1, race_number=4, post_time=post, runners=16)
    report.add("races", Race.objects.count() - before)
    return report
