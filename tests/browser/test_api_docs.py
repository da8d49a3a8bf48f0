"""The API's documentation page in a real browser: Swagger UI draws every operation from the
OpenAPI document, a request tried from it gets data, and nothing breaks the site's
Content-Security-Policy (no inline script or style, no third-party origin). Screenshots at
phone and desktop sizes in both languages go to var/screenshots/."""

import pytest

from tests.browser.conftest import SCREENSHOTS, csp_violations

# securitypolicyviolation events are queued as tasks: give them a moment to be dispatched.
SETTLE = "() => new Promise((resolve) => setTimeout(resolve, 200))"
OPERATIONS = 18


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_docs_page_shows_every_operation_within_the_policy(
    seeded_site, new_page, report, viewport, language
):
    page = new_page(viewport)
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((seeded_site, "data:"))
            else None
        ),
    )

    response = page.goto(f"{seeded_site}/api/v1/docs/?lang={language}")

    assert response.status == 200
    page.wait_for_selector(".opblock-summary-path")
    assert page.locator(".opblock").count() == OPERATIONS
    page.evaluate(SETTLE)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"api-docs-{viewport}-{language}.png", full_page=True)
    assert csp_violations(page) == []
    assert outside == []
    report(f"API docs ({viewport}, {language}): {OPERATIONS} operations, no CSP violation")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_trying_an_operation_from_the_docs_page_gets_data(seeded_site, new_page):
    page = new_page("desktop")
    page.goto(f"{seeded_site}/api/v1/docs/?lang=en")
    events = page.locator(".opblock", has=page.locator('[data-path="/api/v1/events/"]'))
    events.locator(".opblock-summary").click()
    events.locator(".try-out__btn").click()
    events.locator(".execute").click()

    # The server's answer, not the documented example shown below it from the start.
    body = events.locator(".live-responses-table .response-col_description .microlight").first
    body.wait_for()
    assert "zhangjiang-cell-therapy-summit-2019" in body.inner_text()
    page.evaluate(SETTLE)
    assert csp_violations(page) == []
