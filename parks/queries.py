"""What the parks pages load: public records only, decided here so views stay thin."""

from parks.models import IndustryPark, ParkMetric, ParkRelation
from summit.queries import citations, public, quotes


def park_list(queryset):
    return queryset.prefetch_related(public("metrics", IndustryPark))


def park_page(queryset):
    """A park with its stages, members, related parks, metrics, quotes, topics and citations."""
    return queryset.prefetch_related(
        public("approved_by", IndustryPark),
        "stages",
        public("memberships", IndustryPark, select=("organisation",)),
        public(
            "relations",
            IndustryPark,
            ParkRelation.objects.select_related("related_park").prefetch_related(citations()),
        ),
        public("related_from", IndustryPark, select=("park",)),
        public("metrics", IndustryPark, ParkMetric.objects.prefetch_related(citations())),
        quotes(IndustryPark),
        "topics",
        citations(),
    )
