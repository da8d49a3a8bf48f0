"""Public pages of the summit app: thin generic views; what each loads is in summit.queries."""

from django.core.paginator import InvalidPage
from django.db.models import Count
from django.http import Http404, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import DetailView, ListView, TemplateView

from parks.models import IndustryPark
from summit import queries, structured_data
from summit.models import Country, Event, EventSeries, Organisation, Person, Source, Talk, Topic

PAGE_SIZE = 24


def matching(queryset, **lookup):
    """`queryset.filter(**lookup)` for a value taken from the query string.

    A value holding a NUL character matches nothing, and PostgreSQL refuses it with an error
    rather than an empty result, so it is answered with no rows instead of a server error.
    """
    if any("\x00" in value for value in lookup.values()):
        return queryset.none()
    return queryset.filter(**lookup)


class PublishedMixin:
    """The public sees published records only; staff also see drafts, to preview them."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.user.is_staff:
            return queryset
        return queryset.published()


class PublishedDetailView(PublishedMixin, DetailView):
    """A detail page; subclasses name the query function that loads everything it shows."""

    page_query = None
    structured = None

    def get_queryset(self):
        queryset = super().get_queryset()
        return self.page_query(queryset) if self.page_query else queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.structured:
            context["json_ld"] = self.structured(self.object, self.request)
        return context


class PaginatedListView(ListView):
    """A list page; an out-of-range or malformed ?page= is a 404, never a server error."""

    paginate_by = PAGE_SIZE

    def paginate_queryset(self, queryset, page_size):
        try:
            return super().paginate_queryset(queryset, page_size)
        except InvalidPage as error:
            raise Http404(str(error)) from error


class HomeView(TemplateView):
    template_name = "summit/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = Event.objects.published().select_related("series", "venue")
        context["upcoming_events"] = events.upcoming()[:6]
        past_events = list(events.past()[:6])
        # The most recent past event is the first of that list: no second query for it.
        latest = past_events[0] if past_events else None
        context["past_events"] = past_events
        context["latest_event"] = latest
        context["headline_figures"] = queries.figures_of(latest) if latest else []
        context["parks"] = queries.park_list(IndustryPark.objects.published())[:4]
        context["quotes"] = queries.latest_quotes()[:4]
        return context


class EventListView(PublishedMixin, PaginatedListView):
    """Upcoming events (default) or past ones, optionally of one series."""

    model = Event

    def get_queryset(self):
        queryset = super().get_queryset().select_related("series", "venue")
        self.when = "past" if self.request.GET.get("when") == "past" else "upcoming"
        self.series = self.request.GET.get("series", "")
        if self.series:
            queryset = matching(queryset, series__slug=self.series)
        return queryset.past() if self.when == "past" else queryset.upcoming()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["when"] = self.when
        context["series"] = self.series
        context["series_list"] = EventSeries.objects.published()
        return context


class EventSeriesDetailView(PublishedDetailView):
    model = EventSeries
    page_query = staticmethod(queries.series_page)


class EventDetailView(PublishedDetailView):
    model = Event
    page_query = staticmethod(queries.event_page)
    structured = staticmethod(structured_data.event_data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(queries.event_sections(self.object))
        return context


class TalkDetailView(PublishedDetailView):
    model = Talk
    page_query = staticmethod(queries.talk_page)


class PersonListView(PublishedMixin, PaginatedListView):
    model = Person

    def get_queryset(self):
        return queries.person_list(super().get_queryset())


class PersonDetailView(PublishedDetailView):
    model = Person
    page_query = staticmethod(queries.person_page)
    structured = staticmethod(structured_data.person_data)


class OrganisationListView(PublishedMixin, PaginatedListView):
    """Organisations, filtered by kind (?kind=institute) and country (?country=CN)."""

    model = Organisation

    def get_queryset(self):
        queryset = super().get_queryset().select_related("country", "parent")
        self.kind = self.request.GET.get("kind", "")
        self.country = self.request.GET.get("country", "").upper()
        if self.kind in Organisation.Kind.values:
            queryset = queryset.filter(kind=self.kind)
        if self.country:
            queryset = matching(queryset, country__code=self.country)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kinds"] = Organisation.Kind.choices
        context["kind"] = self.kind
        context["country"] = self.country
        context["countries"] = Country.objects.filter(
            organisations__in=Organisation.objects.published()
        ).distinct()
        return context


class OrganisationDetailView(PublishedDetailView):
    model = Organisation
    page_query = staticmethod(queries.organisation_page)
    structured = staticmethod(structured_data.organisation_data)


class TopicListView(PaginatedListView):
    """Topics in use, grouped by kind in the template (technologies, applications …)."""

    model = Topic
    paginate_by = 200

    def get_queryset(self):
        return Topic.objects.annotate(uses=Count("tagged_items")).filter(uses__gt=0)


class TopicDetailView(DetailView):
    """Everything tagged with a topic: events, talks, organisations, people, parks."""

    model = Topic

    def get_queryset(self):
        return super().get_queryset().prefetch_related(queries.citations())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tagged"] = queries.tagged_with(self.object)
        return context


class SourceListView(PublishedMixin, PaginatedListView):
    model = Source

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("publisher")
            .annotate(citation_count=Count("citations"))
        )


class SourceDetailView(PublishedDetailView):
    model = Source
    structured = staticmethod(structured_data.source_data)

    def get_queryset(self):
        return super().get_queryset().select_related("publisher")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["supported"] = queries.records_citing(self.object)
        return context


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # A bare page: no database queries and no context processors that might fail again.
    return HttpResponseServerError(loader.get_template("500.html").render())
