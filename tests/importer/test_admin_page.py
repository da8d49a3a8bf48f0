"""Sources → Import an article: check and import from the admin, as import_seeds does."""

import base64
import re
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Revision, Version

from summit.models import Citation, Organisation, Person, Source, Status
from tests.factories import EventFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.importer.conftest import database_state

pytestmark = pytest.mark.django_db

URL = "/en/admin/summit/source/import/"

ARTICLE = """张江峰会开幕

来源:生物谷 2019-11-14 16:29

首届峰会在张江科学城揭开帷幕,由上海药物研究所主办。

袁涛表示:“园区将打造细胞产业核心区。”
"""

ANNOTATION = """
[source]
title_en = "Summit opens"

[organisations.test-simm]
name = "上海药物研究所"
name_en = "Shanghai Institute of Materia Medica"
kind = "institute"
evidence = "由上海药物研究所主办"

[people.test-yuan-tao]
name = "袁涛"
name_en = "Yuan Tao"
evidence = "袁涛表示"
"""

BROKEN = (
    ANNOTATION.replace('kind = "institute"', 'kind = "lab"')
    .replace('evidence = "袁涛表示"', 'evidence = "袁涛说"')
    .replace('title_en = "Summit opens"', 'title = "Summit opens"')
)


def upload(text: str = ARTICLE, name: str = "second summit.txt", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/plain")


def post(client, button: str = "_check", **fields):
    data = {"annotation": "", "draft": "on", button: "x", **fields}
    return client.post(URL, data)


def problem_rows(response) -> list[str]:
    html = response.content.decode()
    return [
        unescape(re.sub(r"<[^>]+>", " ", row))
        for row in re.findall(r'<tr class="import-problem">(.*?)</tr>', html, re.S)
    ]


def test_page_is_for_editors(client, editor_client):
    assert editor_client.get(URL).status_code == 200
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(URL).status_code == 403


def test_page_needs_a_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/admin/login/")


def test_staff_without_every_import_permission_is_refused(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(codename__in=["add_source", "change_source"])
    )
    client.force_login(staff)

    assert client.get(URL).status_code == 403


def test_sources_list_links_to_the_page(editor_client):
    response = editor_client.get(reverse("admin:summit_source_changelist"))

    assert f'href="{reverse("article_import")}"' in response.content.decode()


def test_sources_list_links_to_the_page_only_for_those_who_may_use_it(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(codename__in=["add_source", "change_source", "view_source"])
    )
    client.force_login(staff)

    response = client.get(reverse("admin:summit_source_changelist"))

    assert response.status_code == 200
    assert reverse("article_import") not in response.content.decode()


def test_check_shows_every_problem_with_its_fix_and_writes_nothing(editor_client):
    before = database_state()

    response = post(editor_client, article=upload(), annotation=BROKEN)

    assert response.status_code == 200
    rows = problem_rows(response)
    assert len(rows) == 3
    assert "[source] has unknown field 'title'" in rows[0] and "did you mean 'title_en'?" in rows[0]
    assert "'lab' is not a valid choice" in rows[1] and "academy, university" in rows[1]
    assert "evidence not found" in rows[2] and "the quote has an extra" in rows[2]
    assert "3 problems: nothing was imported." in response.content.decode()
    assert database_state() == before


def test_markup_shows_as_text_in_the_report_the_article_and_the_result(editor_client):
    script = "<script>alert(1)</script>"
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    article = ARTICLE.replace("揭开帷幕", f"揭开帷幕{script}")
    broken = ANNOTATION.replace('kind = "institute"', f'kind = "{script}"').replace(
        'evidence = "袁涛表示"', f'evidence = "袁涛{script}"'
    )

    checked = post(editor_client, article=upload(article), annotation=broken).content.decode()

    assert script not in checked
    pane = re.search(r'<div class="import-article-text">(.*?)</div>', checked, re.S).group(1)
    assert f"揭开帷幕{escaped}" in pane
    rows = re.findall(r'<tr class="import-problem">(.*?)</tr>', checked, re.S)
    assert len(rows) == 2 and all(escaped in row for row in rows)

    named = ANNOTATION.replace('name = "袁涛"', f'name = "袁涛{script}"')
    imported = post(editor_client, "_import", article=upload(article), annotation=named)

    assert imported.context["imported"]
    html = imported.content.decode()
    assert script not in html
    (records,) = re.findall(r'<ul class="import-records">(.*?)</ul>', html, re.S)
    assert f"袁涛{escaped}" in records


def test_check_keeps_the_article_and_the_annotation_for_the_next_step(editor_client):
    response = post(editor_client, article=upload(), annotation=BROKEN)

    form = response.context["form"]
    assert base64.b64decode(form["article_content"].value()).decode() == ARTICLE
    assert form["article_name"].value() == "second-summit.txt"
    assert form["annotation"].value() == BROKEN
    html = response.content.decode()
    assert "首届峰会在张江科学城揭开帷幕" in html  # the article beside the annotation


def test_corrected_annotation_is_imported_from_the_article_sent_back(editor_client, editor):
    first = post(editor_client, article=upload(), annotation=BROKEN).context["form"]

    response = post(
        editor_client,
        "_import",
        article_content=first["article_content"].value(),
        article_name=first["article_name"].value(),
        annotation=ANNOTATION,
    )

    assert response.status_code == 200
    source = Source.objects.get()
    assert (source.file_name, source.title_en, source.status) == (
        "second-summit.txt",
        "Summit opens",
        Status.DRAFT,
    )
    person = Person.objects.get(import_key="people/test-yuan-tao")
    assert person.status == Status.DRAFT
    assert Citation.objects.count() == 2
    revision = Revision.objects.get()
    assert (revision.comment, revision.user) == (
        "Imported from the admin page: second-summit.txt",
        editor,
    )
    assert Version.objects.get_for_object(person).get().revision == revision
    html = response.content.decode()
    assert reverse("admin:summit_source_change", args=[source.pk]) in html
    assert reverse("admin:summit_person_change", args=[person.pk]) in html
    organisation = Organisation.objects.get(import_key="organisations/test-simm")
    assert reverse("admin:summit_organisation_change", args=[organisation.pk]) in html


def test_another_article_under_the_same_file_name_is_a_problem(editor_client):
    post(editor_client, "_import", article=upload(), annotation=ANNOTATION)
    other = ARTICLE.replace("张江峰会开幕", "细胞产业园获批").replace("2019-11-14", "2019-06-20")
    before = database_state()

    response = post(editor_client, "_import", article=upload(other))

    (row,) = problem_rows(response)
    assert "another article was imported as sources/second-summit" in row
    assert "rename the file" in row
    assert database_state() == before
    assert Source.objects.get().title_zh_hans == "张江峰会开幕"


def test_same_article_uploaded_again_is_the_same_source(editor_client):
    post(editor_client, "_import", article=upload(), annotation=ANNOTATION)
    # Staff corrected the title in the admin since: still the same article.
    Source.objects.update(title_zh_hans="张江峰会隆重开幕")

    response = post(editor_client, "_import", article=upload(), annotation=ANNOTATION)

    assert problem_rows(response) == []
    assert response.context["imported"]
    assert Source.objects.count() == 1


def test_import_published_when_drafts_are_not_asked_for(editor_client):
    post(editor_client, "_import", article=upload(), annotation=ANNOTATION, draft="")

    assert set(Person.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
    assert Source.objects.get().status == Status.PUBLISHED


def test_import_with_a_problem_writes_nothing(editor_client):
    before = database_state()

    response = post(editor_client, "_import", article=upload(), annotation=BROKEN)

    assert len(problem_rows(response)) == 3
    assert database_state() == before


def test_check_reports_what_the_import_will_do(editor_client):
    PersonFactory(name="袁涛", name_en="", slug="yuan-tao-staff", status=Status.DRAFT)
    annotation = ANNOTATION.replace(
        '[people.test-yuan-tao]\nname = "袁涛"', '[people.test-yuan-tao]\nslug = "yuan-tao-staff"'
    )
    before = database_state()

    response = post(editor_client, article=upload(), annotation=annotation)

    rows = response.context["rows"]
    assert [(row["label"], str(row["outcome"])) for row in rows] == [
        ("上海药物研究所", "new"),
        ("袁涛", "updated"),
    ]
    assert database_state() == before


def test_check_as_drafts_reports_what_the_public_would_see_at_once(editor_client):
    PersonFactory(name="袁涛", name_en="", slug="yuan-tao-staff")
    annotation = ANNOTATION.replace(
        '[people.test-yuan-tao]\nname = "袁涛"', '[people.test-yuan-tao]\nslug = "yuan-tao-staff"'
    )

    response = post(editor_client, article=upload(), annotation=annotation)

    (row,) = problem_rows(response)
    assert "people.test-yuan-tao is the published person 袁涛 (yuan-tao-staff)" in row
    assert "import without drafts, or set 袁涛 to draft first" in row


def test_annotation_file_replaces_the_text_area(editor_client):
    annotation = SimpleUploadedFile("a.toml", ANNOTATION.encode("utf-8"))

    post(editor_client, "_import", article=upload(), annotation_file=annotation, annotation="")

    assert Person.objects.filter(import_key="people/test-yuan-tao").exists()


def test_gb18030_article_with_crlf_is_accepted(editor_client):
    response = post(
        editor_client,
        "_import",
        article=upload(ARTICLE.replace("\n", "\r\n"), encoding="gb18030"),
        annotation=ANNOTATION,
    )

    assert response.status_code == 200
    assert Source.objects.get().title_zh_hans == "张江峰会开幕"


MALFORMED = {
    "no article": ({}, "article", "Choose the article"),
    "not a .txt": ({"article": upload(name="article.pdf")}, "article", "Choose the article"),
    "article too large": (
        {"article": upload(ARTICLE + "。" * 400_000)},
        "article",
        "larger than 1 MB",
    ),
    "binary article": (
        {"article": SimpleUploadedFile("a.txt", b"\x89PNG\x00\x01")},
        "article",
        "cannot be read as an article: the file is binary data",
    ),
    "no source line": (
        {"article": upload("标题\n\n正文。\n")},
        "article",
        "no source line",
    ),
    "damaged article sent back": (
        {"article_content": "not base64!", "article_name": "a.txt"},
        "article",
        "damaged",
    ),
    "annotation not UTF-8": (
        {
            "article": upload(),
            "annotation_file": SimpleUploadedFile("a.toml", "名".encode("utf-16")),
        },
        "annotation_file",
        "not UTF-8",
    ),
}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_malformed_post_is_a_form_error_and_writes_nothing(editor_client, case):
    fields, field, message = MALFORMED[case]
    before = database_state()

    response = post(editor_client, "_import", annotation=ANNOTATION, **fields)

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert database_state() == before


@pytest.mark.parametrize("field", ["article", "annotation_file"])
def test_upload_over_1_mb_is_skipped_before_it_is_stored(editor_client, field):
    files = {"article": upload(), field: upload(ARTICLE + "。" * 400_000, name="big.txt")}
    before = database_state()

    response = post(editor_client, "_import", **files)

    assert field not in response.wsgi_request.FILES  # dropped while the request was read
    assert "The file is larger than 1 MB." in response.context["form"].errors[field]
    assert database_state() == before


def test_article_sent_back_over_1_mb_is_refused(editor_client):
    content = base64.b64encode((ARTICLE + "。" * 400_000).encode()).decode()
    before = database_state()

    response = post(
        editor_client, "_import", article_content=content, article_name="a.txt", annotation=""
    )

    assert "The file is larger than 1 MB." in response.context["form"].errors["article"]
    assert database_state() == before


def test_upload_under_the_limit_of_another_page_is_not_skipped(editor_client):
    event = EventFactory()
    url = reverse("schedule_upload", args=[event.pk])
    big = SimpleUploadedFile("schedule.json", b" " * (1024 * 1024 + 1))

    response = editor_client.post(url, {"file": big})

    assert "file" in response.wsgi_request.FILES


def test_malformed_toml_is_one_problem(editor_client):
    response = post(editor_client, article=upload(), annotation='[source\ntitle_en = "x"')

    (row,) = problem_rows(response)
    assert "second-summit.toml" in row and "malformed TOML" in row


def test_article_without_annotation_offers_a_skeleton(editor_client):
    PersonFactory(name="袁涛", name_en="Yuan Tao", slug="yuan-tao")
    OrganisationFactory(name="复旦大学", name_en="Fudan University")

    checked = post(editor_client, article=upload())
    assert 'name="_skeleton"' in checked.content.decode()
    response = post(editor_client, "_skeleton", article=upload())

    skeleton = response.context["form"]["annotation"].value()
    assert (
        '# [people.yuan-tao]\n# slug = "yuan-tao"\n'
        '# evidence = "袁涛表示:“园区将打造细胞产业核心区。”"\n'
    ) in skeleton
    assert "复旦大学" not in skeleton
    assert not Source.objects.exists()


def test_skeleton_does_not_replace_an_annotation(editor_client):
    response = post(editor_client, "_skeleton", article=upload(), annotation=ANNOTATION)

    assert response.context["form"]["annotation"].value() == ANNOTATION
    assert "empty it first" in response.content.decode()
