"""Annotation files: the records an article supports, read and checked without a database.

An annotation is a TOML file next to its article (format: ``seeds/README.md``). This module turns it
into typed :class:`RecordSpec` values and refuses anything wrong with it — unknown kinds or fields,
missing required fields, values of the wrong type or out of range, text holding control characters,
keys defined twice, and evidence that is not in the article — with a one-line
:class:`AnnotationError` naming file, record and value.
References to other records are only checked for their form here; whether they exist (in this
batch or already in the database) is the writer's question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomllib

from importer.article import (
    CONTROL_CHARACTERS,
    Article,
    ArticleError,
    normalise_whitespace,
    require_file,
)


class AnnotationError(ArticleError):
    """An annotation file is malformed or disagrees with its article."""


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

_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_COUNTRY_KEY = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True)
class RecordSpec:
    """One record an annotation asks for: its kind, key, values, references and evidence."""

    kind: str
    key: str
    values: Mapping[str, Any]
    references: Mapping[str, str]
    reference_lists: Mapping[str, tuple[str, ...]]
    evidence: tuple[str, ...]

    @property
    def identity(self) -> str:
        """The key the record is stored under: ``"<kind>/<key>"``, unique across all seeds."""
        return f"{self.kind}/{self.key}"

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
    """A checked annotation file: the source details and the records, in dependency order."""

    path: Path
    source: SourceSpec
    records: tuple[RecordSpec, ...]


def load_annotation(path: Path, article: Article) -> Annotation:
    """Read and check the annotation at `path` against `article`.

    Raises AnnotationError naming the file (and the record and value where there is one).
    """
    try:
        require_file(path)
    except ArticleError as error:
        raise AnnotationError(str(error)) from None
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise AnnotationError(f"{path}: cannot read: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise AnnotationError(f"{path}: not UTF-8 text ({error.reason})") from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise AnnotationError(f"{path}: malformed TOML: {error}") from error
    return parse_annotation(data, path, article)


def parse_annotation(data: Mapping[str, Any], path: Path, article: Article) -> Annotation:
    """Check already-parsed TOML `data`; `path` is only used in messages."""
    source = _parse_source(data.get("source", {}), path)
    haystack = _evidence_haystack(article)
    records: list[RecordSpec] = []
    for kind, spec in KINDS.items():
        table = data.get(kind, {})
        if not isinstance(table, dict):
            raise AnnotationError(f"{path}: [{kind}] must be a table of records")
        for key, raw in table.items():
            records.append(_parse_record(spec, key, raw, path, haystack))
    unknown = sorted(set(data) - set(KINDS) - {"source"})
    if unknown:
        raise AnnotationError(
            f"{path}: unknown kind [{unknown[0]}]; known kinds: source, {', '.join(KINDS)}"
        )
    return Annotation(path=path, source=source, records=tuple(records))


def check_unique(annotations: Iterable[Annotation]) -> None:
    """Refuse a record key defined in two annotation files: which one would win is unclear."""
    seen: dict[str, Path] = {}
    for annotation in annotations:
        for record in annotation.records:
            first = seen.setdefault(record.identity, annotation.path)
            if first != annotation.path:
                raise AnnotationError(
                    f"{annotation.path}: duplicate key {record.identity}, "
                    f"already defined in {first}"
                )


def _parse_source(raw: Any, path: Path) -> SourceSpec:
    if not isinstance(raw, dict):
        raise AnnotationError(f"{path}: [source] must be a table")
    unknown = sorted(set(raw) - SOURCE_FIELDS)
    if unknown:
        raise AnnotationError(f"{path}: [source] has unknown field {unknown[0]!r}")
    title_en = _string(raw.get("title_en", ""), path, "source", "title_en")
    url = _string(raw.get("url", ""), path, "source", "url")
    publisher = raw.get("publisher")
    if publisher is not None:
        publisher = _key(_string(publisher, path, "source", "publisher"), "organisations", path)
    licensed = raw.get("licensed_for_publication", False)
    if not isinstance(licensed, bool):
        raise AnnotationError(f"{path}: source.licensed_for_publication must be true or false")
    return SourceSpec(title_en, publisher, url, licensed)


def _parse_record(spec: KindSpec, key: str, raw: Any, path: Path, haystack: str) -> RecordSpec:
    where = f"{spec.name}.{key}"
    _key(key, spec.name, path)
    if not isinstance(raw, dict):
        raise AnnotationError(f"{path}: {where} must be a table")
    unknown = sorted(set(raw) - spec.fields)
    if unknown:
        raise AnnotationError(f"{path}: {where} has unknown field {unknown[0]!r}")
    for name in (*spec.required, *REQUIRED_REFERENCES.get(spec.name, ())):
        if raw.get(name) in (None, ""):
            raise AnnotationError(f"{path}: {where} is missing required field {name!r}")

    references = {
        name: _key(_string(raw[name], path, where, name), target, path)
        for name, target in spec.references.items()
        if name in raw
    }
    reference_lists = {
        name: tuple(_key(item, target, path) for item in _strings(raw[name], path, where, name))
        for name, target in spec.reference_lists.items()
        if name in raw
    }
    values = {
        name: _value(name, value, path, where)
        for name, value in raw.items()
        if name not in references and name not in reference_lists and name != "evidence"
    }
    _check_ranges(values, path, where)
    evidence = _strings(raw.get("evidence", []), path, where, "evidence")
    if not evidence:
        raise AnnotationError(f"{path}: {where} has no evidence; quote the sentence it comes from")
    for quote in evidence:
        if normalise_whitespace(quote) not in haystack:
            raise AnnotationError(f"{path}: {where}: evidence not found in the article: {quote!r}")
    return RecordSpec(spec.name, key, values, references, reference_lists, evidence)


def _evidence_haystack(article: Article) -> str:
    # Evidence may come from the title, any body block or the copyright notice (which names the
    # publisher); blocks are joined with a separator no quote can span.
    parts = [article.title, *(block.text for block in article.blocks), article.licence]
    return "\x00".join(normalise_whitespace(part) for part in parts)


def _key(key: str, kind: str, path: Path) -> str:
    pattern = _COUNTRY_KEY if kind == "countries" else _KEY
    if not pattern.fullmatch(key):
        form = "an ISO code such as CN" if kind == "countries" else "lower-case letters, digits, -"
        raise AnnotationError(f"{path}: {kind} key {key!r} must be {form}")
    return key


def _string(value: Any, path: Path, where: str, name: str) -> str:
    if not isinstance(value, str):
        raise AnnotationError(f"{path}: {where}.{name} must be text, not {value!r}")
    _refuse_control_characters(value, path, where, name)
    return value


def _strings(value: Any, path: Path, where: str, name: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) and item for item in items):
        raise AnnotationError(f"{path}: {where}.{name} must be text or a list of texts")
    for item in items:
        _refuse_control_characters(item, path, where, name)
    return tuple(items)


def _refuse_control_characters(text: str, path: Path, where: str, name: str) -> None:
    # TOML escapes (\u0000, \b, \f) put them in a string; no page shows them, XML refuses
    # them and PostgreSQL refuses NUL, so they stop here with the field named.
    match = CONTROL_CHARACTERS.search(text)
    if match is not None:
        raise AnnotationError(
            f"{path}: {where}.{name} contains the control character "
            f"U+{ord(match.group()):04X} at character {match.start() + 1}"
        )


def _value(name: str, value: Any, path: Path, where: str) -> Any:
    if name in DATE_FIELDS:
        if isinstance(value, datetime) or not isinstance(value, date):
            raise AnnotationError(f"{path}: {where}.{name} must be a date like 2019-11-14")
        return value
    if name in COUNT_FIELDS:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise AnnotationError(f"{path}: {where}.{name} must be a whole number ≥ 0")
        return value
    if name in NUMBER_FIELDS:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise AnnotationError(f"{path}: {where}.{name} must be a number, not {value!r}")
        if value < 0:
            raise AnnotationError(f"{path}: {where}.{name} must not be negative ({value})")
        return Decimal(str(value))
    if name in BOOLEAN_FIELDS:
        if not isinstance(value, bool):
            raise AnnotationError(f"{path}: {where}.{name} must be true or false")
        return value
    return _string(value, path, where, name)


def _check_ranges(values: Mapping[str, Any], path: Path, where: str) -> None:
    percentage = values.get("percentage")
    if percentage is not None and percentage > 100:
        raise AnnotationError(f"{path}: {where}.percentage must be 0–100, not {percentage}")
    total, value = values.get("total"), values.get("value")
    if total is not None and value is not None and value > total:
        raise AnnotationError(f"{path}: {where}.value {value} is more than its total {total}")
    for count in ("edition", "parallel_count"):
        if values.get(count) == 0:
            raise AnnotationError(f"{path}: {where}.{count} must be at least 1")
    start, end = values.get("start_date"), values.get("end_date")
    if start is not None and end is not None and end < start:
        raise AnnotationError(f"{path}: {where}.end_date {end} is before start_date {start}")
