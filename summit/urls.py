from django.urls import path

from summit import (
    converters,  # noqa: F401  (registers the "uslug" converter)
    views,
)

app_name = "summit"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("series/<uslug:slug>/", views.EventSeriesDetailView.as_view(), name="series_detail"),
    path("events/<uslug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path("talks/<uslug:slug>/", views.TalkDetailView.as_view(), name="talk_detail"),
    path("people/<uslug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path(
        "organisations/<uslug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path("topics/<uslug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("sources/<uslug:slug>/", views.SourceDetailView.as_view(), name="source_detail"),
]
