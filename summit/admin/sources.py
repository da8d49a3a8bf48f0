from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from summit.admin.base import ContentAdmin
from summit.models import Citation, Source


@admin.register(Source)
class SourceAdmin(ContentAdmin):
    list_display = ["title", "publisher", "published_at", "licensed_for_publication", "status"]
    list_filter = ["status", "licensed_for_publication", "publisher"]
    list_select_related = ["publisher"]
    search_fields = ["title_zh_hans", "title_en", "publisher_name", "body"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["publisher"]
    inlines = []
    fieldsets = [
        (None, {"fields": ["title", "publisher", "publisher_name", "category", "published_at"]}),
        (_("Text and licence"), {"fields": ["body", "licence_text", "licensed_for_publication"]}),
        (_("Where it came from"), {"classes": ["collapse"], "fields": ["url", "file_name"]}),
        ContentAdmin.publishing_fieldset,
    ]


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    """Every citation in one list, to find what a source supports."""

    list_display = ["source", "content_type", "object_id", "evidence"]
    list_filter = ["source", "content_type"]
    list_select_related = ["source", "content_type"]
    search_fields = ["evidence"]
    autocomplete_fields = ["source"]
