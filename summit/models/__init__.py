"""The summit's records, one module a subject: sources, organisations, people, events, programme."""

from summit.models.base import DatePrecision, Qualifier, Status
from summit.models.events import (
    Event,
    EventFigure,
    EventOrganisation,
    EventParticipant,
    EventSeries,
    Room,
    Venue,
)
from summit.models.organisations import Country, Organisation
from summit.models.people import Affiliation, Person, Quote
from summit.models.programme import Session, Talk, TalkLink, Track
from summit.models.sources import Citation, Source
from summit.models.topics import TaggedTopic, Topic

__all__ = [
    "Affiliation",
    "Citation",
    "Country",
    "DatePrecision",
    "Event",
    "EventFigure",
    "EventOrganisation",
    "EventParticipant",
    "EventSeries",
    "Organisation",
    "Person",
    "Qualifier",
    "Quote",
    "Room",
    "Session",
    "Source",
    "Status",
    "Talk",
    "TalkLink",
    "TaggedTopic",
    "Topic",
    "Track",
    "Venue",
]
