from django.apps import AppConfig


class LeaguesConfig(AppConfig):
    name = "backend.leagues"
    label = "leagues"
    default_auto_field = "django.db.models.BigAutoField"
