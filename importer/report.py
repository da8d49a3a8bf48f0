"""What an import did, or in a dry run would do, file by file and record by record: the command
prints it, the admin page shows it with links."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db import models

    from summit.models import Source

OUTCOMES = ("created", "updated", "unchanged", "kept")


@dataclass(frozen=True)
class WrittenRecord:
    """A record an import created, updated or found, for the admin to link to."""

    identity: str
    outcome: str
    instance: models.Model
    # Read while the transaction is open: after a dry run, the rows it names are gone.
    label: str


@dataclass
class FileReport:
    """What importing one article did, record by record."""

    name: str
    counts: Counter[str] = field(default_factory=Counter)
    kept: list[str] = field(default_factory=list)
    no_longer_annotated: list[str] = field(default_factory=list)
    annotated: bool = True
    records: list[WrittenRecord] = field(default_factory=list)
    source: Source | None = None


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
