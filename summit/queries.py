"""What each public page loads, decided in one place so views stay thin and query counts fixed.

Every function returns a queryset (or plain lists) whose related rows are fetched up front with
only published records in them; templates only iterate what these prefetch.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from summit.models import (
    Affiliation,
    Citation,
    Event,
    EventFigure,
    EventOrganisation,
    EventParticipant,
    Organisation,
    Person,
    Quote,
    Session,
    Source,
    Status,
    Talk,
)

HOST_ROLES = {EventOrganisation.Role.HOST, EventOrganisation.Role.CO_HOST}


def published_q(prefix: str) -> Q:
    """Published, and not scheduled for later, for a related record reached through `prefix`."""
    return Q(
        **{f"{prefix}__status": Status.PUBLISHED, f"{prefix}__publish_at__lte": timezone.now()}
    )


def citations() -> Prefetch:
    """The record's citations of published sources, source loaded, as the list `record.cited`.

    A plain list (`to_attr`) rather than the related manager: Django builds a queryset per
    record for a manager, which dominated the event page's time at a few hundred speakers.
    """
    return Prefetch(
        "citations",
        queryset=Citation.objects.filter(published_q("source")).select_related("source"),
        to_attr="cited",
    )


def quotes(lookup: str = "quotes") -> Prefetch:
    return Prefetch(
        lookup,
        queryset=Quote.objects.published()
        .filter(published_q("person"))
        .select_related("person", "event")
        .prefetch_related(citations()),
    )


def affiliations(lookup: str = "affiliations") -> Prefetch:
    return Prefetch(
        lookup,
        queryset=Affiliation.objects.filter(published_q("organisation")).select_related(
            "organisation", "organisation__parent"
        ),
    )


def talks(lookup: str = "talks") -> Prefetch:
    """Published talks, each with its published speakers as the list `talk.speaker_list`."""
    return Prefetch(
        lookup,
        queryset=Talk.objects.published()
        .select_related("event", "session", "room")
        .prefetch_related(
            Prefetch("speakers", queryset=Person.objects.published(), to_attr="speaker_list")
        ),
    )


def latest_quotes():
    """Quotes by published people, newest first, for the home page."""
    return (
        Quote.objects.published()
        .filter(published_q("person"))
        .select_related("person", "event")
        .prefetch_related(citations())
        .order_by("-publish_at", "order", "pk")
    )


def figures_of(event):
    """An event's headline figures with their citations."""
    return EventFigure.objects.filter(event=event).prefetch_related(citations())


def park_list(queryset):
    return queryset.prefetch_related("metrics")


def series_page(queryset):
    return queryset.prefetch_related(
        Prefetch("events", queryset=Event.objects.published().select_related("venue")),
        citations(),
    )


def event_page(queryset):
    """An event with its whole programme, hosts, people, figures, topics, quotes and sources."""
    return queryset.select_related("series", "venue", "venue__country").prefetch_related(
        Prefetch(
            "organisation_roles",
            queryset=EventOrganisation.objects.filter(published_q("organisation"))
            .select_related("organisation")
            .prefetch_related(citations()),
        ),
        Prefetch(
            "participants",
            queryset=EventParticipant.objects.filter(published_q("person"))
            .select_related("person")
            .prefetch_related(citations()),
        ),
        # Talks are loaded once, for the whole event; `event_sections` sorts them into sessions.
        Prefetch(
            "sessions",
            queryset=Session.objects.select_related("room").prefetch_related(citations()),
        ),
        talks(),
        Prefetch("figures", queryset=EventFigure.objects.prefetch_related(citations())),
        "countries",
        "topics",
        quotes(),
        citations(),
    )


def event_sections(event) -> dict:
    """Split a loaded event (see `event_page`) into what its page shows section by section."""
    roles = list(event.organisation_roles.all())
    participants = list(event.participants.all())
    sessions = list(event.sessions.all())
    by_role = {
        "speakers": EventParticipant.Role.SPEAKER,
        "official_guests": EventParticipant.Role.OFFICIAL_GUEST,
    }
    sections = {
        key: [item for item in participants if item.role == role] for key, role in by_role.items()
    }
    talks_by_session = defaultdict(list)
    for talk in event.talks.all():
        talks_by_session[talk.session_id].append(talk)
    return {
        **sections,
        "other_participants": [item for item in participants if item.role not in by_role.values()],
        "hosts": [role for role in roles if role.role in HOST_ROLES],
        "other_organisations": [role for role in roles if role.role not in HOST_ROLES],
        "programme": [(session, talks_by_session[session.pk]) for session in sessions],
        "timetable": any(session.starts_at for session in sessions),
        "highlights": talks_by_session[None],
    }


def talk_page(queryset):
    return queryset.select_related("event", "session", "room").prefetch_related(
        Prefetch("speakers", queryset=Person.objects.published().prefetch_related(affiliations())),
        "topics",
        citations(),
    )


def person_list(queryset):
    return queryset.prefetch_related(affiliations()).annotate(
        talk_count=Count("talks", filter=published_q("talks"), distinct=True)
    )


def person_page(queryset):
    return queryset.prefetch_related(
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.filter(published_q("organisation"))
            .select_related("organisation", "organisation__parent")
            .prefetch_related(citations()),
        ),
        talks(),
        quotes(),
        Prefetch(
            "participations",
            queryset=EventParticipant.objects.filter(published_q("event"))
            .select_related("event")
            .prefetch_related(citations()),
        ),
        "topics",
        citations(),
    )


def organisation_page(queryset):
    return queryset.select_related("parent", "country").prefetch_related(
        Prefetch("children", queryset=Organisation.objects.published()),
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.filter(published_q("person")).select_related("person"),
        ),
        Prefetch(
            "event_roles",
            queryset=EventOrganisation.objects.filter(published_q("event")).select_related("event"),
        ),
        Prefetch("approved_parks", queryset=_published_parks()),
        Prefetch(
            "park_memberships",
            queryset=_memberships().filter(published_q("park")).select_related("park"),
        ),
        Prefetch("published_sources", queryset=Source.objects.published()),
        "topics",
        citations(),
    )


def _published_parks():
    from parks.models import IndustryPark

    return IndustryPark.objects.published()


def _memberships():
    from parks.models import ParkMembership

    return ParkMembership.objects.all()


def tagged_with(topic) -> list[tuple[str, list]]:
    """Published records of each kind tagged with `topic`, as (heading, records), non-empty only."""
    from parks.models import IndustryPark

    groups = []
    for model in (Event, Talk, Organisation, Person, IndustryPark):
        records = list(model.objects.published().filter(topics=topic))
        if records:
            groups.append((model._meta.verbose_name_plural, records))
    return groups


def records_citing(source) -> list[tuple[str, list[tuple[object, list[str]]]]]:
    """The records a source supports, by kind, each with the evidence quoted from the source.

    One query for the citations and one per kind of record; drafts are left out.
    """
    evidence = defaultdict(lambda: defaultdict(list))
    for content_type_id, object_id, text in source.citations.values_list(
        "content_type_id", "object_id", "evidence"
    ):
        evidence[content_type_id][object_id].append(text)
    groups = []
    for content_type_id, by_object in evidence.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        # select_related() follows every required foreign key: what the records' names show.
        records = model._default_manager.filter(pk__in=by_object).select_related()
        if hasattr(records, "published"):
            records = records.published()
        rows = [(record, by_object[record.pk]) for record in records]
        if rows:
            groups.append((str(model._meta.verbose_name_plural), rows))
    groups.sort(key=lambda group: group[0])
    return groups
