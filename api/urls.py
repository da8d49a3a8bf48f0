"""The API's addresses, under /api/v1/ (no language prefix: both languages are in every
response, see `?lang=`), with its OpenAPI document and a page to read it."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from api import docs, views

app_name = "api"

router = SimpleRouter()
router.register("events", views.EventViewSet, basename="event")
router.register("events/(?P<event>[^/]+)/talks", views.EventTalkViewSet, basename="event-talk")
router.register(
    "events/(?P<event>[^/]+)/speakers", views.EventSpeakerViewSet, basename="event-speaker"
)
router.register("sessions", views.SessionViewSet, basename="session")
router.register("talks", views.TalkViewSet, basename="talk")
router.register("people", views.PersonViewSet, basename="person")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("parks", views.ParkViewSet, basename="park")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("sources", views.SourceViewSet, basename="source")

urlpatterns = [
    path("", docs.IndexView.as_view(), name="index"),
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.DocsView.as_view(), name="docs"),
    path("", include(router.urls)),
    path("<path:path>", docs.not_found),
]
