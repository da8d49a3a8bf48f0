"""Public pages of the parks app."""

from parks.models import IndustryPark
from summit.views import PublishedDetailView


class IndustryParkDetailView(PublishedDetailView):
    model = IndustryPark
