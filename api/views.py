"""The endpoints: read-only lists and records of the public content, thin over `api.queries`.

Every endpoint answers GET and HEAD only, to anyone alike (no authentication: staff get
nothing more), from `published()` querysets. A list is narrowed by its filter set
(`api.filters`), paged (`api.pagination`), then loaded by its query function; a record is
found by its slug (a session by its id) among public records, or is a 404.
"""

import re

from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError

from api import filters, queries, serializers
from api.fields import Addresses
from api.filters import LARGEST_ID
from api.languages import LANGUAGE_CODES, LANGUAGE_PARAMETER
from api.queries import programme_order
from parks.models import IndustryPark
from summit.models import Event, Organisation, Person, Session, Source, Talk, Topic

SLUG = re.compile(r"[-\w]+")


def requested_language(request) -> str | None:
    """The language of `?lang=`, None without it, or a 400 for one the site does not have."""
    language = request.query_params.get(LANGUAGE_PARAMETER)
    if language is None or language in LANGUAGE_CODES:
        return language
    raise ValidationError(
        {
            LANGUAGE_PARAMETER: [
                _("Unknown language %(language)r: use one of %(languages)s, or leave lang out.")
                % {"language": language, "languages": ", ".join(LANGUAGE_CODES)}
            ]
        }
    )


class PublicAPIMixin:
    """What every endpoint shares: `?lang=`, absolute addresses, GET and HEAD only (browsers'
    CORS preflight OPTIONS requests are answered by the CORS middleware before any view)."""

    http_method_names = ["get", "head"]
    # What is loaded for the records of a page once they are fetched (`api.queries`).
    load_page = staticmethod(queries.topics_of)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.language = requested_language(request)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self.load_page(page)
        return page

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["lang"] = getattr(self, "language", None)
        context["addresses"] = Addresses(self.request)
        return context

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            # The body's language, whatever the request's Accept-Language (errors follow that).
            language = getattr(self, "language", None)
            response["Content-Language"] = language or ", ".join(LANGUAGE_CODES)
        return response


class PublicViewSet(PublicAPIMixin, viewsets.ReadOnlyModelViewSet):
    """A list and its records. Subclasses name the model, the default `ordering` (language-
    neutral fields), the filter set, a serializer and a query function for each action."""

    model = None
    ordering: tuple = ("slug",)
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    detail_serializer_class = None
    load_list = None
    load_detail = None

    def get_queryset(self):
        return self.model.objects.published().order_by(*self.ordering)

    def filter_queryset(self, queryset):
        if self.action == "list":
            return self.load_list(super().filter_queryset(queryset))
        return self.load_detail(queryset)

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class:
            return self.detail_serializer_class
        return self.serializer_class

    def get_object(self):
        if not self.valid_lookup(self.kwargs[self.lookup_field]):
            raise Http404  # never sent to the database: a NUL would be refused, not missed
        record = super().get_object()
        self.load_page([record])
        return record

    @staticmethod
    def valid_lookup(value: str) -> bool:
        return bool(SLUG.fullmatch(value))


@extend_schema_view(
    list=extend_schema(summary=_("Events"), description=_("Events, latest first.")),
    retrieve=extend_schema(
        summary=_("An event"),
        description=_(
            "An event with its hosts and partners, the people the sources name, its sessions, "
            "figures, countries and quotes. Its talks and speakers are lists of their own."
        ),
    ),
)
class EventViewSet(PublicViewSet):
    model = Event
    ordering = ("-start_date", "slug")
    filterset_class = filters.EventFilter
    serializer_class = serializers.EventSerializer
    detail_serializer_class = serializers.EventDetailSerializer
    load_list = staticmethod(queries.events)
    load_detail = staticmethod(queries.event_detail)


@extend_schema_view(
    list=extend_schema(
        summary=_("Sessions"),
        description=_(
            "The blocks of the events' programmes, each with the number of talks the sources "
            "announce and the number the site lists."
        ),
    ),
    retrieve=extend_schema(summary=_("A session")),
)
class SessionViewSet(PublicViewSet):
    model = Session
    ordering = ("-event__start_date", "event_id", *programme_order())
    lookup_field = "pk"
    filterset_class = filters.SessionFilter
    serializer_class = serializers.SessionSerializer
    load_list = load_detail = staticmethod(queries.sessions)

    @staticmethod
    def valid_lookup(value: str) -> bool:
        return value.isascii() and value.isdigit() and int(value) <= LARGEST_ID


@extend_schema_view(
    list=extend_schema(
        summary=_("Talks"),
        description=_("Talks of every event, in programme order: the latest event first."),
    ),
    retrieve=extend_schema(summary=_("A talk")),
)
class TalkViewSet(PublicViewSet):
    model = Talk
    ordering = ("-event__start_date", "event_id", *programme_order())
    filterset_class = filters.TalkFilter
    serializer_class = serializers.TalkSerializer
    detail_serializer_class = serializers.TalkDetailSerializer
    load_list = staticmethod(queries.talks)
    load_detail = staticmethod(queries.talk_detail)
    load_page = staticmethod(queries.talks_page)


@extend_schema_view(
    list=extend_schema(summary=_("People")),
    retrieve=extend_schema(
        summary=_("A person"),
        description=_("A person with their positions, talks, parts in events and quotes."),
    ),
)
class PersonViewSet(PublicViewSet):
    model = Person
    filterset_class = filters.PersonFilter
    serializer_class = serializers.PersonSerializer
    detail_serializer_class = serializers.PersonDetailSerializer
    load_list = staticmethod(queries.people)
    load_detail = staticmethod(queries.person_detail)
    load_page = staticmethod(queries.people_page)


@extend_schema_view(
    list=extend_schema(summary=_("Organisations")),
    retrieve=extend_schema(
        summary=_("An organisation"),
        description=_(
            "An organisation with its parts, people, events, parks and the articles it published."
        ),
    ),
)
class OrganisationViewSet(PublicViewSet):
    model = Organisation
    filterset_class = filters.OrganisationFilter
    serializer_class = serializers.OrganisationSerializer
    detail_serializer_class = serializers.OrganisationDetailSerializer
    load_list = staticmethod(queries.organisation_list)
    load_detail = staticmethod(queries.organisation_detail)


@extend_schema_view(
    list=extend_schema(summary=_("Industry parks"), description=_("Parks with their metrics.")),
    retrieve=extend_schema(
        summary=_("An industry park"),
        description=_("A park with its metrics, value chain, members, related parks and quotes."),
    ),
)
class ParkViewSet(PublicViewSet):
    model = IndustryPark
    filterset_class = filters.ParkFilter
    serializer_class = serializers.ParkSerializer
    detail_serializer_class = serializers.ParkDetailSerializer
    load_list = staticmethod(queries.parks)
    load_detail = staticmethod(queries.park_detail)


@extend_schema_view(
    list=extend_schema(
        summary=_("Topics"),
        description=_("The topics public records carry, by kind."),
    ),
    retrieve=extend_schema(summary=_("A topic")),
)
class TopicViewSet(PublicViewSet):
    model = Topic
    ordering = ("kind", "slug")
    filterset_class = filters.TopicFilter
    serializer_class = serializers.TopicSerializer
    load_list = load_detail = staticmethod(queries.topic_list)


@extend_schema_view(
    list=extend_schema(
        summary=_("Sources"), description=_("The articles the site's facts come from.")
    ),
    retrieve=extend_schema(
        summary=_("A source"),
        description=_("An article, with its full text where the publisher allows it."),
    ),
)
class SourceViewSet(PublicViewSet):
    model = Source
    ordering = (F("published_at").desc(nulls_last=True), "pk")
    filterset_class = filters.SourceFilter
    serializer_class = serializers.SourceSerializer
    detail_serializer_class = serializers.SourceDetailSerializer
    load_list = load_detail = staticmethod(queries.sources)


EVENT_PARAMETER = OpenApiParameter(
    "event", str, OpenApiParameter.PATH, description=_("The slug of the event.")
)


class EventListMixin(PublicAPIMixin):
    """A list of one public event's records: its slug is in the address; a hidden or unknown
    event is a 404."""

    def get_event(self) -> Event | None:
        if getattr(self, "swagger_fake_view", False):
            return None  # drf-spectacular describing the view: no request, no event
        slug = self.kwargs["event"]
        if not SLUG.fullmatch(slug):
            raise Http404
        return get_object_or_404(Event.objects.published(), slug=slug)


@extend_schema_view(
    list=extend_schema(
        summary=_("An event's talks"),
        description=_("The event's talks in programme order."),
        parameters=[EVENT_PARAMETER],
    )
)
class EventTalkViewSet(EventListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    filterset_class = filters.EventTalkFilter
    serializer_class = serializers.TalkSerializer
    load_page = staticmethod(queries.talks_page)

    def get_queryset(self):
        return queries.event_talks(self.get_event()).order_by(*programme_order())

    def filter_queryset(self, queryset):
        return queries.talks(super().filter_queryset(queryset))


@extend_schema_view(
    list=extend_schema(
        summary=_("An event's speakers"),
        description=_(
            "Who speaks at the event: the speakers of its talks and the people the sources "
            "name as its speakers, each with their talks at it."
        ),
        parameters=[EVENT_PARAMETER],
    )
)
class EventSpeakerViewSet(EventListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    filterset_class = filters.SpeakerFilter
    serializer_class = serializers.SpeakerSerializer
    load_page = staticmethod(queries.people_page)

    def get_queryset(self):
        self.event = self.get_event()
        return queries.event_speakers(self.event).order_by("slug", "pk")

    def filter_queryset(self, queryset):
        return queries.speakers(super().filter_queryset(queryset), self.event)
