"""What the admin says: the site's name, publication status, and readable names in history and
delete confirmations."""

import datetime
import re
import zoneinfo

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from summit.admin.base import ContentAdmin
from summit.models import Event, EventOrganisation, Person, Status, Talk
from tests.admin_forms import admin_form_data
from tests.factories import OrganisationFactory, PersonFactory, TalkFactory

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def admin_url(model, view, *args, language="en"):
    with translation.override(language):
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def page_text(response) -> str:
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", content).split())


def history_text(client, record, language="en") -> str:
    url = admin_url(type(record), "history", record.pk, language=language)
    content = client.get(url).content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", content.partition('id="change-history"')[2]).split())


def inline_prefix(response, model) -> str:
    return next(
        inline.formset.prefix
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is model
    )


def test_admin_pages_name_the_site(editor_client):
    response = editor_client.get("/en/admin/")

    content = response.content.decode()
    assert (
        "<title>Site content | Zhangjiang Cell Therapy Summit · Administration</title>" in content
    )
    assert ">Zhangjiang Cell Therapy Summit · Administration</a>" in content
    assert "Django" not in page_text(response)


def test_status_column_says_when_a_record_is_scheduled(editor_client):
    TalkFactory(
        title_en="Scheduled talk",
        publish_at=datetime.datetime(2099, 11, 29, 10, 0, tzinfo=SHANGHAI),
    )
    TalkFactory(title_en="Public talk", publish_at=timezone.now() - datetime.timedelta(hours=1))
    TalkFactory(title_en="Draft talk", status=Status.DRAFT)

    content = editor_client.get(admin_url(Talk, "changelist")).content.decode()

    rows = re.findall(
        r'field-title">.*?>([^<]+)</a>.*?field-publication_status">([^<]*)<', content, re.S
    )
    assert dict(rows) == {
        "Scheduled talk": "Scheduled for 29 Nov 2099 10:00",
        "Public talk": "Published",
        "Draft talk": "Draft",
    }


def test_every_content_list_has_the_status_column(admin_user):
    request = RequestFactory().get("/en/admin/")
    request.user = admin_user
    content_admins = [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, ContentAdmin)
    ]

    assert len(content_admins) >= 8
    for model_admin in content_admins:
        assert "publication_status" in model_admin.get_list_display(request), model_admin


def test_delete_confirmation_names_a_persons_talks_readably(editor_client):
    person = PersonFactory(name_en="Zhang Wei")
    TalkFactory(title_en="Cell therapy now").speakers.add(person)

    text = page_text(editor_client.get(admin_url(Person, "delete", person.pk)))

    assert "Speakers (talk): Cell therapy now – Zhang Wei" in text
    assert "object (" not in text


def test_history_names_translated_fields_by_their_language(editor_client):
    talk = TalkFactory()
    url = admin_url(Talk, "change", talk.pk)

    editor_client.post(url, admin_form_data(editor_client.get(url), title_en="Cell therapy now"))

    history = history_text(editor_client, talk)
    assert "Changed Title (English)" in history
    assert "[en]" not in history


def test_history_names_a_role_in_the_readers_language(editor_client):
    event = TalkFactory().event
    organisation = OrganisationFactory(name_en="Fudan University")
    url = admin_url(Event, "change", event.pk)
    page = editor_client.get(url)
    roles = inline_prefix(page, EventOrganisation)
    new_row = {
        f"{roles}-TOTAL_FORMS": 1,
        f"{roles}-0-organisation": organisation.pk,
        f"{roles}-0-role": EventOrganisation.Role.CO_HOST,
        f"{roles}-0-order": 0,
    }

    editor_client.post(url, admin_form_data(page, **new_row))

    assert "Fudan University (Co-host," in history_text(editor_client, event)
    chinese = history_text(editor_client, event, language="zh-hans")
    assert "联合主办" in chinese and "Co-host" not in chinese


def test_history_of_a_list_action_names_the_status_in_the_readers_language(editor_client):
    talk = TalkFactory(status=Status.DRAFT)
    editor_client.post(
        admin_url(Talk, "changelist"), {"action": "publish", "_selected_action": [talk.pk]}
    )

    assert "“Published”" in history_text(editor_client, talk)
    assert "“已发布”" in history_text(editor_client, talk, language="zh-hans")


def test_saving_without_an_english_name_warns_and_saves(editor_client):
    person = PersonFactory(name="李明", name_en="Li Ming")
    url = admin_url(Person, "change", person.pk)

    response = editor_client.post(
        url, admin_form_data(editor_client.get(url), name_en=""), follow=True
    )

    warnings = [str(message) for message in response.context["messages"]]
    assert any("No English name or title yet for “李明”" in message for message in warnings)
    person.refresh_from_db()
    assert not person.name_en


def test_saving_with_both_names_gives_no_warning(editor_client):
    person = PersonFactory(name="李明", name_en="Li Ming")
    url = admin_url(Person, "change", person.pk)

    response = editor_client.post(url, admin_form_data(editor_client.get(url)), follow=True)

    assert not any("No English" in str(message) for message in response.context["messages"])


def test_an_inline_talk_without_an_english_title_is_named_in_the_warning(editor_client):
    talk = TalkFactory(title="报告甲", title_en="Talk A")
    url = admin_url(Event, "change", talk.event.pk)
    data = admin_form_data(editor_client.get(url))
    data["talks-0-title_en"] = ""

    response = editor_client.post(url, data, follow=True)

    assert any("“报告甲”" in str(message) for message in response.context["messages"])
