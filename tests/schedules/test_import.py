"""import_schedule: pretalx's exports come in as an event's programme, again without change,
with staff edits kept, and bad files change nothing."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from summit.models import Citation, Event, Person, Room, Source, Talk, Track
from tests.importer.conftest import database_state

pytestmark = pytest.mark.django_db

BENCH = Path(settings.BASE_DIR).parent / "shared" / "bench"
SMALL_JSON = BENCH / "pretalx-small-schedule.json"
SMALL_XML = BENCH / "pretalx-small-schedule.xml"


def run(*arguments) -> str:
    out = StringIO()
    call_command("import_schedule", *map(str, arguments), stdout=out)
    return out.getvalue()


def refused(*arguments) -> str:
    with pytest.raises(CommandError) as error:
        run(*arguments)
    message = str(error.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("path", [SMALL_JSON, SMALL_XML], ids=["json", "xml"])
def test_pretalx_schedule_becomes_an_event_with_its_programme(path):
    output = run(path)

    event = Event.objects.get(slug="small")
    assert event.time_zone == "UTC"
    assert event.talks.count() == 40
    assert Room.objects.filter(venue=event.venue).count() == 4
    assert Track.objects.filter(event=event).count() == 4
    assert Person.objects.filter(talks__event=event).distinct().count() == 50
    talk = Talk.objects.get(guid="0fa5671b-ed78-59a3-a731-6f5f6a522aac")
    assert talk.title_en == "Profiling accessibility model distributed browser query"
    assert talk.room.name == "Aurora Hall"
    assert talk.track.name == "Web"
    assert talk.language == "en" and talk.talk_type == "Talk"
    assert (talk.ends_at - talk.starts_at).total_seconds() == 30 * 60
    assert talk.status == "published"
    assert "Import complete." in output


def test_every_imported_record_cites_the_schedule_file():
    run(SMALL_JSON)

    source = Source.objects.get(category="schedule")
    assert source.publisher_name.startswith("pretalx")
    talk = Talk.objects.first()
    assert Citation.objects.filter(source=source, object_id=talk.pk).exists()
    # Cited records are what the public source page lists: talks and people.
    assert Citation.objects.filter(source=source).count() >= 40 + 50


def test_second_import_changes_nothing():
    run(SMALL_JSON)
    before = database_state()

    output = run(SMALL_JSON)

    assert "Nothing to change" in output
    assert database_state() == before


def test_staff_edit_survives_a_re_import_unless_overwrite():
    run(SMALL_JSON)
    talk = Talk.objects.get(guid="0fa5671b-ed78-59a3-a731-6f5f6a522aac")
    talk.title_zh_hans = "无障碍模型剖析"
    talk.save()

    output = run(SMALL_JSON)
    talk.refresh_from_db()
    assert talk.title_zh_hans == "无障碍模型剖析"
    assert "kept (edited by staff since import)" in output

    run(SMALL_JSON, "--overwrite")
    talk.refresh_from_db()
    assert talk.title_zh_hans == "Profiling accessibility model distributed browser query"


def test_draft_imports_new_records_as_drafts():
    run(SMALL_JSON, "--draft")
    assert not Talk.objects.published().exists()
    assert Event.objects.get(slug="small").status == "draft"


def test_dry_run_writes_nothing():
    before = database_state()
    output = run(SMALL_JSON, "--dry-run")
    assert "Dry run" in output and "40 created" in output
    assert database_state() == before


def test_import_into_an_event_staff_made(client):
    from tests.factories import EventFactory

    event = EventFactory(slug="second-summit")

    run(SMALL_JSON, "--event", "second-summit")

    assert event.talks.count() == 40
    assert not Event.objects.filter(slug="small").exists()
    event.refresh_from_db()
    # The event keeps its own first day and grows to the schedule's (2027-03-10).
    assert (event.start_date.isoformat(), event.end_date.isoformat()) == (
        "2019-11-14",
        "2027-03-10",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<schedule><conference>", "malformed XML"),
        (b'{"schedule": ', "malformed JSON"),
        (b"<rss/>", "not a frab schedule"),
    ],
)
def test_bad_file_is_one_line_and_changes_nothing(tmp_path, content, message):
    path = tmp_path / "schedule.xml"
    path.write_bytes(content)
    before = database_state()

    assert message in refused(path)
    assert database_state() == before


def test_unknown_event_is_refused(tmp_path):
    assert "no event with the slug 'nope'" in refused(SMALL_JSON, "--event", "nope")


def test_a_value_the_site_refuses_names_the_record_and_changes_nothing(tmp_path):
    text = SMALL_JSON.read_text(encoding="utf-8").replace('"color": "#1f77b4"', '"color": "blue"')
    path = tmp_path / "schedule.json"
    path.write_text(text, encoding="utf-8")
    before = database_state()

    message = refused(path)

    assert "tracks “Web”" in message and "color" in message
    assert database_state() == before
