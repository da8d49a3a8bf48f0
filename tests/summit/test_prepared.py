"""Prepared queries: compiled once, run with each call's values and the current moment, giving
what their queryset would; a builder they cannot serve faithfully is refused."""

import datetime
import threading
import zoneinfo
from unittest import mock

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from summit.models import Status, Talk, Topic
from summit.prepared import PreparedQuery
from tests.factories import EventFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db


def public_talk_titles(slug: str):
    return Talk.objects.published().filter(slug=slug).values_list("title_en", flat=True)


def test_each_call_gives_what_its_queryset_gives_for_its_own_values():
    prepared = PreparedQuery(public_talk_titles)
    first = TalkFactory(title_en="Cell therapy at scale", slug="at-scale")
    TalkFactory(title_en="Allogeneic CAR-T", slug="car-t")
    TalkFactory(title_en="Draft talk", slug="draft", status=Status.DRAFT)
    for slug in ("at-scale", "car-t", "draft", "missing"):
        assert prepared(slug=slug) == list(public_talk_titles(slug))
    assert prepared(slug="at-scale") == [first.title_en]
    assert prepared(slug="draft") == []
    assert len(prepared.compiled) == 1  # compiled once, for every slug


def test_a_record_appears_when_its_publish_time_passes_not_when_it_was_compiled():
    publish_at = timezone.now() + datetime.timedelta(hours=1)
    TalkFactory(title_en="Scheduled talk", slug="scheduled", publish_at=publish_at)
    prepared = PreparedQuery(public_talk_titles)
    assert prepared(slug="scheduled") == []
    with mock.patch("django.utils.timezone.now", return_value=publish_at):
        assert prepared(slug="scheduled") == ["Scheduled talk"]
    with mock.patch(
        "django.utils.timezone.now", return_value=publish_at - datetime.timedelta(seconds=1)
    ):
        assert prepared(slug="scheduled") == []


def test_a_run_is_one_query_and_returns_records_with_their_relations():
    event = EventFactory(name_en="Zhangjiang summit")
    talk = TalkFactory(event=event, slug="with-event")
    prepared = PreparedQuery(
        lambda slug: Talk.objects.published().select_related("event").filter(slug=slug)
    )
    prepared(slug="with-event")
    with CaptureQueriesContext(connection) as queries:
        [found] = prepared(slug="with-event")
        assert found == talk
        assert found.event.name_en == "Zhangjiang summit"
    assert len(queries) == 1


def test_each_language_has_its_own_compiled_query():
    """modeltranslation turns `name` into the current language's column as the query is built:
    a query compiled in English must not answer in Chinese."""
    TopicFactory(name_en="Apples", name_zh_hans="甲", slug="apples")  # U+7532
    TopicFactory(name_en="Bananas", name_zh_hans="乙", slug="bananas")  # U+4E59
    prepared = PreparedQuery(
        lambda start: (
            Topic.objects.filter(pk__gte=start).order_by("name").values_list("slug", flat=True)
        )
    )
    with translation.override("en"):
        assert prepared(start=0) == ["apples", "bananas"]
    with translation.override("zh-hans"):
        assert prepared(start=0) == ["bananas", "apples"]
    assert len(prepared.compiled) == 2


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda slug: Talk.objects.published(), id="a value it ignores"),
        pytest.param(
            lambda slug: Talk.objects.filter(slug__icontains=slug), id="a value it transforms"
        ),
        pytest.param(
            lambda slug: Talk.objects.filter(slug=slug) if " 1" in slug else Talk.objects.all(),
            id="a shape that changes with the value",
        ),
        pytest.param(
            lambda slug: Talk.objects.filter(**{"slug" if " 1" in slug else "title_en": slug}),
            id="SQL that changes with the value, with as many parameters",
        ),
        pytest.param(
            lambda slug: Talk.objects.filter(Q(slug=slug) | Q(title_en="\x1f%_\\slug 1\x1f")),
            id="a constant equal to a stand-in",
        ),
    ],
)
def test_a_builder_it_cannot_serve_faithfully_is_refused(build):
    with pytest.raises(ValueError):
        PreparedQuery(build)(slug="anything")


def test_a_value_the_orm_escapes_is_never_passed_as_given():
    """SQLite matches __iexact with LIKE and the value escaped (`a_c` must not match `abc`), so
    the prepared query refuses it; PostgreSQL compares UPPER()s, the value passed as given."""
    TalkFactory(slug="abc")

    def same_slug(slug):
        return Talk.objects.filter(slug__iexact=slug).values_list("slug", flat=True)

    prepared = PreparedQuery(same_slug)
    if connection.vendor == "sqlite":
        with pytest.raises(ValueError):
            prepared(slug="a_c")
    else:
        assert prepared(slug="a_c") == list(same_slug("a_c")) == []
        assert prepared(slug="ABC") == ["abc"]


def test_values_that_would_change_the_query_are_refused():
    prepared = PreparedQuery(lambda room: Talk.objects.filter(room=room))
    with pytest.raises(TypeError):
        prepared(room=None)  # `IS NULL`, not `= %s`: another query
    with pytest.raises(TypeError):
        PreparedQuery(lambda rooms: Talk.objects.filter(room__in=rooms))(rooms=[1, 2])


def test_a_query_that_prefetches_is_refused():
    """A prefetch's queryset is built once, with the stand-in moment, and would run as built."""
    prepared = PreparedQuery(
        lambda slug: Talk.objects.published().filter(slug=slug).prefetch_related("speakers")
    )
    with pytest.raises(ValueError):
        prepared(slug="car-t")


def test_times_in_any_zone_are_passed_as_the_orm_passes_them():
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    for hour in (0, 7, 8, 23):
        TalkFactory(
            slug=f"at-{hour}", starts_at=datetime.datetime(2026, 11, 19, hour, tzinfo=shanghai)
        )

    def day_of(start, end):
        return Talk.objects.filter(starts_at__gte=start, starts_at__lt=end).values_list(
            "slug", flat=True
        )

    prepared = PreparedQuery(day_of)
    start = datetime.datetime(2026, 11, 19, tzinfo=shanghai)
    for end in (start + datetime.timedelta(hours=8), start + datetime.timedelta(days=1)):
        assert sorted(prepared(start=start, end=end)) == sorted(day_of(start, end))
    assert sorted(prepared(start=start, end=start + datetime.timedelta(hours=8))) == [
        "at-0",
        "at-7",
    ]
    with pytest.raises(TypeError):
        prepared(start=datetime.datetime(2026, 11, 19), end=start)  # naive: which zone?


@pytest.mark.django_db(transaction=True)
def test_a_query_compiled_in_one_thread_runs_in_another_on_that_threads_connection():
    """A threaded server: each request's thread has its own connection."""
    TalkFactory(title_en="Cell therapy at scale", slug="at-scale")
    prepared = PreparedQuery(public_talk_titles)
    assert prepared(slug="at-scale") == ["Cell therapy at scale"]
    answers = []

    def run():
        try:
            answers.append(prepared(slug="at-scale"))
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert answers == [["Cell therapy at scale"]]
