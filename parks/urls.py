from django.urls import path

from parks import views
from summit import converters  # noqa: F401  (registers the "uslug" converter)

app_name = "parks"

urlpatterns = [
    path("", views.IndustryParkListView.as_view(), name="park_list"),
    path("<uslug:slug>/", views.IndustryParkDetailView.as_view(), name="park_detail"),
]
