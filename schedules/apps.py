from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulesConfig(AppConfig):
    """Programmes in the frab schedule format, in and out. Builds on `summit`, whose models
    it reads and writes; `summit` knows nothing of it."""

    name = "schedules"
    verbose_name = _("Schedules")
