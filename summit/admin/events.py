from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

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


class SessionInline(TranslationStackedInline):
    model = Session
    extra = 0
    autocomplete_fields = ["room"]
    fields = [
        ("title", "kind"),
        ("parallel_count", "planned_talk_count"),
        ("room", "starts_at", "ends_at", "order"),
        "description",
    ]


class TalkInline(TranslationTabularInline):
    model = Talk
    extra = 0
    fields = ["title", "session", "status", "order"]
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
        TalkInline,
        EventFigureInline,
        CitationInline,
    ]
    fieldsets = [
        (None, {"fields": ["name", ("series", "edition"), "theme", ("start_date", "end_date")]}),
        (_("Place and format"), {"fields": ["venue", "event_status", "attendance_mode"]}),
        (_("About"), {"fields": ["summary", "description", "countries", "topics", "website"]}),
        ContentAdmin.publishing_fieldset,
    ]


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
    fieldsets = [
        (None, {"fields": ["title", "event", "session", "speakers", "abstract", "topics"]}),
        (
            _("Time and place"),
            {"classes": ["collapse"], "fields": ["room", "starts_at", "ends_at"]},
        ),
        ContentAdmin.publishing_fieldset,
    ]
