"""import_seeds reports every problem of a run at once, each with its fix, and writes nothing."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from importer.problems import ProblemsFound
from importer.writer import import_seeds
from tests.importer.conftest import database_state, run

pytestmark = pytest.mark.django_db

ARTICLE = """张江峰会开幕

来源:生物谷 2019-11-14 16:29

首届峰会在张江科学城揭开帷幕,由上海药物研究所主办。

截至2019年10月,全国共批准21项细胞药物临床试验,其中11项来自园区,占比52%。

袁涛表示:“园区将打造细胞产业核心区。”
"""

ANNOTATION = """
[organisations.test-simm]
name = "上海药物研究所"
kind = "institute"
evidence = "由上海药物研究所主办"

[people.test-yuan-tao]
name = "袁涛"
evidence = "袁涛表示"

[affiliations.test-yuan-tao-simm]
person = "test-yuan-tao"
organisation = "test-simm"
evidence = "袁涛表示"

[parks.test-park]
name = "园区"
evidence = "其中11项来自园区"

[park_metrics.test-trials]
park = "test-park"
label = "来自园区的获批临床试验"
value = 11
total = 21
qualifier = "exactly"
as_of = 2019-10-01
evidence = "其中11项来自园区,占比52%"
"""

# Four mistakes of four kinds, in three records; the fifth record is fine.
MISTAKES = (
    ('qualifier = "exactly"', 'qualifier = "roughly"'),
    ("其中11项来自园区,占比52%", "其中11项来自园区\uff0c占比52%"),
    ('organisation = "test-simm"', 'organisation = "test-sim"'),
    ('name = "园区"\n', ""),
)


def write_seed(folder: Path, annotation: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "100_test.txt").write_text(ARTICLE, encoding="utf-8")
    path = folder / "100_test.toml"
    path.write_text(annotation, encoding="utf-8")
    return path


def with_mistakes(annotation: str = ANNOTATION) -> str:
    for right, wrong in MISTAKES:
        assert right in annotation
        annotation = annotation.replace(right, wrong, 1)
    return annotation


def test_valid_annotation_imports(tmp_path):
    write_seed(tmp_path / "s", ANNOTATION)

    assert "100_test.txt: 6 created" in run(tmp_path / "s")


@pytest.mark.parametrize("options", [(), ("--dry-run",)], ids=["import", "dry run"])
def test_every_problem_is_reported_in_one_run_with_its_fix(tmp_path, options):
    path = write_seed(tmp_path / "s", with_mistakes())
    before = database_state()

    with pytest.raises(CommandError) as error:
        call_command("import_seeds", "--path", str(tmp_path / "s"), *options, stdout=StringIO())

    assert str(error.value).splitlines() == [
        f"{path}: parks.test-park is missing required field 'name'",
        f"{path}: park_metrics.test-trials.qualifier 'roughly' is not a valid choice; "
        "choose one of: exactly, about, more_than, at_least, nearly, up_to",
        f"{path}: park_metrics.test-trials: evidence not found in the article: "
        "'其中11项来自园区\uff0c占比52%'; closest passage in the article: "
        "'其中11项来自园区,占比52%' "
        "(the article has ',' (half-width) where the quote has '\uff0c' (full-width))",
        f"{path}: affiliations/test-yuan-tao-simm refers to unknown record "
        "organisations/test-sim; did you mean 'test-simm'?",
        "4 problems (nothing was imported)",
    ]
    assert database_state() == before


def test_problems_of_several_files_are_reported_together(tmp_path):
    folder = tmp_path / "s"
    write_seed(folder, ANNOTATION.replace('kind = "institute"', 'kind = "lab"'))
    (folder / "200_binary.txt").write_bytes(b"\x00PNG")

    with pytest.raises(ProblemsFound) as error:
        import_seeds(folder)

    assert [
        (problem.path.name, problem.record, problem.field) for problem in error.value.problems
    ] == [
        ("100_test.toml", "organisations.test-simm", "kind"),
        ("200_binary.txt", "", ""),
    ]


def test_problem_names_file_record_field_and_fix(tmp_path):
    write_seed(
        tmp_path / "s", ANNOTATION.replace('evidence = "袁涛表示"', 'evidence = "袁涛说"', 1)
    )

    with pytest.raises(ProblemsFound) as error:
        import_seeds(tmp_path / "s")

    (problem,) = error.value.problems
    assert (problem.path.name, problem.record, problem.field) == (
        "100_test.toml",
        "people.test-yuan-tao",
        "evidence",
    )
    assert problem.fix == "closest passage in the article: '袁涛' (the quote has an extra '说')"


def test_unknown_reference_without_a_close_key_says_how_to_name_one(tmp_path):
    write_seed(
        tmp_path / "s",
        ANNOTATION.replace('organisation = "test-simm"', 'organisation = "fudan-university"'),
    )

    with pytest.raises(ProblemsFound) as error:
        import_seeds(tmp_path / "s")

    (problem,) = error.value.problems
    assert problem.fix.startswith("define [organisations.fudan-university] in this annotation")
    assert "slug" in problem.fix


def test_unknown_field_suggests_the_field_meant(tmp_path):
    write_seed(tmp_path / "s", ANNOTATION.replace('kind = "institute"', 'knd = "institute"'))

    with pytest.raises(ProblemsFound) as error:
        import_seeds(tmp_path / "s")

    assert [str(problem).split(": ", 1)[1] for problem in error.value.problems] == [
        "organisations.test-simm has unknown field 'knd'; did you mean 'kind'?"
    ]
