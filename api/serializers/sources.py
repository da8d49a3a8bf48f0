"""Topics, and the articles (sources) the site's facts come from."""

from rest_framework import serializers

from api.serializers.summaries import OrganisationSummarySerializer, RecordSerializer
from summit.models import Source, Topic


class TopicSerializer(RecordSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "api_url", "page_url", "name", "kind", "description", "citations"]


class SourceSerializer(RecordSerializer):
    """An article the site's facts come from: the other records cite it. Its full text only
    where the publisher allows it to be shown (`licensed_for_publication`); otherwise `body`
    is null."""

    publisher = serializers.CharField(source="publisher_name")
    publisher_organisation = OrganisationSummarySerializer(
        source="publisher", allow_null=True, read_only=True
    )
    published = serializers.DateTimeField(source="published_at", allow_null=True)

    class Meta:
        model = Source
        fields = [
            "slug",
            "api_url",
            "page_url",
            "title",
            "publisher",
            "publisher_organisation",
            "category",
            "url",
            "published",
            "licensed_for_publication",
        ]


class SourceDetailSerializer(SourceSerializer):
    body = serializers.SerializerMethodField()

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "body", "licence_text"]

    def get_body(self, source) -> str | None:
        """The full text, where the publisher allows it to be shown."""
        return source.body if source.licensed_for_publication else None
