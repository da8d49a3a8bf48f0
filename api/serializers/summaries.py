"""How one record names another: the short forms a response nests (with their addresses), and
the small records that have no address of their own (a country, a room, a track, a venue)."""

from api.fields import EventTimeField
from api.serializers.common import ContentSerializer, SharedSerializer
from api.serializers.provenance import CitationSerializer
from parks.models import IndustryPark
from summit.models import (
    Country,
    Event,
    EventSeries,
    Organisation,
    Person,
    Room,
    Session,
    Source,
    Talk,
    Topic,
    Track,
    Venue,
)


class TopicSummarySerializer(SharedSerializer):
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
    class Meta:
        model = EventSeries
        fields = ["slug", "page_url", "name", "short_name"]


class EventSummarySerializer(SharedSerializer):
    class Meta:
        model = Event
        fields = ["slug", "api_url", "page_url", "name", "start_date", "end_date", "time_zone"]


class PersonSummarySerializer(SharedSerializer):
    class Meta:
        model = Person
        fields = ["slug", "api_url", "page_url", "name", "honorific"]


class OrganisationSummarySerializer(SharedSerializer):
    country = CountrySerializer(allow_null=True, read_only=True)

    class Meta:
        model = Organisation
        fields = ["slug", "api_url", "page_url", "name", "short_name", "kind", "country"]


class ParkSummarySerializer(SharedSerializer):
    class Meta:
        model = IndustryPark
        fields = ["slug", "api_url", "page_url", "name", "short_name"]


class SourceSummarySerializer(SharedSerializer):
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
    starts_at = EventTimeField()
    ends_at = EventTimeField()

    class Meta:
        model = Talk
        fields = ["slug", "api_url", "page_url", "title", "starts_at", "ends_at"]


class SessionSummarySerializer(SharedSerializer):
    class Meta:
        model = Session
        fields = ["id", "api_url", "title", "kind"]


# The summary by which a record names another of each kind.
SUMMARIES = {
    Country: CountrySerializer,
    EventSeries: EventSeriesSummarySerializer,
    Event: EventSummarySerializer,
    Session: SessionSummarySerializer,
    Room: RoomSerializer,
    Track: TrackSerializer,
    Venue: VenueSerializer,
    Person: PersonSummarySerializer,
    Organisation: OrganisationSummarySerializer,
    IndustryPark: ParkSummarySerializer,
}


class RecordSerializer(ContentSerializer):
    """A record as an endpoint gives it: a record it refers to (a foreign key listed in
    `Meta.fields`) is named by its summary (`SUMMARIES`, null where the reference is optional
    and missing), and `citations` listed there are its citations (`citations()`)."""

    def build_field(self, field_name, info, model_class, nested_depth):
        if field_name == "citations":
            return CitationSerializer, {"many": True, "source": "cited", "read_only": True}
        relation = info.relations.get(field_name)
        if relation and not relation.to_many and relation.related_model in SUMMARIES:
            kwargs = {"read_only": True}
            if relation.model_field.null:
                kwargs["allow_null"] = True
            return SUMMARIES[relation.related_model], kwargs
        return super().build_field(field_name, info, model_class, nested_depth)
