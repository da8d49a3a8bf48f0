"""Events, with what their page shows, and their sessions."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.fields import ApiAddressField, EventTimeField
from api.serializers.common import with_details
from api.serializers.figures import FigureSerializer, QuoteSerializer
from api.serializers.summaries import (
    CountrySerializer,
    RecordSerializer,
    topics,
)
from summit.models import Event, EventOrganisation, EventParticipant, Session


class EventSerializer(RecordSerializer):
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


class EventOrganisationSerializer(RecordSerializer):
    class Meta:
        model = EventOrganisation
        fields = ["organisation", "role", "citations"]


class EventParticipantSerializer(RecordSerializer):
    class Meta:
        model = EventParticipant
        fields = ["person", "role", "title_at_event", "citations"]


class EventSessionSerializer(RecordSerializer):
    """A block of the event's programme. `planned_talk_count` is how many talks the sources
    announce; `known_talk_count` how many of them the site lists."""

    starts_at = EventTimeField()
    ends_at = EventTimeField()
    known_talk_count = serializers.IntegerField(read_only=True)

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
        fields = with_details(
            EventSerializer.Meta.fields,
            "description",
            "organisations",
            "participants",
            "sessions",
            "figures",
            "countries",
            "quotes",
        )


class SessionSerializer(EventSessionSerializer):
    class Meta(EventSessionSerializer.Meta):
        fields = ["id", "api_url", "event", *EventSessionSerializer.Meta.fields[2:]]
