from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from summit import programme
from summit.admin.base import CitationInline, ContentAdmin, HistoryAdmin
from summit.models import (
    Event,
    EventFigure,
    EventOrganisation,
    EventParticipant,
    EventSeries,
    Room,
    Session,
    Talk,
    TalkLink,
    Track,
    Venue,
)


@admin.register(EventSeries)
class EventSeriesAdmin(ContentAdmin):
    list_display = ["name", "short_name", "status"]
    search_fields = ["name_zh_hans", "name_en"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "description", "website"]}),
        ContentAdmin.publishing_fieldset,
    ]


class RoomInline(TranslationTabularInline):
    model = Room
    extra = 0


@admin.register(Venue)
class VenueAdmin(HistoryAdmin):
    list_display = ["name", "city", "country"]
    list_select_related = ["country"]
    search_fields = ["name_zh_hans", "name_en", "city_zh_hans", "city_en"]
    autocomplete_fields = ["country"]
    inlines = [RoomInline, CitationInline]


@admin.register(Room)
class RoomAdmin(HistoryAdmin):
    list_display = ["name", "venue", "capacity"]
    list_select_related = ["venue"]
    list_filter = ["venue"]
    search_fields = ["name_zh_hans", "name_en", "venue__name_zh_hans"]
    autocomplete_fields = ["venue"]
    inlines = []


class EventOrganisationInline(admin.TabularInline):
    model = EventOrganisation
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "order"]


class EventParticipantInline(TranslationTabularInline):
    model = EventParticipant
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "title_at_event", "order"]


class EventFigureInline(TranslationTabularInline):
    model = EventFigure
    extra = 0
    fields = ["label", "qualifier", "value", "unit", "stated_as", "order"]


class AddRoomAtVenue(RelatedFieldWidgetWrapper):
    """The room field's "+" pop-up, opening with the event's venue already chosen."""

    venue_id = None

    def get_context(self, *args, **kwargs):
        context = super().get_context(*args, **kwargs)
        if self.venue_id:
            context["url_params"] += f"&venue={self.venue_id}"
        return context


class OfThisEvent:
    """For inlines on an event: sessions and rooms to choose from are this event's own (its
    sessions, the rooms at its venue), and a new room starts at its venue. Times are one
    compact field each (the browser's date-and-time picker), so a row fits on one line."""

    formfield_overrides = {
        models.DateTimeField: {
            "form_class": forms.DateTimeField,
            "widget": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
    }

    def event(self, request):
        object_id = request.resolver_match.kwargs.get("object_id")
        if object_id is None:
            return None
        if not hasattr(request, "_event_being_edited"):
            request._event_being_edited = Event.objects.filter(pk=object_id).first()
        return request._event_being_edited

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        event = self.event(request)
        if event is None or formfield is None:
            return formfield
        if db_field.name == "session":
            formfield.queryset = Session.objects.filter(event=event)
        elif db_field.name == "room":
            # The venue being saved with the rows counts too: an editor may move the event and
            # its rooms at once; model validation checks each room against that venue.
            venues = {event.venue_id, request.POST.get("venue")} - {None, ""}
            formfield.queryset = Room.objects.filter(venue_id__in=venues)
            if isinstance(formfield.widget, RelatedFieldWidgetWrapper):
                formfield.widget.__class__ = AddRoomAtVenue
                formfield.widget.venue_id = event.venue_id
        return formfield


class SessionInline(OfThisEvent, TranslationStackedInline):
    model = Session
    extra = 0
    fields = [
        ("title", "kind"),
        ("parallel_count", "planned_talk_count"),
        ("room", "starts_at", "ends_at", "order"),
        "description",
    ]


class TrackInline(TranslationTabularInline):
    model = Track
    extra = 0
    fields = ["name", "color", "order"]


class TalkLinkInline(admin.TabularInline):
    model = TalkLink
    extra = 0
    fields = ["url", "title", "order"]
    formfield_overrides = HistoryAdmin.formfield_overrides


class TalkInline(OfThisEvent, TranslationTabularInline):
    """The programme's talks, each row with what the common case needs: title, session,
    room, times and speakers; the talk's own page has the abstract and topics."""

    model = Talk
    extra = 0
    fields = ["title", "session", "room", "starts_at", "ends_at", "speakers", "status", "order"]
    autocomplete_fields = ["speakers"]
    show_change_link = True


@admin.register(Event)
class EventAdmin(ContentAdmin):
    list_display = ["name", "series", "edition", "start_date", "venue", "status"]
    list_filter = ["status", "series", "event_status"]
    list_select_related = ["series", "venue"]
    search_fields = ["name_zh_hans", "name_en", "theme_zh_hans", "theme_en"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["series", "venue", "countries"]
    inlines = [
        EventOrganisationInline,
        EventParticipantInline,
        SessionInline,
        TrackInline,
        TalkInline,
        EventFigureInline,
        CitationInline,
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    ("series", "edition"),
                    "theme",
                    ("start_date", "end_date", "time_zone"),
                ]
            },
        ),
        (_("Place and format"), {"fields": ["venue", "event_status", "attendance_mode"]}),
        (_("About"), {"fields": ["summary", "description", "countries", "topics", "website"]}),
        ContentAdmin.publishing_fieldset,
    ]

    def get_urls(self):
        view = self.admin_site.admin_view(self.programme_view)
        return [
            path("<path:object_id>/programme/", view, name="summit_event_programme"),
            *super().get_urls(),
        ]

    def programme_view(self, request, object_id):
        """The event's programme at a glance: by day and room, each item linking to its form,
        clashes marked."""
        event = get_object_or_404(Event.objects.select_related("venue"), pk=object_id)
        if not self.has_view_or_change_permission(request, event):
            raise PermissionDenied
        items = programme.items_of(*programme.load(event))
        for item in items:
            name = "talk" if item.is_talk else "session"
            item.url = reverse(f"admin:summit_{name}_change", args=[item.record.pk])
        days, untimed = programme.days_of(items)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Programme of %(event)s") % {"event": event},
            "subtitle": None,
            "opts": self.opts,
            "original": event,
            "days": days,
            "untimed": untimed,
            "problems": [item for item in items if item.problems],
            "change_url": reverse("admin:summit_event_change", args=[event.pk]),
        }
        return TemplateResponse(request, "admin/summit/event/programme.html", context)


@admin.register(Session)
class SessionAdmin(HistoryAdmin):
    list_display = ["title", "event", "kind", "parallel_count", "planned_talk_count", "starts_at"]
    list_filter = ["kind", "event"]
    list_select_related = ["event"]
    search_fields = ["title_zh_hans", "title_en", "event__name_zh_hans"]
    autocomplete_fields = ["event", "room"]


@admin.register(Talk)
class TalkAdmin(ContentAdmin):
    list_display = ["title", "event", "session", "starts_at", "status"]
    list_filter = ["status", "event"]
    list_select_related = ["event", "session"]
    search_fields = ["title_zh_hans", "title_en", "abstract_zh_hans", "abstract_en"]
    autocomplete_fields = ["event", "session", "speakers", "room"]
    readonly_fields = [*ContentAdmin.readonly_fields, "guid"]
    inlines = [TalkLinkInline, CitationInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "subtitle",
                    "event",
                    "session",
                    "speakers",
                    "abstract",
                    "description",
                    "topics",
                ]
            },
        ),
        (
            _("Programme details"),
            {"classes": ["collapse"], "fields": ["track", "talk_type", "language", "guid"]},
        ),
        (
            _("Time and place"),
            {"classes": ["collapse"], "fields": ["room", "starts_at", "ends_at"]},
        ),
        ContentAdmin.publishing_fieldset,
    ]


@admin.register(Track)
class TrackAdmin(HistoryAdmin):
    list_display = ["name", "event", "color"]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["name_zh_hans", "name_en", "event__name_zh_hans"]
    autocomplete_fields = ["event"]


@admin.register(TalkLink)
class TalkLinkAdmin(HistoryAdmin):
    list_display = ["__str__", "talk", "url"]
    list_select_related = ["talk"]
    search_fields = ["url", "title", "talk__title_zh_hans", "talk__title_en"]
    autocomplete_fields = ["talk"]
    formfield_overrides = HistoryAdmin.formfield_overrides
