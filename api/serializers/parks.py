"""Industry parks, with their metrics, value chain, members and related parks."""

from api.serializers.common import decimal, with_details
from api.serializers.figures import MetricSerializer, QuoteSerializer
from api.serializers.summaries import (
    RecordSerializer,
    topics,
)
from parks.models import IndustryPark, ParkMembership, ParkRelation, ValueChainStage


class ParkSerializer(RecordSerializer):
    core_area_m2 = decimal(IndustryPark, "core_area_m2", allow_null=True)
    metrics = MetricSerializer(many=True, read_only=True)
    topics = topics()

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


class StageSerializer(RecordSerializer):
    class Meta:
        model = ValueChainStage
        fields = ["name", "citations"]


class ParkMemberSerializer(RecordSerializer):
    class Meta:
        model = ParkMembership
        fields = ["organisation", "role", "since", "citations"]


class ParkRelationSerializer(RecordSerializer):
    """How this park relates to another ("core area located in", "linked with")."""

    class Meta:
        model = ParkRelation
        fields = ["related_park", "kind", "note", "citations"]


class ParkRelatedFromSerializer(RecordSerializer):
    """How another park relates to this one."""

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
        fields = with_details(
            ParkSerializer.Meta.fields,
            "description",
            "features",
            "core_area_description",
            "stages",
            "members",
            "related_parks",
            "related_from",
            "quotes",
        )
