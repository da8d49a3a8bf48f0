"""Context every page needs: its address in each language (switcher, hreflang) and typography."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import pgettext_lazy


def alternates(request):
    """The current page's address in every site language (`translate_url` keeps slugs and query)."""
    path = request.get_full_path()
    return {
        "language_alternates": [
            {"code": code, "name": name, "url": translate_url(path, code)}
            for code, name in settings.LANGUAGES
        ]
    }


def typography(request):
    """Separators of the page's language: "，" between Chinese items, ", " in English; "：" after
    a Chinese label, ": " after an English one."""
    return {
        "comma": pgettext_lazy("list separator", ", "),
        "colon": pgettext_lazy("label separator", ": "),
    }
