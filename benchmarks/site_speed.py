"""Queries, render time and size of the pages visitors use most, on pretalx's large event.

    .venv/bin/python benchmarks/site_speed.py [--runs 15] [--compare <git ref>]

Imports `../shared/bench/pretalx-large-schedule.json` (500 talks, 600 speakers, 14 rooms, 3 days)
with `import_schedule` into a throw-away test database (SQLite in memory, or `test_<name>` on
PostgreSQL when DATABASE_URL says so), then prints for each page: its queries, the median time
of a request when nothing is cached (the first visitor after a change), the median when the page
has been served once already (every later visitor), and its size.

With `--compare <ref>` the same measurements run, in the same run, on that commit too (checked
out into a temporary git worktree, measured by this very script, with this checkout's Python
environment), and each figure gets its before/after ratio: how many times faster now.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
LARGE_SCHEDULE = REPOSITORY.parent / "shared" / "bench" / "pretalx-large-schedule.json"


def page_addresses() -> dict[str, str]:
    """The pages to measure, by label, found in the imported data the same way on any commit."""
    from summit.models import Event, Person, Talk

    event = Event.objects.get(slug="large")
    talks = list(Talk.objects.filter(event=event).order_by("starts_at", "guid"))
    days = sorted({talk.starts_at.date() for talk in talks if talk.starts_at})
    speaker = Person.objects.filter(talks__event=event).order_by("slug").first()
    track = talks[0].track_id
    chosen = ",".join(str(talk.pk) for talk in talks[::25][:20])
    base = f"/en/events/{event.slug}"
    pages = {"home": "/en/", "event": f"{base}/"}
    for number, day in enumerate(days, 1):
        pages[f"programme, day {number}"] = f"{base}/programme/?day={day.isoformat()}"
    pages |= {
        "programme, day 1, one track": f"{base}/programme/?day={days[0].isoformat()}&track={track}",
        "talk": f"/en/talks/{talks[0].slug}/",
        "speaker": f"/en/people/{speaker.slug}/",
        "my programme (20 talks)": f"{base}/programme/mine/?talks={chosen}",
        "search": "/en/search/?q=python",
        "event calendar": f"{base}/calendar.ics",
        "talk calendar": f"/en/talks/{talks[0].slug}/calendar.ics",
        "speaker calendar": f"/en/people/{speaker.slug}/calendar.ics",
        "my programme calendar": f"{base}/programme/mine/calendar.ics?talks={chosen}",
        "frab XML": f"{base}/schedule.xml",
        "frab JSON": f"{base}/schedule.json",
    }
    return pages


def measure(client, url: str, runs: int) -> dict:
    """Status, queries, bytes, and median milliseconds uncached and cached, of one page."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    result = {
        "status": response.status_code,
        "queries": len(queries),
        "bytes": len(response.content) if not response.streaming else 0,
    }
    uncached, cached = [], []
    for _ in range(runs):
        cache.clear()
        started = time.perf_counter()
        client.get(url)
        uncached.append((time.perf_counter() - started) * 1000)
    client.get(url)
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        cached.append((time.perf_counter() - started) * 1000)
    result["uncached"] = statistics.median(uncached)
    result["cached"] = statistics.median(cached)
    return result


def measure_here(runs: int) -> dict:
    """Measure this checkout (the working directory): import, then every page."""
    sys.path.insert(0, str(REPOSITORY))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        call_command("import_schedule", str(LARGE_SCHEDULE), stdout=StringIO())
        client = Client()
        return {label: measure(client, url, runs) for label, url in page_addresses().items()}
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def measure_commit(ref: str, runs: int) -> dict:
    """Measure commit `ref` in a temporary worktree, in a process of its own."""
    commit = subprocess.run(
        ["git", "rev-parse", "--verify", f"{ref}^{{commit}}"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
    )
    if commit.returncode:
        sys.exit(f"--compare: {ref!r} is not a commit of this repository.")
    folder = Path(tempfile.mkdtemp(prefix="site-speed-"))
    try:
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(folder), commit.stdout.strip()],
            cwd=REPOSITORY,
            check=True,
            capture_output=True,
        )
        (folder / "benchmarks").mkdir(exist_ok=True)
        shutil.copy(__file__, folder / "benchmarks" / "site_speed_here.py")
        # The worktree has no ../shared beside it: measure the same schedule file.
        output = folder / "figures.json"
        subprocess.run(
            [sys.executable, "benchmarks/site_speed_here.py", "--runs", str(runs)]
            + ["--schedule", str(LARGE_SCHEDULE), "--json", str(output), "--quiet"],
            cwd=folder,
            check=True,
        )
        return json.loads(output.read_text())
    finally:
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(folder)],
            cwd=REPOSITORY,
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


def ratio(before: float, after: float) -> str:
    return f"{before / after:5.1f}×" if after else "    –"


def print_table(now: dict, before: dict | None, ref: str | None) -> None:
    width = max(len(label) for label in now)
    header = f"{'page':<{width}}  status queries  uncached ms  cached ms    bytes"
    if before is not None:
        header += f"  | {ref}: queries uncached cached   | faster: uncached cached"
    print(header)
    for label, figures in now.items():
        line = (
            f"{label:<{width}}  {figures['status']:>6} {figures['queries']:>7}"
            f"  {figures['uncached']:>11.1f}  {figures['cached']:>9.1f}  {figures['bytes']:>7}"
        )
        old = (before or {}).get(label)
        if before is not None and old and old["status"] == 200:
            queries = f"{old['queries']:>{len(ref) + 9}}"
            timings = f"{old['uncached']:>8.1f} {old['cached']:>6.1f}"
            faster = f"{ratio(old['uncached'], figures['uncached']):>14}"
            line += (
                f"  | {queries} {timings}   | {faster} {ratio(old['cached'], figures['cached']):>6}"
            )
        elif before is not None:
            missing = f"(no such page: {old['status'] if old else '–'})"
            line += f"  | {missing:>{len(ref) + 25}}"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page and mode")
    parser.add_argument("--compare", metavar="REF", help="also measure this commit, same run")
    parser.add_argument("--schedule", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="write the figures to this file as well")
    # For the run on another commit: figures to the file only; its missing pages are no error.
    parser.add_argument("--quiet", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    global LARGE_SCHEDULE
    LARGE_SCHEDULE = options.schedule or LARGE_SCHEDULE
    if not LARGE_SCHEDULE.exists():
        sys.exit(
            f"{LARGE_SCHEDULE} is missing: the benchmark reads ../shared/bench beside the "
            "repository."
        )

    before = measure_commit(options.compare, options.runs) if options.compare else None
    now = measure_here(options.runs)
    if options.json:
        options.json.write_text(json.dumps(now, indent=1))
    if options.quiet:
        return
    print(f"\npretalx's large event, {options.runs} runs per figure, medians")
    print_table(now, before, options.compare)
    failed = [label for label, figures in now.items() if figures["status"] != 200]
    if failed:
        sys.exit(f"Pages that failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
