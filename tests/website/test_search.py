import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.factories import (
    EventFactory,
    IndustryParkFactory,
    OrganisationFactory,
    PersonFactory,
    TalkFactory,
    UsedTopicFactory,
)
from website.search import (
    MAX_QUERY_LENGTH,
    RESULTS_OF_ONE_KIND,
    RESULTS_PER_KIND,
    clean_query,
    excerpt,
    search,
)

pytestmark = pytest.mark.django_db


def titles(results):
    return [result.title for result in results]


def test_search_chinese_substring_finds_talk():
    talk = TalkFactory(title="NK细胞在免疫治疗中的应用", title_en="NK cells in immunotherapy")

    results = search("免疫治疗")

    assert [result.record for result in results] == [talk]


def test_search_english_substring_ignores_case():
    talk = TalkFactory(title="NK细胞在免疫治疗中的应用", title_en="NK cells in immunotherapy")

    assert [result.record for result in search("IMMUNOTHERAPY")] == [talk]


def test_search_every_kind_is_found():
    EventFactory(name="细胞治疗峰会", name_en="Cell therapy summit")
    TalkFactory(title="细胞治疗的未来", title_en="Cell therapy ahead")
    PersonFactory(name="田志刚", name_en="Tian Zhigang", bio="研究细胞治疗。")
    OrganisationFactory(name="细胞治疗联盟", name_en="Cell Therapy Alliance")
    IndustryParkFactory(name="张江细胞产业园", name_en="Zhangjiang Cell Park", features="细胞治疗")
    UsedTopicFactory(name="细胞治疗", name_en="Cell therapy")

    kinds = {result.kind.key for result in search("细胞治疗")}

    assert kinds == {"event", "talk", "person", "organisation", "park", "topic"}


def test_search_drafts_never_appear():
    EventFactory(name="未发布峰会", name_en="Draft summit", status="draft")
    TalkFactory(title="未发布报告", title_en="Draft talk", status="draft")
    PersonFactory(name="未发布", name_en="Draft person", status="draft")
    OrganisationFactory(name="未发布机构", name_en="Draft institute", status="draft")
    IndustryParkFactory(name="未发布园区", name_en="Draft park", status="draft")

    assert search("draft") == []
    assert search("未发布") == []


def test_search_title_match_ranks_before_abstract_match():
    in_abstract = TalkFactory(title="报告甲", title_en="Report A", abstract="关于CAR-T的研究。")
    in_title = TalkFactory(title="CAR-T疗法进展", title_en="Progress in CAR-T therapy")

    results = search("car-t")

    assert [result.record for result in results] == [in_title, in_abstract]


def test_search_title_matches_of_every_kind_come_first():
    TalkFactory(title="报告乙", abstract="干细胞研究")
    UsedTopicFactory(name="干细胞", name_en="Stem cells")

    results = search("干细胞")

    assert [result.kind.key for result in results] == ["topic", "talk"]


def test_search_reports_matched_field():
    TalkFactory(title="报告丙", title_en="Report C", abstract_en="Induced pluripotent stem cells")
    PersonFactory(name="李四", name_en="Li Si", bio_en="Works on pluripotent cells.")

    with translation.override("en"):
        results = search("pluripotent")
        labels = {str(result.matched_field_label) for result in results}

    assert {(result.kind.key, result.matched_field) for result in results} == {
        ("talk", "abstract"),
        ("person", "bio"),
    }
    assert labels == {"abstract", "biography"}


def test_search_excerpt_marks_match_in_language_that_matched():
    TalkFactory(title="报告丁", title_en="Report D", abstract="在非人灵长类中的iPSC心肌细胞。")

    with translation.override("en"):
        (result,) = search("ipsc")

    assert result.title == "Report D"
    assert result.excerpt == "在非人灵长类中的<mark>iPSC</mark>心肌细胞。"


def test_search_kind_filter_limits_results():
    TalkFactory(title="GMP生产")
    UsedTopicFactory(name="GMP", name_en="GMP")

    assert [result.kind.key for result in search("GMP", kind="topic")] == ["topic"]


def test_search_unknown_kind_searches_everything():
    TalkFactory(title="GMP生产")
    UsedTopicFactory(name="GMP", name_en="GMP")

    assert len(search("GMP", kind="nonsense")) == 2


def test_search_results_capped_per_kind():
    UsedTopicFactory.create_batch(RESULTS_PER_KIND + 1, description="病毒载体")

    assert len(search("病毒载体")) == RESULTS_PER_KIND
    assert len(search("病毒载体", kind="topic")) == RESULTS_PER_KIND + 1


def test_search_empty_query_finds_nothing():
    TalkFactory()

    assert search("") == []


def test_clean_query_strips_and_truncates():
    assert clean_query("  CAR-T \n") == "CAR-T"
    assert clean_query("细" * 5000) == "细" * MAX_QUERY_LENGTH


def test_excerpt_escapes_text_and_match():
    text = "before <b>bold</b> & <script>alert(1)</script> after"

    assert excerpt(text, "<script>") == (
        "before &lt;b&gt;bold&lt;/b&gt; &amp; "
        "<mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt; after"
    )


def test_excerpt_shortens_long_text_around_match():
    text = "甲" * 500 + "CAR-T" + "乙" * 500

    result = excerpt(text, "car-t", context=10)

    assert result == "…" + "甲" * 10 + "<mark>CAR-T</mark>" + "乙" * 10 + "…"


def test_excerpt_match_across_line_break():
    assert excerpt("cell\n  therapy", "cell therapy") == "<mark>cell therapy</mark>"


def test_search_page_finds_chinese_substring(client):
    TalkFactory(title="NK细胞在免疫治疗中的应用", title_en="NK cells in immunotherapy")

    response = client.get("/en/search/", {"q": "免疫"})

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
    assert "<mark>NK cells</mark> in immunotherapy" in content


def test_search_page_shows_matched_field(client):
    TalkFactory(title="报告戊", title_en="Report E", abstract_en="About TCR-T cells.")

    response = client.get("/en/search/", {"q": "TCR-T"})

    assert "Matched in: abstract" in response.content.decode()


def test_search_page_never_shows_drafts(client):
    TalkFactory(title="未发布报告", title_en="Secret talk", status="draft")

    response = client.get("/en/search/", {"q": "secret"})

    assert "Secret talk" not in response.content.decode()
    assert response.context["results"] == []


def test_search_page_without_query_shows_form_only(client):
    TalkFactory()

    response = client.get("/en/search/")

    assert response.status_code == 200
    assert response.context["results"] == []
    assert 'name="q"' in response.content.decode()
    assert "search-results" not in response.content.decode()


def test_search_page_long_query_is_truncated(client):
    response = client.get("/en/search/", {"q": "x" * 5000})

    assert response.status_code == 200
    assert response.context["query"] == "x" * MAX_QUERY_LENGTH
    assert response.context["query_shortened"]


def test_search_page_escapes_query(client):
    TalkFactory(title="报告己", abstract_en="Never run <script>alert(1)</script> here.")

    response = client.get("/en/search/", {"q": "<script>alert(1)</script>"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in content


def test_search_page_nul_character_is_a_bad_request(client):
    response = client.get("/en/search/?q=CAR%00T")

    assert response.status_code == 400


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


def test_search_page_full_kind_offers_kind_filter(client):
    UsedTopicFactory.create_batch(RESULTS_PER_KIND, description="病毒载体")

    response = client.get("/en/search/", {"q": "病毒载体"})

    assert [kind.key for kind in response.context["full_kinds"]] == ["topic"]
    assert "kind=topic" in response.content.decode()


def create_matches(count):
    # A request leaves its language active; the text belongs in the Chinese columns.
    translation.activate("zh-hans")
    EventFactory.create_batch(count, summary="细胞治疗")
    TalkFactory.create_batch(count, abstract="细胞治疗")
    PersonFactory.create_batch(count, bio="细胞治疗")
    OrganisationFactory.create_batch(count, description="细胞治疗")
    IndustryParkFactory.create_batch(count, description="细胞治疗")
    UsedTopicFactory.create_batch(count, description="细胞治疗")


def test_search_page_query_count_constant(client, django_assert_num_queries):
    create_matches(2)
    with CaptureQueriesContext(connection) as few:
        response = client.get("/en/search/", {"q": "细胞治疗"})
    assert len(response.context["results"]) == 2 * 6

    create_matches(18)
    with django_assert_num_queries(len(few)):
        response = client.get("/en/search/", {"q": "细胞治疗"})
    assert len(response.context["results"]) == RESULTS_PER_KIND * 6


def test_search_one_query_per_kind(django_assert_num_queries):
    create_matches(RESULTS_PER_KIND)
    TalkFactory.create_batch(RESULTS_OF_ONE_KIND, abstract="细胞治疗")

    with django_assert_num_queries(6):
        assert len(search("细胞治疗")) == RESULTS_PER_KIND * 6
    with django_assert_num_queries(1):
        assert len(search("细胞治疗", kind="talk")) == RESULTS_OF_ONE_KIND
