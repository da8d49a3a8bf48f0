import datetime
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from summit.models import Event, Organisation, Person, Status
from tests.factories import (
    EventFactory,
    EventFigureFactory,
    EventSeriesFactory,
    OrganisationFactory,
    PersonFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def assert_rejected(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_slug_for_chinese_only_name_is_readable_chinese():
    person = PersonFactory(name="田志刚", name_en="")
    assert person.slug == "田志刚"
    assert unquote(person.get_absolute_url()) == "/zh-hans/people/田志刚/"


def test_slug_prefers_english_name():
    person = PersonFactory(name="田志刚", name_en="Tian Zhigang")
    assert person.slug == "tian-zhigang"


def test_slug_made_unique_with_a_number():
    first = OrganisationFactory(name="张江集团", name_en="Zhangjiang Group")
    second = OrganisationFactory(name="张江集团二", name_en="Zhangjiang Group")
    assert (first.slug, second.slug) == ("zhangjiang-group", "zhangjiang-group-2")


def test_slug_without_letters_falls_back_to_model_name():
    assert OrganisationFactory(name="!!!", name_en="").slug == "organisation"


def test_published_hides_drafts_and_future_items():
    visible = PersonFactory()
    PersonFactory(status=Status.DRAFT)
    PersonFactory(publish_at=timezone.now() + datetime.timedelta(days=1))
    assert list(Person.objects.published()) == [visible]


def test_event_end_before_start_rejected():
    assert_rejected(
        lambda: EventFactory(
            start_date=datetime.date(2019, 11, 14), end_date=datetime.date(2019, 11, 13)
        )
    )


def test_event_edition_zero_rejected():
    assert_rejected(lambda: EventFactory(edition=0))


def test_event_edition_unique_in_series():
    series = EventSeriesFactory()
    EventFactory(edition=1, series=series)
    assert_rejected(lambda: EventFactory(edition=1, series=series))


def test_figure_negative_value_rejected():
    assert_rejected(lambda: EventFigureFactory(value=Decimal("-1")))


def test_planned_talk_count_negative_rejected():
    assert_rejected(lambda: SessionFactory(planned_talk_count=-8))


def test_session_times_out_of_order_rejected():
    start = timezone.now()
    assert_rejected(lambda: SessionFactory(starts_at=start, ends_at=start))


def test_organisation_cannot_be_its_own_parent():
    organisation = OrganisationFactory()
    organisation.parent = organisation
    assert_rejected(organisation.save)


def test_organisation_parent_and_children():
    academy = OrganisationFactory(name="中国科学院", kind=Organisation.Kind.ACADEMY)
    institute = OrganisationFactory(name="上海药物研究所", parent=academy)
    assert list(academy.children.all()) == [institute]


def test_empty_slug_rejected_by_database():
    event = EventFactory()
    assert_rejected(lambda: Event.objects.filter(pk=event.pk).update(slug=""))


def test_translated_name_falls_back_to_chinese(settings):
    from django.utils import translation

    person = PersonFactory(name="郝好杰", name_en="")
    with translation.override("en"):
        assert person.name == "郝好杰"
