"""Replace the database with a snapshot: `manage.py restore_database PATH [--yes]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from backups.snapshot import SnapshotError, restore_database


class Command(BaseCommand):
    help = (
        "Replace the database with a snapshot written by backup_database. Refuses a database "
        "that already holds content unless --yes is given, and a snapshot of the other database "
        "kind; on any error the database is left as it was."
    )
    # Restoring is how a broken database is repaired; checks must not stand in the way.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The snapshot file to restore.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace the database even though it already holds content.",
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="The database alias to restore into (default: default).",
        )

    def handle(self, *args, path: Path, yes: bool, database: str, **options):
        try:
            restore_database(path, using=database, replace=yes)
        except SnapshotError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {path} into the database {database!r}. If the snapshot is older than "
                "the code, run `manage.py migrate` next."
            )
        )
