"""Write checked seeds to the database: all or nothing, matched by stable keys, staff edits kept.

Every record is found again by its ``import_key`` (``"<kind>/<key>"``). A fingerprint of the values
the importer last wrote tells whether staff changed the record since: if so it is *kept* unless
``overwrite`` is asked for. A record the annotation names by its ``slug`` (one staff made in the
admin, or one another article brought) is cited and given only the values the annotation sets,
where the record has none yet (``importer/existing.py``). New records are published, or drafts
with ``draft``, records that exist keep their status, and a draft import writes nothing the
public would see at once (``importer/drafts.py``). Each cites its source with the evidence
sentences, and the whole import is one django-reversion revision, so its effect can be reviewed
and reverted in the admin like any other edit. Imports run one at a time: a second one waits for
the first to commit and then finds its records.

Every problem is collected, from reading the files to validating each record, and reported
together: while there is any, the transaction is rolled back and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import translation

from importer.annotations import KINDS, RecordSpec
from importer.drafts import new_evidence_problem, public_at_once, public_write_problem
from importer.existing import (
    another_article_problem,
    enrich,
    find_by_slug,
    imported_by_another_article,
)
from importer.fingerprints import fingerprint
from importer.kinds import KEY_FIELDS, MODELS, annotation_field, english_name, translated_fields
from importer.problems import Problem, ProblemsFound
from importer.references import in_dependency_order, unknown_references
from importer.report import FileReport, ImportReport, WrittenRecord
from importer.seeds import Seed, find_articles, load_seeds
from summit.models import Citation, Event, Source, Status
from summit.models.base import PublishableModel, unique_slug

__all__ = [
    "WriteConflict",
    "conflict_message",
    "fingerprint",
    "hold_import_lock",
    "import_seeds",
    "write_seeds",
]

# The PostgreSQL advisory lock every import holds until it commits. Any fixed number will do, as
# long as nothing else in the database uses it.
IMPORT_LOCK_ID = 0x5EED5


class WriteConflict(Exception):
    """Someone else wrote the same record while the import ran; nothing was written, and running
    the import again finds their record."""


def import_seeds(
    path: Path,
    *,
    dry_run: bool = False,
    overwrite: bool = False,
    draft: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Import every article at `path` in one transaction; raise ArticleError (a path that is no
    article), ProblemsFound (every problem of every file) or WriteConflict (a concurrent
    writer), and write nothing, when anything is wrong."""
    seeds, problems = load_seeds(find_articles(path), progress)
    return write_seeds(
        seeds,
        dry_run=dry_run,
        overwrite=overwrite,
        draft=draft,
        comment=f"Imported by import_seeds from {path}",
        problems=problems,
    )


def write_seeds(
    seeds: Sequence[Seed],
    *,
    comment: str,
    dry_run: bool = False,
    overwrite: bool = False,
    draft: bool = False,
    user=None,
    problems: Sequence[Problem] = (),
) -> ImportReport:
    """Write `seeds` in one transaction, as one revision with `comment` (and `user`, if given).

    `problems` are those found while reading the seeds: the writer still runs, to find the
    problems only the database can tell (unknown references and slugs, the models' rules), then
    everything is rolled back and :class:`ProblemsFound` lists them all. A dry run is rolled
    back too, and returns the report of what would have been done.
    """
    found = list(problems)
    with translation.override("zh-hans"), transaction.atomic():
        hold_import_lock()
        with reversion.create_revision():
            reversion.set_comment(comment)
            if user is not None:
                reversion.set_user(user)
            writer = _Writer(seeds, overwrite=overwrite, draft=draft)
            reports = writer.write()
        found += writer.problems
        if found or dry_run:
            transaction.set_rollback(True)
    if found:
        raise ProblemsFound(found)
    return ImportReport(reports, dry_run)


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
    citations, and reports per file. Problems are collected in `problems`; a record with one,
    or referring to one that has, is not written."""

    def __init__(self, seeds: Sequence[Seed], *, overwrite: bool, draft: bool):
        self.seeds = seeds
        self.overwrite = overwrite
        self.draft = draft
        self.written: dict[str, models.Model] = {}
        self.problems: list[Problem] = []
        # Records not written because of a problem (their own, or one of a record they need).
        self.failed: set[str] = {
            identity for seed in seeds if seed.annotation for identity in seed.annotation.unusable
        }
        self.reports = {
            seed.path: FileReport(seed.path.name, annotated=bool(seed.annotation)) for seed in seeds
        }

    def write(self) -> list[FileReport]:
        # Kind by kind; within a kind, records named by slug after those defined here (which
        # they may name), and each after the records of its kind it refers to.
        records = in_dependency_order(
            [
                (seed, record)
                for kind in KINDS
                for slugged in (False, True)
                for seed in self.seeds
                if seed.annotation
                for record in seed.annotation.records
                if record.kind == kind and bool(record.slug) == slugged
            ]
        )
        self._find_named(records)
        self._check_references(records)
        for seed, record in records:
            self._write_record(seed, record)
        for seed in self.seeds:
            source = self._write_source(seed)
            if source is not None:
                self._cite(seed, source)
                self._find_no_longer_annotated(seed, source)
        return list(self.reports.values())

    def _find_named(self, records: Sequence[tuple[Seed, RecordSpec]]) -> None:
        # Records named by slug exist already: known before anything is written, references
        # to them resolve wherever their table stands. A slug not found yet may be one this run
        # creates; writing the record reports it if it is still missing then.
        for seed, record in records:
            if record.slug and record.identity not in self.failed:
                instance, _problem = find_by_slug(
                    MODELS[record.kind], record, seed.annotation.path, None
                )
                if instance is not None:
                    self.written.setdefault(record.identity, instance)

    def _problem(self, path: Path, text: str, record: str = "", name: str = "", fix: str = ""):
        self.problems.append(Problem(path, text, record, name, fix))

    def _check_references(self, records: Sequence[tuple[Seed, RecordSpec]]) -> None:
        # Checked up front, so every unknown reference is named, not only the first.
        problems, failed = unknown_references(self.seeds, records, self.failed)
        self.problems += problems
        self.failed |= failed

    def _find(self, identity: str) -> models.Model | None:
        if identity in self.failed:
            return None
        if identity not in self.written:
            kind = identity.split("/", 1)[0]
            found = MODELS[kind]._default_manager.filter(import_key=identity).first()
            if found is None:
                return None
            self.written[identity] = found
        return self.written[identity]

    def _desired(self, record: RecordSpec, model: type[models.Model], path: Path):
        """The values, references and lists `record` gives its model's fields; None, with a
        problem, when a record it refers to is not written yet."""
        translated = translated_fields(model)
        scalars: dict[str, Any] = {}
        for name, value in record.values.items():
            scalars[f"{name}_zh_hans" if name in translated else name] = value
        spec = KINDS[record.kind]
        targets = {
            name: f"{spec.references[name]}/{key}" for name, key in record.references.items()
        }
        foreign_keys = {name: self._find(identity) for name, identity in targets.items()}
        many = {
            name: [self._find(f"{spec.reference_lists[name]}/{key}") for key in keys]
            for name, keys in record.reference_lists.items()
        }
        missing = [name for name, related in foreign_keys.items() if related is None] + [
            name for name, related in many.items() if None in related
        ]
        for name in missing:
            # Every reference exists (checked first) and records are written after those they
            # refer to, so only a loop leaves one unwritten.
            self._problem(
                path,
                f"{record.where}.{name}: {targets.get(name, name)} is not written before this "
                "record: records that refer to each other in a loop cannot be imported",
                record.where,
                name,
                "remove the reference from one of them",
            )
        if missing:
            return None
        if record.kind in KEY_FIELDS:
            scalars[KEY_FIELDS[record.kind]] = record.key
        return scalars, foreign_keys, many

    def _write_record(self, seed: Seed, record: RecordSpec) -> None:
        if record.identity in self.failed or any(
            identity in self.failed for identity in record.referenced()
        ):
            self.failed.add(record.identity)
            return
        model = MODELS[record.kind]
        path = seed.annotation.path
        outcome, instance, kept = None, None, []
        if record.slug:
            outcome, instance, kept = self._enrich(model, record, path)
        elif problem := imported_by_another_article(seed, record, model):
            self.problems.append(problem)
        elif (desired := self._desired(record, model, path)) is not None:
            outcome, instance = self._save(model, record.identity, record.key, *desired, path)
        if instance is None:
            self.failed.add(record.identity)
            return
        self.written[record.identity] = instance
        self._check_draft(path, record.where, instance, outcome)
        report = self.reports[seed.path]
        report.counts[outcome] += 1
        report.records.append(WrittenRecord(record.identity, outcome, instance, str(instance)))
        # A record named by slug can be updated and still keep some values staff gave it.
        if kept:
            report.kept.append(f"{record.identity} ({', '.join(kept)})")
        elif outcome == "kept":
            report.kept.append(record.identity)

    def _check_draft(self, path: Path, where: str, instance: models.Model, outcome: str):
        """In a draft import, a write the public would see at once is a problem."""
        created = outcome == "created"
        if (
            self.draft
            and outcome in ("created", "updated")
            and public_at_once(instance, created=created)
        ):
            self.problems.append(public_write_problem(path, where, instance, created=created))

    def _enrich(self, model: type[models.Model], record: RecordSpec, path: Path):
        """Cite an existing record named by its slug, giving it the annotation's values where it
        has none (all of them with `overwrite`); add the annotation's topics and other lists."""
        instance, problem = find_by_slug(model, record, path, self.written.get(record.identity))
        if problem is not None:
            self.problems.append(problem)
            return None, None, []
        desired = self._desired(record, model, path)
        if desired is None:
            return None, None, []
        scalars, foreign_keys, many = desired
        enrichment = enrich(instance, scalars, foreign_keys, many, overwrite=self.overwrite)
        if enrichment.changed:
            if not self._valid(instance, record.identity, path, changed_programme=True):
                return None, None, []
            try:
                instance.save()
            except IntegrityError as error:
                raise WriteConflict(
                    f"{path}: {record.identity}: {conflict_message(error)}"
                ) from error
        for name, missing in enrichment.additions.items():
            getattr(instance, name).add(*missing)
        if enrichment.changed or enrichment.additions:
            return "updated", instance, enrichment.kept
        return ("kept" if enrichment.kept else "unchanged"), instance, enrichment.kept

    def _valid(self, instance, identity: str, path: Path, changed_programme: bool) -> bool:
        try:
            instance.full_clean()
            if isinstance(instance, Event) and changed_programme:
                # A new venue or new dates must still fit the programme staff built on them.
                instance.check_programme()
        except ValidationError as error:
            self._problem(
                path,
                f"{identity}: {_validation_message(error)}",
                identity.replace("/", ".", 1),
                ", ".join(
                    annotation_field(name)
                    for name in getattr(error, "error_dict", {})
                    if name != "__all__"
                ),
            )
            return False
        return True

    def _write_source(self, seed: Seed) -> Source | None:
        article, spec = seed.article, seed.annotation.source if seed.annotation else None
        scalars = {
            "title_zh_hans": article.title,
            "category": article.category,
            "publisher_name": article.publisher,
            "published_at": article.published_at,
            "body": article.body,
            "licence_text": article.licence,
            "file_name": seed.path.name,
        }
        problem = another_article_problem(seed)
        if problem is not None:
            self.problems.append(problem)
            return None
        foreign_keys = {}
        if spec:
            scalars |= {
                "title_en": spec.title_en,
                "url": spec.url,
                "licensed_for_publication": spec.licensed_for_publication,
            }
            if spec.publisher:
                publisher = self._find(f"organisations/{spec.publisher}")
                if publisher is not None:
                    foreign_keys["publisher"] = publisher
        outcome, source = self._save(
            Source, seed.identity, seed.path.stem, scalars, foreign_keys, {}, seed.path
        )
        if source is None:
            return None
        self._check_draft(seed.path, "source", source, outcome)
        report = self.reports[seed.path]
        report.counts[outcome] += 1
        report.source = source
        if outcome == "kept":
            report.kept.append(seed.identity)
        return source

    def _save(self, model, identity, key, scalars, foreign_keys, many, path):
        """Create or update the record imported as `identity`: (outcome, instance), or
        (None, None) when it breaks a rule (the problem is recorded)."""
        instance = model._default_manager.filter(import_key=identity).first()
        if issubclass(model, PublishableModel):
            # New records start as the import says; existing ones keep the status staff gave.
            if instance is not None:
                status = instance.status
            else:
                status = Status.DRAFT if self.draft else Status.PUBLISHED
            scalars = {**scalars, "status": status}
        wanted = fingerprint({**scalars, **foreign_keys, **many})
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
        if not self._valid(instance, identity, path, changed_programme=outcome == "updated"):
            return None, None
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
        # Only a published source's citations show; in a draft import, not on public records.
        guarded = self.draft and Source.objects.filter(pk=source.pk).published().exists()
        for record in seed.annotation.records:
            instance = self.written.get(record.identity)
            if instance is None or record.identity in self.failed:
                continue
            content_type = ContentType.objects.get_for_model(instance)
            created = [
                Citation.objects.get_or_create(
                    source=source, content_type=content_type, object_id=instance.pk, evidence=quote
                )[1]
                for quote in record.evidence
            ]
            if guarded and any(created) and public_at_once(instance, created=False):
                self.problems.append(
                    new_evidence_problem(seed.annotation.path, record.where, instance, source)
                )

    def _find_no_longer_annotated(self, seed: Seed, source: Source) -> None:
        # Records this source once supported that its annotation no longer lists: reported for
        # staff to decide, never deleted here. Records are compared, not keys: one named by its
        # slug may carry another article's key, or none.
        annotated = {
            (type(instance), instance.pk)
            for record in (seed.annotation.records if seed.annotation else ())
            if (instance := self.written.get(record.identity)) is not None
        }
        citations = Citation.objects.filter(source=source).select_related("content_type")
        cited: dict[type[models.Model], set[int]] = {}
        for citation in citations:
            cited.setdefault(citation.content_type.model_class(), set()).add(citation.object_id)
        report = self.reports[seed.path]
        for model, ids in cited.items():
            slugged = any(model_field.name == "slug" for model_field in model._meta.fields)
            columns = ("pk", "import_key", "slug") if slugged else ("pk", "import_key")
            for pk, import_key, *slug in model._default_manager.filter(pk__in=ids).values_list(
                *columns
            ):
                if (model, pk) in annotated:
                    continue
                if import_key:
                    report.no_longer_annotated.append(import_key)
                elif slug:
                    report.no_longer_annotated.append(f"{english_name(model)} {slug[0]!r}")
        report.no_longer_annotated.sort()
