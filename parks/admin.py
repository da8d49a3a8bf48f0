from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from parks.models import IndustryPark, ParkMembership, ParkMetric, ParkRelation, ValueChainStage
from summit.admin.base import CitationInline, ContentAdmin, HistoryAdmin


class ValueChainStageInline(TranslationTabularInline):
    model = ValueChainStage
    extra = 0


class ParkMembershipInline(admin.TabularInline):
    model = ParkMembership
    extra = 0
    autocomplete_fields = ["organisation"]


class ParkRelationInline(TranslationTabularInline):
    model = ParkRelation
    fk_name = "park"
    extra = 0
    autocomplete_fields = ["related_park"]


class ParkMetricInline(TranslationTabularInline):
    model = ParkMetric
    extra = 0
    fields = [
        "label",
        "qualifier",
        "value",
        "unit",
        "stated_as",
        "total",
        "percentage",
        "as_of",
        "as_of_precision",
        "order",
    ]


@admin.register(IndustryPark)
class IndustryParkAdmin(ContentAdmin):
    list_display = ["name", "approved_on", "approved_by", "status"]
    list_select_related = ["approved_by"]
    search_fields = ["name_zh_hans", "name_en", "short_name_zh_hans", "short_name_en"]
    autocomplete_fields = ["approved_by", "quotes"]
    date_hierarchy = "approved_on"
    inlines = [
        ValueChainStageInline,
        ParkMetricInline,
        ParkMembershipInline,
        ParkRelationInline,
        CitationInline,
    ]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "location", "description", "features"]}),
        (
            _("Approval and core area"),
            {
                "fields": [
                    ("approved_on", "approved_on_precision"),
                    "approved_by",
                    "core_area_m2",
                    "core_area_description",
                ]
            },
        ),
        (_("Related"), {"fields": ["quotes", "topics"]}),
        ContentAdmin.publishing_fieldset,
    ]


@admin.register(ParkMetric)
class ParkMetricAdmin(HistoryAdmin):
    """All park metrics in one list, to compare figures across parks and dates."""

    list_display = ["label", "park", "qualifier", "value", "unit", "percentage", "as_of"]
    list_filter = ["park", "as_of"]
    list_select_related = ["park"]
    search_fields = ["label_zh_hans", "label_en"]
    date_hierarchy = "as_of"
    autocomplete_fields = ["park"]
