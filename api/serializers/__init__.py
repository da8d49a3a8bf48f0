"""What each endpoint answers, record by record, in a module per subject (`common` for the
base classes, `provenance` for citations, `summaries` for how one record names another,
`figures` for figures and quotes).

Every serializer reads only what its endpoint's query function (`api.queries`) loaded: related
records come through the public querysets, so a hidden one is missing (an empty list, or null),
never named or linked. Translated fields are `TranslatedField`s (see `ContentSerializer`).
"""

from api.serializers.common import ErrorSerializer
from api.serializers.events import EventDetailSerializer, EventSerializer, SessionSerializer
from api.serializers.organisations import OrganisationDetailSerializer, OrganisationSerializer
from api.serializers.parks import ParkDetailSerializer, ParkSerializer
from api.serializers.people import PersonDetailSerializer, PersonSerializer, SpeakerSerializer
from api.serializers.sources import SourceDetailSerializer, SourceSerializer, TopicSerializer
from api.serializers.talks import TalkDetailSerializer, TalkSerializer

__all__ = [
    "ErrorSerializer",
    "EventDetailSerializer",
    "EventSerializer",
    "OrganisationDetailSerializer",
    "OrganisationSerializer",
    "ParkDetailSerializer",
    "ParkSerializer",
    "PersonDetailSerializer",
    "PersonSerializer",
    "SessionSerializer",
    "SourceDetailSerializer",
    "SourceSerializer",
    "SpeakerSerializer",
    "TalkDetailSerializer",
    "TalkSerializer",
    "TopicSerializer",
]
