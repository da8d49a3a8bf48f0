"""The "Editors" group: staff who edit content but cannot manage users or permissions."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

EDITORS_GROUP = "Editors"
# Apps whose records are site content; auth, sessions and admin logs are not.
CONTENT_APPS = ("summit", "parks")


def ensure_editors_group(**kwargs) -> Group:
    """Create or refresh the Editors group with every permission on content models.

    Runs after each `migrate`, so new models are covered the moment they exist. Permissions are
    created first because post_migrate handlers run in app order.
    """
    for label in CONTENT_APPS:
        create_permissions(apps.get_app_config(label), verbosity=0)
    group, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=CONTENT_APPS))
    return group
