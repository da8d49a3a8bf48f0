from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import transaction
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
    """Every test starts with empty caches: a sitemap cached by one test is not another's, nor
    are the API requests one test made counted against the next."""
    for each in (cache, caches["throttle"]):
        each.clear()
    yield
    for each in (cache, caches["throttle"]):
        each.clear()


@pytest.fixture(scope="module")
def imported_seed(django_db_setup, django_db_blocker):
    """The seed articles, imported once for the module that asks and gone when it ends.

    Importing the seed takes a second or more: a module of tests that only read it shares one
    import. The import runs in a transaction left open while the module's tests run, and rolled
    back after the last one, so nothing is ever committed: other modules, and the next run on
    a reused test database, find it empty, even after an interrupted run. Each test runs in a
    savepoint inside it (pytest-django's `db` skips Django's class-level transaction, so as to
    allow this), so what one test changes is undone before the next. Only for `db` tests: a
    transactional test (`transaction=True`, `live_server`) cannot run inside a transaction.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_seeds", stdout=StringIO())
        with django_db_blocker.block():  # the module's tests get the database only through `db`
            yield
        transaction.set_rollback(True)


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
