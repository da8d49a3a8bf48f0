"""The site's own pages: the home page and the icon browsers ask for."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EventFactory, IndustryParkFactory, ParkMetricFactory

pytestmark = pytest.mark.django_db


def park_cards(html: str) -> list[str]:
    """The park cards of the home page, each as its HTML."""
    section = html.split('id="parks-heading"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<article class="card">(.*?)</article>', section, re.S)


@pytest.mark.parametrize("url", ["/zh-hans/", "/en/", "/en/events/", "/en/people/"])
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
    # Upcoming events, past events, figures, parks, their metrics, quotes.
    assert home_page_queries(client) == 6
    for _ in range(8):
        ParkMetricFactory(park=IndustryParkFactory(location_en="Shanghai"))
        IndustryParkFactory()
    assert home_page_queries(client) == 6


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
