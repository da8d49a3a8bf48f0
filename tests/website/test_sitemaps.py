import datetime
import xml.etree.ElementTree as ElementTree

import pytest
from django.utils import timezone, translation

from tests.factories import (
    EventFactory,
    EventSeriesFactory,
    IndustryParkFactory,
    OrganisationFactory,
    PersonFactory,
    SourceFactory,
    TalkFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

NAMESPACES = {
    "sitemap": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
HOST = "http://testserver"
FACTORIES = [
    EventFactory,
    EventSeriesFactory,
    TalkFactory,
    PersonFactory,
    OrganisationFactory,
    SourceFactory,
    IndustryParkFactory,
]
HIDDEN = [{"status": "draft"}, {"publish_at": timezone.now() + datetime.timedelta(days=1)}]


def locations(record):
    """The record's address in each language, as the sitemap writes it."""
    urls = []
    for language in ["zh-hans", "en"]:
        with translation.override(language):
            urls.append(f"{HOST}{record.get_absolute_url()}")
    return urls


def sitemap_urls(client):
    """Each <url> of sitemap.xml as its location mapped to its {hreflang: alternate}."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return {
        url.findtext("sitemap:loc", namespaces=NAMESPACES): {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NAMESPACES)
        }
        for url in root.findall("sitemap:url", NAMESPACES)
    }


def test_sitemap_lists_published_event_in_both_languages_with_alternates(client):
    event = EventFactory(slug="summit-2019")
    urls = sitemap_urls(client)
    alternates = {
        "zh-hans": f"{HOST}/zh-hans/events/summit-2019/",
        "en": f"{HOST}/en/events/summit-2019/",
        "x-default": f"{HOST}/events/summit-2019/",
    }
    assert urls[f"{HOST}/zh-hans/events/{event.slug}/"] == alternates
    assert urls[f"{HOST}/en/events/{event.slug}/"] == alternates


def test_sitemap_gives_records_their_last_modification(client):
    event = EventFactory()
    response = client.get("/sitemap.xml")
    # The site's date (Asia/Shanghai), as the sitemap writes it: from 16:00 UTC on it is
    # already tomorrow there.
    assert f"<lastmod>{timezone.localdate(event.updated_at).isoformat()}</lastmod>" in response.text


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda factory: factory._meta.model.__name__)
def test_sitemap_lists_published_records_of_every_kind(client, factory):
    record = factory()
    urls = sitemap_urls(client)
    for location in locations(record):
        assert location in urls


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda factory: factory._meta.model.__name__)
@pytest.mark.parametrize("hidden", HIDDEN, ids=["draft", "scheduled"])
def test_sitemap_leaves_out_unpublished_records(client, factory, hidden):
    record = factory(**hidden)
    urls = sitemap_urls(client)
    for location in locations(record):
        assert location not in urls


def test_sitemap_leaves_out_talks_of_unpublished_events(client):
    talk = TalkFactory(event=EventFactory(status="draft"))
    urls = sitemap_urls(client)
    for location in locations(talk):
        assert location not in urls


def test_sitemap_lists_topics_only_where_published_records_use_them(client):
    used, unused, used_by_draft = TopicFactory.create_batch(3)
    EventFactory().topics.add(used)
    EventFactory(status="draft").topics.add(used_by_draft)
    urls = sitemap_urls(client)
    assert set(locations(used)) <= set(urls)
    assert not set(locations(unused)) & set(urls)
    assert not set(locations(used_by_draft)) & set(urls)


def test_sitemap_lists_list_pages(client):
    urls = sitemap_urls(client)
    for path in ["/", "/events/", "/people/", "/organisations/", "/topics/", "/sources/"]:
        assert f"{HOST}/zh-hans{path}" in urls
        assert f"{HOST}/en{path}" in urls
    assert f"{HOST}/en/parks/" in urls


def test_robots_txt_disallows_admin_and_names_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /zh-hans/admin/" in lines
    assert "Disallow: /en/admin/" in lines
    assert "Disallow: /" not in lines
    assert f"Sitemap: {HOST}/sitemap.xml" in lines


def test_sitemap_is_served_from_the_cache_while_nothing_changes(client, django_assert_num_queries):
    EventFactory()
    first = client.get("/sitemap.xml")
    assert "max-age=60" in first["Cache-Control"]
    assert "public" in first["Cache-Control"]
    with django_assert_num_queries(0):
        second = client.get("/sitemap.xml")
    assert second.content == first.content


def test_sitemap_drops_an_event_at_once_when_it_is_unpublished(client):
    event = EventFactory(slug="summit-2019")
    assert f"{HOST}/zh-hans/events/summit-2019/" in sitemap_urls(client)
    event.status = "draft"
    event.save()
    assert f"{HOST}/zh-hans/events/summit-2019/" not in sitemap_urls(client)


def test_sitemap_lists_a_record_at_once_when_it_is_published(client):
    event = EventFactory(slug="summit-2019", status="draft")
    assert f"{HOST}/zh-hans/events/summit-2019/" not in sitemap_urls(client)
    event.status = "published"
    event.save()
    assert f"{HOST}/zh-hans/events/summit-2019/" in sitemap_urls(client)


def test_sitemap_drops_a_deleted_record_and_a_removed_topic_at_once(client):
    topic = TopicFactory(slug="car-t")
    event = EventFactory(slug="summit-2019")
    event.topics.add(topic)
    assert f"{HOST}/en/topics/car-t/" in sitemap_urls(client)
    event.topics.remove(topic)
    assert f"{HOST}/en/topics/car-t/" not in sitemap_urls(client)
    event.delete()
    assert f"{HOST}/en/events/summit-2019/" not in sitemap_urls(client)


def test_sitemap_answers_a_repeat_visit_with_304(client):
    EventFactory()
    first = client.get("/sitemap.xml")
    assert first["ETag"]
    again = client.get("/sitemap.xml", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
