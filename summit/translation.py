"""Which fields exist in both Chinese and English (django-modeltranslation).

Chinese is required where the field itself is required; English may be missing and then falls
back to Chinese (see MODELTRANSLATION_FALLBACK_LANGUAGES).
"""

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.translator import TranslationOptions, register
from modeltranslation.utils import build_localized_fieldname, resolution_order

from summit.models import (
    Affiliation,
    Country,
    Event,
    EventFigure,
    EventParticipant,
    EventSeries,
    Organisation,
    Person,
    Quote,
    Room,
    Session,
    Source,
    Talk,
    TalkLink,
    Topic,
    Track,
    Venue,
)


def other_language_values(record, field: str = "name") -> list[tuple[str, str]]:
    """(language code, value) of `field` in the site languages whose text differs from the one
    the page shows (the active language, or its fallback): 田志刚 beside "Tian Zhigang"."""
    values = {
        code: getattr(record, f"{field}_{code.replace('-', '_')}", "")
        for code, _ in settings.LANGUAGES
    }
    return other_values(values, getattr(record, field))


def other_values(values: dict[str, str], shown: str) -> list[tuple[str, str]]:
    """Of a field's `values` by language code, those that differ from the `shown` one (and
    from each other), in the order of the site's languages."""
    others = []
    for code, _name in settings.LANGUAGES:
        value = values.get(code) or ""
        if value and value != shown and value not in (other for _code, other in others):
            others.append((code, value))
    return others


def plain(queryset):
    """`queryset` for `values()` rows that name their language columns themselves (`localized`):
    without modeltranslation's fallback pass, which rebuilds every row in Python (on a large
    programme, more than the query itself)."""
    return queryset.rewrite(False)


def localized(field: str) -> list[str]:
    """The language columns of a translated field, for `values()`: title → title_zh_hans, …"""
    return [build_localized_fieldname(field, code) for code, _ in settings.LANGUAGES]


def in_language(row: dict, field: str, order: tuple[str, ...] = ()) -> str:
    """A translated value of a `values()` row in the page's language, falling back as the
    models do (modeltranslation's own order), without building a model instance. Pass the
    `order` of `language_order()` when reading many rows."""
    for code in order or language_order():
        value = row.get(build_localized_fieldname(field, code))
        if value:
            return value
    return ""


def by_language(row: dict, field: str) -> dict[str, str]:
    """A translated field's values in a `values()` row, by language code."""
    return {
        code: row.get(build_localized_fieldname(field, code)) or ""
        for code, _ in settings.LANGUAGES
    }


def language_order() -> tuple[str, ...]:
    return resolution_order(get_language() or settings.LANGUAGE_CODE)


# The fields that name a record: an English page without them reads as Chinese.
NAME_FIELDS = ("name", "title")


def missing_english_names(record) -> list[str]:
    """The verbose names of `record`'s naming fields that have Chinese but no English text."""
    missing = []
    for field in NAME_FIELDS:
        chinese = getattr(record, f"{field}_zh_hans", None)
        if chinese and not getattr(record, f"{field}_en", ""):
            missing.append(str(record._meta.get_field(field).verbose_name))
    return missing


class BilingualOptions(TranslationOptions):
    required_languages = ("zh-hans",)


@register(Source)
class SourceOptions(BilingualOptions):
    fields = ("title",)


@register(Country)
class CountryOptions(BilingualOptions):
    fields = ("name",)


@register(Organisation)
class OrganisationOptions(BilingualOptions):
    fields = ("name", "short_name", "description")


@register(Person)
class PersonOptions(BilingualOptions):
    fields = ("name", "honorific", "bio")


@register(Affiliation)
class AffiliationOptions(BilingualOptions):
    fields = ("title",)


@register(Quote)
class QuoteOptions(BilingualOptions):
    fields = ("text", "speaker_title", "context")


@register(EventSeries)
class EventSeriesOptions(BilingualOptions):
    fields = ("name", "short_name", "description")


@register(Venue)
class VenueOptions(BilingualOptions):
    fields = ("name", "city", "address")


@register(Room)
class RoomOptions(BilingualOptions):
    fields = ("name",)


@register(Event)
class EventOptions(BilingualOptions):
    fields = ("name", "theme", "summary", "description")


@register(EventParticipant)
class EventParticipantOptions(BilingualOptions):
    fields = ("title_at_event",)


@register(EventFigure)
class EventFigureOptions(BilingualOptions):
    fields = ("label", "unit")


@register(Session)
class SessionOptions(BilingualOptions):
    fields = ("title", "description")


@register(Talk)
class TalkOptions(BilingualOptions):
    fields = ("title", "subtitle", "abstract", "description")


@register(Track)
class TrackOptions(BilingualOptions):
    fields = ("name",)
    # Unique within an event: a missing English name is NULL, so Chinese-only tracks can differ.
    empty_values = {"name": None}


@register(TalkLink)
class TalkLinkOptions(BilingualOptions):
    fields = ("title",)


@register(Topic)
class TopicOptions(BilingualOptions):
    fields = ("name", "description")
    # Topic names are unique: store a missing English name as NULL, not "", so that two
    # Chinese-only topics do not collide.
    empty_values = {"name": None}
