"""Events, their series and venues, who hosted them, who took part, and their figures."""

import functools
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from summit.models.base import (
    END_DATE_BEFORE_START,
    CitedModel,
    ContentModel,
    Measurement,
    PublicQuerySet,
    PublishableModel,
)
from summit.models.programme import programme_problems
from summit.models.topics import TaggedTopic

EDITION_FROM_ONE = _("Editions are numbered from 1 (1 for the first edition).")
DEFAULT_TIME_ZONE = "Asia/Shanghai"


@functools.cache
def _time_zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(name: str) -> None:
    if name not in _time_zone_names():
        raise ValidationError(
            _("Enter a time zone by its IANA name, such as Asia/Shanghai or Europe/Berlin."),
            code="unknown_time_zone",
        )


class EventSeries(PublishableModel):
    """A recurring event, such as the Zhangjiang summit; each edition of it is an Event."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta(PublishableModel.Meta):
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("summit:series_detail", kwargs={"slug": self.slug})


class Venue(CitedModel):
    """A place events happen (张江科学城 / Zhangjiang Science City); rooms belong to it."""

    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    country = models.ForeignKey(
        "summit.Country",
        verbose_name=_("country or region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @classmethod
    def public_condition(cls, path: str = "", given: tuple[str, ...] = ()) -> models.Q:
        """A venue has no page of its own: it is public where a public event takes place."""
        return models.Q(**{f"{path}pk__in": Event.objects.published().values("venue")})


class Room(ContentModel):
    """A room at a venue, where sessions and talks take place."""

    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("name"), max_length=100)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    # A room's identity in frab schedules: kept from an imported one, made for an export.
    guid = models.UUIDField(_("GUID"), null=True, blank=True, unique=True, editable=False)

    public_requires = ("venue",)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["venue", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "name"],
                name="summit_room_unique_name",
                violation_error_message=_("This venue already has a room with this name."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.venue})"


class EventQuerySet(PublicQuerySet):
    @staticmethod
    def upcoming_condition() -> models.Q:
        """What makes an event upcoming: it starts today or later (in the site's time zone)."""
        return models.Q(start_date__gte=timezone.localdate())

    def upcoming(self):
        return self.filter(self.upcoming_condition()).order_by("start_date")

    def past(self):
        return self.exclude(self.upcoming_condition()).order_by("-start_date")


class Event(PublishableModel):
    """One edition of a summit or conference: dates, place, hosts, programme and figures.

    Editors edit sessions, hosts, participants and figures inline; talks are edited on their
    own page or inline.
    """

    class EventStatus(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        POSTPONED = "postponed", _("Postponed")
        RESCHEDULED = "rescheduled", _("Rescheduled")
        MOVED_ONLINE = "moved_online", _("Moved online")
        CANCELLED = "cancelled", _("Cancelled")

    class AttendanceMode(models.TextChoices):
        OFFLINE = "offline", _("In person")
        ONLINE = "online", _("Online")
        MIXED = "mixed", _("In person and online")

    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    edition = models.PositiveSmallIntegerField(
        _("edition"), null=True, blank=True, help_text=_("1 for the first (首届) edition.")
    )
    name = models.CharField(_("name"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_("Where the event takes place: its times are shown in this zone, labelled."),
    )
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    event_status = models.CharField(
        _("event status"),
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
    )
    attendance_mode = models.CharField(
        _("attendance"),
        max_length=10,
        choices=AttendanceMode.choices,
        default=AttendanceMode.OFFLINE,
    )
    website = models.URLField(_("website"), blank=True)
    countries = models.ManyToManyField(
        "summit.Country",
        verbose_name=_("countries and regions represented"),
        blank=True,
        related_name="events",
    )
    topics = TaggableManager(verbose_name=_("topics"), through=TaggedTopic, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta(PublishableModel.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date", "name"]
        constraints = [
            *PublishableModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="summit_event_dates_in_order",
                violation_error_message=END_DATE_BEFORE_START,
            ),
            models.CheckConstraint(
                condition=models.Q(edition__isnull=True) | models.Q(edition__gte=1),
                name="summit_event_edition_positive",
                violation_error_message=EDITION_FROM_ONE,
            ),
            models.UniqueConstraint(
                fields=["series", "edition"],
                name="summit_event_unique_edition",
                violation_error_message=_(
                    "This series already has an event with this edition number."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("summit:event_detail", kwargs={"slug": self.slug})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The event's time zone; the site's (Asia/Shanghai) while its name is not valid."""
        name = self.time_zone if self.time_zone in _time_zone_names() else DEFAULT_TIME_ZONE
        return zoneinfo.ZoneInfo(name)

    def rule_errors(self) -> dict[str, ValidationError]:
        errors = super().rule_errors()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = ValidationError(END_DATE_BEFORE_START, code="dates_in_order")
        if self.edition == 0:
            errors["edition"] = ValidationError(EDITION_FROM_ONE, code="edition_positive")
        return errors

    def check_programme(self) -> None:
        """Refuse, on the venue or the dates, a change to this event that its sessions and
        talks no longer fit: a room at another venue, a time outside the new dates.

        Not one of its `rule_errors()`: in the admin an event's programme is edited on the
        event's own page, and each session and talk row is checked against the event as edited,
        so that the editor moves both in one go. Whatever changes an event alone (the importer, an
        API) calls this after `full_clean()`.
        """
        errors: dict[str, list[ValidationError]] = {}
        items = [
            *self.sessions.select_related("room__venue"),
            *self.talks.select_related("room__venue"),
        ]
        for item in items:
            for name, error in programme_problems(item, self):
                errors.setdefault(name, []).append(error)
        if errors:
            raise ValidationError(errors)


class EventOrganisation(CitedModel):
    """An organisation's role at an event: host, co-host, organiser, sponsor …"""

    class Role(models.TextChoices):
        HOST = "host", _("Host")
        CO_HOST = "co_host", _("Co-host")
        ORGANISER = "organiser", _("Organiser")
        SUPPORTER = "supporter", _("Supporter")
        SPONSOR = "sponsor", _("Sponsor")
        MEDIA_PARTNER = "media_partner", _("Media partner")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="organisation_roles"
    )
    organisation = models.ForeignKey(
        "summit.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="event_roles",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    public_requires = ("event", "organisation")

    class Meta:
        verbose_name = _("event organisation")
        verbose_name_plural = _("hosts and partners")
        ordering = ["event", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation", "role"],
                name="summit_event_organisation_unique",
                violation_error_message=_("This organisation already has this role at this event."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()}, {self.event})"


class EventParticipant(CitedModel):
    """A person's part in an event: speaker, official guest, moderator …"""

    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Speaker")
        OFFICIAL_GUEST = "official_guest", _("Official guest")
        MODERATOR = "moderator", _("Moderator")
        PANELLIST = "panellist", _("Panellist")
        GUEST = "guest", _("Guest")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        "summit.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    title_at_event = models.CharField(
        _("title at the event"),
        max_length=300,
        blank=True,
        help_text=_("The title the source gives the person at this event."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    public_requires = ("event", "person")

    class Meta:
        verbose_name = _("event participant")
        verbose_name_plural = _("participants")
        ordering = ["event", "role", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "role"],
                name="summit_event_participant_unique",
                violation_error_message=_("This person already has this role at this event."),
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()}, {self.event})"


class EventFigure(Measurement):
    """A headline figure of an event: "16 countries and regions", "400+ professionals"."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="figures"
    )

    public_requires = ("event",)

    class Meta(Measurement.Meta):
        verbose_name = _("event figure")
        verbose_name_plural = _("figures")
