"""Schemathesis fuzzes every operation of the OpenAPI document against the seeded site (the
seed article and pretalx's small event): no server error, and every response matches the
document (status, content type, headers, body), for valid and invalid requests alike.

Slugs Schemathesis makes up name no record: the operations of one record, or of one event's
talks and speakers, are also fuzzed with the slugs (ids) of the seeded public records, and each
must answer some of those requests with a 200 whose body the document validated.

The requests go to the site in-process (WSGI), inside the module's transaction, on whichever
database the suite runs on. The document is generated when the module is collected (English
descriptions; no database needed), the same document /api/v1/schema/ serves.
"""

from io import StringIO

import hypothesis
import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from hypothesis import strategies
from schemathesis.config import SchemathesisConfig

from parks.models import IndustryPark
from summit.models import Event, Organisation, Person, Session, Source, Talk, Topic
from tests.browser.conftest import SMALL_SCHEDULE

# Enough to reach every parameter and its edges, within the suite's time.
EXAMPLES_PER_OPERATION = 40
SEEDED_EXAMPLES_PER_OPERATION = 25
# The operations on one record (or one event's list), by the public records whose slug or id
# fills their path.
SEEDED_OPERATIONS = {
    "/api/v1/events/{slug}/": Event,
    "/api/v1/events/{event}/talks/": Event,
    "/api/v1/events/{event}/speakers/": Event,
    "/api/v1/sessions/{id}/": Session,
    "/api/v1/talks/{slug}/": Talk,
    "/api/v1/people/{slug}/": Person,
    "/api/v1/organisations/{slug}/": Organisation,
    "/api/v1/parks/{slug}/": IndustryPark,
    "/api/v1/topics/{slug}/": Topic,
    "/api/v1/sources/{slug}/": Source,
}


def load_schema():
    with translation.override("en"):
        document = SchemaGenerator().get_schema(request=None, public=True)
    config = SchemathesisConfig.from_dict(
        {
            "generation": {
                "max-examples": EXAMPLES_PER_OPERATION,
                # The site answers a NUL in a query string with a plain-text 400 before any
                # view (website.middleware): never a server error, and not the API's answer.
                "allow-x00": False,
            },
        }
    )
    loaded = schemathesis.openapi.from_dict(document, config=config)
    loaded.app = get_wsgi_application()  # requests go to the site in-process, as from_wsgi's
    return loaded


schema = load_schema()


@pytest.fixture(scope="module")
def seeded_site(django_db_setup, django_db_blocker):
    """The seed article and pretalx's small event, imported once for the module and rolled
    back after it (as `imported_seed` does for the seed alone)."""
    if not SMALL_SCHEDULE.exists():
        pytest.fail(
            f"{SMALL_SCHEDULE} is missing: the suite reads ../shared beside the repository."
        )
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_seeds", stdout=StringIO())
        call_command("import_schedule", str(SMALL_SCHEDULE), stdout=StringIO())
        with django_db_blocker.block():
            yield
        transaction.set_rollback(True)


@pytest.fixture
def site(seeded_site, db, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]  # Schemathesis's host
    # Django's WSGI handler closes the database connection after each request when it is in a
    # transaction, as the test's is (PostgreSQL would lose it); its test client does the same.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
# The examples only read: sharing one database savepoint and one settings change between them
# is what is wanted.
@hypothesis.settings(
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture], database=None
)
def test_operation_conforms_to_the_schema(case, site):
    case.call_and_validate()


def test_every_record_operation_is_described(site):
    described = {path for path in schema.keys() if "{" in path}  # noqa: SIM118 (not a dict)
    assert described == set(SEEDED_OPERATIONS)


@pytest.mark.parametrize("path", SEEDED_OPERATIONS)
def test_operation_on_seeded_records_conforms_to_the_schema(site, path):
    operation = schema[path]["GET"]
    parameter = path.split("{")[1].split("}")[0]
    lookup = "pk" if parameter == "id" else "slug"
    model = SEEDED_OPERATIONS[path]
    values = sorted(model.objects.published().values_list(lookup, flat=True))
    assert values, model
    answered = []

    @hypothesis.given(
        strategies.sampled_from(values).flatmap(
            lambda value: operation.as_strategy(path_parameters={parameter: value})
        )
    )
    @hypothesis.settings(
        max_examples=SEEDED_EXAMPLES_PER_OPERATION,
        database=None,
        derandomize=True,  # the same requests each run: whether one answers 200 is no chance
        deadline=None,
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    def call(case):
        response = case.call_and_validate()  # any response, 200 or error, as documented
        if response.status_code == 200:
            answered.append(case.path_parameters[parameter])

    call()
    assert answered, path
