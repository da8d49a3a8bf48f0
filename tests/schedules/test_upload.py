"""The admin's "Import a schedule": upload, see the dry run, confirm; bad files change nothing."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from summit.models import Talk
from tests.factories import EventFactory
from tests.importer.conftest import database_state

pytestmark = pytest.mark.django_db

SMALL_JSON = Path(settings.BASE_DIR).parent / "shared" / "bench" / "pretalx-small-schedule.json"


def upload(client, event, content: bytes, name="schedule.json"):
    with translation.override("en"):
        url = reverse("schedule_upload", args=[event.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content), "_check": "1"})


def test_event_page_links_to_the_schedule_import(editor_client):
    event = EventFactory()
    response = editor_client.get(reverse("admin:summit_event_change", args=[event.pk]))
    assert reverse("schedule_upload", args=[event.pk]) in response.content.decode()


def test_check_shows_the_dry_run_and_writes_nothing(editor_client):
    event = EventFactory()
    before = database_state()

    response = upload(editor_client, event, SMALL_JSON.read_bytes())

    assert response.status_code == 200
    rows = {str(kind): numbers for kind, numbers in response.context["rows"]}
    assert rows["talks"][0] == 40  # created
    assert database_state() == before


def test_confirm_imports_into_the_event(editor_client):
    event = EventFactory()
    checked = upload(editor_client, event, SMALL_JSON.read_bytes())
    confirm = checked.context["confirm"]

    response = editor_client.post(
        reverse("schedule_upload", args=[event.pk]),
        {"content": confirm["content"].value(), "name": confirm["name"].value(), "_import": "1"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:summit_event_programme", args=[event.pk])
    assert Talk.objects.filter(event=event).count() == 40


def test_bad_file_shows_its_one_line_problem_and_changes_nothing(editor_client):
    event = EventFactory()
    before = database_state()

    response = upload(editor_client, event, b"<schedule><conference>", "broken.xml")

    assert "malformed XML" in response.context["problem"]
    assert database_state() == before


def test_anonymous_visitors_are_sent_to_log_in(client):
    event = EventFactory()
    response = client.get(reverse("schedule_upload", args=[event.pk]))
    assert response.status_code == 302
