"""The admin's "Import a schedule" page for an event: upload a frab file, read the dry run,
confirm. The same reading and writing as `manage.py import_schedule`."""

import base64
import binascii

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from schedules.frab import ScheduleError, parse_schedule
from schedules.writer import OUTCOMES, ScheduleWriteError, write_schedule
from summit.models import Event, Person, Room, Source, Talk, Track, Venue

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# The report's rows and columns in the editor's language.
KIND_LABELS = {
    "sources": Source._meta.verbose_name_plural,
    "venues": Venue._meta.verbose_name_plural,
    "events": Event._meta.verbose_name_plural,
    "rooms": Room._meta.verbose_name_plural,
    "tracks": Track._meta.verbose_name_plural,
    "people": Person._meta.verbose_name_plural,
    "talks": Talk._meta.verbose_name_plural,
}
OUTCOME_LABELS = {
    "created": _("new"),
    "updated": _("updated"),
    "unchanged": _("unchanged"),
    "kept": _("kept (edited by staff)"),
}


class ScheduleUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Schedule file"),
        required=False,
        help_text=_("A frab schedule.xml or schedule.json (pretalx, frab and Indico export them)."),
    )
    draft = forms.BooleanField(
        label=_("New records start as drafts"), required=False, initial=False
    )
    overwrite = forms.BooleanField(label=_("Replace what staff edited since"), required=False)
    # After the check, the file travels back with the confirmation, so any worker can import it.
    content = forms.CharField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(widget=forms.HiddenInput, required=False)

    def schedule_bytes(self) -> tuple[bytes, str]:
        upload = self.cleaned_data.get("file")
        if upload:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(_("The file is larger than 5 MB."))
            return upload.read(), upload.name
        try:
            return base64.b64decode(self.cleaned_data["content"], validate=True), (
                self.cleaned_data["name"] or "schedule"
            )
        except (binascii.Error, ValueError):
            raise forms.ValidationError(_("Choose a schedule file.")) from None


def upload_view(request, event_id: int):
    event = get_object_or_404(Event, pk=event_id)
    if not request.user.has_perms(["summit.change_event", "summit.add_talk", "summit.change_talk"]):
        raise PermissionDenied
    form = ScheduleUploadForm(request.POST or None, request.FILES or None)
    context = {
        **admin.site.each_context(request),
        "title": _("Import a schedule into %(event)s") % {"event": event},
        "original": event,
        "opts": Event._meta,
        "form": form,
        "outcomes": [OUTCOME_LABELS[outcome] for outcome in OUTCOMES],
    }
    if request.method == "POST" and form.is_valid():
        try:
            data, name = form.schedule_bytes()
            schedule = parse_schedule(data, name)
            confirmed = "_import" in request.POST
            report = write_schedule(
                schedule,
                name,
                event_slug=event.slug,
                dry_run=not confirmed,
                draft=form.cleaned_data["draft"],
                overwrite=form.cleaned_data["overwrite"],
            )
        except (forms.ValidationError, ScheduleError, ScheduleWriteError) as error:
            context["problem"] = error.messages[0] if hasattr(error, "messages") else str(error)
        else:
            if confirmed:
                messages.success(request, _("The schedule %(name)s was imported.") % {"name": name})
                return redirect("admin:summit_event_programme", event.pk)
            context |= {
                "report": report,
                "rows": [
                    (KIND_LABELS.get(kind, kind), [counts[outcome] for outcome in OUTCOMES])
                    for kind, counts in report.counts.items()
                ],
                "confirm": ScheduleUploadForm(
                    initial={
                        "content": base64.b64encode(data).decode(),
                        "name": name,
                        "draft": form.cleaned_data["draft"],
                        "overwrite": form.cleaned_data["overwrite"],
                    }
                ),
            }
    return TemplateResponse(request, "admin/schedules/upload.html", context)


admin_upload_view = admin.site.admin_view(upload_view)
