"""Public pages of the summit app: thin generic views; what each loads is in summit.queries."""

from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from summit import calendars, queries, structured_data, timetable
from summit.models import Country, Event, EventSeries, Organisation, Person, Source, Talk, Track

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
    # The public's page query compiled once (`queries.public_page`); one that prefetches cannot be.
    prepared = False
    structured = None

    def get_queryset(self):
        queryset = super().get_queryset()
        return self.page_query(queryset) if self.page_query else queryset

    def get_object(self, queryset=None):
        if queryset is not None or not self.prepared or self.request.user.is_staff:
            return super().get_object(queryset)
        found = queries.public_page(self.model, self.page_query)(
            slug=self.kwargs[self.slug_url_kwarg]
        )
        if not found:
            raise Http404(f"No public {self.model._meta.model_name} has this address.")
        return found[0]

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
    """Upcoming events or past ones (?when=), optionally of one series (?series=).

    Without ?when= (where the menu links), past events stand in while none is upcoming, so the
    menu never opens an empty page; ?when=upcoming still says honestly that none is announced.
    """

    model = Event

    def get_queryset(self):
        queryset = queries.event_list(super().get_queryset())
        asked = self.request.GET.get("when")
        self.series = self.request.GET.get("series", "")
        if self.series:
            queryset = queryset.filter(series__slug=self.series)
        upcoming = queryset.upcoming()
        self.fell_back_to_past = asked is None and not upcoming.exists()
        self.when = "past" if asked == "past" or self.fell_back_to_past else "upcoming"
        return queryset.past() if self.when == "past" else upcoming

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["when"] = self.when
        context["fell_back_to_past"] = self.fell_back_to_past
        context["series"] = self.series
        context["series_list"] = EventSeries.objects.published()
        return context


class EventSeriesDetailView(PublishedDetailView):
    model = EventSeries
    page_query = staticmethod(queries.series_page)


class EventDetailView(PublishedDetailView):
    model = Event
    page_query = staticmethod(queries.event_page)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(queries.event_sections(self.object))
        context["reported_quotes"] = queries.quotes_reported_with(self.object)
        # The JSON-LD names the same speakers as the page, from the same prepared lines.
        context["json_ld"] = structured_data.event_data(
            self.object, self.request, context["speakers"]
        )
        return context


class TalkDetailView(PublishedDetailView):
    model = Talk
    page_query = staticmethod(queries.talk_page)
    prepared = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["times"] = timetable.talk_times(self.object)
        context.update(queries.talk_details(self.object))
        return context


class PersonListView(PublishedMixin, PaginatedListView):
    model = Person

    def get_queryset(self):
        return queries.person_list(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queries.attach_affiliation_lines(context["object_list"])
        return context


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
        context["sentences"] = queries.source_sentences(self.object)
        return context


class EventProgrammeView(PublishedDetailView):
    """An event's programme, one day at a time (`?day=2020-11-19`, or `?day=all`), narrowed by
    room, track or topic: each view is a plain URL, to share, bookmark and cache."""

    model = Event
    template_name = "summit/event_programme.html"
    page_query = staticmethod(queries.programme_event)
    prepared = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programme"] = timetable.programme(self.object, self.request.GET)
        context["zone_label"] = timetable.zone_label(self.object)
        return context


class MyProgrammeView(PublishedMixin, DetailView):
    """A visitor's own choice of an event's talks, carried in the URL (`?talks=12,40`), so it
    works on any device and without an account; the browser remembers it (static/js/agenda.js)."""

    model = Event
    template_name = "summit/my_programme.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        numbers = timetable.read_selection(self.request.GET.get("talks", ""))
        context["agenda"] = timetable.agenda(self.object, numbers)
        context["zone_label"] = timetable.zone_label(self.object)
        return context


@require_safe
def track_styles(request, slug):
    """The colours of an event's tracks, as the stylesheet its programme pages link."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    styles = timetable.track_styles(Track.objects.filter(event=event))
    return HttpResponse(styles, content_type="text/css; charset=utf-8")


@require_safe
def my_programme_calendar(request, slug):
    """A visitor's chosen talks as one .ics file."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    chosen = timetable.agenda(event, timetable.read_selection(request.GET.get("talks", "")))
    if not chosen.talks:
        raise Http404("No published talk of this event is chosen.")
    return calendars.calendar_for(
        request,
        name=_("My programme: %(event)s") % {"event": event.name},
        talks=chosen.talks,
        filename=f"{event.slug}-my-programme.ics",
    )
