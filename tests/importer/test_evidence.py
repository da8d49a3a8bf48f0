"""Evidence not found: the closest passage of the article and what differs, without a database."""

import pytest

from importer.article import parse_article
from importer.evidence import EvidenceIndex, closest_passage

ARTICLE = parse_article(
    "张江峰会开幕\n\n来源:生物谷 2019-11-14 16:29\n\n"
    "首届峰会在张江科学城揭开帷幕,由上海药物研究所主办。\n\n"
    "国际细胞和基因治疗协会会长、美国宾夕法尼亚大学佩雷尔曼医学院教授Bruce L.Levine致辞。\n\n"
    "截至2019年10月,全国共批准21项细胞药物临床试验,其中11项来自园区,占比52%。\n"
)
INDEX = EvidenceIndex(ARTICLE)


@pytest.mark.parametrize(
    ("quote", "passage", "difference"),
    [
        (
            "其中11项来自园区\uff0c占比52%",
            "其中11项来自园区,占比52%",
            "the article has ',' (half-width) where the quote has '\uff0c' (full-width)",
        ),
        ("由上海药物研究主办", "由上海药物研究所主办", "the quote lacks '所'"),
        ("首届峰会在张江科学城正式揭开帷幕", "首届峰会在张江科学城揭开帷幕", "extra '正式'"),
        ("教授Bruce L. Levine", "教授Bruce L.Levine", "the quote has an extra ' '"),
    ],
)
def test_closest_passage_names_what_differs(quote, passage, difference):
    assert not INDEX.contains(quote)

    found = INDEX.closest(quote)

    assert found.text == passage
    assert any(difference in phrase for phrase in found.differences), found.differences
    assert passage in found.hint() and difference in found.hint()


def test_quote_from_another_article_has_no_closest_passage():
    assert INDEX.closest("复旦大学附属中山医院心内科团队发表论文") is None


def test_closest_passage_stays_within_one_block():
    # The end of one paragraph and the start of the next are two passages, never one.
    found = INDEX.closest("由上海药物研究所主办。国际细胞")

    assert found.text in ARTICLE.blocks[0].text
    assert "国际" not in found.text


def test_evidence_found_whatever_its_whitespace():
    assert INDEX.contains("教授Bruce\n   L.Levine致辞")
    assert not INDEX.contains("   ")


def test_many_differences_are_counted_not_listed():
    found = closest_passage("甲全国共批准乙21项丙细胞药物丁临床", [INDEX.parts[3]])

    assert found.differences[-1] == "1 more difference"
    assert len(found.differences) == 4
