from django.apps import AppConfig


class HandoffConfig(AppConfig):
    name = "backend.handoff"
    label = "handoff"
    default_auto_field = "django.db.models.BigAutoField"
