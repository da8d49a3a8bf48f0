"""Records that exist already. Those an annotation names by their ``slug`` (made by staff in
the admin, or brought in by another article) are found, cited and given only the values the
annotation sets, where they have none yet (every one with ``overwrite``); lists are added to,
never emptied; they are never created or duplicated. Those another article imported are not
taken over: defining their key again, or uploading another article under the same file name,
is a problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from importer.annotations import RecordSpec, close_matches
from importer.article import Article
from importer.fingerprints import plain
from importer.kinds import annotation_field, english_name
from importer.problems import Problem
from importer.seeds import Seed
from summit.models import Citation, Source


@dataclass
class Enrichment:
    """What an existing record takes from the annotation: the fields set on it (not saved
    yet), the annotation's fields whose value staff gave is kept, and the records to add to
    its lists."""

    changed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    additions: dict[str, list[models.Model]] = field(default_factory=dict)


def find_by_slug(
    model: type[models.Model], record: RecordSpec, path: Path, owner: models.Model | None
) -> tuple[models.Model | None, Problem | None]:
    """The record of `model` with the record's slug, or the problem: no record has that slug
    (with the closest slugs), or the annotation's key already names another record (`owner`,
    the record the key was imported as, if any)."""
    instance = model._default_manager.filter(slug=record.slug).first()
    if instance is None:
        close = close_matches(record.slug, model._default_manager.values_list("slug", flat=True))
        return None, Problem(
            path,
            f"{record.where}.slug: no {english_name(model)} has the slug {record.slug!r}",
            record.where,
            "slug",
            f"did you mean {' or '.join(repr(match) for match in close)}?"
            if close
            else "copy the slug from the record's page in the admin, or remove slug and "
            "give the record's fields to create a new one",
        )
    if owner is None:
        owner = model._default_manager.filter(import_key=record.identity).first()
    if owner is not None and owner.pk != instance.pk:
        return None, Problem(
            path,
            f"{record.where}: the key {record.identity} already names another "
            f"{english_name(model)} ({owner}, slug {owner.slug!r})",
            record.where,
            "",
            f"choose another key for the record with slug {record.slug!r}",
        )
    return instance, None


def enrich(
    instance: models.Model,
    scalars: dict[str, Any],
    foreign_keys: dict[str, models.Model],
    many: dict[str, list[models.Model]],
    *,
    overwrite: bool,
) -> Enrichment:
    """Set on `instance` the annotation's values it has none of (all of them with
    `overwrite`), and say which lists gain which records; the caller validates and saves."""
    enrichment = Enrichment()
    for name, value in scalars.items():
        if plain(getattr(instance, name)) == plain(value):
            continue
        if overwrite or is_unset(instance, name):
            setattr(instance, name, value)
            enrichment.changed.append(name)
        else:
            enrichment.kept.append(annotation_field(name))
    for name, related in foreign_keys.items():
        current = getattr(instance, f"{name}_id")
        if current == related.pk:
            continue
        if overwrite or current is None:
            setattr(instance, name, related)
            enrichment.changed.append(name)
        else:
            enrichment.kept.append(name)
    for name, related in many.items():
        present = set(getattr(instance, name).values_list("pk", flat=True))
        missing = [item for item in related if item.pk not in present]
        if missing:
            enrichment.additions[name] = missing
    return enrichment


def is_unset(instance: models.Model, name: str) -> bool:
    """Whether a field holds no value at all. A value equal to the field's default is one staff
    chose (or confirmed by saving the form), so it is kept like any other."""
    return getattr(instance, name) in (None, "")


def imported_by_another_article(
    seed: Seed, record: RecordSpec, model: type[models.Model]
) -> Problem | None:
    """The problem when the record `record` defines was imported from other articles only: the
    second article would take it over. The article that cites it (imported again) may change
    it."""
    cited_by = set(
        Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=model._default_manager.filter(import_key=record.identity).values("pk"),
        ).values_list("source__import_key", "source__file_name")
    )
    if not cited_by or any(key == seed.identity for key, _name in cited_by):
        return None
    files = sorted({file_name for _key, file_name in cited_by})
    instance = model._default_manager.get(import_key=record.identity)
    if hasattr(instance, "slug"):
        fix = (
            f'to cite it, name it by its slug (slug = "{instance.slug}") and set only what '
            "this article adds, or choose another key for a new record"
        )
    else:
        fix = "choose another key for a new record"
    return Problem(
        seed.annotation.path,
        f"{record.where}: the key {record.identity} is a {english_name(model)} imported from "
        f"another article ({', '.join(files)})",
        record.where,
        "",
        fix,
    )


def another_article_problem(seed: Seed) -> Problem | None:
    """The problem when another article was imported under the seed's key (its file name)."""
    # Keys come from file names: two articles saved under one name would be one source.
    existing = Source.objects.filter(import_key=seed.identity).first()
    if existing is None or _same_article(existing, seed.article):
        return None
    return Problem(
        seed.path,
        f"another article was imported as {seed.identity}: {existing.title!r}, "
        f"published {existing.published_at:%Y-%m-%d %H:%M}",
        "source",
        "",
        "rename the file: its name is the source's key",
    )


def _same_article(source: Source, article: Article) -> bool:
    """Whether `article` is the one imported as `source`: published at the same time, with the
    same title or the same text (staff may have corrected the title, the publisher a typo)."""
    return source.published_at == article.published_at and (
        source.title_zh_hans == article.title or source.body == article.body
    )
