"""Public pages of the summit app: thin generic views; what each loads is in summit.queries."""

from django.core.paginator import InvalidPage
from django.http import Http404
from django.views.generic import DetailView, ListView

from summit import queries, structured_data
from summit.models import Country, Event, EventSeries, Organisation, Person, Source, Talk

PAGE_SIZE = 24


class PublishedMixin:
    """The public sees public records only (`published()`); staff also see the others, to
    preview them."""

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
        # Only staff can reach a record the public cannot see: tell them it is a preview.
        context["preview"] = self.request.user.is_staff and not (
            self.model.objects.published().filter(pk=self.object.pk).exists()
        )
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


class EventListView(PublishedMixin, PaginatedListView):
    """Upcoming events (default) or past ones, optionally of one series."""

    model = Event

    def get_queryset(self):
        queryset = queries.event_list(super().get_queryset())
        self.when = "past" if self.request.GET.get("when") == "past" else "upcoming"
        self.series = self.request.GET.get("series", "")
        if self.series:
            queryset = queryset.filter(series__slug=self.series)
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
        queryset = queries.organisation_list(super().get_queryset())
        self.kind = self.request.GET.get("kind", "")
        self.country = self.request.GET.get("country", "").upper()
        if self.kind in Organisation.Kind.values:
            queryset = queryset.filter(kind=self.kind)
        if self.country:
            queryset = queryset.filter(country__code=self.country)
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


class SourceListView(PublishedMixin, PaginatedListView):
    model = Source

    def get_queryset(self):
        return queries.source_list(super().get_queryset())


class SourceDetailView(PublishedDetailView):
    model = Source
    page_query = staticmethod(queries.source_page)
    structured = staticmethod(structured_data.source_data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["supported"] = queries.records_citing(self.object)
        return context
