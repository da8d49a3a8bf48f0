"""import_seeds keeps the programme's rules: an annotation that would break one stops the import
with one line naming the file, the record and the field, and changes nothing.

Annotations give a talk its event and session, and an event its venue and dates; rooms and times
are set by staff in the admin. So a talk's session is checked as imported, and a room or a time
when an annotation moves the event they belong to.
"""

import datetime
import zoneinfo
from pathlib import Path

import pytest

from summit.models import Event, Session, Talk, Venue
from tests.factories import RoomFactory
from tests.importer.conftest import database_state, refused, run

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

ARTICLE = """细胞峰会开幕

来源:生物谷 2019-11-14 16:29

细胞峰会在国际会议中心举行,另一峰会在博览馆举行。

大会报告上,袁涛作了题为《细胞治疗的今天》的报告。
"""

ANNOTATION = """
[venues.test-centre]
name = "国际会议中心"
name_en = "Conference Centre"
evidence = "在国际会议中心举行"

[venues.test-expo]
name = "博览馆"
name_en = "Expo Hall"
evidence = "在博览馆举行"

[events.test-summit]
name = "细胞峰会"
name_en = "Cell Summit"
start_date = 2019-11-14
end_date = 2019-11-15
venue = "test-centre"
evidence = "细胞峰会在国际会议中心举行"

[events.test-other]
name = "另一峰会"
name_en = "Other Summit"
start_date = 2019-12-01
venue = "test-expo"
evidence = "另一峰会在博览馆举行"

[sessions.test-summit-plenary]
event = "test-summit"
title = "大会报告"
title_en = "Plenary reports"
evidence = "大会报告上"

[sessions.test-other-plenary]
event = "test-other"
title = "大会报告"
title_en = "Other plenary"
evidence = "大会报告上"

[talks.test-cell-therapy-today]
event = "test-summit"
session = "test-summit-plenary"
title = "细胞治疗的今天"
title_en = "Cell therapy today"
evidence = "《细胞治疗的今天》"
"""

SUMMIT_VENUE = 'venue = "test-centre"\nevidence = "细胞峰会'
SUMMIT_DATES = "start_date = 2019-11-14\nend_date = 2019-11-15"


def write_seed(folder: Path, annotation: str = ANNOTATION) -> Path:
    """The article and `annotation` in `folder`; returns the annotation's path."""
    (folder / "100_summit.txt").write_text(ARTICLE, encoding="utf-8")
    path = folder / "100_summit.toml"
    path.write_text(annotation, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path) -> Path:
    """A folder whose article and annotation are already imported, to change and import again."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    write_seed(folder)
    run(folder)
    return folder


@pytest.fixture
def hall(folder):
    """A room staff added at the summit's venue, the Conference Centre."""
    return RoomFactory(venue=Venue.objects.get(import_key="venues/test-centre"), name_en="Hall 1")


def staff_set(model, key: str, **values) -> None:
    """What an editor did in the admin after the import: a room, times."""
    model.objects.filter(import_key=key).update(**values)


def at(day: int, hour: int) -> datetime.datetime:
    return datetime.datetime(2019, 11, day, hour, tzinfo=SHANGHAI)


def test_talk_in_a_session_of_another_event_is_refused_on_its_first_import(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    annotation = write_seed(
        folder,
        ANNOTATION.replace('session = "test-summit-plenary"', 'session = "test-other-plenary"'),
    )
    before = database_state()

    assert refused(folder) == (
        f"{annotation}: talks/test-cell-therapy-today: session: Pick a session of Cell Summit, "
        "this talk's event; this one is part of Other Summit. (nothing was imported)"
    )
    assert database_state() == before


def test_talk_moved_to_a_session_of_another_event_is_refused(folder):
    before = database_state()
    annotation = write_seed(
        folder,
        ANNOTATION.replace('session = "test-summit-plenary"', 'session = "test-other-plenary"'),
    )

    assert refused(folder) == (
        f"{annotation}: talks/test-cell-therapy-today: session: Pick a session of Cell Summit, "
        "this talk's event; this one is part of Other Summit. (nothing was imported)"
    )
    assert database_state() == before
    assert Talk.objects.get().session.import_key == "sessions/test-summit-plenary"


@pytest.mark.parametrize("model", [Session, Talk], ids=["session", "talk"])
def test_event_moved_to_another_venue_while_its_programme_has_rooms_there_is_refused(
    folder, hall, model
):
    key = "sessions/test-summit-plenary" if model is Session else "talks/test-cell-therapy-today"
    title = "Plenary reports" if model is Session else "Cell therapy today"
    staff_set(model, key, room=hall)
    before = database_state()
    annotation = write_seed(
        folder, ANNOTATION.replace(SUMMIT_VENUE, SUMMIT_VENUE.replace("test-centre", "test-expo"))
    )

    assert refused(folder) == (
        f"{annotation}: events/test-summit: venue: “{title}” is in a room at Conference Centre: "
        "change its room first, or clear it. (nothing was imported)"
    )
    assert database_state() == before
    assert Event.objects.get(import_key="events/test-summit").venue.name_en == "Conference Centre"


def test_session_moved_to_an_event_at_another_venue_is_refused_on_its_room(folder, hall):
    staff_set(Session, "sessions/test-summit-plenary", room=hall)
    before = database_state()
    annotation = write_seed(
        folder,
        ANNOTATION.replace(
            'event = "test-summit"\ntitle = "大会报告"', 'event = "test-other"\ntitle = "大会报告"'
        ),
    )

    assert refused(folder) == (
        f"{annotation}: sessions/test-summit-plenary: room: Pick a room at Expo Hall, the event's "
        "venue; this one is at Conference Centre. (nothing was imported)"
    )
    assert database_state() == before


@pytest.mark.parametrize(
    ("model", "key", "title"),
    [
        (Session, "sessions/test-summit-plenary", "Plenary reports"),
        (Talk, "talks/test-cell-therapy-today", "Cell therapy today"),
    ],
    ids=["session", "talk"],
)
def test_event_dates_changed_while_its_programme_is_outside_them_is_refused(
    folder, model, key, title
):
    # 08:00 on the 15th in Shanghai is still the 15th in UTC; 07:00 on the 14th would not be.
    staff_set(model, key, starts_at=at(15, 8), ends_at=at(15, 9))
    before = database_state()
    annotation = write_seed(
        folder, ANNOTATION.replace(SUMMIT_DATES, "start_date = 2019-11-14\nend_date = 2019-11-14")
    )

    assert refused(folder) == (
        f"{annotation}: events/test-summit: end_date: “{title}” takes place on 2019-11-15, "
        "outside these dates: move it first. (nothing was imported)"
    )
    assert database_state() == before


def test_programme_before_the_new_start_date_is_refused_on_the_start_date(folder):
    # 07:00 on the 14th in Shanghai is 23:00 on the 13th in UTC: the site's day is the 14th.
    staff_set(Talk, "talks/test-cell-therapy-today", starts_at=at(14, 7))
    annotation = write_seed(
        folder, ANNOTATION.replace(SUMMIT_DATES, "start_date = 2019-11-15\nend_date = 2019-11-15")
    )

    assert refused(folder) == (
        f"{annotation}: events/test-summit: start_date: “Cell therapy today” takes place on "
        "2019-11-14, outside these dates: move it first. (nothing was imported)"
    )


def test_event_changes_its_programme_still_fits_are_imported(folder, hall):
    staff_set(Session, "sessions/test-summit-plenary", room=hall, starts_at=at(14, 9))
    write_seed(
        folder, ANNOTATION.replace(SUMMIT_DATES, "start_date = 2019-11-13\nend_date = 2019-11-16")
    )

    assert "1 updated" in run(folder)
    event = Event.objects.get(import_key="events/test-summit")
    assert (event.start_date, event.end_date) == (
        datetime.date(2019, 11, 13),
        datetime.date(2019, 11, 16),
    )
