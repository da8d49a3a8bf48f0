"""What the home page loads: everything it shows in three queries, five with figures and quotes.

The home page is the page most visitors open first, and the one crawlers ask for most: each
of its parts is one query, however much content there is (tests/website/test_views.py pins the
count). Only public records, through the models' own rules (`published()`, `upcoming()`,
`public_q`).
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from parks.models import IndustryPark, ParkMetric
from summit.models import Event, EventFigure, Quote
from summit.models.base import public_q
from summit.models.events import EventQuerySet
from summit.queries import public_citations

EVENTS = 6  # upcoming and past, each
PARKS = 8
PARK_CARDS = 4
QUOTES = 4


def home_page() -> dict:
    """The home page's context: events, the latest one's figures, parks and quotes."""
    upcoming, past = upcoming_and_past_events(EVENTS)
    latest = past[0] if past else None
    figures = (
        list(EventFigure.objects.filter(event=latest)) if latest and latest.has_figures else []
    )
    quotes = latest_quotes(QUOTES)
    attach_citations(figures, quotes)
    parks = parks_with_metrics(PARKS)
    # A park the articles only name (a linked base) gets a link, not an empty card.
    cards = [park for park in parks if has_card_content(park)][:PARK_CARDS]
    return {
        "upcoming_events": upcoming,
        "past_events": past,
        "latest_event": latest,
        "headline_figures": figures,
        "parks": cards,
        "more_parks": [park for park in parks if park not in cards],
        "quotes": quotes,
    }


def upcoming_and_past_events(count: int) -> tuple[list[Event], list[Event]]:
    """The `count` next public events (soonest first) and the `count` latest past ones (latest
    first), venue loaded, in one query: a row number within each group, counted from today.
    Each event says whether it has headline figures (`has_figures`), so that none are asked
    for when it has none."""
    events = (
        Event.objects.published()
        .select_related("venue")
        .annotate(
            is_upcoming=ExpressionWrapper(
                EventQuerySet.upcoming_condition(), output_field=BooleanField()
            ),
            has_figures=Exists(EventFigure.objects.filter(event=OuterRef("pk"))),
        )
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=F("is_upcoming"),
                order_by=[
                    Case(When(is_upcoming=True, then=F("start_date"))).asc(),
                    F("start_date").desc(),
                    F("pk").asc(),
                ],
            )
        )
        .filter(place__lte=count)
        .order_by("place")
    )
    upcoming, past = [], []
    for event in events:
        (upcoming if event.is_upcoming else past).append(event)
    return upcoming, past


def parks_with_metrics(count: int) -> list[IndustryPark]:
    """The first `count` public parks in the list's order, each with its metrics as the list
    `park.card_metrics`, in one query: one row per park and metric (a park without any has one
    row of empty metric columns), put back together here."""
    metric_fields = ParkMetric._meta.concrete_fields
    rows = (
        IndustryPark.objects.filter(pk__in=IndustryPark.objects.published().values("pk")[:count])
        # A public park's metrics are public with it (ParkMetric requires only its park).
        .annotate(metric=FilteredRelation("metrics"))
        .annotate(
            **{f"metric_{field.attname}": F(f"metric__{field.attname}") for field in metric_fields}
        )
        .order_by(
            *IndustryPark._meta.ordering,
            "pk",
            *metric_ordering(),
        )
    )
    parks = {}
    for row in rows:
        park = parks.setdefault(row.pk, row)
        if not hasattr(park, "card_metrics"):
            park.card_metrics = []
        if row.metric_id is not None:
            values = [getattr(row, f"metric_{field.attname}") for field in metric_fields]
            park.card_metrics.append(
                ParkMetric.from_db(rows.db, [field.attname for field in metric_fields], values)
            )
    return list(parks.values())


def metric_ordering() -> list[str]:
    """ParkMetric's own order (within a park), as seen from the park."""
    return [
        f"-metric__{name[1:]}" if name.startswith("-") else f"metric__{name}"
        for name in ParkMetric._meta.ordering
        if name != "park"
    ]


def has_card_content(park) -> bool:
    """Whether a park card would show more than the name: a place, figures or a description."""
    return bool(park.location or park.description or park.card_metrics)


def latest_quotes(count: int) -> list[Quote]:
    """The newest public quotes with their person, and their event where it is public (None
    otherwise, as `summit.queries.public` would leave it), in one query."""
    quotes = list(
        Quote.objects.published()
        .select_related("person", "event")
        .annotate(
            event_is_public=ExpressionWrapper(public_q(Event, "event"), output_field=BooleanField())
        )
        .order_by("-publish_at", "order", "pk")[:count]
    )
    for quote in quotes:
        if not quote.event_is_public:
            quote.event = None
    return quotes


def attach_citations(*groups: list) -> None:
    """Give every record of `groups` its citations of public sources, source loaded, as the
    list `record.cited` (what `summit.queries.citations` prefetches), in one query for all."""
    records = [record for group in groups for record in group]
    if not records:
        return
    kinds = {type(record): ContentType.objects.get_for_model(record) for record in records}
    by_kind = defaultdict(list)
    for record in records:
        by_kind[kinds[type(record)]].append(record.pk)
    condition = Q()
    for kind, keys in by_kind.items():
        condition |= Q(content_type=kind, object_id__in=keys)
    cited = defaultdict(list)
    for citation in public_citations().filter(condition):
        cited[citation.content_type_id, citation.object_id].append(citation)
    for record in records:
        record.cited = cited[kinds[type(record)].pk, record.pk]
