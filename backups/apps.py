from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """Backup and restore of the whole database; no models of its own."""

    name = "backups"
    verbose_name = _("Backups")
