"""The programme of an event: sessions and the talks given in them, and where and when they
may take place: in a room at the event's venue, on the event's dates, ending after they start."""

import datetime
import uuid
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from summit.models.base import CitedModel, ContentModel, PublishableModel, chosen
from summit.models.topics import TaggedTopic

END_BEFORE_START = _("The end must be after the start.")


def _moment(value) -> datetime.datetime | None:
    # A value that failed its own field's validation stays as typed; the rules skip it.
    return value if isinstance(value, datetime.datetime) else None


def event_date(moment: datetime.datetime, event) -> datetime.date:
    """The day `moment` falls on in the event's time zone (Asia/Shanghai unless it says
    otherwise), whichever zone is active: a talk at 01:00 in Shanghai is on that day, though
    UTC puts it on the day before."""
    if timezone.is_naive(moment):
        return moment.date()
    return timezone.localtime(moment, event.zone).date()


def _event_dates(event) -> str:
    last = event.end_date or event.start_date
    if last == event.start_date:
        return event.start_date.isoformat()
    return f"{event.start_date.isoformat()} – {last.isoformat()}"


def _outside_dates(day: datetime.date, event) -> bool:
    return not event.start_date <= day <= (event.end_date or event.start_date)


def place_errors(item: "Session | Talk") -> dict[str, ValidationError]:
    """What is wrong with a session's or talk's times and room, by the field to correct.

    The end comes after the start; the room is at the event's venue; start and end fall on the
    event's dates. A rule whose inputs are missing (no event chosen yet, no room) is skipped.
    """
    errors = {}
    starts, ends = _moment(item.starts_at), _moment(item.ends_at)
    if starts and ends and ends <= starts:
        errors["ends_at"] = ValidationError(END_BEFORE_START, code="times_in_order")
    event = chosen(item, "event")
    if event is None:
        return errors
    room = chosen(item, "room")
    if room is not None and event.venue_id is None:
        errors["room"] = ValidationError(
            _("The event has no venue yet: pick the event's venue first, then a room there."),
            code="event_without_venue",
        )
    elif room is not None and room.venue_id != event.venue_id:
        errors["room"] = ValidationError(
            _("Pick a room at %(venue)s, the event's venue; this one is at %(other)s."),
            code="room_at_other_venue",
            params={"venue": event.venue, "other": room.venue},
        )
    if isinstance(event.start_date, datetime.date):
        outside = {
            "starts_at": _("The start must fall within the event's dates (%(dates)s)."),
            "ends_at": _("The end must fall within the event's dates (%(dates)s)."),
        }
        for name, moment in (("starts_at", starts), ("ends_at", ends)):
            if moment and name not in errors and _outside_dates(event_date(moment, event), event):
                errors[name] = ValidationError(
                    outside[name], code="outside_event", params={"dates": _event_dates(event)}
                )
    return errors


def _title(item: "Session | Talk"):
    # Read when the message is shown, so that it names the item in the reader's language.
    return lazy(lambda: item.title, str)()


def programme_problems(item: "Session | Talk", event) -> Iterator[tuple[str, ValidationError]]:
    """The same rules seen from the event: which of `event`'s fields (as edited, not yet saved)
    its session or talk `item` no longer fits, and why."""
    if item.room is not None and item.room.venue_id != event.venue_id:
        yield (
            "venue",
            ValidationError(
                _("“%(item)s” is in a room at %(venue)s: change its room first, or clear it."),
                code="programme_at_other_venue",
                params={"item": _title(item), "venue": item.room.venue},
            ),
        )
    if not isinstance(event.start_date, datetime.date):
        return
    for moment in (_moment(item.starts_at), _moment(item.ends_at)):
        if moment is None or not _outside_dates(event_date(moment, event), event):
            continue
        day = event_date(moment, event)
        field = "start_date" if day < event.start_date or not event.end_date else "end_date"
        yield (
            field,
            ValidationError(
                _("“%(item)s” takes place on %(day)s, outside these dates: move it first."),
                code="programme_outside_dates",
                params={"item": _title(item), "day": day.isoformat()},
            ),
        )
        return


PARALLEL_FROM_ONE = _("The number of sessions must be at least 1.")


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
                condition=models.Q(parallel_count__gte=1),
                name="summit_session_parallel_positive",
                violation_error_message=PARALLEL_FROM_ONE,
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(starts_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="summit_session_times_in_order",
                violation_error_message=END_BEFORE_START,
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.event})"

    def rule_errors(self) -> dict[str, ValidationError]:
        errors = super().rule_errors() | place_errors(self)
        if self.parallel_count == 0:
            errors["parallel_count"] = ValidationError(PARALLEL_FROM_ONE, code="parallel_positive")
        return errors


class Track(ContentModel):
    """A thread of an event's programme (Web, Security; 临床, 产业), with a colour: imported from
    frab schedules, editable inline on the event."""

    event = models.ForeignKey(
        "summit.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="tracks"
    )
    name = models.CharField(_("name"), max_length=200)
    color = models.CharField(
        _("colour"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #1f77b4."))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    public_requires = ("event",)

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        # `event_id`, not `event`: tracks are listed within their event, and ordering by `event`
        # would join the event to sort by its own ordering in every query.
        ordering = ["event_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "name"],
                name="summit_track_unique_name",
                violation_error_message=_("This event already has a track with this name."),
            ),
        ]

    def __str__(self):
        return self.name


class Talk(PublishableModel):
    """A talk or report given at an event, with its speakers and topics.

    The session is optional: a source may report what was presented without saying where.
    `guid` is the talk's identity across schedule imports and exports (frab), made when the
    talk is created.
    """

    # Indexed first in `summit_talk_programme` below, which serves any lookup by event.
    event = models.ForeignKey(
        "summit.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="talks",
        db_index=False,
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="talks",
    )
    guid = models.UUIDField(_("GUID"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    abstract = models.TextField(_("abstract"), blank=True)
    description = models.TextField(_("description"), blank=True)
    track = models.ForeignKey(
        Track,
        verbose_name=_("track"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="talks",
    )
    talk_type = models.CharField(
        _("type"), max_length=100, blank=True, help_text=_("Talk, workshop, panel …")
    )
    language = models.CharField(
        _("language"),
        max_length=20,
        blank=True,
        help_text=_("The language the talk is given in, as a code: zh, en …"),
    )
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
        # What the programme asks of an event's talks (their days, rooms and tracks, a day's
        # talks), answered from the index alone: a talk's row, with its abstract and
        # description, is read only when it is shown.
        indexes = [
            models.Index(
                fields=["event", "starts_at", "room", "track", "status", "publish_at"],
                name="summit_talk_programme",
            )
        ]
        constraints = [
            *PublishableModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(starts_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="summit_talk_times_in_order",
                violation_error_message=END_BEFORE_START,
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("summit:talk_detail", kwargs={"slug": self.slug})

    def rule_errors(self) -> dict[str, ValidationError]:
        errors = super().rule_errors() | place_errors(self)
        event, session, track = (
            chosen(self, "event"),
            chosen(self, "session"),
            chosen(self, "track"),
        )
        if event is not None and track is not None and track.event_id != event.pk:
            errors["track"] = ValidationError(
                _("Pick a track of %(event)s, this talk's event."),
                code="track_of_other_event",
                params={"event": event},
            )
        if event is not None and session is not None and session.event_id != event.pk:
            errors["session"] = ValidationError(
                _("Pick a session of %(event)s, this talk's event; this one is part of %(other)s."),
                code="session_of_other_event",
                params={"event": event, "other": session.event},
            )
        return errors

    def slug_text(self) -> str:
        return self.title_en or self.title


class TalkLink(ContentModel):
    """A web address that goes with a talk: slides, a recording, a paper."""

    talk = models.ForeignKey(
        Talk, verbose_name=_("talk"), on_delete=models.CASCADE, related_name="links"
    )
    url = models.URLField(_("web address"), max_length=500)
    title = models.CharField(_("title"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    public_requires = ("talk",)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        # `talk_id`, not `talk`: links are only ever listed within their talk, and ordering by
        # `talk` would join the talk and its event to sort by theirs in every query.
        ordering = ["talk_id", "order", "pk"]

    def __str__(self):
        return self.title or self.url
