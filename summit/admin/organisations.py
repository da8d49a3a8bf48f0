from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from summit.admin.base import ContentAdmin, HistoryAdmin
from summit.models import Country, Organisation, Topic


@admin.register(Country)
class CountryAdmin(HistoryAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name_zh_hans", "name_en"]
    inlines = []


@admin.register(Organisation)
class OrganisationAdmin(ContentAdmin):
    list_display = ["name", "kind", "country", "parent", "status"]
    list_filter = ["status", "kind", "country"]
    list_select_related = ["country", "parent"]
    search_fields = ["name_zh_hans", "name_en", "short_name_zh_hans", "short_name_en"]
    autocomplete_fields = ["country", "parent"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "kind", "country", "parent"]}),
        (_("About"), {"fields": ["description", "website", "topics"]}),
        ContentAdmin.publishing_fieldset,
    ]


@admin.register(Topic)
class TopicAdmin(HistoryAdmin):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name_zh_hans", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = []
