"""Nothing unpublished reaches the API: not as a record, not as a related record, not as a
link, not through a filter or a search, and not for staff either.

The world is the one the pages' visibility test builds (tests/website/test_visibility.py):
every publishable kind hidden (a draft, or one scheduled for later), published records hanging
off hidden ones and hidden ones off published ones. Hidden names and slugs carry "Qxv<n>",
visible ones "Vsb<n>": the crawl has to find every visible one, so a crawl that saw nothing
cannot pass.
"""

import datetime
import json
from collections import deque

import pytest
from django.utils import timezone

from parks.models import IndustryPark
from summit.models import Event, Organisation, Person, Room, Session, Source, Talk, Topic, Track
from tests.api.conftest import API, get_json
from tests.factories import (
    AffiliationFactory,
    CountryFactory,
    OrganisationFactory,
    PersonFactory,
    TalkFactory,
)
from tests.website.test_visibility import appearances, build_world

pytestmark = pytest.mark.django_db

HIDDEN = pytest.mark.parametrize(
    "unpublished",
    [
        {"status": "draft"},
        {"status": "published", "publish_at": timezone.now() + datetime.timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
MAX_RESPONSES = 1000
LISTS = ("events", "sessions", "talks", "people", "organisations", "parks", "topics", "sources")
# Records with an address of their own in the API, by the list they are in.
ROUTES = {
    "events": Event,
    "talks": Talk,
    "people": Person,
    "organisations": Organisation,
    "parks": IndustryPark,
    "topics": Topic,
    "sources": Source,
}


def addresses_in(data) -> list[str]:
    """Every API address a JSON document holds, however deep."""
    if isinstance(data, dict):
        return [address for value in data.values() for address in addresses_in(value)]
    if isinstance(data, list):
        return [address for value in data for address in addresses_in(value)]
    if isinstance(data, str) and data.startswith(f"http://testserver{API}"):
        return [data.removeprefix("http://testserver")]
    return []


def crawl(client) -> dict[str, str]:
    """Every address reachable from the API's index and its lists (in both shapes of
    language), as {address: body}."""
    start = [API] + [f"{API}{name}/{query}" for name in LISTS for query in ("", "?lang=en")]
    queue, seen, bodies = deque(start), set(start), {}
    while queue:
        address = queue.popleft()
        if address.startswith((f"{API}schema/", f"{API}docs/")):
            continue
        response = client.get(address)
        assert response.status_code == 200, (address, response.content[:300])
        assert len(bodies) < MAX_RESPONSES, "the crawl does not end"
        bodies[address] = response.content.decode()
        for found in addresses_in(json.loads(bodies[address])):
            if found not in seen:
                seen.add(found)
                queue.append(found)
    return bodies


def hidden_addresses() -> list[str]:
    """The API addresses of every record the public may not see."""
    addresses = [
        f"{API}{name}/{record.slug}/"
        for name, model in ROUTES.items()
        for record in model.objects.exclude(pk__in=model.objects.published())
    ]
    hidden_events = Event.objects.exclude(pk__in=Event.objects.published())
    addresses += [
        f"{API}events/{event.slug}/{part}/"
        for event in hidden_events
        for part in ("talks", "speakers")
    ]
    addresses += [
        f"{API}sessions/{session.pk}/"
        for session in Session.objects.exclude(pk__in=Session.objects.published())
    ]
    return addresses


@HIDDEN
def test_no_unpublished_record_appears_in_any_response(client, unpublished):
    names = build_world(unpublished)

    bodies = crawl(client)

    assert appearances(bodies, names.hidden) == []
    # Slugs too: a hidden record's address appears nowhere ("qxv" is in every hidden name).
    assert [address for address, body in bodies.items() if "qxv" in body.lower()] == []
    everything = "\n".join(bodies.values()).lower()
    assert [what for token, what in names.visible.items() if token not in everything] == []


@HIDDEN
def test_unpublished_records_are_not_found(client, editor_client, unpublished):
    build_world(unpublished)
    addresses = hidden_addresses()
    assert len(addresses) >= 10

    # Staff get nothing more from the API than anyone else.
    for each_client in (client, editor_client):
        found = {address: each_client.get(address).status_code for address in addresses}
        assert {address for address, status in found.items() if status != 404} == set()


@HIDDEN
def test_filters_naming_unpublished_records_find_nothing(client, unpublished):
    build_world(unpublished)

    def hidden_slugs(model):
        hidden = model.objects.exclude(pk__in=model.objects.published())
        slugs = list(hidden.values_list("slug", flat=True))
        assert slugs, model
        return slugs

    filters = [
        ("events", "series", hidden_slugs(Event._meta.get_field("series").related_model)),
        ("events", "topic", hidden_slugs(Topic)),
        ("sessions", "event", hidden_slugs(Event)),
        ("talks", "event", hidden_slugs(Event)),
        ("talks", "speaker", hidden_slugs(Person)),
        ("talks", "topic", hidden_slugs(Topic)),
        ("people", "organisation", hidden_slugs(Organisation)),
        ("people", "topic", hidden_slugs(Topic)),
        ("organisations", "parent", hidden_slugs(Organisation)),
        ("parks", "topic", hidden_slugs(Topic)),
    ]
    hidden_rooms = Room.objects.exclude(pk__in=Room.objects.published())
    filters.append(("talks", "room", list(hidden_rooms.values_list("pk", flat=True))))
    Track.objects.create(
        event=Event.objects.exclude(pk__in=Event.objects.published()).first(), name="隐藏"
    )
    hidden_tracks = Track.objects.exclude(pk__in=Track.objects.published())
    filters.append(("talks", "track", list(hidden_tracks.values_list("pk", flat=True))))
    for name, parameter, values in filters:
        assert values, parameter
        for value in values:
            response = client.get(f"{API}{name}/", {parameter: value})
            assert response.status_code == 200
            assert response.json()["count"] == 0, (name, parameter, value)


@HIDDEN
def test_search_finds_no_unpublished_record(client, unpublished):
    names = build_world(unpublished)
    searched = ("events", "talks", "people", "organisations", "parks", "topics")
    for token in names.hidden:
        for name in searched:
            assert client.get(f"{API}{name}/", {"q": token}).json()["count"] == 0, (name, token)
    found = sum(
        client.get(f"{API}{name}/", {"q": token}).json()["count"]
        for token in names.visible
        for name in searched
    )
    assert found >= 10


@HIDDEN
def test_country_filter_follows_only_public_affiliations(client, unpublished):
    # Public people speaking at a public event: one whose only organisation in "ZZ" is hidden,
    # one whose organisation there is public.
    zz = CountryFactory(code="ZZ", name="某地", name_en="Somewhere")
    hidden_only, visible = PersonFactory(), PersonFactory()
    AffiliationFactory(
        person=hidden_only, organisation=OrganisationFactory(country=zz, **unpublished)
    )
    AffiliationFactory(person=visible, organisation=OrganisationFactory(country=zz))
    talk = TalkFactory()
    talk.speakers.add(hidden_only, visible)

    for address in (f"{API}people/", f"{API}events/{talk.event.slug}/speakers/"):
        found = get_json(client, address, country="zz")["results"]
        assert [person["slug"] for person in found] == [visible.slug], address
