import datetime
import itertools
from dataclasses import dataclass

import pytest
from django.utils import timezone

from parks.models import IndustryPark, ParkMembership, ParkRelation, ValueChainStage
from summit.models import (
    Citation,
    Event,
    EventOrganisation,
    EventParticipant,
    Organisation,
    Person,
    Room,
    Session,
    Source,
    Talk,
    TalkLink,
    Topic,
    Track,
    Venue,
)
from tests.factories import (
    AffiliationFactory,
    CountryFactory,
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

API = "/api/v1/"


def get_json(client, path: str, **params):
    """GET an API address; the JSON body of a 200, or the test fails."""
    response = client.get(path, params)
    assert response.status_code == 200, (path, params, response.content[:500])
    return response.json()


@dataclass
class World:
    """One record of each kind at the centre, that `grow()` gives more of everything they can
    have: every list and every record's related lists grow with it."""

    source: Source
    event: Event
    person: Person
    organisation: Organisation
    park: IndustryPark
    room: Room
    track: Track
    session: Session
    talk: Talk
    topic: Topic

    def cite(self, record, sentence: str = "报道中的一句话。") -> None:
        Citation.objects.create(source=self.source, content_object=record, evidence=sentence)

    def grow(self, count: int) -> None:
        """`count` more of every kind, each related to the central records and cited."""
        for _ in range(count):
            self._grow_once()

    def _grow_once(self) -> None:
        number = next(COUNTER)
        sentence = f"报道中的第{number}句话。"
        for record in (self.source, self.session, self.talk, self.topic):
            self.cite(record, sentence)
        topic = TopicFactory()
        people = [PersonFactory(), PersonFactory()]
        for person in people:
            AffiliationFactory(person=person, organisation=self.organisation)
            person.topics.add(topic)
            self.cite(person)
        session = SessionFactory(event=self.event, room=self.room)
        self.cite(session)
        talk = TalkFactory(
            event=self.event,
            session=session,
            room=self.room,
            track=self.track,
            starts_at=timezone.make_aware(datetime.datetime(2019, 11, 14, 9)),
        )
        talk.speakers.add(*people, self.person)
        talk.topics.add(topic)
        self.talk.speakers.add(people[0])
        self.talk.topics.add(topic)
        TalkLink.objects.create(talk=talk, url=f"https://example.org/slides/{number}")
        self.cite(talk)
        self.cite(EventFigureFactory(event=self.event))
        self.cite(EventParticipant.objects.create(event=self.event, person=people[0], role="guest"))
        organisation = OrganisationFactory(parent=self.organisation, country=CountryFactory())
        self.cite(organisation)
        self.cite(
            EventOrganisation.objects.create(
                event=self.event, organisation=organisation, role="sponsor"
            )
        )
        self.cite(AffiliationFactory(person=self.person, organisation=organisation))
        self.cite(QuoteFactory(person=self.person, event=self.event))
        other_event = EventFactory(series=self.event.series)
        other_event.topics.add(topic)
        self.cite(other_event)
        EventParticipant.objects.create(event=other_event, person=self.person, role="speaker")
        EventOrganisation.objects.create(
            event=other_event, organisation=self.organisation, role="host"
        )
        park = IndustryParkFactory(approved_by=self.organisation)
        self.cite(park)
        self.cite(ParkMetricFactory(park=self.park))
        self.cite(ValueChainStage.objects.create(park=self.park, name=f"阶段{number}"))
        self.cite(ParkMembership.objects.create(park=self.park, organisation=organisation))
        ParkMembership.objects.create(park=park, organisation=self.organisation)
        self.cite(ParkRelation.objects.create(park=self.park, related_park=park, kind="linked"))
        ParkRelation.objects.create(park=park, related_park=self.park, kind="part_of")
        self.park.quotes.add(QuoteFactory(person=people[1]))
        self.cite(SourceFactory(publisher=self.organisation))


COUNTER = itertools.count(1)


@pytest.fixture
def world(db) -> World:
    """The central records, each already related to one of everything."""
    organisation = OrganisationFactory(kind="publisher")
    source = SourceFactory(title_en="The report", publisher_name="生物谷", publisher=organisation)
    venue = Venue.objects.create(name="张江科学城", name_en="Zhangjiang Science City")
    event = EventFactory(series=EventSeriesFactory(), venue=venue)
    room = Room.objects.create(venue=venue, name="一号厅", name_en="Hall 1")
    session = SessionFactory(event=event, room=room)
    track = Track.objects.create(event=event, name="临床", name_en="Clinical")
    talk = TalkFactory(event=event, session=session, room=room, track=track)
    topic = TopicFactory()
    talk.topics.add(topic)  # public, as a public talk carries it
    world = World(
        source=source,
        event=event,
        person=PersonFactory(),
        organisation=organisation,
        park=IndustryParkFactory(),
        room=room,
        track=track,
        session=session,
        talk=talk,
        topic=topic,
    )
    for record in (event, world.person, world.organisation, world.park, source):
        world.cite(record)
    world.grow(1)
    return world
