"""Import a frab schedule (XML, or the C3VOC JSON form) as an event's programme."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schedules.frab import ScheduleError
from schedules.writer import OUTCOMES, ScheduleReport, ScheduleWriteError, import_schedule


class Command(BaseCommand):
    help = (
        "Import a frab schedule (pretalx, frab, Indico exports): the event, rooms, tracks, talks "
        "and speakers. Safe to run again: talks and rooms are matched by guid, people by their "
        "code, and staff edits are kept. Any error leaves the database unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A schedule.xml or schedule.json file.")
        parser.add_argument(
            "--event",
            dest="event_slug",
            help="Import into this event (by slug) instead of "
            "the one the conference's acronym names.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report only.")
        parser.add_argument(
            "--draft", action="store_true", help="New records start as drafts, for review."
        )
        parser.add_argument(
            "--overwrite", action="store_true", help="Replace what staff edited since."
        )

    def handle(self, *args, file: Path, event_slug, dry_run, draft, overwrite, **options):
        try:
            report = import_schedule(
                file, event_slug=event_slug, dry_run=dry_run, draft=draft, overwrite=overwrite
            )
        except (ScheduleError, ScheduleWriteError) as error:
            raise CommandError(f"{error} (nothing was imported)") from error
        self.print_report(report)

    def print_report(self, report: ScheduleReport) -> None:
        self.stdout.write(f"Event: {report.event}")
        for kind, counts in report.counts.items():
            self.stdout.write(f"  {kind}: " + ", ".join(f"{counts[o]} {o}" for o in OUTCOMES))
        for identity in report.kept:
            self.stdout.write(f"  kept (edited by staff since import): {identity}")
        if report.dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
        elif report.changed:
            self.stdout.write(self.style.SUCCESS("Import complete."))
        else:
            self.stdout.write(self.style.SUCCESS("Nothing to change: already up to date."))
