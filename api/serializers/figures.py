"""Figures and quotes: an event's headline figures, a park's metrics, what people said."""

from api.serializers.common import DisplayValueField, decimal
from api.serializers.summaries import (
    RecordSerializer,
)
from parks.models import ParkMetric
from summit.models import EventFigure, Quote

MEASUREMENT_FIELDS = ["label", "value", "qualifier", "unit", "stated_as", "display"]


class FigureSerializer(RecordSerializer):
    """A headline figure of an event, as of the event ("more than 400 professionals")."""

    value = decimal(EventFigure, "value")
    display = DisplayValueField()

    class Meta:
        model = EventFigure
        fields = [*MEASUREMENT_FIELDS, "citations"]


class MetricSerializer(RecordSerializer):
    """A park statistic as of a date ("11 of 21 national cell-drug trials, 52%")."""

    value = decimal(ParkMetric, "value")
    total = decimal(ParkMetric, "total", allow_null=True)
    percentage = decimal(ParkMetric, "percentage", allow_null=True)
    display = DisplayValueField()

    class Meta:
        model = ParkMetric
        fields = [
            *MEASUREMENT_FIELDS,
            "as_of",
            "as_of_precision",
            "total",
            "percentage",
            "citations",
        ]


class QuoteSerializer(RecordSerializer):
    """Words a person said, with the event they were said at when it is public."""

    class Meta:
        model = Quote
        fields = ["person", "text", "speaker_title", "context", "event", "citations"]
