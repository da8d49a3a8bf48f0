"""Evidence not found: the closest passage of the article and what differs, without a database."""

import pytest

from importer.article import parse_article
from importer.evidence import MAX_HINTS, EvidenceIndex, closest_passage

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


def test_wrong_quotes_in_a_long_article_cost_a_bounded_search():
    sentences = [
        f"截至2020年{month}月,第{number}号园区已集聚细胞相关企业{number % 90 + 10}余家。"
        for number in range(20_000)
        for month in (number % 12 + 1,)
    ]
    body = "\n\n".join("".join(sentences[start : start + 10]) for start in range(0, 20_000, 10))
    article = parse_article(f"园区企业统计\n\n来源:生物谷 2020-11-20 16:00\n\n{body}\n")
    assert len(body.encode()) > 1_000_000
    index = EvidenceIndex(article)
    # Thirty quotes with a comma of the other width: none is in the article.
    quotes = [sentence.replace(",", "\uff0c") for sentence in sentences[1000:1030]]

    passages = [index.closest(quote) for quote in quotes if not index.contains(quote)]

    assert len(passages) == 30
    assert (index.work.searches, index.work.narrowed, index.work.skipped) == (0, MAX_HINTS, 20)
    # Around the pieces of each quote found verbatim, not through the whole megabyte.
    assert index.work.windows < MAX_HINTS * 1_000
    assert passages[0].text == sentences[1000]
    assert "the article has ',' (half-width) where the quote has '\uff0c'" in passages[0].hint()
    assert passages[MAX_HINTS:] == [None] * 20


def test_a_short_article_is_searched_in_full():
    index = EvidenceIndex(ARTICLE)

    index.closest("由上海药物研究主办")

    assert (index.work.searches, index.work.narrowed) == (1, 0)
