"""The field types every endpoint shares: text in both languages, addresses of records, times
in an event's time zone."""

from django.urls import reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.languages import LANGUAGE_CODES, as_requested
from summit.translation import localized

PLACEHOLDER = "-placeholder-"


class TranslatedField(serializers.Field):
    """A field translated with django-modeltranslation, read from its language columns: an
    object by language code, or with `?lang=` one string with the site's fallback.

    Never the plain attribute, whose value depends on the language active for the request:
    the same address must give the same answer to everyone, since it is cached as one.
    """

    def __init__(self, model_field: str | None = None, **kwargs):
        self.model_field = model_field
        super().__init__(source="*", read_only=True, **kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        name = self.model_field or field_name
        self.columns = dict(zip(LANGUAGE_CODES, localized(name), strict=True))

    def to_representation(self, instance):
        values = {code: getattr(instance, column) or "" for code, column in self.columns.items()}
        return as_requested(values, self.context.get("lang"))


class Addresses:
    """Absolute addresses of records for one request: each route is reversed once, with a
    placeholder, rather than once per record (a list of talks holds hundreds of addresses)."""

    def __init__(self, request):
        self.origin = request.build_absolute_uri("/").removesuffix("/")
        self.patterns: dict[tuple[str, str | None], str] = {}

    def _pattern(self, route: str, kwarg: str, language: str | None) -> str:
        key = (route, language)
        if key not in self.patterns:
            with translation.override(language):
                self.patterns[key] = self.origin + reverse(route, kwargs={kwarg: PLACEHOLDER})
        return self.patterns[key]

    def api(self, route: str, value, kwarg: str = "slug") -> str:
        return self._pattern(route, kwarg, None).replace(PLACEHOLDER, iri_to_uri(str(value)))

    def pages(self, route: str, slug: str) -> dict[str, str]:
        value = iri_to_uri(slug)
        return {
            code: self._pattern(route, "slug", code).replace(PLACEHOLDER, value)
            for code in LANGUAGE_CODES
        }


@extend_schema_field(OpenApiTypes.URI)
class ApiAddressField(serializers.Field):
    """The record's own address in the API."""

    def __init__(self, route: str, lookup: str = "slug", kwarg: str | None = None, **kwargs):
        self.route, self.lookup, self.kwarg = route, lookup, kwarg or lookup
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        value = getattr(instance, self.lookup)
        return self.context["addresses"].api(self.route, value, self.kwarg)


class PageAddressField(serializers.Field):
    """The address of the record's page on the site, in each language (one with `?lang=`)."""

    def __init__(self, route: str, **kwargs):
        self.route = route
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        pages = self.context["addresses"].pages(self.route, instance.slug)
        return as_requested(pages, self.context.get("lang"))


@extend_schema_field(OpenApiTypes.DATETIME)
class EventTimeField(serializers.Field):
    """A moment of a session or talk, in its event's time zone (with the offset): times are
    shown, exported and put in calendars in the event's zone."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        # The moment and the event, whose zone it is read in.
        return getattr(instance, self.source), instance.event

    def to_representation(self, value):
        moment, event = value
        return moment.astimezone(event.zone).isoformat() if moment else None
