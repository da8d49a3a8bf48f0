"""Numbers as each language writes them, and how many talks a session is known to have."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from summit.numbers import format_number
from tests.factories import EventFactory, EventFigureFactory, SessionFactory, TalkFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "english", "chinese"),
    [
        (400000, "400,000", "40万"),
        (Decimal("400000.00"), "400,000", "40万"),
        (120000000, "120,000,000", "1.2亿"),
        (12500, "12,500", "1.25万"),
        (10000, "10,000", "1万"),
        # Shortening these would round them: they keep every digit.
        (123456, "123,456", "123456"),
        (123456789, "123,456,789", "123456789"),
        (9999, "9,999", "9999"),
        (Decimal("52.00"), "52", "52"),
        (Decimal("0.25"), "0.25", "0.25"),
        (Decimal("1234.5"), "1,234.5", "1234.5"),
        (0, "0", "0"),
    ],
)
def test_numbers_read_as_each_language_writes_them(value, english, chinese):
    assert format_number(value, "en") == english
    assert format_number(value, "zh-hans") == chinese


def test_figures_show_their_number_in_the_page_language(client):
    event = EventFactory()
    EventFigureFactory(
        event=event,
        label_zh_hans="核心区面积",
        label_en="core area",
        value=Decimal("400000"),
        qualifier="more_than",
        unit_zh_hans="平方米",
        unit_en="m²",
        stated_as="40万㎡",
    )
    chinese = client.get(f"/zh-hans/events/{event.slug}/").content.decode()
    english = client.get(f"/en/events/{event.slug}/").content.decode()
    assert "超过40万平方米" in chinese and "400000" not in chinese
    assert "more than 400,000 m²" in english
    assert "原文：“40万㎡”" in chinese
    assert "as stated: “40万㎡”" in english


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "8 plenary reports; their titles are not published",
                "1 keynote; its title is not published",
                "1 of 33 talks listed",
                "2 talks",
            ],
        ),
        (
            "zh-hans",
            [
                "8场大会报告，报告题目未公开",
                "1场主旨报告，报告题目未公开",
                "已列出33场报告中的1场",
                "2场报告",
            ],
        ),
    ],
)
def test_sessions_say_what_is_known_of_their_talks(language, expected):
    """The programme (on the event page or its own) never says "0 listed"."""
    event = EventFactory()
    plenary = SessionFactory(event=event, kind="plenary", planned_talk_count=8)
    keynote = SessionFactory(event=event, kind="keynote", planned_talk_count=1)
    forum = SessionFactory(event=event, kind="forum", planned_talk_count=33)
    workshop = SessionFactory(event=event, kind="workshop")
    programme = [
        (plenary, []),
        (keynote, []),
        (forum, [TalkFactory(event=event, session=forum)]),
        (workshop, TalkFactory.create_batch(2, event=event, session=workshop)),
    ]
    for session, _talks in programme:
        session.cited = []  # what the pages' queries load with each session
    with translation.override(language):
        html = "".join(
            render_to_string("summit/includes/session.html", {"session": session, "talks": talks})
            for session, talks in programme
        )
    for text in expected:
        assert text in html
    assert "0 listed" not in html and "列出0" not in html
