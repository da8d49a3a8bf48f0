"""An event's programme for schedule apps (Giggity, EventFahrplan, info-beamer): frab XML and
C3VOC JSON, in the language of the URL.

Public events only, like the event calendars: a draft event is a 404 here even for staff.
Served from the cache until content changes, as every public page.
"""

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from schedules import export
from summit.models import Event


def _readable_anywhere(response: HttpResponse) -> HttpResponse:
    # Public data without credentials: web-based schedule viewers on other sites may read it,
    # as they read pretalx's exports.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def event_schedule_xml(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return _readable_anywhere(
        HttpResponse(
            export.schedule_xml(event, request), content_type="application/xml; charset=utf-8"
        )
    )


@require_safe
def event_schedule_json(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    document = json.dumps(export.schedule_data(event, request), ensure_ascii=False)
    return _readable_anywhere(HttpResponse(document, content_type="application/json"))
