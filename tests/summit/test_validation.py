"""Every rule an editor can break is refused on the field it concerns, saying what to do.

The rules live in model validation, so the admin, the importer and any API refuse the same things:
here through `full_clean()`, and through the admin's add and change forms as an editor submits
them. The admin is requested under /en/ (the messages are checked in English; the Chinese ones
come from the translation catalogue), and a refused form leaves the record as it was.
"""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.forms import modelform_factory
from django.urls import reverse
from django.utils import timezone, translation

from parks.models import IndustryPark, ParkRelation, ValueChainStage
from summit.models import (
    Affiliation,
    Country,
    Event,
    EventFigure,
    EventOrganisation,
    EventParticipant,
    EventSeries,
    Organisation,
    Person,
    Quote,
    Room,
    Session,
    Source,
    Talk,
)
from tests.admin_forms import admin_form_data
from tests.factories import (
    AffiliationFactory,
    EventFactory,
    EventSeriesFactory,
    IndustryParkFactory,
    OrganisationFactory,
    ParkMetricFactory,
    PersonFactory,
    RoomFactory,
    SessionFactory,
    TalkFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

END_BEFORE_START = "The end must be after the start."
END_DATE_BEFORE_START = "The end date cannot be before the start date."
OTHER_VENUE = "Pick a room at Conference Centre, the event's venue; this one is at Expo Hall."
NO_VENUE = "The event has no venue yet: pick the event's venue first, then a room there."
START_OUTSIDE = "The start must fall within the event's dates (2019-11-14 – 2019-11-15)."
END_OUTSIDE = "The end must fall within the event's dates (2019-11-14 – 2019-11-15)."
OTHER_EVENT = "Pick a session of Cell Summit, this talk's event; this one is part of Other Summit."


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A time in November 2019, Shanghai time."""
    return datetime.datetime(2019, 11, day, hour, minute, tzinfo=SHANGHAI)


def errors_of(record: models.Model) -> dict[str, list[str]]:
    """What `full_clean()` says is wrong with `record`, by field, in English."""
    with translation.override("en"):
        try:
            record.full_clean()
        except ValidationError as error:
            return error.message_dict
    return {}


def programme_errors(event: Event) -> dict[str, list[str]]:
    """What `check_programme()` says of `event` as edited, by field, in English."""
    with translation.override("en"):
        try:
            event.check_programme()
        except ValidationError as error:
            return error.message_dict
    return {}


def admin_url(model: type[models.Model], view: str, *args) -> str:
    with translation.override("en"):
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def split(moment: datetime.datetime, name: str) -> dict[str, str]:
    """A time as the admin's date and time boxes send it, in Shanghai time."""
    local = moment.astimezone(SHANGHAI)
    return {f"{name}_0": local.date().isoformat(), f"{name}_1": local.time().isoformat()}


@pytest.fixture
def event():
    """A two-day event at the Conference Centre."""
    venue = VenueFactory(name="国际会议中心", name_en="Conference Centre")
    return EventFactory(
        name="细胞峰会",
        name_en="Cell Summit",
        venue=venue,
        start_date=datetime.date(2019, 11, 14),
        end_date=datetime.date(2019, 11, 15),
    )


@pytest.fixture
def room(event):
    return RoomFactory(venue=event.venue, name="一号厅", name_en="Hall 1")


@pytest.fixture
def other_room():
    return RoomFactory(venue=VenueFactory(name="博览馆", name_en="Expo Hall"), name_en="Hall 9")


@pytest.fixture
def other_session():
    return SessionFactory(event=EventFactory(name="另一峰会", name_en="Other Summit"))


PROGRAMME_MODELS = {"session": SessionFactory, "talk": TalkFactory}


# Slugs ------------------------------------------------------------------------------------------


def test_full_clean_makes_the_slug_from_the_name():
    person = Person(name="John Smith")
    assert errors_of(person) == {}
    assert person.slug == "john-smith"


def test_full_clean_makes_a_chinese_slug_from_a_chinese_name():
    person = Person(name="袁涛")
    person.full_clean()
    assert person.slug == "袁涛"


def test_full_clean_makes_a_slug_no_other_record_has():
    PersonFactory(name="约翰", name_en="John Smith")
    person = Person(name="John Smith")
    person.full_clean()
    assert person.slug == "john-smith-2"


def test_full_clean_keeps_a_slug_the_editor_typed():
    person = Person(name="John Smith", slug="smith")
    person.full_clean()
    assert person.slug == "smith"


def test_empty_slug_is_still_refused_by_the_database():
    person = PersonFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(slug="")


# What an editor types in the Chinese name or title box of an add form, what else the form needs,
# and the slug the saved record gets.
ADD_FORMS = {
    EventSeries: ({"name_zh_hans": "Cell Summit Series"}, "cell-summit-series"),
    Event: ({"name_zh_hans": "John Smith Summit", "start_date": "2019-11-14"}, "john-smith-summit"),
    Talk: ({"title_zh_hans": "CAR-T Today"}, "car-t-today"),
    Person: ({"name_zh_hans": "John Smith"}, "john-smith"),
    Organisation: ({"name_zh_hans": "Smith Institute"}, "smith-institute"),
    Quote: ({"text_zh_hans": "细胞治疗迎来了发展机遇期。"}, "yuan-tao-quote"),
    Source: ({"title_zh_hans": "Summit Opens"}, "summit-opens"),
    IndustryPark: ({"name_zh_hans": "Cell Park"}, "cell-park"),
}


@pytest.mark.parametrize("model", ADD_FORMS, ids=lambda model: model._meta.label)
def test_add_form_with_empty_slug_saves_with_a_slug_from_the_name(editor_client, model):
    changes, slug = ADD_FORMS[model]
    if model is Talk:
        changes = {**changes, "event": str(EventFactory().pk)}
    if model is Quote:
        changes = {**changes, "person": str(PersonFactory(name="袁涛", name_en="Yuan Tao").pk)}
    url = admin_url(model, "add")

    response = editor_client.post(url, admin_form_data(editor_client.get(url), **changes))

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert model.objects.get(slug=slug)


def test_add_form_with_chinese_name_gives_chinese_slug(editor_client):
    url = admin_url(Person, "add")

    editor_client.post(url, admin_form_data(editor_client.get(url), name_zh_hans="袁涛"))

    assert Person.objects.get().slug == "袁涛"


def test_two_new_talks_with_one_title_get_two_slugs(editor_client, event):
    url = admin_url(Event, "change", event.pk)
    data = admin_form_data(editor_client.get(url), **{"talks-TOTAL_FORMS": "2"})
    for number in range(2):
        data |= {f"talks-{number}-title_zh_hans": "茶歇", f"talks-{number}-title_en": "Tea break"}
        data |= {f"talks-{number}-status": "draft", f"talks-{number}-order": "0"}

    response = editor_client.post(url, data)

    assert response.status_code == 302
    assert sorted(event.talks.values_list("slug", flat=True)) == ["tea-break", "tea-break-2"]


# Rules of one record --------------------------------------------------------------------------


def event_ending_before_it_starts():
    return EventFactory.build(
        start_date=datetime.date(2019, 11, 14), end_date=datetime.date(2019, 11, 13)
    )


def own_parent():
    organisation = OrganisationFactory()
    organisation.parent = organisation
    return organisation


def parent_that_is_a_part():
    whole = OrganisationFactory(name_en="Academy")
    part = OrganisationFactory(name_en="Institute", parent=whole)
    whole.parent = part
    return whole


def park_related_to_itself():
    park = IndustryParkFactory()
    return ParkRelation(park=park, related_park=park, kind=ParkRelation.Kind.LINKED)


# A record breaking one rule, the field the message sits on, and the message.
ONE_RECORD_RULES = {
    "event ends before it starts": (
        event_ending_before_it_starts,
        "end_date",
        END_DATE_BEFORE_START,
    ),
    "event edition 0": (
        lambda: EventFactory.build(edition=0),
        "edition",
        "Editions are numbered from 1 (1 for the first edition).",
    ),
    "session ends before it starts": (
        lambda: SessionFactory.build(event=EventFactory(), starts_at=at(14, 10), ends_at=at(14, 9)),
        "ends_at",
        END_BEFORE_START,
    ),
    "session ends as it starts": (
        lambda: SessionFactory.build(
            event=EventFactory(), starts_at=at(14, 10), ends_at=at(14, 10)
        ),
        "ends_at",
        END_BEFORE_START,
    ),
    "session count 0": (
        lambda: SessionFactory.build(event=EventFactory(), parallel_count=0),
        "parallel_count",
        "The number of sessions must be at least 1.",
    ),
    "talk ends before it starts": (
        lambda: TalkFactory.build(event=EventFactory(), starts_at=at(14, 10), ends_at=at(14, 9)),
        "ends_at",
        END_BEFORE_START,
    ),
    "affiliation ends before it starts": (
        lambda: AffiliationFactory.build(
            person=PersonFactory(),
            organisation=OrganisationFactory(),
            start_date=datetime.date(2019, 1, 1),
            end_date=datetime.date(2018, 1, 1),
        ),
        "end_date",
        END_DATE_BEFORE_START,
    ),
    "country code in lower case": (
        lambda: Country(code="cn", name="中国"),
        "code",
        "Enter the two-letter ISO code in capitals, e.g. CN.",
    ),
    "organisation part of itself": (
        own_parent,
        "parent",
        "An organisation cannot be part of itself.",
    ),
    "organisation part of its own part": (
        parent_that_is_a_part,
        "parent",
        "Institute is itself part of this organisation: pick another one.",
    ),
    "negative event figure": (
        lambda: EventFigure(event=EventFactory(), label="人", value=Decimal("-1")),
        "value",
        "The value cannot be negative.",
    ),
    "negative park metric": (
        lambda: ParkMetricFactory.build(park=IndustryParkFactory(), value=Decimal("-1")),
        "value",
        "The value cannot be negative.",
    ),
    "park metric share over 100": (
        lambda: ParkMetricFactory.build(park=IndustryParkFactory(), percentage=Decimal("120")),
        "percentage",
        "The share must be between 0 and 100.",
    ),
    "park metric value over its total": (
        lambda: ParkMetricFactory.build(
            park=IndustryParkFactory(), value=Decimal("22"), total=Decimal("21")
        ),
        "value",
        "The value cannot be more than the total it is part of.",
    ),
    "park core area 0": (
        lambda: IndustryParkFactory.build(core_area_m2=Decimal("0")),
        "core_area_m2",
        "The core area must be more than 0 m²; leave it empty if unknown.",
    ),
    "park related to itself": (
        park_related_to_itself,
        "related_park",
        "A park cannot be related to itself: pick another park.",
    ),
}


@pytest.mark.parametrize("rule", ONE_RECORD_RULES)
def test_rule_of_one_record_is_a_message_on_its_field(rule):
    make, field, message = ONE_RECORD_RULES[rule]
    assert errors_of(make()) == {field: [message]}


def duplicate_room():
    room = RoomFactory()
    return Room(venue=room.venue, name=room.name, name_en=room.name_en)


def duplicate_edition():
    series = EventSeriesFactory()
    EventFactory(series=series, edition=1)
    return EventFactory.build(series=series, edition=1)


def duplicate_host():
    role = EventOrganisation.objects.create(
        event=EventFactory(), organisation=OrganisationFactory(), role="host"
    )
    return EventOrganisation(event=role.event, organisation=role.organisation, role="host")


def duplicate_participant():
    role = EventParticipant.objects.create(
        event=EventFactory(), person=PersonFactory(), role="speaker"
    )
    return EventParticipant(event=role.event, person=role.person, role="speaker")


def duplicate_affiliation():
    affiliation = AffiliationFactory()
    return Affiliation(
        person=affiliation.person,
        organisation=affiliation.organisation,
        title=affiliation.title,
        title_en=affiliation.title_en,
    )


def duplicate_stage():
    stage = ValueChainStage.objects.create(park=IndustryParkFactory(), name="存储")
    return ValueChainStage(park=stage.park, name="存储")


def duplicate_membership():
    from parks.models import ParkMembership

    membership = ParkMembership.objects.create(
        park=IndustryParkFactory(), organisation=OrganisationFactory()
    )
    return ParkMembership(park=membership.park, organisation=membership.organisation)


def duplicate_park_relation():
    relation = ParkRelation.objects.create(
        park=IndustryParkFactory(), related_park=IndustryParkFactory(), kind="linked"
    )
    return ParkRelation(park=relation.park, related_park=relation.related_park, kind="linked")


CLASHES = {
    "room": (duplicate_room, "This venue already has a room with this name."),
    "edition": (duplicate_edition, "This series already has an event with this edition number."),
    "host": (duplicate_host, "This organisation already has this role at this event."),
    "participant": (duplicate_participant, "This person already has this role at this event."),
    "affiliation": (
        duplicate_affiliation,
        "This person already has this title at this organisation.",
    ),
    "stage": (duplicate_stage, "This park already has a stage with this name."),
    "membership": (duplicate_membership, "This organisation already has this role in this park."),
    "park relation": (duplicate_park_relation, "These two parks are already related this way."),
}


@pytest.mark.parametrize("clash", CLASHES)
def test_clash_with_another_record_says_what_clashes_once(clash):
    make, message = CLASHES[clash]
    assert errors_of(make()) == {"__all__": [message]}


def test_every_constraint_has_a_message_for_editors():
    for label in ("summit", "parks"):
        for model in apps.get_app_config(label).get_models():
            for constraint in model._meta.constraints:
                assert (
                    constraint.violation_error_message != constraint.default_violation_error_message
                ), constraint.name


def test_constraint_checked_alone_gives_its_message_not_its_name():
    talk = TalkFactory.build(
        event=EventFactory(), slug="talk", starts_at=at(14, 10), ends_at=at(14, 9)
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        talk.validate_constraints()
    assert error.value.messages == [END_BEFORE_START]


# Rules across records -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", PROGRAMME_MODELS)
def test_room_at_the_event_venue_is_accepted(kind, event, room):
    item = PROGRAMME_MODELS[kind].build(event=event, room=room, starts_at=at(14, 9))
    assert errors_of(item) == {}


@pytest.mark.parametrize("kind", PROGRAMME_MODELS)
def test_room_at_another_venue_is_refused_on_the_room(kind, event, other_room):
    item = PROGRAMME_MODELS[kind].build(event=event, room=other_room)
    assert errors_of(item) == {"room": [OTHER_VENUE]}


@pytest.mark.parametrize("kind", PROGRAMME_MODELS)
def test_room_before_the_event_has_a_venue_says_pick_the_venue_first(kind, other_room):
    item = PROGRAMME_MODELS[kind].build(event=EventFactory(venue=None), room=other_room)
    assert errors_of(item) == {"room": [NO_VENUE]}


def test_talk_in_a_session_of_its_event_is_accepted(event):
    talk = TalkFactory.build(event=event, session=SessionFactory(event=event))
    assert errors_of(talk) == {}


def test_talk_in_a_session_of_another_event_is_refused_on_the_session(event, other_session):
    talk = TalkFactory.build(event=event, session=other_session)
    assert errors_of(talk) == {"session": [OTHER_EVENT]}


OUTSIDE_DATES = {
    "starts the day before": ({"starts_at": at(13, 9)}, {"starts_at": [START_OUTSIDE]}),
    "ends the day after": (
        {"starts_at": at(15, 9), "ends_at": at(16, 9)},
        {"ends_at": [END_OUTSIDE]},
    ),
    "both outside": (
        {"starts_at": at(20, 9), "ends_at": at(20, 10)},
        {"starts_at": [START_OUTSIDE], "ends_at": [END_OUTSIDE]},
    ),
    # 00:30 on the 16th in Shanghai is still the 15th in UTC, and refused all the same.
    "after midnight in Shanghai": ({"starts_at": at(16, 0, 30)}, {"starts_at": [START_OUTSIDE]}),
}


@pytest.mark.parametrize("case", OUTSIDE_DATES)
@pytest.mark.parametrize("kind", PROGRAMME_MODELS)
def test_time_outside_the_event_dates_is_refused_on_that_time(kind, case, event):
    times, errors = OUTSIDE_DATES[case]
    with timezone.override("UTC"):
        assert errors_of(PROGRAMME_MODELS[kind].build(event=event, **times)) == errors


@pytest.mark.parametrize("kind", PROGRAMME_MODELS)
def test_times_on_the_event_dates_in_shanghai_are_accepted(kind, event):
    # 07:00 on the 14th in Shanghai is the 13th in UTC: the site's time zone decides.
    item = PROGRAMME_MODELS[kind].build(event=event, starts_at=at(14, 7), ends_at=at(15, 23, 59))
    with timezone.override("UTC"):
        assert errors_of(item) == {}


def test_one_day_event_names_its_one_date():
    talk = TalkFactory.build(event=EventFactory(start_date=datetime.date(2019, 11, 14)))
    talk.starts_at = at(15, 9)
    assert errors_of(talk) == {
        "starts_at": ["The start must fall within the event's dates (2019-11-14)."]
    }


def test_rules_wait_for_the_event_to_be_chosen(other_room, other_session):
    talk = Talk(title="报告", room=other_room, session=other_session, starts_at=at(1, 9))
    assert errors_of(talk) == {"event": ["This field cannot be null."]}


def test_event_moved_to_another_venue_refused_while_its_programme_is_at_the_old_one(
    event, room, other_room
):
    SessionFactory(event=event, room=room, title_en="Plenary")
    event.venue = other_room.venue
    assert programme_errors(event) == {
        "venue": [
            "“Plenary” is in a room at Conference Centre: change its room first, or clear it."
        ]
    }


def test_event_dates_changed_refused_while_its_programme_is_outside_them(event):
    SessionFactory(event=event, title_en="Plenary", starts_at=at(14, 9))
    TalkFactory(event=event, title_en="Closing", starts_at=at(15, 17))
    event.start_date, event.end_date = datetime.date(2019, 11, 15), datetime.date(2019, 11, 15)
    assert programme_errors(event) == {
        "start_date": ["“Plenary” takes place on 2019-11-14, outside these dates: move it first."]
    }
    event.start_date, event.end_date = datetime.date(2019, 11, 14), datetime.date(2019, 11, 14)
    assert programme_errors(event) == {
        "end_date": ["“Closing” takes place on 2019-11-15, outside these dates: move it first."]
    }


def test_event_whose_programme_fits_passes_the_programme_check(event, room):
    SessionFactory(event=event, room=room, starts_at=at(14, 9), ends_at=at(14, 10))
    event.end_date = datetime.date(2019, 11, 16)
    assert programme_errors(event) == {}


def test_rule_on_a_field_the_form_does_not_show_is_a_message_at_the_top(event, other_room):
    # An inline row with fewer columns: Django cannot put a message on a field it does not show.
    talk = TalkFactory(event=event, room=other_room)
    form_class = modelform_factory(Talk, fields=["title_zh_hans", "event"])
    with translation.override("en"):
        form = form_class({"title_zh_hans": "新标题", "event": event.pk}, instance=talk)
        assert not form.is_valid()
        assert form.errors == {"__all__": [OTHER_VENUE]}


# Through the admin ----------------------------------------------------------------------------


def refused(response, field: str, formset: str | None = None) -> list[str]:
    """The messages on `field` of the refused form (or of the first row of inline `formset`)."""
    assert response.status_code == 200, "the form was accepted"
    if formset is None:
        return list(response.context["adminform"].form.errors.get(field, []))
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == formset:
            return list(inline.formset.forms[0].errors.get(field, []))
    raise AssertionError(f"no inline {formset}")


def test_talk_ending_before_it_starts_is_refused_on_the_end_and_its_section_opens(
    editor_client, event
):
    talk = TalkFactory(event=event)
    url = admin_url(Talk, "change", talk.pk)
    data = admin_form_data(
        editor_client.get(url), **split(at(14, 10), "starts_at"), **split(at(14, 9), "ends_at")
    )

    response = editor_client.post(url, data)

    assert refused(response, "ends_at") == [END_BEFORE_START]
    time_and_place = next(
        fieldset for fieldset in response.context["adminform"] if "ends_at" in fieldset.fields
    )
    assert "collapse" in time_and_place.classes and not time_and_place.is_collapsible
    assert "summit_talk_times_in_order" not in response.content.decode()
    talk.refresh_from_db()
    assert (talk.starts_at, talk.ends_at) == (None, None)


@pytest.fixture
def talk_changes(event, other_room, other_session):
    """Edits of a talk of `event` that break a rule: the field, its new value, the message."""
    return {
        "room at another venue": ("room", {"room": str(other_room.pk)}, OTHER_VENUE),
        "session of another event": (
            "session",
            {"session": str(other_session.pk)},
            OTHER_EVENT,
        ),
        "start before the event": ("starts_at", split(at(13, 9), "starts_at"), START_OUTSIDE),
    }


@pytest.mark.parametrize(
    "change", ["room at another venue", "session of another event", "start before the event"]
)
def test_talk_change_breaking_a_rule_is_refused_on_its_field(
    editor_client, event, talk_changes, change
):
    talk = TalkFactory(event=event, title_en="CAR-T today")
    field, changes, message = talk_changes[change]
    url = admin_url(Talk, "change", talk.pk)

    response = editor_client.post(url, admin_form_data(editor_client.get(url), **changes))

    assert refused(response, field) == [message]
    talk.refresh_from_db()
    assert (talk.room, talk.session, talk.starts_at) == (None, None, None)


def test_session_in_a_room_of_another_venue_is_refused_on_the_room(
    editor_client, event, room, other_room
):
    session = SessionFactory(event=event, room=room)
    url = admin_url(Session, "change", session.pk)

    response = editor_client.post(
        url, admin_form_data(editor_client.get(url), room=str(other_room.pk))
    )

    assert refused(response, "room") == [OTHER_VENUE]
    session.refresh_from_db()
    assert session.room == room


def test_session_ending_after_the_event_is_refused_on_the_end(editor_client, event):
    session = SessionFactory(event=event)
    url = admin_url(Session, "change", session.pk)
    data = admin_form_data(
        editor_client.get(url), **split(at(15, 17), "starts_at"), **split(at(16, 9), "ends_at")
    )

    response = editor_client.post(url, data)

    assert refused(response, "ends_at") == [END_OUTSIDE]
    session.refresh_from_db()
    assert session.ends_at is None


def test_event_ending_before_it_starts_is_refused_on_the_end_date(editor_client, event):
    url = admin_url(Event, "change", event.pk)

    response = editor_client.post(
        url, admin_form_data(editor_client.get(url), end_date="2019-11-13")
    )

    assert refused(response, "end_date") == [END_DATE_BEFORE_START]
    event.refresh_from_db()
    assert event.end_date == datetime.date(2019, 11, 15)


def test_session_row_on_the_event_page_is_checked_against_the_event_as_edited(
    editor_client, event, room, other_room
):
    SessionFactory(event=event, room=room)
    url = admin_url(Event, "change", event.pk)
    # Moving the event to the Expo Hall while its session stays in Hall 1: the row is refused.
    data = admin_form_data(editor_client.get(url), venue=str(other_room.venue.pk))

    response = editor_client.post(url, data)

    assert refused(response, "room", formset="sessions") == [
        "Pick a room at Expo Hall, the event's venue; this one is at Conference Centre."
    ]
    event.refresh_from_db()
    assert event.venue == room.venue


def new_event_with_a_session(room: Room, venue_pk: str) -> dict:
    return {
        "name_zh_hans": "新峰会",
        "start_date": "2019-11-14",
        "venue": venue_pk,
        "sessions-TOTAL_FORMS": "1",
        "sessions-0-title_zh_hans": "大会报告",
        "sessions-0-kind": "plenary",
        "sessions-0-parallel_count": "1",
        "sessions-0-order": "0",
        "sessions-0-room": str(room.pk),
        **split(at(14, 9), "sessions-0-starts_at"),
    }


def test_new_event_with_a_session_in_a_room_at_another_venue_is_refused(
    editor_client, room, other_room
):
    url = admin_url(Event, "add")
    changes = new_event_with_a_session(other_room, str(room.venue.pk))

    response = editor_client.post(url, admin_form_data(editor_client.get(url), **changes))

    assert refused(response, "room", formset="sessions") == [OTHER_VENUE]
    assert not Event.objects.filter(name_zh_hans="新峰会").exists()


def test_new_event_with_a_session_before_its_venue_is_chosen_says_pick_the_venue(
    editor_client, room
):
    url = admin_url(Event, "add")
    changes = new_event_with_a_session(room, "")

    response = editor_client.post(url, admin_form_data(editor_client.get(url), **changes))

    assert refused(response, "room", formset="sessions") == [NO_VENUE]


def test_new_event_with_its_session_in_a_room_at_its_venue_is_saved(editor_client, room):
    url = admin_url(Event, "add")
    changes = new_event_with_a_session(room, str(room.venue.pk))

    response = editor_client.post(url, admin_form_data(editor_client.get(url), **changes))

    assert response.status_code == 302
    assert Event.objects.get(name_zh_hans="新峰会").sessions.get().room == room


def test_half_filled_new_event_is_refused_on_its_own_fields_only(editor_client, room):
    url = admin_url(Event, "add")
    changes = new_event_with_a_session(room, str(room.venue.pk)) | {"start_date": ""}

    response = editor_client.post(url, admin_form_data(editor_client.get(url), **changes))

    assert refused(response, "start_date") == ["This field is required."]
    assert refused(response, "room", formset="sessions") == []
