"""Race data as Paddock stores it: meetings, races, runners and official dividends."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Meeting(models.Model):
    """One racecourse on one day (réunion), numbered R1, R2… within the day."""

    date = models.DateField()
    number = models.PositiveSmallIntegerField(help_text="R number within the day.")
    racecourse = models.CharField(max_length=120)
    country = models.CharField(max_length=3, blank=True, default="")

    class Meta:
        ordering = ("-date", "number")
        constraints = [
            models.UniqueConstraint(fields=("date", "number"), name="meeting_unique_day_number")
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} R{self.number} {self.racecourse}"


class Race(models.Model):
    """One race of a meeting (course): R1C3 is meeting 1, race 3."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        RUNNING = "running", "Running"
        PROVISIONAL = "provisional", "Provisional arrival"
        OFFICIAL = "official", "Official arrival"
        CANCELLED = "cancelled", "Cancelled"
        REFUNDED = "refunded", "Refunded (no contest)"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="races")
    number = models.PositiveSmallIntegerField(help_text="C number within the meeting.")
    name = models.CharField(max_length=200)
    discipline = models.CharField(max_length=40, blank=True, default="")
    distance = models.PositiveIntegerField(null=True, blank=True, help_text="Metres.")
    post_time = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    declared_runners = models.PositiveSmallIntegerField(null=True, blank=True)
    replay_url = models.URLField(blank=True, default="")
    result_version = models.PositiveIntegerField(
        default=0, help_text="Bumped each time a different official result is stored."
    )
    result_updated_at = models.DateTimeField(null=True, blank=True)
    featured = models.BooleanField(
        default=False,
        db_index=True,
        help_text="Featured by the game (a round is played on it): its results are polled.",
    )

    class Meta:
        ordering = ("post_time", "meeting__number", "number")
        constraints = [
            models.UniqueConstraint(fields=("meeting", "number"), name="race_unique_meeting_number")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def code(self) -> str:
        return f"R{self.meeting.number}C{self.number}"

    @property
    def is_void(self) -> bool:
        return self.status in {self.Status.CANCELLED, self.Status.REFUNDED}

    @property
    def has_official_result(self) -> bool:
        return self.status in {self.Status.OFFICIAL, self.Status.CANCELLED, self.Status.REFUNDED}

    @property
    def result_state(self) -> str:
        """The race's stored result in one word, changed by every result stored: a preview
        keeps it, so that applying it later refuses when another result came in between."""
        stored = self.result_updated_at.isoformat() if self.result_updated_at else ""
        return f"{self.status}:{self.result_version}:{stored}"


class Runner(models.Model):
    """A horse entered in a race (partant), identified by its saddle number."""

    class Status(models.TextChoices):
        RUNNER = "runner", "Runner"
        NON_RUNNER = "non_runner", "Non-runner"

    race = models.ForeignKey(Race, on_delete=models.CASCADE, related_name="runners")
    number = models.PositiveSmallIntegerField(help_text="Saddle number.")
    name = models.CharField(max_length=120)
    jockey = models.CharField(max_length=120, blank=True, default="")
    trainer = models.CharField(max_length=120, blank=True, default="")
    coupled = models.CharField(
        max_length=20, blank=True, default="", help_text="Coupled-entry (écurie) key."
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RUNNER)
    odds = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, help_text="Final decimal odds."
    )
    position = models.PositiveSmallIntegerField(null=True, blank=True)
    disqualified = models.BooleanField(default=False)
    silks_url = models.URLField(
        max_length=300,
        blank=True,
        default="",
        help_text="The feed's image of the silks (owner's colours); served through our copy.",
    )

    class Meta:
        ordering = ("race", "number")
        constraints = [
            models.UniqueConstraint(fields=("race", "number"), name="runner_unique_race_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def is_non_runner(self) -> bool:
        return self.status == self.Status.NON_RUNNER


class Silks(models.Model):
    """Our copy of a feed's silks image (a small PNG), so pages never load a third party's."""

    url = models.URLField(max_length=300, unique=True)
    image = models.BinaryField()
    fetched_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.url


class Dividend(models.Model):
    """An official return for a 1 € stake, stake included, in cents (590 = 5.90 €)."""

    class Kind(models.TextChoices):
        WIN = "win", "Win (simple gagnant)"
        PLACE = "place", "Place (simple placé)"

    class Pool(models.TextChoices):
        # PMU publishes win/place twice: internet pools (E_SIMPLE_*), which Paddock scores
        # at, and shop pools (SIMPLE_*), used only when the internet ones are missing.
        INTERNET = "internet", "PMU internet pool"
        SHOP = "shop", "PMU shop pool"
        OPERATOR = "operator", "Entered by an operator (Paddock CSV)"

    race = models.ForeignKey(Race, on_delete=models.CASCADE, related_name="dividends")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(help_text="Saddle number.")
    cents = models.PositiveIntegerField(help_text="Cents returned per 1 €, stake included.")
    pool = models.CharField(
        max_length=8,
        choices=Pool.choices,
        default=Pool.INTERNET,
        help_text="The pool the dividend was read from.",
    )

    class Meta:
        ordering = ("race", "kind", "number")
        constraints = [
            models.UniqueConstraint(
                fields=("race", "kind", "number"), name="dividend_unique_race_kind_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}: {self.cents / 100:.2f} € ({self.pool})"


class ImportRun(models.Model):
    """One import of a card or a result, successful or not: what operators read in the admin.

    Written outside the import's transaction, so a failed import leaves its trace while
    everything it would have written is rolled back.
    """

    class Source(models.TextChoices):
        PMU = "pmu", "PMU (turfinfo JSON)"
        CSV = "csv", "Paddock CSV"

    class Kind(models.TextChoices):
        CARD = "card", "Card"
        RESULTS = "results", "Results"

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        OK = "ok", "OK"
        FAILED = "failed", "Failed"
        DRY_RUN = "dry_run", "Dry run (nothing written)"

    class Trigger(models.TextChoices):
        COMMAND = "command", "Command"
        ADMIN = "admin", "Admin upload"
        TASK = "task", "Result polling"

    source = models.CharField(max_length=8, choices=Source.choices)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    trigger = models.CharField(max_length=8, choices=Trigger.choices)
    file_name = models.CharField(
        max_length=500, blank=True, default="", help_text="File or URL the data came from."
    )
    day = models.DateField(null=True, blank=True)
    race = models.ForeignKey(
        Race, on_delete=models.SET_NULL, null=True, blank=True, related_name="import_runs"
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="racing_import_runs",
    )
    started_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.RUNNING)
    error = models.TextField(blank=True, default="")
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(
        default=0, help_text="Rows the import deleted (a dividend the new result no longer has)."
    )
    summary = models.TextField(blank=True, default="", help_text="What the import changed.")

    class Meta:
        ordering = ("-started_at", "-pk")

    def __str__(self) -> str:
        when = f"{self.started_at:%Y-%m-%d %H:%M}" if self.started_at else "not started"
        return f"{self.get_kind_display()} {self.source} {when} {self.status}"
