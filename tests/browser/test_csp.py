"""The Content-Security-Policy holds in a real browser: no page of the public site or of the
admin breaks it (an inline script or style, a third-party file), and every response sends one."""

import pytest

from summit.models import Talk
from tests.browser.conftest import (
    TALK,
    admin_paths,
    csp_violations,
    public_pages,
    visit_checked_pages,
)

# securitypolicyviolation events are queued as tasks: give them a moment to be dispatched.
SETTLE = "() => new Promise((resolve) => setTimeout(resolve, 100))"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_page_violates_the_content_security_policy(
    seeded_site, new_page, client, admin_user, report
):
    page = new_page()
    findings = {}

    def check(label: str) -> None:
        page.evaluate(SETTLE)
        if violations := csp_violations(page):
            findings[label] = violations

    visit_checked_pages(page, seeded_site, client, admin_user, check)

    report(
        f"CSP: {len(public_pages()) + 3} pages (public and admin), "
        f"{sum(map(len, findings.values()))} violations"
    )
    assert not findings, "Content-Security-Policy violations:\n" + "\n".join(
        f"  {label}: {violation}"
        for label, violations in findings.items()
        for violation in violations
    )


# ---------------------------------------------------------------------------------------------
# THE CSP HEADER ASSERTION: every page, public and admin, must send a Content-Security-Policy.
# ---------------------------------------------------------------------------------------------
def test_every_page_sends_a_content_security_policy_header(seeded, admin_client):
    admin = admin_paths(Talk.objects.get(slug=TALK).pk)
    paths = [public_page.path for public_page in public_pages()] + list(admin.values())
    missing = []
    for path in paths:
        response = admin_client.get(path, follow=True)
        assert response.status_code == 200, path
        if "Content-Security-Policy" not in response.headers:
            missing.append(path)
    assert not missing, f"no Content-Security-Policy header on: {', '.join(missing)}"
