"""What every serializer shares: the error shape, the base classes of content records (translated
fields in both languages, summaries written once per response), figures as the pages write
them and decimals as JSON numbers."""

from django.utils import translation
from drf_spectacular.utils import extend_schema_serializer
from modeltranslation.translator import NotRegistered, translator
from rest_framework import serializers

from api.fields import ApiAddressField, PageAddressField, TranslatedField
from api.languages import LANGUAGE_CODES, as_requested
from parks.models import IndustryPark
from summit.models import Event, EventSeries, Organisation, Person, Session, Source, Talk, Topic

# The addresses of each kind of record with one: its route in the API (and the lookup it is
# named by there), and its page's route on the site.
ADDRESSES = {
    Event: ("api:event-detail", "summit:event_detail"),
    EventSeries: (None, "summit:series_detail"),
    Session: ("api:session-detail", None),
    Talk: ("api:talk-detail", "summit:talk_detail"),
    Person: ("api:person-detail", "summit:person_detail"),
    Organisation: ("api:organisation-detail", "summit:organisation_detail"),
    IndustryPark: ("api:park-detail", "parks:park_detail"),
    Topic: ("api:topic-detail", "website:topic_detail"),
    Source: ("api:source-detail", "summit:source_detail"),
}


@extend_schema_serializer(many=False)
class ErrorSerializer(serializers.Serializer):
    """What every error answers: what went wrong, and for invalid parameters the messages by
    parameter."""

    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


def translated_fields(model) -> frozenset[str]:
    try:
        return frozenset(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return frozenset()


class ContentSerializer(serializers.ModelSerializer):
    """A record of the site's content. A translated model field listed in `Meta.fields` is read
    in both languages (`TranslatedField`), never through the attribute modeltranslation gives
    in the active language; `api_url` and `page_url` listed there are the record's addresses
    (`ADDRESSES`)."""

    def build_field(self, field_name, info, model_class, nested_depth):
        if field_name in translated_fields(model_class):
            return TranslatedField, {}
        if field_name == "api_url":
            lookup = "pk" if model_class is Session else "slug"
            return ApiAddressField, {"route": ADDRESSES[model_class][0], "lookup": lookup}
        if field_name == "page_url":
            return PageAddressField, {"route": ADDRESSES[model_class][1]}
        return super().build_field(field_name, info, model_class, nested_depth)


def with_details(fields: list[str], *details: str) -> list[str]:
    """A record's fields (ending in its topics and citations) with the `details` its own
    address adds, before those two: the list and the record read alike."""
    *own, topics, cited = fields
    return [*own, *details, topics, cited]


class SharedSerializer(ContentSerializer):
    """A summary of a record that a response repeats (the event of each of a hundred talks,
    the source of every citation): written once per response and reused."""

    def to_representation(self, instance):
        written = self.context.setdefault("written", {})
        key = (type(self), instance.pk)
        if key not in written:
            written[key] = super().to_representation(instance)
        return written[key]


class DisplayValueField(TranslatedField):
    """A figure as the pages write it, qualifier and unit included ("more than 400 people",
    "超过400位"), in each language."""

    def to_representation(self, instance):
        values = {}
        for code in LANGUAGE_CODES:
            with translation.override(code):
                values[code] = instance.display_value()
        return as_requested(values, self.context.get("lang"))


def decimal(model, name: str, **kwargs) -> serializers.DecimalField:
    """A decimal model field as a JSON number."""
    model_field = model._meta.get_field(name)
    return serializers.DecimalField(
        max_digits=model_field.max_digits,
        decimal_places=model_field.decimal_places,
        coerce_to_string=False,
        read_only=True,
        help_text=model_field.verbose_name,
        **kwargs,
    )
