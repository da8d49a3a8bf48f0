"""axe-core, run in Chromium on every public page type in both languages and on the admin's
login, a changelist and a change form: no serious or critical accessibility violation."""

from collections import Counter

import pytest

from tests.browser.conftest import visit_checked_pages

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
    results = {}

    def check(label: str) -> None:
        page.evaluate(axe_source)
        results[label] = page.evaluate(RUN_AXE)

    visit_checked_pages(page, seeded_site, client, admin_user, check)

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
