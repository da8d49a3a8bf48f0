"""`{% per_language %}…{% end_per_language %}`: markup rendered once per process and language.

The site's menu, footer and head links are the same on every page of a language, yet cost a
dozen URL reversals and some twenty translations per request: about a third of a small page's
rendering. The block is rendered once for each language (and script prefix, under which the
site may be mounted) and reused. It sees no context at all, only the active language, so
nothing page-specific (a query, a path, a record) can be frozen into it by mistake: a variable
inside renders empty, the same on every page.
"""

import itertools

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import Context
from django.urls import get_script_prefix, get_urlconf
from django.utils.autoreload import file_changed
from django.utils.translation import get_language

register = template.Library()

# Bumped when a test changes a setting (the URLconf, the static files' address …): what was
# rendered before no longer counts.
_settings_generation = itertools.count()
_generation = next(_settings_generation)
# Languages × script prefixes × URLconfs one process serves: a handful.
MAX_KEPT = 16


@receiver(setting_changed)
def _forget_rendered(**kwargs):
    global _generation
    _generation = next(_settings_generation)


@receiver(file_changed)
def _forget_old_translations(sender, file_path, **kwargs):
    """`runserver` takes new translations (a compiled .mo file) without restarting: so does
    the chrome."""
    if file_path.suffix == ".mo":
        _forget_rendered()


class PerLanguageNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist
        # Kept on the node, which lives as long as its compiled template.
        self.rendered: dict[tuple, str] = {}

    def render(self, context):
        key = (_generation, get_language(), get_script_prefix(), get_urlconf())
        markup = self.rendered.get(key)
        if markup is None:
            if len(self.rendered) >= MAX_KEPT:  # a proxy passing clients' SCRIPT_NAME on
                self.rendered.clear()
            isolated = Context(autoescape=context.autoescape)
            isolated.template = context.template
            markup = self.rendered[key] = self.nodelist.render(isolated)
        return markup


@register.tag
def per_language(parser, token):
    nodelist = parser.parse(("end_per_language",))
    parser.delete_first_token()
    return PerLanguageNode(nodelist)
