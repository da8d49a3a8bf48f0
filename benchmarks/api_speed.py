"""Queries, time and size of the JSON API's answers on pretalx's large event.

    .venv/bin/python benchmarks/api_speed.py [--runs 15] [--json FILE]

Imports `../shared/bench/pretalx-large-schedule.json` (500 talks, 600 speakers, 14 rooms, 3 days)
into a throw-away test database, as benchmarks/site_speed.py does (SQLite in memory, or
`test_<name>` on PostgreSQL when DATABASE_URL says so), then prints for each endpoint its
queries, the median time of a request when nothing is cached and when it has been answered
once, and its size, with the measuring code of site_speed.py. Lists are the first page at the
default size (50) and at the largest (100); every list must answer in under 100 ms uncached.
A search (`?q=`) is measured beside the site's search page, whose matching it uses.

There is no `--compare`: the commits before the API have nothing to compare with.
"""

import argparse
import json
import os
import sys
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.site_speed import LARGE_SCHEDULE, REPOSITORY, measure, print_table  # noqa: E402

# The longest an uncached list of the large event may take (issue 13).
LIST_BUDGET_MS = 100


def api_addresses() -> dict[str, str]:
    """The endpoints to measure, by label; lists first ("list" in the label)."""
    from summit.models import Event, Person, Talk

    event = Event.objects.get(slug="large")
    talks = Talk.objects.filter(event=event).order_by("starts_at", "guid")
    first = talks.first()
    day = first.starts_at.astimezone(event.zone).date().isoformat()
    speaker = Person.objects.filter(talks__event=event).order_by("slug").first()
    api = f"/api/v1/events/{event.slug}"
    lists = {
        "event's talks": f"{api}/talks/",
        "event's speakers": f"{api}/speakers/",
        "talks of the event": f"/api/v1/talks/?event={event.slug}",
        "talks of day 1": f"/api/v1/talks/?event={event.slug}&day={day}",
        "talks of a track": f"/api/v1/talks/?event={event.slug}&track={first.track_id}",
        "sessions of the event": f"/api/v1/sessions/?event={event.slug}",
        "people": "/api/v1/people/",
        "events": "/api/v1/events/",
    }
    addresses = {}
    for label, address in lists.items():
        joiner = "&" if "?" in address else "?"
        addresses[f"list: {label}"] = address
        addresses[f"list: {label}, 100"] = f"{address}{joiner}page_size=100"
    # ?q= is the site's search, whose pattern matching over every talk is most of its cost:
    # measured beside the site's own search page, outside the budget of the lists.
    addresses |= {
        "search: talks (?q=python)": f"/api/v1/talks/?event={event.slug}&q=python",
        "search: the site's page, talks": "/en/search/?q=python&kind=talk",
        "event": f"{api}/",
        "talk": f"/api/v1/talks/{first.slug}/",
        "speaker": f"/api/v1/people/{speaker.slug}/",
        "OpenAPI document": "/api/v1/schema/",
    }
    return addresses


def measure_api(runs: int) -> dict:
    """Import the large event into a test database, then measure every endpoint."""
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
        return {label: measure(client, url, runs) for label, url in api_addresses().items()}
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed requests per endpoint and mode")
    parser.add_argument("--json", type=Path, help="write the figures to this file as well")
    options = parser.parse_args()
    if not LARGE_SCHEDULE.exists():
        sys.exit(
            f"{LARGE_SCHEDULE} is missing: the benchmark reads ../shared/bench beside {REPOSITORY}."
        )

    figures = measure_api(options.runs)
    if options.json:
        options.json.write_text(json.dumps(figures, indent=1))
    print(f"\nThe JSON API on pretalx's large event, {options.runs} runs per figure, medians")
    print_table(figures, None, None)
    failed = [label for label, each in figures.items() if each["status"] != 200]
    slow = [
        f"{label} ({each['uncached']:.0f} ms)"
        for label, each in figures.items()
        if label.startswith("list") and each["uncached"] >= LIST_BUDGET_MS
    ]
    if failed:
        sys.exit(f"Endpoints that failed: {', '.join(failed)}")
    if slow:
        sys.exit(f"Lists over {LIST_BUDGET_MS} ms uncached: {', '.join(slow)}")
    print(f"Every list under {LIST_BUDGET_MS} ms uncached.")


if __name__ == "__main__":
    main()
