"""Annotation files: the records an article supports, read and checked without a database.

An annotation is a TOML file next to its article (format: ``seeds/README.md``). This module turns it
into typed :class:`RecordSpec` values and finds everything wrong with it — unknown kinds or fields,
missing required fields, values of the wrong type, out of range or not among a field's choices,
text holding control characters, keys defined twice, and evidence that is not in the article —
as :class:`~importer.problems.Problem` values, one line each naming file, record and field, with a
fix where there is one (the valid choices, the closest passage of the article). Every problem of
a file is found in one pass.
References to other records are only checked for their form here; whether they exist (in this
batch or already in the database) is the writer's question, and so is whether a record named by
its ``slug`` exists.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomllib

from importer.article import CONTROL_CHARACTERS, Article, ArticleError, require_file
from importer.evidence import EvidenceIndex
from importer.problems import Problem

Choices = Mapping[str, Mapping[str, Sequence[str]]]
"""The valid values of choice fields, by kind and field: ``{"figures": {"qualifier": (…)}}``."""


@dataclass(frozen=True)
class KindSpec:
    """What one kind of record (``[organisations.<key>]``) may and must contain."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    translated: frozenset[str] = frozenset()
    references: Mapping[str, str] = field(default_factory=dict)
    reference_lists: Mapping[str, str] = field(default_factory=dict)

    @property
    def fields(self) -> frozenset[str]:
        """Every field name the kind accepts, English variants and ``evidence`` included."""
        names = {*self.required, *self.optional, *self.references, *self.reference_lists}
        return frozenset(names | {f"{name}_en" for name in self.translated} | {"evidence"})


DATE_FIELDS = frozenset({"start_date", "end_date", "approved_on", "as_of", "since"})
COUNT_FIELDS = frozenset({"edition", "parallel_count", "planned_talk_count", "order"})
NUMBER_FIELDS = frozenset({"value", "total", "percentage", "core_area_m2"})
BOOLEAN_FIELDS = frozenset({"is_current"})

_MEASUREMENT = ("qualifier", "unit", "stated_as", "order")

# In dependency order: a kind only refers to kinds above it, so writing in this order always
# finds what a record refers to.
KINDS: dict[str, KindSpec] = {
    spec.name: spec
    for spec in (
        KindSpec("countries", ("name",), translated=frozenset({"name"})),
        KindSpec(
            "topics",
            ("name",),
            ("kind", "description"),
            frozenset({"name", "description"}),
        ),
        KindSpec(
            "organisations",
            ("name",),
            ("short_name", "kind", "description", "website"),
            frozenset({"name", "short_name", "description"}),
            {"country": "countries", "parent": "organisations"},
            {"topics": "topics"},
        ),
        KindSpec(
            "people",
            ("name",),
            ("honorific", "bio", "website"),
            frozenset({"name", "honorific", "bio"}),
            reference_lists={"topics": "topics"},
        ),
        KindSpec(
            "affiliations",
            (),
            ("title", "is_current", "start_date", "end_date", "order"),
            frozenset({"title"}),
            {"person": "people", "organisation": "organisations"},
        ),
        KindSpec(
            "series",
            ("name",),
            ("short_name", "description", "website"),
            frozenset({"name", "short_name", "description"}),
        ),
        KindSpec(
            "venues",
            ("name",),
            ("city", "address"),
            frozenset({"name", "city", "address"}),
            {"country": "countries"},
        ),
        KindSpec(
            "events",
            ("name", "start_date"),
            (
                "end_date",
                "edition",
                "theme",
                "summary",
                "description",
                "event_status",
                "attendance_mode",
                "website",
            ),
            frozenset({"name", "theme", "summary", "description"}),
            {"series": "series", "venue": "venues"},
            {"countries": "countries", "topics": "topics"},
        ),
        KindSpec(
            "event_organisations",
            ("role",),
            ("order",),
            references={"event": "events", "organisation": "organisations"},
        ),
        KindSpec(
            "participants",
            ("role",),
            ("title_at_event", "order"),
            frozenset({"title_at_event"}),
            {"event": "events", "person": "people"},
        ),
        KindSpec(
            "sessions",
            ("title",),
            ("kind", "description", "parallel_count", "planned_talk_count", "order"),
            frozenset({"title", "description"}),
            {"event": "events"},
        ),
        KindSpec(
            "talks",
            ("title",),
            ("abstract", "order"),
            frozenset({"title", "abstract"}),
            {"event": "events", "session": "sessions"},
            {"speakers": "people", "topics": "topics"},
        ),
        KindSpec(
            "figures",
            ("label", "value"),
            _MEASUREMENT,
            frozenset({"label", "unit"}),
            {"event": "events"},
        ),
        KindSpec(
            "parks",
            ("name",),
            (
                "short_name",
                "description",
                "features",
                "location",
                "approved_on",
                "approved_on_precision",
                "core_area_m2",
                "core_area_description",
            ),
            frozenset(
                {"name", "short_name", "description", "features", "location"}
                | {"core_area_description"}
            ),
            {"approved_by": "organisations"},
            {"topics": "topics"},
        ),
        KindSpec("stages", ("name",), ("order",), frozenset({"name"}), {"park": "parks"}),
        KindSpec(
            "park_relations",
            ("kind",),
            ("note",),
            frozenset({"note"}),
            {"park": "parks", "related_park": "parks"},
        ),
        KindSpec(
            "park_memberships",
            (),
            ("role", "since"),
            references={"park": "parks", "organisation": "organisations"},
        ),
        KindSpec(
            "park_metrics",
            ("label", "value", "as_of"),
            (*_MEASUREMENT, "as_of_precision", "total", "percentage"),
            frozenset({"label", "unit"}),
            {"park": "parks"},
        ),
        KindSpec(
            "quotes",
            ("text",),
            ("speaker_title", "context", "order"),
            frozenset({"text", "speaker_title", "context"}),
            {"person": "people", "event": "events"},
            {"parks": "parks"},
        ),
    )
}

# References every record of a kind must have (a figure without its event means nothing).
REQUIRED_REFERENCES: dict[str, frozenset[str]] = {
    "affiliations": frozenset({"person", "organisation"}),
    "event_organisations": frozenset({"event", "organisation"}),
    "participants": frozenset({"event", "person"}),
    "sessions": frozenset({"event"}),
    "talks": frozenset({"event"}),
    "figures": frozenset({"event"}),
    "stages": frozenset({"park"}),
    "park_relations": frozenset({"park", "related_park"}),
    "park_memberships": frozenset({"park", "organisation"}),
    "park_metrics": frozenset({"park"}),
    "quotes": frozenset({"person"}),
}

SOURCE_FIELDS = frozenset({"title_en", "publisher", "url", "licensed_for_publication"})

# Kinds whose records have a slug (a public page), so that an annotation can name one that
# staff made in the admin: ``[events.second-summit]`` with ``slug = "…"``.
SLUGGED_KINDS = frozenset(
    {"topics", "organisations", "people", "series", "events", "talks", "parks", "quotes"}
)

_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_COUNTRY_KEY = re.compile(r"[A-Z]{2}")
# Slugs as the admin makes them: Chinese stays Chinese.
_SLUG = re.compile(r"[-\w]+")


@dataclass(frozen=True)
class RecordSpec:
    """One record an annotation asks for: its kind, key, values, references and evidence.

    With a ``slug``, the record is one that already exists (made by staff, or by another
    article): the importer cites it and sets only the values given here, and the key is only
    this annotation's name for it.
    """

    kind: str
    key: str
    values: Mapping[str, Any]
    references: Mapping[str, str]
    reference_lists: Mapping[str, tuple[str, ...]]
    evidence: tuple[str, ...]
    slug: str = ""

    @property
    def identity(self) -> str:
        """The key the record is stored under: ``"<kind>/<key>"``, unique across all seeds."""
        return f"{self.kind}/{self.key}"

    @property
    def where(self) -> str:
        """How messages name the record: ``"<kind>.<key>"``, as the TOML table is written."""
        return f"{self.kind}.{self.key}"

    def referenced(self) -> Iterable[str]:
        """Identities of every record this one refers to."""
        spec = KINDS[self.kind]
        for name, key in self.references.items():
            yield f"{spec.references[name]}/{key}"
        for name, keys in self.reference_lists.items():
            for key in keys:
                yield f"{spec.reference_lists[name]}/{key}"


@dataclass(frozen=True)
class SourceSpec:
    """What the annotation adds to the article's own header: English title, publisher, licence."""

    title_en: str = ""
    publisher: str | None = None
    url: str = ""
    licensed_for_publication: bool = False


@dataclass(frozen=True)
class Annotation:
    """A checked annotation file: the source details and the records, in dependency order.

    ``records`` holds the records without problems; ``unusable`` the identities of those with
    some, so that references to them are not reported a second time as unknown.
    """

    path: Path
    source: SourceSpec
    records: tuple[RecordSpec, ...]
    unusable: frozenset[str] = frozenset()


def read_annotation(
    path: Path, article: Article, choices: Choices | None = None
) -> tuple[Annotation | None, list[Problem]]:
    """Read and check the annotation at `path` against `article`: the annotation (None when the
    file cannot be read as TOML at all) and every problem found in it."""
    try:
        require_file(path)
    except ArticleError as error:
        return None, [Problem(path, str(error).removeprefix(f"{path}: "))]
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        return None, [Problem(path, f"cannot read: {error.strerror or error}")]
    except UnicodeDecodeError as error:
        return None, [Problem(path, f"not UTF-8 text ({error.reason})")]
    return check_annotation_text(text, path, article, choices)


def check_annotation_text(
    text: str, path: Path, article: Article, choices: Choices | None = None
) -> tuple[Annotation | None, list[Problem]]:
    """Check annotation `text` (TOML); `path` names it in messages. As :func:`read_annotation`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, [Problem(path, f"malformed TOML: {error}")]
    return check_annotation(data, path, article, choices)


def check_annotation(
    data: Mapping[str, Any], path: Path, article: Article, choices: Choices | None = None
) -> tuple[Annotation, list[Problem]]:
    """Check already-parsed TOML `data` against `article`: the annotation and every problem.

    `choices` lists the valid values of choice fields (the writer reads them from the models);
    without it, choice fields are only checked to be text.
    """
    checker = _Checker(path, article, choices or {})
    return checker.annotation(data), checker.problems


def duplicate_keys(annotations: Iterable[Annotation]) -> list[Problem]:
    """A record key defined in two annotation files: which one would win is unclear.

    Naming an existing record by its slug is not defining it: several articles may cite the same
    record under the same key, as long as they name the same slug.
    """
    problems: list[Problem] = []
    defined: dict[str, Path] = {}
    slugs: dict[str, tuple[str, Path]] = {}
    for annotation in annotations:
        for record in annotation.records:
            if record.slug:
                slug, first = slugs.setdefault(record.identity, (record.slug, annotation.path))
                if slug != record.slug:
                    problems.append(
                        Problem(
                            annotation.path,
                            f"{record.where}.slug names {record.slug!r}, but {first} gives "
                            f"the same key to {slug!r}",
                            record.where,
                            "slug",
                            "use another key for one of them",
                        )
                    )
                continue
            first = defined.setdefault(record.identity, annotation.path)
            if first != annotation.path:
                problems.append(
                    Problem(
                        annotation.path,
                        f"duplicate key {record.identity}, already defined in {first}",
                        record.where,
                    )
                )
    return problems


def valid_key(key: str, kind: str) -> bool:
    """Whether `key` has the form of a key of `kind` (an ISO code for countries)."""
    return bool((_COUNTRY_KEY if kind == "countries" else _KEY).fullmatch(key))


def close_matches(word: str, possibilities: Iterable[str], limit: int = 3) -> list[str]:
    """The possibilities most like `word`, best first: the "did you mean" of a fix."""
    return difflib.get_close_matches(word, list(possibilities), n=limit, cutoff=0.6)


class _Checker:
    """Checks one annotation file, collecting every problem instead of stopping at the first."""

    def __init__(self, path: Path, article: Article, choices: Choices):
        self.path = path
        self.evidence = EvidenceIndex(article)
        self.choices = choices
        self.problems: list[Problem] = []

    def add(self, text: str, record: str = "", field: str = "", fix: str = "") -> None:
        self.problems.append(Problem(self.path, text, record, field, fix))

    def annotation(self, data: Mapping[str, Any]) -> Annotation:
        source = self.source(data.get("source", {}))
        for kind in sorted(set(data) - set(KINDS) - {"source"}):
            self.add(
                f"unknown kind [{kind}]",
                kind,
                fix=f"known kinds: source, {', '.join(KINDS)}",
            )
        records: list[RecordSpec] = []
        unusable: set[str] = set()
        for kind, spec in KINDS.items():
            table = data.get(kind, {})
            if not isinstance(table, dict):
                self.add(f"[{kind}] must be a table of records", kind)
                continue
            for key, raw in table.items():
                found = len(self.problems)
                record = self.record(spec, key, raw)
                if record is not None and len(self.problems) == found:
                    records.append(record)
                else:
                    unusable.add(f"{kind}/{key}")
        return Annotation(self.path, source, tuple(records), frozenset(unusable))

    def source(self, raw: Any) -> SourceSpec:
        if not isinstance(raw, dict):
            self.add("[source] must be a table", "source")
            return SourceSpec()
        for name in sorted(set(raw) - SOURCE_FIELDS):
            self.add(
                f"[source] has unknown field {name!r}",
                "source",
                name,
                self.field_hint(name, SOURCE_FIELDS),
            )
        title_en = self.string(raw.get("title_en", ""), "source", "title_en")
        url = self.string(raw.get("url", ""), "source", "url")
        publisher = raw.get("publisher")
        if publisher is not None:
            publisher = self.string(publisher, "source", "publisher")
            if publisher is not None and not self.key(publisher, "organisations", "source"):
                publisher = None
        licensed = raw.get("licensed_for_publication", False)
        if not isinstance(licensed, bool):
            self.add(
                "source.licensed_for_publication must be true or false",
                "source",
                "licensed_for_publication",
            )
            licensed = False
        return SourceSpec(title_en or "", publisher, url or "", licensed)

    def record(self, spec: KindSpec, key: str, raw: Any) -> RecordSpec | None:
        where = f"{spec.name}.{key}"
        self.key(key, spec.name, where)
        if not isinstance(raw, dict):
            self.add(f"{where} must be a table", where)
            return None
        allowed = spec.fields | ({"slug"} if spec.name in SLUGGED_KINDS else set())
        for name in sorted(set(raw) - allowed):
            self.add(
                f"{where} has unknown field {name!r}", where, name, self.field_hint(name, allowed)
            )
        slug = self.slug(raw["slug"], where) if "slug" in allowed and "slug" in raw else ""
        # A record named by its slug exists already: it has its name, its event…
        required = (
            () if "slug" in raw else (*spec.required, *REQUIRED_REFERENCES.get(spec.name, ()))
        )
        for name in required:
            if raw.get(name) in (None, ""):
                self.add(f"{where} is missing required field {name!r}", where, name)

        references = {}
        for name, target in spec.references.items():
            if name in raw:
                text = self.string(raw[name], where, name)
                if text is not None and self.key(text, target, where, name):
                    references[name] = text
        reference_lists = {}
        for name, target in spec.reference_lists.items():
            if name in raw:
                keys = self.strings(raw[name], where, name) or ()
                reference_lists[name] = tuple(
                    item for item in keys if self.key(item, target, where, name)
                )
        values = {}
        for name, value in raw.items():
            if name not in spec.fields or name == "evidence":
                continue
            if name in spec.references or name in spec.reference_lists:
                continue
            checked = self.value(spec.name, name, value, where)
            if checked is not None:
                values[name] = checked
        self.ranges(values, where)
        evidence = self.evidence_quotes(raw.get("evidence", []), where)
        return RecordSpec(spec.name, key, values, references, reference_lists, evidence, slug or "")

    def evidence_quotes(self, raw: Any, where: str) -> tuple[str, ...]:
        quotes = self.strings(raw, where, "evidence")
        if quotes is None:
            return ()
        if not quotes:
            self.add(
                f"{where} has no evidence", where, "evidence", "quote the sentence it comes from"
            )
        for quote in quotes:
            if self.evidence.contains(quote):
                continue
            passage = self.evidence.closest(quote)
            self.add(
                f"{where}: evidence not found in the article: {quote!r}",
                where,
                "evidence",
                passage.hint()
                if passage
                else "copy the sentence from the article exactly (line breaks and runs of "
                "spaces do not matter)",
            )
        return quotes

    def field_hint(self, name: str, allowed: Iterable[str]) -> str:
        if name == "slug":
            return (
                "only records with a page (" + ", ".join(sorted(SLUGGED_KINDS)) + ") can be "
                "named by their slug"
            )
        close = close_matches(name, allowed, limit=1)
        if close:
            return f"did you mean {close[0]!r}?"
        return f"fields here: {', '.join(sorted(allowed))}"

    def key(self, key: str, kind: str, where: str, name: str = "") -> bool:
        if valid_key(key, kind):
            return True
        form = "an ISO code such as CN" if kind == "countries" else "lower-case letters, digits, -"
        self.add(f"{kind} key {key!r} must be {form}", where, name)
        return False

    def slug(self, value: Any, where: str) -> str:
        slug = self.string(value, where, "slug")
        if slug is None:
            return ""
        if not _SLUG.fullmatch(slug):
            self.add(
                f"{where}.slug {slug!r} is not a slug",
                where,
                "slug",
                "copy it from the record's page in the admin (letters, digits, - and _)",
            )
            return ""
        return slug

    def string(self, value: Any, where: str, name: str) -> str | None:
        if not isinstance(value, str):
            self.add(f"{where}.{name} must be text, not {value!r}", where, name)
            return None
        if not self.free_of_control_characters(value, where, name):
            return None
        return value

    def strings(self, value: Any, where: str, name: str) -> tuple[str, ...] | None:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(item, str) and item for item in items):
            self.add(f"{where}.{name} must be text or a list of texts", where, name)
            return None
        if not all(self.free_of_control_characters(item, where, name) for item in items):
            return None
        return tuple(items)

    def free_of_control_characters(self, text: str, where: str, name: str) -> bool:
        # TOML escapes (\u0000, \b, \f) put them in a string; no page shows them, XML refuses
        # them and PostgreSQL refuses NUL, so they stop here with the field named.
        match = CONTROL_CHARACTERS.search(text)
        if match is None:
            return True
        self.add(
            f"{where}.{name} contains the control character "
            f"U+{ord(match.group()):04X} at character {match.start() + 1}",
            where,
            name,
        )
        return False

    def value(self, kind: str, name: str, value: Any, where: str) -> Any:
        """The checked value, or None (with a problem added) when it is not valid."""
        if name in DATE_FIELDS:
            if isinstance(value, datetime) or not isinstance(value, date):
                self.add(f"{where}.{name} must be a date like 2019-11-14", where, name)
                return None
            return value
        if name in COUNT_FIELDS:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                self.add(f"{where}.{name} must be a whole number ≥ 0", where, name)
                return None
            return value
        if name in NUMBER_FIELDS:
            # TOML has nan and inf: no count or measure is either.
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not math.isfinite(value)
            ):
                self.add(f"{where}.{name} must be a number, not {value!r}", where, name)
                return None
            if value < 0:
                self.add(f"{where}.{name} must not be negative ({value})", where, name)
                return None
            return Decimal(str(value))
        if name in BOOLEAN_FIELDS:
            if not isinstance(value, bool):
                self.add(f"{where}.{name} must be true or false", where, name)
                return None
            return value
        text = self.string(value, where, name)
        valid = self.choices.get(kind, {}).get(name)
        if text is not None and valid is not None and text not in valid:
            self.add(
                f"{where}.{name} {text!r} is not a valid choice",
                where,
                name,
                f"choose one of: {', '.join(valid)}",
            )
            return None
        return text

    def ranges(self, values: Mapping[str, Any], where: str) -> None:
        percentage = values.get("percentage")
        if percentage is not None and percentage > 100:
            self.add(f"{where}.percentage must be 0–100, not {percentage}", where, "percentage")
        total, value = values.get("total"), values.get("value")
        if total is not None and value is not None and value > total:
            self.add(f"{where}.value {value} is more than its total {total}", where, "value")
        for count in ("edition", "parallel_count"):
            if values.get(count) == 0:
                self.add(f"{where}.{count} must be at least 1", where, count)
        start, end = values.get("start_date"), values.get("end_date")
        if start is not None and end is not None and end < start:
            self.add(f"{where}.end_date {end} is before start_date {start}", where, "end_date")
