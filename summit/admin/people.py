from django.contrib import admin
from modeltranslation.admin import TranslationTabularInline

from summit.admin.base import CitationInline, ContentAdmin
from summit.models import Affiliation, Person, Quote


class AffiliationInline(TranslationTabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "title", "is_current", "start_date", "end_date", "order"]


@admin.register(Person)
class PersonAdmin(ContentAdmin):
    list_display = ["name", "honorific", "status"]
    search_fields = ["name_zh_hans", "name_en", "bio_zh_hans", "bio_en"]
    inlines = [AffiliationInline, CitationInline]
    fieldsets = [
        (None, {"fields": ["name", "honorific", "bio", "website", "topics"]}),
        ContentAdmin.publishing_fieldset,
    ]


@admin.register(Quote)
class QuoteAdmin(ContentAdmin):
    list_display = ["__str__", "person", "event", "status"]
    list_filter = ["status", "event"]
    list_select_related = ["person", "event"]
    search_fields = ["text_zh_hans", "text_en", "person__name_zh_hans", "person__name_en"]
    autocomplete_fields = ["person", "event"]
    fieldsets = [
        (None, {"fields": ["person", "speaker_title", "text", "context", "event", "order"]}),
        ContentAdmin.publishing_fieldset,
    ]
