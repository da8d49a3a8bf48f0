"""Write checked seeds to the database: all or nothing, matched by stable keys, staff edits kept.

Every record is found again by its ``import_key`` (``"<kind>/<key>"``). A fingerprint of the values
the importer last wrote tells whether staff changed the record since: if so it is *kept* unless
``overwrite`` is asked for. Imported records are published, each cites its source with the evidence
sentences, and the whole import is one django-reversion revision, so its effect can be reviewed and
reverted in the admin like any other edit. Imports run one at a time: a second one waits for the
first to commit and then finds its records.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import translation
from modeltranslation.translator import NotRegistered, translator

from importer.annotations import (
    KINDS,
    Annotation,
    AnnotationError,
    RecordSpec,
    check_unique,
    load_annotation,
)
from importer.article import Article, ArticleError, read_article, require_file
from parks.models import IndustryPark, ParkMembership, ParkMetric, ParkRelation, ValueChainStage
from summit.models import (
    Affiliation,
    Citation,
    Country,
    Event,
    EventFigure,
    EventOrganisation,
    EventParticipant,
    EventSeries,
    Organisation,
    Person,
    Quote,
    Session,
    Source,
    Status,
    Talk,
    Topic,
    Venue,
)
from summit.models.base import PublishableModel, unique_slug

MODELS: dict[str, type[models.Model]] = {
    "countries": Country,
    "topics": Topic,
    "organisations": Organisation,
    "people": Person,
    "affiliations": Affiliation,
    "series": EventSeries,
    "venues": Venue,
    "events": Event,
    "event_organisations": EventOrganisation,
    "participants": EventParticipant,
    "sessions": Session,
    "talks": Talk,
    "figures": EventFigure,
    "parks": IndustryPark,
    "stages": ValueChainStage,
    "park_relations": ParkRelation,
    "park_memberships": ParkMembership,
    "park_metrics": ParkMetric,
    "quotes": Quote,
}
assert MODELS.keys() == KINDS.keys(), "every annotation kind needs a model"

# Kinds whose key is also a field of the record (a country's key is its ISO code).
KEY_FIELDS = {"countries": "code"}

SOURCE_KIND = "sources"
OUTCOMES = ("created", "updated", "unchanged", "kept")

# The PostgreSQL advisory lock every import holds until it commits. Any fixed number will do, as
# long as nothing else in the database uses it.
IMPORT_LOCK_ID = 0x5EED5


class WriteConflict(Exception):
    """Someone else wrote the same record while the import ran; nothing was written, and running
    the import again finds their record."""


@dataclass(frozen=True)
class Seed:
    """An article file, parsed, with its checked annotation if it has one."""

    path: Path
    article: Article
    annotation: Annotation | None

    @property
    def identity(self) -> str:
        return f"{SOURCE_KIND}/{self.path.stem}"


@dataclass
class FileReport:
    """What importing one article did, record by record."""

    name: str
    counts: Counter[str] = field(default_factory=Counter)
    kept: list[str] = field(default_factory=list)
    no_longer_annotated: list[str] = field(default_factory=list)
    annotated: bool = True


@dataclass
class ImportReport:
    """What a whole import did; `dry_run` reports what would have happened."""

    files: list[FileReport]
    dry_run: bool

    @property
    def totals(self) -> Counter[str]:
        return sum((report.counts for report in self.files), Counter())

    @property
    def changed(self) -> bool:
        return bool(self.totals["created"] or self.totals["updated"])


def find_articles(path: Path) -> list[Path]:
    """The article files at `path`: the file itself, or every ``*.txt`` in the folder.

    Anything else (a named pipe, a device, a broken symbolic link, also as a ``*.txt`` in the
    folder) is refused without being opened, so the import never waits on it.
    """
    if not path.exists() and not path.is_symlink():
        raise ArticleError(f"{path}: no such file or folder")
    if path.is_dir():
        articles = sorted(path.glob("*.txt"))
        if not articles:
            raise ArticleError(f"{path}: no articles (*.txt files) in this folder")
        for article in articles:
            require_file(article)
        return articles
    require_file(path)
    if path.suffix == ".toml" and path.with_suffix(".txt").exists():
        return [path.with_suffix(".txt")]
    return [path]


def load_seeds(paths: Sequence[Path], progress: Callable[[str], None] | None = None) -> list[Seed]:
    """Parse every article and its annotation, and check keys are not defined twice."""
    seeds = []
    for number, path in enumerate(paths, start=1):
        if progress:
            progress(f"[{number}/{len(paths)}] reading {path.name}")
        article = read_article(path)
        annotation_path = path.with_suffix(".toml")
        # A broken link is an annotation gone missing by mistake, not an article without one.
        annotated = annotation_path.exists() or annotation_path.is_symlink()
        annotation = load_annotation(annotation_path, article) if annotated else None
        seeds.append(Seed(path, article, annotation))
    check_unique(seed.annotation for seed in seeds if seed.annotation)
    return seeds


def import_seeds(
    path: Path,
    *,
    dry_run: bool = False,
    overwrite: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Import every article at `path` in one transaction; raise ArticleError (bad input) or
    WriteConflict (a concurrent writer) and write nothing when anything is wrong."""
    seeds = load_seeds(find_articles(path), progress)
    try:
        with translation.override("zh-hans"), transaction.atomic():
            hold_import_lock()
            with reversion.create_revision():
                reversion.set_comment(f"Imported by import_seeds from {path}")
                report = _Writer(seeds, overwrite).write()
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError as error:
        raise WriteConflict(f"{path}: {conflict_message(error)}") from error
    return ImportReport(report, dry_run)


def hold_import_lock() -> None:
    """Hold the import lock until the transaction ends, waiting for any import that holds it.

    Two first imports would otherwise both find a record missing and both insert it. Under
    PostgreSQL's READ COMMITTED, the queries after the wait see what the other import committed.
    SQLite needs no lock: its IMMEDIATE transactions (see the settings) already admit one writer
    at a time.
    """
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_ID])


def conflict_message(error: IntegrityError) -> str:
    """One line for a unique rule another writer broke first (shared with import_schedule)."""
    # The database's own message runs over several lines (DETAIL: …); its first says which rule.
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    return (
        f"the database refused the write ({reason}): another import or an edit in the admin "
        "probably wrote the same record at the same time; run the import again"
    )


def _plain(value: Any) -> Any:
    """A JSON-ready value that compares equal however the database hands it back."""
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return sorted(_plain(item) for item in value)
    return value


def fingerprint(values: dict[str, Any]) -> str:
    """A hash of the values an importer writes: unchanged since, the record was not edited."""
    canonical = json.dumps(
        {name: _plain(value) for name, value in values.items()}, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _translated_fields(model: type[models.Model]) -> set[str]:
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def _validation_message(error: ValidationError) -> str:
    # The import runs with Chinese active (for modeltranslation); its errors read in English.
    with translation.override("en"):
        return _joined_messages(error)


def _joined_messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {message}" if name != "__all__" else message
            for name, messages in error.message_dict.items()
            for message in messages
        )
    return "; ".join(error.messages)


class _Writer:
    """One import run: resolves references, writes records kind by kind, then sources and
    citations, and reports per file."""

    def __init__(self, seeds: Sequence[Seed], overwrite: bool):
        self.seeds = seeds
        self.overwrite = overwrite
        self.written: dict[str, models.Model] = {}
        self.reports = {
            seed.path: FileReport(seed.path.name, annotated=bool(seed.annotation)) for seed in seeds
        }

    def write(self) -> list[FileReport]:
        records = [
            (seed, record)
            for kind in KINDS
            for seed in self.seeds
            if seed.annotation
            for record in seed.annotation.records
            if record.kind == kind
        ]
        self._check_references(records)
        for seed, record in records:
            self._write_record(seed, record)
        for seed in self.seeds:
            source = self._write_source(seed)
            self._cite(seed, source)
            self._find_no_longer_annotated(seed, source)
        return list(self.reports.values())

    def _check_references(self, records: Iterable[tuple[Seed, RecordSpec]]) -> None:
        # Checked up front so the error names the first bad reference, before anything is written.
        defined = {record.identity for _seed, record in records}
        for seed in self.seeds:
            if seed.annotation and seed.annotation.source.publisher:
                self._require(
                    f"organisations/{seed.annotation.source.publisher}", defined, seed, "source"
                )
        for seed, record in records:
            for identity in record.referenced():
                self._require(identity, defined, seed, record.identity)

    def _require(self, identity: str, defined: set[str], seed: Seed, where: str) -> None:
        if identity in defined:
            return
        kind = identity.split("/", 1)[0]
        if not MODELS[kind]._default_manager.filter(import_key=identity).exists():
            path = seed.annotation.path if seed.annotation else seed.path
            raise AnnotationError(f"{path}: {where} refers to unknown record {identity}")

    def _resolve(self, identity: str) -> models.Model:
        if identity not in self.written:
            kind = identity.split("/", 1)[0]
            self.written[identity] = MODELS[kind]._default_manager.get(import_key=identity)
        return self.written[identity]

    def _desired(self, record: RecordSpec, model: type[models.Model]):
        translated = _translated_fields(model)
        scalars: dict[str, Any] = {}
        for name, value in record.values.items():
            scalars[f"{name}_zh_hans" if name in translated else name] = value
        foreign_keys = {
            name: self._resolve(f"{KINDS[record.kind].references[name]}/{key}")
            for name, key in record.references.items()
        }
        many = {
            name: [
                self._resolve(f"{KINDS[record.kind].reference_lists[name]}/{key}") for key in keys
            ]
            for name, keys in record.reference_lists.items()
        }
        if record.kind in KEY_FIELDS:
            scalars[KEY_FIELDS[record.kind]] = record.key
        if issubclass(model, PublishableModel):
            scalars["status"] = Status.PUBLISHED
        return scalars, foreign_keys, many

    def _write_record(self, seed: Seed, record: RecordSpec) -> None:
        model = MODELS[record.kind]
        scalars, foreign_keys, many = self._desired(record, model)
        outcome, instance = self._save(
            model, record.identity, record.key, scalars, foreign_keys, many, seed.annotation.path
        )
        self.written[record.identity] = instance
        report = self.reports[seed.path]
        report.counts[outcome] += 1
        if outcome == "kept":
            report.kept.append(record.identity)

    def _write_source(self, seed: Seed) -> Source:
        article, spec = seed.article, seed.annotation.source if seed.annotation else None
        scalars = {
            "title_zh_hans": article.title,
            "category": article.category,
            "publisher_name": article.publisher,
            "published_at": article.published_at,
            "body": article.body,
            "licence_text": article.licence,
            "file_name": seed.path.name,
            "status": Status.PUBLISHED,
        }
        foreign_keys = {}
        if spec:
            scalars |= {
                "title_en": spec.title_en,
                "url": spec.url,
                "licensed_for_publication": spec.licensed_for_publication,
            }
            if spec.publisher:
                foreign_keys["publisher"] = self._resolve(f"organisations/{spec.publisher}")
        outcome, source = self._save(
            Source, seed.identity, seed.path.stem, scalars, foreign_keys, {}, seed.path
        )
        self.reports[seed.path].counts[outcome] += 1
        if outcome == "kept":
            self.reports[seed.path].kept.append(seed.identity)
        return source

    def _save(self, model, identity, key, scalars, foreign_keys, many, path) -> tuple[str, Any]:
        wanted = fingerprint({**scalars, **foreign_keys, **many})
        instance = model._default_manager.filter(import_key=identity).first()
        if instance is not None:
            current = fingerprint(
                {name: getattr(instance, name) for name in scalars}
                | {name: getattr(instance, f"{name}_id") for name in foreign_keys}
                | {
                    name: list(getattr(instance, name).values_list("pk", flat=True))
                    for name in many
                }
            )
            if current == wanted:
                if instance.import_fingerprint != wanted:
                    model._default_manager.filter(pk=instance.pk).update(import_fingerprint=wanted)
                return "unchanged", instance
            if current != instance.import_fingerprint and not self.overwrite:
                return "kept", instance
            outcome = "updated"
        else:
            instance = model(import_key=identity)
            if hasattr(instance, "slug"):
                instance.slug = (
                    key
                    if not model._default_manager.filter(slug=key).exists()
                    else unique_slug(instance, key)
                )
            outcome = "created"
        for name, value in (scalars | foreign_keys).items():
            setattr(instance, name, value)
        instance.import_fingerprint = wanted
        try:
            instance.full_clean()
            if isinstance(instance, Event) and outcome == "updated":
                # A new venue or new dates must still fit the programme staff built on them.
                instance.check_programme()
        except ValidationError as error:
            raise AnnotationError(f"{path}: {identity}: {_validation_message(error)}") from error
        try:
            instance.save()
            for name, related in many.items():
                getattr(instance, name).set(related)
        except IntegrityError as error:
            raise WriteConflict(f"{path}: {identity}: {conflict_message(error)}") from error
        return outcome, instance

    def _cite(self, seed: Seed, source: Source) -> None:
        if not seed.annotation:
            return
        for record in seed.annotation.records:
            instance = self.written[record.identity]
            content_type = ContentType.objects.get_for_model(instance)
            for quote in record.evidence:
                Citation.objects.get_or_create(
                    source=source, content_type=content_type, object_id=instance.pk, evidence=quote
                )

    def _find_no_longer_annotated(self, seed: Seed, source: Source) -> None:
        # Records this source once supported that its annotation no longer lists: reported for
        # staff to decide, never deleted here.
        annotated = (
            {record.identity for record in seed.annotation.records} if seed.annotation else set()
        )
        citations = Citation.objects.filter(source=source).select_related("content_type")
        cited: dict[type[models.Model], set[int]] = {}
        for citation in citations:
            cited.setdefault(citation.content_type.model_class(), set()).add(citation.object_id)
        report = self.reports[seed.path]
        for model, ids in cited.items():
            for import_key in model._default_manager.filter(pk__in=ids).values_list(
                "import_key", flat=True
            ):
                if import_key and import_key not in annotated:
                    report.no_longer_annotated.append(import_key)
        report.no_longer_annotated.sort()
