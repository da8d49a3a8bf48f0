"""What the endpoints answer, on the seed article: both languages or one, the provenance of
every fact as the pages show it, the filters, the search, the ordering and the pages."""

import datetime
import html
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from summit.models import Citation, Event
from tests.api.conftest import API, get_json
from tests.factories import (
    EventFactory,
    PersonFactory,
    RoomFactory,
    SourceFactory,
    TalkFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

EVENT = "zhangjiang-cell-therapy-summit-2019"
PARK = "zhangjiang-cell-industry-park"
PERSON = "tian-zhigang"
TALK = "summit-2019-off-the-shelf-car-t"


@pytest.fixture(autouse=True)
def seed(imported_seed, db):
    """The seed article, imported once for the module."""


def quoted_sentences(page: str) -> set[str]:
    """The evidence sentences a page's sources notes quote."""
    return {html.unescape(text) for text in re.findall(r"<q[^>]*>(.*?)</q>", page, re.S)}


# Languages --------------------------------------------------------------------------------


def test_translated_fields_come_in_both_languages(client):
    event = get_json(client, f"{API}events/{EVENT}/")
    assert event["name"] == {
        "zh-hans": "首届张江细胞治疗国际峰会",
        "en": "First Zhangjiang Cell Therapy International Summit",
    }
    assert event["page_url"] == {
        "zh-hans": f"http://testserver/zh-hans/events/{EVENT}/",
        "en": f"http://testserver/en/events/{EVENT}/",
    }


def test_lang_gives_one_language_falling_back_as_the_pages_do(client):
    person = PersonFactory(name_zh_hans="王五", name_en="", bio_en="An English biography only.")
    english = get_json(client, f"{API}people/{person.slug}/", lang="en")
    chinese = get_json(client, f"{API}people/{person.slug}/", lang="zh-hans")
    assert english["name"] == chinese["name"] == "王五"
    assert english["bio"] == chinese["bio"] == "An English biography only."
    assert english["page_url"] == f"http://testserver/en/people/{iri_to_uri(person.slug)}/"
    # Nested records too.
    talk = get_json(client, f"{API}talks/{TALK}/", lang="en")
    assert talk["title"] == "Next-generation off-the-shelf CAR-T cell therapy"
    assert talk["event"]["name"] == "First Zhangjiang Cell Therapy International Summit"
    assert talk["citations"][0]["source"]["title"].startswith("Pooling wisdom")


def test_unknown_lang_is_a_400_saying_which_languages_there_are(client):
    response = client.get(f"{API}events/", {"lang": "fr"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"]
    assert "zh-hans, en" in body["errors"]["lang"][0]


def test_the_answer_does_not_depend_on_the_request_language(client):
    """The same address gives everyone the same body (it is cached as one), whatever their
    Accept-Language: orderings that follow the active language would differ."""
    addresses = [f"{API}{name}/" for name in ("events", "talks", "people", "organisations")]
    addresses += [f"{API}parks/{PARK}/", f"{API}people/{PERSON}/", f"{API}talks/?q=CAR-T"]
    for address in addresses:
        bodies = set()
        for language in ("en", "zh-hans"):
            cache.clear()  # rendered for each language, not served from the cache
            bodies.add(client.get(address, HTTP_ACCEPT_LANGUAGE=language).content)
        assert len(bodies) == 1, address


def test_content_language_names_the_languages_of_the_body(client):
    assert client.get(f"{API}events/")["Content-Language"] == "zh-hans, en"
    assert client.get(f"{API}events/", {"lang": "en"})["Content-Language"] == "en"


# Provenance -------------------------------------------------------------------------------


def test_citations_quote_the_sentences_the_page_quotes(client):
    park = get_json(client, f"{API}parks/{PARK}/", lang="en")
    page = client.get(f"/en/parks/{PARK}/").content.decode()
    cited = {
        sentence
        for record in [park, *park["metrics"], *park["related_parks"]]
        for citation in record["citations"]
        for sentence in citation["evidence"]
    }
    assert len(cited) > 5
    assert cited <= quoted_sentences(page)
    source = park["citations"][0]["source"]
    slug = "000_f3128c6eecc96df2"
    assert source == {
        "slug": slug,
        "api_url": f"http://testserver{API}sources/{slug}/",
        "page_url": f"http://testserver/en/sources/{slug}/",
        "title": source["title"],
        "url": "",
        "publisher": "生物谷",
        "published": "2019-11-14T16:29:00+08:00",
    }
    assert source["title"] in html.unescape(page)


def test_a_country_has_one_shape_wherever_it_appears(client):
    # An organisation's own record and its summary in another record (here a host of the
    # event) give the country alike: its code and its name.
    event = get_json(client, f"{API}events/{EVENT}/")
    named = [
        role["organisation"] for role in event["organisations"] if role["organisation"]["country"]
    ]
    assert named
    for summary in named:
        organisation = get_json(client, summary["api_url"].removeprefix("http://testserver"))
        assert summary["country"] == organisation["country"]
        assert set(summary["country"]) == {"code", "name"}
        assert set(summary["country"]["name"]) == {"zh-hans", "en"}


def test_metric_carries_qualifier_unit_date_and_source(client):
    park = get_json(client, f"{API}parks/{PARK}/")
    companies = next(metric for metric in park["metrics"] if metric["stated_as"] == "超过70家")
    assert companies["value"] == 70
    assert companies["qualifier"] == "more_than"
    assert companies["unit"]["zh-hans"] == "家"
    assert companies["display"] == {"zh-hans": "超过70家", "en": "more than 70 companies"}
    assert companies["as_of"] == "2019-11-14"
    assert companies["citations"][0]["evidence"] == ["园区内现已集聚细胞相关企业超过70家"]
    page = client.get(f"/en/parks/{PARK}/").content.decode()
    assert "more than 70 companies" in page


def test_event_figures_are_written_as_the_page_writes_them(client):
    event = get_json(client, f"{API}events/{EVENT}/", lang="en")
    page = html.unescape(client.get(f"/en/events/{EVENT}/").content.decode())
    assert len(event["figures"]) >= 3
    for figure in event["figures"]:
        assert figure["display"] in page
        assert figure["citations"], figure["label"]


def test_a_sentence_cited_twice_with_other_line_breaks_is_quoted_once(client):
    person = PersonFactory()
    source = SourceFactory(publisher_name="生物谷")
    Citation.objects.create(source=source, content_object=person, evidence="第一句，\n第二句。")
    Citation.objects.create(source=source, content_object=person, evidence="第一句， 第二句。")
    Citation.objects.create(source=source, content_object=person, evidence="另一句。")
    cited = get_json(client, f"{API}people/{person.slug}/")["citations"]
    assert [citation["evidence"] for citation in cited] == [["第一句，\n第二句。", "另一句。"]]


def test_source_shows_its_full_text_only_where_licensed(client):
    reserved = get_json(client, f"{API}sources/000_f3128c6eecc96df2/")
    assert reserved["body"] is None
    assert reserved["licensed_for_publication"] is False
    licensed = SourceFactory(body="全文可以公开。", licensed_for_publication=True)
    assert get_json(client, f"{API}sources/{licensed.slug}/")["body"] == "全文可以公开。"


# Filters ----------------------------------------------------------------------------------


def slugs(client, path: str, **params) -> list[str]:
    return [record["slug"] for record in get_json(client, f"{API}{path}", **params)["results"]]


def test_events_by_date_range_series_status_and_topic(client):
    later = EventFactory(
        start_date=datetime.date(2021, 5, 1),
        end_date=datetime.date(2021, 5, 3),
        event_status="postponed",
    )
    assert slugs(client, "events/", date_from="2021-05-03") == [later.slug]
    assert slugs(client, "events/", date_to="2019-12-31") == [EVENT]
    assert slugs(client, "events/", date_from="2019-01-01", date_to="2021-05-02") == [
        later.slug,
        EVENT,
    ]
    assert slugs(client, "events/", series="zhangjiang-cell-therapy-summit") == [EVENT]
    assert slugs(client, "events/", status="postponed") == [later.slug]
    assert slugs(client, "events/?status=postponed&status=scheduled") == [later.slug, EVENT]
    assert slugs(client, "events/", topic="car-t") == [EVENT]


def test_talks_by_day_in_their_events_time_zone(client):
    event = EventFactory(
        start_date=datetime.date(2020, 11, 19),
        end_date=datetime.date(2020, 11, 20),
        time_zone="Asia/Shanghai",
    )
    # 00:30 in Shanghai is still the day before in UTC.
    early = TalkFactory(
        event=event, starts_at=datetime.datetime(2020, 11, 19, 16, 30, tzinfo=datetime.UTC)
    )
    talk = get_json(client, f"{API}talks/{early.slug}/")
    assert talk["starts_at"] == "2020-11-20T00:30:00+08:00"
    assert talk["day"] == "2020-11-20"
    assert slugs(client, "talks/", day="2020-11-20") == [early.slug]
    assert slugs(client, "talks/", day="2020-11-19") == []


def test_talks_by_event_room_track_topic_and_speaker(client):
    venue = VenueFactory()
    event = EventFactory(venue=venue)
    room = RoomFactory(venue=venue)
    track = event.tracks.create(name="临床")
    speaker = PersonFactory()
    talk = TalkFactory(event=event, room=room, track=track)
    talk.speakers.add(speaker)
    talk.topics.add("CAR-T")
    TalkFactory(event=event)
    assert len(slugs(client, "talks/", event=event.slug)) == 2
    assert slugs(client, "talks/", room=room.pk) == [talk.slug]
    assert slugs(client, "talks/", track=track.pk) == [talk.slug]
    assert slugs(client, "talks/", speaker=speaker.slug) == [talk.slug]
    assert talk.slug in slugs(client, "talks/", topic="car-t")
    assert slugs(client, f"events/{event.slug}/talks/", speaker=speaker.slug) == [talk.slug]
    listed = get_json(client, f"{API}talks/{talk.slug}/")
    assert listed["room"] == {"id": room.pk, "name": {"zh-hans": room.name, "en": room.name_en}}
    assert listed["track"]["id"] == track.pk
    assert [person["slug"] for person in listed["speakers"]] == [speaker.slug]


def test_people_by_role_country_organisation_and_topic(client):
    officials = slugs(client, "people/", role="official_guest")
    assert set(officials) == {"ji-xiaoye", "guan-xiaojun", "wu-qiang"}
    assert {"bruce-l-levine", "christian-brechot", PERSON} <= set(
        slugs(client, "people/", role="speaker", page_size=100)
    )
    assert "bruce-l-levine" in slugs(client, "people/", country="us")
    assert PERSON not in slugs(client, "people/", country="US")
    assert PERSON in slugs(client, "people/", organisation="ustc-institute-of-immunology")
    person = PersonFactory()
    person.topics.add("CAR-T")
    assert slugs(client, "people/", topic="car-t") == [person.slug]


def test_organisations_by_kind_country_parent_and_topic(client):
    assert slugs(client, "organisations/", kind="publisher") == ["bioon"]
    assert set(slugs(client, "organisations/", country="FR")) == {"institut-pasteur"}
    assert "ustc-institute-of-immunology" in slugs(client, "organisations/", parent="ustc")
    assert slugs(client, "organisations/?kind=school&kind=academy&ordering=slug") == [
        "cas",
        "penn-pathology-and-laboratory-medicine",
        "perelman-school-of-medicine",
        "ustc-school-of-life-sciences",
    ]


def test_search_uses_the_sites_search_best_matches_first(client):
    found = slugs(client, "people/", q="田志刚")
    assert found == [PERSON]
    # Through related records' names, as the site's search finds them.
    assert EVENT in slugs(client, "events/", q="田志刚 CAR-T")
    assert slugs(client, "talks/", q="ＣＡＲ－Ｔ")[0] == TALK
    assert slugs(client, "topics/", q="no such words anywhere") == []


def test_empty_text_narrows_nothing_and_punctuation_finds_nothing(client):
    everyone = get_json(client, f"{API}people/")["count"]
    assert get_json(client, f"{API}people/", organisation="", q="")["count"] == everyone
    assert get_json(client, f"{API}people/", q="±…")["count"] == 0


def test_speakers_of_an_event_with_their_talks_there(client):
    speakers = get_json(client, f"{API}events/{EVENT}/speakers/", lang="en")["results"]
    by_slug = {speaker["slug"]: speaker for speaker in speakers}
    assert {"bruce-l-levine", "christian-brechot", PERSON} <= set(by_slug)
    assert by_slug[PERSON]["name"] == "Tian Zhigang"
    assert all("talks" in speaker and "affiliations" in speaker for speaker in speakers)


def test_ordering_from_the_listed_fields_only(client):
    oldest_first = slugs(client, "events/", ordering="start_date")
    assert oldest_first == sorted(
        oldest_first, key=lambda slug: Event.objects.get(slug=slug).start_date
    )
    response = client.get(f"{API}events/", {"ordering": "name"})
    assert response.status_code == 400
    assert "ordering" in response.json()["errors"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("events/", {"date_from": "14 November 2019"}),
        ("events/", {"status": "over"}),
        ("talks/", {"day": "2019-02-30"}),
        ("talks/", {"room": "hall"}),
        ("talks/", {"track": str(2**63)}),
        ("organisations/", {"kind": "club"}),
        ("people/", {"role": "host"}),
        ("talks/", {"page": "0"}),
        ("talks/", {"page_size": "-1"}),
        ("talks/", {"page": "first"}),
        ("talks/", {"day": ""}),
        ("talks/", {"room": ""}),
        ("people/", {"role": ""}),
        ("talks/", {"ordering": ","}),
        ("talks/", {"ordering": "starts_at,"}),
    ],
)
def test_malformed_value_is_a_400_naming_the_parameter(client, path, params):
    response = client.get(f"{API}{path}", params)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(params)


# Pages and addresses ----------------------------------------------------------------------


def test_pages_link_each_other_and_cap_their_size(client):
    first = get_json(client, f"{API}people/", page_size=5)
    assert len(first["results"]) == 5
    assert first["previous"] is None
    second = get_json(client, first["next"].removeprefix("http://testserver"))
    assert second["previous"].endswith("people/?page_size=5")
    assert not {p["slug"] for p in first["results"]} & {p["slug"] for p in second["results"]}
    capped = get_json(client, f"{API}people/", page_size=10**6)
    assert len(capped["results"]) == min(capped["count"], 100)


def test_page_past_the_last_is_a_404(client):
    response = client.get(f"{API}events/", {"page": 9})
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "events/no-such-event/",
        "events/no-such-event/talks/",
        "talks/a%00b/",
        "sessions/abc/",
        f"sessions/{2**70}/",
        "topics/no-such-topic/",
        "no-such-list/",
        "talks/a/b/",
    ],
)
def test_unknown_record_is_a_json_404(client, path):
    response = client.get(f"{API}{path}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("path", ["events/", f"events/{EVENT}/", f"events/{EVENT}/talks/"])
def test_the_api_only_reads(client, method, path):
    response = getattr(client, method)(f"{API}{path}", data={}, content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_an_address_the_api_does_not_have_is_a_json_404_whatever_the_method(client):
    for method in ("get", "post", "delete"):
        response = getattr(client, method)(f"{API}no-such-list/")
        assert response.status_code == 404
        assert response.json()["detail"]


def test_head_answers_like_get_without_a_body(client):
    response = client.head(f"{API}events/{EVENT}/")
    assert response.status_code == 200
    assert response.content == b""


def test_index_points_to_every_list_and_the_document(client):
    index = get_json(client, API)
    assert index["talks"] == "http://testserver/api/v1/talks/"
    assert index["schema"] == "http://testserver/api/v1/schema/"
    for address in index.values():
        assert client.get(address.removeprefix("http://testserver")).status_code == 200


def test_a_talk_scheduled_for_later_appears_at_its_time(client):
    talk = TalkFactory(
        event=Event.objects.get(slug=EVENT),
        publish_at=timezone.now() + datetime.timedelta(hours=1),
    )
    assert client.get(f"{API}talks/{talk.slug}/").status_code == 404
    talk.publish_at = timezone.now() - datetime.timedelta(seconds=1)
    talk.save()
    assert client.get(f"{API}talks/{talk.slug}/").status_code == 200
