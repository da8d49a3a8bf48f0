"""The admin, split by subject like the models."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from summit.admin import events, organisations, people, sources  # noqa: F401

# Topics replace taggit's own Tag model; its admin would offer editors a second, unused list.
admin.site.unregister(Tag)

# The one place the admin names the site: the header, the browser tab and the home page title.
admin.site.site_header = _("Zhangjiang Cell Therapy Summit · Administration")
admin.site.site_title = _("Zhangjiang Cell Therapy Summit · Administration")
admin.site.index_title = _("Site content")
