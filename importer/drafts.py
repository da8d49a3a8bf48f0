"""What an import as drafts must not do: show anything to the public before staff review it.

With ``draft``, new records that have a status start as drafts. Any other write the public would
see at once is a problem, reported with all the others, so nothing is written: a row without a
status of its own (a figure, a session, an affiliation) under a published parent, a change to a
published record (values given to a record named by slug, an update, records added to its
lists), and a new citation of a published record by a published source. Whether a record is
public is the site's one rule, its model's ``published()``.
"""

from __future__ import annotations

from pathlib import Path

from django.db import models

from importer.kinds import english_name
from importer.problems import Problem
from summit.models.base import PublishableModel

FIX = "import without drafts, or set {names} to draft first"


def public_at_once(instance: models.Model, *, created: bool) -> bool:
    """Whether `instance`, just written, is public: a new record or a change the public sees
    without anyone publishing it."""
    model = type(instance)
    if created and not model.public_condition():
        # A record with no visibility rule at all (a country) shows only through the records
        # that refer to it, and they are checked themselves.
        return False
    return model._default_manager.filter(pk=instance.pk).published().exists()


def public_write_problem(path: Path, where: str, instance: models.Model, *, created: bool):
    """The problem of writing `instance` (`where`, as the annotation names it) in a draft
    import while it is public: which published record makes it so, and the fix."""
    model = type(instance)
    if isinstance(instance, PublishableModel):
        return Problem(
            path,
            f"{where} is the published {_named(instance)}: the import would change it at once",
            where,
            "",
            FIX.format(names=f"{instance}"),
        )
    parents = [getattr(instance, name) for name in model.public_requires]
    what = "it would be public at once" if created else "the change would be public at once"
    if parents:
        return Problem(
            path,
            f"{where} belongs to the published {' and '.join(map(_named, parents))}: {what}",
            where,
            "",
            FIX.format(names=" or ".join(str(parent) for parent in parents)),
        )
    # A topic or a venue public records use, a country.
    return Problem(
        path,
        f"{where}: the {english_name(model)} {instance} is on public pages: {what}",
        where,
        "",
        "import without drafts",
    )


def new_evidence_problem(path: Path, where: str, instance: models.Model, source) -> Problem:
    """The problem of a new citation, in a draft import, by a published source of a public
    record: the page of `instance` would show the evidence at once."""
    return Problem(
        path,
        f"{where}: the published source {source} would show new evidence on the published "
        f"{_named(instance)} at once",
        where,
        "evidence",
        FIX.format(names=f"the source {source}"),
    )


def _named(instance: models.Model) -> str:
    slug = getattr(instance, "slug", "")
    return f"{english_name(type(instance))} {instance}" + (f" ({slug})" if slug else "")
