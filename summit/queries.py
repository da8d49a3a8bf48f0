"""What each public page loads, decided in one place so views stay thin and query counts fixed.

Every function returns a queryset (or plain lists) whose related rows are fetched up front with
only published records in them; templates only iterate what these prefetch.
"""

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Count,
    FilteredRelation,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.text import Truncator
from django.utils.translation import pgettext

from summit.models import (
    Affiliation,
    Citation,
    Country,
    Event,
    EventFigure,
    EventOrganisation,
    EventParticipant,
    EventSeries,
    Organisation,
    Person,
    Quote,
    Session,
    Source,
    Talk,
    TalkLink,
    Topic,
)
from summit.models.base import Measurement, public_q
from summit.prepared import PreparedQuery
from summit.translation import (
    by_language,
    in_language,
    language_order,
    localized,
    other_language_values,
    other_values,
    plain,
)

HOST_ROLES = {EventOrganisation.Role.HOST, EventOrganisation.Role.CO_HOST}
SPEAKER = EventParticipant.Role.SPEAKER
OFFICIAL_GUEST = EventParticipant.Role.OFFICIAL_GUEST


def public(
    lookup: str, of: type[Model], queryset: QuerySet | None = None, *, select: tuple[str, ...] = ()
) -> Prefetch:
    """Load the relation `lookup` of the model `of` with public records only.

    For a list (talks, children) an unpublished record is left out; for an optional reference
    (a parent organisation, a series, a quote's event) it reads as None, so no page, feed or
    JSON-LD can show its name or link. Rows of a list hanging off the record itself (an event's
    talks) take that record as given: it is public, or staff are previewing it. `queryset`
    shapes the related rows (it is narrowed to `published()`); `select` is a shortcut for a
    plain one with `select_related`. For a nested `lookup`, `of` holds its last part.
    """
    field = of._meta.get_field(lookup.rsplit("__", 1)[-1])
    if queryset is None:
        queryset = field.related_model.objects.all()
        if select:  # select_related() without names would follow every foreign key
            queryset = queryset.select_related(*select)
    reverse = field.auto_created and not field.concrete
    given = (field.remote_field.name,) if reverse else ()
    return Prefetch(lookup, queryset=queryset.published(given=given))


def citations() -> Prefetch:
    """The record's citations of published sources, source loaded, as the list `record.cited`.

    A plain list (`to_attr`) rather than the related manager: Django builds a queryset per
    record for a manager, which dominated the event page's time at a few hundred speakers.
    """
    return Prefetch("citations", queryset=public_citations(), to_attr="cited")


# What a citation shows of its source: a sources note's link, date and publisher, the API's
# citation. Not the article's text: a page citing one article a hundred times loaded it a
# hundred times.
CITED_SOURCE_FIELDS = (
    "slug",
    "title",
    *localized("title"),
    "url",
    "publisher_name",
    "published_at",
)


def public_citations() -> QuerySet:
    """Citations of published sources, with what a page or the API shows of the source."""
    return (
        Citation.objects.published()
        .select_related("source")
        .only(
            "content_type_id",
            "object_id",
            "evidence",
            *(f"source__{name}" for name in CITED_SOURCE_FIELDS),
        )
    )


def _quote_rows():
    return (
        Quote.objects.select_related("person")
        .prefetch_related(public("event", Quote), citations())
        .published()
    )


def quotes(of: type[Model], lookup: str = "quotes") -> Prefetch:
    return public(lookup, of, _quote_rows())


def affiliations(lookup: str = "affiliations") -> Prefetch:
    return public(
        lookup,
        Person,
        Affiliation.objects.select_related("organisation").prefetch_related(
            public("organisation__parent", Organisation)
        ),
    )


def talks(of: type[Model], lookup: str = "talks", where: Q | None = None) -> Prefetch:
    """Public talks (those matching `where`, if given), each with its public speakers as the
    list `talk.speaker_list`."""
    queryset = Talk.objects.select_related("event", "session", "room").prefetch_related(
        Prefetch("speakers", queryset=Person.objects.published(), to_attr="speaker_list")
    )
    return public(lookup, of, queryset.filter(where) if where is not None else queryset)


def latest_quotes():
    """Public quotes, newest first, for the home page."""
    return _quote_rows().order_by("-publish_at", "order", "pk")


def quotes_reported_with(event):
    """Public quotes with no event that an article also citing `event` reports: words said
    around it that the article does not place at it. `event` is loaded by `event_page`."""
    sources = {citation.source_id for citation in event.cited}
    return (
        _quote_rows()
        .filter(
            event__isnull=True,
            pk__in=Citation.objects.filter(
                content_type=ContentType.objects.get_for_model(Quote), source__in=sources
            ).values("object_id"),
        )
        .order_by("order", "pk")
    )


def figures_of(event):
    """An event's headline figures with their citations."""
    return EventFigure.objects.filter(event=event).prefetch_related(citations())


def series_page(queryset):
    return queryset.prefetch_related(
        public("events", EventSeries, Event.objects.select_related("venue")), citations()
    )


def event_list(queryset):
    return queryset.select_related("venue").prefetch_related(public("series", Event))


def event_page(queryset):
    """An event with its whole programme, hosts, people, figures, topics, quotes and sources."""
    return queryset.select_related("venue", "venue__country").prefetch_related(
        public("series", Event),
        public(
            "organisation_roles",
            Event,
            EventOrganisation.objects.select_related("organisation").prefetch_related(citations()),
        ),
        public(
            "participants",
            Event,
            EventParticipant.objects.select_related("person").prefetch_related(citations()),
        ),
        Prefetch(
            "sessions",
            queryset=Session.objects.select_related("room").prefetch_related(citations()),
        ),
        # Only the talks this page lists: those of a session and those the sources report
        # without a time. Timed talks are the programme page's; `event_sections` counts them.
        talks(Event, where=Q(session__isnull=False) | Q(starts_at__isnull=True)),
        Prefetch("figures", queryset=EventFigure.objects.prefetch_related(citations())),
        Prefetch("countries", queryset=Country.objects.prefetch_related(citations())),
        "topics",
        quotes(Event),
        citations(),
    )


@dataclass
class PersonLine:
    """A person as a list of an event's people shows them: name (and the other language's),
    address, role and title at the event, and the citations of the line. Built once for the
    page and its JSON-LD alike, from rows rather than model instances: a large event lists
    hundreds of speakers."""

    name: str
    url: str
    other_names: list[tuple[str, str]]
    role: str = ""
    title_at_event: str = ""
    cited: list = field(default_factory=list)
    affiliations: list["AffiliationLine"] = field(default_factory=list)


@dataclass
class AffiliationLine:
    """A person's title at an organisation, as a line under their name shows it."""

    title: str
    organisation: str
    url: str
    is_current: bool


def attach_affiliation_lines(people) -> None:
    """Give each of `people` (loaded by `person_list`) its affiliations as the lines
    `includes/affiliations.html` shows, `person.affiliation_lines`, as a talk page's speakers
    have them."""
    for person in people:
        person.affiliation_lines = [
            AffiliationLine(
                title=affiliation.title,
                organisation=affiliation.organisation.name,
                url=affiliation.organisation.get_absolute_url(),
                is_current=affiliation.is_current,
            )
            for affiliation in person.affiliations.all()
        ]


def _person_url_pattern() -> str:
    return reverse("summit:person_detail", kwargs={"slug": "-slug-"})


def participant_line(participant: EventParticipant) -> PersonLine:
    person = participant.person
    return PersonLine(
        name=person.name,
        url=person.get_absolute_url(),
        other_names=other_language_values(person),
        role=participant.get_role_display(),
        title_at_event=participant.title_at_event,
        cited=participant.cited,
    )


def event_speakers(event) -> list[PersonLine]:
    """Who spoke at a loaded event (see `event_page`): anyone the sources name as a speaker,
    then the speakers of its public talks in programme order. Three queries at any size."""
    speakers = [participant_line(item) for item in event.participants.all() if item.role == SPEAKER]
    listed = {item.person_id for item in event.participants.all() if item.role == SPEAKER}
    order = list(
        dict.fromkeys(
            Talk.speakers.through.objects.filter(
                talk__in=Talk.objects.published(given=("event",)).filter(event=event)
            )
            .order_by("talk__starts_at", "talk__order", "talk_id", "pk")
            .values_list("person_id", flat=True)
        )
    )
    people = {
        row["id"]: row
        for row in plain(Person.objects.published())
        .filter(pk__in=set(order) - listed)
        .values("id", "slug", *localized("name"))
    }
    pattern = _person_url_pattern()
    order_shown = language_order()
    role = EventParticipant.Role(SPEAKER).label
    for person_id in order:
        row = people.get(person_id)
        if row is None:
            continue
        shown = in_language(row, "name", order_shown)
        others = other_values(by_language(row, "name"), shown)
        speakers.append(
            PersonLine(
                name=shown,
                url=pattern.replace("-slug-", iri_to_uri(row["slug"])),
                other_names=others,
                role=str(role),
            )
        )
    return speakers


def event_sections(event) -> dict:
    """Split a loaded event (see `event_page`) into what its page shows section by section."""
    roles = list(event.organisation_roles.all())
    participants = list(event.participants.all())
    sessions = list(event.sessions.all())
    talks_by_session = defaultdict(list)
    for talk in event.talks.all():
        talks_by_session[talk.session_id].append(talk)
    timed = list(
        plain(Talk.objects.published(given=("event",)))
        .filter(event=event, starts_at__isnull=False)
        .values_list("starts_at", flat=True)
    )
    return {
        "speakers": event_speakers(event),
        "official_guests": [
            participant_line(item) for item in participants if item.role == OFFICIAL_GUEST
        ],
        "other_participants": [
            participant_line(item)
            for item in participants
            if item.role not in (SPEAKER, OFFICIAL_GUEST)
        ],
        "hosts": [role for role in roles if role.role in HOST_ROLES],
        "other_organisations": [role for role in roles if role.role not in HOST_ROLES],
        "programme": [(session, talks_by_session[session.pk]) for session in sessions],
        # Timed items are the programme page's; the event page names its days and links them.
        "programme_days": sorted(
            {
                moment.astimezone(event.zone).date()
                for moment in [*(session.starts_at for session in sessions), *timed]
                if moment
            }
        ),
        "timed_talk_count": len(timed),
        # Talks outside any session with no time: research the source reports.
        "highlights": [talk for talk in talks_by_session[None] if not talk.starts_at],
    }


def talk_page(queryset):
    """The talk with what its page shows of it and of its event, session, room and track: a
    talk's row is wide (every text in two languages), and selecting what is not shown costs
    more than the query's own work."""
    return queryset.select_related("event", "session", "room", "track").only(
        "slug",
        *localized("title"),
        *localized("subtitle"),
        *localized("abstract"),
        *localized("description"),
        "talk_type",
        "language",
        "starts_at",
        "ends_at",
        "event__slug",
        *localized("event__name"),
        "event__time_zone",
        "event__start_date",
        "event__end_date",
        *localized("session__title"),
        *localized("room__name"),
        *localized("track__name"),
    )


def programme_event(queryset):
    """Of the event itself, the programme page shows its name, address and time zone."""
    return queryset.only("slug", *localized("name"), "time_zone", "start_date")


@functools.cache
def public_page(model: type[Model], page_query) -> PreparedQuery:
    """`page_query` of the public record of `model` with a given slug, compiled once per
    process: `public_page(Talk, talk_page)(slug="car-t")`."""
    return PreparedQuery(lambda slug: page_query(model.objects.published()).filter(slug=slug))


def talk_details(talk: Talk) -> dict:
    """What the talk page shows beside the talk: its public speakers as `PersonLine`s with
    their public affiliations, its links, its topics, and its citations as `talk.cited`.

    Plain rows, one prepared query each, rather than `prefetch_related` and model instances:
    for a single record, Django's prefetch machinery, building instances and compiling the
    queries cost more than running them.
    """
    order = language_order()
    kind = ContentType.objects.get_for_model(talk).pk
    speakers = _speaker_lines(_speaker_rows(talk=talk.pk), order)
    talk.cited = citations_of(kind=kind, record=talk.pk)
    links = [
        {"url": row["url"], "title": in_language(row, "title", order) or row["url"]}
        for row in _link_rows(talk=talk.pk)
    ]
    return {"speakers": speakers, "links": links, "topics": topics_of(kind=kind, record=talk.pk)}


@PreparedQuery
def _link_rows(talk: int) -> QuerySet:
    return (
        plain(TalkLink.objects.published(given=("talk",)))
        .filter(talk=talk)
        .values("url", *localized("title"))
    )


@PreparedQuery
def _speaker_rows(talk: int) -> QuerySet:
    """A talk's public speakers, a row per affiliation, the organisation joined only where the
    affiliation's rule makes it public."""
    public_affiliation = Affiliation.public_condition("affiliations__", given=("person",))
    return (
        plain(Person.objects.published())
        .filter(talks=talk)
        .order_by()  # sorted by `_speaker_lines`, by the name shown
        .annotate(
            public_organisation=FilteredRelation(
                "affiliations__organisation", condition=public_affiliation
            )
        )
        .values(
            "pk",
            "slug",
            *localized("name"),
            "affiliations__pk",
            "affiliations__is_current",
            "affiliations__order",
            *(f"affiliations__{column}" for column in localized("title")),
            "public_organisation__slug",
            *(f"public_organisation__{column}" for column in localized("name")),
        )
    )


def _speaker_lines(rows: list[dict], order: tuple[str, ...]) -> list[PersonLine]:
    """Speakers by the name the page shows, each with their public affiliations (current first,
    in the editors' order), from `_speaker_rows`."""
    speakers, positions = {}, defaultdict(list)
    person_url = _person_url_pattern()
    organisation_url = reverse("summit:organisation_detail", kwargs={"slug": "-slug-"})
    for row in rows:
        if row["pk"] not in speakers:
            shown = in_language(row, "name", order)
            speakers[row["pk"]] = PersonLine(
                name=shown,
                url=person_url.replace("-slug-", iri_to_uri(row["slug"])),
                other_names=other_values(by_language(row, "name"), shown),
            )
        if row["public_organisation__slug"] is None:
            continue  # no affiliation, or one to an organisation the public cannot see
        key = (
            not row["affiliations__is_current"],
            row["affiliations__order"],
            row["affiliations__pk"],
        )
        line = AffiliationLine(
            title=in_language(row, "affiliations__title", order),
            organisation=in_language(row, "public_organisation__name", order),
            url=organisation_url.replace("-slug-", iri_to_uri(row["public_organisation__slug"])),
            is_current=row["affiliations__is_current"],
        )
        positions[row["pk"]].append((key, line))
    for person, lines in positions.items():
        speakers[person].affiliations = [line for _key, line in sorted(lines, key=lambda x: x[0])]
    return sorted(speakers.values(), key=lambda line: (line.name.casefold(), line.url))


@PreparedQuery
def citations_of(kind: int, record: int) -> QuerySet:
    """A record's citations of published sources, source loaded (what `citations()`
    prefetches), by the record's content type and key."""
    return public_citations().filter(content_type=kind, object_id=record)


@PreparedQuery
def topics_of(kind: int, record: int) -> QuerySet:
    """A record's topics (what `record.topics.all()` gives), without taggit's manager, by the
    record's content type and key."""
    return Topic.objects.filter(
        tagged_items__content_type=kind, tagged_items__object_id=record
    ).distinct()


def person_list(queryset):
    return queryset.prefetch_related(affiliations()).annotate(
        talk_count=Count("talks", filter=public_q(Talk, "talks"), distinct=True)
    )


def person_page(queryset):
    return queryset.prefetch_related(
        public(
            "affiliations",
            Person,
            Affiliation.objects.select_related("organisation").prefetch_related(
                public("organisation__parent", Organisation), citations()
            ),
        ),
        talks(Person),
        quotes(Person),
        public(
            "participations",
            Person,
            EventParticipant.objects.select_related("event").prefetch_related(citations()),
        ),
        "topics",
        citations(),
    )


def organisation_list(queryset):
    return queryset.select_related("country").prefetch_related(public("parent", Organisation))


def organisation_page(queryset):
    """An organisation with its parent and parts, people, events, parks and articles.

    Parks are reached through their relations to organisations (`approved_parks`,
    `park_memberships`): the summit app does not import the parks app, which builds on it.
    """
    return queryset.select_related("country").prefetch_related(
        public("parent", Organisation),
        public("children", Organisation),
        public("affiliations", Organisation, select=("person",)),
        public("event_roles", Organisation, select=("event",)),
        public("approved_parks", Organisation),
        public("park_memberships", Organisation, select=("park",)),
        public("published_sources", Organisation),
        "topics",
        citations(),
    )


def source_list(queryset):
    # `Source.citations` is the source's own (generic) citations as a record; the citations
    # made from it are counted from their side, those of public records only.
    made_from = (
        Citation.objects.filter(Citation.of_public_records(), source=OuterRef("pk"))
        .order_by()
        .values("source")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return queryset.prefetch_related(public("publisher", Source)).annotate(
        citation_count=Coalesce(Subquery(made_from), 0)
    )


def source_page(queryset):
    return queryset.prefetch_related(public("publisher", Source))


def source_sentences(source) -> list[dict]:
    """Each sentence a source is quoted for, once, in the order of the article, with the
    public records it supports by kind: plain rows for the source page.

    A row is `{"evidence": str, "kinds": [(kind, [(label, url or "")])]}`. Sentences are
    ordered by where they stand in the stored text (spacing ignored); one the text does not
    contain (staff edited it) follows, in the order it was cited. One query for the citations
    and one per kind of record; drafts are left out, and so is a sentence left with none.
    """
    cited = defaultdict(lambda: defaultdict(list))  # evidence → content type → object ids
    for content_type_id, object_id, evidence in source.citations.order_by("pk").values_list(
        "content_type_id", "object_id", "evidence"
    ):
        cited[" ".join(evidence.split())][content_type_id].append(object_id)
    records = {}
    for content_type_id in {kind for by_kind in cited.values() for kind in by_kind}:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        ids = {pk for by_kind in cited.values() for pk in by_kind.get(content_type_id, ())}
        # select_related() follows every required foreign key: what a record's label and page need.
        for record in model.objects.published().filter(pk__in=ids).select_related():
            records[content_type_id, record.pk] = record
    text = " ".join(source.body.split())
    rows = []
    for evidence, by_kind in cited.items():
        kinds = []
        for content_type_id, ids in by_kind.items():
            found = [records[content_type_id, pk] for pk in ids if (content_type_id, pk) in records]
            if found:
                heading = str(found[0]._meta.verbose_name_plural)
                kinds.append((heading, [(record_label(r), page_of(r)) for r in found]))
        if kinds:
            kinds.sort(key=lambda kind: kind[0])
            position = text.find(evidence)
            rows.append((position if position >= 0 else len(text), evidence, kinds))
    rows.sort(key=lambda row: row[0])  # stable: sentences not in the text keep their order
    return [{"evidence": evidence, "kinds": kinds} for _position, evidence, kinds in rows]


def page_of(record) -> str:
    """The address of the page that shows `record`: its own, or that of the record it belongs to
    (a position is shown on its person's page, a figure on its event's); "" if there is none."""
    if hasattr(record, "get_absolute_url"):
        return record.get_absolute_url()
    for name in record.public_requires:
        related = getattr(record, name)
        if hasattr(related, "get_absolute_url"):
            return related.get_absolute_url()
    return ""


def record_label(record) -> str:
    """How a list names `record` in the page's language: its name, or what it ties together
    ("田志刚，院士，中国科学院" for a position; "出席的专业人士：超过400位" for a figure)."""
    comma = pgettext("list separator", ", ")
    colon = pgettext("label separator", ": ")
    if isinstance(record, Measurement):
        return f"{record.label}{colon}{record.display_value()}"
    if isinstance(record, Quote):
        return f"{record.person}{colon}{Truncator(record.text).chars(40)}"
    parts = [getattr(record, name, None) for name in ("person", "organisation")]
    if all(parts) and getattr(record, "title", ""):
        parts.insert(1, record.title)  # a position
    if any(parts):
        return comma.join(str(part) for part in parts if part)
    # A session or talk: its title (the page it links to names the event).
    return str(getattr(record, "title", "") or record)
