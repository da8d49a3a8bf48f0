"""Public pages: what a visitor sees in either language, and what a draft hides."""

import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from summit.models import Affiliation, EventOrganisation, EventParticipant, Status, Track
from tests.factories import (
    AffiliationFactory,
    EventFactory,
    EventFigureFactory,
    EventSeriesFactory,
    IndustryParkFactory,
    OrganisationFactory,
    PersonFactory,
    QuoteFactory,
    RoomFactory,
    SessionFactory,
    SourceFactory,
    TalkFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["zh-hans", "en"]


def json_ld(response) -> list[dict]:
    """Every JSON-LD block of a page, parsed."""
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


def published_records():
    """One published record of every kind with a public page, linked together."""
    series = EventSeriesFactory()
    event = EventFactory(series=series, edition=1)
    organisation = OrganisationFactory(parent=OrganisationFactory())
    person = PersonFactory()
    AffiliationFactory(person=person, organisation=organisation)
    talk = TalkFactory(event=event)
    talk.speakers.add(person)
    topic = TopicFactory()
    talk.topics.add(topic)
    source = SourceFactory()
    return {
        "home": "/{lang}/",
        "event list": "/{lang}/events/?when=past",
        "event": event.get_absolute_url(),
        "series": series.get_absolute_url(),
        "talk": talk.get_absolute_url(),
        "person list": "/{lang}/people/",
        "person": person.get_absolute_url(),
        "organisation list": "/{lang}/organisations/",
        "organisation": organisation.get_absolute_url(),
        "topic list": "/{lang}/topics/",
        "topic": topic.get_absolute_url(),
        "source list": "/{lang}/sources/",
        "source": source.get_absolute_url(),
    }


def in_language(url: str, lang: str) -> str:
    if "{lang}" in url:
        return url.format(lang=lang)
    return re.sub(r"^/(zh-hans|en)/", f"/{lang}/", url)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_type_renders_in_both_languages(client, lang):
    for name, url in published_records().items():
        response = client.get(in_language(url, lang))
        assert response.status_code == 200, name
        html = response.content.decode()
        lang_attribute = "zh-Hans" if lang == "zh-hans" else "en"
        assert f'<html lang="{lang_attribute}">' in html, name
        assert html.count("<h1") == 1, name


@pytest.mark.parametrize(
    "factory",
    [EventFactory, TalkFactory, PersonFactory, OrganisationFactory, SourceFactory],
)
def test_draft_is_404_for_the_public_and_a_preview_for_staff(client, admin_client, factory):
    record = factory(status=Status.DRAFT)
    assert client.get(record.get_absolute_url()).status_code == 404
    preview = admin_client.get(record.get_absolute_url())
    assert preview.status_code == 200
    assert "draft-banner" in preview.content.decode()


def test_scheduled_record_is_404_until_its_publish_time(client):
    event = EventFactory(publish_at=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC))
    assert client.get(event.get_absolute_url()).status_code == 404


def test_language_switcher_links_to_the_same_page(client):
    person = PersonFactory(name_zh_hans="田志刚", name_en="Tian Zhigang", slug="tian-zhigang")
    html = client.get("/zh-hans/people/tian-zhigang/?ref=1").content.decode()
    assert 'href="/en/people/tian-zhigang/?ref=1"' in html
    assert 'hreflang="en"' in html
    english = client.get(f"/en/people/{person.slug}/").content.decode()
    assert "<h1>Tian Zhigang</h1>" in english
    assert '<span class="other-name" lang="zh-Hans">田志刚</span>' in english


def test_head_gives_the_pages_absolute_address_and_its_alternates(client):
    PersonFactory(name_zh_hans="田志刚", slug="田志刚")
    html = client.get("/en/people/田志刚/?ref=1").content.decode()
    assert '<link rel="canonical" href="http://testserver/en/people/田志刚/">' in html
    assert '<meta property="og:url" content="http://testserver/en/people/田志刚/">' in html
    chinese = "http://testserver/zh-hans/people/%E7%94%B0%E5%BF%97%E5%88%9A/?ref=1"
    assert f'<link rel="alternate" hreflang="zh-Hans" href="{chinese}">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{chinese}">' in html
    english = "http://testserver/en/people/%E7%94%B0%E5%BF%97%E5%88%9A/?ref=1"
    assert f'<link rel="alternate" hreflang="en" href="{english}">' in html


def test_english_falls_back_to_chinese_when_missing(client):
    event = EventFactory(name_zh_hans="只有中文的峰会", name_en="")
    assert "只有中文的峰会" in client.get(f"/en/events/{event.slug}/").content.decode()


def test_event_page_shows_programme_counts_without_inventing_talks(client):
    event = EventFactory()
    SessionFactory(event=event, title_en="Plenary reports", planned_talk_count=8)
    forum = SessionFactory(
        event=event, title_en="Sub-forums", kind="forum", parallel_count=3, planned_talk_count=33
    )
    TalkFactory(event=event, session=forum, title_en="Known forum talk")
    html = client.get(f"/en/events/{event.slug}/").content.decode()
    assert "8 plenary reports; their titles are not published" in html
    assert "3 parallel sessions" in html
    assert "1 of 33 talks listed" in html
    assert "Known forum talk" in html


def test_event_page_shows_hosts_speakers_figures_and_quotes(client):
    event = EventFactory()
    host = OrganisationFactory(name_en="Host Institute")
    EventOrganisation.objects.create(event=event, organisation=host, role="co_host")
    speaker = PersonFactory(name_en="Bruce L. Levine")
    EventParticipant.objects.create(event=event, person=speaker, role="speaker")
    EventFigureFactory(event=event, label_en="professionals", value=400, qualifier="more_than")
    QuoteFactory(event=event, person=speaker, text_en="Cell therapy has arrived.")
    html = client.get(f"/en/events/{event.slug}/").content.decode()
    assert "Host Institute" in html and "Co-host" in html
    assert "Bruce L. Levine" in html
    assert "more than 400" in html
    assert "Cell therapy has arrived." in html


def test_draft_people_and_organisations_stay_off_published_pages(client):
    event = EventFactory()
    hidden = PersonFactory(name_en="Hidden Person", status=Status.DRAFT)
    EventParticipant.objects.create(event=event, person=hidden, role="speaker")
    hidden_organisation = OrganisationFactory(name_en="Hidden Org", status=Status.DRAFT)
    EventOrganisation.objects.create(event=event, organisation=hidden_organisation, role="host")
    html = client.get(f"/en/events/{event.slug}/").content.decode()
    assert "Hidden Person" not in html
    assert "Hidden Org" not in html


def test_event_json_ld_has_the_properties_search_engines_require(client):
    event = EventFactory()
    host = OrganisationFactory()
    EventOrganisation.objects.create(event=event, organisation=host, role="host")
    data = json_ld(client.get(f"/en/events/{event.slug}/"))[0]
    assert data["@type"] == "Event"
    for key in ("name", "startDate", "location", "organizer", "eventStatus", "eventAttendanceMode"):
        assert data[key], key
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["organizer"][0]["name"] == host.name_en


def test_person_and_organisation_json_ld(client):
    parent = OrganisationFactory(name_en="Chinese Academy of Sciences")
    institute = OrganisationFactory(parent=parent)
    person = PersonFactory()
    AffiliationFactory(person=person, organisation=institute)
    person_data = json_ld(client.get(f"/en/people/{person.slug}/"))[0]
    assert person_data["@type"] == "Person"
    assert person_data["affiliation"][0]["name"] == institute.name_en
    organisation_data = json_ld(client.get(f"/en/organisations/{institute.slug}/"))[0]
    assert organisation_data["@type"] == "Organization"
    assert organisation_data["parentOrganization"]["name"] == "Chinese Academy of Sciences"


def test_json_ld_cannot_be_closed_by_hostile_text(client):
    event = EventFactory(name_en="</script><script>alert(1)</script>")
    response = client.get(f"/en/events/{event.slug}/")
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(response)[0]["name"] == "</script><script>alert(1)</script>"


def test_person_page_separates_current_and_former_positions(client):
    person = PersonFactory()
    AffiliationFactory(person=person, title_en="President", is_current=True)
    AffiliationFactory(person=person, title_en="Director", is_current=False)
    html = client.get(f"/en/people/{person.slug}/").content.decode()
    assert "President" in html and "Director" in html
    assert "former" in html


def test_talk_page_lists_speakers_by_shown_name_with_their_public_positions(client):
    talk = TalkFactory()
    zhang = PersonFactory(name_zh_hans="张三", name_en="Zhang San")
    li = PersonFactory(name_zh_hans="李四", name_en="")  # no English name: shown in Chinese
    only_draft = PersonFactory(name_en="Wang Wu")  # a position at a draft organisation only
    talk.speakers.add(
        zhang, li, only_draft, PersonFactory(name_en="Draft Speaker", status=Status.DRAFT)
    )
    institute = OrganisationFactory(name_en="Cell Institute", slug="cell-institute")
    draft_lab = OrganisationFactory(name_en="Draft Lab", status=Status.DRAFT)
    AffiliationFactory(person=zhang, organisation=institute, title_en="Director", order=1)
    AffiliationFactory(person=zhang, title_en="Professor", is_current=False)
    AffiliationFactory(person=zhang, organisation=draft_lab, title_en="Head of the draft lab")
    AffiliationFactory(person=li, organisation=institute, title_en="Fellow")
    AffiliationFactory(person=only_draft, organisation=draft_lab, title_en="Draft lab member")
    html = client.get(f"/en/talks/{talk.slug}/").content.decode()
    speakers = html[html.index('id="speakers-heading"') :]
    lines = speakers.split('<li class="person-item">')[1:]
    assert [line[line.index(">") + 1 : line.index("</a>")] for line in lines] == [
        "Wang Wu",
        "Zhang San",
        "李四",
    ]
    assert "<ul" not in lines[0]  # listed, with no position to show
    assert "Fellow" in lines[2] and "Fellow" not in lines[1]
    assert "Director" in lines[1] and "Director" not in lines[2]
    assert '<span class="other-name" lang="zh-Hans">张三</span>' in speakers
    assert 'Director, <a href="/en/organisations/cell-institute/">Cell Institute</a>' in speakers
    assert speakers.index("Director") < speakers.index("Professor")
    assert 'Professor, <a href="/en/organisations/' in speakers
    assert speakers.count('<span class="badge">former</span>') == 1
    assert "Draft Speaker" not in html and "Draft Lab" not in html
    assert "Head of the draft lab" not in html and "Draft lab member" not in html


def test_talk_page_shows_everything_in_five_queries(client):
    """The talk (its event, session, room and track joined), its speakers with their
    positions, citations, links and topics: one query each, and no field loaded later."""
    event = EventFactory(name_en="Cell Summit")
    room = RoomFactory(name_en="Hall A")
    track = Track.objects.create(event=event, name="临床", name_en="Clinical")
    talk = TalkFactory(
        event=event,
        session=SessionFactory(event=event, title_en="Plenary reports"),
        room=room,
        track=track,
        subtitle_en="A subtitle",
        abstract_en="An abstract.",
        description_en="A description.",
        talk_type="Keynote",
        language="en",
        starts_at=datetime.datetime(2026, 11, 19, 1, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 11, 19, 1, 30, tzinfo=datetime.UTC),
    )
    AffiliationFactory(person=PersonFactory(name_en="Zhang San"), title_en="Director")
    talk.speakers.add(*(affiliation.person for affiliation in Affiliation.objects.all()))
    talk.links.create(url="https://example.org/slides", title_en="Slides")
    talk.topics.add(TopicFactory(name_en="Cells"))
    talk.citations.create(source=SourceFactory(title_en="A report"), evidence="报告。")
    url = f"/en/talks/{talk.slug}/"
    client.get(url)  # content types looked up once per process
    cache.clear()

    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()

    assert len(queries) == 5
    for shown in (
        "Cell Summit",
        "Plenary reports",
        "Hall A",
        "Clinical",
        "A subtitle",
        "An abstract.",
        "A description.",
        "Keynote",
        "Zhang San",
        "Director",
        "Slides",
        "Cells",
        "报告。",
    ):
        assert shown in html, shown


def test_organisation_list_filters_by_kind_and_country(client):
    OrganisationFactory(name_en="A University", kind="university")
    OrganisationFactory(name_en="A Company", kind="company")
    html = client.get("/en/organisations/?kind=university").content.decode()
    assert "A University" in html and "A Company" not in html
    # An unknown kind or country filters nothing out and breaks nothing.
    assert client.get("/en/organisations/?kind=nonsense&country=%3Cx%3E").status_code == 200


def test_topic_page_lists_everything_tagged(client):
    topic = TopicFactory(name_en="CAR-T")
    talk = TalkFactory(title_en="Off-the-shelf CAR-T")
    talk.topics.add(topic)
    organisation = OrganisationFactory(name_en="Cell Company")
    organisation.topics.add(topic)
    draft = TalkFactory(title_en="Secret talk", status=Status.DRAFT)
    draft.topics.add(topic)
    html = client.get(f"/en/topics/{topic.slug}/").content.decode()
    assert "Off-the-shelf CAR-T" in html and "Cell Company" in html
    assert "Secret talk" not in html


def test_source_page_hides_full_text_unless_licensed(client):
    source = SourceFactory(body="全文的独特句子。", licence_text="版权声明:保留所有权利。")
    html = client.get(f"/en/sources/{source.slug}/").content.decode()
    assert "全文的独特句子" not in html
    assert "版权声明" in html
    source.licensed_for_publication = True
    source.save()
    assert "全文的独特句子" in client.get(f"/en/sources/{source.slug}/").content.decode()


def test_source_page_lists_records_with_their_evidence(client):
    source = SourceFactory()
    person = PersonFactory(name_en="Cited Person")
    person.citations.create(source=source, evidence="一句证据。")
    html = client.get(f"/en/sources/{source.slug}/").content.decode()
    assert "Cited Person" in html and "一句证据。" in html
    assert json_ld(client.get(f"/en/sources/{source.slug}/"))[0]["@type"] == "NewsArticle"


@pytest.mark.parametrize("page", ["abc", "0", "999999"])
def test_bad_page_numbers_are_404_not_errors(client, page):
    PersonFactory()
    assert client.get(f"/en/people/?page={page}").status_code == 404


def test_unknown_address_gets_the_site_404_page(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def grow_event(event, size: int):
    """Add `size` of everything an event page shows."""
    session = SessionFactory(event=event)
    for _ in range(size):
        person = PersonFactory()
        AffiliationFactory(person=person)
        EventParticipant.objects.create(event=event, person=person, role="speaker")
        EventOrganisation.objects.create(
            event=event, organisation=OrganisationFactory(), role="co_host"
        )
        talk = TalkFactory(event=event, session=session)
        talk.speakers.add(person)
        talk.topics.add(TopicFactory())
        EventFigureFactory(event=event)
        QuoteFactory(event=event, person=person)


@pytest.mark.parametrize(
    ("url", "grow"),
    [
        ("event", grow_event),
        ("/en/people/", lambda _event, size: AffiliationFactory.create_batch(size)),
        (
            "/en/organisations/",
            lambda _event, size: [
                OrganisationFactory(parent=OrganisationFactory()) for _ in range(size)
            ],
        ),
        ("/en/events/?when=past", lambda _event, size: EventFactory.create_batch(size)),
        ("/en/", lambda event, size: grow_event(event, size)),
        (
            "/en/topics/",
            lambda event, size: [event.topics.add(TopicFactory()) for _ in range(size)],
        ),
        ("/en/sources/", lambda _event, size: SourceFactory.create_batch(size)),
    ],
)
def test_query_count_does_not_grow_with_content(client, url, grow):
    event = EventFactory()
    target = f"/en/events/{event.slug}/" if url == "event" else url
    grow(event, 2)
    client.get(target)  # once with cold caches (content types): what repeats is what counts
    cache.clear()  # but not from the page cache
    small = query_count(client, target)
    grow(event, 10)
    assert query_count(client, target) == small


def grow_person(person, size: int):
    for _ in range(size):
        AffiliationFactory(person=person)
        event = EventFactory()
        EventParticipant.objects.create(event=event, person=person, role="speaker")
        TalkFactory(event=event).speakers.add(person)
        quote = QuoteFactory(person=person, event=event)
        quote.citations.create(source=SourceFactory(), evidence="证据。")


def grow_organisation(organisation, size: int):
    for _ in range(size):
        OrganisationFactory(parent=organisation)
        AffiliationFactory(organisation=organisation)
        EventOrganisation.objects.create(
            event=EventFactory(), organisation=organisation, role="host"
        )
        SourceFactory(publisher=organisation)


def grow_topic(topic, size: int):
    for _ in range(size):
        TalkFactory().topics.add(topic)
        EventFactory().topics.add(topic)
        OrganisationFactory().topics.add(topic)


def grow_source(source, size: int):
    for _ in range(size):
        PersonFactory().citations.create(source=source, evidence="证据。")
        AffiliationFactory().citations.create(source=source, evidence="证据。")
        EventFigureFactory().citations.create(source=source, evidence="证据。")


@pytest.mark.parametrize(
    ("factory", "grow"),
    [
        (PersonFactory, grow_person),
        (OrganisationFactory, grow_organisation),
        (TopicFactory, grow_topic),
        (SourceFactory, grow_source),
    ],
)
def test_detail_query_count_does_not_grow_with_content(client, factory, grow):
    record = factory()
    url = in_language(record.get_absolute_url(), "en")
    grow(record, 2)
    small = query_count(client, url)
    grow(record, 8)
    assert query_count(client, url) == small


def cite(record, evidence: str):
    record.citations.create(source=SourceFactory(), evidence=evidence)
    return record


def test_every_page_shows_the_citations_of_what_it_shows(client):
    """Each fact on a page opens the sentence it comes from: records, figures, roles, quotes."""
    event = EventFactory(series=EventSeriesFactory())
    cite(event, "活动的证据。")
    cite(event.series, "系列的证据。")
    cite(EventFigureFactory(event=event), "数字的证据。")
    session = SessionFactory(event=event)
    cite(session, "场次的证据。")
    talk = TalkFactory(event=event, session=session)
    cite(talk, "报告的证据。")
    person = PersonFactory()
    cite(person, "人物的证据。")
    speaker = EventParticipant.objects.create(event=event, person=person, role="speaker")
    cite(speaker, "嘉宾的证据。")
    organisation = OrganisationFactory()
    cite(organisation, "机构的证据。")
    cite(
        EventOrganisation.objects.create(event=event, organisation=organisation, role="host"),
        "主办的证据。",
    )
    cite(AffiliationFactory(person=person, organisation=organisation), "任职的证据。")
    cite(QuoteFactory(person=person, event=event), "言论的证据。")
    topic = cite(TopicFactory(), "主题的证据。")
    event.topics.add(topic)
    park = cite(IndustryParkFactory(), "园区的证据。")
    expected = {
        event.get_absolute_url(): ["活动", "数字", "场次", "嘉宾", "主办", "言论"],
        event.series.get_absolute_url(): ["系列"],
        talk.get_absolute_url(): ["报告"],
        person.get_absolute_url(): ["人物", "任职", "嘉宾", "言论"],
        organisation.get_absolute_url(): ["机构"],
        topic.get_absolute_url(): ["主题"],
        park.get_absolute_url(): ["园区"],
        "/zh-hans/": ["数字", "言论"],
    }
    for url, facts in expected.items():
        html = client.get(url).content.decode()
        for fact in facts:
            assert f"{fact}的证据。" in html, (url, fact)


def test_event_programme_names_each_talks_published_speakers(client):
    event = EventFactory()
    talk = TalkFactory(event=event, session=SessionFactory(event=event))
    talk.speakers.add(
        PersonFactory(name_en="Published Speaker"),
        PersonFactory(name_en="Draft Speaker", status=Status.DRAFT),
    )
    html = client.get(f"/en/events/{event.slug}/").content.decode()
    assert "Published Speaker" in html
    assert "Draft Speaker" not in html


def test_list_separator_follows_the_page_language(client):
    person = PersonFactory()
    AffiliationFactory(person=person, title_zh_hans="教授", title_en="Professor")
    chinese = client.get(f"/zh-hans/people/{person.slug}/").content.decode()
    english = client.get(f"/en/people/{person.slug}/").content.decode()
    assert "教授，<a" in chinese
    assert "Professor, <a" in english


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_event_list_shows_past_events_while_none_is_upcoming(client):
    EventFactory(name_en="Summit 2019", start_date=in_days(-400))
    response = client.get("/en/events/")
    html = response.content.decode()
    assert response.context["when"] == "past"
    assert "<h1>Past events</h1>" in html
    assert "No upcoming events announced; here are past events." in html
    assert "Summit 2019" in html
    assert '<a href="?when=upcoming">Upcoming</a>' in html


def test_event_list_shows_upcoming_events_when_there_are_some(client):
    EventFactory(name_en="Summit 2019", start_date=in_days(-400))
    EventFactory(name_en="Summit next year", start_date=in_days(200))
    html = client.get("/en/events/").content.decode()
    assert "<h1>Upcoming events</h1>" in html
    assert "Summit next year" in html
    assert "Summit 2019" not in html
    assert "here are past events" not in html


def test_event_list_asked_for_upcoming_says_none_is_announced(client):
    EventFactory(name_en="Summit 2019", start_date=in_days(-400))
    html = client.get("/en/events/?when=upcoming").content.decode()
    assert "No upcoming events have been announced yet." in html
    assert "Summit 2019" not in html
    assert "here are past events" not in html


def test_event_list_falls_back_within_the_chosen_series(client):
    series = EventSeriesFactory()
    EventFactory(series=series, name_en="Past edition", start_date=in_days(-400))
    EventFactory(name_en="Other series, upcoming", start_date=in_days(200))
    html = client.get(f"/en/events/?series={series.slug}").content.decode()
    assert "Past edition" in html
    assert "Other series, upcoming" not in html


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # Count, rows, their series, the series filter; without ?when= first whether any
        # event is upcoming (none here, so the past ones show).
        ("/en/events/", 5),
        ("/en/events/?when=past", 4),
        ("/en/events/?when=upcoming", 2),
    ],
)
def test_event_list_query_count_is_fixed(client, url, queries):
    EventFactory.create_batch(2, series=EventSeriesFactory())
    assert query_count(client, url) == queries
    EventFactory.create_batch(10, series=EventSeriesFactory())
    assert query_count(client, url) == queries


def heading_levels(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def skipped_heading_levels(html: str) -> list[tuple[int, int]]:
    """Each pair of successive headings where the second goes down more than one level."""
    levels = heading_levels(html)
    return [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]


def test_pages_with_event_cards_skip_no_heading_level(client):
    series = EventSeriesFactory()
    EventFactory(series=series, start_date=in_days(-400))
    EventFactory(series=series, start_date=in_days(-30))
    for url in ["/en/events/?when=past", "/en/events/", "/en/", series.get_absolute_url()]:
        html = client.get(url).content.decode()
        levels = heading_levels(html)
        assert levels[0] == 1, url
        assert 2 in levels, url
        assert not skipped_heading_levels(html), url


def test_past_event_list_headings_go_h1_then_h2(client):
    EventFactory(name_en="Summit 2019", start_date=in_days(-400))
    html = client.get("/en/events/?when=past").content.decode()
    assert heading_levels(html) == [1, 2]
    assert re.search(r"<h2><a href=\"[^\"]+\">Summit 2019</a></h2>", html)


def test_source_list_counts_only_citations_of_public_records(client):
    source = SourceFactory(title="来源", title_en="The source")
    PersonFactory().citations.create(source=source, evidence="公开的证据。")
    EventFigureFactory().citations.create(source=source, evidence="活动的数字。")
    hidden = PersonFactory(status=Status.DRAFT)
    hidden.citations.create(source=source, evidence="草稿的证据。")
    EventFigureFactory(event=EventFactory(status=Status.DRAFT)).citations.create(
        source=source, evidence="草稿活动的数字。"
    )

    page = client.get("/en/sources/").content.decode()

    assert "2 citations" in page
    assert "4 citations" not in page
