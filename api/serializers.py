"""What each endpoint answers, record by record.

Every serializer reads only what its endpoint's query function (`api.queries`) loaded: related
records come through the public querysets, so a hidden one is missing (an empty list, or null),
never named or linked. Translated fields are `TranslatedField`s (see `ContentSerializer`).
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from modeltranslation.translator import NotRegistered, translator
from rest_framework import serializers

from api.fields import (
    ApiAddressField,
    EventTimeField,
    PageAddressField,
    TranslatedField,
)
from api.languages import LANGUAGE_CODES, in_language
from parks.models import IndustryPark, ParkMembership, ParkMetric, ParkRelation, ValueChainStage
from summit.models import (
    Affiliation,
    Citation,
    Country,
    Event,
    EventFigure,
    EventOrganisation,
    EventParticipant,
    EventSeries,
    Organisation,
    Person,
    Quote,
    Room,
    Session,
    Source,
    Talk,
    TalkLink,
    Topic,
    Track,
    Venue,
)


@extend_schema_serializer(many=False)
class ErrorSerializer(serializers.Serializer):
    """What every error answers: what went wrong, and for invalid parameters the messages by
    parameter."""

    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


def translated_fields(model) -> frozenset[str]:
    try:
        return frozenset(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return frozenset()


class ContentSerializer(serializers.ModelSerializer):
    """A record of the site's content. A translated model field listed in `Meta.fields` is read
    in both languages (`TranslatedField`), never through the attribute modeltranslation gives
    in the active language."""

    def build_field(self, field_name, info, model_class, nested_depth):
        if field_name in translated_fields(model_class):
            return TranslatedField, {}
        return super().build_field(field_name, info, model_class, nested_depth)


class SharedSerializer(ContentSerializer):
    """A summary of a record that a response repeats (the event of each of a hundred talks,
    the source of every citation): written once per response and reused."""

    def to_representation(self, instance):
        written = self.context.setdefault("written", {})
        key = (type(self), instance.pk)
        if key not in written:
            written[key] = super().to_representation(instance)
        return written[key]


class DisplayValueField(TranslatedField):
    """A figure as the pages write it, qualifier and unit included ("more than 400 people",
    "超过400位"), in each language."""

    def to_representation(self, instance):
        values = {}
        for code in LANGUAGE_CODES:
            with translation.override(code):
                values[code] = instance.display_value()
        return in_language(values, self.context.get("lang"))


# Provenance -------------------------------------------------------------------------------


class CitedSourceSerializer(SharedSerializer):
    """The article a record cites, as the pages' sources notes name it."""

    api_url = ApiAddressField("api:source-detail")
    page_url = PageAddressField("summit:source_detail")
    publisher = serializers.CharField(
        source="publisher_name", help_text=_("The publisher, as the source credits it.")
    )
    published = serializers.DateTimeField(source="published_at", allow_null=True)

    class Meta:
        model = Source
        fields = ["slug", "api_url", "page_url", "title", "url", "publisher", "published"]


@dataclass
class CitedSentences:
    """The sentences of one source a record cites."""

    source: Source
    evidence: list[str] = field(default_factory=list)


def by_source(citations: list[Citation]) -> list[CitedSentences]:
    """A record's citations (`record.cited`, published sources only) by source in the order
    of first citation, each sentence once: the same sentence copied with other line breaks is
    one sentence, as the pages number it."""
    groups: dict[int, CitedSentences] = {}
    seen = set()
    for citation in citations:
        key = (citation.source_id, " ".join(citation.evidence.split()))
        if key in seen:
            continue
        seen.add(key)
        group = groups.setdefault(citation.source_id, CitedSentences(citation.source))
        group.evidence.append(citation.evidence)
    return list(groups.values())


class CitationListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        return super().to_representation(by_source(data))


class CitationSerializer(serializers.Serializer):
    """Where a record's facts come from: a source, and the sentences of it quoted as evidence."""

    source = CitedSourceSerializer()
    evidence = serializers.ListField(child=serializers.CharField())

    class Meta:
        list_serializer_class = CitationListSerializer


def citations():
    return CitationSerializer(many=True, source="cited", read_only=True)


# Summaries: how one record names another ---------------------------------------------------


class TopicSummarySerializer(SharedSerializer):
    api_url = ApiAddressField("api:topic-detail")
    page_url = PageAddressField("website:topic_detail")

    class Meta:
        model = Topic
        fields = ["slug", "api_url", "page_url", "name", "kind"]


def topics():
    """A record's topics, loaded by `api.queries.topics_of`."""
    return TopicSummarySerializer(many=True, read_only=True, source="topic_list")


class CountrySerializer(SharedSerializer):
    class Meta:
        model = Country
        fields = ["code", "name"]


class EventSeriesSummarySerializer(SharedSerializer):
    page_url = PageAddressField("summit:series_detail")

    class Meta:
        model = EventSeries
        fields = ["slug", "page_url", "name", "short_name"]


class EventSummarySerializer(SharedSerializer):
    api_url = ApiAddressField("api:event-detail")
    page_url = PageAddressField("summit:event_detail")

    class Meta:
        model = Event
        fields = ["slug", "api_url", "page_url", "name", "start_date", "end_date", "time_zone"]


class PersonSummarySerializer(SharedSerializer):
    api_url = ApiAddressField("api:person-detail")
    page_url = PageAddressField("summit:person_detail")

    class Meta:
        model = Person
        fields = ["slug", "api_url", "page_url", "name", "honorific"]


class OrganisationSummarySerializer(SharedSerializer):
    api_url = ApiAddressField("api:organisation-detail")
    page_url = PageAddressField("summit:organisation_detail")
    country = CountrySerializer(allow_null=True, read_only=True)

    class Meta:
        model = Organisation
        fields = ["slug", "api_url", "page_url", "name", "short_name", "kind", "country"]


class ParkSummarySerializer(SharedSerializer):
    api_url = ApiAddressField("api:park-detail")
    page_url = PageAddressField("parks:park_detail")

    class Meta:
        model = IndustryPark
        fields = ["slug", "api_url", "page_url", "name", "short_name"]


class SourceSummarySerializer(SharedSerializer):
    api_url = ApiAddressField("api:source-detail")
    page_url = PageAddressField("summit:source_detail")

    class Meta:
        model = Source
        fields = ["slug", "api_url", "page_url", "title"]


class RoomSerializer(SharedSerializer):
    class Meta:
        model = Room
        fields = ["id", "name"]


class TrackSerializer(SharedSerializer):
    class Meta:
        model = Track
        fields = ["id", "name", "color"]


class VenueSerializer(ContentSerializer):
    country = CountrySerializer(allow_null=True, read_only=True)

    class Meta:
        model = Venue
        fields = ["name", "city", "address", "country"]


class TalkSummarySerializer(ContentSerializer):
    api_url = ApiAddressField("api:talk-detail")
    page_url = PageAddressField("summit:talk_detail")
    starts_at = EventTimeField()
    ends_at = EventTimeField()

    class Meta:
        model = Talk
        fields = ["slug", "api_url", "page_url", "title", "starts_at", "ends_at"]


class SessionSummarySerializer(SharedSerializer):
    api_url = ApiAddressField("api:session-detail", lookup="pk")

    class Meta:
        model = Session
        fields = ["id", "api_url", "title", "kind"]


# Figures and quotes -----------------------------------------------------------------------


def decimal(model, name: str, **kwargs) -> serializers.DecimalField:
    """A decimal model field as a JSON number."""
    model_field = model._meta.get_field(name)
    return serializers.DecimalField(
        max_digits=model_field.max_digits,
        decimal_places=model_field.decimal_places,
        coerce_to_string=False,
        read_only=True,
        help_text=model_field.verbose_name,
        **kwargs,
    )


MEASUREMENT_FIELDS = ["label", "value", "qualifier", "unit", "stated_as", "display"]


class FigureSerializer(ContentSerializer):
    """A headline figure of an event, as of the event ("more than 400 professionals")."""

    value = decimal(EventFigure, "value")
    display = DisplayValueField()
    citations = citations()

    class Meta:
        model = EventFigure
        fields = [*MEASUREMENT_FIELDS, "citations"]


class MetricSerializer(ContentSerializer):
    """A park statistic as of a date ("11 of 21 national cell-drug trials, 52%")."""

    value = decimal(ParkMetric, "value")
    total = decimal(ParkMetric, "total", allow_null=True)
    percentage = decimal(ParkMetric, "percentage", allow_null=True)
    display = DisplayValueField()
    citations = citations()

    class Meta:
        model = ParkMetric
        fields = [
            *MEASUREMENT_FIELDS,
            "as_of",
            "as_of_precision",
            "total",
            "percentage",
            "citations",
        ]


class QuoteSerializer(ContentSerializer):
    """Words a person said, with the event they were said at when it is public."""

    person = PersonSummarySerializer(read_only=True)
    event = EventSummarySerializer(allow_null=True, read_only=True)
    citations = citations()

    class Meta:
        model = Quote
        fields = ["person", "text", "speaker_title", "context", "event", "citations"]


# Events -----------------------------------------------------------------------------------


class EventSerializer(ContentSerializer):
    api_url = ApiAddressField("api:event-detail")
    page_url = PageAddressField("summit:event_detail")
    series = EventSeriesSummarySerializer(allow_null=True, read_only=True)
    venue = VenueSerializer(allow_null=True, read_only=True)
    talk_count = serializers.IntegerField(
        read_only=True, help_text=_("How many talks of the event the site lists.")
    )
    talks_url = ApiAddressField(
        "api:event-talk-list", kwarg="event", help_text=_("The event's talks, in the API.")
    )
    speakers_url = ApiAddressField(
        "api:event-speaker-list", kwarg="event", help_text=_("The event's speakers, in the API.")
    )
    topics = topics()
    citations = citations()

    class Meta:
        model = Event
        fields = [
            "slug",
            "api_url",
            "page_url",
            "name",
            "edition",
            "series",
            "theme",
            "summary",
            "start_date",
            "end_date",
            "time_zone",
            "event_status",
            "attendance_mode",
            "venue",
            "website",
            "talk_count",
            "talks_url",
            "speakers_url",
            "topics",
            "citations",
        ]


class EventOrganisationSerializer(ContentSerializer):
    organisation = OrganisationSummarySerializer(read_only=True)
    citations = citations()

    class Meta:
        model = EventOrganisation
        fields = ["organisation", "role", "citations"]


class EventParticipantSerializer(ContentSerializer):
    person = PersonSummarySerializer(read_only=True)
    citations = citations()

    class Meta:
        model = EventParticipant
        fields = ["person", "role", "title_at_event", "citations"]


class EventSessionSerializer(ContentSerializer):
    """A block of the event's programme. `planned_talk_count` is how many talks the sources
    announce; `known_talk_count` how many of them the site lists."""

    api_url = ApiAddressField("api:session-detail", lookup="pk")
    room = RoomSerializer(allow_null=True, read_only=True)
    starts_at = EventTimeField()
    ends_at = EventTimeField()
    known_talk_count = serializers.IntegerField(read_only=True)
    citations = citations()

    class Meta:
        model = Session
        fields = [
            "id",
            "api_url",
            "title",
            "kind",
            "description",
            "parallel_count",
            "planned_talk_count",
            "known_talk_count",
            "room",
            "starts_at",
            "ends_at",
            "citations",
        ]


class EventDetailSerializer(EventSerializer):
    organisations = EventOrganisationSerializer(
        many=True, read_only=True, source="organisation_roles"
    )
    participants = EventParticipantSerializer(many=True, read_only=True)
    sessions = EventSessionSerializer(many=True, read_only=True)
    figures = FigureSerializer(many=True, read_only=True)
    countries = CountrySerializer(many=True, read_only=True)
    quotes = QuoteSerializer(many=True, read_only=True)

    class Meta(EventSerializer.Meta):
        fields = [
            *EventSerializer.Meta.fields[:-2],
            "description",
            "organisations",
            "participants",
            "sessions",
            "figures",
            "countries",
            "quotes",
            *EventSerializer.Meta.fields[-2:],
        ]


class SessionSerializer(EventSessionSerializer):
    event = EventSummarySerializer(read_only=True)

    class Meta(EventSessionSerializer.Meta):
        fields = ["id", "api_url", "event", *EventSessionSerializer.Meta.fields[2:]]


# Talks ------------------------------------------------------------------------------------


class TalkLinkSerializer(ContentSerializer):
    class Meta:
        model = TalkLink
        fields = ["url", "title"]


class TalkSerializer(ContentSerializer):
    """A talk with what a programme shows of it: event, session, room, track, times in the
    event's zone, the day it is on there, speakers and topics."""

    api_url = ApiAddressField("api:talk-detail")
    page_url = PageAddressField("summit:talk_detail")
    event = EventSummarySerializer(read_only=True)
    session = SessionSummarySerializer(allow_null=True, read_only=True)
    room = RoomSerializer(allow_null=True, read_only=True)
    track = TrackSerializer(allow_null=True, read_only=True)
    starts_at = EventTimeField()
    ends_at = EventTimeField()
    day = serializers.SerializerMethodField()
    speakers = PersonSummarySerializer(many=True, read_only=True, source="speaker_list")
    topics = topics()
    citations = citations()

    class Meta:
        model = Talk
        fields = [
            "guid",
            "slug",
            "api_url",
            "page_url",
            "title",
            "subtitle",
            "abstract",
            "event",
            "session",
            "track",
            "room",
            "starts_at",
            "ends_at",
            "day",
            "talk_type",
            "language",
            "speakers",
            "topics",
            "citations",
        ]

    def get_day(self, talk) -> str | None:
        """The day the talk is on in its event's time zone (ISO date), if it has a time."""
        if talk.starts_at is None:
            return None
        return talk.starts_at.astimezone(talk.event.zone).date().isoformat()


class TalkDetailSerializer(TalkSerializer):
    links = TalkLinkSerializer(many=True, read_only=True)

    class Meta(TalkSerializer.Meta):
        fields = [*TalkSerializer.Meta.fields[:-2], "description", "links", "topics", "citations"]


# People -----------------------------------------------------------------------------------


class PersonAffiliationSerializer(ContentSerializer):
    organisation = OrganisationSummarySerializer(read_only=True)
    citations = citations()

    class Meta:
        model = Affiliation
        fields = ["organisation", "title", "is_current", "start_date", "end_date", "citations"]


class PersonSerializer(ContentSerializer):
    api_url = ApiAddressField("api:person-detail")
    page_url = PageAddressField("summit:person_detail")
    affiliations = PersonAffiliationSerializer(many=True, read_only=True)
    talk_count = serializers.IntegerField(
        read_only=True,
        help_text=_(
            "How many public talks the person gives, at every event (an event's speakers list "
            "their talks at it in `talks`)."
        ),
    )
    topics = topics()
    citations = citations()

    class Meta:
        model = Person
        fields = [
            "slug",
            "api_url",
            "page_url",
            "name",
            "honorific",
            "website",
            "affiliations",
            "talk_count",
            "topics",
            "citations",
        ]


class PersonParticipationSerializer(ContentSerializer):
    event = EventSummarySerializer(read_only=True)
    citations = citations()

    class Meta:
        model = EventParticipant
        fields = ["event", "role", "title_at_event", "citations"]


class PersonTalkSerializer(TalkSummarySerializer):
    event = EventSummarySerializer(read_only=True)

    class Meta(TalkSummarySerializer.Meta):
        fields = [*TalkSummarySerializer.Meta.fields, "event"]


class PersonDetailSerializer(PersonSerializer):
    talks = PersonTalkSerializer(many=True, read_only=True, source="talk_list")
    participations = PersonParticipationSerializer(many=True, read_only=True)
    quotes = QuoteSerializer(many=True, read_only=True)

    class Meta(PersonSerializer.Meta):
        fields = [
            *PersonSerializer.Meta.fields[:-2],
            "bio",
            "talks",
            "participations",
            "quotes",
            "topics",
            "citations",
        ]


class SpeakerSerializer(PersonSerializer):
    """A speaker of an event, with their talks at it (in programme order)."""

    talks = TalkSummarySerializer(many=True, read_only=True, source="event_talks")

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields[:-2], "talks", "topics", "citations"]


# Organisations ----------------------------------------------------------------------------


class OrganisationSerializer(ContentSerializer):
    api_url = ApiAddressField("api:organisation-detail")
    page_url = PageAddressField("summit:organisation_detail")
    country = CountrySerializer(allow_null=True, read_only=True)
    parent = OrganisationSummarySerializer(allow_null=True, read_only=True)
    topics = topics()
    citations = citations()

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "api_url",
            "page_url",
            "name",
            "short_name",
            "kind",
            "country",
            "parent",
            "website",
            "topics",
            "citations",
        ]


class OrganisationPersonSerializer(ContentSerializer):
    person = PersonSummarySerializer(read_only=True)
    citations = citations()

    class Meta:
        model = Affiliation
        fields = ["person", "title", "is_current", "start_date", "end_date", "citations"]


class OrganisationEventSerializer(ContentSerializer):
    event = EventSummarySerializer(read_only=True)
    citations = citations()

    class Meta:
        model = EventOrganisation
        fields = ["event", "role", "citations"]


class OrganisationParkSerializer(ContentSerializer):
    park = ParkSummarySerializer(read_only=True)
    citations = citations()

    class Meta:
        model = ParkMembership
        fields = ["park", "role", "since", "citations"]


class OrganisationDetailSerializer(OrganisationSerializer):
    children = OrganisationSummarySerializer(many=True, read_only=True)
    people = OrganisationPersonSerializer(many=True, read_only=True, source="affiliations")
    events = OrganisationEventSerializer(many=True, read_only=True, source="event_roles")
    parks = OrganisationParkSerializer(many=True, read_only=True, source="park_memberships")
    approved_parks = ParkSummarySerializer(many=True, read_only=True)
    published_sources = SourceSummarySerializer(many=True, read_only=True)

    class Meta(OrganisationSerializer.Meta):
        fields = [
            *OrganisationSerializer.Meta.fields[:-2],
            "description",
            "children",
            "people",
            "events",
            "parks",
            "approved_parks",
            "published_sources",
            "topics",
            "citations",
        ]


# Parks ------------------------------------------------------------------------------------


class ParkSerializer(ContentSerializer):
    api_url = ApiAddressField("api:park-detail")
    page_url = PageAddressField("parks:park_detail")
    approved_by = OrganisationSummarySerializer(allow_null=True, read_only=True)
    core_area_m2 = decimal(IndustryPark, "core_area_m2", allow_null=True)
    metrics = MetricSerializer(many=True, read_only=True)
    topics = topics()
    citations = citations()

    class Meta:
        model = IndustryPark
        fields = [
            "slug",
            "api_url",
            "page_url",
            "name",
            "short_name",
            "location",
            "approved_on",
            "approved_on_precision",
            "approved_by",
            "core_area_m2",
            "metrics",
            "topics",
            "citations",
        ]


class StageSerializer(ContentSerializer):
    citations = citations()

    class Meta:
        model = ValueChainStage
        fields = ["name", "citations"]


class ParkMemberSerializer(ContentSerializer):
    organisation = OrganisationSummarySerializer(read_only=True)
    citations = citations()

    class Meta:
        model = ParkMembership
        fields = ["organisation", "role", "since", "citations"]


class ParkRelationSerializer(ContentSerializer):
    """How this park relates to another ("core area located in", "linked with")."""

    related_park = ParkSummarySerializer(read_only=True)
    citations = citations()

    class Meta:
        model = ParkRelation
        fields = ["related_park", "kind", "note", "citations"]


class ParkRelatedFromSerializer(ContentSerializer):
    """How another park relates to this one."""

    park = ParkSummarySerializer(read_only=True)
    citations = citations()

    class Meta:
        model = ParkRelation
        fields = ["park", "kind", "note", "citations"]


class ParkDetailSerializer(ParkSerializer):
    stages = StageSerializer(many=True, read_only=True)
    members = ParkMemberSerializer(many=True, read_only=True, source="memberships")
    related_parks = ParkRelationSerializer(many=True, read_only=True, source="relations")
    related_from = ParkRelatedFromSerializer(many=True, read_only=True)
    quotes = QuoteSerializer(many=True, read_only=True)

    class Meta(ParkSerializer.Meta):
        fields = [
            *ParkSerializer.Meta.fields[:-2],
            "description",
            "features",
            "core_area_description",
            "stages",
            "members",
            "related_parks",
            "related_from",
            "quotes",
            "topics",
            "citations",
        ]


# Topics and sources -----------------------------------------------------------------------


class TopicSerializer(ContentSerializer):
    api_url = ApiAddressField("api:topic-detail")
    page_url = PageAddressField("website:topic_detail")
    citations = citations()

    class Meta:
        model = Topic
        fields = ["slug", "api_url", "page_url", "name", "kind", "description", "citations"]


class SourceSerializer(ContentSerializer):
    """An article the site's facts come from: the other records cite it. Its full text only
    where the publisher allows it to be shown (`licensed_for_publication`); otherwise `body`
    is null."""

    api_url = ApiAddressField("api:source-detail")
    page_url = PageAddressField("summit:source_detail")
    publisher = serializers.CharField(source="publisher_name")
    publisher_organisation = OrganisationSummarySerializer(
        source="publisher", allow_null=True, read_only=True
    )
    published = serializers.DateTimeField(source="published_at", allow_null=True)

    class Meta:
        model = Source
        fields = [
            "slug",
            "api_url",
            "page_url",
            "title",
            "publisher",
            "publisher_organisation",
            "category",
            "url",
            "published",
            "licensed_for_publication",
        ]


class SourceDetailSerializer(SourceSerializer):
    body = serializers.SerializerMethodField()

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "body", "licence_text"]

    def get_body(self, source) -> str | None:
        """The full text, where the publisher allows it to be shown."""
        return source.body if source.licensed_for_publication else None
