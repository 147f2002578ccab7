from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CommonConfig(AppConfig):
    """Shared pieces: errors, health, security middleware, and Paddock's system checks."""

    name = "backend.common"
    label = "common"
    default = True

    def ready(self) -> None:
        from . import checks  # noqa: F401, PLC0415 - once apps are loaded: registers the checks


# Subclassed through its module: an AdminConfig imported here would count as a default too.
class PaddockAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with Paddock's site: staff, and a second factor when required."""

    default = False  # chosen by name in INSTALLED_APPS; CommonConfig is this module's default
    default_site = "backend.common.admin_site.PaddockAdminSite"
