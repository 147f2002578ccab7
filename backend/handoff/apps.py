from django.apps import AppConfig


class HandoffConfig(AppConfig):
    name = "backend.handoff"
    label = "handoff"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers  # noqa: F401, PLC0415 - once apps are loaded: receivers connect once the apps are loaded
