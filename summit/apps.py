from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def _link_row_str(row) -> str:
    record, related = (field for field in row._meta.fields if field.is_relation)
    return f"{getattr(row, record.name)} – {getattr(row, related.name)}"


def name_link_rows(app_labels) -> None:
    """Give the rows Django creates for plain many-to-many fields (a talk's speakers) readable
    names: "Speakers (talk): 报告 – 张三" instead of "Talk-person relationship: Talk_speakers
    object (4)", where the admin lists them, as before deleting a person.

    Django builds these models itself, with no Meta or __str__ of their own to set.
    """
    for model in apps.get_models():
        if model._meta.app_label not in app_labels:
            continue
        for field in model._meta.local_many_to_many:
            link = field.remote_field.through
            if not link._meta.auto_created:
                continue
            name = format_lazy(
                _("{field} ({model})"), field=field.verbose_name, model=model._meta.verbose_name
            )
            link._meta.verbose_name = link._meta.verbose_name_plural = name
            link.__str__ = _link_row_str


class SummitConfig(AppConfig):
    name = "summit"
    verbose_name = _("Summit")

    def ready(self) -> None:
        from summit.editors import CONTENT_APPS, ensure_editors_group

        post_migrate.connect(ensure_editors_group, dispatch_uid="summit.ensure_editors_group")
        name_link_rows(CONTENT_APPS)
