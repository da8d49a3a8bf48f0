"""Public pages of the parks app: the list of parks and a park with every dated figure."""

from django.db.models import Prefetch

from parks.models import IndustryPark, ParkMembership, ParkMetric, ParkRelation
from summit import queries, structured_data
from summit.views import PaginatedListView, PublishedDetailView, PublishedMixin


class IndustryParkListView(PublishedMixin, PaginatedListView):
    model = IndustryPark

    def get_queryset(self):
        return super().get_queryset().prefetch_related("metrics")


def park_page(queryset):
    """A park with its stages, members, related parks, metrics, quotes, topics and citations."""
    return queryset.select_related("approved_by").prefetch_related(
        "stages",
        Prefetch(
            "memberships",
            queryset=ParkMembership.objects.filter(
                queries.published_q("organisation")
            ).select_related("organisation"),
        ),
        Prefetch(
            "relations",
            queryset=ParkRelation.objects.filter(queries.published_q("related_park"))
            .select_related("related_park")
            .prefetch_related(queries.citations()),
        ),
        Prefetch(
            "related_from",
            queryset=ParkRelation.objects.filter(queries.published_q("park")).select_related(
                "park"
            ),
        ),
        Prefetch("metrics", queryset=ParkMetric.objects.prefetch_related(queries.citations())),
        queries.quotes(),
        "topics",
        queries.citations(),
    )


class IndustryParkDetailView(PublishedDetailView):
    model = IndustryPark
    page_query = staticmethod(park_page)
    structured = staticmethod(structured_data.park_data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["share_metrics"] = [
            metric for metric in self.object.metrics.all() if metric.percentage is not None
        ]
        return context
