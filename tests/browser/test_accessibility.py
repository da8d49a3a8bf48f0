"""axe-core, run in Chromium on every public page type in both languages and on the admin's
login, a changelist and a change form: no serious or critical accessibility violation."""

from collections import Counter

import pytest

from summit.models import Talk
from tests.browser.conftest import TALK, admin_paths, login_as, public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}
# page.evaluate runs in the page through DevTools, which the page's CSP does not govern, so
# axe can be added to pages that (rightly) refuse inline and third-party scripts.
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(" ")),
    count: violation.nodes.length,
  }));
}"""


def test_pages_have_no_serious_accessibility_violations(
    seeded_site, new_page, axe_source, client, admin_user, report
):
    page = new_page()
    admin = admin_paths(Talk.objects.get(slug=TALK).pk)
    results = {}

    def check(label: str, path: str) -> None:
        response = page.goto(seeded_site + path)
        assert response.status == 200, (label, response.status)
        page.evaluate(axe_source)
        results[label] = page.evaluate(RUN_AXE)

    for public_page in public_pages():
        check(public_page.label, public_page.path)
    check("admin-login", admin["admin-login"])
    login_as(page.context, client, admin_user, seeded_site)
    check("admin-changelist", admin["admin-changelist"])
    check("admin-change-form", admin["admin-change-form"])

    report(f"axe-core on {len(results)} pages (violations by impact):")
    for label, violations in results.items():
        if violations:
            impacts = Counter(violation["impact"] for violation in violations)
            summary = ", ".join(f"{impact} {count}" for impact, count in sorted(impacts.items()))
            rules = ", ".join(violation["id"] for violation in violations)
            report(f"  {label}: {summary} ({rules})")
    report(f"  none on: {', '.join(label for label, found in results.items() if not found)}")

    blocking = [
        f"  {label}: {violation['impact']} {violation['id']} ({violation['help']}) "
        f"×{violation['count']} at {violation['targets'][:5]}"
        for label, violations in results.items()
        for violation in violations
        if violation["impact"] in BLOCKING
    ]
    assert not blocking, "serious or critical accessibility violations:\n" + "\n".join(blocking)
