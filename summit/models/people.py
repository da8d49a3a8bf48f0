"""People, the positions they hold, and what they said."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from summit.models.base import END_DATE_BEFORE_START, CitedModel, PublishableModel, chosen
from summit.models.topics import TaggedTopic


class Person(PublishableModel):
    """A speaker, official or executive named by a source.

    The name is kept in both scripts where they differ (田志刚 / Tian Zhigang); positions are
    affiliations edited inline on the person.
    """

    name = models.CharField(_("name"), max_length=200)
    honorific = models.CharField(_("honorific"), max_length=50, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    website = models.URLField(_("website"), blank=True)
    topics = TaggableManager(verbose_name=_("topics"), through=TaggedTopic, blank=True)

    class Meta(PublishableModel.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("summit:person_detail", kwargs={"slug": self.slug})


class Affiliation(CitedModel):
    """A person's title at an organisation, current or former ("former director of …")."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organisation = models.ForeignKey(
        "summit.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="affiliations",
    )
    title = models.CharField(_("title or role"), max_length=200, blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    public_requires = ("person", "organisation")

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["person", "-is_current", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="summit_affiliation_dates_in_order",
                violation_error_message=END_DATE_BEFORE_START,
            ),
            models.UniqueConstraint(
                fields=["person", "organisation", "title"],
                name="summit_affiliation_unique",
                violation_error_message=_(
                    "This person already has this title at this organisation."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.title} ({self.organisation})"

    def rule_errors(self) -> dict[str, ValidationError]:
        errors = super().rule_errors()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = ValidationError(END_DATE_BEFORE_START, code="dates_in_order")
        return errors


class Quote(PublishableModel):
    """Words a named person said, in the context a source gives (an event, a park, an interview)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="quotes"
    )
    text = models.TextField(_("text"))
    speaker_title = models.CharField(
        _("speaker's title"),
        max_length=200,
        blank=True,
        help_text=_("The title the source gives the speaker when quoting them."),
    )
    context = models.CharField(_("context"), max_length=200, blank=True)
    event = models.ForeignKey(
        "summit.Event",
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # The context event is optional: a quote of a draft event shows without it.
    public_requires = ("person",)

    class Meta(PublishableModel.Meta):
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["order", "pk"]
        constraints = [
            *PublishableModel.Meta.constraints,
            models.CheckConstraint(
                condition=~models.Q(text=""),
                name="summit_quote_text_not_empty",
                violation_error_message=_("Enter the words the person said."),
            ),
        ]

    def __str__(self):
        return f"{self.person}: “{self.text[:40]}…”"

    def get_absolute_url(self):
        return (
            reverse("summit:person_detail", kwargs={"slug": self.person.slug}) + f"#quote-{self.pk}"
        )

    def slug_text(self) -> str:
        person = chosen(self, "person")
        return f"{person.slug_text()} quote" if person else "quote"
