import datetime
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from parks.models import ParkMembership
from summit.models import EventOrganisation, EventParticipant
from tests.factories import (
    AffiliationFactory,
    EventFactory,
    IndustryParkFactory,
    OrganisationFactory,
    PersonFactory,
    SessionFactory,
    TalkFactory,
    UsedTopicFactory,
)
from website.search import (
    KINDS,
    KINDS_BY_KEY,
    MAX_QUERY_LENGTH,
    RESULTS_PER_KIND,
    RESULTS_PER_PAGE,
    clean_query,
    excerpt,
    matching,
    overview,
    parse_terms,
)

pytestmark = pytest.mark.django_db


def found(query, kind=None):
    """The records a search for `query` finds: of one kind, or of every kind (all of them)."""
    terms = parse_terms(query)
    if kind:
        return list(matching(KINDS_BY_KEY[kind], terms))
    return [
        result.record for section in overview(terms, per_kind=1000) for result in section.results
    ]


def parts(query):
    return [term.parts for term in parse_terms(query)]


def mark(text, query, **kwargs):
    return excerpt(text, parse_terms(query), **kwargs)


# Reading the query.


def test_parse_terms_splits_on_spaces_of_both_widths():
    assert parts("田志刚 CAR-T") == [("田志刚",), ("CAR", "T")]
    assert parts("田志刚\u3000免疫") == [("田志刚",), ("免疫",)]


def test_parse_terms_splits_on_chinese_list_punctuation():
    assert parts("田志刚，免疫、细胞") == [("田志刚",), ("免疫",), ("细胞",)]


@pytest.mark.parametrize(
    "query", ["CAR-T", "car t", "CAR T", "car‑t", "CAR－T", "ＣＡＲ－Ｔ", "car—t", "car \u00adT"]
)
def test_parse_terms_reads_spellings_of_one_name_alike(query):
    assert [tuple(part.lower() for part in term) for term in parts(query)] == [("car", "t")]


def test_parse_terms_joins_a_lone_letter_to_its_word():
    assert parts("T 细胞") == [("T", "细胞")]
    assert parts("B cell therapy") == [("B", "cell"), ("therapy",)]


def test_parse_terms_strips_punctuation_around_words():
    assert parts("(CAR-T), «GMP».") == [("CAR", "T"), ("GMP",)]


def test_parse_terms_drops_repeated_words():
    assert parts("GMP gmp 细胞 细胞") == [("GMP",), ("细胞",)]


@pytest.mark.parametrize("query", ["", "   ", "\u3000", "---", "!!! ，。", "— –", "\x01"])
def test_parse_terms_of_punctuation_or_spaces_is_empty(query):
    assert parse_terms(query) == ()


def test_clean_query_strips_and_truncates():
    assert clean_query("  CAR-T \n") == "CAR-T"
    assert clean_query("细" * 5000) == "细" * MAX_QUERY_LENGTH


def test_clean_query_turns_control_characters_into_spaces():
    assert clean_query("CAR\x01T\x7f") == "CAR T"


# Matching.


def test_search_chinese_substring_finds_talk():
    talk = TalkFactory(title="NK细胞在免疫治疗中的应用", title_en="NK cells in immunotherapy")

    assert found("免疫治疗", kind="talk") == [talk]


def test_search_english_substring_ignores_case():
    talk = TalkFactory(title="NK细胞在免疫治疗中的应用", title_en="NK cells in immunotherapy")

    assert found("IMMUNOTHERAPY", kind="talk") == [talk]


def test_search_words_found_in_different_fields():
    talk = TalkFactory(title="新一代CAR-T细胞疗法", abstract="田志刚介绍了研究进展。")
    person = PersonFactory(name="田志刚", bio="长期研究CAR-T与NK细胞。")
    TalkFactory(title="CAR-T细胞疗法的生产")  # CAR-T only
    PersonFactory(name="田志刚的同事", bio="研究干细胞。")  # 田志刚 only

    assert found("田志刚 CAR-T") == [talk, person]


def test_search_words_found_in_different_languages():
    talk = TalkFactory(title="NK细胞在免疫治疗中的应用", title_en="NK cells in immunotherapy")
    TalkFactory(title="免疫检查点", title_en="Immune checkpoints")

    assert found("immunotherapy 细胞", kind="talk") == [talk]
    assert found("NK cells 免疫", kind="talk") == [talk]


def test_search_record_with_one_of_two_words_does_not_match():
    TalkFactory(title="CAR-T细胞疗法", title_en="CAR-T cell therapy")

    assert found("CAR-T 糖尿病") == []
    assert found("田志刚 CAR-T") == []


@pytest.mark.parametrize("query", ["car t", "CAR T", "car-t", "CAR‑T", "ＣＡＲ－Ｔ", "car—t"])
def test_search_finds_car_t_however_typed(query):
    talk = TalkFactory(title="新一代成品化CAR-T细胞疗法")

    assert found(query, kind="talk") == [talk]


@pytest.mark.parametrize("text", ["CAR-T", "CAR T", "CAR‑T", "CAR－T", "ＣＡＲ－Ｔ", "car–t"])
def test_search_finds_car_t_however_written(text):
    talk = TalkFactory(title_en=f"Next-generation {text} cell therapy")

    assert found("car-t", kind="talk") == [talk]


def test_search_car_t_does_not_find_other_words_with_car_and_t():
    TalkFactory(title_en="Cardiomyocytes in transplantation")
    PersonFactory(name="Dennis McCarthy")
    TalkFactory(title_en="CART cells")  # another spelling: its parts are not told apart

    assert found("car t") == []
    assert found("car-t") == []
    assert found("cart", kind="talk") == [
        TalkFactory._meta.model.objects.get(title_en="CART cells")
    ]


@pytest.mark.parametrize("query", ["CAR-T细胞", "CAR-T 细胞", "car t 细胞"])
@pytest.mark.parametrize("text", ["CAR-T细胞", "CAR-T 细胞", "CAR‑T细胞"])
def test_search_space_between_chinese_and_latin_is_optional(query, text):
    talk = TalkFactory(title=f"新一代{text}疗法")

    assert found(query, kind="talk") == [talk]


def test_search_lone_letter_before_chinese_is_read_with_it():
    talk = TalkFactory(title="T细胞工程实验室")
    TalkFactory(title="Talk: 干细胞")  # a "t" and 细胞, apart

    assert found("T 细胞", kind="talk") == [talk]


def test_search_punctuation_around_words_is_ignored():
    talk = TalkFactory(title="新一代成品化CAR-T细胞疗法")

    assert found("“CAR-T”，", kind="talk") == [talk]


def test_search_punctuation_inside_a_word_matches_itself_only():
    talk = TalkFactory(title_en="Interleukin (IL-2) therapy")

    assert found("(il-2)", kind="talk") == [talk]
    assert found("il/2") == []


def test_search_accented_name_ignores_case():
    person = PersonFactory(name="Christian Bréchot", name_en="Christian Bréchot")

    assert found("BRÉCHOT christian") == [person]


def test_search_every_kind_is_found():
    EventFactory(name="细胞治疗峰会", name_en="Cell therapy summit")
    TalkFactory(title="细胞治疗的未来", title_en="Cell therapy ahead")
    PersonFactory(name="田志刚", name_en="Tian Zhigang", bio="研究细胞治疗。")
    OrganisationFactory(name="细胞治疗联盟", name_en="Cell Therapy Alliance")
    IndustryParkFactory(name="张江细胞产业园", name_en="Zhangjiang Cell Park", features="细胞治疗")
    UsedTopicFactory(name="细胞治疗", name_en="Cell therapy")

    kinds = {section.kind.key for section in overview(parse_terms("细胞治疗"))}

    assert kinds == {kind.key for kind in KINDS}


def test_search_talk_subtitle_and_description_are_searched():
    by_subtitle = TalkFactory(subtitle="溶瘤病毒的临床进展")
    by_description = TalkFactory(description_en="Oncolytic viruses in the clinic.")

    assert found("溶瘤病毒") == [by_subtitle]
    assert found("oncolytic clinic") == [by_description]


def test_search_drafts_never_appear():
    EventFactory(name="未发布峰会", name_en="Draft summit", status="draft")
    TalkFactory(title="未发布报告", title_en="Draft talk", status="draft")
    PersonFactory(name="未发布", name_en="Draft person", status="draft")
    OrganisationFactory(name="未发布机构", name_en="Draft institute", status="draft")
    IndustryParkFactory(name="未发布园区", name_en="Draft park", status="draft")

    assert found("draft") == []
    assert found("未发布") == []
    assert found("未发布 draft") == []


def test_search_talk_of_an_unpublished_event_never_appears():
    TalkFactory(title="CAR-T疗法", abstract="田志刚", event=EventFactory(status="draft"))

    assert found("田志刚 CAR-T") == []


def test_search_title_match_ranks_before_abstract_match():
    in_abstract = TalkFactory(title="报告甲", title_en="Report A", abstract="关于CAR-T的研究。")
    in_title = TalkFactory(title="CAR-T疗法进展", title_en="Progress in CAR-T therapy")

    assert found("car-t", kind="talk") == [in_title, in_abstract]


def test_search_kinds_with_a_title_match_come_first():
    TalkFactory(title="报告乙", abstract="干细胞研究")
    UsedTopicFactory(name="干细胞", name_en="Stem cells")

    sections = overview(parse_terms("干细胞"))

    assert [section.kind.key for section in sections] == ["topic", "talk"]
    assert [section.results[0].is_title_match for section in sections] == [True, False]


def test_search_reports_matched_field():
    TalkFactory(title="报告丙", title_en="Report C", abstract_en="Induced pluripotent stem cells")
    PersonFactory(name="李四", name_en="Li Si", bio_en="Works on pluripotent cells.")

    with translation.override("en"):
        results = [r for s in overview(parse_terms("pluripotent")) for r in s.results]

    assert {(result.kind.key, result.matched_fields) for result in results} == {
        ("talk", ("abstract",)),
        ("person", ("bio",)),
    }
    assert {result.matched_in for result in results} == {"abstract", "biography"}


def test_search_excerpt_comes_from_the_field_holding_most_words():
    TalkFactory(title="CAR-T疗法", title_en="CAR-T therapy", abstract="田志刚谈CAR-T的生产。")

    ((result,),) = [section.results for section in overview(parse_terms("田志刚 car-t"))]

    assert result.is_title_match
    assert result.matched_fields == ("abstract",)
    assert result.excerpts == ("<mark>田志刚</mark>谈<mark>CAR-T</mark>的生产。",)


def test_search_excerpts_show_every_word_where_it_matched():
    TalkFactory(title="CAR-T疗法", title_en="CAR-T therapy", abstract="田志刚的报告。")

    with translation.override("en"):
        ((result,),) = [section.results for section in overview(parse_terms("田志刚 car-t"))]

    assert result.matched_fields == ("title", "abstract")
    assert result.matched_in == "title, abstract"
    assert result.excerpts == ("<mark>CAR-T</mark> therapy", "<mark>田志刚</mark>的报告。")


def test_search_excerpt_marks_match_in_language_that_matched():
    TalkFactory(title="报告丁", title_en="Report D", abstract="在非人灵长类中的iPSC心肌细胞。")

    with translation.override("en"):
        ((result,),) = [section.results for section in overview(parse_terms("ipsc"))]

    assert result.title == "Report D"
    assert result.excerpts == ("在非人灵长类中的<mark>iPSC</mark>心肌细胞。",)


def test_search_kind_filter_limits_results():
    TalkFactory(title="GMP生产")
    topic = UsedTopicFactory(name="GMP", name_en="GMP")

    assert found("GMP", kind="topic") == [topic]


def test_overview_counts_every_match_and_shows_the_first():
    UsedTopicFactory.create_batch(RESULTS_PER_KIND + 2, description="病毒载体")

    (section,) = overview(parse_terms("病毒载体"))

    assert section.total == RESULTS_PER_KIND + 2
    assert len(section.results) == RESULTS_PER_KIND


def test_overview_of_no_terms_is_empty():
    TalkFactory()

    assert overview(()) == []
    assert found("---") == []


# Related records: their names count as the record's fields.


def results_for(query, kind=None, language="en"):
    with translation.override(language):
        sections = overview(parse_terms(query))
    return [r for section in sections for r in section.results if kind in (None, r.kind.key)]


def test_search_talk_found_by_its_speakers_name_in_either_language():
    talk = TalkFactory(title="新一代CAR-T细胞疗法", title_en="Next-generation CAR-T")
    talk.speakers.add(PersonFactory(name="田志刚", name_en="Tian Zhigang"))
    TalkFactory(title="CAR-T细胞的生产")  # CAR-T, and no speaker

    assert found("田志刚 CAR-T", kind="talk") == [talk]
    assert found("tian zhigang", kind="talk") == [talk]
    (result,) = results_for("田志刚 car t", kind="talk")
    assert result.matched_in == "title, speakers"
    assert result.excerpts == ("Next-generation <mark>CAR-T</mark>", "Speaker: <mark>田志刚</mark>")


def test_search_talk_excerpt_shows_speaker_in_the_language_that_matched():
    talk = TalkFactory(title="报告", title_en="A talk")
    talk.speakers.add(PersonFactory(name="田志刚", name_en="Tian Zhigang"))

    (result,) = results_for("zhigang", kind="talk", language="zh-hans")

    assert result.excerpts == ("报告人：Tian <mark>Zhigang</mark>",)
    assert result.matched_in == "演讲嘉宾"


def test_search_talk_is_not_found_by_an_unpublished_speaker():
    talk = TalkFactory(title="CAR-T疗法")
    talk.speakers.add(PersonFactory(name="未发布的人", name_en="Hidden speaker", status="draft"))

    assert found("未发布的人") == []
    assert found("hidden speaker CAR-T") == []


def test_search_talk_found_by_its_session_title():
    talk = TalkFactory(title="报告", session=SessionFactory(title="高端对话", title_en="Dialogue"))
    talk.session.event = talk.event
    talk.session.save()

    assert found("高端对话", kind="talk") == [talk]
    (result,) = results_for("dialogue", kind="talk")
    assert result.excerpts == ("Session: <mark>Dialogue</mark>",)


def test_search_person_found_by_talk_titles_and_current_organisations():
    person = PersonFactory(name="田志刚", name_en="Tian Zhigang")
    TalkFactory(title="NK细胞与免疫治疗", title_en="NK cells").speakers.add(person)
    AffiliationFactory(person=person, organisation=OrganisationFactory(name="免疫研究所"))
    AffiliationFactory(
        person=person, organisation=OrganisationFactory(name="旧大学"), is_current=False
    )

    assert found("田志刚 NK", kind="person") == [person]
    assert found("tian 免疫研究所", kind="person") == [person]
    assert found("旧大学", kind="person") == []
    (result,) = results_for("NK 免疫研究所", kind="person")
    assert result.matched_in == "talks, organisations"
    assert result.excerpts == (
        "Talk: <mark>NK</mark> cells",
        "Organisation: <mark>免疫研究所</mark>",
    )


def test_search_person_is_not_found_by_unpublished_talk_or_organisation():
    person = PersonFactory(name="田志刚")
    TalkFactory(title="未发布报告", status="draft").speakers.add(person)
    TalkFactory(title="草稿峰会的报告", event=EventFactory(status="draft")).speakers.add(person)
    AffiliationFactory(
        person=person, organisation=OrganisationFactory(name="草稿机构", status="draft")
    )

    assert found("未发布报告") == []
    assert found("草稿峰会的报告") == []
    assert found("草稿机构") == []


def test_search_event_found_by_talk_titles_speakers_participants_and_hosts():
    event = EventFactory(name="细胞治疗峰会", name_en="Cell therapy summit")
    talk = TalkFactory(event=event, title="新一代CAR-T细胞疗法", title_en="Next-generation CAR-T")
    talk.speakers.add(PersonFactory(name="布鲁斯", name_en="Bruce L. Levine"))
    for name, role in (("田志刚", "speaker"), ("王官员", "official_guest")):
        EventParticipant.objects.create(event=event, person=PersonFactory(name=name), role=role)
    for name, role in (("张江集团", "co_host"), ("赞助公司", "sponsor")):
        organisation = OrganisationFactory(name=name)
        EventOrganisation.objects.create(event=event, organisation=organisation, role=role)

    for query in ("CAR-T", "levine", "田志刚", "王官员", "张江集团", "田志刚 CAR-T 张江集团"):
        assert found(query, kind="event") == [event], query
    # A sponsor is not a host.
    assert found("赞助公司", kind="event") == []
    (result,) = results_for("levine 王官员 张江集团", kind="event")
    assert result.matched_in == "speakers, participants, hosts"
    assert result.excerpts == (
        "Speaker: Bruce L. <mark>Levine</mark>",
        "Participant: <mark>王官员</mark>",
        "Host: <mark>张江集团</mark>",
    )


def test_search_event_words_may_lie_in_different_related_records():
    event = EventFactory(name="峰会", name_en="Summit")
    TalkFactory(event=event, title="NK细胞", title_en="NK cells")
    TalkFactory(event=event, title="CAR-T疗法", title_en="CAR-T therapy")

    # Neither talk holds both words: only their event does.
    assert found("NK CAR-T") == [event]


def test_search_draft_talk_does_not_make_its_event_match():
    event = EventFactory(name="细胞治疗峰会")
    draft = TalkFactory(event=event, title="秘密CAR-T报告", status="draft")
    draft.speakers.add(PersonFactory(name="田志刚"))
    later = TalkFactory(
        event=event,
        title="将来的报告",
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )
    later.speakers.add(PersonFactory(name="李四"))

    assert found("秘密CAR-T报告") == []
    assert found("将来的报告") == []
    # Their speakers are public people, but not speakers of anything public at this event.
    assert found("田志刚", kind="event") == []
    assert found("李四", kind="event") == []


def test_search_unpublished_participant_or_host_does_not_make_event_match():
    event = EventFactory()
    hidden_person = PersonFactory(name="未发布嘉宾", status="draft")
    EventParticipant.objects.create(event=event, person=hidden_person, role="speaker")
    hidden_host = OrganisationFactory(name="未发布主办方", status="draft")
    EventOrganisation.objects.create(event=event, organisation=hidden_host, role="host")

    assert found("未发布嘉宾") == []
    assert found("未发布主办方") == []


def test_search_organisation_found_by_its_parents_name():
    academy = OrganisationFactory(name="中国科学院", name_en="Chinese Academy of Sciences")
    institute = OrganisationFactory(name="上海药物研究所", parent=academy)
    hidden = OrganisationFactory(name="未发布大学", status="draft")
    OrganisationFactory(name="生命科学学院", parent=hidden)

    assert found("academy 药物", kind="organisation") == [institute]
    assert found("中国科学院", kind="organisation") == [academy, institute]
    assert found("未发布大学") == []


def test_search_park_found_by_its_members_names():
    park = IndustryParkFactory(name="张江细胞产业园")
    member = OrganisationFactory(name="细胞药企", name_en="Cell Pharma")
    ParkMembership.objects.create(park=park, organisation=member)
    hidden = OrganisationFactory(name="未发布企业", status="draft")
    ParkMembership.objects.create(park=park, organisation=hidden)

    assert found("cell pharma 产业园", kind="park") == [park]
    assert found("未发布企业") == []


def test_search_own_field_matches_rank_before_related_matches():
    by_talk = EventFactory(name="峰会甲", name_en="Summit A")
    TalkFactory(event=by_talk, title="GMP生产")
    by_summary = EventFactory(name="峰会乙", name_en="Summit B", summary="关于GMP。")
    by_name = EventFactory(name="GMP峰会", name_en="GMP summit")

    assert found("GMP", kind="event") == [by_name, by_summary, by_talk]


def test_search_related_name_excerpt_is_escaped():
    talk = TalkFactory(title="报告")
    talk.speakers.add(PersonFactory(name="<b>田志刚</b>"))

    (result,) = results_for("田志刚", kind="talk")

    assert result.excerpts == ("Speaker: &lt;b&gt;<mark>田志刚</mark>&lt;/b&gt;",)


def test_search_page_shows_related_name_as_excerpt(client):
    event = EventFactory(name="细胞治疗峰会", name_en="Cell therapy summit")
    TalkFactory(event=event, title="新一代CAR-T细胞疗法", title_en="Next-generation CAR-T")
    EventParticipant.objects.create(
        event=event, person=PersonFactory(name="田志刚"), role="speaker"
    )

    response = client.get("/en/search/", {"q": "田志刚 car t", "kind": "event"})

    content = response.content.decode()
    assert [result.record for result in response.context["results"]] == [event]
    assert "Matched in: talks, speakers" in content
    assert '<p class="result-excerpt">Talk: Next-generation <mark>CAR-T</mark></p>' in content
    assert '<p class="result-excerpt">Speaker: <mark>田志刚</mark></p>' in content


# Excerpts.


def test_excerpt_marks_every_word():
    assert mark("NK cells in immunotherapy", "immunotherapy nk") == (
        "<mark>NK</mark> cells in <mark>immunotherapy</mark>"
    )


def test_excerpt_marks_the_name_as_written():
    assert mark("新一代CAR‑T细胞疗法", "car t") == "新一代<mark>CAR‑T</mark>细胞疗法"
    assert mark("新一代ＣＡＲ－Ｔ细胞", "CAR-T") == "新一代<mark>ＣＡＲ－Ｔ</mark>细胞"


def test_excerpt_escapes_text_and_match():
    text = "before <b>bold</b> & <script>alert(1)</script> after"

    assert mark(text, "<script>") == (
        "before &lt;b&gt;bold&lt;/b&gt; &amp; &lt;<mark>script</mark>&gt;alert(1)&lt;/"
        "<mark>script</mark>&gt; after"
    )


def test_excerpt_shortens_long_text_around_first_match():
    text = "甲" * 500 + "CAR-T" + "乙" * 500

    result = mark(text, "car-t", context=10)

    assert result == "…" + "甲" * 10 + "<mark>CAR-T</mark>" + "乙" * 10 + "…"


def test_excerpt_keeps_a_match_that_crosses_the_window_whole():
    text = "甲" * 20 + "NK" + "乙" * 9 + "免疫治疗" + "丙" * 20

    result = mark(text, "nk 免疫治疗", context=10)

    assert result == "…" + "甲" * 10 + "<mark>NK</mark>" + "乙" * 9 + "<mark>免疫治疗</mark>…"


def test_excerpt_shows_the_window_with_most_words():
    text = "NK" + "甲" * 100 + "免疫治疗" + "乙" * 3 + "nk" + "丙" * 100

    result = mark(text, "nk 免疫治疗", context=5)

    assert result == "…" + "甲" * 5 + "<mark>免疫治疗</mark>" + "乙" * 3 + "<mark>nk</mark>…"


def test_excerpt_match_across_line_break():
    assert mark("CAR\n  T cells", "car-t") == "<mark>CAR T</mark> cells"


def test_excerpt_without_match_is_the_start_of_the_text():
    assert mark("甲" * 200, "乙", context=5) == "甲" * 10 + "…"


# The page.


def test_search_page_finds_chinese_substring(client):
    TalkFactory(title="NK细胞在免疫治疗中的应用", title_en="NK cells in immunotherapy")

    response = client.get("/en/search/", {"q": "免疫", "kind": "talk"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "NK cells in immunotherapy" in content
    assert "NK细胞在<mark>免疫</mark>治疗中的应用" in content
    assert "1 result for “免疫”" in content


def test_search_page_finds_english_substring_on_chinese_page(client):
    talk = TalkFactory(title="NK细胞在免疫治疗中的应用", title_en="NK cells in immunotherapy")

    response = client.get("/zh-hans/search/", {"q": "nk CELLS"})

    assert response.status_code == 200
    content = response.content.decode()
    assert talk.get_absolute_url() in content
    assert "<mark>NK</mark> <mark>cells</mark> in immunotherapy" in content


def test_search_page_finds_words_across_fields(client):
    talk = TalkFactory(title="新一代CAR-T细胞疗法", title_en="CAR-T", abstract="田志刚的报告。")

    response = client.get("/en/search/", {"q": "田志刚 car t"})

    assert [result.record for result in response.context["results"]] == [talk]
    content = response.content.decode()
    assert "Matched in: title, abstract" in content
    assert '<p class="result-excerpt"><mark>CAR-T</mark></p>' in content
    assert '<p class="result-excerpt"><mark>田志刚</mark>的报告。</p>' in content


def test_search_page_shows_matched_field(client):
    TalkFactory(title="报告戊", title_en="Report E", abstract_en="About TCR-T cells.")

    response = client.get("/en/search/", {"q": "TCR-T"})

    assert "Matched in: abstract" in response.content.decode()


def test_search_page_never_shows_drafts(client):
    TalkFactory(title="未发布报告", title_en="Secret talk", status="draft")

    response = client.get("/en/search/", {"q": "secret talk"})

    assert "Secret talk" not in response.content.decode()
    assert response.context["results"] == []


def test_search_page_without_query_shows_form_only(client):
    TalkFactory()

    response = client.get("/en/search/")

    assert response.status_code == 200
    assert response.context["results"] == []
    assert 'name="q"' in response.content.decode()
    assert "search-results" not in response.content.decode()


@pytest.mark.parametrize("query", ["---", "，。！", "— –", "\u3000"])
def test_search_page_punctuation_only_is_an_empty_search(client, query):
    TalkFactory(title="报告-—")

    response = client.get("/en/search/", {"q": query})

    assert response.status_code == 200
    assert response.context["results"] == []
    assert "search-results" not in response.content.decode()


def test_search_page_long_query_is_truncated(client):
    response = client.get("/en/search/", {"q": "x" * 5000})

    assert response.status_code == 200
    assert response.context["query"] == "x" * MAX_QUERY_LENGTH
    assert response.context["query_shortened"]


def test_search_page_many_words_is_not_an_error(client):
    TalkFactory(title_en="Cell therapy")

    response = client.get("/en/search/", {"q": " ".join(["cell", "t"] * 50)})

    assert response.status_code == 200


def test_search_page_escapes_query(client):
    TalkFactory(title="报告己", abstract_en="Never run <script>alert(1)</script> here.")

    response = client.get("/en/search/", {"q": "<script>alert(1)</script>"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;<mark>script&gt;alert(1)&lt;/script</mark>&gt;" in content


def test_search_page_nul_character_is_a_bad_request(client):
    response = client.get("/en/search/?q=CAR%00T")

    assert response.status_code == 400


def test_search_page_other_control_character_is_a_space(client):
    talk = TalkFactory(title="CAR-T细胞疗法")

    response = client.get("/en/search/?q=CAR%01T&kind=talk")

    assert response.status_code == 200
    assert response.context["query"] == "CAR T"
    assert [result.record for result in response.context["results"]] == [talk]


def test_search_page_unknown_kind_is_ignored(client):
    UsedTopicFactory(name="GMP", name_en="GMP")

    response = client.get("/en/search/", {"q": "GMP", "kind": "<nonsense>"})

    assert response.status_code == 200
    assert response.context["kind"] is None
    assert len(response.context["results"]) == 1


def test_search_page_kind_filter(client):
    TalkFactory(title="GMP生产")
    UsedTopicFactory(name="GMP", name_en="GMP")

    response = client.get("/en/search/", {"q": "GMP", "kind": "talk"})

    assert [result.kind.key for result in response.context["results"]] == ["talk"]
    assert '<option value="talk" selected>' in response.content.decode()


def test_search_page_shows_true_count_and_link_to_all_of_a_kind(client):
    UsedTopicFactory.create_batch(RESULTS_PER_KIND + 2, description="病毒载体")
    TalkFactory(abstract="病毒载体")

    response = client.get("/en/search/", {"q": "病毒载体"})

    content = response.content.decode()
    assert len(response.context["results"]) == RESULTS_PER_KIND + 1
    assert f"{RESULTS_PER_KIND + 3} results for “病毒载体”" in content
    assert f'Topics <span class="search-section-count">({RESULTS_PER_KIND + 2})</span>' in content
    link = f'href="?q={quote("病毒载体")}&amp;kind=topic">All {RESULTS_PER_KIND + 2} topics'
    assert link in content
    # Every talk is shown: no link to more of them.
    assert "kind=talk" not in content


def test_search_page_of_one_kind_is_paginated(client):
    TalkFactory.create_batch(RESULTS_PER_PAGE + 3, abstract="病毒载体")

    first = client.get("/en/search/", {"q": "病毒载体", "kind": "talk"})
    second = client.get("/en/search/", {"q": "病毒载体", "kind": "talk", "page": 2})

    assert len(first.context["results"]) == RESULTS_PER_PAGE
    assert len(second.context["results"]) == 3
    seen = {result.record for response in (first, second) for result in response.context["results"]}
    assert len(seen) == RESULTS_PER_PAGE + 3
    assert "Page 2 of 2" in second.content.decode()
    assert f'<ol class="search-list" start="{RESULTS_PER_PAGE + 1}">' in second.content.decode()
    assert (
        "q=%E7%97%85%E6%AF%92%E8%BD%BD%E4%BD%93&amp;kind=talk&amp;page=2" in first.content.decode()
    )
    assert f"{RESULTS_PER_PAGE + 3} results" in second.content.decode()


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "1.5", "999999"])
def test_search_page_of_one_kind_bad_page_is_404(client, page):
    TalkFactory.create_batch(RESULTS_PER_PAGE + 3, abstract="病毒载体")

    response = client.get("/en/search/", {"q": "病毒载体", "kind": "talk", "page": page})

    assert response.status_code == 404


def test_search_page_of_one_kind_without_match_is_not_an_error(client):
    response = client.get("/en/search/", {"q": "病毒载体", "kind": "talk"})

    assert response.status_code == 200
    assert "Nothing matches “病毒载体”" in response.content.decode()


MATCH_FACTORIES = {
    "event": lambda count: EventFactory.create_batch(count, summary="细胞治疗 CAR-T"),
    "talk": lambda count: TalkFactory.create_batch(count, abstract="细胞治疗 CAR-T"),
    "person": lambda count: PersonFactory.create_batch(count, bio="细胞治疗 CAR-T"),
    "organisation": lambda count: OrganisationFactory.create_batch(
        count, description="细胞治疗 CAR-T"
    ),
    "park": lambda count: IndustryParkFactory.create_batch(count, description="细胞治疗 CAR-T"),
    "topic": lambda count: UsedTopicFactory.create_batch(count, description="细胞治疗 CAR-T"),
}


def create_matches(count, kinds=tuple(MATCH_FACTORIES)):
    # A request leaves its language active; the text belongs in the Chinese columns.
    translation.activate("zh-hans")
    for kind in kinds:
        MATCH_FACTORIES[kind](count)


def test_search_page_runs_one_query_per_kind(client, django_assert_num_queries):
    create_matches(2)
    with django_assert_num_queries(len(KINDS)):
        response = client.get("/en/search/", {"q": "细胞治疗 car t"})
    assert len(response.context["results"]) == 2 * len(KINDS)

    create_matches(RESULTS_PER_KIND * 2)
    with django_assert_num_queries(len(KINDS)):
        response = client.get("/en/search/", {"q": "细胞治疗 car t"})
    assert len(response.context["results"]) == RESULTS_PER_KIND * len(KINDS)


def create_related_matches(count):
    """Records matching "细胞治疗 car t" only through related records' names."""
    translation.activate("zh-hans")
    for _ in range(count):
        event = EventFactory()
        session = SessionFactory(event=event, title="细胞治疗")
        talk = TalkFactory(event=event, session=session, title="CAR-T报告")
        speaker = PersonFactory(name="细胞治疗专家")
        talk.speakers.add(speaker)
        EventParticipant.objects.create(event=event, person=speaker, role="official_guest")
        organisation = OrganisationFactory(name="细胞治疗CAR-T中心")
        EventOrganisation.objects.create(event=event, organisation=organisation, role="host")
        AffiliationFactory(person=speaker, organisation=organisation)
        OrganisationFactory(parent=organisation)
        ParkMembership.objects.create(park=IndustryParkFactory(), organisation=organisation)


def test_search_page_matches_through_related_records_in_one_query_per_kind(
    client, django_assert_num_queries
):
    create_related_matches(2)
    # Topics are public through the records carrying them: the process's first search fills
    # Django's content-type cache, as the other tests' topic factory does.
    client.get("/en/search/", {"q": "细胞治疗"})
    with django_assert_num_queries(len(KINDS)):
        response = client.get("/en/search/", {"q": "细胞治疗 car t"})
    by_kind = {s.kind.key: s.total for s in response.context["sections"]}
    # Each organisation holds both words itself; its child finds them in its parent's name.
    assert by_kind == {"event": 2, "talk": 2, "person": 2, "organisation": 4, "park": 2}

    create_related_matches(RESULTS_PER_KIND * 2)
    with django_assert_num_queries(len(KINDS)):
        response = client.get("/en/search/", {"q": "细胞治疗 car t"})
    sections = response.context["sections"]
    assert {s.kind.key: len(s.results) for s in sections} == dict.fromkeys(
        ["event", "talk", "person", "organisation", "park"], RESULTS_PER_KIND
    )
    for section in sections:
        with django_assert_num_queries(2):
            response = client.get("/en/search/", {"q": "细胞治疗 car t", "kind": section.kind.key})
        assert response.context["total"] == section.total


@pytest.mark.parametrize("kind", [kind.key for kind in KINDS])
def test_search_page_of_one_kind_runs_two_queries(client, django_assert_num_queries, kind):
    create_matches(2, [kind])
    # The paginator's count, and the page.
    with django_assert_num_queries(2):
        response = client.get("/en/search/", {"q": "细胞治疗 car t", "kind": kind})
    assert len(response.context["results"]) == 2

    create_matches(RESULTS_PER_PAGE * 2, [kind])
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/search/", {"q": "细胞治疗 car t", "kind": kind, "page": 2})
    assert len(queries) == 2
    assert len(response.context["results"]) == RESULTS_PER_PAGE


# Last: the seed stays imported, in a transaction, until the module ends (tests/conftest.py).


@pytest.mark.usefixtures("imported_seed")
@pytest.mark.parametrize("query", ["car t", "CAR T", "ＣＡＲ－Ｔ", "car‑t"])
def test_seed_car_t_finds_the_talk_and_the_topic(query):
    records = found(query)

    assert {str(record) for record in records} >= {"新一代成品化CAR-T细胞疗法", "CAR-T"}
    assert all("CAR-T" in str(record) for record in records if record.__class__.__name__ != "Event")


@pytest.mark.usefixtures("imported_seed")
def test_seed_words_in_two_languages_find_the_talk():
    with translation.override("en"):
        (talk,) = found("NK 免疫治疗", kind="talk")
        assert found("immunotherapy NK细胞", kind="talk") == [talk]
        assert str(talk) == "Applications of NK cells in immunotherapy"


@pytest.mark.usefixtures("imported_seed")
def test_seed_tian_zhigang_with_car_t_finds_the_summit():
    # No talk or person of the article holds both: 田志刚 is a speaker of the summit, and
    # CAR-T is in the title of one of its talks. The summit is what holds both, and only it.
    (result,) = results_for("田志刚 CAR-T")

    assert str(result.record) == "首届张江细胞治疗国际峰会"
    assert result.matched_in == "talks, speakers"
    assert result.excerpts == (
        "Talk: Next-generation off-the-shelf <mark>CAR-T</mark> cell therapy",
        "Speaker: <mark>田志刚</mark>",
    )


@pytest.mark.usefixtures("imported_seed")
def test_seed_person_found_by_current_organisation():
    records = found("田志刚 免疫研究所")

    assert [str(record) for record in records] == ["田志刚"]


@pytest.mark.usefixtures("imported_seed")
def test_seed_search_page_in_both_languages(client):
    for language in ("zh-hans", "en"):
        response = client.get(f"/{language}/search/", {"q": "car t"})
        assert response.status_code == 200
        assert "<mark>CAR-T</mark>" in response.content.decode()
