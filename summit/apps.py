from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SummitConfig(AppConfig):
    name = "summit"
    verbose_name = _("Summit")

    def ready(self) -> None:
        from summit.editors import ensure_editors_group

        post_migrate.connect(ensure_editors_group, dispatch_uid="summit.ensure_editors_group")
