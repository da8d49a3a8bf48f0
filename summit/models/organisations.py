"""Organisations and the countries they belong to."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from summit.models.base import CitedModel, PublishableModel, chosen
from summit.models.topics import TaggedTopic

ISO_CODE = re.compile(r"^[A-Z]{2}$")
ISO_CODE_MESSAGE = _("Enter the two-letter ISO code in capitals, e.g. CN.")
NOT_OWN_PART = _("An organisation cannot be part of itself.")


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
                condition=models.Q(code__regex=ISO_CODE.pattern),
                name="summit_country_code_iso",
                violation_error_message=ISO_CODE_MESSAGE,
            ),
        ]

    def __str__(self):
        return self.name

    def rule_errors(self) -> dict[str, ValidationError]:
        errors = super().rule_errors()
        if isinstance(self.code, str) and not ISO_CODE.match(self.code):
            errors["code"] = ValidationError(ISO_CODE_MESSAGE, code="code_iso")
        return errors


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
                violation_error_message=NOT_OWN_PART,
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("summit:organisation_detail", kwargs={"slug": self.slug})

    def rule_errors(self) -> dict[str, ValidationError]:
        errors = super().rule_errors()
        if self.pk is None:
            return errors
        # Up the chain of parents, which loops back here if this organisation is already one of
        # its new parent's ancestors; `seen` stops at a loop already in the data.
        ancestor, seen = chosen(self, "parent"), set()
        while ancestor is not None and ancestor.pk not in seen:
            if ancestor.pk == self.pk:
                message = (
                    NOT_OWN_PART
                    if self.parent_id == self.pk
                    else _("%(parent)s is itself part of this organisation: pick another one.")
                )
                errors["parent"] = ValidationError(
                    message, code="not_own_parent", params={"parent": self.parent}
                )
                break
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
        return errors
