"""The public programme: a day at a time in the event's time zone, filters as plain URLs, a
visitor's own selection ("My programme") and each talk's own times."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from summit import timetable
from summit.models import Session, Status, Talk, Track
from tests.factories import (
    EventFactory,
    PersonFactory,
    RoomFactory,
    SessionFactory,
    TopicFactory,
    UsedTopicFactory,
    VenueFactory,
    timed_talk,
)

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment of the summit week, in Shanghai time."""
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def event():
    return EventFactory(
        venue=VenueFactory(),
        time_zone="Asia/Shanghai",
        start_date=datetime.date(2026, 11, 19),
        end_date=datetime.date(2026, 11, 20),
    )


@pytest.fixture
def rooms(event):
    return [RoomFactory(venue=event.venue, name=name, name_en=name) for name in ("A厅", "B厅")]


def programme_url(event, query=""):
    return reverse("summit:event_programme", kwargs={"slug": event.slug}) + query


def mine_url(event, talks=(), calendar=False):
    name = "summit:my_programme_calendar" if calendar else "summit:my_programme"
    query = "?talks=" + ",".join(str(item.pk) for item in talks) if talks else ""
    return reverse(name, kwargs={"slug": event.slug}) + query


def titles(grid) -> list[str]:
    return [
        item.title for _, cells, _ in grid.rows for cell in cells if cell for item in cell.items
    ]


# The grid --------------------------------------------------------------------------------------


def test_grid_puts_rooms_in_columns_and_spans_each_item_over_its_time(event, rooms):
    first = timed_talk(event, "甲", rooms[0], at(19, 9), minutes=60)
    second = timed_talk(event, "乙", rooms[1], at(19, 9, 30), minutes=30)
    third = timed_talk(event, "丙", rooms[0], at(19, 10), minutes=30)

    layout = timetable.grid(datetime.date(2026, 11, 19), [first, second, third])

    assert layout.columns == rooms
    moments = [moment for moment, _, _ in layout.rows]
    assert moments == [at(19, 9), at(19, 9, 30), at(19, 10)]  # 10:30, when all end, is no row
    (_, row_9, _), (_, row_930, _), (_, row_10, _) = layout.rows
    assert row_9[0].items == [first] and row_9[0].rows == 2  # 09:00–10:00: two rows
    assert row_9[1] == ""  # nothing in B厅 yet
    assert row_930[0] is None and row_930[1].items == [second] and row_930[1].rows == 1
    assert row_10[0].items == [third] and row_10[1] == ""  # 乙 ended at 10:00


def test_grid_keeps_a_clash_in_one_cell_instead_of_drawing_over_it(event, rooms):
    first = timed_talk(event, "甲", rooms[0], at(19, 9), minutes=60)
    clash = timed_talk(event, "乙", rooms[0], at(19, 9, 30), minutes=60)

    layout = timetable.grid(datetime.date(2026, 11, 19), [first, clash])

    (_, cells, _), (_, later, _) = layout.rows[:2]
    assert cells[0].items == [first, clash]
    assert cells[0].rows == 3  # 09:00 to 10:30: rows at 09:00, 09:30 and 10:00
    assert later == [None]


# The programme page ----------------------------------------------------------------------------


def test_days_are_days_in_the_events_time_zone(client, event, rooms):
    # 00:30 on the 20th in Shanghai is still the 19th in UTC: it belongs to the second day.
    timed_talk(event, "夜场", rooms[0], at(20, 0, 30))
    timed_talk(event, "上午", rooms[0], at(19, 9))

    response = client.get(programme_url(event))

    assert response.context["programme"].choices.days == [
        datetime.date(2026, 11, 19),
        datetime.date(2026, 11, 20),
    ]
    first_day = response.context["programme"].grids
    assert [grid.day for grid in first_day] == [datetime.date(2026, 11, 19)]
    assert titles(first_day[0]) == ["上午"]
    second = client.get(programme_url(event, "?day=2026-11-20")).context["programme"]
    assert titles(second.grids[0]) == ["夜场"]
    every = client.get(programme_url(event, "?day=all")).context["programme"]
    assert [titles(grid) for grid in every.grids] == [["上午"], ["夜场"]]


def test_each_item_shows_its_own_start_and_end_speakers_room_and_track(client, event, rooms):
    track = Track.objects.create(event=event, name="临床", name_en="Clinical", color="#1f77b4")
    speaker = PersonFactory(name="田志刚", name_en="Tian Zhigang")
    timed_talk(event, "NK细胞", rooms[1], at(19, 9, 40), track=track, speakers=[speaker])

    page = client.get(programme_url(event)).content.decode()

    assert '<time datetime="2026-11-19T09:40:00+08:00">09:40</time>' in page
    assert '–<time datetime="2026-11-19T10:20:00+08:00">10:20</time>' in page
    assert "田志刚" in page and "B厅" in page and f"track-{track.pk}" in page
    styles = client.get(reverse("summit:track_styles", kwargs={"slug": event.slug}))
    assert styles["Content-Type"].startswith("text/css")
    assert f".track-{track.pk}{{--track:#1f77b4}}" in styles.content.decode()


def test_filters_narrow_the_programme_and_keep_each_other(client, event, rooms):
    clinical = Track.objects.create(event=event, name="临床", name_en="Clinical")
    industry = Track.objects.create(event=event, name="产业", name_en="Industry")
    topic, other_topic = UsedTopicFactory(name="CAR-T"), UsedTopicFactory(name="NK")
    timed_talk(event, "甲", rooms[0], at(19, 9), track=clinical).topics.add(topic)
    timed_talk(event, "乙", rooms[1], at(19, 9), track=industry).topics.add(other_topic)
    timed_talk(event, "丙", rooms[1], at(20, 9), track=clinical)

    def shown(query):
        response = client.get(programme_url(event, query))
        assert response.status_code == 200
        return [title for grid in response.context["programme"].grids for title in titles(grid)]

    assert shown("") == ["甲", "乙"]
    assert shown(f"?day=2026-11-19&room={rooms[1].pk}") == ["乙"]
    assert shown(f"?day=all&track={clinical.pk}") == ["甲", "丙"]
    assert shown(f"?day=2026-11-19&topic={topic.slug}") == ["甲"]
    # A filter's links keep the other filters: the room links on a track view keep the track.
    page = client.get(programme_url(event, f"?day=all&track={clinical.pk}")).content.decode()
    assert f"?day=all&amp;room={rooms[0].pk}&amp;track={clinical.pk}" in page
    assert 'aria-current="page">临床<' in page


def test_filter_choices_are_what_public_talks_have_in_the_page_language(event, rooms):
    second = Track.objects.create(event=event, name="产业", name_en="Industry", order=2)
    first = Track.objects.create(event=event, name="临床", name_en="Clinical", order=1)
    unused = Track.objects.create(event=event, name="空", name_en="Unused", order=0)
    cells = TopicFactory(name="细胞", name_en="Cells")
    antibodies = TopicFactory(name="抗体", name_en=None)  # shown by its Chinese name
    drafted = TopicFactory(name="草稿", name_en="Drafted")
    timed_talk(event, "甲", rooms[1], at(19, 9), track=second).topics.add(cells, antibodies)
    timed_talk(event, "乙", rooms[1], at(20, 9), track=first).topics.add(cells)
    timed_talk(event, "丙", rooms[0], None, track=second)  # no time: its room is no column
    draft = timed_talk(event, "丁", rooms[0], at(19, 9), track=unused, status=Status.DRAFT)
    draft.topics.add(drafted)
    # A track of another event, set behind the rules' back, is no choice of this one.
    stray = timed_talk(event, "戊", rooms[1], at(20, 14))
    elsewhere = Track.objects.create(event=EventFactory(), name="别处", name_en="Elsewhere")
    Talk.objects.filter(pk=stray.pk).update(track=elsewhere)

    with translation.override("en"):
        options = timetable.choices(event, [])

    assert [track.pk for track in options.tracks] == [first.pk, second.pk]
    assert [str(track) for track in options.tracks] == ["Clinical", "Industry"]
    assert [room.pk for room in options.rooms] == [rooms[1].pk]
    assert options.days == [datetime.date(2026, 11, 19), datetime.date(2026, 11, 20)]
    # Topics of public talks only, once each, by the name the page shows; chosen by slug.
    assert [(topic.name, topic.value) for topic in options.topics] == [
        ("Cells", cells.slug),
        ("抗体", antibodies.slug),
    ]


@pytest.mark.parametrize(
    "query",
    ["?day=2026-13-01", "?day=2026-11-25", "?room=999999", "?room=x", "?track=0", "?topic=nope"],
)
def test_a_filter_the_programme_does_not_have_is_a_404(client, event, rooms, query):
    timed_talk(event, "甲", rooms[0], at(19, 9))

    assert client.get(programme_url(event, query)).status_code == 404


def test_unpublished_talks_and_speakers_stay_out_of_the_programme(client, event, rooms):
    hidden_speaker = PersonFactory(name="草稿人", status=Status.DRAFT)
    timed_talk(event, "公开", rooms[0], at(19, 9), speakers=[hidden_speaker])
    timed_talk(event, "草稿报告", rooms[1], at(19, 9), status=Status.DRAFT)
    draft_event = EventFactory(status=Status.DRAFT)

    page = client.get(programme_url(event, "?day=all")).content.decode()

    assert "公开" in page and "草稿报告" not in page and "草稿人" not in page
    assert client.get(programme_url(draft_event)).status_code == 404
    assert client.get(mine_url(draft_event)).status_code == 404


def test_staff_preview_a_draft_events_programme_with_its_public_talks(admin_client, rooms):
    draft_event = EventFactory(status=Status.DRAFT, venue=rooms[0].venue, time_zone="Asia/Shanghai")
    timed_talk(draft_event, "预览报告", rooms[0], at(19, 9))
    timed_talk(draft_event, "草稿报告", rooms[1], at(19, 9), status=Status.DRAFT)

    page = admin_client.get(programme_url(draft_event, "?day=all")).content.decode()

    assert "draft-banner" in page and "预览报告" in page and "草稿报告" not in page


def test_untimed_sessions_and_talks_are_listed_apart(client, event, rooms):
    SessionFactory(event=event, title="大会报告", planned_talk_count=8)
    speakers = [
        PersonFactory(name="甲"),
        PersonFactory(name="乙"),
        PersonFactory(name="丙", status=Status.DRAFT),
    ]
    untimed = timed_talk(event, "成果", None, None, speakers=speakers)
    timed_talk(event, "定时", rooms[0], at(19, 9))

    response = client.get(programme_url(event))
    programme = response.context["programme"]

    assert titles(programme.grids[0]) == ["定时"]
    assert [item.title for item in programme.untimed_talks] == ["成果"]
    assert [item.title for item in programme.untimed_sessions] == ["大会报告"]
    link = f'<a href="{untimed.get_absolute_url()}">成果</a>'
    assert f'<li data-talk="{untimed.pk}">{link} — 甲，乙</li>' in response.content.decode()


def test_untimed_sessions_show_their_kind_and_room_in_the_page_language(client, event, rooms):
    SessionFactory(event=event, title="分论坛甲", title_en="Forum A", kind="forum", room=rooms[1])
    odd = SessionFactory(event=event, title="研讨", title_en="Seminar")
    # A kind outside the choices, set behind the forms' back, is shown as stored.
    Session.objects.filter(pk=odd.pk).update(kind="seminar")

    chinese = client.get(programme_url(event)).content.decode()
    with translation.override("en"):
        english = client.get(programme_url(event)).content.decode()

    assert '<strong>分论坛甲</strong> <span class="badge">分论坛</span> · B厅</li>' in chinese
    assert '<strong>Forum A</strong> <span class="badge">Forum</span> · B厅</li>' in english
    assert '<strong>研讨</strong> <span class="badge">seminar</span></li>' in chinese


def test_a_topic_is_chosen_by_its_chinese_slug(client, event, rooms):
    topic = UsedTopicFactory(name="细胞治疗", slug="细胞治疗")
    timed_talk(event, "甲", rooms[0], at(19, 9)).topics.add(topic)
    timed_talk(event, "乙", rooms[1], at(19, 9)).topics.add(UsedTopicFactory())

    response = client.get(programme_url(event, "?day=all&topic=细胞治疗"))

    assert response.status_code == 200
    assert [titles(grid) for grid in response.context["programme"].grids] == [["甲"]]
    assert 'aria-current="page">细胞治疗<' in response.content.decode()


def build_programme(event, rooms, size):
    track = Track.objects.create(event=event, name=f"轨道{size}", color="#123456")
    topic = UsedTopicFactory()
    talks = []
    for number in range(size):
        record = timed_talk(
            event,
            f"报告{number}",
            rooms[number % 2],
            at(19 + number % 2, 9 + number // 4 % 8, 10 * (number % 4)),
            minutes=10,
            track=track,
            speakers=[PersonFactory(), PersonFactory()],
        )
        record.topics.add(topic)
        talks.append(record)
    return track, topic, talks


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_query_counts_do_not_grow_with_the_programme(client, rooms, event):
    small_event = event
    large_event = EventFactory(venue=event.venue, time_zone="Asia/Shanghai")
    small = build_programme(small_event, rooms, 4)
    large = build_programme(large_event, rooms, 40)

    def counts(programme_event, built):
        track, topic, talks = built
        return [
            queries_for(client, programme_url(programme_event)),
            queries_for(client, programme_url(programme_event, "?day=all")),
            queries_for(client, programme_url(programme_event, f"?track={track.pk}")),
            queries_for(client, programme_url(programme_event, f"?topic={topic.slug}")),
            queries_for(client, mine_url(programme_event, talks[:3])),
            queries_for(client, mine_url(programme_event, talks, calendar=True)),
        ]

    # The event, its sessions; the days, and the rooms, tracks and topics to choose from; the
    # talks (with and without a time, in one query), and their public speakers' names.
    assert counts(small_event, small) == counts(large_event, large) == [6, 6, 6, 6, 3, 4]


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's planner, which keeps no statistics"
)
def test_speakers_are_found_from_their_talks_never_by_reading_every_person(client, event, rooms):
    """SQLite takes any equality index as selective: an index on `status` (nearly every record
    is published) made it read every published person to find one talk's speakers."""
    speaker = PersonFactory()
    PersonFactory.create_batch(5)
    talk = timed_talk(event, "甲", rooms[0], at(19, 9), speakers=[speaker])
    urls = [
        programme_url(event),
        talk.get_absolute_url(),
        "/api/v1/talks/",
        f"/api/v1/events/{event.slug}/talks/",
    ]
    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            assert client.get(url).status_code == 200

    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            if "summit_person" in query["sql"] and query["sql"].startswith("SELECT"):
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                plans.append([row[-1] for row in cursor.fetchall()])

    assert len(plans) >= len(urls)
    for plan in plans:
        assert not any("summit_person" in step and "rowid=?" not in step for step in plan), plan


# My programme ----------------------------------------------------------------------------------


def test_my_programme_lists_the_chosen_talks_by_day_and_shows_clashes(client, event, rooms):
    first = timed_talk(event, "甲", rooms[0], at(19, 9), minutes=60)
    overlapping = timed_talk(event, "乙", rooms[1], at(19, 9, 30))
    later = timed_talk(event, "丙", rooms[0], at(20, 14))
    untimed = timed_talk(event, "丁", None, None)
    elsewhere = timed_talk(EventFactory(), "别处", None, None)
    withdrawn = timed_talk(event, "撤回", rooms[0], at(19, 16), status=Status.DRAFT)

    response = client.get(
        mine_url(event, [later, first, overlapping, untimed, elsewhere, withdrawn])
    )

    agenda = response.context["agenda"]
    assert [(day, [item.title for item in items]) for day, items in agenda.days] == [
        (datetime.date(2026, 11, 19), ["甲", "乙"]),
        (datetime.date(2026, 11, 20), ["丙"]),
    ]
    assert [item.title for item in agenda.untimed] == ["丁"]
    assert agenda.clashes == 1
    assert [item.title for item in agenda.days[0][1][0].clashes_with] == ["乙"]
    page = response.content.decode()
    assert "别处" not in page and "撤回" not in page
    assert f"?talks={agenda.ids}" in page  # the calendar link carries exactly this choice


def test_my_programme_calendar_holds_exactly_the_chosen_timed_talks(client, event, rooms):
    chosen = [
        timed_talk(event, title, rooms[0], at(19, 9 + hour)) for hour, title in enumerate("甲乙丙")
    ]
    timed_talk(event, "未选", rooms[1], at(19, 9))

    response = client.get(mine_url(event, chosen, calendar=True))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    entries = list(calendar.walk("VEVENT"))
    assert sorted(str(entry["summary"]) for entry in entries) == ["丙", "乙", "甲"]
    assert {entry["uid"].split("@")[0] for entry in entries} == {str(item.guid) for item in chosen}
    assert entries[0].decoded("dtstart").utcoffset() == datetime.timedelta(hours=8)


@pytest.mark.parametrize("value", ["abc", "1;2", "１", "9" * 13, ",".join(["1"] * 2 + ["x"])])
def test_a_malformed_choice_is_a_404(client, event, value):
    assert client.get(mine_url(event) + f"?talks={value}").status_code == 404


def test_too_many_talks_is_a_404_and_repeats_are_forgiven(client, event, rooms):
    first = timed_talk(event, "甲", rooms[0], at(19, 9))
    too_many = ",".join(str(number) for number in range(1, timetable.MAX_SELECTED + 2))

    assert client.get(mine_url(event) + f"?talks={too_many}").status_code == 404
    repeated = client.get(mine_url(event) + f"?talks={first.pk},{first.pk}, ")
    assert [item.title for item in repeated.context["agenda"].talks] == ["甲"]


def test_an_empty_choice_explains_how_to_choose(client, event):
    page = client.get(mine_url(event)).content.decode()

    assert reverse("summit:event_programme", kwargs={"slug": event.slug}) in page
    assert 'data-agenda-page=""' in page


# A talk's own page -----------------------------------------------------------------------------


def test_a_talk_page_shows_its_own_day_time_zone_room_track_and_language(client, event, rooms):
    track = Track.objects.create(event=event, name="临床", name_en="Clinical")
    record = timed_talk(event, "NK细胞", rooms[1], at(20, 9, 40), track=track, language="en")

    with translation.override("en"):
        url, calendar_url = (
            record.get_absolute_url(),
            reverse("summit:talk_calendar", kwargs={"slug": record.slug}),
        )
    page = client.get(url).content.decode()

    assert '<time datetime="2026-11-20">Nov. 20, 2026</time>' in page
    assert '<time datetime="2026-11-20T09:40:00+08:00">09:40</time>–' in page
    assert '<time datetime="2026-11-20T10:20:00+08:00">10:20</time>' in page
    assert '<span class="weekday">Friday</span>' in page
    assert '/programme/?day=2026-11-20">Programme</a>' in page
    assert "Asia/Shanghai, UTC+8" in page
    assert "B厅" in page and "Clinical" in page and "English" in page
    assert calendar_url in page
    assert f'data-talk="{record.pk}"' in page  # the star of My programme


def test_zone_label_gives_the_offset_at_that_moment():
    event = EventFactory.build(time_zone="Europe/Berlin", start_date=datetime.date(2026, 7, 1))
    winter = datetime.datetime(2026, 1, 10, 9, tzinfo=datetime.UTC)

    assert timetable.zone_label(event) == "Europe/Berlin, UTC+2"
    assert timetable.zone_label(event, winter) == "Europe/Berlin, UTC+1"
    india = EventFactory.build(time_zone="Asia/Kolkata", start_date=datetime.date(2026, 7, 1))
    assert timetable.zone_label(india) == "Asia/Kolkata, UTC+5:30"


def test_a_calendar_of_no_chosen_talk_is_a_404(client, event, rooms):
    withdrawn = timed_talk(event, "撤回", rooms[0], at(19, 9), status=Status.DRAFT)

    assert client.get(mine_url(event, calendar=True)).status_code == 404
    assert client.get(mine_url(event, [withdrawn], calendar=True)).status_code == 404
