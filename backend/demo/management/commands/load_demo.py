from django.core.management.base import BaseCommand, CommandParser

from backend.demo.services import OPERATOR_EMAIL, OPERATOR_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Load the demo season (idempotent): operator, players, races, rounds, leagues."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: object, **options: object) -> None:
        report = demo_load(seed=int(options["seed"]))  # type: ignore[call-overload]
        created = ", ".join(f"{n} {what}" for what, n in report.created.items() if n) or "nothing"
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded (new: {created})."))
        self.stdout.write(f"Operator login: {OPERATOR_EMAIL} / {OPERATOR_PASSWORD} at /admin/")
