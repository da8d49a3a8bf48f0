"""Talks, as a programme shows them."""

from rest_framework import serializers

from api.fields import EventTimeField
from api.serializers.common import with_details
from api.serializers.summaries import (
    PersonSummarySerializer,
    RecordSerializer,
    topics,
)
from summit.models import Talk, TalkLink


class TalkLinkSerializer(RecordSerializer):
    class Meta:
        model = TalkLink
        fields = ["url", "title"]


class TalkSerializer(RecordSerializer):
    """A talk with what a programme shows of it: event, session, room, track, times in the
    event's zone, the day it is on there, speakers and topics."""

    starts_at = EventTimeField()
    ends_at = EventTimeField()
    day = serializers.SerializerMethodField()
    speakers = PersonSummarySerializer(many=True, read_only=True, source="speaker_list")
    topics = topics()

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
        fields = with_details(TalkSerializer.Meta.fields, "description", "links")
