"""Factories for every content model. Published by default: drafts are asked for by name."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from parks.models import IndustryPark, ParkMetric
from summit.models import (
    Affiliation,
    Country,
    Event,
    EventFigure,
    EventSeries,
    Organisation,
    Person,
    Quote,
    Room,
    Session,
    Source,
    Status,
    Talk,
    Topic,
    Venue,
)


class PublishedFactory(factory.django.DjangoModelFactory):
    status = Status.PUBLISHED


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["code"]

    code = "CN"
    name = "中国"
    name_en = "China"


class SourceFactory(PublishedFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"报道 {n}")
    body = "全文。"


class OrganisationFactory(PublishedFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"研究所{n}")
    name_en = factory.Sequence(lambda n: f"Institute {n}")
    kind = Organisation.Kind.INSTITUTE


class PersonFactory(PublishedFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"张{n}")
    name_en = factory.Sequence(lambda n: f"Zhang {n}")


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = "教授"
    title_en = "Professor"


class EventSeriesFactory(PublishedFactory):
    class Meta:
        model = EventSeries

    name = factory.Sequence(lambda n: f"峰会系列{n}")
    name_en = factory.Sequence(lambda n: f"Summit series {n}")


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"会场{n}")
    name_en = factory.Sequence(lambda n: f"Venue {n}")


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"{n}号厅")
    name_en = factory.Sequence(lambda n: f"Hall {n}")


class EventFactory(PublishedFactory):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"峰会{n}")
    name_en = factory.Sequence(lambda n: f"Summit {n}")
    start_date = datetime.date(2019, 11, 14)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = "大会报告"
    title_en = "Plenary reports"
    kind = Session.Kind.PLENARY


class TalkFactory(PublishedFactory):
    class Meta:
        model = Talk

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"报告{n}")
    title_en = factory.Sequence(lambda n: f"Talk {n}")


def timed_talk(event, title, room, starts_at, ends_at=None, *, minutes=40, speakers=(), **fields):
    """A published talk of `event` titled `title` in both languages, in `room` from `starts_at`
    to `ends_at` (or `minutes` later; no time if `starts_at` is None), given by `speakers`."""
    if starts_at and ends_at is None:
        ends_at = starts_at + datetime.timedelta(minutes=minutes)
    record = TalkFactory(
        event=event,
        title=title,
        title_en=title,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        **fields,
    )
    record.speakers.set(speakers)
    return record


class EventFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventFigure

    event = factory.SubFactory(EventFactory)
    label = "专业人士"
    value = Decimal("400")


class QuoteFactory(PublishedFactory):
    class Meta:
        model = Quote

    person = factory.SubFactory(PersonFactory)
    text = "细胞治疗迎来了重要的发展机遇期。"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"主题{n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class UsedTopicFactory(TopicFactory):
    """A public topic: a topic is public once a public record carries it (here, a person)."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def carried_by(topic, create, extracted, **kwargs):
        if create:
            (extracted or PersonFactory()).topics.add(topic)


class IndustryParkFactory(PublishedFactory):
    class Meta:
        model = IndustryPark

    name = factory.Sequence(lambda n: f"产业园{n}")
    name_en = factory.Sequence(lambda n: f"Park {n}")


class ParkMetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParkMetric

    park = factory.SubFactory(IndustryParkFactory)
    label = "细胞药物临床试验"
    value = Decimal("11")
    as_of = datetime.date(2019, 10, 1)
