"""The admin, split by subject like the models."""

from django.contrib import admin
from taggit.models import Tag

from summit.admin import events, organisations, people, sources  # noqa: F401

# Topics replace taggit's own Tag model; its admin would offer editors a second, unused list.
admin.site.unregister(Tag)
