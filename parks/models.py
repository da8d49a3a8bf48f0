"""Industry parks: what they are, who is in them, how they relate, and their figures over time."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from summit.models import DatePrecision
from summit.models.base import CitedModel, Measurement, PublishableModel, chosen
from summit.models.topics import TaggedTopic

CORE_AREA_POSITIVE = _("The core area must be more than 0 m²; leave it empty if unknown.")
NOT_RELATED_TO_ITSELF = _("A park cannot be related to itself: pick another park.")
SHARE_RANGE = _("The share must be between 0 and 100.")
VALUE_WITHIN_TOTAL = _("The value cannot be more than the total it is part of.")


class IndustryPark(PublishableModel):
    """An industry park (张江细胞产业园), its approval, core area and value chain.

    Editors keep its stages, members, related parks and dated metrics inline on the park.
    """

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    features = models.TextField(
        _("distinctive features"), blank=True, help_text=_('e.g. the "四医融合" integration.')
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_on_precision = models.CharField(
        _("approval date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    approved_by = models.ForeignKey(
        "summit.Organisation",
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_parks",
    )
    core_area_m2 = models.DecimalField(
        _("core area (m²)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    core_area_description = models.TextField(_("core area"), blank=True)
    quotes = models.ManyToManyField(
        "summit.Quote", verbose_name=_("quotes about the park"), blank=True, related_name="parks"
    )
    topics = TaggableManager(verbose_name=_("topics"), through=TaggedTopic, blank=True)

    class Meta(PublishableModel.Meta):
        verbose_name = _("industry park")
        verbose_name_plural = _("industry parks")
        ordering = ["name"]
        constraints = [
            *PublishableModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(core_area_m2__isnull=True) | models.Q(core_area_m2__gt=0),
                name="parks_industrypark_core_area_positive",
                violation_error_message=CORE_AREA_POSITIVE,
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("parks:park_detail", kwargs={"slug": self.slug})

    def rule_errors(self) -> dict[str, ValidationError]:
        errors = super().rule_errors()
        if self.core_area_m2 is not None and self.core_area_m2 <= 0:
            errors["core_area_m2"] = ValidationError(CORE_AREA_POSITIVE, code="core_area_positive")
        return errors


class ValueChainStage(CitedModel):
    """One stage of the value chain a park covers (storage, development, clinical research …)."""

    park = models.ForeignKey(
        IndustryPark, verbose_name=_("park"), on_delete=models.CASCADE, related_name="stages"
    )
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    public_requires = ("park",)

    class Meta:
        verbose_name = _("value-chain stage")
        verbose_name_plural = _("value-chain stages")
        ordering = ["park", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["park", "name"],
                name="parks_stage_unique_name",
                violation_error_message=_("This park already has a stage with this name."),
            ),
        ]

    def __str__(self):
        return self.name


class ParkMembership(CitedModel):
    """An organisation's place in a park: member company, operator, developer."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        OPERATOR = "operator", _("Operator")
        DEVELOPER = "developer", _("Developer")

    park = models.ForeignKey(
        IndustryPark, verbose_name=_("park"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "summit.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="park_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    since = models.DateField(_("since"), null=True, blank=True)

    public_requires = ("park", "organisation")

    class Meta:
        verbose_name = _("park membership")
        verbose_name_plural = _("members")
        ordering = ["park", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["park", "organisation", "role"],
                name="parks_membership_unique",
                violation_error_message=_("This organisation already has this role in this park."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()}, {self.park})"


class ParkRelation(CitedModel):
    """How one park relates to another: its core area sits in it, or it links with it."""

    class Kind(models.TextChoices):
        CORE_AREA = "core_area", _("Core area located in")
        LINKED = "linked", _("Linked with")
        PART_OF = "part_of", _("Part of")

    park = models.ForeignKey(
        IndustryPark, verbose_name=_("park"), on_delete=models.CASCADE, related_name="relations"
    )
    related_park = models.ForeignKey(
        IndustryPark,
        verbose_name=_("related park"),
        on_delete=models.CASCADE,
        related_name="related_from",
    )
    kind = models.CharField(_("relation"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    public_requires = ("park", "related_park")

    class Meta:
        verbose_name = _("related park")
        verbose_name_plural = _("related parks")
        ordering = ["park", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["park", "related_park", "kind"],
                name="parks_relation_unique",
                violation_error_message=_("These two parks are already related this way."),
            ),
            models.CheckConstraint(
                condition=~models.Q(park=models.F("related_park")),
                name="parks_relation_not_to_itself",
                violation_error_message=NOT_RELATED_TO_ITSELF,
            ),
        ]

    def __str__(self):
        return f"{self.park} → {self.related_park} ({self.get_kind_display()})"

    def rule_errors(self) -> dict[str, ValidationError]:
        errors = super().rule_errors()
        park, related = chosen(self, "park"), chosen(self, "related_park")
        if park is not None and related is not None and park.pk is not None and park == related:
            errors["related_park"] = ValidationError(NOT_RELATED_TO_ITSELF, code="not_to_itself")
        return errors


class ParkMetric(Measurement):
    """A park statistic as of a date: "11 of 21 national cell-drug trials (52%), October 2019"."""

    park = models.ForeignKey(
        IndustryPark, verbose_name=_("park"), on_delete=models.CASCADE, related_name="metrics"
    )

    public_requires = ("park",)
    as_of = models.DateField(_("as of"))
    as_of_precision = models.CharField(
        _("as-of precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    total = models.DecimalField(
        _("out of"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The whole the value is part of, e.g. 21 national trials."),
    )
    percentage = models.DecimalField(
        _("share (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta(Measurement.Meta):
        verbose_name = _("park metric")
        verbose_name_plural = _("metrics")
        ordering = ["park", "order", "-as_of", "pk"]
        constraints = [
            *Measurement.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(percentage__isnull=True)
                | models.Q(percentage__gte=0, percentage__lte=100),
                name="parks_parkmetric_percentage_range",
                violation_error_message=SHARE_RANGE,
            ),
            models.CheckConstraint(
                condition=models.Q(total__isnull=True) | models.Q(total__gte=models.F("value")),
                name="parks_parkmetric_value_within_total",
                violation_error_message=VALUE_WITHIN_TOTAL,
            ),
        ]

    def rule_errors(self) -> dict[str, ValidationError]:
        errors = super().rule_errors()
        if self.percentage is not None and not 0 <= self.percentage <= 100:
            errors["percentage"] = ValidationError(SHARE_RANGE, code="percentage_range")
        if self.total is not None and self.value is not None and self.value > self.total:
            errors.setdefault(
                "value", ValidationError(VALUE_WITHIN_TOTAL, code="value_within_total")
            )
        return errors
