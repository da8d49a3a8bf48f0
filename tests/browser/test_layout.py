"""Every public page type fits a phone and a desktop screen in both languages: no sideways
scrolling and nothing cut off at the right edge. A full-page screenshot of each is kept in
var/screenshots/ for a person to look at."""

import pytest

from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Elements whose right edge lies beyond the viewport, skipping what nobody sees (visually
# hidden, not rendered) and what sits in a box the reader can scroll sideways on purpose.
FIND_OVERFLOW = """
(width) => {
  const scrollsSideways = (element) => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(box).overflowX)) return true;
    }
    return false;
  };
  const describe = (element) =>
    element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") +
    (typeof element.className === "string" && element.className
      ? "." + element.className.trim().split(/\\s+/).join(".") : "") +
    ' "' + (element.textContent || "").trim().slice(0, 40) + '"';
  const offenders = [];
  for (const element of document.body.querySelectorAll("*")) {
    if (element.closest(".visually-hidden")) continue;
    const style = getComputedStyle(element);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right > width + 0.5 && !scrollsSideways(element)) {
      offenders.push(describe(element) + " ends at " + Math.round(box.right) + "px");
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    offenders: offenders,
  };
}
"""


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_public_pages_fit_the_screen(seeded_site, new_page, viewport, report):
    width, _height = VIEWPORTS[viewport]
    page = new_page(viewport)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    findings = {}
    for public_page in public_pages():
        response = page.goto(seeded_site + public_page.path)
        assert response.status == 200, public_page
        # Citations fold away in <details>; open them so their evidence is measured too.
        page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        page.evaluate("document.fonts.ready.then(() => true)")
        layout = page.evaluate(FIND_OVERFLOW, width)
        problems = list(layout["offenders"][:5])
        if layout["innerWidth"] != width:  # a phone zooms out when the page is too wide
            problems.append(f"window.innerWidth is {layout['innerWidth']}, not {width}")
        if layout["scrollWidth"] > width:
            problems.append(f"scrolls sideways: scrollWidth {layout['scrollWidth']} > {width}")
        if problems:
            findings[public_page.label] = problems
        page.screenshot(path=SCREENSHOTS / f"{public_page.label}-{viewport}.png", full_page=True)

    report(
        f"layout {viewport} ({width}px): {len(public_pages())} pages, "
        f"{len(findings)} too wide; screenshots in {SCREENSHOTS}/*-{viewport}.png"
    )
    assert not findings, "pages wider than the screen:\n" + "\n".join(
        f"  {label}: {'; '.join(problems)}" for label, problems in findings.items()
    )
