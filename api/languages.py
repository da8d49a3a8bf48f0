"""The languages of the API's values: both by default, one with `?lang=`."""

from django.conf import settings
from modeltranslation.utils import resolution_order

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
LANGUAGE_PARAMETER = "lang"


def as_requested(values: dict[str, str], language: str | None):
    """`values` by language code as the API gives them: all of them, or with a `language`
    the first that is not empty in the site's fallback order (modeltranslation's)."""
    if language is None:
        return values
    return next((values[code] for code in resolution_order(language) if values.get(code)), "")
