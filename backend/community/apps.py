from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "backend.community"
    label = "community"
    verbose_name = "Community"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers  # noqa: F401, PLC0415 - once apps are loaded: connects the hooks on the game and the badges
