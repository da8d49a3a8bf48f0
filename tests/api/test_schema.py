"""The OpenAPI document: valid, without a single drf-spectacular warning, describing every
operation with `?lang=`, both shapes of translated text and the errors; and the page that
shows it, built from our own static files under the site's Content-Security-Policy."""

import re
from io import StringIO

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from tests.api.conftest import API

pytestmark = pytest.mark.django_db

OPERATIONS = [
    "/api/v1/events/",
    "/api/v1/events/{slug}/",
    "/api/v1/events/{event}/talks/",
    "/api/v1/events/{event}/speakers/",
    "/api/v1/sessions/",
    "/api/v1/sessions/{id}/",
    "/api/v1/talks/",
    "/api/v1/talks/{slug}/",
    "/api/v1/people/",
    "/api/v1/people/{slug}/",
    "/api/v1/organisations/",
    "/api/v1/organisations/{slug}/",
    "/api/v1/parks/",
    "/api/v1/parks/{slug}/",
    "/api/v1/topics/",
    "/api/v1/topics/{slug}/",
    "/api/v1/sources/",
    "/api/v1/sources/{slug}/",
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_schema_validates_without_warnings(tmp_path, language):
    # --fail-on-warn: a warning (a field whose type drf-spectacular guessed) fails the test.
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--lang",
        language,
        "--file",
        str(tmp_path / "schema.yaml"),
        stderr=StringIO(),
    )
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3.0.3")


def test_schema_describes_every_operation(client):
    schema = client.get(f"{API}schema/").json()
    assert sorted(schema["paths"]) == sorted(OPERATIONS)
    for path, item in schema["paths"].items():
        assert list(item) == ["get"], path
        operation = item["get"]
        assert "lang" in [parameter["name"] for parameter in operation["parameters"]], path
        assert {"200", "400", "404", "429"} <= set(operation["responses"]), path


def test_translated_text_has_both_shapes(client):
    components = client.get(f"{API}schema/").json()["components"]["schemas"]
    assert components["Bilingual"]["required"] == ["zh-hans", "en"]
    assert components["Monolingual"]["type"] == "string"
    name = components["Event"]["properties"]["name"]
    assert name["oneOf"] == [
        {"$ref": "#/components/schemas/Bilingual"},
        {"$ref": "#/components/schemas/Monolingual"},
    ]


def test_schema_is_written_in_the_language_asked_for(client):
    english = client.get(f"{API}schema/", {"lang": "en"}).json()
    chinese = client.get(f"{API}schema/").json()
    assert "Provenance" in english["info"]["description"]
    assert english["info"]["description"] != chinese["info"]["description"]
    # Whatever the reader's browser says: the document is cached once for everyone.
    assert client.get(f"{API}schema/", HTTP_ACCEPT_LANGUAGE="en").json() == chinese


def test_schema_of_an_unknown_language_is_a_400(client):
    assert client.get(f"{API}schema/", {"lang": "fr"}).status_code == 400


def test_docs_page_uses_our_static_files_and_no_inline_code(client):
    response = client.get(f"{API}docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-schema-url="/api/v1/schema/?lang=zh-hans"' in page
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert scripts and all(
        'src="/static/' in attributes and not body for attributes, body in scripts
    )
    assert "<style" not in page and " style=" not in page
    for path in re.findall(r'(?:src|href)="/static/([^"]+)"', page):
        assert finders.find(path), path
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_docs_page_in_english(client):
    page = client.get(f"{API}docs/", {"lang": "en"}).content.decode()
    assert '<html lang="en">' in page
    assert 'data-schema-url="/api/v1/schema/?lang=en"' in page


def test_schema_is_cached_and_conditional_like_the_rest(client, django_assert_num_queries):
    first = client.get(f"{API}schema/")
    assert first["Content-Disposition"] == 'inline; filename="summit-api-v1.json"'
    assert "accept" not in first["Vary"].lower().replace("accept-language", "")
    with django_assert_num_queries(0):
        assert client.get(f"{API}schema/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_page_addresses_are_examples_of_our_own_lists(client):
    components = client.get(f"{API}schema/").json()["components"]["schemas"]
    pages = {name: schema for name, schema in components.items() if name.startswith("Paginated")}
    assert len(pages) == 9  # the eight lists and the speakers of an event
    for name, schema in pages.items():
        for link, page in (("next", 3), ("previous", 1)):
            example = schema["properties"][link]["example"]
            assert re.fullmatch(rf"https://[^/]+{API}[-a-z0-9/]+/\?page={page}", example), name
            assert schema["properties"][link]["description"], name


def test_talk_count_says_what_it_counts(client):
    components = client.get(f"{API}schema/", {"lang": "en"}).json()["components"]["schemas"]
    for name in ("Person", "Speaker"):
        assert "every event" in components[name]["properties"]["talk_count"]["description"]
