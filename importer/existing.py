"""Records an annotation names by their ``slug``: records staff made in the admin, or another
article brought in. The importer finds them, cites them and gives them only the values the
annotation sets, where they have none yet (every one with ``overwrite``); lists are added to,
never emptied. It never creates or duplicates them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models

from importer.annotations import RecordSpec, close_matches
from importer.fingerprints import plain
from importer.kinds import annotation_field, english_name
from importer.problems import Problem


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
