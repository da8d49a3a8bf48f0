"""An editor brings in a second article from the admin, in Chromium (issue 14).

Staff had entered the second summit by hand, as a draft. The editor opens Sources → Import an
article, uploads the worked example of seeds/README.md with an annotation holding three mistakes,
reads all three with their fixes in one report, corrects them in the text area beside the
article, imports as drafts, previews the new talk on the site (draft banner); a visitor sees
none of it yet. The editor publishes the event, the talk and the source with their lists'
action, and the visitor then finds them. No CSP violation on the way. Screenshots of the page,
at phone and desktop sizes in both languages, go to var/screenshots/.
"""

import datetime
import re

import pytest

from summit.models import Event, Source, Status, Talk
from tests.browser.conftest import SCREENSHOTS, csp_violations, login_as
from tests.factories import EventFactory
from tests.importer.test_worked_example import ANNOTATION, ARTICLE, EVENT_SLUG, MISTAKES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TALK_SLUG = "second-summit-nk-cells"
TALK_TITLE = "Latest advances in NK cell therapy"
THEME = "Cell therapy: from the laboratory to the clinic"
SOURCE_SLUG = "001_second_summit"


@pytest.fixture
def staff_event(seeded_site) -> Event:
    """The second summit, entered by hand as a draft before the article came."""
    return EventFactory(
        name="第二届张江细胞治疗国际峰会",
        name_en="Second Zhangjiang Cell Therapy International Summit",
        slug=EVENT_SLUG,
        start_date=datetime.date(2020, 11, 20),
        theme="",
        theme_en="",
        status=Status.DRAFT,
    )


def annotation_with_mistakes() -> str:
    text = ANNOTATION.read_text(encoding="utf-8")
    for right, wrong in MISTAKES:
        text = text.replace(right, wrong)
    return text


def check_with_mistakes(page, base_url: str, language: str) -> None:
    page.goto(f"{base_url}/{language}/admin/summit/source/import/")
    page.locator("#id_article").set_input_files(str(ARTICLE))
    page.locator("#id_annotation").fill(annotation_with_mistakes())
    page.locator('.submit-row [name="_check"]').click()
    page.wait_for_load_state()


def test_editor_corrects_three_mistakes_imports_drafts_and_publishes_a_talk(
    seeded_site, staff_event, editor_account, new_page, client
):
    page = new_page()
    login_as(page.context, client, editor_account, seeded_site)
    violations = []

    page.goto(f"{seeded_site}/en/admin/summit/source/")
    page.get_by_role("link", name="Import an article").click()
    page.wait_for_url(re.compile(r"/en/admin/summit/source/import/$"))
    page.locator("#id_article").set_input_files(str(ARTICLE))
    page.locator("#id_annotation").fill(annotation_with_mistakes())
    page.locator('.submit-row [name="_check"]').click()
    page.wait_for_load_state()
    violations += csp_violations(page)

    # All three mistakes, each with its fix, in one report.
    problems = page.locator("tr.import-problem")
    assert problems.count() == 3
    texts = problems.all_inner_texts()
    assert "the article has ',' (half-width) where the quote has '\uff0c' (full-width)" in texts[0]
    assert "choose one of: exactly, about, more_than" in texts[1]
    assert "did you mean 'tian-zhigang'?" in texts[2]
    assert page.locator(".import-article-text").get_by_text("田志刚在大会报告中").count() == 1
    assert not Source.objects.filter(file_name="001_second_summit.txt").exists()

    # Corrected in the text area, beside the article, which stays loaded.
    annotation = page.locator("#id_annotation")
    text = annotation.input_value()
    for right, wrong in MISTAKES:
        text = text.replace(wrong, right)
    annotation.fill(text)
    page.locator('.submit-row [name="_check"]').click()
    page.wait_for_load_state()
    assert page.locator("tr.import-problem").count() == 0
    assert page.get_by_text("No problems found").count() == 1
    assert page.locator("#id_draft").is_checked()
    page.locator('.submit-row [name="_import"]').click()
    page.wait_for_load_state()
    violations += csp_violations(page)

    assert page.get_by_text("001_second_summit.txt was imported").count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "article-import-result-desktop-en.png", full_page=True)
    talk = Talk.objects.get(slug=TALK_SLUG)
    assert talk.status == Status.DRAFT and talk.event == staff_event

    # Preview the draft from its admin page, then publish it with the list's action.
    page.locator(".import-records").get_by_role("link", name="NK细胞治疗的最新进展").click()
    page.wait_for_url(re.compile(rf"/admin/summit/talk/{talk.pk}/change/$"))
    page.locator("a.viewsitelink").click()
    page.wait_for_url(re.compile(rf"/en/talks/{TALK_SLUG}/$"))
    assert page.locator(".draft-banner").is_visible()
    assert page.locator("h1").inner_text() == TALK_TITLE
    violations += csp_violations(page)

    # Before anyone publishes, the public sees none of it: not the event, the talk, the
    # source, nor the new citations and talk on the pages of the person and the park.
    visitor = new_page()
    for path in (f"events/{EVENT_SLUG}/", f"talks/{TALK_SLUG}/", f"sources/{SOURCE_SLUG}/"):
        assert visitor.goto(f"{seeded_site}/en/{path}").status == 404
    for path in ("people/tian-zhigang/", "parks/zhangjiang-cell-industry-park/", "events/"):
        assert visitor.goto(f"{seeded_site}/en/{path}").status == 200
        text = visitor.locator("main").inner_text()
        for new in (
            TALK_TITLE,
            "NK细胞治疗的最新进展",
            "Second Zhangjiang",
            "第二届",
            "001_second",
            "80余家",
        ):
            assert new not in text, (path, new)

    # Published with each list's action: the event, the talk, the source.
    source = Source.objects.get(file_name="001_second_summit.txt")
    for record in (staff_event, talk, source):
        options = record._meta
        page.goto(
            f"{seeded_site}/en/admin/{options.app_label}/{options.model_name}/?id__exact={record.pk}"
        )
        page.locator(f'input.action-select[value="{record.pk}"]').check()
        page.locator('select[name="action"]').select_option("publish")
        page.locator('button[name="index"]').click()
        page.wait_for_load_state()
        assert page.locator(".messagelist .success").count() == 1
        violations += csp_violations(page)

    response = visitor.goto(f"{seeded_site}/en/talks/{TALK_SLUG}/")
    assert response.status == 200
    assert visitor.locator("h1").inner_text() == TALK_TITLE
    assert visitor.locator(".draft-banner").count() == 0
    response = visitor.goto(f"{seeded_site}/en/events/{EVENT_SLUG}/")
    assert response.status == 200
    assert THEME in visitor.locator("main").inner_text()
    assert violations == []


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_import_page_fits_the_screen(
    seeded_site, staff_event, editor_account, new_page, client, viewport, language
):
    page = new_page(viewport)
    login_as(page.context, client, editor_account, seeded_site)

    check_with_mistakes(page, seeded_site, language)

    assert page.locator("tr.import-problem").count() == 3
    # The page itself never scrolls sideways: wide tables scroll in their own box.
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert csp_violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"article-import-{viewport}-{language}.png", full_page=True)
