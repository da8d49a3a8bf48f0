"""Which park fields exist in both Chinese and English (django-modeltranslation)."""

from modeltranslation.translator import register

from parks.models import IndustryPark, ParkMetric, ParkRelation, ValueChainStage
from summit.translation import BilingualOptions


@register(IndustryPark)
class IndustryParkOptions(BilingualOptions):
    fields = (
        "name",
        "short_name",
        "description",
        "features",
        "location",
        "core_area_description",
    )


@register(ValueChainStage)
class ValueChainStageOptions(BilingualOptions):
    fields = ("name",)


@register(ParkRelation)
class ParkRelationOptions(BilingualOptions):
    fields = ("note",)


@register(ParkMetric)
class ParkMetricOptions(BilingualOptions):
    fields = ("label", "unit")
