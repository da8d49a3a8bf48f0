"""An editor builds the second summit's programme in the Chinese admin, in Chromium.

A member of the Editors group logs in through the login form and enters 3 sessions in 2 rooms,
6 timed talks, 4 speakers (2 new, 2 from the seed) and 2 hosts, leaving every slug empty. The
page loads of that journey are counted and printed: at most 12. Then the editor sees wrong input
refused on its field, in Chinese; unpublishes the six talks in one action and brings one back
from its History while the others stay drafts; and finds the programme overview.
"""

import re

import pytest

from summit.models import Event, Person, Talk, Venue
from tests.browser.conftest import EDITOR_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_PAGE_LOADS = 12
ADMIN = "/zh-hans/admin"
# (title, session, room, start, end, speakers): 09:00–12:00 plenary in A, two forums after.
TALKS = [
    ("通用型CAR-T细胞", 0, 0, "09:00", "09:40", ["Bruce L. Levine"]),
    ("NK细胞与肿瘤免疫", 0, 0, "09:40", "10:20", ["田志刚"]),
    ("干细胞来源的心肌细胞", 0, 0, "10:20", "11:00", ["李明"]),
    ("细胞药物的质量控制", 1, 0, "14:00", "14:40", ["王芳"]),
    ("病毒载体的规模化生产", 2, 1, "14:00", "14:40", ["李明"]),
    ("细胞治疗的临床转化", 2, 1, "14:40", "15:20", ["田志刚"]),
]
SESSIONS = [
    ("大会报告", "plenary", 0, "09:00", "12:00"),
    ("产业论坛", "forum", 0, "14:00", "17:00"),
    ("技术论坛", "forum", 1, "14:00", "17:00"),
]
DAY = "2026-11-19"


def choose(page, select_id: str, text: str) -> None:
    """Pick `text` in an autocomplete (Select2) field, by typing as an editor does."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def add_rows(page, group: str, count: int) -> None:
    for _ in range(count):
        page.locator(f"#{group}-group .add-row a").click()


def save_and_continue(page) -> None:
    page.locator('.submit-row [name="_continue"]').last.click()
    page.wait_for_load_state()


def test_editor_builds_a_programme_in_few_page_loads(seeded_site, editor_account, new_page, report):
    page = new_page(locale="zh-CN", timezone_id="Asia/Shanghai")
    loads = []
    page.on("load", lambda loaded: loads.append(loaded.url))
    venue = Venue.objects.get(name="张江科学城")

    log_in(page, seeded_site)

    # Two rooms at the venue.
    page.goto(f"{seeded_site}{ADMIN}/summit/venue/{venue.pk}/change/")
    add_rows(page, "rooms", 2)
    page.locator("#id_rooms-0-name_zh_hans").fill("一号厅")
    page.locator("#id_rooms-1-name_zh_hans").fill("二号厅")
    save_and_continue(page)

    # Two new speakers, slugs left empty.
    page.goto(f"{seeded_site}{ADMIN}/summit/person/add/")
    for number, (chinese, english) in enumerate([("李明", "Li Ming"), ("王芳", "Wang Fang")]):
        page.locator("#id_name_zh_hans").fill(chinese)
        page.locator('a[href="#tab_id_name_en"]').click()
        page.locator("#id_name_en").fill(english)
        page.locator("#id_status").select_option("published")
        button = "_addanother" if number == 0 else "_save"
        page.locator(f'.submit-row [name="{button}"]').last.click()
        page.wait_for_load_state()
        assert page.locator(".messagelist .success").count() == 1, page.content()[:2000]

    # The event with its hosts and sessions.
    page.goto(f"{seeded_site}{ADMIN}/summit/event/add/")
    page.locator("#id_name_zh_hans").fill("第二届张江细胞治疗国际峰会")
    choose(page, "id_series", "张江细胞治疗国际峰会")
    page.locator("#id_edition").fill("2")
    page.locator("#id_start_date").fill(DAY)
    page.locator("#id_end_date").fill(DAY)
    choose(page, "id_venue", "张江科学城")
    page.locator("#id_status").select_option("published")
    add_rows(page, "organisation_roles", 2)
    for row, (organisation, role) in enumerate(
        [("中国科学院上海药物研究所", "co_host"), ("上海张江(集团)有限公司", "co_host")]
    ):
        choose(page, f"id_organisation_roles-{row}-organisation", organisation)
        page.locator(f"#id_organisation_roles-{row}-role").select_option(role)
    add_rows(page, "sessions", len(SESSIONS))
    for row, (title, kind, room, start, end) in enumerate(SESSIONS):
        page.locator(f"#id_sessions-{row}-title_zh_hans").fill(title)
        page.locator(f"#id_sessions-{row}-kind").select_option(kind)
        page.locator(f"#id_sessions-{row}-room").select_option(
            label=f"{['一号厅', '二号厅'][room]} (张江科学城)"
        )
        page.locator(f"#id_sessions-{row}-starts_at").fill(f"{DAY}T{start}")
        page.locator(f"#id_sessions-{row}-ends_at").fill(f"{DAY}T{end}")
    save_and_continue(page)
    assert page.locator(".messagelist .success").count() == 1, page.locator(
        ".errorlist"
    ).all_inner_texts()
    event = Event.objects.get(name="第二届张江细胞治疗国际峰会")
    assert event.slug

    # Six talks, each on one row with its session, room, times and speakers.
    add_rows(page, "talks", len(TALKS))
    for row, (title, session, room, start, end, speakers) in enumerate(TALKS):
        page.locator(f"#id_talks-{row}-title_zh_hans").fill(title)
        page.locator(f"#id_talks-{row}-session").select_option(
            label=f"{SESSIONS[session][0]} ({event.name})"
        )
        page.locator(f"#id_talks-{row}-room").select_option(
            label=f"{['一号厅', '二号厅'][room]} (张江科学城)"
        )
        page.locator(f"#id_talks-{row}-starts_at").fill(f"{DAY}T{start}")
        page.locator(f"#id_talks-{row}-ends_at").fill(f"{DAY}T{end}")
        for speaker in speakers:
            choose(page, f"id_talks-{row}-speakers", speaker)
        page.locator(f"#id_talks-{row}-status").select_option("published")
    save_and_continue(page)
    assert page.locator(".messagelist .success").count() == 1, page.locator(
        ".errorlist"
    ).all_inner_texts()

    # The overview of what was built.
    page.locator("a.programmelink").click()
    page.wait_for_url(re.compile(r"/programme/$"))
    assert page.locator(".programme-item.talk").count() == len(TALKS)
    assert page.locator(".programme-item.clash").count() == 0

    report(f"editor journey (second summit, Chinese admin): {len(loads)} page loads")
    assert len(loads) <= MAX_PAGE_LOADS, loads
    talks = Talk.objects.filter(event=event)
    assert talks.count() == len(TALKS) and all(talk.slug for talk in talks)
    assert set(Person.objects.filter(talks__event=event).values_list("name", flat=True)) == {
        "Bruce L. Levine",
        "田志刚",
        "李明",
        "王芳",
    }
    # The public event page lists the four speakers without their being entered twice.
    page.goto(f"{seeded_site}/zh-hans/events/{event.slug}/")
    speakers = page.locator("#speakers-heading + ul .person-item").all_inner_texts()
    assert len(speakers) == 4


@pytest.fixture
def small_programme():
    """A published event with three talks, each saved once through reversion (its first
    History entry), and a room at another venue."""
    import datetime

    import reversion
    from django.utils import timezone

    from summit.models import Room

    venue = Venue.objects.create(name="张江科学会堂")
    room = Room.objects.create(venue=venue, name="一号厅")
    Room.objects.create(venue=Venue.objects.create(name="别处会场"), name="别处的厅")
    event = Event.objects.create(
        name="第二届峰会",
        status="published",
        venue=venue,
        start_date=datetime.date(2026, 11, 19),
        end_date=datetime.date(2026, 11, 19),
    )
    talks = []
    for number in range(3):
        with reversion.create_revision():
            starts_at = timezone.make_aware(datetime.datetime(2026, 11, 19, 9 + number))
            talks.append(
                Talk.objects.create(
                    event=event,
                    title=f"报告{number + 1}",
                    status="published",
                    room=room,
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(minutes=40),
                )
            )
    return event, talks


def log_in(page, base_url: str) -> None:
    page.goto(f"{base_url}{ADMIN}/login/?next={ADMIN}/")
    page.locator("#id_username").fill("editor")
    page.locator("#id_password").fill(EDITOR_PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(f"{base_url}{ADMIN}/")


def test_editor_sees_wrong_input_refused_on_its_field_in_chinese(
    live_server, editor_account, small_programme, new_page
):
    event, talks = small_programme
    page = new_page(locale="zh-CN", timezone_id="Asia/Shanghai")
    log_in(page, live_server.url)

    page.goto(f"{live_server.url}{ADMIN}/summit/talk/{talks[0].pk}/change/")
    page.locator("details:has(#id_starts_at_0) summary").click()
    page.locator("#id_starts_at_0").fill("2026-11-25")  # outside the event's one day
    page.locator("#id_ends_at_0").fill("2026-11-19")
    page.locator("#id_ends_at_1").fill("08:00")  # before the start
    choose(page, "id_room", "别处的厅")  # a room at another venue
    page.locator('.submit-row [name="_save"]').last.click()
    page.wait_for_load_state()

    errors = {
        field: page.locator(f".field-{field} .errorlist").inner_text()
        for field in ("starts_at", "ends_at", "room")
    }
    assert "开始时间必须在活动日期" in errors["starts_at"]
    assert "请选择活动场馆张江科学会堂的会场" in errors["room"]
    assert errors["ends_at"]  # before the start, and outside the dates
    # The collapsed "time and place" section is open, so each message sits in view.
    assert page.locator(".field-ends_at .errorlist").is_visible()
    talks[0].refresh_from_db()
    assert talks[0].starts_at.day == 19


def test_editor_reverts_one_talk_of_a_bulk_action_and_the_others_stay(
    live_server, editor_account, small_programme, new_page
):
    event, talks = small_programme
    page = new_page(locale="zh-CN", timezone_id="Asia/Shanghai")
    log_in(page, live_server.url)

    # Unpublish all three talks in one action.
    page.goto(f"{live_server.url}{ADMIN}/summit/talk/?event__id__exact={event.pk}")
    page.locator("#action-toggle").check()
    page.locator('select[name="action"]').select_option("unpublish")
    page.locator('button[name="index"]').click()
    page.wait_for_load_state()
    assert set(Talk.objects.filter(event=event).values_list("status", flat=True)) == {"draft"}

    # Bring the first back from its History: its first entry, when it was published.
    page.goto(f"{live_server.url}{ADMIN}/summit/talk/{talks[0].pk}/history/")
    # Oldest first: the talk as it was created (published), then the list action.
    page.locator("#change-history tbody tr").first.locator("a").first.click()
    page.wait_for_url(re.compile(r"/history/\d+/$"))
    page.locator('.submit-row [name="_save"]').last.click()
    page.wait_for_load_state()
    assert page.locator(".messagelist .success").count() == 1

    statuses = dict(Talk.objects.filter(event=event).values_list("title", "status"))
    assert statuses == {"报告1": "published", "报告2": "draft", "报告3": "draft"}


def test_language_tabs_name_their_language_and_new_rows_open_on_chinese(
    live_server, editor_account, small_programme, new_page
):
    event, _talks = small_programme
    page = new_page(locale="zh-CN", timezone_id="Asia/Shanghai")
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}{ADMIN}/summit/event/{event.pk}/change/")

    tabs = page.locator("#talks-group .ui-tabs-nav a")
    assert {text.strip().lower() for text in tabs.all_inner_texts()} == {"中文", "english"}
    tabs.nth(1).click()  # English, in the first talk's row
    assert page.locator("#id_talks-0-title_en").is_visible()

    page.locator("#talks-group .add-row a").click()
    new_row = page.locator("#talks-group tr.dynamic-talks").last
    assert new_row.locator("li.ui-tabs-active a").inner_text().strip() == "中文"
    assert new_row.locator("input[id$='-title_zh_hans']").is_visible()
