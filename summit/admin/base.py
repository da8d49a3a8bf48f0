"""What every content admin shares: language tabs, history, publish actions, citations."""

import reversion
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from summit.admin.history import RecordVersionAdmin, list_action_message, local_time_text
from summit.models import Citation, Status
from summit.translation import missing_english_names


class CitationInline(GenericTabularInline):
    """The sources a record cites, each with its evidence sentence."""

    model = Citation
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "evidence"]


def _set_status(modeladmin, request, queryset, status: str, done_message: str) -> None:
    # One revision per record, with the editor and what was done: reverting one of them later
    # from its History leaves the others as they are.
    count = 0
    with transaction.atomic():
        for record in queryset:
            with reversion.create_revision():
                reversion.set_user(request.user)
                record.status = status
                record.save()
                modeladmin.log_change(request, record, list_action_message(record, status=status))
            count += 1
    modeladmin.message_user(
        request,
        ngettext("%(count)d record: %(message)s", "%(count)d records: %(message)s", count)
        % {"count": count, "message": done_message},
        messages.SUCCESS,
    )


@admin.action(description=_("Publish selected records"), permissions=["change"])
def publish(modeladmin, request, queryset):
    _set_status(modeladmin, request, queryset, Status.PUBLISHED, _("published"))


@admin.action(description=_("Unpublish selected records (back to draft)"), permissions=["change"])
def unpublish(modeladmin, request, queryset):
    _set_status(modeladmin, request, queryset, Status.DRAFT, _("set back to draft"))


class HistoryAdmin(RecordVersionAdmin, TabbedTranslationAdmin):
    """Bilingual tabs plus a history of each record's own changes, revert and recover-deleted."""

    inlines = [CitationInline]
    save_on_top = True
    # Web addresses typed without a scheme are https ones (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.warn_of_missing_english(request, form, formsets)

    def warn_of_missing_english(self, request, form, formsets) -> None:
        """Saving with a Chinese name and no English one is allowed (the English site falls
        back to Chinese), but the editor should know: say which records lack it."""
        saved = [form.instance] + [
            inline.instance
            for formset in formsets
            for inline in formset.forms
            if inline.instance.pk and inline.has_changed() and inline not in formset.deleted_forms
        ]
        names = [f"“{record}”" for record in saved if missing_english_names(record)]
        if names:
            self.message_user(
                request,
                ngettext(
                    "No English name or title yet for %(records)s: English pages show the "
                    "Chinese one until you add it.",
                    "No English name or title yet for %(records)s: English pages show the "
                    "Chinese ones until you add them.",
                    len(names),
                )
                % {"records": pgettext("list separator", ", ").join(names)},
                messages.WARNING,
            )


class ContentAdmin(HistoryAdmin):
    """Admin for a record with a public page: status, publish time, slug and actions.

    A "status" column in `list_display` shows the publication status, scheduled ones with
    their time.
    """

    actions = [publish, unpublish]
    list_filter = ["status"]
    readonly_fields = ["created_at", "updated_at"]
    publishing_fieldset = (
        _("Publishing"),
        {"fields": ["status", "publish_at", "slug", "created_at", "updated_at"]},
    )

    def get_list_display(self, request):
        return [
            "publication_status" if name == "status" else name
            for name in super().get_list_display(request)
        ]

    @admin.display(description=_("status"), ordering="status")
    def publication_status(self, record) -> str:
        if record.status == Status.PUBLISHED and record.publish_at > timezone.now():
            return gettext("Scheduled for %(time)s") % {"time": local_time_text(record.publish_at)}
        return record.get_status_display()
