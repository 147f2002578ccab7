from django.apps import AppConfig


class LeaguesConfig(AppConfig):
    name = "backend.leagues"
    label = "leagues"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from backend.community.models import Mission  # noqa: PLC0415 - once apps are loaded
        from backend.community.selectors.missions import counter_register  # noqa: PLC0415

        from . import receivers  # noqa: F401, PLC0415 - once apps are loaded: forget invited addresses of deleted accounts
        from .selectors import friends_who_picked  # noqa: PLC0415

        # League invitations live here: this app counts the "invite a friend" missions.
        counter_register(Mission.Kind.INVITE_FRIEND, friends_who_picked)
