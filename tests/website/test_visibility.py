"""Nothing unpublished reaches an anonymous visitor, through any channel.

For every content model with a publication state, an unpublished record (a draft, or one
scheduled for later) hangs off published ones, and published records hang off it. Then an
anonymous visitor crawls every public address the site links to, from the home page in both
languages, plus the sitemap, the feed, the calendars and a search for each hidden name, and
the test fails on any appearance of a hidden record's name or slug.

Hidden names carry a token "Qxv<n>", visible ones "Vsb<n>": the crawl also has to find every
visible one, so a crawl that saw nothing cannot pass.
"""

import datetime
import itertools
import re
from collections import deque
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from parks.models import ParkMembership, ParkRelation
from summit.models import Citation, EventOrganisation, EventParticipant, Room, Venue
from tests.factories import (
    AffiliationFactory,
    EventFactory,
    EventFigureFactory,
    EventSeriesFactory,
    IndustryParkFactory,
    OrganisationFactory,
    ParkMetricFactory,
    PersonFactory,
    QuoteFactory,
    SessionFactory,
    SourceFactory,
    TalkFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ("zh-hans", "en")
MAX_PAGES = 2000
LINK = re.compile(r'(?:href|src)="([^"]+)"|<loc>([^<]+)</loc>')


class Names:
    """Unique names in both languages: hidden ones must never show, visible ones must."""

    def __init__(self):
        self.counter = itertools.count(1)
        self.hidden: dict[str, str] = {}
        self.visible: dict[str, str] = {}

    def hidden_name(self, what: str) -> dict:
        token = f"Qxv{next(self.counter):02d}"
        self.hidden[token.lower()] = what
        return self._columns(token, what)

    def visible_name(self, what: str) -> dict:
        token = f"Vsb{next(self.counter):02d}"
        self.visible[token.lower()] = what
        return self._columns(token, what)

    @staticmethod
    def _columns(token: str, what: str) -> dict:
        text = f"{token} {what}"
        return {"zh_hans": text, "en": text}


def named(field: str, columns: dict) -> dict:
    return {f"{field}_{language}": text for language, text in columns.items()}


def build_world(unpublished: dict) -> Names:
    """Published and unpublished records of every kind, linked every way they can be."""
    names = Names()
    hidden = {**unpublished}

    def cite(record, source, evidence_name):
        Citation.objects.create(
            source=source, content_object=record, evidence=evidence_name["zh_hans"]
        )

    # What the public may see.
    series = EventSeriesFactory(**named("name", names.visible_name("series")))
    event = EventFactory(series=series, **named("name", names.visible_name("event")))
    upcoming = EventFactory(
        start_date=timezone.localdate() + datetime.timedelta(days=30),
        **named("name", names.visible_name("upcoming event")),
    )
    person = PersonFactory(**named("name", names.visible_name("person")))
    organisation = OrganisationFactory(**named("name", names.visible_name("organisation")))
    park = IndustryParkFactory(**named("name", names.visible_name("park")))
    source = SourceFactory(**named("title", names.visible_name("source")))
    talk = TalkFactory(event=event, **named("title", names.visible_name("talk")))
    talk.speakers.add(person)
    topic = TopicFactory(**named("name", names.visible_name("topic")))
    event.topics.add(topic)
    EventParticipant.objects.create(event=upcoming, person=person, role="speaker")
    AffiliationFactory(person=person, organisation=organisation)
    QuoteFactory(person=person, event=event, **named("text", names.visible_name("quote")))
    cite(event, source, names.visible_name("evidence"))

    # A draft event, and everything that cannot be shown without it.
    draft_event = EventFactory(
        series=series,
        venue=Venue.objects.create(**named("name", names.hidden_name("venue of draft event"))),
        **named("name", names.hidden_name("event")),
        **hidden,
    )
    Room.objects.create(
        venue=draft_event.venue, **named("name", names.hidden_name("room of draft event"))
    )
    talk_of_draft = TalkFactory(
        event=draft_event, **named("title", names.hidden_name("published talk of draft event"))
    )
    talk_of_draft.speakers.add(person)
    session = SessionFactory(
        event=draft_event, **named("title", names.hidden_name("session of draft event"))
    )
    EventFigureFactory(event=draft_event, **named("label", names.hidden_name("figure")))
    EventParticipant.objects.create(event=draft_event, person=person, role="speaker")
    EventOrganisation.objects.create(event=draft_event, organisation=organisation, role="host")
    # Quotes whose context is the draft event show, without it.
    QuoteFactory(
        person=person, event=draft_event, **named("text", names.visible_name("quote at draft"))
    )
    for record in (draft_event, talk_of_draft, session, draft_event.venue):
        cite(record, source, names.hidden_name("evidence of draft event"))

    # A draft series with a published event in it.
    draft_series = EventSeriesFactory(**named("name", names.hidden_name("series")), **hidden)
    EventFactory(series=draft_series, **named("name", names.visible_name("event of draft series")))
    cite(draft_series, source, names.hidden_name("evidence of draft series"))

    # A draft person: speaker of a published talk, affiliated, quoted, taking part.
    draft_person = PersonFactory(**named("name", names.hidden_name("person")), **hidden)
    talk.speakers.add(draft_person)
    AffiliationFactory(
        person=draft_person,
        organisation=organisation,
        **named("title", names.hidden_name("title of draft person")),
    )
    QuoteFactory(person=draft_person, **named("text", names.hidden_name("quote of draft person")))
    EventParticipant.objects.create(event=event, person=draft_person, role="speaker")
    cite(draft_person, source, names.hidden_name("evidence of draft person"))

    # A draft organisation: parent of a published one, employer, host, park member, approver,
    # publisher.
    draft_organisation = OrganisationFactory(
        **named("name", names.hidden_name("organisation")), **hidden
    )
    OrganisationFactory(
        parent=draft_organisation, **named("name", names.visible_name("child organisation"))
    )
    AffiliationFactory(
        person=person,
        organisation=draft_organisation,
        **named("title", names.hidden_name("title at draft organisation")),
    )
    EventOrganisation.objects.create(event=event, organisation=draft_organisation, role="host")
    ParkMembership.objects.create(park=park, organisation=draft_organisation)
    IndustryParkFactory(
        approved_by=draft_organisation,
        **named("name", names.visible_name("park approved by draft organisation")),
    )
    SourceFactory(
        publisher=draft_organisation,
        publisher_name="",
        **named("title", names.visible_name("source of draft publisher")),
    )

    # A draft talk of a published event.
    draft_talk = TalkFactory(event=event, **named("title", names.hidden_name("talk")), **hidden)
    draft_talk.speakers.add(person)
    cite(draft_talk, source, names.hidden_name("evidence of draft talk"))

    # A draft quote of a published person.
    QuoteFactory(person=person, event=event, **named("text", names.hidden_name("quote")), **hidden)

    # A draft park: related to a published park, with metrics.
    draft_park = IndustryParkFactory(**named("name", names.hidden_name("park")), **hidden)
    ParkRelation.objects.create(park=park, related_park=draft_park, kind="linked")
    ParkRelation.objects.create(park=draft_park, related_park=park, kind="linked")
    ParkMetricFactory(park=draft_park, **named("label", names.hidden_name("metric")))
    ParkMembership.objects.create(park=draft_park, organisation=organisation)

    # A draft source citing published records.
    draft_source = SourceFactory(**named("title", names.hidden_name("source")), **hidden)
    cite(event, draft_source, names.hidden_name("evidence of draft source"))
    cite(person, draft_source, names.hidden_name("evidence of draft source"))

    # Topics carried only by records the public cannot see.
    for carrier in (draft_event, talk_of_draft, draft_person, draft_talk, draft_park):
        carrier.topics.add(TopicFactory(**named("name", names.hidden_name("topic of hidden"))))
    return names


def crawl(client, names: Names) -> dict[str, str]:
    """Every public address reachable from the home pages, the sitemap, the feeds and the
    calendars, as {path: body}."""
    start = ["/sitemap.xml", "/robots.txt"]
    for language in LANGUAGES:
        start += [
            f"/{language}/",
            f"/{language}/events/?when=past",
            f"/{language}/events/feed/",
            f"/{language}/events/calendar.ics",
        ]
    queue, seen, bodies = deque(start), set(start), {}
    while queue:
        path = queue.popleft()
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        assert len(bodies) < MAX_PAGES, "the crawl does not end"
        if response.status_code != 200:
            continue
        body = response.content.decode()
        bodies[path] = body
        for match in LINK.finditer(body):
            link = unescape(match.group(1) or match.group(2))
            parts = urlsplit(link)
            if parts.netloc not in ("", "testserver"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if _followed(parts.path) and target not in seen:
                seen.add(target)
                queue.append(target)
    return bodies


def _followed(path: str) -> bool:
    if not path.startswith(tuple(f"/{language}/" for language in LANGUAGES)):
        return path in ("/sitemap.xml",)
    return "/admin/" not in path and "/i18n/" not in path


def appearances(bodies: dict[str, str], tokens: dict[str, str]) -> list[str]:
    found = []
    for path, body in bodies.items():
        text = body.lower()
        found += [f"{tokens[token]} ({token}) on {path}" for token in tokens if token in text]
    return found


@pytest.mark.parametrize(
    "unpublished",
    [
        {"status": "draft"},
        {"status": "published", "publish_at": timezone.now() + datetime.timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_nothing_unpublished_reaches_an_anonymous_visitor(client, unpublished):
    names = build_world(unpublished)

    bodies = crawl(client, names)

    assert appearances(bodies, names.hidden) == []
    seen_anywhere = "\n".join(bodies.values()).lower()
    assert [what for token, what in names.visible.items() if token not in seen_anywhere] == []
    # Slugs too: a hidden record's address must appear nowhere.
    assert not [path for path in bodies if "qxv" in path.lower()]


def test_search_finds_no_unpublished_record(client):
    names = build_world({"status": "draft"})
    for language in LANGUAGES:
        for token, what in names.hidden.items():
            response = client.get(f"/{language}/search/", {"q": token})
            assert response.status_code == 200
            assert response.context["results"] == [], what
        for token, what in names.visible.items():
            if what.startswith(("quote", "evidence", "series", "source")):
                continue  # not what search covers
            response = client.get(f"/{language}/search/", {"q": token})
            assert response.context["results"], what


def test_staff_preview_a_draft_event_with_its_talks(editor_client):
    names = build_world({"status": "draft"})
    del names
    event = EventFactory._meta.model.objects.get(name_en__contains="Qxv", status="draft")

    response = editor_client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert response.context["preview"] is True
    assert "draft-banner" in response.content.decode()
    assert "published talk of draft event" in response.content.decode()


def test_staff_see_no_preview_banner_on_a_public_page(editor_client):
    event = EventFactory()
    response = editor_client.get(event.get_absolute_url())
    assert response.context["preview"] is False
    assert "draft-banner" not in response.content.decode()
