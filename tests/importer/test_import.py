"""import_seeds end to end: safe to re-run, keeps staff edits, refuses bad input atomically."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from reversion.models import Version

from summit.models import Citation, Organisation, Person, Source, Status
from tests.importer.conftest import database_state

pytestmark = pytest.mark.django_db

ARTICLE = """打开APP

张江细胞峰会开幕

  1. 细胞治疗

来源:生物谷 2019-11-14 16:29

首届峰会在张江科学城揭开帷幕,由中国科学院上海药物研究所主办。

袁涛表示:“张江细胞产业园将打造成为中国细胞产业核心区。”

版权声明 本网站所有注明“来源:生物谷”的文字,版权均属于生物谷网站所有。
"""

ANNOTATION = """
[source]
title_en = "Zhangjiang cell summit opens"
publisher = "bioon"

[organisations.bioon]
name = "生物谷"
name_en = "Bioon"
kind = "publisher"
evidence = "来源:生物谷"

[organisations.cas]
name = "中国科学院"
name_en = "Chinese Academy of Sciences"
kind = "academy"
evidence = "中国科学院上海药物研究所"

[organisations.simm]
name = "中国科学院上海药物研究所"
name_en = "Shanghai Institute of Materia Medica"
kind = "institute"
parent = "cas"
evidence = "由中国科学院上海药物研究所主办"

[people.yuan-tao]
name = "袁涛"
name_en = "Yuan Tao"
evidence = "袁涛表示"
"""


def write_seed(folder: Path, name: str = "100_test", article=ARTICLE, annotation=ANNOTATION):
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_text(article, encoding="utf-8")
    if annotation is not None:
        (folder / f"{name}.toml").write_text(annotation, encoding="utf-8")
    return folder


def run(path: Path, *args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_seeds", "--path", str(path), *args, stdout=out)
    return out.getvalue()


def test_import_creates_records_citing_their_source(tmp_path):
    output = run(write_seed(tmp_path / "s"))
    assert "100_test.txt: 5 created, 0 updated, 0 unchanged, 0 kept" in output
    source = Source.objects.get()
    assert (source.title, source.title_en) == ("张江细胞峰会开幕", "Zhangjiang cell summit opens")
    assert source.publisher.name_en == "Bioon"
    assert source.published_at.isoformat() == "2019-11-14T08:29:00+00:00"
    assert source.licence_text.startswith("版权声明")
    assert "版权声明" not in source.body
    simm = Organisation.objects.get(slug="simm")
    assert simm.parent.slug == "cas"
    assert simm.status == Status.PUBLISHED
    assert list(simm.citations.values_list("evidence", flat=True)) == [
        "由中国科学院上海药物研究所主办"
    ]


def test_second_run_changes_nothing_and_says_so(tmp_path):
    folder = write_seed(tmp_path / "s")
    run(folder)
    before = database_state()
    output = run(folder)
    assert "0 created, 0 updated, 5 unchanged, 0 kept" in output
    assert "Nothing to change" in output
    assert database_state() == before


def test_import_is_one_revision_in_history(tmp_path):
    run(write_seed(tmp_path / "s"))
    person = Person.objects.get(slug="yuan-tao")
    assert Version.objects.get_for_object(person).get().revision.comment.startswith("Imported")


def test_staff_edit_survives_reimport(tmp_path):
    folder = write_seed(tmp_path / "s")
    run(folder)
    person = Person.objects.get(slug="yuan-tao")
    person.name_en = "Tao Yuan (edited)"
    person.save()
    output = run(folder)
    assert "1 kept" in output and "kept (edited by staff since import): people/yuan-tao" in output
    person.refresh_from_db()
    assert person.name_en == "Tao Yuan (edited)"


def test_overwrite_replaces_staff_edit(tmp_path):
    folder = write_seed(tmp_path / "s")
    run(folder)
    Person.objects.filter(slug="yuan-tao").update(name_en="Edited")
    assert "1 updated" in run(folder, "--overwrite")
    assert Person.objects.get(slug="yuan-tao").name_en == "Yuan Tao"


def test_changed_annotation_updates_unedited_record(tmp_path):
    folder = write_seed(tmp_path / "s")
    run(folder)
    write_seed(folder, annotation=ANNOTATION.replace('"Yuan Tao"', '"YUAN Tao"'))
    assert "1 updated" in run(folder)
    assert Person.objects.get(slug="yuan-tao").name_en == "YUAN Tao"


def test_key_another_article_imported_is_not_taken_over(tmp_path):
    run(write_seed(tmp_path / "first"))
    other = ANNOTATION.replace('"Yuan Tao"', '"Yuan Tao of another article"')
    folder = write_seed(tmp_path / "second", "200_other", annotation=other)

    with pytest.raises(CommandError) as error:
        run(folder)

    message = str(error.value)
    assert (
        "people.yuan-tao: the key people/yuan-tao is a person imported from another article "
        '(100_test.txt); to cite it, name it by its slug (slug = "yuan-tao") and set only what '
        "this article adds, or choose another key for a new record"
    ) in message
    assert Person.objects.get(slug="yuan-tao").name_en == "Yuan Tao"
    assert not Source.objects.filter(file_name="200_other.txt").exists()


def test_record_matched_by_key_after_staff_change_slug(tmp_path):
    folder = write_seed(tmp_path / "s")
    run(folder)
    Person.objects.filter(slug="yuan-tao").update(slug="yuan-tao-zhangjiang")
    run(folder)
    assert Person.objects.filter(name_en="Yuan Tao").count() == 1


def test_record_removed_from_annotation_is_reported_not_deleted(tmp_path):
    folder = write_seed(tmp_path / "s")
    run(folder)
    without_person = ANNOTATION.split("[people.yuan-tao]")[0]
    write_seed(folder, annotation=without_person)
    output = run(folder)
    assert "no longer in the annotation (not deleted): people/yuan-tao" in output
    assert Person.objects.filter(slug="yuan-tao").exists()


def test_dry_run_writes_nothing(tmp_path):
    before = database_state()
    output = run(write_seed(tmp_path / "s"), "--dry-run")
    assert "5 created" in output and "Dry run: nothing was written." in output
    assert database_state() == before


def test_article_without_annotation_imports_source_only(tmp_path):
    output = run(write_seed(tmp_path / "s", annotation=None))
    assert "only the source was imported" in output
    assert Source.objects.get().publisher is None


def test_gb18030_article_with_crlf_imports(tmp_path):
    folder = tmp_path / "s"
    write_seed(folder)
    (folder / "100_test.txt").write_bytes(ARTICLE.replace("\n", "\r\n").encode("gb18030"))
    run(folder)
    assert Source.objects.get().title == "张江细胞峰会开幕"


def test_many_files_print_a_progress_line_each(tmp_path):
    folder = tmp_path / "s"
    for number in range(11):
        write_seed(folder, f"{number:03}_test", annotation=None)
    output = run(folder)
    assert "[11/11] reading 010_test.txt" in output
    assert Source.objects.count() == 11


# Keys of their own, so the broken file sits beside the real seed without colliding with it.
OWN_KEYS = (
    ANNOTATION.replace('"bioon"', '"test-bioon"')
    .replace(".bioon]", ".test-bioon]")
    .replace(".cas]", ".test-cas]")
    .replace('"cas"', '"test-cas"')
    .replace(".simm]", ".test-simm]")
    .replace(".yuan-tao]", ".test-yuan-tao]")
)

BAD_INPUTS = {
    "missing path": (None, None, "no such file or folder"),
    "no articles": ("", None, "no articles"),
    "binary file": (b"\x00\x01\x02PNG", None, "NUL"),
    "undecodable text": (b"\xff\xff\xff" * 10, None, "neither UTF-8 nor GB18030"),
    "no source line": ("标题\n\n正文。\n", None, "source line"),
    "malformed TOML": (ARTICLE, '[source]\ntitle_en = "x\n', "malformed TOML"),
    "unknown reference": (
        ARTICLE,
        OWN_KEYS + '\n[affiliations.x]\nperson = "test-yuan-tao"\norganisation = "no-such-org"\n'
        'evidence = "袁涛表示"\n',
        "affiliations/x refers to unknown record organisations/no-such-org",
    ),
    "evidence not found": (
        ARTICLE,
        OWN_KEYS.replace('evidence = "袁涛表示"', 'evidence = "袁涛说"'),
        "people.test-yuan-tao: evidence not found in the article: '袁涛说'",
    ),
    "invalid choice": (
        ARTICLE,
        OWN_KEYS.replace('kind = "academy"', 'kind = "club"'),
        "organisations.test-cas.kind 'club' is not a valid choice; choose one of: academy, "
        "university, school, institute, hospital, company, government, association, publisher, "
        "other",
    ),
    "key of another file": (ARTICLE, ANNOTATION, "duplicate key organisations/bioon"),
    "duplicate key": (
        ARTICLE,
        OWN_KEYS + '\n[people.test-yuan-tao]\nname = "袁涛"\nevidence = "袁涛表示"\n',
        "malformed TOML",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_fails_with_reason_and_changes_nothing(tmp_path, seed_dir, case):
    # No import first: from an empty database, an error found while writing must also undo the
    # records of the valid real seed written by then.
    article, annotation, reason = BAD_INPUTS[case]
    before = database_state()
    if article is None:
        target = tmp_path / "missing"
    elif article == "":
        target = tmp_path / "empty"
        target.mkdir()
    else:
        target = seed_dir
        path = seed_dir / "900_bad.txt"
        if isinstance(article, bytes):
            path.write_bytes(article)
        else:
            path.write_text(article, encoding="utf-8")
        if annotation is not None:
            (seed_dir / "900_bad.toml").write_text(annotation, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run(target)
    assert reason in str(error.value)
    assert "nothing was imported" in str(error.value)
    assert database_state() == before


def test_duplicate_key_across_files_fails(tmp_path):
    folder = write_seed(tmp_path / "s", "100_a")
    write_seed(folder, "101_b")
    with pytest.raises(CommandError, match="duplicate key organisations/bioon"):
        run(folder)
    assert not Citation.objects.exists()


def test_cross_file_reference_resolves_from_database(tmp_path):
    run(write_seed(tmp_path / "first"))
    later = """
[people.someone]
name = "某人"
evidence = "袁涛表示"

[affiliations.someone-simm]
person = "someone"
organisation = "simm"
evidence = "袁涛表示"
"""
    run(write_seed(tmp_path / "second", "200_later", annotation=later))
    assert Person.objects.get(slug="someone").affiliations.get().organisation.slug == "simm"
