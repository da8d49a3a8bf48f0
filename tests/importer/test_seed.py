"""The first seed article comes out as the facts it states, each citing the article.

Every test here only reads: they share one import of the seed (`imported_seed`), and each runs in
a transaction of its own inside it.
"""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import translation

from parks.models import IndustryPark
from summit.models import (
    Event,
    EventOrganisation,
    EventParticipant,
    Person,
    Qualifier,
    Session,
    Source,
    Status,
    Talk,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_seed")]


@pytest.fixture
def summit():
    return Event.objects.get(slug="zhangjiang-cell-therapy-summit-2019")


def test_summit_date_place_and_edition(summit):
    assert summit.start_date == datetime.date(2019, 11, 14)
    assert summit.end_date is None  # the article does not say
    assert summit.edition == 1
    assert summit.venue.name == "张江科学城"
    assert summit.venue.name_en == "Zhangjiang Science City"
    assert summit.name == "首届张江细胞治疗国际峰会"
    assert summit.series.name == "张江细胞治疗国际峰会"


def test_summit_co_hosts(summit):
    co_hosts = EventOrganisation.objects.filter(event=summit, role="co_host")
    assert {role.organisation.name for role in co_hosts} == {
        "中国科学院上海药物研究所",
        "上海张江(集团)有限公司",
    }
    institute = co_hosts.get(organisation__slug="simm").organisation
    assert institute.parent.name == "中国科学院"


def test_programme_shape_kept_as_counts(summit):
    sessions = {session.kind: session for session in Session.objects.filter(event=summit)}
    assert sessions["plenary"].planned_talk_count == 8
    assert sessions["dialogue"].parallel_count == 1
    assert (sessions["forum"].parallel_count, sessions["forum"].planned_talk_count) == (3, 33)
    # The article lists research highlights, not which session they were in: none is invented.
    assert Talk.objects.filter(event=summit).count() == 5
    assert not Talk.objects.filter(session__isnull=False).exists()


def test_speakers_and_official_guests(summit):
    roles = {
        (participant.person.name_en, participant.role)
        for participant in EventParticipant.objects.filter(event=summit)
    }
    assert ("Bruce L. Levine", "speaker") in roles
    assert ("Tian Zhigang", "speaker") in roles
    assert ("Ji Xiaoye", "official_guest") in roles
    assert len(roles) == 6


def test_bruce_levine_two_affiliations():
    levine = Person.objects.get(slug="bruce-l-levine")
    affiliations = {
        (affiliation.organisation.name_en, affiliation.title_en, affiliation.is_current)
        for affiliation in levine.affiliations.all()
    }
    assert len(affiliations) == 2
    assert all(current for _org, _title, current in affiliations)
    organisations = {organisation for organisation, _title, _current in affiliations}
    assert "International Society for Cell & Gene Therapy" in organisations
    perelman = levine.affiliations.get(organisation__slug="perelman-school-of-medicine")
    assert perelman.organisation.parent.slug == "upenn"


def test_christian_brechot_former_director():
    brechot = Person.objects.get(slug="christian-brechot")
    pasteur = brechot.affiliations.get(organisation__slug="institut-pasteur")
    assert pasteur.is_current is False


def test_figures_keep_their_qualifiers(summit):
    figures = {
        (figure.qualifier, figure.value, figure.stated_as) for figure in summit.figures.all()
    }
    # The article says both "近50" and "50多" experts: both are kept, each as stated.
    assert figures == {
        (Qualifier.EXACTLY, Decimal("16"), "16"),
        (Qualifier.NEARLY, Decimal("50"), "近50"),
        (Qualifier.MORE_THAN, Decimal("400"), "400多"),
        (Qualifier.MORE_THAN, Decimal("50"), "50多"),
    }
    assert set(summit.countries.values_list("code", flat=True)) == {
        "CN",
        "US",
        "GB",
        "FR",
        "BE",
        "DK",
        "AU",
        "JP",
        "KR",
        "SG",
        "IN",
    }


def test_park_trials_11_of_21_at_52_percent_as_of_october_2019():
    park = IndustryPark.objects.get(slug="zhangjiang-cell-industry-park")
    metric = park.metrics.get(value=11)
    assert (metric.total, metric.percentage) == (Decimal("21"), Decimal("52"))
    assert (metric.as_of, metric.as_of_precision) == (datetime.date(2019, 10, 1), "month")
    assert park.metrics.get(stated_as="1/4").percentage == 25
    assert park.metrics.get(value=70).qualifier == Qualifier.MORE_THAN


def test_park_approval_core_area_and_links():
    park = IndustryPark.objects.get(slug="zhangjiang-cell-industry-park")
    assert (park.approved_on, park.approved_on_precision) == (datetime.date(2019, 6, 1), "month")
    assert park.approved_by.name == "上海市科学技术委员会"
    assert park.core_area_m2 == Decimal("400000")
    assert [stage.name for stage in park.stages.all()] == [
        "细胞存储",
        "产品开发",
        "临床研究",
        "实际应用",
    ]
    assert {(relation.kind, relation.related_park.name) for relation in park.relations.all()} == {
        ("core_area", "上海国际医学园区"),
        ("linked", "张江药谷"),
        ("linked", "张江创新药产业基地"),
    }


def test_every_quote_has_its_speaker_and_both_languages():
    quotes = apps.get_model("summit", "Quote").objects.select_related("person")
    assert quotes.count() == 8
    assert {quote.person.name for quote in quotes} >= {"季晓烨", "赵阳兵", "王立群", "袁涛"}
    assert all(quote.text_en for quote in quotes)


def test_topics_cover_technologies_applications_and_bottlenecks(summit):
    kinds = {topic.kind for topic in summit.topics.all()}
    assert {"technology", "application", "bottleneck"} <= kinds
    names = set(summit.topics.values_list("name_en", flat=True))
    assert {"CAR-T", "TCR-T", "Diabetes", "Eye diseases", "GMP compliance"} <= names
    assert {"Viral vector manufacturing", "Automated manufacturing", "Policy environment"} <= names


def test_source_is_the_article_with_licence_withheld():
    source = Source.objects.get()
    assert source.publisher.name == "生物谷"
    assert source.published_at == datetime.datetime(
        2019, 11, 14, 16, 29, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
    )
    assert source.licensed_for_publication is False
    assert source.licence_text.startswith("版权声明")


def test_every_imported_record_is_published_cites_the_article_and_has_english():
    source = Source.objects.get()
    for label in ("summit", "parks"):
        for model in apps.get_app_config(label).get_models():
            if not hasattr(model, "import_key"):
                continue
            for record in model._default_manager.exclude(import_key=None):
                if record == source:
                    continue
                assert record.citations.filter(source=source).exists(), record
                if hasattr(record, "status"):
                    assert record.status == Status.PUBLISHED, record
                for field in ("name", "title", "label"):
                    if hasattr(record, f"{field}_en"):
                        assert getattr(record, f"{field}_en"), (record, field)


def test_english_names_shown_in_english(summit):
    with translation.override("en"):
        assert summit.name == "First Zhangjiang Cell Therapy International Summit"
        assert summit.venue.name == "Zhangjiang Science City"
    with translation.override("zh-hans"):
        assert summit.name == "首届张江细胞治疗国际峰会"
