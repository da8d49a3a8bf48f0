"""Public pages of the summit app: thin generic views whose queries are decided here."""

from django.views.generic import DetailView, TemplateView

from summit.models import Event, EventSeries, Organisation, Person, Source, Talk, Topic


class PublishedDetailView(DetailView):
    """A detail page the public sees only once published; staff also see drafts, to preview them."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.user.is_staff:
            return queryset
        return queryset.published()


class HomeView(TemplateView):
    template_name = "summit/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["events"] = Event.objects.published().select_related("series", "venue")[:20]
        return context


class EventSeriesDetailView(PublishedDetailView):
    model = EventSeries


class EventDetailView(PublishedDetailView):
    model = Event


class TalkDetailView(PublishedDetailView):
    model = Talk


class PersonDetailView(PublishedDetailView):
    model = Person


class OrganisationDetailView(PublishedDetailView):
    model = Organisation


class SourceDetailView(PublishedDetailView):
    model = Source


class TopicDetailView(DetailView):
    model = Topic
