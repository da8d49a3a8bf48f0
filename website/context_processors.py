"""Context every page needs: its address in each language (switcher, hreflang) and typography."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import override, pgettext_lazy


def alternates(request):
    """The current page's address in every site language (slugs and query string kept), as a
    path and absolute, and the page's own absolute address.

    The page's own URL pattern (`request.resolver_match`) is reversed in each language, as
    `translate_url` does after resolving the path again; a page Django did not resolve (a 404
    from the URLconf) falls back to `translate_url`.
    """
    path = request.get_full_path()
    match = request.resolver_match
    if match is None:
        urls = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    else:
        query = urlsplit(path).query
        urls = {}
        for code, _name in settings.LANGUAGES:
            with override(code):
                try:
                    urls[code] = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
                except NoReverseMatch:
                    urls[code] = path
                else:
                    urls[code] += f"?{query}" if query else ""
    origin = f"{request.scheme}://{request.get_host()}"
    return {
        # The page's own absolute address (query string left out), for `canonical` and `og:url`.
        "page_address": origin + request.path,
        "language_alternates": [
            {"code": code, "name": name, "url": urls[code], "address": origin + urls[code]}
            for code, name in settings.LANGUAGES
        ],
    }


def typography(request):
    """Separators of the page's language: "，" between Chinese items, ", " in English; "：" after
    a Chinese label, ": " after an English one."""
    return {
        "comma": pgettext_lazy("list separator", ", "),
        "colon": pgettext_lazy("label separator", ": "),
    }
