"""Import the articles in seeds/ (or --path) and the records their annotations describe, or
print a skeleton annotation for an article that has none (--skeleton)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from importer.article import ArticleError, read_article
from importer.catalogue import known_records
from importer.problems import ProblemsFound
from importer.report import OUTCOMES, ImportReport
from importer.skeleton import build_skeleton
from importer.writer import WriteConflict, import_seeds

# Above this many files, a progress line per file is worth the noise.
PROGRESS_FROM = 10


class Command(BaseCommand):
    help = (
        "Import seed articles and their annotations. Safe to run any number of times: records "
        "are matched by key, staff edits are kept, and any problem leaves the database "
        "unchanged; every problem of every file is reported in one run."
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
        parser.add_argument(
            "--draft",
            action="store_true",
            help="New records start as drafts, for review; existing records keep their status.",
        )
        parser.add_argument(
            "--skeleton",
            type=Path,
            metavar="ARTICLE",
            help="Print a skeleton annotation for ARTICLE (its [source] table and the records "
            "already in the database that it names, to confirm) and import nothing.",
        )

    def handle(self, *args, path, dry_run, overwrite, draft, skeleton, **options):
        if skeleton is not None:
            self.print_skeleton(skeleton)
            return

        def progress(line: str) -> None:
            self.stdout.write(line)

        try:
            report = import_seeds(
                path,
                dry_run=dry_run,
                overwrite=overwrite,
                draft=draft,
                progress=progress if _count_files(path) > PROGRESS_FROM else None,
            )
        except ProblemsFound as found:
            raise CommandError(_problems_message(found)) from found
        except (ArticleError, WriteConflict) as error:
            raise CommandError(f"{error} (nothing was imported)") from error
        self.print_report(report)

    def print_skeleton(self, path: Path) -> None:
        try:
            article = read_article(path)
        except ArticleError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(build_skeleton(article, path.name, known_records()), ending="")

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


def _problems_message(found: ProblemsFound) -> str:
    """One problem on its one line, as always; several one per line, then how many."""
    if len(found.problems) == 1:
        return f"{found.problems[0]} (nothing was imported)"
    return f"{found}\n{len(found.problems)} problems (nothing was imported)"


def _counts(counts) -> str:
    return ", ".join(f"{counts[outcome]} {outcome}" for outcome in OUTCOMES)


def _count_files(path: Path) -> int:
    return sum(1 for _ in path.glob("*.txt")) if path.is_dir() else 1
