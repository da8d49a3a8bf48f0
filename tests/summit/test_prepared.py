"""Prepared queries: compiled once, run with each call's values and the current moment, giving
what their queryset would; a builder they cannot serve faithfully is refused."""

import datetime
from unittest import mock

import pytest
from django.db import connection
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
            lambda slug: (
                Talk.objects.filter(slug=slug) if slug < "\x1fslug 2" else Talk.objects.all()
            ),
            id="a shape that changes with the value",
        ),
    ],
)
def test_a_builder_it_cannot_serve_faithfully_is_refused(build):
    with pytest.raises(ValueError):
        PreparedQuery(build)(slug="anything")


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
