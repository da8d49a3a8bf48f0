"""The park pages: every dated figure with its qualifier and source, and a chart of shares."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parks.models import ParkMembership, ParkRelation, ValueChainStage
from summit.models import Status
from tests.factories import (
    IndustryParkFactory,
    OrganisationFactory,
    ParkMetricFactory,
    QuoteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def test_park_page_shows_metric_with_qualifier_date_and_source(client):
    park = IndustryParkFactory(name_en="Zhangjiang Cell Industry Park")
    metric = ParkMetricFactory(
        park=park,
        label_en="national cell-drug trials from the park",
        value=Decimal("11"),
        total=Decimal("21"),
        percentage=Decimal("52"),
        as_of=datetime.date(2019, 10, 1),
        as_of_precision="month",
    )
    metric.citations.create(source=SourceFactory(title_en="The article"), evidence="11项,占比52%")
    ParkMetricFactory(park=park, label_en="companies", value=70, qualifier="more_than")
    html = client.get(f"/en/parks/{park.slug}/").content.decode()
    assert "national cell-drug trials from the park" in html
    assert "October 2019" in html
    assert "more than 70" in html
    assert "11项,占比52%" in html and "The article" in html
    # The chart draws the share as a bar 52 units long out of 100.
    assert '<rect class="bar-fill" x="0" y="0" width="52.00" height="6"/>' in html
    assert "11 of 21" in html


def test_park_page_in_chinese(client):
    park = IndustryParkFactory(name_zh_hans="张江细胞产业园")
    ParkMetricFactory(park=park, label_zh_hans="园区企业", value=70, qualifier="more_than")
    html = client.get(f"/zh-hans/parks/{park.slug}/").content.decode()
    assert "<h1>张江细胞产业园</h1>" in html
    assert "超过70" in html


def test_park_page_json_ld_is_a_place(client):
    park = IndustryParkFactory(location_en="Pudong, Shanghai")
    html = client.get(f"/en/parks/{park.slug}/").content.decode()
    assert '"@type": "Place"' in html
    assert "Pudong, Shanghai" in html


def test_draft_park_is_404_and_hidden_from_the_list(client):
    park = IndustryParkFactory(name_en="Secret park", status=Status.DRAFT)
    assert client.get(f"/en/parks/{park.slug}/").status_code == 404
    assert "Secret park" not in client.get("/en/parks/").content.decode()


def test_park_page_links_related_parks_members_and_stages(client):
    park = IndustryParkFactory()
    other = IndustryParkFactory(name_en="Zhangjiang Pharma Valley")
    ParkRelation.objects.create(park=park, related_park=other, kind="linked")
    company = OrganisationFactory(name_en="Cell Company", kind="company")
    ParkMembership.objects.create(park=park, organisation=company)
    ValueChainStage.objects.create(park=park, name="存储", name_en="Storage")
    html = client.get(f"/en/parks/{park.slug}/").content.decode()
    assert other.get_absolute_url().replace("/zh-hans/", "/en/") in html
    assert "Cell Company" in html
    assert "Storage" in html
    # The related park links back.
    assert "Zhangjiang Pharma Valley" in html
    back = client.get(f"/en/parks/{other.slug}/").content.decode()
    assert f"/en/parks/{park.slug}/" in back


def grow_park(park, size: int):
    for number in range(size):
        metric = ParkMetricFactory(park=park, percentage=Decimal("10"))
        metric.citations.create(source=SourceFactory(), evidence="证据。")
        ParkRelation.objects.create(park=park, related_park=IndustryParkFactory(), kind="linked")
        ParkMembership.objects.create(park=park, organisation=OrganisationFactory())
        ValueChainStage.objects.create(park=park, name=f"阶段{park.pk}-{number}-{size}")
        park.quotes.add(QuoteFactory())


@pytest.mark.parametrize("url", ["detail", "/en/parks/"])
def test_park_query_count_does_not_grow_with_content(client, url):
    park = IndustryParkFactory()
    target = f"/en/parks/{park.slug}/" if url == "detail" else url

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target).status_code == 200
        return len(queries)

    grow_park(park, 2)
    small = count()
    grow_park(park, 8)
    assert count() == small
