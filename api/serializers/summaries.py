"""How one record names another: the short forms a response nests (with their addresses), and
the small records that have no address of their own (a country, a room, a track, a venue)."""

from api.fields import EventTimeField
from api.serializers.common import ContentSerializer, SharedSerializer
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
