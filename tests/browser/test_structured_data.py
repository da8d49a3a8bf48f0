"""Every public page's JSON-LD parses, and the record pages describe their record in schema.org
terms search engines read: Event, Person, Organization, Place and NewsArticle."""

import json
import re

from tests.browser.conftest import LANGUAGES, public_pages

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
EXPECTED_TYPE = {
    "event": "Event",
    "person": "Person",
    "organisation": "Organization",
    "park": "Place",
    "source": "NewsArticle",
}
EVENT_PROPERTIES = {
    "name",
    "startDate",
    "location",
    "organizer",
    "eventStatus",
    "eventAttendanceMode",
}


def json_ld_blocks(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200, path
    return [json.loads(block) for block in JSON_LD.findall(response.content.decode())]


def test_every_public_page_has_parseable_json_ld(seeded, client):
    described = {}
    for public_page in public_pages():
        blocks = json_ld_blocks(client, public_page.path)  # json.loads raises on bad JSON-LD
        for block in blocks:
            assert block["@context"] == "https://schema.org", public_page
        described[public_page.label] = {block["@type"] for block in blocks}

    for language in LANGUAGES:
        for name, schema_type in EXPECTED_TYPE.items():
            assert schema_type in described[f"{name}-{language}"], (name, language)


def test_event_json_ld_has_what_rich_results_need(seeded, client):
    for event_page in [page for page in public_pages() if page.name == "event"]:
        [event] = [
            block for block in json_ld_blocks(client, event_page.path) if block["@type"] == "Event"
        ]
        missing = {name for name in EVENT_PROPERTIES if not event.get(name)}
        assert not missing, (event_page, missing)
        assert event["startDate"] == "2019-11-14"
        assert event["location"]["@type"] == "Place"
        assert event["organizer"]
        assert all(organizer["@type"] == "Organization" for organizer in event["organizer"])
        assert event["eventStatus"].startswith("https://schema.org/")
        assert event["eventAttendanceMode"].startswith("https://schema.org/")
