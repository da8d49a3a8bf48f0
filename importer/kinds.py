"""The model behind each kind of record an annotation holds, and what the writer reads from it:
the valid values of its choice fields, its translated fields, its name in messages."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from modeltranslation.translator import NotRegistered, translator

from importer.annotations import KINDS, SLUGGED_KINDS
from parks.models import IndustryPark, ParkMembership, ParkMetric, ParkRelation, ValueChainStage
from summit.models import (
    Affiliation,
    Country,
    Event,
    EventFigure,
    EventOrganisation,
    EventParticipant,
    EventSeries,
    Organisation,
    Person,
    Quote,
    Session,
    Talk,
    Topic,
    Venue,
)

MODELS: dict[str, type[models.Model]] = {
    "countries": Country,
    "topics": Topic,
    "organisations": Organisation,
    "people": Person,
    "affiliations": Affiliation,
    "series": EventSeries,
    "venues": Venue,
    "events": Event,
    "event_organisations": EventOrganisation,
    "participants": EventParticipant,
    "sessions": Session,
    "talks": Talk,
    "figures": EventFigure,
    "parks": IndustryPark,
    "stages": ValueChainStage,
    "park_relations": ParkRelation,
    "park_memberships": ParkMembership,
    "park_metrics": ParkMetric,
    "quotes": Quote,
}
assert MODELS.keys() == KINDS.keys(), "every annotation kind needs a model"
assert {
    kind for kind, model in MODELS.items() if any(f.name == "slug" for f in model._meta.fields)
} == SLUGGED_KINDS, "the kinds an annotation can name by slug are those whose records have one"

# Kinds whose key is also a field of the record (a country's key is its ISO code).
KEY_FIELDS = {"countries": "code"}

SOURCE_KIND = "sources"


def _choices() -> dict[str, dict[str, tuple[str, ...]]]:
    """The valid values of every choice field an annotation may set, read from the models."""
    return {
        kind: {
            model_field.name: tuple(str(value) for value, _label in model_field.flatchoices)
            for model_field in model._meta.concrete_fields
            if model_field.choices and model_field.name in KINDS[kind].fields
        }
        for kind, model in MODELS.items()
    }


CHOICES = _choices()


def translated_fields(model: type[models.Model]) -> set[str]:
    """The model's fields modeltranslation gives a column per language (``name``)."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def english_name(model: type[models.Model]) -> str:
    """The model's name in messages, which read in English (the admin translates them)."""
    with translation.override("en"):
        return str(model._meta.verbose_name)


def annotation_field(name: str) -> str:
    """A model field as the annotation names it (``name_zh_hans`` is ``name``)."""
    return name.removesuffix("_zh_hans")
