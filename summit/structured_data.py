"""schema.org descriptions of public records, rendered as JSON-LD by `{% json_ld %}`.

Each function takes a record loaded by its page's query (summit.queries) and the request, and
returns plain data: it reads only what the page already prefetched, so it adds no queries.
Names come in the page's language, with the other language as `alternateName`.
"""

from django.conf import settings

SCHEMA = "https://schema.org"

EVENT_STATUS = {
    "scheduled": "EventScheduled",
    "postponed": "EventPostponed",
    "rescheduled": "EventRescheduled",
    "moved_online": "EventMovedOnline",
    "cancelled": "EventCancelled",
}
ATTENDANCE_MODE = {
    "offline": "OfflineEventAttendanceMode",
    "online": "OnlineEventAttendanceMode",
    "mixed": "MixedEventAttendanceMode",
}


def _url(request, record) -> str:
    return request.build_absolute_uri(record.get_absolute_url())


def _alternate_names(record, field: str = "name") -> list[str]:
    """The record's name in the languages other than the one shown, when it differs."""
    shown = getattr(record, field)
    names = []
    for code, _name in settings.LANGUAGES:
        value = getattr(record, f"{field}_{code.replace('-', '_')}", "")
        if value and value != shown and value not in names:
            names.append(value)
    return names


def _with_alternates(data: dict, record, field: str = "name") -> dict:
    names = _alternate_names(record, field)
    if names:
        data["alternateName"] = names if len(names) > 1 else names[0]
    return data


def organisation_reference(organisation, request) -> dict:
    """A short Organization node, as it appears inside another record's data."""
    return _with_alternates(
        {"@type": "Organization", "name": organisation.name, "url": _url(request, organisation)},
        organisation,
    )


def person_reference(person, request) -> dict:
    return _with_alternates(
        {"@type": "Person", "name": person.name, "url": _url(request, person)}, person
    )


def event_data(event, request) -> dict:
    """schema.org Event: what search engines need for a rich result, and the programme's people."""
    venue = event.venue
    location = {"@type": "Place", "name": venue.name if venue else event.name}
    if venue:
        address = {"@type": "PostalAddress"}
        if venue.city:
            address["addressLocality"] = venue.city
        if venue.address:
            address["streetAddress"] = venue.address
        if venue.country:
            address["addressCountry"] = venue.country.code
        location["address"] = address
    roles = event.organisation_roles.all()
    hosts = [role.organisation for role in roles if role.role in {"host", "co_host", "organiser"}]
    speakers = [item.person for item in event.participants.all() if item.role == "speaker"]
    data = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": event.name,
        "url": _url(request, event),
        "startDate": event.start_date.isoformat(),
        "endDate": (event.end_date or event.start_date).isoformat(),
        "eventStatus": f"{SCHEMA}/{EVENT_STATUS[event.event_status]}",
        "eventAttendanceMode": f"{SCHEMA}/{ATTENDANCE_MODE[event.attendance_mode]}",
        "location": location,
        "organizer": [organisation_reference(host, request) for host in hosts],
        "performer": [person_reference(person, request) for person in speakers],
        "inLanguage": ["zh-Hans", "en"],
    }
    if event.summary or event.description:
        data["description"] = event.summary or event.description
    if event.series:
        data["superEvent"] = {"@type": "EventSeries", "name": event.series.name}
    return _with_alternates(data, event)


def person_data(person, request) -> dict:
    """schema.org Person with current and former affiliations."""
    affiliations = list(person.affiliations.all())
    data = {
        "@context": SCHEMA,
        "@type": "Person",
        "name": person.name,
        "url": _url(request, person),
        "affiliation": [
            organisation_reference(item.organisation, request)
            for item in affiliations
            if item.is_current
        ],
    }
    former = [item for item in affiliations if not item.is_current]
    if former:
        data["alumniOf"] = [organisation_reference(item.organisation, request) for item in former]
    titles = [item.title for item in affiliations if item.is_current and item.title]
    if titles:
        data["jobTitle"] = titles[0]
    if person.honorific:
        data["honorificPrefix"] = person.honorific
    if person.bio:
        data["description"] = person.bio
    return _with_alternates(data, person)


def organisation_data(organisation, request) -> dict:
    """schema.org Organization with its parent (an institute's academy)."""
    data = {
        "@context": SCHEMA,
        "@type": "Organization",
        "name": organisation.name,
        "url": _url(request, organisation),
    }
    if organisation.parent and organisation.parent.is_public:
        data["parentOrganization"] = organisation_reference(organisation.parent, request)
    if organisation.country:
        data["address"] = {"@type": "PostalAddress", "addressCountry": organisation.country.code}
    if organisation.description:
        data["description"] = organisation.description
    if organisation.website:
        data["sameAs"] = organisation.website
    return _with_alternates(data, organisation)


def park_data(park, request) -> dict:
    """schema.org Place for an industry park."""
    data = {
        "@context": SCHEMA,
        "@type": "Place",
        "name": park.name,
        "url": _url(request, park),
    }
    if park.description:
        data["description"] = park.description
    if park.location:
        data["address"] = {"@type": "PostalAddress", "addressLocality": park.location}
    return _with_alternates(data, park)


def source_data(source, request) -> dict:
    """schema.org NewsArticle for a cited article."""
    data = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": source.title,
        "url": _url(request, source),
    }
    if source.published_at:
        data["datePublished"] = source.published_at.isoformat()
    publisher = source.publisher
    if publisher:
        data["publisher"] = organisation_reference(publisher, request)
    elif source.publisher_name:
        data["publisher"] = {"@type": "Organization", "name": source.publisher_name}
    if source.url:
        data["sameAs"] = source.url
    return _with_alternates(data, source, "title")
