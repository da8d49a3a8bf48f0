"""Public pages of the parks app: the list of parks and a park with every dated figure."""

from parks import queries
from parks.models import IndustryPark
from summit import structured_data
from summit.views import PaginatedListView, PublishedDetailView, PublishedMixin


class IndustryParkListView(PublishedMixin, PaginatedListView):
    model = IndustryPark

    def get_queryset(self):
        return queries.park_list(super().get_queryset())


class IndustryParkDetailView(PublishedDetailView):
    model = IndustryPark
    page_query = staticmethod(queries.park_page)
    structured = staticmethod(structured_data.park_data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["share_metrics"] = [
            metric for metric in self.object.metrics.all() if metric.percentage is not None
        ]
        return context
