"""The API's own description: its OpenAPI document, a page to read it (Swagger UI, from our
static files), the index at /api/v1/ that points to both and to every list, and the answer at
an address the API does not have."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from api.languages import LANGUAGE_CODES, LANGUAGE_PARAMETER
from api.views import requested_language

LIST_ROUTES = {
    "events": "event",
    "sessions": "session",
    "talks": "talk",
    "people": "person",
    "organisations": "organisation",
    "parks": "park",
    "topics": "topic",
    "sources": "source",
}


def document_language(request) -> str:
    """The language the document is written in: `?lang=`'s, else the site's default. Never
    the request's Accept-Language: the document is cached once for everyone."""
    language = request.GET.get(LANGUAGE_PARAMETER)
    return language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 document, in JSON, its descriptions in the language of `?lang=` (Chinese
    by default). One format only: a choice by Accept header would make the page cache vary on
    it, and keep the document out of it."""

    renderer_classes = [OpenApiJsonRenderer]
    http_method_names = ["get", "head"]

    def dispatch(self, request, *args, **kwargs):
        with translation.override(document_language(request)):
            response = super().dispatch(request, *args, **kwargs)
            # Rendered here, in the document's language, rather than after the view returns.
            response.render()
        # drf-spectacular names the file after the title, which is not ASCII (the header would
        # be encoded): an address-like name instead.
        if response.status_code == 200:
            response["Content-Disposition"] = 'inline; filename="summit-api-v1.json"'
            naming_language(response, document_language(request))
        return response

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        requested_language(request)  # an unknown language is a 400
        return super().get(request, *args, **kwargs)


def naming_language(response, language: str):
    """Name the body's language, so that the page cache stores it with the body: left to the
    locale middleware, the header would name the first client's Accept-Language, and the cache
    would give it to every later client."""
    response["Content-Language"] = language
    return response


# Exempt from the CSRF check, which would refuse a POST with a 403 before the view answers
# that it only reads (405), as every other address of the API does.
@method_decorator(csrf_exempt, name="dispatch")
class DocsView(TemplateView):
    """The document as a page to read and try (Swagger UI). Its scripts and styles are static
    files of the site, so the page keeps the site's Content-Security-Policy."""

    template_name = "api/docs.html"
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        self.language = document_language(request)
        with translation.override(self.language):
            return naming_language(super().get(request, *args, **kwargs).render(), self.language)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        schema = reverse("api:schema")
        context["schema_url"] = f"{schema}?{LANGUAGE_PARAMETER}={self.language}"
        context["site_name"] = settings.SITE_NAME
        context["html_lang"] = translation.to_locale(self.language).replace("_", "-")
        # Each language named in itself, as a reader of it looks for it.
        context["languages"] = [
            (
                code,
                translation.get_language_info(code)["name_local"],
                f"?{LANGUAGE_PARAMETER}={code}",
                code == self.language,
            )
            for code in LANGUAGE_CODES
        ]
        return context


class IndexView(APIView):
    """Where everything is: the lists, the OpenAPI document and the page that shows it."""

    http_method_names = ["get", "head"]

    @extend_schema(exclude=True)
    def get(self, request):
        links = {name: reverse(f"api:{route}-list") for name, route in LIST_ROUTES.items()}
        links |= {"schema": reverse("api:schema"), "docs": reverse("api:docs")}
        addresses = {name: request.build_absolute_uri(path) for name, path in links.items()}
        return naming_language(Response(addresses), ", ".join(LANGUAGE_CODES))


@csrf_exempt  # a POST gets the 404 too, not a 403 for want of a form token it could never have
def not_found(request, path):
    """Any other address under /api/v1/: the same address with a final slash if the API has
    that one (as the site's pages redirect), else a 404 in the API's shape, not the site's
    HTML page."""
    if request.method in ("GET", "HEAD") and not path.endswith("/"):
        try:
            found = resolve(f"{request.path_info}/")
        except Resolver404:
            found = None
        if found and found.func is not not_found:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return JsonResponse({"detail": _("The API has nothing at this address.")}, status=404)
