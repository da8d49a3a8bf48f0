"""An annotation names records staff made in the admin by their slug: they are cited and
enriched, never duplicated. And `--draft` brings new records in for review."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from importer.kinds import MODELS
from summit.models import Citation, Event, EventFigure, Person, Source, Status, Talk
from tests.admin_forms import admin_form_data
from tests.factories import EventFactory, PersonFactory
from tests.importer.conftest import database_state

pytestmark = pytest.mark.django_db

ARTICLE = """第二届张江细胞治疗国际峰会召开

来源:生物谷 2020-11-20 10:00

第二届张江细胞治疗国际峰会在张江科学城召开,主题为“细胞治疗的未来”。

来自12个国家和地区的近40位专家出席,郭晓东致辞。
"""

# The event is staff's, named by its slug; the figure and the person are new.
ANNOTATION = """
[source]
title_en = "Second summit opens"

[events.second-summit]
slug = "{slug}"
theme = "细胞治疗的未来"
theme_en = "The future of cell therapy"
evidence = "主题为“细胞治疗的未来”"

[figures.second-summit-experts]
event = "second-summit"
label = "出席专家"
label_en = "Experts attending"
value = 40
qualifier = "nearly"
stated_as = "近40位"
evidence = "近40位专家出席"

[people.test-guo-xiaodong]
name = "郭晓东"
name_en = "Guo Xiaodong"
evidence = "郭晓东致辞"
"""


def staff_make_event_in_admin(client, status: str = Status.PUBLISHED) -> Event:
    """The second summit, entered by an editor through the admin's add form."""
    url = reverse("admin:summit_event_add")
    data = admin_form_data(
        client.get(url),
        name_zh_hans="第二届张江细胞治疗国际峰会",
        name_en="2nd Zhangjiang Cell Therapy Summit",
        start_date="2020-11-20",
        status=status,
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Event.objects.get(name_en="2nd Zhangjiang Cell Therapy Summit")


def write_seed(folder: Path, annotation: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "200_second.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "200_second.toml").write_text(annotation, encoding="utf-8")
    return folder


def run(folder: Path, *options: str) -> str:
    out = StringIO()
    call_command("import_seeds", "--path", str(folder), *options, stdout=out)
    return out.getvalue()


@pytest.fixture
def event(editor_client) -> Event:
    return staff_make_event_in_admin(editor_client)


@pytest.fixture
def draft_event(editor_client) -> Event:
    """The second summit, entered as a draft: the article is imported for review beside it."""
    return staff_make_event_in_admin(editor_client, Status.DRAFT)


def test_record_made_in_the_admin_is_cited_and_enriched_by_its_slug(tmp_path, event):
    output = run(write_seed(tmp_path / "s", ANNOTATION.format(slug=event.slug)))

    assert "200_second.txt: 3 created, 1 updated, 0 unchanged, 0 kept" in output
    assert Event.objects.count() == 1
    event.refresh_from_db()
    assert event.name_en == "2nd Zhangjiang Cell Therapy Summit"  # staff's, untouched
    assert (event.theme, event.theme_en) == ("细胞治疗的未来", "The future of cell therapy")
    assert event.import_key is None  # still staff's record
    assert list(event.citations.values_list("evidence", flat=True)) == ["主题为“细胞治疗的未来”"]
    assert EventFigure.objects.get().event == event


def test_naming_a_record_by_slug_again_changes_nothing(tmp_path, event):
    folder = write_seed(tmp_path / "s", ANNOTATION.format(slug=event.slug))
    run(folder)

    output = run(folder)

    assert "0 created, 0 updated, 4 unchanged, 0 kept" in output
    assert Event.objects.count() == 1
    assert Citation.objects.filter(object_id=event.pk, content_type__model="event").count() == 1


def test_value_staff_gave_is_kept_unless_overwrite(tmp_path, event):
    Event.objects.filter(pk=event.pk).update(theme_en="Cell therapy tomorrow")
    folder = write_seed(tmp_path / "s", ANNOTATION.format(slug=event.slug))

    output = run(folder)

    assert "kept (edited by staff since import): events/second-summit (theme_en)" in output
    event.refresh_from_db()
    assert (event.theme, event.theme_en) == ("细胞治疗的未来", "Cell therapy tomorrow")

    run(folder, "--overwrite")

    event.refresh_from_db()
    assert event.theme_en == "The future of cell therapy"


def test_value_staff_chose_equal_to_the_default_is_kept(tmp_path, event):
    # "In person" is the field's default, and what staff chose: not a value left unset.
    assert event.attendance_mode == Event.AttendanceMode.OFFLINE
    annotation = ANNOTATION.format(slug=event.slug).replace(
        'theme = "细胞治疗的未来"', 'theme = "细胞治疗的未来"\nattendance_mode = "online"'
    )

    output = run(write_seed(tmp_path / "s", annotation))

    assert "kept (edited by staff since import): events/second-summit (attendance_mode)" in output
    event.refresh_from_db()
    assert event.attendance_mode == Event.AttendanceMode.OFFLINE
    assert event.theme == "细胞治疗的未来"


def test_unknown_slug_is_a_problem_naming_the_closest_slugs(tmp_path, event):
    folder = write_seed(tmp_path / "s", ANNOTATION.format(slug=event.slug + "x"))

    with pytest.raises(CommandError) as error:
        run(folder)

    assert str(error.value) == (
        f"{folder / '200_second.toml'}: events.second-summit.slug: no event has the slug "
        f"'{event.slug}x'; did you mean '{event.slug}'? (nothing was imported)"
    )
    assert not Source.objects.exists() and not EventFigure.objects.exists()


def test_key_of_another_record_cannot_name_a_record_by_slug(tmp_path, event):
    EventFactory(import_key="events/second-summit", slug="another-summit")
    folder = write_seed(tmp_path / "s", ANNOTATION.format(slug=event.slug))

    with pytest.raises(CommandError, match="the key events/second-summit already names another"):
        run(folder)


def test_record_imported_from_another_article_is_named_by_slug_in_the_same_run(tmp_path):
    # The first article defines the person; the second names it by slug, in one run.
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "100_first.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "100_first.toml").write_text(
        '[people.guo-xiaodong]\nname = "郭晓东"\nevidence = "郭晓东致辞"\n', encoding="utf-8"
    )
    (folder / "200_second.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "200_second.toml").write_text(
        '[people.guo-xiaodong]\nslug = "guo-xiaodong"\nname_en = "Guo Xiaodong"\n'
        'evidence = "郭晓东致辞"\n',
        encoding="utf-8",
    )

    run(folder)

    person = Person.objects.get()
    assert (person.import_key, person.name_en) == ("people/guo-xiaodong", "Guo Xiaodong")
    assert person.citations.count() == 2


def test_draft_import_makes_new_records_drafts_and_keeps_existing_status(tmp_path, draft_event):
    staff_draft = PersonFactory(name="郭晓东", status=Status.DRAFT)
    annotation = ANNOTATION.format(slug=draft_event.slug).replace(
        '[people.test-guo-xiaodong]\nname = "郭晓东"\nname_en = "Guo Xiaodong"',
        f'[people.test-guo-xiaodong]\nslug = "{staff_draft.slug}"',
    )
    folder = write_seed(tmp_path / "s", annotation)

    output = run(folder, "--draft")

    assert "2 created, 1 updated, 1 unchanged" in output
    assert Source.objects.get().status == Status.DRAFT
    draft_event.refresh_from_db()
    staff_draft.refresh_from_db()
    assert (draft_event.status, staff_draft.status) == (Status.DRAFT, Status.DRAFT)
    assert draft_event.theme_en == "The future of cell therapy"
    assert EventFigure.objects.get().event == draft_event


def test_draft_import_shows_the_public_nothing(tmp_path, draft_event):
    published_person = PersonFactory(name="郭晓东", slug="guo-xiaodong")
    annotation = ANNOTATION.format(slug=draft_event.slug) + (
        '\n[talks.second-summit-opening]\nevent = "second-summit"\ntitle = "致辞"\n'
        'speakers = ["guo-xiaodong"]\nevidence = "郭晓东致辞"\n'
    )
    annotation = annotation.replace(
        '[people.test-guo-xiaodong]\nname = "郭晓东"\nname_en = "Guo Xiaodong"',
        '[people.guo-xiaodong]\nslug = "guo-xiaodong"',
    )
    before = public_records()

    run(write_seed(tmp_path / "s", annotation), "--draft")

    assert Talk.objects.get().speakers.get() == published_person
    assert public_records() == before


def public_records() -> dict[str, set]:
    """What the public may see of every kind of record an import writes, citations included."""
    return {
        model._meta.label: set(model._default_manager.published().values_list("pk", flat=True))
        for model in (*MODELS.values(), Source, Citation)
    }


def test_draft_import_refuses_what_the_public_would_see_at_once(tmp_path, event):
    folder = write_seed(tmp_path / "s", ANNOTATION.format(slug=event.slug))
    toml = folder / "200_second.toml"
    before = database_state()

    with pytest.raises(CommandError) as error:
        run(folder, "--draft", "--dry-run")

    name = f"第二届张江细胞治疗国际峰会 ({event.slug})"
    assert str(error.value).splitlines() == [
        f"{toml}: events.second-summit is the published event {name}: the import would change "
        "it at once; import without drafts, or set 第二届张江细胞治疗国际峰会 to draft first",
        f"{toml}: figures.second-summit-experts belongs to the published event {name}: it would "
        "be public at once; import without drafts, or set 第二届张江细胞治疗国际峰会 to draft "
        "first",
        "2 problems (nothing was imported)",
    ]
    with pytest.raises(CommandError):
        run(folder, "--draft")
    assert database_state() == before


def test_draft_import_refuses_changes_to_published_records_it_imported(tmp_path, event):
    folder = write_seed(tmp_path / "s", ANNOTATION.format(slug=event.slug))
    run(folder)
    write_seed(folder, ANNOTATION.format(slug=event.slug).replace("Guo Xiaodong", "GUO Xiaodong"))

    with pytest.raises(CommandError) as error:
        run(folder, "--draft")

    assert str(error.value).startswith(
        f"{folder / '200_second.toml'}: people.test-guo-xiaodong is the published person 郭晓东 "
        "(test-guo-xiaodong): the import would change it at once"
    )
    assert Person.objects.get(slug="test-guo-xiaodong").name_en == "Guo Xiaodong"


def test_draft_import_refuses_new_evidence_of_a_published_source(tmp_path, event):
    folder = write_seed(tmp_path / "s", ANNOTATION.format(slug=event.slug))
    run(folder)
    write_seed(
        folder,
        ANNOTATION.format(slug=event.slug).replace(
            'evidence = "郭晓东致辞"', 'evidence = ["郭晓东致辞", "郭晓东"]'
        ),
    )

    with pytest.raises(CommandError) as error:
        run(folder, "--draft")

    assert (
        "people.test-guo-xiaodong: the published source 第二届张江细胞治疗国际峰会召开 would show "
        "new evidence on the published person 郭晓东 (test-guo-xiaodong) at once"
    ) in str(error.value)
    assert Citation.objects.filter(evidence="郭晓东").count() == 0


def test_published_import_does_not_publish_drafts_staff_left(tmp_path, draft_event):
    folder = write_seed(tmp_path / "s", ANNOTATION.format(slug=draft_event.slug))
    run(folder, "--draft")

    output = run(folder)

    assert "0 created, 0 updated, 4 unchanged, 0 kept" in output
    assert Person.objects.get(import_key="people/test-guo-xiaodong").status == Status.DRAFT
    assert Event.objects.get(pk=draft_event.pk).status == Status.DRAFT


def test_record_published_after_a_draft_import_stays_published(tmp_path, draft_event):
    folder = write_seed(tmp_path / "s", ANNOTATION.format(slug=draft_event.slug))
    run(folder, "--draft")
    Person.objects.filter(import_key="people/test-guo-xiaodong").update(status=Status.PUBLISHED)

    output = run(folder, "--draft")

    assert "0 kept" in output
    assert Person.objects.get(import_key="people/test-guo-xiaodong").status == Status.PUBLISHED
