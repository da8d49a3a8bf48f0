"""Context every page needs: the same page in each language, for the switcher and hreflang."""

from django.conf import settings
from django.urls import translate_url


def alternates(request):
    """The current page's address in every site language (`translate_url` keeps slugs and query)."""
    path = request.get_full_path()
    return {
        "language_alternates": [
            {"code": code, "name": name, "url": translate_url(path, code)}
            for code, name in settings.LANGUAGES
        ]
    }
