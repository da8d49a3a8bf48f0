"""A skeleton annotation from the article alone: the [source] table and the records already on
the site that the text names, each with the sentence found, commented out for staff to confirm."""

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
import tomllib
from django.conf import settings
from django.core.management import call_command

from importer.annotations import check_annotation_text
from importer.article import parse_article, read_article
from importer.skeleton import KnownRecord, build_skeleton
from summit.models import Organisation, Person, Source
from tests.factories import OrganisationFactory, PersonFactory
from tests.importer.conftest import database_state

SEED = Path(settings.BASE_DIR) / "seeds" / "000_f3128c6eecc96df2.txt"

ARTICLE = parse_article(
    "第二届峰会开幕\n\n来源:生物谷 2020-11-20 10:00\n\n"
    "第二届峰会在张江科学城召开,由中国科学院上海药物研究所主办。\n\n"
    "宾夕法尼亚大学教授Bruce L.Levine作报告;CASE研究组也参会。\n\n"
    "版权声明 本网站所有注明“来源:生物谷”的文字,版权均属于生物谷网站所有。\n"
)

KNOWN = [
    KnownRecord("organisations", "simm", "simm", ("中国科学院上海药物研究所", "SIMM"), True),
    KnownRecord("organisations", "cas", "cas", ("中国科学院", "CAS"), True),
    KnownRecord("people", "bruce-l-levine", "bruce-l-levine", ("Bruce L. Levine",), True),
    KnownRecord("people", "person-7", "田志刚", ("田志刚", "Tian Zhigang")),
    KnownRecord("organisations", "bioon", "bioon", ("生物谷", "Bioon"), False),
]


def uncommented(skeleton: str) -> str:
    """The skeleton with every candidate confirmed, as an editor who keeps them all."""
    return re.sub(r"^# (\[|slug =|evidence =|publisher =)", r"\1", skeleton, flags=re.M)


def test_skeleton_is_valid_toml_whose_candidates_are_commented_out():
    skeleton = build_skeleton(ARTICLE, "200_second.txt", KNOWN)

    assert tomllib.loads(skeleton) == {
        "source": {"title_en": "", "licensed_for_publication": False}
    }


def test_candidates_are_the_known_names_found_with_their_sentence():
    skeleton = uncommented(build_skeleton(ARTICLE, "200_second.txt", KNOWN))

    data = tomllib.loads(skeleton)
    assert data["organisations"] == {
        "bioon": {
            "slug": "bioon",
            "evidence": "版权声明 本网站所有注明“来源:生物谷”的文字,版权均属于生物谷网站所有。",
        },
        "cas": {
            "slug": "cas",
            "evidence": "第二届峰会在张江科学城召开,由中国科学院上海药物研究所主办。",
        },
        "simm": {
            "slug": "simm",
            "evidence": "第二届峰会在张江科学城召开,由中国科学院上海药物研究所主办。",
        },
    }
    # A space the article leaves out still finds the name; "CAS" is no part of "CASE".
    assert data["people"] == {
        "bruce-l-levine": {
            "slug": "bruce-l-levine",
            "evidence": "宾夕法尼亚大学教授Bruce L.Levine作报告;",
        }
    }
    assert data["source"]["publisher"] == "bioon"


def test_confirmed_skeleton_passes_the_check():
    skeleton = uncommented(build_skeleton(ARTICLE, "200_second.txt", KNOWN))

    annotation, problems = check_annotation_text(skeleton, Path("200_second.toml"), ARTICLE)

    assert problems == []
    assert {record.slug for record in annotation.records} == {
        "simm",
        "cas",
        "bruce-l-levine",
        "bioon",
    }


def test_skeleton_states_what_the_article_says_and_nothing_else():
    skeleton = build_skeleton(ARTICLE, "200_second.txt", KNOWN)

    assert "第二届峰会开幕" in skeleton and "2020-11-20 10:00" in skeleton
    assert "田志刚" not in skeleton  # not in the article
    assert "Organisation on the site: 中国科学院上海药物研究所 (SIMM)" in skeleton
    assert (
        '# publisher = "bioon"  # 生物谷 (Bioon), named in the source line: uncomment to '
        "confirm, with [organisations.bioon] below"
    ) in skeleton


def test_article_naming_nothing_known_says_so():
    skeleton = build_skeleton(ARTICLE, "200_second.txt", [])

    assert "No person, organisation or park on the site is named in this article." in skeleton


@pytest.mark.django_db
def test_command_prints_the_skeleton_from_the_database_and_writes_nothing(tmp_path):
    person = PersonFactory(name="田志刚", name_en="Tian Zhigang")
    OrganisationFactory(name="复旦大学", name_en="Fudan University")
    article = tmp_path / "200_second.txt"
    article.write_text("峰会开幕\n\n来源:生物谷 2020-11-20 10:00\n\n田志刚院士作报告。\n")
    before = database_state()
    out = StringIO()

    call_command("import_seeds", "--skeleton", str(article), stdout=out)

    assert (
        f"# Person on the site: 田志刚 (Tian Zhigang)\n# [people.{person.slug}]\n"
        f'# slug = "{person.slug}"\n# evidence = "田志刚院士作报告。"\n'
    ) in out.getvalue()
    assert "复旦大学" not in out.getvalue()
    assert database_state() == before


@pytest.mark.django_db
def test_seed_article_imported_again_through_its_confirmed_skeleton_cites_without_duplicating(
    imported_seed, tmp_path
):
    out = StringIO()
    call_command("import_seeds", "--skeleton", str(SEED), stdout=out)
    skeleton = uncommented(out.getvalue())
    people, organisations = Person.objects.count(), Organisation.objects.count()
    # The same article under another name, as a second source citing the records it names.
    shutil.copy(SEED, tmp_path / "900_again.txt")
    (tmp_path / "900_again.toml").write_text(skeleton, encoding="utf-8")
    candidates = skeleton.count("\nslug = ")
    assert candidates > 20

    output = StringIO()
    call_command("import_seeds", "--path", str(tmp_path / "900_again.txt"), stdout=output)

    assert f"900_again.txt: 1 created, 0 updated, {candidates} unchanged" in output.getvalue()
    assert (Person.objects.count(), Organisation.objects.count()) == (people, organisations)
    source = Source.objects.get(import_key="sources/900_again")
    assert source.citations.count() == candidates
    assert read_article(SEED).title == source.title_zh_hans
