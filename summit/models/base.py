"""What every content record shares: a slug, a publication state, its citations, and the one
rule that decides whether the public may see it."""

import contextlib
import contextvars
import datetime

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from summit.numbers import format_number
from summit.text import find_control_character

SLUG_MAX_LENGTH = 120

# Messages more than one model gives.
END_DATE_BEFORE_START = _("The end date cannot be before the start date.")
NEGATIVE_VALUE = _("The value cannot be negative.")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class DatePrecision(models.TextChoices):
    """How much of a date the source actually states ("June 2019" is a month)."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class Qualifier(models.TextChoices):
    """How a source qualifies a number: "nearly 50" is not "50"."""

    EXACTLY = "exactly", _("exactly")
    ABOUT = "about", _("about")
    MORE_THAN = "more_than", _("more than")
    AT_LEAST = "at_least", _("at least")
    NEARLY = "nearly", _("nearly")
    UP_TO = "up_to", _("up to")


def public_q(model: type[models.Model], prefix: str = "") -> models.Q:
    """The condition for `model`'s records, reached through the lookup `prefix` if given, to be
    public: `Talk.objects.filter(public_q(Person, "speakers"))`."""
    return model.public_condition(f"{prefix}__" if prefix else "")


# The moment the visibility rule compares publish times with: now, unless pinned, as
# `summit.prepared` pins it to a stand-in while it compiles a query once for many moments.
_pinned_moment: contextvars.ContextVar[datetime.datetime | None] = contextvars.ContextVar(
    "pinned_moment", default=None
)


@contextlib.contextmanager
def pinned_moment(moment: datetime.datetime):
    token = _pinned_moment.set(moment)
    try:
        yield
    finally:
        _pinned_moment.reset(token)


class PublicQuerySet(models.QuerySet):
    """Every content model's queryset: `published()` is the one visibility rule of the site."""

    def published(self, *, given: tuple[str, ...] = ()):
        """Records the public may see, in every channel: pages, search, feeds, sitemap, exports.

        `given` names required relations already vouched for: a page's own record, whose
        related rows are loaded, so that staff previewing a draft event see its public talks.
        """
        return self.filter(self.model.public_condition(given=given))


class ContentModel(models.Model):
    """Any record of the site's content: its text fields refuse control characters, its rules
    are messages on the fields they concern, and its queryset knows which of its records the
    public may see."""

    # The relations a record cannot be shown without: it is public only when they are. Optional
    # references (a parent organisation, a series) are not listed; pages load them through
    # `published()` too, so an unpublished one reads as missing: no name, no link.
    public_requires: tuple[str, ...] = ()

    objects = PublicQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def public_condition(cls, path: str = "", given: tuple[str, ...] = ()) -> models.Q:
        """The one visibility rule, as a condition on lookups starting with `path` ("event__"),
        taking the required relations named in `given` as public."""
        condition = models.Q()
        for name in cls.public_requires:
            if name in given:
                continue
            related = cls._meta.get_field(name).related_model
            condition &= related.public_condition(f"{path}{name}__")
        return condition

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        excluded = set(exclude or ())
        skipped = excluded | set(errors)
        for field in self._meta.concrete_fields:
            if field.name in skipped or not isinstance(field, models.CharField | models.TextField):
                continue
            character = find_control_character(getattr(self, field.attname) or "")
            if character:
                errors[field.name] = [
                    ValidationError(
                        _(
                            "Remove the invisible control character %(character)s (often pasted "
                            "from a word processor as a line break)."
                        ),
                        code="control_character",
                        params={"character": character},
                    )
                ]
        for name, error in self.rule_errors().items():
            if name in errors:
                continue  # the value failed its own check: a rule about it would only add noise
            # A form that does not show the field (an inline row with fewer columns) cannot put a
            # message on it: Django would fail, so the message goes at the top of the form.
            errors.setdefault(NON_FIELD_ERRORS if name in excluded else name, []).append(error)
        if errors:
            raise ValidationError(errors)

    def rule_errors(self) -> dict[str, ValidationError]:
        """The rules across fields and records this record breaks, by the field to correct.

        Checked by `full_clean()` after each field's own validation (so values are clean, and a
        form can tell which fields it shows), and before uniqueness and the database constraints,
        which it therefore skips for those fields: the editor reads what to do, on the field,
        never a constraint's name. A rule whose inputs are missing (a half-filled form) is
        skipped: the missing field has its own message.
        """
        return {}

    def validate_constraints(self, exclude=None):
        # modeltranslation copies a unique constraint over a translated field once per language
        # (name, name_zh_hans, name_en): one clash would otherwise be reported three times.
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise ValidationError(
                {name: list(dict.fromkeys(errors)) for name, errors in error.error_dict.items()}
            ) from None


def chosen(instance: models.Model, name: str) -> models.Model | None:
    """The record `instance` refers to through `name`, or None while none is chosen.

    Rules that compare related records skip themselves when one is missing: the admin validates
    an inline row before its parent is saved, and a half-filled form has its own "required" error.
    """
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


def unique_slug(instance: models.Model, text: str, *, max_length: int = SLUG_MAX_LENGTH) -> str:
    """A slug for `text` that no other row of the instance's model uses.

    Chinese stays Chinese (`allow_unicode`), so a Chinese-only name still gets a readable slug;
    text with no letters at all falls back to the model's name.
    """
    model = type(instance)
    base = slugify(text, allow_unicode=True)[: max_length - 8].strip("-")
    base = base or model._meta.model_name
    others = (
        model._default_manager.exclude(pk=instance.pk) if instance.pk else model._default_manager
    )
    slug, number = base, 1
    while others.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


class CitedModel(ContentModel):
    """A record whose facts come from sources: it carries its citations and import fingerprint."""

    citations = GenericRelation("summit.Citation")
    # "<kind>/<key>" of the annotation that created the record: how a re-import finds it again,
    # even after staff renamed it or changed its slug. NULL (not "") for records staff created,
    # so that uniqueness only applies to imported ones.
    import_key = models.CharField(
        max_length=200, null=True, blank=True, unique=True, editable=False
    )
    # Hash of the field values the importer last wrote; a different hash today means staff
    # edited the record, and a re-import keeps their edit.
    import_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class PublishableModel(CitedModel):
    """A record with a public page: a unique slug, a draft/published state and a publish time."""

    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("Part of the web address. Left empty, it is made from the name."),
    )
    # Not indexed: nearly every record is published, so an index on it narrows nothing, and
    # SQLite (which keeps no statistics) would take it as selective and start a join from it,
    # reading every published person to find one talk's speakers.
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        default=timezone.now,
        help_text=_("A published record stays hidden from the public until this time."),
    )

    # The slug `clean()` made, while it is not saved yet.
    _made_slug: str | None = None

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(slug=""),
                name="%(app_label)s_%(class)s_slug_not_empty",
                violation_error_message=_(
                    "Enter a slug, or leave it empty to make one from the name."
                ),
            ),
        ]

    def save(self, *args, **kwargs):
        # A slug made during validation is made again: a record saved since then, such as the
        # row above in the same form with the same title, may have taken it.
        if not self.slug or self.slug == self._made_slug:
            self.slug = unique_slug(self, self.slug_text())
        self._made_slug = None
        super().save(*args, **kwargs)

    def clean(self):
        # Filled here, not only in save(): validation checks uniqueness and the slug constraint
        # before anything is saved, and an editor who leaves the slug empty means "make one".
        super().clean()
        if not self.slug:
            self.slug = self._made_slug = unique_slug(self, self.slug_text())

    @classmethod
    def public_condition(cls, path: str = "", given: tuple[str, ...] = ()) -> models.Q:
        """Published, its publish time passed, and whatever it requires public too."""
        moment = _pinned_moment.get() or timezone.now()
        own = {f"{path}status": Status.PUBLISHED, f"{path}publish_at__lte": moment}
        return models.Q(**own) & super().public_condition(path, given)

    def slug_text(self) -> str:
        """The text the slug is made from: the English name when there is one, else Chinese."""
        return getattr(self, "name_en", "") or getattr(self, "name", "") or str(self)


class Measurement(CitedModel):
    """A number as a source states it: value, qualifier and unit ("more than 400 professionals")."""

    label = models.CharField(_("what is counted"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    qualifier = models.CharField(
        _("qualifier"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACTLY
    )
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    stated_as = models.CharField(
        _("as stated"),
        max_length=60,
        blank=True,
        help_text=_('The figure exactly as the source writes it, e.g. "近50" or "1/4".'),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__gte=0),
                name="%(app_label)s_%(class)s_value_not_negative",
                violation_error_message=NEGATIVE_VALUE,
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.display_value()}"

    def rule_errors(self) -> dict[str, ValidationError]:
        errors = super().rule_errors()
        if self.value is not None and self.value < 0:
            errors["value"] = ValidationError(NEGATIVE_VALUE, code="negative")
        return errors

    def display_value(self) -> str:
        """The figure in the reader's language, qualifier included: "nearly 50 people", "近50位",
        "400,000 m²", "40万平方米"."""
        qualifier = "" if self.qualifier == Qualifier.EXACTLY else self.get_qualifier_display()
        text = pgettext("figure: qualifier, value, unit", "%(qualifier)s %(value)s %(unit)s") % {
            "qualifier": qualifier,
            "value": format_number(self.value),
            "unit": self.unit,
        }
        # "52%", not "52 %": a per cent sign sits right against its number in both languages.
        return " ".join(text.split()).replace(" %", "%")
