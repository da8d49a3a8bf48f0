"""Write a consistent snapshot of the database: `manage.py backup_database [--output PATH]`."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from backups.snapshot import SnapshotError, backup_database


class Command(BaseCommand):
    help = (
        "Write a consistent snapshot of the whole database, revision history included, while "
        "the site keeps running: SQLite's online backup API on SQLite, a pg_dump custom-format "
        "archive on PostgreSQL. Restore it with restore_database."
    )
    # A backup must run even when some check fails: that is when one is wanted most.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help=(
                "File or folder (existing, or ending in /) to write to (default: "
                "BACKUP_DIR/<engine>-<YYYYmmdd-HHMMSS>.<sqlite3|dump>, BACKUP_DIR being "
                "var/backups in the project unless settings say otherwise)."
            ),
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="The database alias to back up (default: default).",
        )

    def handle(self, *args, output: str | None, database: str, **options):
        try:
            path = backup_database(output, using=database)
        except SnapshotError as error:
            raise CommandError(str(error)) from error
        size = path.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path} ({size:,} bytes)."))
