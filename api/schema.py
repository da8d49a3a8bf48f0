"""How the OpenAPI document describes the API beyond what drf-spectacular reads from the code:
text in both languages, the `lang` parameter every operation takes, the errors every operation
may answer, and the API's introduction."""

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from api.languages import LANGUAGE_CODES, LANGUAGE_PARAMETER


def component(name: str, schema: dict) -> ResolvedComponent:
    """A schema of the document's components, named."""
    return ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)


def text_in_languages(auto_schema, what: str = "") -> dict:
    """The schema of a translated value: an object by language code, or with `?lang=` one
    string. Both shapes are components of their own, so that clients can name them."""
    both = component(
        "Bilingual",
        {
            "type": "object",
            "description": _(
                "The value in each language of the site, by language code; an empty string "
                "where a language has none. The default shape, without ?lang=."
            ),
            "properties": {code: {"type": "string"} for code in LANGUAGE_CODES},
            "required": list(LANGUAGE_CODES),
            "additionalProperties": False,
        },
    )
    one = component(
        "Monolingual",
        {
            "type": "string",
            "description": _(
                "The value in the language asked for with ?lang=, or in the other language "
                "where it has none, as the site's pages fall back."
            ),
        },
    )
    for shape in (both, one):
        auto_schema.registry.register_on_missing(shape)
    schema = {"oneOf": [both.ref, one.ref]}
    if what:
        schema["description"] = what
    return schema


class TranslatedFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "api.fields.TranslatedField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        return text_in_languages(auto_schema)


class PageAddressFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "api.fields.PageAddressField"

    def map_serializer_field(self, auto_schema, direction):
        return text_in_languages(
            auto_schema, _("The address of the record's page on the site, in each language.")
        )


class PublicAutoSchema(AutoSchema):
    """Every operation takes `?lang=` and may answer 400 (a parameter not valid), 404 (no such
    public record, or page) and 429 (too many requests), each with an `Error` body."""

    def get_override_parameters(self):
        return [
            *super().get_override_parameters(),
            OpenApiParameter(
                LANGUAGE_PARAMETER,
                str,
                OpenApiParameter.QUERY,
                enum=list(LANGUAGE_CODES),
                description=_(
                    "Give translated values as one string in this language (falling back to "
                    "the other one where it has none) instead of an object by language."
                ),
            ),
        ]

    def _get_paginator(self):
        paginator = super()._get_paginator()
        if paginator is not None:
            paginator.schema_path = self.path  # the page examples name this list
        return paginator

    def get_response_serializers(self):
        from api.serializers import ErrorSerializer

        def error(description):
            return OpenApiResponse(ErrorSerializer, description=description)

        return {
            200: super().get_response_serializers(),
            400: error(_("A parameter is not valid: `errors` says which, and why.")),
            404: error(_("No such public record, or no such page of the list.")),
            429: error(_("Too many requests from this address: try again after Retry-After.")),
        }


def require_orderings(result, generator, request, public):
    """drf-spectacular hook: `?ordering=` names at least one field. (An empty one reads as a
    list holding one empty name, which is no field: a 400.)"""
    for item in result["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "ordering":
                    parameter["schema"]["minItems"] = 1
    return result


def describe_api(result, generator, request, public):
    """drf-spectacular hook: the introduction of the OpenAPI document, in the language it is
    generated in."""
    result["info"]["description"] = _(
        "Everything the site publishes, as data: events, their sessions, talks and speakers, "
        "people, organisations, industry parks with their figures, topics and sources. Only "
        "what the site's pages show: nothing unpublished ever appears.\n\n"
        "**Provenance.** Every record carries `citations`: the sources it comes from, each "
        "with the sentences quoted as evidence. Figures and park metrics carry their "
        "qualifier (about, more than …), unit, as-of date and citations.\n\n"
        "**Languages.** Translated values are objects by language code "
        '(`{"zh-hans": …, "en": …}`). With `?lang=en` or `?lang=zh-hans` each is one string '
        "in that language, falling back to the other where it has none.\n\n"
        "**Lists** come in pages: `{count, next, previous, results}`, `?page=` and "
        "`?page_size=`. `?q=` searches as the site's search does; `?ordering=` sorts.\n\n"
        "**Caching.** Responses carry an `ETag`: send it back in `If-None-Match` to get "
        "`304 Not Modified` while nothing changed.\n\n"
        "**Limits.** %(rate)s requests per address; beyond that, 429 with `Retry-After`."
    ) % {"rate": settings.API_THROTTLE_RATE}
    return result
