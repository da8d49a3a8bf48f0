"""References between records: the order to write them in, and the references to records that
exist nowhere, each reported with the closest keys."""

from __future__ import annotations

from collections.abc import Sequence

from importer.annotations import KINDS, RecordSpec, close_matches
from importer.kinds import MODELS
from importer.problems import Problem
from importer.seeds import Seed


def in_dependency_order(
    records: Sequence[tuple[Seed, RecordSpec]],
) -> list[tuple[Seed, RecordSpec]]:
    """`records` with each moved after the records it refers to (an organisation after its
    parent), otherwise in the order given. Records in a loop keep their order."""
    by_identity: dict[str, list[tuple[Seed, RecordSpec]]] = {}
    for item in records:
        by_identity.setdefault(item[1].identity, []).append(item)
    ordered: list[tuple[Seed, RecordSpec]] = []
    placed: set[int] = set()
    visiting: set[str] = set()

    def place(item: tuple[Seed, RecordSpec]) -> None:
        record = item[1]
        if id(item) in placed or record.identity in visiting:
            return
        visiting.add(record.identity)
        for target in record.referenced():
            for referred in by_identity.get(target, ()):
                place(referred)
        visiting.discard(record.identity)
        placed.add(id(item))
        ordered.append(item)

    for item in records:
        place(item)
    return ordered


def unknown_references(
    seeds: Sequence[Seed], records: Sequence[tuple[Seed, RecordSpec]], failed: set[str]
) -> tuple[list[Problem], set[str]]:
    """Every reference of `records` (and every source's publisher) to a record neither defined
    in this run nor imported before: the problems, and the records that cannot be written.
    `failed` records count as defined: they have problems of their own."""
    defined = {record.identity for _seed, record in records} | failed
    problems: list[Problem] = []
    unwritable: set[str] = set()
    for seed in seeds:
        if seed.annotation and seed.annotation.source.publisher:
            identity = f"organisations/{seed.annotation.source.publisher}"
            if not _exists(identity, defined):
                problems.append(
                    _unknown(seed.annotation.path, "source", "publisher", identity, defined)
                )
    for seed, record in records:
        spec = KINDS[record.kind]
        targets = [
            (name, f"{spec.references[name]}/{key}") for name, key in record.references.items()
        ] + [
            (name, f"{spec.reference_lists[name]}/{key}")
            for name, keys in record.reference_lists.items()
            for key in keys
        ]
        for name, identity in targets:
            if not _exists(identity, defined):
                problems.append(
                    _unknown(seed.annotation.path, record.identity, name, identity, defined)
                )
                unwritable.add(record.identity)
    return problems, unwritable


def _exists(identity: str, defined: set[str]) -> bool:
    kind = identity.split("/", 1)[0]
    return identity in defined or MODELS[kind]._default_manager.filter(import_key=identity).exists()


def _unknown(path, where: str, name: str, identity: str, defined: set[str]) -> Problem:
    kind, key = identity.split("/", 1)
    known = {
        known.split("/", 1)[1]
        for known in defined
        | set(
            MODELS[kind]
            ._default_manager.filter(import_key__startswith=f"{kind}/")
            .values_list("import_key", flat=True)
        )
        if known.startswith(f"{kind}/")
    }
    close = close_matches(key, known)
    if close:
        fix = f"did you mean {' or '.join(repr(match) for match in close)}?"
    else:
        fix = (
            f"define [{kind}.{key}] in this annotation, or name a record made in the admin "
            f'by its slug ([{kind}.{key}] with slug = "…", see seeds/README.md)'
        )
    return Problem(
        path, f"{where} refers to unknown record {identity}", where.replace("/", ".", 1), name, fix
    )
