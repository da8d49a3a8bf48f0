"""Figures and quotes: an event's headline figures, a park's metrics, what people said."""

from api.serializers.common import ContentSerializer, DisplayValueField, decimal
from api.serializers.provenance import citations
from api.serializers.summaries import EventSummarySerializer, PersonSummarySerializer
from parks.models import ParkMetric
from summit.models import EventFigure, Quote

MEASUREMENT_FIELDS = ["label", "value", "qualifier", "unit", "stated_as", "display"]


class FigureSerializer(ContentSerializer):
    """A headline figure of an event, as of the event ("more than 400 professionals")."""

    value = decimal(EventFigure, "value")
    display = DisplayValueField()
    citations = citations()

    class Meta:
        model = EventFigure
        fields = [*MEASUREMENT_FIELDS, "citations"]


class MetricSerializer(ContentSerializer):
    """A park statistic as of a date ("11 of 21 national cell-drug trials, 52%")."""

    value = decimal(ParkMetric, "value")
    total = decimal(ParkMetric, "total", allow_null=True)
    percentage = decimal(ParkMetric, "percentage", allow_null=True)
    display = DisplayValueField()
    citations = citations()

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


class QuoteSerializer(ContentSerializer):
    """Words a person said, with the event they were said at when it is public."""

    person = PersonSummarySerializer(read_only=True)
    event = EventSummarySerializer(allow_null=True, read_only=True)
    citations = citations()

    class Meta:
        model = Quote
        fields = ["person", "text", "speaker_title", "context", "event", "citations"]
