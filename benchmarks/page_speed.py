"""Queries and render time of every public page type, with the seed alone and at a larger size.

    .venv/bin/python benchmarks/page_speed.py [--extra 300] [--runs 15]

Builds a throw-away test database (SQLite in memory, or `test_<name>` on PostgreSQL when
DATABASE_URL says so), imports the seed articles, measures, then grows every kind of content by
`--extra` records (the summit itself gets that many speakers, talks and hosts) and measures
again. A page whose query count changes between the two sizes does work per row: a bug.
"""

import argparse
import os
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
)

PAGES = [
    "/zh-hans/",
    "/en/events/?when=past",
    "/en/events/zhangjiang-cell-therapy-summit-2019/",
    "/en/talks/summit-2019-off-the-shelf-car-t/",
    "/en/people/",
    "/en/people/tian-zhigang/",
    "/en/organisations/",
    "/en/organisations/cas/",
    "/en/topics/",
    "/en/topics/cell-therapy/",
    "/en/sources/",
    "/en/sources/000_f3128c6eecc96df2/",
    "/en/parks/",
    "/en/parks/zhangjiang-cell-industry-park/",
    "/en/search/?q=%E7%BB%86%E8%83%9E",
    "/en/events/feed/",
    "/sitemap.xml",
]


def measure(client: Client, url: str, runs: int) -> tuple[int, int, float]:
    """(status, queries, median milliseconds) of `runs` uncached requests after one warm-up."""
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Read the count now: the next request resets the connection's query log.
    query_count = len(queries)
    timings = []
    for _ in range(runs):
        cache.clear()  # what the first visitor after a change waits for (the sitemap is cached)
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return response.status_code, query_count, statistics.median(timings)


def grow(extra: int) -> None:
    """Add `extra` records of every kind, tying many of them to the summit and the park."""
    from parks.models import IndustryPark, ParkMembership
    from summit.models import Event, EventOrganisation, EventParticipant, Topic
    from tests import factories

    summit = Event.objects.get(slug="zhangjiang-cell-therapy-summit-2019")
    park = IndustryPark.objects.get(slug="zhangjiang-cell-industry-park")
    cell_therapy = Topic.objects.get(slug="cell-therapy")
    for _ in range(extra):
        person = factories.AffiliationFactory().person
        organisation = factories.OrganisationFactory(parent=factories.OrganisationFactory())
        EventParticipant.objects.create(event=summit, person=person, role="speaker")
        EventOrganisation.objects.create(event=summit, organisation=organisation, role="supporter")
        ParkMembership.objects.create(park=park, organisation=organisation)
        talk = factories.TalkFactory(event=summit)
        talk.speakers.add(person)
        talk.topics.add(cell_therapy)
        factories.EventFactory().topics.add(cell_therapy)
        factories.QuoteFactory(person=person, event=summit)


def report(title: str, results: dict[str, tuple[int, int, float]]) -> None:
    print(f"\n{title}")
    print(f"{'status':>6} {'queries':>7} {'median ms':>9}  page")
    for url, (status, queries, median) in results.items():
        print(f"{status:>6} {queries:>7} {median:>9.1f}  {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", type=int, default=300, help="records of each kind to add")
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page")
    options = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        call_command("import_seeds", stdout=StringIO())
        client = Client()
        small = {url: measure(client, url, options.runs) for url in PAGES}
        report("Seed only", small)
        grow(options.extra)
        large = {url: measure(client, url, options.runs) for url in PAGES}
        report(f"Seed + {options.extra} of every kind", large)
        grown = [url for url in PAGES if large[url][1] != small[url][1]]
        failed = [url for url in PAGES if {small[url][0], large[url][0]} != {200}]
        print("\nQuery counts that grew with content:", ", ".join(grown) or "none")
        if grown or failed:
            sys.exit(f"Pages that grew or failed: {', '.join(grown + failed)}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
