"""A visitor uses pretalx's large event (500 talks, 14 rooms, 3 days) in Chromium.

On a phone and a desktop, in Chinese and English: the programme opens on its first day without
horizontal overflow, the visitor switches days, narrows by room and by track, and stars three
talks. My programme, opened from its URL in a fresh browser (another device: nothing stored),
lists the three talks, and its calendar file downloads and parses with three timed entries.
Printed, the programme gives each day its own page and leaves out navigation, filters and
stars. Screenshots (and the printed PDF) go to var/screenshots/ to be looked at.
"""

from io import StringIO
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from django.core.management import call_command

from tests.browser.conftest import LARGE_SCHEDULE, SCREENSHOTS, csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVENT = "large"  # the slug import_schedule gives pretalx's large event
LOCALES = {"zh-hans": "zh-CN", "en": "en-GB"}


@pytest.fixture
def large_site(live_server, transactional_db):
    call_command("import_schedule", str(LARGE_SCHEDULE), stdout=StringIO())
    return live_server.url


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no horizontal scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def shown_items(page) -> int:
    return page.locator(".programme-day .slot").count()


def open_filters(page) -> None:
    """Rooms, tracks and topics fold away behind one summary until one is chosen."""
    more = page.locator("details.more-filters")
    if more.count() and not more.get_attribute("open"):
        more.locator("summary").click()


def test_visitor_browses_the_programme_by_day_and_filter_and_prints_it(
    large_site, new_page, report
):
    # One import of 500 talks for all four runs: it is the slow part.
    for language in ("zh-hans", "en"):
        for viewport in ("phone", "desktop"):
            browse(
                new_page(viewport, locale=LOCALES[language]), large_site, language, viewport, report
            )


def browse(page, large_site, language, viewport, report):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = f"{large_site}/{language}/events/{EVENT}/programme/"

    page.goto(base)
    days = page.locator(".programme-filters .filter-group").first.locator("li")
    assert days.count() == 4  # three days and "all days"
    first_day = shown_items(page)
    assert first_day > 100
    assert overflow(page) == 0, f"{viewport} {language}: the page scrolls sideways"
    page.screenshot(path=SCREENSHOTS / f"programme-{viewport}-{language}.png")

    days.nth(1).locator("a").click()
    page.wait_for_load_state()
    assert parse_qs(urlsplit(page.url).query)["day"] == ["2027-03-11"]
    assert page.locator(".programme-day h2 time").get_attribute("datetime") == "2027-03-11"
    assert f"/{language}/" in page.url

    open_filters(page)
    room = page.locator(".filter-group").nth(1).locator("li a").first
    room_name = room.inner_text()
    room.click()
    page.wait_for_load_state()
    query = parse_qs(urlsplit(page.url).query)
    assert query["day"] == ["2027-03-11"] and "room" in query
    rooms = {text.strip(" ·") for text in page.locator(".slot-room").all_inner_texts()}
    assert rooms == {room_name}, rooms

    # The track of the first talk in that room: the three filters together still show it.
    track_name = page.locator(".programme-day .slot-track").first.inner_text().strip()
    page.locator(".filter-group").nth(2).locator("li a", has_text=track_name).first.click()
    page.wait_for_load_state()
    query = parse_qs(urlsplit(page.url).query)
    assert {"day", "room", "track"} <= set(query)
    assert 0 < shown_items(page) < first_day
    assert overflow(page) == 0
    page.screenshot(path=SCREENSHOTS / f"programme-filtered-{viewport}-{language}.png")
    assert not csp_violations(page)
    report(
        f"programme {viewport} {language}: {first_day} talks on day 1, "
        f"{shown_items(page)} after day, room and track filters, no sideways scrolling"
    )


def test_three_starred_talks_travel_by_url_into_a_calendar(large_site, new_page, report):
    page = new_page("desktop", locale="zh-CN")
    page.goto(f"{large_site}/zh-hans/events/{EVENT}/programme/?day=2027-03-12")
    stars = page.locator(".programme-day button.star")
    titles = []
    for index in (0, 5, 40):
        star = stars.nth(index)
        star.click()
        assert star.get_attribute("aria-pressed") == "true"
        titles.append(star.locator("xpath=..").locator(".slot-title").inner_text().strip())
    stars.nth(5).click()  # changed their mind…
    stars.nth(5).click()  # …and back
    link = page.locator("a[data-my-programme]").first
    assert "(3)" in link.inner_text() or "（3）" in link.inner_text()
    address = link.get_attribute("href")
    assert len(parse_qs(urlsplit(address).query)["talks"][0].split(",")) == 3

    # Another device: a fresh browser with nothing stored opens the address it was sent.
    elsewhere = new_page("phone", locale="en-GB")
    elsewhere.goto(large_site + address.replace("/zh-hans/", "/en/"))
    listed = [text.strip() for text in elsewhere.locator(".agenda .slot-title").all_inner_texts()]
    assert sorted(listed) == sorted(titles)
    assert overflow(elsewhere) == 0
    elsewhere.screenshot(path=SCREENSHOTS / "my-programme-phone-en.png", full_page=True)
    # The choice can be kept on this device too.
    elsewhere.locator("button[data-keep-agenda]").click()
    stored = elsewhere.evaluate("Object.values(window.localStorage)")
    assert len(stored) == 1 and len(stored[0].split(",")) == 3

    with elsewhere.expect_download() as download:
        elsewhere.locator(".actions a[download]").click()
    calendar = icalendar.Calendar.from_ical(download.value.path().read_bytes())
    entries = calendar.walk("VEVENT")
    assert sorted(str(entry["summary"]) for entry in entries) == sorted(titles)
    assert all(entry.get("dtstart") and entry.get("dtend") for entry in entries)
    # The event is in UTC, which needs no VTIMEZONE: each time is a UTC time.
    assert all(entry.decoded("dtstart").utcoffset() is not None for entry in entries)
    assert not csp_violations(page) and not csp_violations(elsewhere)
    report(f"My programme: 3 stars → {address} → a calendar of {len(entries)} timed talks")


def prints_one_day_per_page_without_navigation(page, large_site):
    page.goto(f"{large_site}/en/events/{EVENT}/programme/?day=all")
    page.emulate_media(media="print")

    def style(selector: str, prop: str) -> str:
        return page.locator(selector).first.evaluate(
            f"(node) => getComputedStyle(node).getPropertyValue('{prop}')"
        )

    assert page.locator(".programme-day").count() == 3
    assert style(".programme-day + .programme-day", "break-before") == "page"
    for hidden in (".site-header nav", ".programme-filters", ".site-footer", "button.star"):
        assert style(hidden, "display") == "none", hidden
    assert style(".slot-room", "display") != "none"  # each item names its room on paper
    page.pdf(path=str(SCREENSHOTS / "programme-print-en.pdf"))
