"""Organisations and the countries they belong to."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from summit.models.base import CitedModel, PublishableModel
from summit.models.topics import TaggedTopic


class Country(CitedModel):
    """A country or region, by ISO 3166 code, named in both languages."""

    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("country or region")
        verbose_name_plural = _("countries and regions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z]{2}$"), name="summit_country_code_iso"
            ),
        ]

    def __str__(self):
        return self.name


class Organisation(PublishableModel):
    """An institute, university, company, government body or publisher.

    Organisations nest: an institute inside an academy, a school inside a university. Editors
    pick the parent; the public page lists parents and children.
    """

    class Kind(models.TextChoices):
        ACADEMY = "academy", _("Academy")
        UNIVERSITY = "university", _("University")
        SCHOOL = "school", _("School or faculty")
        INSTITUTE = "institute", _("Research institute")
        HOSPITAL = "hospital", _("Hospital")
        COMPANY = "company", _("Company")
        GOVERNMENT = "government", _("Government body")
        ASSOCIATION = "association", _("Society or network")
        PUBLISHER = "publisher", _("Publisher")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country or region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    topics = TaggableManager(verbose_name=_("topics"), through=TaggedTopic, blank=True)

    class Meta(PublishableModel.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            *PublishableModel.Meta.constraints,
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="summit_organisation_not_own_parent",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("summit:organisation_detail", kwargs={"slug": self.slug})
