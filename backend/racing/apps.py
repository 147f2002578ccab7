from django.apps import AppConfig


class RacingConfig(AppConfig):
    name = "backend.racing"
    label = "racing"
    default_auto_field = "django.db.models.BigAutoField"
