"""A visitor's journey through the public site in Chromium: links, language switcher, search and
the event's calendar file, as a person clicking through would meet them."""

from urllib.parse import urlsplit

import icalendar
import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.conftest import EVENT, HTML_LANG, ORGANISATION, PARK, PERSON, TALK

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def language_of(page) -> str:
    return urlsplit(page.url).path.split("/")[1]


def url_for(page, name: str, *args) -> str:
    """The path of a named URL in the page's current language."""
    with translation.override(language_of(page)):
        return reverse(name, args=args)


def switch_language(page) -> None:
    """Click the header's language switcher: the same page must open in the other language."""
    before = urlsplit(page.url)
    language = language_of(page)
    other = "en" if language == "zh-hans" else "zh-hans"
    assert page.locator("html").get_attribute("lang") == HTML_LANG[language]

    page.locator(f'.language-switcher a[hreflang="{HTML_LANG[other]}"]').click()
    expected_path = f"/{other}/" + before.path.removeprefix(f"/{language}/")
    page.wait_for_url(lambda url: urlsplit(url).path == expected_path)

    after = urlsplit(page.url)
    assert after.query == before.query
    assert page.locator("html").get_attribute("lang") == HTML_LANG[other]


def follow(page, path: str) -> None:
    """Click the first link in the page's main content that leads to `path`."""
    page.locator(f'main a[href="{path}"]').first.click()
    page.wait_for_url(lambda url: urlsplit(url).path == path)


def search_from_header(page, query: str) -> None:
    """Search from the page's one search box: the header's, or the search page's own form."""
    box = page.locator("#site-search-q, #search-q").first
    box.fill(query)
    box.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == url_for(page, "website:search"))
    results = page.locator(".search-result")
    assert results.count() > 0, f"no results for {query!r} on {page.url}"
    assert page.locator("#search-q").input_value() == query


def test_visitor_goes_from_home_to_event_talk_speaker_organisation_and_park(seeded_site, new_page):
    page = new_page()
    page.goto(f"{seeded_site}/zh-hans/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    switch_language(page)  # home, now in English

    follow(page, url_for(page, "summit:event_detail", EVENT))
    assert "Zhangjiang" in page.locator("h1").inner_text()
    switch_language(page)  # event, now in Chinese
    assert "张江细胞治疗国际峰会" in page.locator("h1").inner_text()

    follow(page, url_for(page, "summit:talk_detail", TALK))
    switch_language(page)  # talk, now in English
    assert "CAR-T" in page.locator("h1").inner_text()
    page.go_back()  # the talk in Chinese
    page.go_back()  # the event in Chinese
    page.wait_for_url(lambda url: urlsplit(url).path == url_for(page, "summit:event_detail", EVENT))

    speakers = page.locator("section[aria-labelledby=speakers-heading]")
    speakers.locator(f'a[href="{url_for(page, "summit:person_detail", PERSON)}"]').click()
    page.wait_for_url(
        lambda url: urlsplit(url).path == url_for(page, "summit:person_detail", PERSON)
    )
    assert "田志刚" in page.locator("h1").inner_text()
    switch_language(page)  # person, now in English
    assert "Tian Zhigang" in page.locator("h1").inner_text()

    follow(page, url_for(page, "summit:organisation_detail", ORGANISATION))
    assert "Chinese Academy of Sciences" in page.locator("h1").inner_text()
    switch_language(page)  # organisation, now in Chinese

    page.locator(f'.site-nav a[href="{url_for(page, "parks:park_list")}"]').click()
    page.wait_for_url(lambda url: urlsplit(url).path == url_for(page, "parks:park_list"))
    switch_language(page)  # park list, now in English
    follow(page, url_for(page, "parks:park_detail", PARK))
    figures = page.locator("#metrics-heading + .figures").inner_text()
    assert "11" in figures
    assert "52%" in figures
    switch_language(page)  # park, now in Chinese
    assert "52%" in page.locator("#metrics-heading + .figures").inner_text()


def test_visitor_searches_in_chinese_and_english_from_the_header(seeded_site, new_page):
    page = new_page()
    page.goto(f"{seeded_site}/zh-hans/")
    search_from_header(page, "细胞")
    switch_language(page)  # the same search, in English
    assert page.locator(".search-result").count() > 0

    search_from_header(page, "CAR-T")
    assert "CAR-T" in page.locator(".search-results").inner_text()
    switch_language(page)  # the same search, in Chinese
    assert page.locator(".search-result").count() > 0


def test_visitor_downloads_the_event_calendar(seeded_site, new_page):
    page = new_page(accept_downloads=True)
    page.goto(f"{seeded_site}/en/events/{EVENT}/")

    with page.expect_download() as download_info:
        page.locator(".actions a[href$='/calendar.ics']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")

    calendar = icalendar.Calendar.from_ical(download.path().read_bytes())
    [event] = calendar.walk("VEVENT")
    assert "Zhangjiang Cell Therapy" in str(event["SUMMARY"])
    assert event.decoded("DTSTART").isoformat().startswith("2019-")
    assert event["UID"]
