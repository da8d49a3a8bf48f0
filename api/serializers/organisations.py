"""Organisations, with their parts, people, events and parks."""

from api.serializers.common import with_details
from api.serializers.summaries import (
    OrganisationSummarySerializer,
    ParkSummarySerializer,
    RecordSerializer,
    SourceSummarySerializer,
    topics,
)
from parks.models import ParkMembership
from summit.models import Affiliation, EventOrganisation, Organisation


class OrganisationSerializer(RecordSerializer):
    topics = topics()

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


class OrganisationPersonSerializer(RecordSerializer):
    class Meta:
        model = Affiliation
        fields = ["person", "title", "is_current", "start_date", "end_date", "citations"]


class OrganisationEventSerializer(RecordSerializer):
    class Meta:
        model = EventOrganisation
        fields = ["event", "role", "citations"]


class OrganisationParkSerializer(RecordSerializer):
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
        fields = with_details(
            OrganisationSerializer.Meta.fields,
            "description",
            "children",
            "people",
            "events",
            "parks",
            "approved_parks",
            "published_sources",
        )
