from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from importer.article import (
    HEADING_MAX_LENGTH,
    Article,
    ArticleError,
    Block,
    decode,
    normalise_whitespace,
    parse_article,
    read_article,
)

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_f3128c6eecc96df2.txt"
SHANGHAI = ZoneInfo("Asia/Shanghai")

SEED_TITLE = "聚智共推细胞产业发展,首届张江细胞治疗国际峰会拉开帷幕"
SEED_HEADINGS = [
    "张江细胞产业发展与时代同行",
    "细胞全产业生态助推产业发展",
    "峰会与产业园联动,打造中国与世界细胞产业双向互动的桥头堡",
]

TITLE = "首届张江细胞治疗国际峰会拉开帷幕"
SOURCE = "来源:生物谷 2019-11-14 16:29"
FIRST = "2019年11月14日,首届张江细胞治疗国际峰会在张江科学城揭开帷幕。本次峰会由两家单位联合主办。"
SECOND = "本次峰会以细胞治疗为主题,召开8场大会报告、1场高端对话。"
LICENCE = "版权声明 本网站所有注明“来源:生物谷”的文字,版权均属于生物谷网站所有。"
PROMO = "87%用户都在用生物谷APP 随时阅读、评论、分享交流 请扫描二维码下载->"


def export(
    *blocks: str,
    title: str | None = TITLE,
    category: str | None = "  1. 细胞治疗",
    source: str | None = SOURCE,
    teaser: str | None = None,
    licence: str | None = LICENCE,
    newline: str = "\n",
) -> str:
    """Build the text of an export the way the publisher lays it out, from its parts."""
    parts = ["打开APP", title, category, source, teaser, *blocks, licence, PROMO]
    text = "\n\n".join(part for part in parts if part is not None) + "\n"
    return text.replace("\n", newline)


@pytest.fixture(scope="module")
def seed() -> Article:
    return parse_article(SEED.read_text(encoding="utf-8"))


def test_parse_article_seed_header(seed: Article) -> None:
    assert seed.title == SEED_TITLE
    assert seed.category == "细胞治疗"
    assert seed.publisher == "生物谷"
    assert seed.published_at == datetime(2019, 11, 14, 16, 29, tzinfo=SHANGHAI)
    assert seed.published_at.utcoffset() == timedelta(hours=8)


def test_parse_article_seed_headings_in_order(seed: Article) -> None:
    headings = [block.text for block in seed.blocks if block.kind == "heading"]

    assert headings == SEED_HEADINGS


def test_parse_article_seed_teaser_dropped(seed: Article) -> None:
    first = seed.blocks[0]

    assert first.kind == "paragraph"
    assert first.text.startswith("2019年11月14日")
    assert first.text.endswith("政府代表出席。")
    assert seed.body.count(first.text) == 1
    assert seed.body.count("2019年11月14日,首届张江细胞治疗国际峰会") == 1


def test_parse_article_seed_licence_kept_apart(seed: Article) -> None:
    assert seed.licence.startswith("版权声明")
    assert seed.licence.endswith("进行删除处理。")
    assert "版权声明" not in seed.body
    assert "APP" not in seed.body
    assert "二维码" not in seed.body


def test_parse_article_seed_last_paragraph(seed: Article) -> None:
    last = seed.blocks[-1]

    assert last.kind == "paragraph"
    assert last.text.startswith("峰会期间,")
    assert last.text.endswith("参观张江科学城和张江细胞产业园。")


def test_parse_article_seed_block_shape(seed: Article) -> None:
    kinds = [block.kind for block in seed.blocks]

    assert len(kinds) == 19
    assert kinds.count("heading") == 3
    assert all(block.text == block.text.strip() for block in seed.blocks)
    assert "\xa0" not in seed.body


def test_parse_article_seed_contains_quotes(seed: Article) -> None:
    assert seed.contains("张江细胞产业园是目前国内最具创新活力细胞产业集群")
    assert seed.contains("“四医融合”细胞产业园")
    assert seed.contains(" 上海市浦东新区人民政府副区长管小军表示 ")
    assert not seed.contains("版权均属于生物谷网站所有")
    assert not seed.contains("张江细胞产业园将打造成为美国细胞产业核心区")


def test_read_article_seed_matches_parse(seed: Article) -> None:
    assert read_article(SEED) == seed


def test_read_article_missing_file_names_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"

    with pytest.raises(ArticleError, match="nope.txt: cannot read the file"):
        read_article(missing)


def test_read_article_directory_names_path(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="cannot read the file"):
        read_article(tmp_path)


def test_read_article_invalid_content_names_path(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_text(export(FIRST, source=None), encoding="utf-8")

    with pytest.raises(ArticleError, match=r"broken\.txt: no source line"):
        read_article(path)


@pytest.mark.parametrize("colon", [":", ":"])
def test_parse_article_source_line_either_colon(colon: str) -> None:
    article = parse_article(export(FIRST, source=f"来源{colon}生物谷 2019-11-14 16:29"))

    assert article.publisher == "生物谷"
    assert article.published_at == datetime(2019, 11, 14, 16, 29, tzinfo=SHANGHAI)


def test_parse_article_source_line_publisher_with_digits_and_seconds() -> None:
    article = parse_article(export(FIRST, source="来源: 36氪  2020/3/5 08:07:09"))

    assert article.publisher == "36氪"
    assert article.published_at == datetime(2020, 3, 5, 8, 7, 9, tzinfo=SHANGHAI)


def test_parse_article_missing_source_line_raises() -> None:
    with pytest.raises(ArticleError, match="no source line"):
        parse_article(export(FIRST, source=None))


def test_parse_article_impossible_date_raises() -> None:
    with pytest.raises(ArticleError, match="impossible publication time '2019-13-45 99:99'"):
        parse_article(export(FIRST, source="来源:生物谷 2019-13-45 99:99"))


def test_parse_article_source_without_time_raises() -> None:
    with pytest.raises(ArticleError, match="no publication time"):
        parse_article(export(FIRST, source="来源:生物谷 昨天"))


def test_parse_article_source_without_publisher_raises() -> None:
    with pytest.raises(ArticleError, match="names no publisher"):
        parse_article(export(FIRST, source="来源:2019-11-14 16:29"))


def test_parse_article_missing_title_raises() -> None:
    with pytest.raises(ArticleError, match="no title"):
        parse_article(export(FIRST, title=None))


def test_parse_article_empty_body_raises() -> None:
    with pytest.raises(ArticleError, match="no body"):
        parse_article(export())


def test_parse_article_empty_text_raises() -> None:
    with pytest.raises(ArticleError, match="no source line"):
        parse_article("")


def test_parse_article_errors_are_one_line() -> None:
    with pytest.raises(ArticleError) as caught:
        parse_article(export(FIRST, source="来源:生物谷 2019-02-30 10:00"))

    assert "\n" not in str(caught.value)


def test_parse_article_without_category_or_licence() -> None:
    article = parse_article(export(FIRST, category=None, licence=None))

    assert article.category == ""
    assert article.licence == ""
    assert article.blocks == (Block("paragraph", FIRST),)


def test_parse_article_title_with_decimal_is_not_category() -> None:
    article = parse_article(export(FIRST, title="3.5亿元融资落地张江", category=None))

    assert article.title == "3.5亿元融资落地张江"
    assert article.category == ""


def test_parse_article_teaser_spanning_two_paragraphs_dropped() -> None:
    teaser = FIRST + SECOND[:10]

    article = parse_article(export(FIRST, SECOND, teaser=teaser))

    assert [block.text for block in article.blocks] == [FIRST, SECOND]


def test_parse_article_teaser_cut_inside_first_paragraph_dropped() -> None:
    article = parse_article(export(FIRST, SECOND, teaser=FIRST[:30] + "..."))

    assert [block.text for block in article.blocks] == [FIRST, SECOND]


def test_parse_article_duplicated_first_paragraph_kept_once() -> None:
    article = parse_article(export(FIRST, SECOND, teaser=FIRST))

    assert [block.text for block in article.blocks] == [FIRST, SECOND]


def test_parse_article_heading_that_begins_its_paragraph_kept() -> None:
    article = parse_article(export("2019年11月14日", FIRST))

    assert article.blocks == (Block("heading", "2019年11月14日"), Block("paragraph", FIRST))


def test_parse_article_first_paragraph_without_teaser_kept() -> None:
    article = parse_article(export(FIRST, SECOND))

    assert [block.text for block in article.blocks] == [FIRST, SECOND]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("张江细胞产业发展与时代同行", "heading"),
        ("张江打造“细胞谷”", "heading"),
        ("峰会期间,嘉宾参观了产业园。", "paragraph"),
        ("他表示:“这是重要机遇。”", "paragraph"),
        ("产业园还有哪些优势?", "paragraph"),
        ("他说:", "paragraph"),
        ("未完待续…", "paragraph"),
        # Full-width question and exclamation marks, semicolon and colon end a sentence too.
        ("产业园还有哪些优势\uff1f", "paragraph"),
        ("细胞治疗的春天来了\uff01", "paragraph"),
        ("他说\uff1a", "paragraph"),
        ("一是政策\uff1b", "paragraph"),
        ("张" * HEADING_MAX_LENGTH, "heading"),
        ("张" * (HEADING_MAX_LENGTH + 1), "paragraph"),
    ],
)
def test_parse_article_block_kind(text: str, kind: Literal["heading", "paragraph"]) -> None:
    article = parse_article(export(text, FIRST))

    assert article.blocks[0] == Block(kind, text)


def test_parse_article_wrapped_paragraph_is_one_block() -> None:
    article = parse_article(export("张江细胞产业园\n是国内最具创新活力的产业集群。"))

    assert article.blocks == (Block("paragraph", "张江细胞产业园\n是国内最具创新活力的产业集群。"),)


def test_parse_article_strips_line_whitespace() -> None:
    article = parse_article(export(f"\u3000\u3000{FIRST} \xa0\t", title=f" {TITLE}\u3000"))

    assert article.title == TITLE
    assert article.blocks == (Block("paragraph", FIRST),)


def test_parse_article_app_promotion_dropped_anywhere() -> None:
    text = export(FIRST, "打开生物谷APP,阅读更多精彩内容", SECOND)

    article = parse_article(text)

    assert [block.text for block in article.blocks] == [FIRST, SECOND]


def test_parse_article_app_promotion_line_splits_blocks() -> None:
    article = parse_article(export(f"{FIRST}\n下载APP\n{SECOND}"))

    assert [block.text for block in article.blocks] == [FIRST, SECOND]


def test_parse_article_sentence_about_an_app_kept() -> None:
    sentence = "该医院的APP上线一年,已被下载超过10万次。"

    article = parse_article(export(sentence))

    assert article.blocks == (Block("paragraph", sentence),)


def test_parse_article_licence_label_on_its_own_line() -> None:
    article = parse_article(export(FIRST, licence="版权声明:\n\n本网站所有文字版权均属于生物谷。"))

    assert article.licence == "版权声明:\n\n本网站所有文字版权均属于生物谷。"
    assert article.blocks == (Block("paragraph", FIRST),)


def test_parse_article_crlf_input() -> None:
    assert parse_article(export(FIRST, SECOND, newline="\r\n")) == parse_article(
        export(FIRST, SECOND)
    )


def test_decode_crlf_and_cr_become_lf() -> None:
    assert decode(b"a\r\nb\rc\n") == "a\nb\nc\n"


def test_decode_utf8_bom_removed() -> None:
    text = export(FIRST)

    decoded = decode(b"\xef\xbb\xbf" + text.encode("utf-8"))

    assert decoded == text
    assert parse_article(decoded) == parse_article(text)


def test_decode_gb18030_seed_parses_like_utf8(seed: Article) -> None:
    raw = SEED.read_text(encoding="utf-8").encode("gb18030")

    assert parse_article(decode(raw)) == seed


def test_decode_binary_raises() -> None:
    with pytest.raises(ArticleError, match="binary data.*NUL byte at offset 3"):
        decode(b"abc\x00\x01\x02")


def test_decode_utf16_raises() -> None:
    with pytest.raises(ArticleError, match="UTF-16"):
        decode("来源".encode("utf-16"))


def test_decode_neither_utf8_nor_gb18030_raises() -> None:
    raw = b"ok \xff\xff\xff"

    with pytest.raises(ArticleError, match="neither UTF-8 nor GB18030.*0xff at offset 3"):
        decode(raw)


def test_normalise_whitespace_collapses_all_whitespace() -> None:
    assert normalise_whitespace(" 张江\u3000\u3000细胞\xa0产业\n\n园\t ") == "张江 细胞 产业 园"


def test_normalise_whitespace_keeps_characters() -> None:
    assert normalise_whitespace("“来源:生物谷”,(集团)") == "“来源:生物谷”,(集团)"


def test_contains_quote_across_line_break() -> None:
    article = parse_article(export("张江细胞产业园是国内\n最具创新活力的产业集群。"))

    assert article.contains("产业园是国内\n最具创新")
    assert article.contains("产业园是国内 最具创新")


def test_contains_not_across_blocks() -> None:
    article = parse_article(export(FIRST, SECOND))

    assert not article.contains(FIRST[-5:] + "\n\n" + SECOND[:5])
    assert not article.contains(FIRST[-5:] + " " + SECOND[:5])


@pytest.mark.parametrize("quote", ["", " ", "\u3000\n"])
def test_contains_empty_quote_false(quote: str) -> None:
    assert not parse_article(export(FIRST)).contains(quote)


def test_body_joins_blocks_with_blank_line() -> None:
    article = parse_article(export("小标题", FIRST, SECOND))

    assert article.body == f"小标题\n\n{FIRST}\n\n{SECOND}"


@given(st.text())
def test_parse_article_any_text_returns_article_or_article_error(text: str) -> None:
    try:
        article = parse_article(text)
    except ArticleError as error:
        assert str(error)
        assert "\n" not in str(error)
    else:
        assert article.blocks


@given(st.binary())
def test_decode_any_bytes_returns_article_or_article_error(raw: bytes) -> None:
    try:
        article = parse_article(decode(raw))
    except ArticleError as error:
        assert "\n" not in str(error)
    else:
        assert article.blocks


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)))
def test_parse_article_any_valid_time_round_trips(when: datetime) -> None:
    source = f"来源:生物谷 {when:%Y-%m-%d %H:%M:%S}"

    article = parse_article(export(FIRST, source=source))

    assert article.published_at == when.replace(microsecond=0, tzinfo=SHANGHAI)


# No "a"/"p" (no APP promotions) and no "版" (no licence): those lines are removed on purpose.
_PARAGRAPH_CHARS = "细胞治疗张江峰会产业园区上海01239bcdefxyz,、:“”()《》。!?. \u3000\xa0\t"
_lines = st.text(alphabet=_PARAGRAPH_CHARS, min_size=1, max_size=40).filter(str.strip)
_paragraphs = st.lists(_lines, min_size=1, max_size=4)


@given(st.lists(_paragraphs, min_size=1, max_size=6), st.data())
def test_contains_every_generated_paragraph(
    paragraphs: list[list[str]], data: st.DataObject
) -> None:
    # A numbered opening keeps a paragraph from being taken for a teaser of the ones after it.
    texts = [f"第{index}段" + "\n".join(lines) for index, lines in enumerate(paragraphs)]

    article = parse_article(export(*texts))

    assert len(article.blocks) == len(texts)
    for text in texts:
        assert article.contains(text)
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        if text[start:end].strip():
            assert article.contains(text[start:end])


@given(st.text())
def test_normalise_whitespace_is_idempotent(text: str) -> None:
    once = normalise_whitespace(text)

    assert normalise_whitespace(once) == once
    assert "  " not in once
    assert once == once.strip()
