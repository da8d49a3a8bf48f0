"""Every endpoint runs a fixed number of queries, however many records it lists and however
many related records each has: pinned exactly, at two sizes."""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from tests.api.conftest import API

pytestmark = pytest.mark.django_db

# Address (given the world) and its queries: the count of a page, the page, then one per
# relation loaded (each through its public queryset).
ENDPOINTS = {
    "events": (lambda world: f"{API}events/", 5),
    "event": (lambda world: f"{API}events/{world.event.slug}/", 17),
    "event talks": (lambda world: f"{API}events/{world.event.slug}/talks/", 9),
    "event speakers": (lambda world: f"{API}events/{world.event.slug}/speakers/", 9),
    "sessions": (lambda world: f"{API}sessions/", 4),
    "session": (lambda world: f"{API}sessions/{world.session.pk}/", 3),
    "talks": (lambda world: f"{API}talks/", 8),
    "talk": (lambda world: f"{API}talks/{world.talk.slug}/", 8),
    "people": (lambda world: f"{API}people/", 7),
    "person": (lambda world: f"{API}people/{world.person.slug}/", 12),
    "organisations": (lambda world: f"{API}organisations/", 5),
    "organisation": (lambda world: f"{API}organisations/{world.organisation.slug}/", 12),
    "parks": (lambda world: f"{API}parks/", 7),
    "park": (lambda world: f"{API}parks/{world.park.slug}/", 15),
    "topics": (lambda world: f"{API}topics/", 3),
    "topic": (lambda world: f"{API}topics/{world.topic.slug}/", 2),
    "sources": (lambda world: f"{API}sources/", 3),
    "source": (lambda world: f"{API}sources/{world.source.slug}/", 2),
}
# A source lists nothing that grows: the records citing it cite it, not the other way round.
SAME_SIZE = {"source"}


@pytest.fixture(autouse=True)
def content_types_known():
    """The content types of every model loaded, as in a server that has run a while: which
    ones a test process happens to have looked up already is not the endpoint's doing."""
    ContentType.objects.get_for_models(*apps.get_models())


@pytest.mark.parametrize("name", ENDPOINTS)
def test_endpoint_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, name):
    address, queries = ENDPOINTS[name]
    with django_assert_num_queries(queries):
        small = client.get(address(world))
    assert small.status_code == 200

    world.grow(4)
    with django_assert_num_queries(queries):
        large = client.get(address(world))
    assert large.status_code == 200
    if name not in SAME_SIZE:
        assert len(large.content) > len(small.content)


def test_filters_add_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    """A slug filter is a subquery; a day costs one query for the events' time zones."""
    address = f"{API}talks/"
    params = {"event": world.event.slug, "speaker": world.person.slug, "day": "2019-11-14"}
    with django_assert_num_queries(ENDPOINTS["talks"][1] + 1):
        assert client.get(address, params).json()["count"] == 1
    world.grow(3)
    with django_assert_num_queries(ENDPOINTS["talks"][1] + 1):
        assert client.get(address, params).json()["count"] == 4
