"""`{% per_language %}`: markup rendered once per language, never with a page's own values."""

from pathlib import Path

from django.http import HttpResponse
from django.template import Context, Template
from django.test import override_settings
from django.urls import include, path, set_script_prefix
from django.utils import translation
from django.utils.autoreload import file_changed

from website.templatetags import chrome
from website.templatetags.chrome import PerLanguageNode

BLOCK = Template(
    "{% load i18n chrome %}{% per_language %}"
    "<a href=\"{% url 'summit:event_list' %}\">{% translate 'Events' %}</a>[{{ query }}]"
    "{% end_per_language %}"
)


def render(language, **values):
    with translation.override(language):
        return BLOCK.render(Context(values))


def test_each_language_gets_its_own_markup():
    assert render("en") == '<a href="/en/events/">Events</a>[]'
    assert render("zh-hans") == '<a href="/zh-hans/events/">活动</a>[]'
    assert render("en") == '<a href="/en/events/">Events</a>[]'


def test_a_page_value_never_enters_the_shared_markup():
    # Were the block to see the page's context, the first page's query would show on every page.
    assert render("en", query="<first visitor's search>") == render("en", query="other")
    assert "search" not in render("en", query="<first visitor's search>")


def test_a_site_mounted_under_a_prefix_gets_its_own_addresses():
    before = render("en")
    set_script_prefix("/summit/")
    try:
        assert render("en") == '<a href="/summit/en/events/">Events</a>[]'
    finally:
        set_script_prefix("/")
    assert render("en") == before


def _events(request):
    return HttpResponse()


# A URLconf of its own for the next test: the events list lives elsewhere.
summit_urls = ([path("events/", _events, name="event_list")], "summit")
urlpatterns = [path("elsewhere/", include(summit_urls))]


def test_a_changed_setting_renders_it_again():
    before = render("en")
    with override_settings(ROOT_URLCONF=__name__):
        assert render("en") == '<a href="/elsewhere/events/">Events</a>[]'
    assert render("en") == before


def test_a_new_compiled_catalogue_under_runserver_renders_it_again():
    node = next(node for node in BLOCK.nodelist if isinstance(node, PerLanguageNode))
    render("en")
    before = chrome._generation
    file_changed.send(sender=None, file_path=Path("website/views.py"))
    assert chrome._generation == before
    # runserver's reloader announces a new .mo file and takes its translations without a restart.
    file_changed.send(sender=None, file_path=Path("locale/zh_Hans/LC_MESSAGES/django.mo"))
    assert chrome._generation != before
    render("en")
    assert any(key[0] == chrome._generation for key in node.rendered)


def test_the_markup_kept_stays_bounded_whatever_prefix_clients_send():
    node = next(node for node in BLOCK.nodelist if isinstance(node, PerLanguageNode))
    for number in range(100):
        set_script_prefix(f"/client-{number}/")
        render("en")
    set_script_prefix("/")
    assert len(node.rendered) <= chrome.MAX_KEPT
