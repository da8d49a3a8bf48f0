"""People, their positions and talks, and an event's speakers."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.common import with_details
from api.serializers.figures import QuoteSerializer
from api.serializers.summaries import (
    EventSummarySerializer,
    RecordSerializer,
    TalkSummarySerializer,
    topics,
)
from summit.models import Affiliation, EventParticipant, Person


class PersonAffiliationSerializer(RecordSerializer):
    class Meta:
        model = Affiliation
        fields = ["organisation", "title", "is_current", "start_date", "end_date", "citations"]


class PersonSerializer(RecordSerializer):
    affiliations = PersonAffiliationSerializer(many=True, read_only=True)
    talk_count = serializers.IntegerField(
        read_only=True,
        help_text=_(
            "How many public talks the person gives, at every event (an event's speakers list "
            "their talks at it in `talks`)."
        ),
    )
    topics = topics()

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


class PersonParticipationSerializer(RecordSerializer):
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
        fields = with_details(
            PersonSerializer.Meta.fields,
            "bio",
            "talks",
            "participations",
            "quotes",
        )


class SpeakerSerializer(PersonSerializer):
    """A speaker of an event, with their talks at it (in programme order)."""

    talks = TalkSummarySerializer(many=True, read_only=True, source="event_talks")

    class Meta(PersonSerializer.Meta):
        fields = with_details(PersonSerializer.Meta.fields, "talks")
