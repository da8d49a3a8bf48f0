"""The site's own pages: the home page and the icon browsers ask for."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from summit.models import Citation, EventFigure, Quote, Status
from tests.factories import (
    EventFactory,
    EventFigureFactory,
    IndustryParkFactory,
    ParkMetricFactory,
    PersonFactory,
    QuoteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def park_cards(html: str) -> list[str]:
    """The park cards of the home page, each as its HTML."""
    section = html.split('id="parks-heading"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<article class="card">(.*?)</article>', section, re.S)


@pytest.mark.parametrize(
    "url", ["/zh-hans/", "/en/", "/en/events/", "/en/people/", "/en/search/", "/en/search/?q=x"]
)
def test_page_has_exactly_one_search_box(client, url):
    EventFactory()
    html = client.get(url).content.decode()
    assert html.count('role="search"') == 1
    assert html.count('type="search"') == 1


def test_home_page_gives_a_park_known_by_name_only_a_link_not_an_empty_card(client):
    main = IndustryParkFactory(name_en="Cell Industry Park", location_en="Pudong, Shanghai")
    ParkMetricFactory(park=main, label_en="cell companies")
    IndustryParkFactory(name_en="Medical Zone", description_en="A medical hub.")
    named_only = IndustryParkFactory(name_en="Pharma Valley", slug="pharma-valley")
    html = client.get("/en/").content.decode()
    cards = park_cards(html)
    assert len(cards) == 2
    # Each card shows more than the park's name: a place, figures or a description.
    assert all(re.search(r"</h3>\s*<(p|ul)", card) for card in cards)
    assert any("cell companies" in card for card in cards)
    assert any("A medical hub." in card for card in cards)
    assert not any(named_only.name_en in card for card in cards)
    # Still one click away, in the line under the cards.
    assert '<a href="/en/parks/pharma-valley/">Pharma Valley</a>' in html


def test_home_page_without_parks_has_no_parks_section(client):
    assert 'id="parks-heading"' not in client.get("/en/").content.decode()


def home_page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/").status_code == 200
    return len(queries)


def test_home_page_query_count_is_fixed(client):
    EventFactory()
    for _ in range(2):
        ParkMetricFactory(park=IndustryParkFactory(location_en="Shanghai"))
    IndustryParkFactory()
    # Upcoming and past events (knowing they have no figures), parks with their metrics, quotes.
    assert home_page_queries(client) == 3
    for _ in range(8):
        ParkMetricFactory(park=IndustryParkFactory(location_en="Shanghai"))
        IndustryParkFactory()
    assert home_page_queries(client) == 3


def cite(record, source) -> None:
    Citation.objects.create(source=source, content_object=record, evidence=f"As {record} says.")


def add_figures_and_quotes(event, source, count: int) -> None:
    for number in range(count):
        cite(EventFigureFactory(event=event, label_en=f"figure {number}"), source)
        cite(QuoteFactory(event=event, text_en=f"Words {number}."), source)


def test_home_page_with_figures_and_quotes_makes_five_queries(client):
    source = SourceFactory()
    event = EventFactory()
    ParkMetricFactory(park=IndustryParkFactory(location_en="Shanghai"))
    add_figures_and_quotes(event, source, 2)
    # Warm what Django keeps per process: the content types citations point through.
    for model in (EventFigure, Quote):
        ContentType.objects.get_for_model(model)
    # Events, the latest one's figures, quotes (person and event joined), the citations of
    # both, parks with their metrics.
    assert home_page_queries(client) == 5
    add_figures_and_quotes(event, source, 6)
    assert home_page_queries(client) == 5


def section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def test_home_page_shows_the_soonest_upcoming_and_the_latest_past_events(client):
    today = timezone.localdate()
    for days in (1, 3, 2, 40, 10, 20, 30, -1, -3, -2, -40, -10, -20, -30):
        EventFactory(name_en=f"Day {days:+d}", start_date=today + datetime.timedelta(days=days))
    EventFactory(name_en="Day +0", start_date=today)
    EventFactory(name_en="Day of a draft", start_date=today, status=Status.DRAFT)
    html = client.get("/en/").content.decode()
    upcoming = re.findall(r">(Day [^<]+)</a>", section(html, "upcoming-heading"))
    past = re.findall(r">(Day [^<]+)</a>", section(html, "past-heading"))
    assert upcoming == ["Day +0", "Day +1", "Day +2", "Day +3", "Day +10", "Day +20"]
    assert past == ["Day -1", "Day -2", "Day -3", "Day -10", "Day -20", "Day -30"]


def test_home_page_figures_are_the_latest_past_events_with_their_sources(client):
    source = SourceFactory(title_en="The report")
    older = EventFactory(start_date=datetime.date(2018, 5, 1))
    EventFigureFactory(event=older, label_en="older figure")
    latest = EventFactory(name_en="Latest summit", start_date=datetime.date(2019, 11, 14))
    cite(EventFigureFactory(event=latest, label_en="experts from abroad"), source)
    html = client.get("/en/").content.decode()
    figures = section(html, "figures-heading")
    assert "Latest summit in figures" in figures
    assert "experts from abroad" in figures
    assert "older figure" not in html
    assert "The report" in figures  # the sources note


def test_home_page_quote_of_a_draft_event_shows_without_the_event(client):
    draft = EventFactory(status=Status.DRAFT, name_en="Unannounced summit")
    QuoteFactory(event=draft, text_en="Said at a draft.", person=PersonFactory(name_en="Speaker"))
    quotes = section(client.get("/en/").content.decode(), "quotes-heading")
    assert "Said at a draft." in quotes
    assert "Speaker" in quotes
    assert "Unannounced summit" not in quotes


def test_favicon_ico_redirects_to_the_svg_icon_pages_link(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"
    assert finders.find("favicon.svg")
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in b"".join(icon.streaming_content)
    html = client.get("/en/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html


def test_favicon_ico_refuses_writes(client):
    assert client.post("/favicon.ico").status_code == 405
