import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from reversion.models import Version

from summit.models import Person, Status
from tests.admin_forms import admin_form_data
from tests.factories import AffiliationFactory, PersonFactory

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
# django-axes' login records are written by logins only: their admin has no add page.
ADDABLE = [model for model in REGISTERED if model._meta.app_label != "axes"]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_changelist_renders_for_superuser(admin_client, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize("model", ADDABLE, ids=lambda model: model._meta.label)
def test_add_page_renders_for_superuser(admin_client, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 200


def test_content_models_all_registered():
    from django.apps import apps

    content = {
        model
        for label in ("summit", "parks")
        for model in apps.get_app_config(label).get_models()
        if model._meta.model_name not in {"taggedtopic"}
    }
    unregistered = {model._meta.label for model in content} - {
        model._meta.label for model in admin.site._registry
    }
    # Inline-only records are edited on their parent's page.
    assert unregistered <= {
        "summit.Affiliation",
        "summit.EventOrganisation",
        "summit.EventParticipant",
        "summit.EventFigure",
        "parks.ValueChainStage",
        "parks.ParkMembership",
        "parks.ParkRelation",
    }


def test_change_form_shows_language_tabs_and_history(admin_client):
    person = PersonFactory()
    response = admin_client.get(admin_url(Person, "change", person.pk))
    content = response.content.decode()
    assert 'name="name_zh_hans"' in content and 'name="name_en"' in content
    assert "vendor/jquery-ui/jquery-ui.min.js" in content
    assert admin_url(Person, "history", person.pk) in content


def test_editor_can_edit_content(editor_client):
    person = PersonFactory(name="王立群", name_en="")
    url = admin_url(Person, "change", person.pk)
    response = editor_client.post(
        url, admin_form_data(editor_client.get(url), name_en="Wang Liqun")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name_en == "Wang Liqun"


def test_editor_cannot_manage_users(editor_client):
    user_model = get_user_model()
    assert editor_client.get(admin_url(user_model, "changelist")).status_code == 403
    assert editor_client.get(admin_url(user_model, "add")).status_code == 403


def test_publish_action_publishes_and_records_history(admin_client):
    draft = PersonFactory(status=Status.DRAFT)
    response = admin_client.post(
        admin_url(Person, "changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert Version.objects.get_for_object(draft).count() == 1


def test_change_is_recorded_and_can_be_reverted(admin_client):
    person = PersonFactory(name="吴强", name_en="Wu Qiang")
    AffiliationFactory(person=person, title="专职副主任", title_en="Deputy director")
    url = admin_url(Person, "change", person.pk)
    admin_client.post(url, admin_form_data(admin_client.get(url), bio_en="First version."))
    admin_client.post(url, admin_form_data(admin_client.get(url), bio_en="Vandalised."))

    versions = Version.objects.get_for_object(person)
    assert versions.count() == 2
    assert versions.first().revision.user.is_superuser
    first = versions.last()
    revision_url = admin_url(Person, "revision", person.pk, first.pk)
    response = admin_client.post(revision_url, admin_form_data(admin_client.get(revision_url)))

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.bio_en == "First version."
    assert person.affiliations.get().title_en == "Deputy director"


def test_deleted_record_can_be_recovered(admin_client):
    person = PersonFactory(name="袁涛", name_en="Yuan Tao")
    AffiliationFactory(person=person, title="董事长", title_en="Chairman")
    url = admin_url(Person, "change", person.pk)
    admin_client.post(url, admin_form_data(admin_client.get(url)))
    admin_client.post(admin_url(Person, "delete", person.pk), {"post": "yes"})
    assert not Person.objects.filter(pk=person.pk).exists()

    deleted = Version.objects.get_deleted(Person).get()
    assert admin_client.get(admin_url(Person, "recoverlist")).status_code == 200
    recover_url = admin_url(Person, "recover", deleted.pk)
    response = admin_client.post(recover_url, admin_form_data(admin_client.get(recover_url)))

    assert response.status_code == 302
    recovered = Person.objects.get(pk=person.pk)
    assert recovered.name_en == "Yuan Tao"
    assert recovered.affiliations.get().title_en == "Chairman"
