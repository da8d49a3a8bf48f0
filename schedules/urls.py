from django.urls import path

from schedules import views
from summit import converters  # noqa: F401  (registers the "uslug" converter)

app_name = "schedules"

urlpatterns = [
    path("events/<uslug:slug>/schedule.xml", views.event_schedule_xml, name="event_schedule_xml"),
    path(
        "events/<uslug:slug>/schedule.json", views.event_schedule_json, name="event_schedule_json"
    ),
]
