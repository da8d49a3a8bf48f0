from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("public API")

    def ready(self):
        # Registers how the schema describes the API's own field types (drf-spectacular
        # finds extensions by importing them).
        from api import schema  # noqa: F401
