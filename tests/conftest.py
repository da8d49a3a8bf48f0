import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import translation

from summit.editors import EDITORS_GROUP
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def default_language():
    """Start every test in the site's default language (Chinese), as a fresh process would.

    A request to /en/… leaves English active in the thread; without this, factories run after
    it would write `name=` into the English column instead of the Chinese one.
    """
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: a sitemap cached by one test is not another's."""
    cache.clear()
    yield
    cache.clear()


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
