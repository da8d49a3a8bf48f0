"""An editor's journey in Chromium: log in, edit a talk's English title in the admin's language
tabs, see it on the public site, then revert it from the History page."""

import re

import pytest

from summit.models import Talk
from tests.browser.conftest import EDITOR_PASSWORD, TALK

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_TITLE = "Universal CAR-T cells, edited in the browser"


def public_title(page, base_url: str) -> str:
    page.goto(f"{base_url}/en/talks/{TALK}/")
    return page.locator("h1").inner_text()


def test_editor_edits_a_talk_title_and_reverts_it_from_history(
    seeded_site, editor_account, new_page
):
    talk = Talk.objects.get(slug=TALK)
    original_title = talk.title_en
    assert original_title and original_title != NEW_TITLE
    page = new_page()

    page.goto(f"{seeded_site}/en/admin/login/?next=/en/admin/")
    page.locator("#id_username").fill("editor")
    page.locator("#id_password").fill(EDITOR_PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(f"{seeded_site}/en/admin/")
    assert page.locator("#user-tools").count() == 1

    page.goto(f"{seeded_site}/en/admin/summit/talk/{talk.pk}/change/")
    title_en = page.locator("#id_title_en")
    if not title_en.is_visible():  # modeltranslation's jQuery UI tabs show one language
        page.locator('a[href="#tab_id_title_en"]').click()
    title_en.fill(NEW_TITLE)
    page.locator('.submit-row [name="_save"]').last.click()
    page.wait_for_url(f"{seeded_site}/en/admin/summit/talk/")
    assert page.locator(".messagelist .success").count() == 1

    assert public_title(page, seeded_site) == NEW_TITLE

    page.goto(f"{seeded_site}/en/admin/summit/talk/{talk.pk}/change/")
    page.locator("a.historylink").click()
    page.wait_for_url(re.compile(r"/history/$"))
    history = page.locator("#change-history tbody tr")
    assert history.count() == 2  # the import, then this edit
    history.filter(has_text="Imported by import_seeds").locator("a").click()
    page.wait_for_url(re.compile(r"/history/\d+/$"))
    assert page.locator("#id_title_en").input_value() == original_title
    page.locator('.submit-row [name="_save"]').last.click()
    page.wait_for_url(f"{seeded_site}/en/admin/summit/talk/")
    assert page.locator(".messagelist .success").count() == 1

    assert public_title(page, seeded_site) == original_title
    talk.refresh_from_db()
    assert talk.title_en == original_title
