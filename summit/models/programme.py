"""The programme of an event: sessions and the talks given in them."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from summit.models.base import CitedModel, PublishableModel
from summit.models.topics import TaggedTopic


class Session(CitedModel):
    """A block of an event's programme: the plenary reports, a dialogue, the sub-forums.

    Sources often give only the shape ("3 sub-forums with 33 industry reports"): `parallel_count`
    and `planned_talk_count` keep those numbers, so the site can say how many talks are known
    without inventing the rest. Times and a room are optional; the programme shows a timetable
    when they exist and a plain list when they don't.
    """

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        KEYNOTE = "keynote", _("Keynote")
        DIALOGUE = "dialogue", _("Dialogue")
        PANEL = "panel", _("Panel")
        FORUM = "forum", _("Forum")
        WORKSHOP = "workshop", _("Workshop")
        VISIT = "visit", _("Visit")
        OTHER = "other", _("Other")

    event = models.ForeignKey(
        "summit.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("description"), blank=True)
    parallel_count = models.PositiveSmallIntegerField(
        _("number of sessions"),
        default=1,
        help_text=_(
            "When the source counts several parallel sessions together, e.g. 3 sub-forums."
        ),
    )
    planned_talk_count = models.PositiveSmallIntegerField(
        _("planned talks"),
        null=True,
        blank=True,
        help_text=_("How many talks the programme announces, whether or not they are listed here."),
    )
    room = models.ForeignKey(
        "summit.Room",
        verbose_name=_("room"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    public_requires = ("event",)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["event", "starts_at", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(parallel_count__gte=1), name="summit_session_parallel_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(starts_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="summit_session_times_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.event})"


class Talk(PublishableModel):
    """A talk or report given at an event, with its speakers and topics.

    The session is optional: a source may report what was presented without saying where.
    """

    event = models.ForeignKey(
        "summit.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="talks"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="talks",
    )
    title = models.CharField(_("title"), max_length=300)
    abstract = models.TextField(_("abstract"), blank=True)
    speakers = models.ManyToManyField(
        "summit.Person", verbose_name=_("speakers"), blank=True, related_name="talks"
    )
    room = models.ForeignKey(
        "summit.Room",
        verbose_name=_("room"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="talks",
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    topics = TaggableManager(verbose_name=_("topics"), through=TaggedTopic, blank=True)

    public_requires = ("event",)

    class Meta(PublishableModel.Meta):
        verbose_name = _("talk")
        verbose_name_plural = _("talks")
        ordering = ["event", "starts_at", "order", "pk"]
        constraints = [
            *PublishableModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(starts_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="summit_talk_times_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("summit:talk_detail", kwargs={"slug": self.slug})

    def slug_text(self) -> str:
        return self.title_en or self.title
