"""The editors' programme overview: by day and room, with clashes marked, one page per event."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from summit import programme
from summit.models import EventParticipant, Room, Venue
from tests.admin_forms import admin_form_data
from tests.factories import EventFactory, PersonFactory, SessionFactory, TalkFactory, timed_talk

pytestmark = pytest.mark.django_db


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment of the summit week, in the site's time zone."""
    return timezone.make_aware(datetime.datetime(2026, 11, day, hour, minute))


@pytest.fixture
def event():
    venue = Venue.objects.create(name="张江科学会堂")
    return EventFactory(
        venue=venue, start_date=datetime.date(2026, 11, 19), end_date=datetime.date(2026, 11, 20)
    )


@pytest.fixture
def rooms(event):
    return [Room.objects.create(venue=event.venue, name=name) for name in ("A厅", "B厅")]


def problems_of(event) -> dict[str, list[str]]:
    items = programme.items_of(*programme.load(event))
    return {str(item.record): item.problems for item in items if item.problems}


def test_two_talks_in_one_room_at_once_clash(event, rooms):
    timed_talk(event, "甲", rooms[0], at(19, 9), at(19, 10))
    timed_talk(event, "乙", rooms[0], at(19, 9, 30), at(19, 10, 30))
    timed_talk(event, "丙", rooms[1], at(19, 9), at(19, 10))

    problems = problems_of(event)

    assert set(problems) == {"甲", "乙"}
    assert "乙" in problems["甲"][0]


def test_back_to_back_talks_do_not_clash(event, rooms):
    timed_talk(event, "甲", rooms[0], at(19, 9), at(19, 10))
    timed_talk(event, "乙", rooms[0], at(19, 10), at(19, 11))

    assert problems_of(event) == {}


def test_one_speaker_in_two_places_at_once_clashes(event, rooms):
    person = PersonFactory(name="田志刚")
    timed_talk(event, "甲", rooms[0], at(19, 9), at(19, 10), speakers=[person])
    timed_talk(event, "乙", rooms[1], at(19, 9, 45), at(19, 10, 30), speakers=[person])

    problems = problems_of(event)

    assert set(problems) == {"甲", "乙"}
    assert "田志刚" in problems["甲"][0]


def test_talk_outside_its_session_is_marked(event, rooms):
    session = SessionFactory(event=event, starts_at=at(19, 9), ends_at=at(19, 12))
    timed_talk(event, "甲", rooms[0], at(19, 11, 30), at(19, 12, 30), session=session)
    timed_talk(event, "乙", rooms[0], at(19, 9), at(19, 10), session=session)

    assert list(problems_of(event)) == ["甲"]


def test_days_are_days_in_the_site_time_zone_with_rooms_as_columns(event, rooms):
    # 23:30 UTC on the 19th is 07:30 on the 20th in Shanghai.
    late = datetime.datetime(2026, 11, 19, 23, 30, tzinfo=datetime.UTC)
    timed_talk(event, "甲", rooms[1], late, late + datetime.timedelta(hours=1))
    timed_talk(event, "乙", rooms[0], at(19, 9), at(19, 10))
    timed_talk(event, "丙", None, None, None)

    days, untimed = programme.days_of(programme.items_of(*programme.load(event)))

    assert [day.date for day in days] == [datetime.date(2026, 11, 19), datetime.date(2026, 11, 20)]
    assert days[0].rooms == [rooms[0]]
    assert [str(item.record) for item in untimed] == ["丙"]


def test_event_change_page_links_to_its_programme(editor_client, event):
    response = editor_client.get(reverse("admin:summit_event_change", args=[event.pk]))
    assert reverse("admin:summit_event_programme", args=[event.pk]) in response.content.decode()


def test_programme_page_shows_items_by_room_with_links_and_clashes(editor_client, event, rooms):
    person = PersonFactory(name="田志刚")
    first = timed_talk(event, "免疫细胞治疗", rooms[0], at(19, 9), at(19, 10), speakers=[person])
    timed_talk(event, "干细胞", rooms[0], at(19, 9, 30), at(19, 10), speakers=[person])
    draft = TalkFactory(event=event, title="未定报告", status="draft")

    response = editor_client.get(reverse("admin:summit_event_programme", args=[event.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "A厅" in html and "田志刚" in html
    assert reverse("admin:summit_talk_change", args=[first.pk]) in html
    assert html.count('class="programme-item talk clash"') == 2
    assert reverse("admin:summit_talk_change", args=[draft.pk]) in html  # untimed, listed apart


def test_programme_page_needs_staff(client, event):
    response = client.get(reverse("admin:summit_event_programme", args=[event.pk]))
    assert response.status_code == 302


def test_talk_rows_on_the_event_offer_only_its_sessions_and_rooms(editor_client, event, rooms):
    SessionFactory(event=event, title="本场论坛")
    SessionFactory(title="别的活动的论坛")
    Room.objects.create(venue=Venue.objects.create(name="别处"), name="别处的厅")

    response = editor_client.get(reverse("admin:summit_event_change", args=[event.pk]))

    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model._meta.model_name == "talk"
    )
    form = formset.empty_form
    assert [str(session) for session in form.fields["session"].queryset] == [f"本场论坛 ({event})"]
    assert set(form.fields["room"].queryset) == set(rooms)
    assert f"venue={event.venue_id}" in str(form["room"])


def test_event_page_lists_the_speakers_of_its_talks_once(client, event):
    person = PersonFactory(name="田志刚")
    timed_talk(event, "甲", None, None, None, speakers=[person])
    timed_talk(event, "乙", None, None, None, speakers=[person])
    guest = PersonFactory(name="嘉宾")
    EventParticipant.objects.create(event=event, person=guest, role="speaker")

    response = client.get(event.get_absolute_url())

    speakers = [item.name for item in response.context["speakers"]]
    assert speakers == ["嘉宾", "田志刚"]


def test_moving_the_event_and_its_rooms_to_another_venue_in_one_save(editor_client, event):
    session = SessionFactory(event=event, room=Room.objects.create(venue=event.venue, name="旧厅"))
    elsewhere = Venue.objects.create(name="新会场")
    new_room = Room.objects.create(venue=elsewhere, name="新厅")
    url = reverse("admin:summit_event_change", args=[event.pk])

    data = admin_form_data(editor_client.get(url), venue=str(elsewhere.pk))
    data["sessions-0-room"] = str(new_room.pk)
    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    session.refresh_from_db()
    assert session.room == new_room


def test_event_page_names_the_programme_days_and_links_them(client, event, rooms):
    timed_talk(event, "甲", rooms[0], at(19, 9), at(19, 10))
    timed_talk(event, "丙", rooms[1], at(20, 9), at(20, 10))
    TalkFactory(event=event, title="乙")  # no time: research the source reports

    response = client.get(event.get_absolute_url())

    days = [datetime.date(2026, 11, 19), datetime.date(2026, 11, 20)]
    assert response.context["programme_days"] == days
    assert response.context["timed_talk_count"] == 2
    assert [item.title for item in response.context["highlights"]] == ["乙"]
    programme_url = reverse("summit:event_programme", kwargs={"slug": event.slug})
    assert f"{programme_url}?day=2026-11-20" in response.content.decode()
