from django.urls import path
from django.views.decorators.http import require_safe

from summit import (
    calendars,
    converters,  # noqa: F401  (registers the "uslug" converter)
    feeds,
    views,
)

app_name = "summit"

urlpatterns = [
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/feed/", require_safe(feeds.EventFeed()), name="event_feed"),
    path("events/calendar.ics", calendars.all_events_calendar, name="event_calendar_all"),
    path("events/<uslug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path(
        "events/<uslug:slug>/programme/",
        views.EventProgrammeView.as_view(),
        name="event_programme",
    ),
    path(
        "events/<uslug:slug>/programme/mine/", views.MyProgrammeView.as_view(), name="my_programme"
    ),
    path(
        "events/<uslug:slug>/programme/mine/calendar.ics",
        views.my_programme_calendar,
        name="my_programme_calendar",
    ),
    path("events/<uslug:slug>/programme/tracks.css", views.track_styles, name="track_styles"),
    path("events/<uslug:slug>/calendar.ics", calendars.event_calendar, name="event_calendar"),
    path("series/<uslug:slug>/", views.EventSeriesDetailView.as_view(), name="series_detail"),
    path("talks/<uslug:slug>/", views.TalkDetailView.as_view(), name="talk_detail"),
    path("talks/<uslug:slug>/calendar.ics", calendars.talk_calendar, name="talk_calendar"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/<uslug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("people/<uslug:slug>/calendar.ics", calendars.person_calendar, name="person_calendar"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation_list"),
    path(
        "organisations/<uslug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path("sources/", views.SourceListView.as_view(), name="source_list"),
    path("sources/<uslug:slug>/", views.SourceDetailView.as_view(), name="source_detail"),
]
