"""Browser journeys and independent validators.

Playwright drives Debian's Chromium (never a browser of its own) against pytest-django's live
server with the seed article imported; the W3C Nu HTML Checker and axe-core come from npm
(`package.json`). `.ci/run` installs all of them. On a developer's machine without them these
tests skip and say why; in CI (`CI=true`) a missing tool fails the run instead.
"""

import os
import shutil
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from summit.editors import EDITORS_GROUP
from summit.models import Talk

# Playwright's sync API runs an asyncio loop in the test's thread; the ORM refuses to run in a
# thread with a running loop unless told it is safe, which it is here: the loop only waits.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
# pretalx's exports, beside the repository as in CI (see README, "Tests").
BENCH = Path(settings.BASE_DIR).parent / "shared" / "bench"
SMALL_SCHEDULE = BENCH / "pretalx-small-schedule.json"
LARGE_SCHEDULE = BENCH / "pretalx-large-schedule.json"
SCHEDULED_EVENT = "small"  # the slug import_schedule gives pretalx's small event

LANGUAGES = ("zh-hans", "en")
# What <html lang> says for each URL prefix.
HTML_LANG = {"zh-hans": "zh-Hans", "en": "en"}
VIEWPORTS = {"phone": (390, 844), "desktop": (1366, 900)}

EVENT = "zhangjiang-cell-therapy-summit-2019"
TALK = "summit-2019-off-the-shelf-car-t"
PERSON = "tian-zhigang"
ORGANISATION = "cas"
PARK = "zhangjiang-cell-industry-park"
SOURCE = "000_f3128c6eecc96df2"
TOPIC = "car-t"

# Records the page's Content-Security-Policy violations, from before any of its own scripts run.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push({
    directive: event.effectiveDirective || event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
    disposition: event.disposition,
  });
});
"""


FINDINGS = pytest.StashKey[list]()


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "browser: needs Debian's Chromium, Java or the npm validators; skipped when they are "
        "absent, except in CI (CI=true), where that fails",
    )
    config.stash[FINDINGS] = []


def pytest_terminal_summary(terminalreporter, config):
    """The checks' figures and where the screenshots are, shown even when everything passes."""
    lines = config.stash.get(FINDINGS, [])
    if lines:
        terminalreporter.section("browser checks and validators")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture
def report(request):
    """Print a line now (with -s) and again in the summary at the end of the run."""

    def add(line: str) -> None:
        print(line)
        request.config.stash[FINDINGS].append(line)

    return add


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(present: bool, what: str) -> None:
    """Skip a test whose tool is missing on a developer's machine; fail it in CI."""
    if present:
        return
    message = f"{what} is missing: `bash .ci/run` installs it (apt-get and npm ci)"
    if in_ci():
        pytest.fail(f"{message}; CI=true, so this is a failure, not a skip", pytrace=False)
    pytest.skip(message)


@dataclass(frozen=True)
class PublicPage:
    """One public page type in one language, with the path to open it."""

    name: str
    language: str
    path: str

    @property
    def label(self) -> str:
        return f"{self.name}-{self.language}"


def _public_paths() -> list[tuple[str, str]]:
    return [
        ("home", reverse("website:home")),
        ("event-list", reverse("summit:event_list")),
        ("event", reverse("summit:event_detail", args=[EVENT])),
        ("talk", reverse("summit:talk_detail", args=[TALK])),
        ("person-list", reverse("summit:person_list")),
        ("person", reverse("summit:person_detail", args=[PERSON])),
        ("organisation-list", reverse("summit:organisation_list")),
        ("organisation", reverse("summit:organisation_detail", args=[ORGANISATION])),
        ("topic-list", reverse("website:topic_list")),
        ("topic", reverse("website:topic_detail", args=[TOPIC])),
        ("park-list", reverse("parks:park_list")),
        ("park", reverse("parks:park_detail", args=[PARK])),
        ("source-list", reverse("summit:source_list")),
        ("source", reverse("summit:source_detail", args=[SOURCE])),
        ("search", reverse("website:search") + "?q=CAR-T"),
        ("programme", reverse("summit:event_programme", args=[EVENT])),
        ("programme-grid", reverse("summit:event_programme", args=[SCHEDULED_EVENT])),
        ("my-programme", reverse("summit:my_programme", args=[SCHEDULED_EVENT]) + chosen_talks()),
        ("timed-talk", Talk.objects.filter(event__slug=SCHEDULED_EVENT).first().get_absolute_url()),
    ]


def chosen_talks() -> str:
    """A visitor's choice of three talks of the scheduled event, two of them at the same time."""
    talks = Talk.objects.filter(event__slug=SCHEDULED_EVENT).order_by("starts_at", "pk")[:3]
    return "?talks=" + ",".join(str(talk.pk) for talk in talks)


def public_pages(languages=LANGUAGES) -> list[PublicPage]:
    """Every public page type of the seeded site, in each of `languages`."""
    pages = []
    for language in languages:
        with translation.override(language):
            pages += [PublicPage(name, language, path) for name, path in _public_paths()]
    return pages


def admin_paths(talk_pk: int) -> dict[str, str]:
    """The admin pages the CSP and accessibility checks open: login, a changelist, a form."""
    with translation.override("en"):
        return {
            "admin-login": reverse("admin:login"),
            "admin-changelist": reverse("admin:summit_talk_changelist"),
            "admin-change-form": reverse("admin:summit_talk_change", args=[talk_pk]),
        }


EDITOR_PASSWORD = "a long editor passphrase 2026"


@pytest.fixture
def editor_account():
    """A staff member in the Editors group, with a password to type into the login form."""
    user = get_user_model().objects.create_user(
        "editor", "editor@example.org", EDITOR_PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


def import_seed() -> None:
    """The seed article, and pretalx's small event (40 timed talks in rooms and tracks), so every
    check also sees a programme grid and My programme."""
    call_command("import_seeds", stdout=StringIO())
    call_command("import_schedule", str(SMALL_SCHEDULE), stdout=StringIO())


@pytest.fixture
def seeded(db):
    """The seed article imported, for checks that use Django's test client."""
    import_seed()


@pytest.fixture
def seeded_site(live_server, transactional_db):
    """The live server's base URL, with the seed article imported (committed, so it can see it)."""
    import_seed()
    return live_server.url


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian Chromium for the whole session."""
    require(CHROMIUM.exists(), f"Chromium ({CHROMIUM})")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium):
    """Open a page in a fresh context that records CSP violations; closed after the test.

    `new_page(viewport="phone")` for a 390×844 phone, `"desktop"` (the default) for 1366×900.
    """
    contexts = []

    def open_page(viewport: str = "desktop", **options):
        width, height = VIEWPORTS[viewport]
        if viewport == "phone":
            options = {"is_mobile": True, "has_touch": True, **options}
        context = chromium.new_context(viewport={"width": width, "height": height}, **options)
        context.set_default_timeout(15_000)
        context.add_init_script(CSP_RECORDER)
        contexts.append(context)
        page = context.new_page()
        page.csp_console = []
        page.on(
            "console",
            lambda message: (
                page.csp_console.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def require_java():
    require(shutil.which("java") is not None, "Java (default-jre-headless)")
    require(VNU_JAR.exists(), f"the Nu HTML Checker ({VNU_JAR.relative_to(settings.BASE_DIR)})")


@pytest.fixture
def axe_source():
    require(AXE_JS.exists(), f"axe-core ({AXE_JS.relative_to(settings.BASE_DIR)})")
    return AXE_JS.read_text(encoding="utf-8")


def csp_violations(page) -> list:
    """What the current document's CSP blocked or reported, and the console's CSP errors since
    the last call (the console list is emptied, the page's own list starts anew on navigation)."""
    recorded = page.evaluate("() => window.__cspViolations || []")
    console = [{"console": text} for text in page.csp_console]
    page.csp_console.clear()
    return recorded + console


def login_as(context, client, user, base_url: str) -> None:
    """Give a browser context the session of `user`, logged in through Django's test client."""
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


def visit_checked_pages(page, base_url: str, client, user, check) -> None:
    """Open every public page type and the admin's login, a changelist and a change form (as
    `user` after the login page, which redirects once logged in), calling `check(label)` on each.
    """
    admin = admin_paths(Talk.objects.get(slug=TALK).pk)

    def visit(label: str, path: str) -> None:
        response = page.goto(base_url + path)
        assert response.status == 200, (label, response.status)
        check(label)

    for public_page in public_pages():
        visit(public_page.label, public_page.path)
    visit("admin-login", admin["admin-login"])
    login_as(page.context, client, user, base_url)
    visit("admin-changelist", admin["admin-changelist"])
    visit("admin-change-form", admin["admin-change-form"])
