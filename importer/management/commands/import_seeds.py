"""Import the articles in seeds/ (or --path) and the records their annotations describe."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from importer.article import ArticleError
from importer.writer import OUTCOMES, ImportReport, WriteConflict, import_seeds

# Above this many files, a progress line per file is worth the noise.
PROGRESS_FROM = 10


class Command(BaseCommand):
    help = (
        "Import seed articles and their annotations. Safe to run any number of times: records "
        "are matched by key, staff edits are kept, and any error leaves the database unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            type=Path,
            default=settings.BASE_DIR / "seeds",
            help="An article file or a folder of them (default: the project's seeds/).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, but write nothing."
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace records staff edited since they were imported.",
        )

    def handle(self, *args, path: Path, dry_run: bool, overwrite: bool, **options):
        def progress(line: str) -> None:
            self.stdout.write(line)

        try:
            report = import_seeds(
                path,
                dry_run=dry_run,
                overwrite=overwrite,
                progress=progress if _count_files(path) > PROGRESS_FROM else None,
            )
        except (ArticleError, WriteConflict) as error:
            raise CommandError(f"{error} (nothing was imported)") from error
        self.print_report(report)

    def print_report(self, report: ImportReport) -> None:
        for file in report.files:
            self.stdout.write(f"{file.name}: {_counts(file.counts)}")
            if not file.annotated:
                self.stdout.write(
                    self.style.WARNING("  no annotation file: only the source was imported")
                )
            for identity in file.kept:
                self.stdout.write(f"  kept (edited by staff since import): {identity}")
            for identity in file.no_longer_annotated:
                self.stdout.write(
                    self.style.WARNING(f"  no longer in the annotation (not deleted): {identity}")
                )
        self.stdout.write(f"Total: {_counts(report.totals)}")
        if report.dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
        elif report.changed:
            self.stdout.write(self.style.SUCCESS("Import complete."))
        else:
            self.stdout.write(self.style.SUCCESS("Nothing to change: already up to date."))


def _counts(counts) -> str:
    return ", ".join(f"{counts[outcome]} {outcome}" for outcome in OUTCOMES)


def _count_files(path: Path) -> int:
    return sum(1 for _ in path.glob("*.txt")) if path.is_dir() else 1
