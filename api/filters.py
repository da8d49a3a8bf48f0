"""What each list can be narrowed by (`?event=`, `?day=`, `?topic=` …), searched by (`?q=`,
the site's search) and sorted by (`?ordering=`, from an explicit list).

A value of the wrong form (a date that is not one, an unknown choice) is a 400 naming the
parameter. A record named by its slug is looked up among public records only: naming a hidden
one finds nothing, exactly as naming one that does not exist.
"""

import datetime

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from parks.models import IndustryPark
from summit.models import (
    Affiliation,
    Event,
    EventParticipant,
    EventSeries,
    Organisation,
    Person,
    Room,
    Session,
    Source,
    Talk,
    Topic,
    Track,
)
from website.search import KINDS_BY_KEY, clean_query, matching, parse_terms

# Ids the database can hold (a larger number would overflow the query, not find nothing).
LARGEST_ID = 2**63 - 1
# Days whose start and end in any time zone are moments Python and the databases can hold.
FIRST_DAY, LAST_DAY = datetime.date(2, 1, 1), datetime.date(9998, 12, 31)


class StableOrderingFilter(django_filters.OrderingFilter):
    """`?ordering=` from the listed fields (`-` for descending, several separated by commas),
    records without a value last either way, and the id last of all, so that pages never
    share or skip a record whose values tie."""

    def __init__(self, model, fields, **kwargs):
        # Each choice named by its field's translated name.
        labels = {}
        for field, parameter in self.normalize_fields(fields).items():
            name = model._meta.get_field(field).verbose_name
            labels[field] = name
            labels[f"-{parameter}"] = format_lazy("{} ({})", name, _("descending"))
        super().__init__(
            fields=fields,
            field_labels=labels,
            help_text=_(
                "Sort by these fields, separated by commas; a minus sign before one reverses it."
            ),
            **kwargs,
        )

    def filter(self, queryset, value):
        if not value:
            return queryset
        ordering = []
        for parameter in value:
            name = self.get_ordering_value(parameter)
            column = F(name.removeprefix("-"))
            descending = name.startswith("-")
            ordering.append(
                column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)
            )
        return queryset.order_by(*ordering, "pk")


class IdFilter(django_filters.NumberFilter):
    """A record's id: a whole number the database can hold."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=LARGEST_ID, **kwargs)
        # Described with its bounds, so that no client (nor Schemathesis) takes a number the
        # database cannot hold for a valid id.
        schema = {"type": "integer", "minimum": 1, "maximum": LARGEST_ID}
        extend_schema_field({**schema, "description": kwargs.get("help_text", "")})(self)


class PublicFilterSet(django_filters.FilterSet):
    """Filters applied in the order declared, then the search and the ordering: `?q=` ranks
    what the other filters left, and an `?ordering=` given replaces that rank."""

    LAST = ("q", "ordering")

    def is_valid(self):
        # An empty date, id, choice or ordering is a value of the wrong form, not "any". Only a
        # text parameter (a slug, a search) may be empty, and then it narrows nothing.
        for name, each in self.filters.items():
            if isinstance(each, django_filters.CharFilter) or name not in self.data:
                continue
            values = self.data.getlist(name)
            if isinstance(each, django_filters.BaseCSVFilter):  # "starts_at,-slug"
                values = [part for value in values for part in value.split(",")]
            if "" in values:
                self.form.add_error(name, _("Enter a value, or leave the parameter out."))
        return super().is_valid()

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        names = [name for name in data if name not in self.LAST]
        for name in [*names, *(name for name in self.LAST if name in data)]:
            queryset = self.filters[name].filter(queryset, data[name])
        return queryset


def related_to(queryset, lookup: str, value):
    """The records of `queryset` with `lookup` matching `value`, each once however many of its
    related rows match (a subquery rather than DISTINCT, which would fight the ordering)."""
    matches = queryset.model.objects.filter(**{lookup: value}).values("pk")
    return queryset.filter(pk__in=matches)


def public_slug(model, *, help_text, field_name: str | None = None):
    """A filter naming a public record of `model` by its slug."""

    def narrow(queryset, name, value):
        named = model.objects.published().filter(slug=value)
        return related_to(queryset, f"{field_name or name}__in", named)

    return django_filters.CharFilter(method=narrow, help_text=help_text)


def search(kind: str) -> django_filters.CharFilter:
    """`?q=`: the records of this kind the site's search finds (every word in a field, either
    language, or in the name of a closely related public record), best matches first."""

    def find(queryset, name, value):
        terms = parse_terms(clean_query(value))
        if not terms:
            return queryset.none()  # punctuation alone: the site's search finds nothing either
        found = matching(KINDS_BY_KEY[kind], terms)
        # The search's own order (title matches first), of what the other filters kept.
        return found.filter(pk__in=queryset.values("pk")).order_by("search_rank", "pk")

    return django_filters.CharFilter(
        method=find,
        help_text=_(
            "Words to search for, in Chinese or English, as the site's search does: every "
            "word must appear, best matches first."
        ),
    )


def topic_filter():
    return public_slug(Topic, field_name="topics", help_text=_("The slug of a topic."))


COUNTRY_HELP = _("A country or region by its ISO code, such as CN.")


def through_affiliations(queryset, **lookups):
    """The people of `queryset` with a public affiliation (to a public organisation) whose
    values match `lookups`: a hidden organisation or affiliation never makes a person match."""
    affiliations = Affiliation.objects.published().filter(**lookups)
    return queryset.filter(pk__in=affiliations.values("person"))


class EventFilter(PublicFilterSet):
    date_from = django_filters.DateFilter(
        method="ends_from", help_text=_("Events still on at or after this date.")
    )
    date_to = django_filters.DateFilter(
        method="starts_until", help_text=_("Events that start at or before this date.")
    )
    series = public_slug(EventSeries, help_text=_("The slug of an event series."))
    status = django_filters.MultipleChoiceFilter(
        field_name="event_status",
        choices=Event.EventStatus.choices,
        help_text=_("Scheduled, postponed, cancelled …"),
    )
    topic = topic_filter()
    q = search("event")
    ordering = StableOrderingFilter(Event, fields=["start_date", "end_date", "edition", "slug"])

    class Meta:
        model = Event
        fields = []

    def ends_from(self, queryset, name, value):
        return queryset.filter(
            Q(end_date__gte=value) | Q(end_date__isnull=True, start_date__gte=value)
        )

    def starts_until(self, queryset, name, value):
        return queryset.filter(start_date__lte=value)


class SessionFilter(PublicFilterSet):
    event = public_slug(Event, help_text=_("The slug of an event."))
    kind = django_filters.MultipleChoiceFilter(choices=Session.Kind.choices)
    ordering = StableOrderingFilter(Session, fields=["starts_at", "ends_at"])

    class Meta:
        model = Session
        fields = []


def day_bounds(day: datetime.date, zone_name: str) -> tuple[datetime.datetime, datetime.datetime]:
    """The moments a day starts and ends in a time zone (an event's, which reads as the site's
    when its name is not one)."""
    zone = Event(time_zone=zone_name).zone
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=zone)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), zone)
    return start, end


class TalkFilter(PublicFilterSet):
    event = public_slug(Event, help_text=_("The slug of an event."))
    day = django_filters.DateFilter(
        method="on_day",
        help_text=_("Talks on this day in their event's time zone (as the programme shows it)."),
    )
    room = IdFilter(method="in_room", help_text=_("The id of a room."))
    track = IdFilter(method="in_track", help_text=_("The id of a track."))
    topic = topic_filter()
    speaker = public_slug(
        Person, field_name="speakers", help_text=_("The slug of a person speaking.")
    )
    q = search("talk")
    ordering = StableOrderingFilter(Talk, fields=["starts_at", "ends_at", "slug"])

    class Meta:
        model = Talk
        fields = []

    def on_day(self, queryset, name, day):
        if not FIRST_DAY <= day <= LAST_DAY:
            return queryset.none()
        # A day starts at another moment in each time zone: one condition per zone of the
        # events concerned (one query finds them).
        zones = queryset.order_by().values_list("event__time_zone", flat=True).distinct()
        during = Q(pk__in=[])
        for zone in set(zones):
            start, end = day_bounds(day, zone)
            during |= Q(event__time_zone=zone, starts_at__gte=start, starts_at__lt=end)
        return queryset.filter(during)

    def in_room(self, queryset, name, value):
        return queryset.filter(room__in=Room.objects.published().filter(pk=value))

    def in_track(self, queryset, name, value):
        return queryset.filter(track__in=Track.objects.published().filter(pk=value))


class EventTalkFilter(TalkFilter):
    event = None  # the event is in the address


class PersonFilter(PublicFilterSet):
    role = django_filters.ChoiceFilter(
        method="with_role",
        choices=EventParticipant.Role.choices,
        help_text=_(
            "People with this part in a public event; a speaker is also anyone who gives a "
            "public talk."
        ),
    )
    country = django_filters.CharFilter(method="in_country", help_text=COUNTRY_HELP)
    organisation = django_filters.CharFilter(
        method="at_organisation",
        help_text=_("The slug of an organisation the person holds a position at."),
    )
    topic = topic_filter()
    q = search("person")
    ordering = StableOrderingFilter(Person, fields=["slug"])

    class Meta:
        model = Person
        fields = []

    def with_role(self, queryset, name, value):
        taking_part = EventParticipant.objects.published().filter(role=value)
        condition = Q(pk__in=taking_part.values("person"))
        if value == EventParticipant.Role.SPEAKER:
            speaking = Talk.speakers.through.objects.filter(talk__in=Talk.objects.published())
            condition |= Q(pk__in=speaking.values("person"))
        return queryset.filter(condition)

    def in_country(self, queryset, name, value):
        return through_affiliations(queryset, organisation__country__code=value.upper())

    def at_organisation(self, queryset, name, value):
        return through_affiliations(queryset, organisation__slug=value)


class OrganisationFilter(PublicFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=Organisation.Kind.choices)
    country = django_filters.CharFilter(method="in_country", help_text=COUNTRY_HELP)
    parent = public_slug(Organisation, help_text=_("The slug of the organisation it is part of."))
    topic = topic_filter()
    q = search("organisation")
    ordering = StableOrderingFilter(Organisation, fields=["slug", "kind"])

    class Meta:
        model = Organisation
        fields = []

    def in_country(self, queryset, name, value):
        return queryset.filter(country__code=value.upper())


class ParkFilter(PublicFilterSet):
    topic = topic_filter()
    q = search("park")
    ordering = StableOrderingFilter(IndustryPark, fields=["slug", "approved_on"])

    class Meta:
        model = IndustryPark
        fields = []


class TopicFilter(PublicFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=Topic.Kind.choices)
    q = search("topic")
    ordering = StableOrderingFilter(Topic, fields=["slug", "kind"])

    class Meta:
        model = Topic
        fields = []


class SourceFilter(PublicFilterSet):
    ordering = StableOrderingFilter(Source, fields=[("published_at", "published"), "slug"])

    class Meta:
        model = Source
        fields = []


class SpeakerFilter(PersonFilter):
    role = None  # they speak at the event in the address
