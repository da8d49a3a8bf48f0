"""How long pretalx's large frab schedule takes to import, re-import and export.

    .venv/bin/python benchmarks/schedule_speed.py [--runs 5] [--file ../shared/bench/…json]

Builds a throw-away test database (SQLite in memory, or `test_<name>` on PostgreSQL when
DATABASE_URL says so). Times a first import (as a dry run, which does all the work and rolls
back, so it can be repeated), then imports for real and times re-imports (nothing changes),
then the frab XML and JSON exports of the event, uncached, with their query counts. Targets
(issue 10): import at most 10 s, re-import at most 5 s, each export at most 150 ms with a
fixed number of queries.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"


def timed(function, runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return seconds


def line(label: str, seconds: list[float], unit: str = "s") -> str:
    scale = 1000 if unit == "ms" else 1
    values = [value * scale for value in seconds]
    return (
        f"{label:<34} median {statistics.median(values):8.2f} {unit}"
        f"  (min {min(values):.2f}, max {max(values):.2f}, {len(values)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--file", type=Path, default=BENCH / "pretalx-large-schedule.json")
    options = parser.parse_args()

    from schedules.writer import import_schedule

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        path = options.file
        print(f"{path.name} on {connection.vendor}")
        print(
            line(
                "first import (dry run)",
                timed(lambda: import_schedule(path, dry_run=True), options.runs),
            )
        )
        report = import_schedule(path)
        print(
            line("re-import (nothing changes)", timed(lambda: import_schedule(path), options.runs))
        )
        client = Client()
        for suffix in ("xml", "json"):
            url = f"/en/events/{report.event}/schedule.{suffix}"
            client.get(url)
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            count = len(queries)

            def export(url=url):
                cache.clear()
                client.get(url)

            size = f"{len(response.content):,} bytes, status {response.status_code}"
            label = f"export schedule.{suffix} (uncached)"
            print(line(label, timed(export, options.runs * 4), "ms") + f"  {count} queries, {size}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
