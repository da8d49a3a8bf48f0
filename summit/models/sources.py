"""Where facts come from: articles and the citations that tie records to them."""

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from summit.models.base import CitedModel, ContentModel, PublishableModel


class Source(PublishableModel):
    """A published article the site's facts come from.

    Staff see the full text; the public sees the citation and short quoted evidence, and the
    full text only when `licensed_for_publication` is ticked (most publishers reserve reprints).
    """

    title = models.CharField(_("title"), max_length=300)
    publisher = models.ForeignKey(
        "summit.Organisation",
        verbose_name=_("publisher"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_sources",
    )
    publisher_name = models.CharField(_("publisher as credited"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    url = models.URLField(_("web address"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    body = models.TextField(_("full text"), blank=True)
    licence_text = models.TextField(_("licence notice"), blank=True)
    licensed_for_publication = models.BooleanField(
        _("licensed for publication"),
        default=False,
        help_text=_("Tick only when the publisher allows the full text to be shown publicly."),
    )
    file_name = models.CharField(
        _("seed file"), max_length=200, blank=True, help_text=_("The file it was imported from.")
    )

    class Meta(PublishableModel.Meta):
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-published_at", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("summit:source_detail", kwargs={"slug": self.slug})

    def slug_text(self) -> str:
        return self.file_name.rsplit(".", 1)[0] or self.title_en or self.title


class Citation(ContentModel):
    """One record's claim to a source, with the sentence that supports it as evidence."""

    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="citations"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    evidence = models.TextField(
        _("evidence"), help_text=_("The sentence of the source, quoted verbatim.")
    )

    public_requires = ("source",)

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["source", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(evidence=""),
                name="summit_citation_evidence_not_empty",
                violation_error_message=_(
                    "Quote the sentence of the source that supports this record."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.source}: {self.evidence[:60]}"

    @classmethod
    def of_public_records(cls, path: str = "") -> models.Q:
        """Citations (as lookups starting with `path`, "citations__") whose cited record is
        public: a generic relation cannot be joined, so one condition per kind of record.
        Where a citation is shown beside its record, that record is public already; this is
        for counting a source's citations, which must not count those of hidden records."""
        condition = models.Q()
        for model in apps.get_models():
            if issubclass(model, CitedModel):
                # Named, not looked up: no query for the content type, however cold its cache.
                condition |= models.Q(
                    **{
                        f"{path}content_type__app_label": model._meta.app_label,
                        f"{path}content_type__model": model._meta.model_name,
                        f"{path}object_id__in": model.objects.published().values("pk"),
                    }
                )
        return condition
