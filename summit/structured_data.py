"""schema.org descriptions of public records, rendered as JSON-LD by `{% json_ld %}`.

Each function takes a record loaded by its page's query (summit.queries) and the request, and
returns plain data: it reads only what the page already prefetched, so it adds no queries.
Names come in the page's language, with the other language as `alternateName`.
"""

from summit.translation import other_language_values

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


def _node(schema_type: str, record, request, *, name_field: str = "name", **properties) -> dict:
    """A schema.org node for a record with a public page: its type, name in the page's language
    (other languages as `alternateName`), URL, and `properties` except empty text and None (lists
    stay, even empty: "organizer": [] says the source names no organiser)."""
    name_key = "headline" if schema_type == "NewsArticle" else "name"
    node = {
        "@type": schema_type,
        name_key: getattr(record, name_field),
        "url": request.build_absolute_uri(record.get_absolute_url()),
    }
    others = [value for _code, value in other_language_values(record, name_field)]
    if others:
        node["alternateName"] = others if len(others) > 1 else others[0]
    node.update({key: value for key, value in properties.items() if value not in (None, "", False)})
    return node


def _document(schema_type: str, record, request, **properties) -> dict:
    """The page's top-level JSON-LD: a node with the schema.org context."""
    return {"@context": SCHEMA, **_node(schema_type, record, request, **properties)}


def organisation_reference(organisation, request) -> dict:
    """A short Organization node, as it appears inside another record's data."""
    return _node("Organization", organisation, request)


def person_line_reference(line, request) -> dict:
    """A Person node from a line of a page's list of people (names and address worked out)."""
    node = {"@type": "Person", "name": line.name, "url": request.build_absolute_uri(line.url)}
    others = [value for _code, value in line.other_names]
    if others:
        node["alternateName"] = others if len(others) > 1 else others[0]
    return node


def event_data(event, request, speakers: list) -> dict:
    """schema.org Event: what search engines need for a rich result, and the programme's people
    (`speakers`: the page's `PersonLine`s, see `summit.queries.event_speakers`)."""
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
    return _document(
        "Event",
        event,
        request,
        startDate=event.start_date.isoformat(),
        endDate=(event.end_date or event.start_date).isoformat(),
        eventStatus=f"{SCHEMA}/{EVENT_STATUS[event.event_status]}",
        eventAttendanceMode=f"{SCHEMA}/{ATTENDANCE_MODE[event.attendance_mode]}",
        location=location,
        organizer=[organisation_reference(host, request) for host in hosts],
        performer=[person_line_reference(line, request) for line in speakers],
        inLanguage=["zh-Hans", "en"],
        description=event.summary or event.description,
        superEvent=event.series and {"@type": "EventSeries", "name": event.series.name},
    )


def person_data(person, request) -> dict:
    """schema.org Person with current and former affiliations."""
    affiliations = list(person.affiliations.all())
    current = [item for item in affiliations if item.is_current]
    former = [item for item in affiliations if not item.is_current]
    return _document(
        "Person",
        person,
        request,
        affiliation=[organisation_reference(item.organisation, request) for item in current],
        alumniOf=[organisation_reference(item.organisation, request) for item in former] or None,
        jobTitle=next((item.title for item in current if item.title), ""),
        honorificPrefix=person.honorific,
        description=person.bio,
    )


def organisation_data(organisation, request) -> dict:
    """schema.org Organization with its parent (an institute's academy)."""
    parent = organisation.parent
    country = organisation.country
    return _document(
        "Organization",
        organisation,
        request,
        parentOrganization=parent and organisation_reference(parent, request),
        address=country and {"@type": "PostalAddress", "addressCountry": country.code},
        description=organisation.description,
        sameAs=organisation.website,
    )


def park_data(park, request) -> dict:
    """schema.org Place for an industry park."""
    return _document(
        "Place",
        park,
        request,
        description=park.description,
        address=park.location and {"@type": "PostalAddress", "addressLocality": park.location},
    )


def source_data(source, request) -> dict:
    """schema.org NewsArticle for a cited article."""
    if source.publisher:
        publisher = organisation_reference(source.publisher, request)
    else:
        publisher = source.publisher_name and {
            "@type": "Organization",
            "name": source.publisher_name,
        }
    return _document(
        "NewsArticle",
        source,
        request,
        name_field="title",
        datePublished=source.published_at and source.published_at.isoformat(),
        publisher=publisher,
        sameAs=source.url,
    )
