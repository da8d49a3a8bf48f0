"""What each endpoint loads, decided in one place so that views stay thin and the number of
queries stays fixed whatever the number of records.

Records come from `published()`, the site's one visibility rule; every related record comes
through `summit.queries.public`, so a hidden one is left out of a list or reads as None, and
no response can name or link it. Citations are those of published sources
(`summit.queries.citations`, as `record.cited`).

Lists keep the order they are given (the view's, the search's or `?ordering=`); the related
rows loaded here are ordered explicitly, by language-neutral fields. (modeltranslation sorts by
a model's default ordering in the active language's columns; an API request's language follows
its Accept-Language header, while its response is cached for everyone.)
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Func, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from modeltranslation.utils import build_localized_fieldname

from parks.models import IndustryPark, ParkMembership, ParkMetric, ParkRelation, ValueChainStage
from summit.models import (
    Affiliation,
    Country,
    Event,
    EventFigure,
    EventOrganisation,
    EventParticipant,
    Organisation,
    Person,
    Session,
    Source,
    Talk,
    TalkLink,
)
from summit.models.base import public_q
from summit.models.topics import TaggedTopic, tagged_models
from summit.queries import citations, public, quotes
from summit.translation import localized

SPEAKER = EventParticipant.Role.SPEAKER


def default_column(field: str) -> str:
    """The column of a translated field in the site's default language (name → name_zh_hans):
    an order that does not change with the language of the request."""
    return build_localized_fieldname(field, settings.LANGUAGE_CODE)


def columns(*fields: str) -> list[str]:
    """The columns of translated `fields` ("description", "event__summary"): the field's own
    and one per language, for `only()` and `defer()`."""
    return [column for field in fields for column in (field, *localized(field))]


def programme_order() -> tuple:
    """Talks and sessions in the order of the programme; those without a time last."""
    return (F("starts_at").asc(nulls_last=True), "order", "pk")


def count_of(rows: QuerySet, to: str):
    """How many of `rows` lead to the outer record through `to`: a subquery, so that a list
    needs no GROUP BY over its columns."""
    counted = (
        rows.filter(**{to: OuterRef("pk")})
        .order_by()
        .annotate(count=Func(F("pk"), function="COUNT"))
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)


def topics_of(records: list) -> None:
    """Give each of `records` (fetched, all of one model) its topics as `record.topic_list`, by
    kind and slug, in one query. taggit's own prefetch ("topics") builds a queryset per record,
    which took half the time of a page of talks. A record that is public carries topics that
    are public by that very fact."""
    if not records or type(records[0]) not in tagged_models():
        return
    rows = (
        TaggedTopic.objects.filter(
            content_type=ContentType.objects.get_for_model(records[0]),
            object_id__in=[record.pk for record in records],
        )
        .select_related("tag")
        .order_by("tag__kind", "tag__slug", "pk")
    )
    topics = defaultdict(list)
    for row in rows:
        topics[row.object_id].append(row.tag)
    for record in records:
        record.topic_list = topics[record.pk]


def public_talks() -> QuerySet:
    return Talk.objects.published()


def organisations() -> QuerySet:
    """Organisations as another record names them (with their country's code)."""
    return Organisation.objects.select_related("country")


# Events -----------------------------------------------------------------------------------


def events(queryset: QuerySet) -> QuerySet:
    return (
        queryset.select_related("venue__country")
        .prefetch_related(public("series", Event), citations())
        .annotate(talk_count=count_of(public_talks(), "event"))
    )


def event_detail(queryset: QuerySet) -> QuerySet:
    """An event with its hosts and partners, the people the sources name, its sessions,
    figures, countries and quotes. Its talks and speakers have routes of their own."""
    return events(queryset).prefetch_related(
        public(
            "organisation_roles",
            Event,
            EventOrganisation.objects.select_related("organisation__country")
            .prefetch_related(citations())
            .order_by("order", "pk"),
        ),
        public(
            "participants",
            Event,
            EventParticipant.objects.select_related("person")
            .prefetch_related(citations())
            .order_by("role", "order", "pk"),
        ),
        public("sessions", Event, sessions(Session.objects.order_by(*programme_order()))),
        public(
            "figures",
            Event,
            EventFigure.objects.prefetch_related(citations()).order_by("order", "pk"),
        ),
        Prefetch("countries", queryset=Country.objects.order_by("code")),
        quotes(Event),
    )


def sessions(queryset: QuerySet) -> QuerySet:
    return (
        queryset.select_related("event")
        .prefetch_related(public("room", Session), citations())
        .annotate(known_talk_count=count_of(public_talks(), "session"))
    )


# Talks and speakers -----------------------------------------------------------------------


def talks(queryset: QuerySet) -> QuerySet:
    """Talks with what a programme line shows: session, room, track, speakers, citations.

    Only the columns a list shows: a page of a hundred talks would otherwise read its event's
    long texts a hundred times, and every speaker's biography.
    """
    return (
        queryset.select_related("event")
        .defer(*columns("description"), *columns("event__summary", "event__description"))
        .prefetch_related(
            public("session", Talk),
            public("room", Talk),
            public("track", Talk),
            citations(),
        )
    )


def talks_page(talks: list) -> None:
    """The talks of a page (fetched) with their topics and, as `speaker_list`, their public
    speakers in the order they were added (the first speaker first), in one query."""
    topics_of(talks)
    speakers = defaultdict(list)
    for link in (
        Talk.speakers.through.objects.filter(talk_id__in=[talk.pk for talk in talks])
        .filter(public_q(Person, "person"))
        .select_related("person")
        .only("talk_id", "person", "person__slug", *columns("person__name", "person__honorific"))
        .order_by("pk")
    ):
        speakers[link.talk_id].append(link.person)
    for talk in talks:
        talk.speaker_list = speakers[talk.pk]


def talk_detail(queryset: QuerySet) -> QuerySet:
    """A talk as a list shows it, with its description and links."""
    return (
        talks(queryset)
        .defer(None)
        .defer(*columns("event__summary", "event__description"))
        .prefetch_related(public("links", Talk, TalkLink.objects.order_by("order", "pk")))
    )


def event_speakers(event: Event) -> QuerySet:
    """The public people who speak at `event`: speakers of its public talks, and people the
    sources name as its speakers (as its page lists them)."""
    named = EventParticipant.objects.published(given=("event",)).filter(event=event, role=SPEAKER)
    speaking = Q(
        pk__in=Talk.speakers.through.objects.filter(talk__in=event_talks(event)).values("person_id")
    ) | Q(pk__in=named.values("person_id"))
    return Person.objects.published().filter(speaking)


def speakers(queryset: QuerySet, event: Event) -> QuerySet:
    """Speakers of `event` as people, each with their talks at it in programme order."""
    return people(queryset).prefetch_related(
        Prefetch(
            "talks",
            queryset=event_talks(event).select_related("event").order_by(*programme_order()),
            to_attr="event_talks",
        )
    )


def event_talks(event: Event) -> QuerySet:
    return Talk.objects.published(given=("event",)).filter(event=event)


# People -----------------------------------------------------------------------------------


def people(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(
        public(
            "affiliations",
            Person,
            Affiliation.objects.select_related("organisation__country")
            .prefetch_related(citations())
            .order_by("-is_current", "order", "pk"),
        ),
        citations(),
    )


def people_page(people: list) -> None:
    """The people of a page (fetched) with their topics and, as `talk_count`, how many public
    talks each gives: one query for all of them, rather than a subquery per row, which SQLite
    ran for every person before taking the page."""
    topics_of(people)
    rows = (
        Talk.speakers.through.objects.filter(
            person_id__in=[person.pk for person in people], talk__in=public_talks()
        )
        .values("person_id")
        .annotate(count=Count("pk"))
        .values_list("person_id", "count")
    )
    counts = dict(rows)
    for person in people:
        person.talk_count = counts.get(person.pk, 0)


def person_detail(queryset: QuerySet) -> QuerySet:
    """A person with their positions, talks, parts in events and quotes."""
    return people(queryset).prefetch_related(
        Prefetch(
            "talks",
            queryset=public_talks()
            .select_related("event")
            .order_by("-event__start_date", *programme_order()),
            to_attr="talk_list",
        ),
        public(
            "participations",
            Person,
            EventParticipant.objects.select_related("event")
            .prefetch_related(citations())
            .order_by("-event__start_date", "role", "order", "pk"),
        ),
        quotes(Person),
    )


# Organisations ----------------------------------------------------------------------------


def organisation_list(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("country").prefetch_related(
        public("parent", Organisation, organisations()), citations()
    )


def organisation_detail(queryset: QuerySet) -> QuerySet:
    """An organisation with its parts, people, events, parks and the articles it published.

    Parks are reached through their relations to organisations (`approved_parks`,
    `park_memberships`), as the organisation's page does.
    """
    return organisation_list(queryset).prefetch_related(
        public("children", Organisation, organisations().order_by("slug")),
        public(
            "affiliations",
            Organisation,
            Affiliation.objects.select_related("person")
            .prefetch_related(citations())
            .order_by("-is_current", "order", "pk"),
        ),
        public(
            "event_roles",
            Organisation,
            EventOrganisation.objects.select_related("event")
            .prefetch_related(citations())
            .order_by("-event__start_date", "order", "pk"),
        ),
        public(
            "park_memberships",
            Organisation,
            ParkMembership.objects.select_related("park")
            .prefetch_related(citations())
            .order_by("park__slug", "role", "pk"),
        ),
        public("approved_parks", Organisation, IndustryPark.objects.order_by("slug")),
        public(
            "published_sources",
            Organisation,
            Source.objects.order_by(F("published_at").desc(nulls_last=True), "pk"),
        ),
    )


# Parks ------------------------------------------------------------------------------------


def parks(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(
        public("approved_by", IndustryPark, organisations()),
        public("metrics", IndustryPark, ParkMetric.objects.prefetch_related(citations())),
        citations(),
    )


def park_detail(queryset: QuerySet) -> QuerySet:
    """A park with its value chain, members, related parks and quotes."""
    return parks(queryset).prefetch_related(
        public(
            "stages",
            IndustryPark,
            ValueChainStage.objects.prefetch_related(citations()).order_by("order", "pk"),
        ),
        public(
            "memberships",
            IndustryPark,
            ParkMembership.objects.select_related("organisation__country")
            .prefetch_related(citations())
            .order_by("role", "pk"),
        ),
        public(
            "relations",
            IndustryPark,
            ParkRelation.objects.select_related("related_park")
            .prefetch_related(citations())
            .order_by("kind", "pk"),
        ),
        public(
            "related_from",
            IndustryPark,
            ParkRelation.objects.select_related("park")
            .prefetch_related(citations())
            .order_by("kind", "pk"),
        ),
        quotes(IndustryPark),
    )


# Topics and sources -----------------------------------------------------------------------


def topic_list(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(citations())


def sources(queryset: QuerySet) -> QuerySet:
    # A source's `citations` are those that cite it (Citation.source), not its own.
    return queryset.prefetch_related(public("publisher", Source, organisations()))
