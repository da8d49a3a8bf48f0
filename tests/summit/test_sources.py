"""Sources notes and the source page: each fact keeps its sentence, quoted once per page."""

import re

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from summit.models import EventOrganisation, EventParticipant, Status
from tests.factories import (
    AffiliationFactory,
    EventFactory,
    OrganisationFactory,
    PersonFactory,
    QuoteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def cite(record, source, evidence: str):
    record.citations.create(source=source, evidence=evidence)
    return record


def test_a_sentence_supporting_many_lines_is_quoted_once_with_a_marker_on_each(client):
    source = SourceFactory(title_zh_hans="峰会报道")
    event = EventFactory()
    sentence = "本次峰会由甲研究所和乙公司联合主办。"
    for name in ("甲研究所", "乙公司"):
        role = EventOrganisation.objects.create(
            event=event, organisation=OrganisationFactory(name_zh_hans=name), role="co_host"
        )
        cite(role, source, sentence)
    html = client.get(event.get_absolute_url()).content.decode()
    assert html.count(sentence) == 1
    assert 'class="cite"' not in html  # no toggle after every line any more
    anchor = re.search(rf'<li id="([\w-]+)" value="\d+"><q[^>]*>{sentence}</q>', html).group(1)
    assert html.count(f'href="#{anchor}"') == 2  # both hosts point at it
    note = html[html.index('class="sources-note"') :]
    assert f'<a href="{source.get_absolute_url()}">' in note and "峰会报道" in note


def test_a_sentence_quoted_higher_up_the_page_is_not_quoted_again(client):
    source = SourceFactory()
    sentence = "上海市科委巡视员季晓烨出席。"
    person = cite(PersonFactory(), source, sentence)
    event = EventFactory()
    cite(
        EventParticipant.objects.create(event=event, person=person, role="official_guest"),
        source,
        sentence,
    )
    cite(AffiliationFactory(person=person), source, sentence)
    html = client.get(person.get_absolute_url()).content.decode()
    assert html.count(sentence) == 1
    # The position and the event link back to the note under the header.
    anchor = re.search(rf'<li id="([\w-]+)" value="1"><q[^>]*>{sentence}</q>', html).group(1)
    assert html.count(f'href="#{anchor}"') == 2


def test_each_section_ends_with_its_own_note(client):
    source = SourceFactory()
    event = cite(EventFactory(), source, "峰会开幕。")
    speaker = EventParticipant.objects.create(event=event, person=PersonFactory(), role="speaker")
    cite(speaker, source, "嘉宾作报告。")
    html = client.get(event.get_absolute_url()).content.decode()
    speakers = html[html.index('id="speakers-heading"') :]
    speakers = speakers[: speakers.index("</section>")]
    assert "嘉宾作报告。" in speakers and "峰会开幕。" not in speakers
    assert html.index("峰会开幕。") < html.index('id="speakers-heading"')


def test_a_line_without_citations_gets_no_marker_and_no_empty_note(client):
    event = EventFactory()
    EventParticipant.objects.create(event=event, person=PersonFactory(), role="speaker")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "source-ref" not in html and "sources-note" not in html


def test_citing_without_starting_the_notes_fails_loudly():
    with pytest.raises(TemplateSyntaxError, match="source_notes"):
        Template("{% load sources %}{% cite notes record %}").render(
            Context({"record": PersonFactory()})
        )


def test_event_page_adds_the_quotes_its_reports_give_without_an_event(client):
    """The article quotes executives around the summit without placing them at it: the event
    page shows them apart, under a heading that says so, with speaker and title."""
    report, other = SourceFactory(), SourceFactory()
    event = cite(EventFactory(), report, "峰会开幕。")
    at_event = cite(QuoteFactory(event=event, text="在峰会上说的话。"), report, "在峰会上表示")
    around = cite(
        QuoteFactory(
            text="企业高管的话。",
            person=PersonFactory(name_zh_hans="王立群"),
            speaker_title_zh_hans="总裁",
        ),
        report,
        "王立群表示",
    )
    cite(QuoteFactory(text="另一篇文章的话。"), other, "别处")
    cite(QuoteFactory(text="草稿的话。", status=Status.DRAFT), report, "草稿")
    html = client.get(event.get_absolute_url()).content.decode()
    assert html.count(at_event.text) == 1
    reported = html[html.index('id="reported-quotes-heading"') :]
    assert around.text in reported and "王立群" in reported and "总裁" in reported
    assert at_event.text not in reported
    assert "另一篇文章的话。" not in html and "草稿的话。" not in html


def test_event_page_without_reported_quotes_has_no_empty_heading(client):
    event = cite(EventFactory(), SourceFactory(), "峰会开幕。")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "reported-quotes-heading" not in html


def test_source_page_quotes_each_sentence_once_in_the_article_order(client):
    source = SourceFactory(body="第一句在前。\n\n第二句 在后。")
    person = PersonFactory(name_zh_hans="田志刚")
    organisation = OrganisationFactory(name_zh_hans="中国科学院")
    cite(person, source, "第二句\n在后。")
    cite(AffiliationFactory(person=person, organisation=organisation), source, "第二句 在后。")
    cite(organisation, source, "第一句在前。")
    cite(PersonFactory(name_zh_hans="草稿人物", status=Status.DRAFT), source, "只支持草稿。")
    html = client.get(source.get_absolute_url()).content.decode()
    assert html.count("在后。") == 1  # a line break in one copy does not make it another
    assert html.index("第一句在前。") < html.index("在后。")
    second = html[html.index("在后。") :]
    # The person, and the position (shown on the person's page), both under one sentence.
    assert second.count(f'href="{person.get_absolute_url()}"') == 2
    assert "田志刚，" in second  # the position reads "田志刚，<title>，中国科学院"
    assert "只支持草稿。" not in html and "草稿人物" not in html


def test_notes_quote_chinese_evidence_as_chinese_and_name_the_article_in_full_once(client):
    source = SourceFactory(publisher_name="生物谷")
    event = cite(EventFactory(), source, "峰会开幕。")
    speaker = EventParticipant.objects.create(event=event, person=PersonFactory(), role="speaker")
    cite(speaker, source, "嘉宾作报告。")
    html = client.get(f"/en/events/{event.slug}/").content.decode()
    assert '<q lang="zh-Hans">峰会开幕。</q>' in html
    with translation.override("en"):
        link = f'<a href="{source.get_absolute_url()}">'
    assert html.count(link) == 2  # one link per note
    assert html.count("生物谷") == 1  # publisher and date in the first note only
