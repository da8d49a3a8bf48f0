import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from parks.models import ParkRelation
from tests.factories import IndustryParkFactory, ParkMetricFactory

pytestmark = pytest.mark.django_db


def assert_rejected(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_metric_percentage_over_100_rejected():
    assert_rejected(lambda: ParkMetricFactory(percentage=Decimal("101")))


def test_metric_value_larger_than_total_rejected():
    assert_rejected(lambda: ParkMetricFactory(value=Decimal("22"), total=Decimal("21")))


def test_metric_share_of_total_accepted():
    metric = ParkMetricFactory(
        value=Decimal("11"),
        total=Decimal("21"),
        percentage=Decimal("52"),
        as_of=datetime.date(2019, 10, 1),
    )
    assert metric.park.metrics.get() == metric


def test_park_core_area_must_be_positive():
    assert_rejected(lambda: IndustryParkFactory(core_area_m2=Decimal("0")))


def test_park_cannot_relate_to_itself():
    park = IndustryParkFactory()
    assert_rejected(
        lambda: ParkRelation.objects.create(park=park, related_park=park, kind="linked")
    )
