"""Where a record's facts come from: its citations, grouped by source, each sentence once."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.common import SharedSerializer
from summit.models import Citation, Source


class CitedSourceSerializer(SharedSerializer):
    """The article a record cites, as the pages' sources notes name it."""

    publisher = serializers.CharField(
        source="publisher_name", help_text=_("The publisher, as the source credits it.")
    )
    published = serializers.DateTimeField(source="published_at", allow_null=True)

    class Meta:
        model = Source
        fields = ["slug", "api_url", "page_url", "title", "url", "publisher", "published"]


@dataclass
class CitedSentences:
    """The sentences of one source a record cites."""

    source: Source
    evidence: list[str] = field(default_factory=list)


def by_source(citations: list[Citation]) -> list[CitedSentences]:
    """A record's citations (`record.cited`, published sources only) by source in the order
    of first citation, each sentence once: the same sentence copied with other line breaks is
    one sentence, as the pages number it."""
    groups: dict[int, CitedSentences] = {}
    seen = set()
    for citation in citations:
        key = (citation.source_id, " ".join(citation.evidence.split()))
        if key in seen:
            continue
        seen.add(key)
        group = groups.setdefault(citation.source_id, CitedSentences(citation.source))
        group.evidence.append(citation.evidence)
    return list(groups.values())


class CitationListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        return super().to_representation(by_source(data))


class CitationSerializer(serializers.Serializer):
    """Where a record's facts come from: a source, and the sentences of it quoted as evidence."""

    source = CitedSourceSerializer()
    evidence = serializers.ListField(child=serializers.CharField())

    class Meta:
        list_serializer_class = CitationListSerializer


def citations():
    return CitationSerializer(many=True, source="cited", read_only=True)
