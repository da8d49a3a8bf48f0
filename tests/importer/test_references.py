"""References between records of one annotation resolve whatever the order of its tables: to
records named by their slug, and to records of the same kind defined below them."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from summit.models import Organisation, Source
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ARTICLE = """复旦大学设立生物医学研究院

来源:生物谷 2020-11-20 10:00

复旦大学生物医学研究院聚焦细胞治疗研究。
"""

NAMED = """
[organisations.fudan]
slug = "fudan"
evidence = "复旦大学生物医学研究院"
"""

DEFINED = """
[organisations.fudan]
name = "复旦大学"
name_en = "Fudan University"
kind = "university"
evidence = "复旦大学生物医学研究院"
"""

CHILD = """
[organisations.fudan-ibs]
name = "复旦大学生物医学研究院"
name_en = "Institutes of Biomedical Sciences, Fudan University"
kind = "institute"
parent = "fudan"
evidence = "复旦大学生物医学研究院聚焦细胞治疗研究"
"""


def run(folder: Path, annotation: str) -> str:
    folder.mkdir()
    (folder / "300_fudan.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "300_fudan.toml").write_text(annotation, encoding="utf-8")
    out = StringIO()
    call_command("import_seeds", "--path", str(folder), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("child_first", [False, True], ids=["parent first", "child first"])
def test_reference_to_a_record_named_by_slug_resolves_in_either_order(tmp_path, child_first):
    fudan = OrganisationFactory(name="复旦大学", slug="fudan")
    annotation = CHILD + NAMED if child_first else NAMED + CHILD

    run(tmp_path / "s", annotation)

    institute = Organisation.objects.get(import_key="organisations/fudan-ibs")
    assert institute.parent == fudan
    assert fudan.citations.count() == 1


@pytest.mark.parametrize("child_first", [False, True], ids=["parent first", "child first"])
def test_reference_to_a_record_of_the_same_kind_resolves_in_either_order(tmp_path, child_first):
    annotation = CHILD + DEFINED if child_first else DEFINED + CHILD

    run(tmp_path / "s", annotation)

    institute = Organisation.objects.get(import_key="organisations/fudan-ibs")
    assert institute.parent == Organisation.objects.get(import_key="organisations/fudan")


def test_records_referring_to_each_other_are_a_problem_not_a_crash(tmp_path):
    annotation = DEFINED.replace('kind = "university"', 'kind = "university"\nparent = "fudan-ibs"')

    with pytest.raises(CommandError) as error:
        run(tmp_path / "s", annotation + CHILD)

    assert "refer to each other" in str(error.value)
    assert not Organisation.objects.exists() and not Source.objects.exists()
