"""Topics: translatable tags for technologies, applications and bottlenecks."""

from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.models import GenericTaggedItemBase, NaturalKeyManager, TagBase

from summit.models.base import CitedModel, PublicQuerySet


class Topic(TagBase, CitedModel):
    """A subject records are tagged with (CAR-T, diabetes, GMP …), named in both languages.

    Editors add topics from any record's "topics" field; the kind groups them on the site.
    """

    class Kind(models.TextChoices):
        FIELD = "field", _("Field")
        TECHNOLOGY = "technology", _("Technology")
        APPLICATION = "application", _("Application")
        BOTTLENECK = "bottleneck", _("Bottleneck")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.FIELD)
    description = models.TextField(_("description"), blank=True)

    # taggit looks tags up by natural key; `published()` is the site's visibility rule.
    objects = NaturalKeyManager.from_queryset(PublicQuerySet)()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["kind", "name"]

    def get_absolute_url(self):
        return reverse("website:topic_detail", kwargs={"slug": self.slug})

    @classmethod
    def public_condition(cls, path: str = "", given: tuple[str, ...] = ()) -> models.Q:
        """A topic has no publication state of its own: it is public when a public record
        carries it, so a topic only drafts use stays hidden."""
        used = models.Q()
        for model in tagged_models():
            used |= models.Q(**{f"{path}pk__in": model.objects.published().values("topics")})
        return used

    def slugify(self, tag, i=None):
        # An English name gives an ASCII address; a Chinese-only topic keeps a Chinese slug.
        slug = slugify(getattr(self, "name_en", "") or tag, allow_unicode=True) or "topic"
        return f"{slug}_{i}" if i is not None else slug


class TaggedTopic(GenericTaggedItemBase):
    """The link between a topic and any record tagged with it."""

    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("tagged topic")
        verbose_name_plural = _("tagged topics")
        indexes = [models.Index(fields=["content_type", "object_id"])]


def tagged_models() -> list[type[models.Model]]:
    """Every model whose records can carry topics, whichever app defines it (summit, parks …)."""
    return [
        model
        for model in apps.get_models()
        if any(
            getattr(field, "through", None) is TaggedTopic for field in model._meta.private_fields
        )
        or any(
            getattr(field.remote_field, "through", None) is TaggedTopic
            for field in model._meta.many_to_many
        )
    ]
