"""The annotation checker, without a database: every malformed file is refused with its reason."""

from pathlib import Path

import pytest

from importer.annotations import duplicate_keys, read_annotation
from importer.article import parse_article

ARTICLE = parse_article(
    "打开APP\n\n标题:张江峰会开幕\n\n来源:生物谷 2019-11-14 16:29\n\n"
    "首届峰会在张江科学城揭开帷幕,由上海药物研究所主办。\n\n"
    "截至2019年10月,全国共批准21项细胞药物临床试验,其中11项来自园区,占比52%。\n\n"
    "园区已启动核心区建设,\n同时联动张江药谷。\n"
)

VALID = """
[source]
title_en = "Summit opens"

[organisations.simm]
name = "上海药物研究所"
name_en = "Shanghai Institute of Materia Medica"
kind = "institute"
evidence = "由上海药物研究所主办"

[parks.cell-park]
name = "园区"
name_en = "The park"
evidence = ["11项来自园区"]

[park_metrics.trials-from-park]
park = "cell-park"
label = "来自园区的获批临床试验"
value = 11
total = 21
percentage = 52
as_of = 2019-10-01
as_of_precision = "month"
evidence = "其中11项来自园区,占比52%"
"""


def load(tmp_path: Path, text: str, name: str = "a.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    annotation, problems = read_annotation(path, ARTICLE)
    assert problems == []
    return annotation


def refused(tmp_path: Path, text: str, name: str = "a.toml") -> str:
    """The one problem found in annotation `text`."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _annotation, problems = read_annotation(path, ARTICLE)
    (problem,) = problems
    return str(problem)


def test_valid_annotation_gives_typed_records(tmp_path):
    annotation = load(tmp_path, VALID)
    metric = annotation.records[-1]
    assert [record.identity for record in annotation.records] == [
        "organisations/simm",
        "parks/cell-park",
        "park_metrics/trials-from-park",
    ]
    assert str(metric.values["percentage"]) == "52"
    assert metric.values["as_of"].isoformat() == "2019-10-01"
    assert metric.references == {"park": "cell-park"}
    assert annotation.source.title_en == "Summit opens"


def test_records_come_in_dependency_order_whatever_the_file_order(tmp_path):
    text = VALID.split("[organisations.simm]")
    reordered = text[0] + "[parks.cell-park]" + text[1].split("[parks.cell-park]")[1]
    reordered += "\n[organisations.simm]" + text[1].split("[parks.cell-park]")[0]
    kinds = [record.kind for record in load(tmp_path, reordered).records]
    assert kinds == ["organisations", "parks", "park_metrics"]


def test_evidence_across_a_line_break_is_found_whatever_its_whitespace(tmp_path):
    for quote in ("核心区建设, 同时联动", "核心区建设,\\n    同时联动"):
        load(tmp_path, VALID.replace('"由上海药物研究所主办"', f'"{quote}"'))


def test_evidence_cannot_span_two_paragraphs(tmp_path):
    message = refused(tmp_path, VALID.replace("由上海药物研究所主办", "占比52%。 园区已启动"))
    assert "evidence not found" in message


def test_evidence_not_in_article_refused(tmp_path):
    message = refused(tmp_path, VALID.replace("由上海药物研究所主办", "由复旦大学主办"))
    assert "a.toml: organisations.simm: evidence not found in the article: '由复旦大学主办'" in (
        message
    )


def test_missing_evidence_refused(tmp_path):
    text = VALID.replace('evidence = "由上海药物研究所主办"\n', "")
    assert "organisations.simm has no evidence" in refused(tmp_path, text)


def test_malformed_toml_refused_with_line_number(tmp_path):
    assert "line 3" in refused(tmp_path, '[source]\ntitle_en = "x"\nname = \n')


def test_impossible_date_refused(tmp_path):
    message = refused(tmp_path, VALID.replace("as_of = 2019-10-01", "as_of = 2019-13-45"))
    assert "malformed TOML" in message


def test_duplicate_key_in_one_file_refused(tmp_path):
    message = refused(tmp_path, VALID + '\n[parks.cell-park]\nname = "x"\nevidence = "园区"\n')
    assert "malformed TOML" in message


def test_duplicate_key_across_files_refused(tmp_path):
    first = load(tmp_path, VALID, "a.toml")
    second = load(tmp_path, VALID, "b.toml")
    problems = [str(problem) for problem in duplicate_keys([first, second])]
    assert len(problems) == 3
    assert "b.toml: duplicate key organisations/simm, already defined in" in problems[0]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (("value = 11", "value = -11"), "value must not be negative"),
        (("percentage = 52", "percentage = 152"), "percentage must be 0–100"),
        (("value = 11", "value = 22"), "value 22 is more than its total 21"),
        (("value = 11", 'value = "eleven"'), "value must be a number"),
        (("value = 11", "value = nan"), "value must be a number, not nan"),
        (("value = 11", "value = inf"), "value must be a number, not inf"),
        (("percentage = 52", "percentage = -inf"), "percentage must be a number, not -inf"),
        (("as_of = 2019-10-01", 'as_of = "October"'), "as_of must be a date"),
        (('kind = "institute"', "kind = 3"), "kind must be text"),
        (('park = "cell-park"', 'park = "Cell Park"'), "key 'Cell Park' must be"),
        (("[parks.cell-park]", "[parks.Cell_Park]"), "key 'Cell_Park' must be"),
        (('kind = "institute"', 'colour = "red"'), "unknown field 'colour'"),
        (('name = "园区"\n', ""), "missing required field 'name'"),
        (('park = "cell-park"\n', ""), "missing required field 'park'"),
        (("[source]", "[sources]"), "unknown kind [sources]"),
        (('title_en = "Summit opens"', "licensed_for_publication = 1"), "true or false"),
    ],
)
def test_invalid_values_refused(tmp_path, change, reason):
    old, new = change
    assert old in VALID
    assert reason in refused(tmp_path, VALID.replace(old, new, 1))


def test_event_dates_out_of_order_refused(tmp_path):
    text = (
        '[events.summit]\nname = "峰会"\nstart_date = 2019-11-14\nend_date = 2019-11-13\n'
        'evidence = "首届峰会"\n'
    )
    assert "end_date 2019-11-13 is before start_date" in refused(tmp_path, text)


def test_zero_parallel_sessions_refused(tmp_path):
    text = (
        '[sessions.forums]\nevent = "summit"\ntitle = "分论坛"\nparallel_count = 0\n'
        'evidence = "首届峰会"\n'
    )
    assert "parallel_count must be at least 1" in refused(tmp_path, text)


def test_annotation_not_utf8_refused(tmp_path):
    path = tmp_path / "a.toml"
    path.write_bytes(VALID.encode("utf-16"))
    annotation, (problem,) = read_annotation(path, ARTICLE)
    assert annotation is None and "not UTF-8" in str(problem)
