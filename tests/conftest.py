import pytest
from django.contrib.auth.models import Group

from summit.editors import EDITORS_GROUP
from tests.factories import UserFactory


@pytest.fixture
def editor(db):
    """A staff member in the Editors group, as staff are set up in production."""
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
