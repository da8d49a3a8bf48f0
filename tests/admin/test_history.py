"""History, revert and recovery in the admin: each concerns the record the editor is looking at."""

import re

import pytest
import reversion
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from reversion.models import Revision, Version

from summit.models import Citation, Event, Status, Talk
from tests.admin_forms import admin_form_data
from tests.factories import EventFactory, SourceFactory, TalkFactory

pytestmark = pytest.mark.django_db


def admin_url(model, view, *args):
    with translation.override("en"):
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def save_form(client, url, **changes):
    response = client.post(url, admin_form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def history_text(client, record) -> str:
    """The entries of the record's History page, one line each: date, editor, what changed."""
    content = client.get(admin_url(type(record), "history", record.pk)).content.decode()
    table = content.partition('<table id="change-history">')[2].partition("</table>")[0]
    rows = table.split("<tr>")[2:]  # after the header's
    return "\n".join(" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows)


def revision_url(record, version) -> str:
    return admin_url(type(record), "revision", record.pk, version.pk)


def version_in(record, revision) -> Version:
    return Version.objects.get_for_object(record).get(revision=revision)


def run_action(client, model, action, records):
    return client.post(
        admin_url(model, "changelist"),
        {"action": action, "_selected_action": [record.pk for record in records]},
    )


def test_list_action_records_one_revision_per_record_with_editor_and_comment(editor_client, editor):
    talks = TalkFactory.create_batch(3, status=Status.DRAFT)

    response = run_action(editor_client, Talk, "publish", talks)

    assert response.status_code == 302
    revisions = {Version.objects.get_for_object(talk).get().revision for talk in talks}
    assert len(revisions) == 3
    assert {revision.user for revision in revisions} == {editor}
    assert "Changed Status to “Published” with a list action." in history_text(
        editor_client, talks[0]
    )


def test_reverting_one_talk_of_a_list_action_leaves_the_others_as_they_were(editor_client):
    talks = TalkFactory.create_batch(6, status=Status.DRAFT)
    run_action(editor_client, Talk, "publish", talks)
    published = Version.objects.get_for_object(talks[0]).get()
    first, second = talks[0], talks[1]
    save_form(editor_client, admin_url(Talk, "change", first.pk), title_en="Renamed")
    save_form(editor_client, admin_url(Talk, "change", second.pk), status=Status.DRAFT)

    url = revision_url(first, published)
    response = editor_client.post(url, admin_form_data(editor_client.get(url)))

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.title_en != "Renamed" and first.status == Status.PUBLISHED
    assert Talk.objects.get(pk=second.pk).status == Status.DRAFT
    assert Talk.objects.filter(status=Status.PUBLISHED).count() == 5


@pytest.fixture
def imported_talks():
    """Three talks written in one revision, as an import writes them, then each edited."""
    talks = TalkFactory.create_batch(3, title_en="As imported")
    with reversion.create_revision():
        reversion.set_comment("Imported by import_seeds from seeds/article.md")
        for talk in talks:
            talk.save()
    for number, talk in enumerate(talks):
        talk.title_en = f"Edited {number}"
        with reversion.create_revision():
            talk.save()
    return talks


def test_revert_changes_only_the_record_of_a_shared_revision(editor_client, imported_talks):
    first, *others = imported_talks
    imported = Version.objects.get_for_object(first).order_by("pk").first()
    url = revision_url(first, imported)

    response = editor_client.post(url, admin_form_data(editor_client.get(url)))

    assert response.status_code == 302
    assert Talk.objects.get(pk=first.pk).title_en == "As imported"
    assert [Talk.objects.get(pk=talk.pk).title_en for talk in others] == ["Edited 1", "Edited 2"]
    revert = Revision.objects.latest("pk")
    assert [version.object_id for version in revert.version_set.all()] == [str(first.pk)]


def test_revert_page_lists_the_other_records_and_can_revert_the_whole_change(
    editor_client, imported_talks
):
    first, *others = imported_talks
    imported = Version.objects.get_for_object(first).order_by("pk").first()
    url = revision_url(first, imported)

    page = editor_client.get(url)
    content = page.content.decode()
    assert "This change also touched:" in content
    assert all(f"Talk: {talk.title_zh_hans}" in content for talk in others)
    assert 'name="revert" value="record" checked' in content

    response = editor_client.post(url, admin_form_data(page, revert="whole"), follow=True)

    titles = [Talk.objects.get(pk=talk.pk).title_en for talk in imported_talks]
    assert titles == ["As imported"] * 3
    assert "and 2 other records were reverted" in response.content.decode()


def test_revert_page_of_a_record_saved_alone_offers_no_choice(editor_client):
    talk = TalkFactory()
    url = admin_url(Talk, "change", talk.pk)
    save_form(editor_client, url, title_en="First")
    version = Version.objects.get_for_object(talk).get()

    content = editor_client.get(revision_url(talk, version)).content.decode()

    assert "This change also touched:" not in content
    assert 'name="revert"' not in content


def test_revert_brings_back_the_records_own_inline_rows_only(editor_client):
    talk = TalkFactory()
    source = SourceFactory()
    talk_type = ContentType.objects.get_for_model(Talk)
    kept = Citation.objects.create(
        source=source, content_type=talk_type, object_id=talk.pk, evidence="Original."
    )
    url = admin_url(Talk, "change", talk.pk)
    save_form(editor_client, url, title_en="First")
    version = Version.objects.get_for_object(talk).get()
    kept.evidence = "Changed later."
    kept.save()
    added = Citation.objects.create(
        source=source, content_type=talk_type, object_id=talk.pk, evidence="Added later."
    )
    with reversion.create_revision():
        added.save()
    of_event = Citation.objects.create(
        source=source,
        content_type=ContentType.objects.get_for_model(Event),
        object_id=talk.event.pk,
        evidence="The event's own.",
    )

    url = revision_url(talk, version)
    page = editor_client.get(url)
    content = page.content.decode()
    assert "Reverting removes what was added here since:" in content
    assert "Added later." in content and "This change also touched:" not in content

    editor_client.post(url, admin_form_data(page))

    assert list(talk.citations.values_list("evidence", flat=True)) == ["Original."]
    assert Citation.objects.filter(pk=of_event.pk).exists()


def test_talk_history_leaves_out_saves_of_its_event(editor_client):
    talk = TalkFactory(title_en="Cell therapy today")
    save_form(editor_client, admin_url(Talk, "change", talk.pk), title_en="Cell therapy now")
    event_url = admin_url(Event, "change", talk.event.pk)

    save_form(editor_client, event_url, name_en="Summit, renamed")

    assert "Name (English)" in history_text(editor_client, talk.event)
    talk_history = history_text(editor_client, talk)
    assert "Title (English)" in talk_history
    assert "Name (English)" not in talk_history
    assert Version.objects.get_for_object(talk).count() == 2  # the event's save snapshots it


def test_talk_edited_on_its_event_page_shows_in_both_histories(editor_client):
    talk = TalkFactory(title_en="Cell therapy today")
    event = talk.event
    event_url = admin_url(Event, "change", event.pk)
    save_form(editor_client, event_url, name_en="Summit, renamed")
    prefix = editor_client.get(event_url).context["inline_admin_formsets"]
    talk_prefix = next(inline.formset.prefix for inline in prefix if inline.formset.model is Talk)

    save_form(editor_client, event_url, **{f"{talk_prefix}-0-title_en": "Cell therapy now"})

    sentence = "Changed Title (English) for talk “Cell therapy now”."
    assert sentence in history_text(editor_client, talk)
    assert sentence in history_text(editor_client, event)
    assert len(history_text(editor_client, event).splitlines()) == 2


def test_deleted_talk_is_recovered_with_its_citations_and_says_so(editor_client):
    talk = TalkFactory(title_en="Gene editing")
    Citation.objects.create(
        source=SourceFactory(),
        content_type=ContentType.objects.get_for_model(Talk),
        object_id=talk.pk,
        evidence="Quoted.",
    )
    save_form(editor_client, admin_url(Talk, "change", talk.pk))
    editor_client.post(admin_url(Talk, "delete", talk.pk), {"post": "yes"})
    deleted = Version.objects.get_deleted(Talk).get()
    recover_url = admin_url(Talk, "recover", deleted.pk)

    response = editor_client.post(
        recover_url, admin_form_data(editor_client.get(recover_url)), follow=True
    )

    assert "The talk “Gene editing” was recovered." in response.content.decode()
    recovered = Talk.objects.get(pk=talk.pk)
    assert list(recovered.citations.values_list("evidence", flat=True)) == ["Quoted."]
    assert "Recovered after it was deleted." in history_text(editor_client, recovered)


def test_reverting_an_event_names_the_talks_it_changes_back(editor_client):
    talk, unchanged = TalkFactory.create_batch(2, event=EventFactory())
    event_url = admin_url(Event, "change", talk.event.pk)
    save_form(editor_client, event_url, name_en="Summit, renamed")
    version = Version.objects.get_for_object(talk.event).get()
    run_action(editor_client, Talk, "unpublish", [talk])

    content = editor_client.get(revision_url(talk.event, version)).content.decode()

    changes = content.partition("Reverting also changes these rows of this page back:")[2]
    changes = changes.partition("</fieldset>")[0]
    assert f"Talk: {talk.title_en}" in changes  # named as saved, from an English page
    assert unchanged.title_en not in changes
