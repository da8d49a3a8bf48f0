"""Several processes editing SQLite at once, as gunicorn workers do: none fails, none is lost.

Each worker is a fresh process (the "spawn" start method) that sets Django up against one shared
on-disk SQLite file, in WAL mode with a busy timeout and IMMEDIATE transactions as the settings
configure it. A read-modify-write on one event row from every worker shows that transactions are
serialised, not merely that they do not crash. PostgreSQL is built for concurrent writers and
the same test there costs a minute, so it runs only when the suite runs on SQLite.
"""

import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from datetime import date

import pytest
from django.conf import settings

WORKERS = 4
ITERATIONS = 25
# Generous bounds, so a stuck process fails the test instead of hanging it.
BARRIER_TIMEOUT = 60
TASK_TIMEOUT = 120
EVENT_SLUG = "concurrency"

# Set in each worker process by `_start_worker`.
_start_line = None


def _start_worker(database: str, start_line) -> None:
    """Set Django up in a fresh process against the shared database, as a web worker would."""
    global _start_line
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    import django
    from django.db import connection

    django.setup()
    # Had anything read the settings before this point, the worker would write elsewhere.
    if connection.settings_dict["NAME"] != database:
        raise RuntimeError(f"worker set up for {connection.settings_dict['NAME']}, not {database}")
    _start_line = start_line


def _migrate_and_create_event() -> None:
    """Build the schema and the one event every worker edits."""
    import reversion
    from django.core.management import call_command

    from summit.models import Event

    call_command("migrate", verbosity=0)
    with reversion.create_revision():
        Event.objects.create(name="并发测试峰会", slug=EVENT_SLUG, start_date=date(2019, 11, 14))


def _edit_content(worker: int) -> int:
    """Edit the shared event and add a person and a quote, ITERATIONS times; return the pid.

    Worker 0 first builds the database, while the others are still starting up. Then all start
    together at the barrier, so their transactions really overlap. Each iteration is one
    transaction and one revision, as an admin save is.
    """
    import reversion
    from django.db import transaction

    from summit.models import Event, Person, Quote

    if worker == 0:
        _migrate_and_create_event()
    _start_line.wait(timeout=BARRIER_TIMEOUT)
    for iteration in range(ITERATIONS):
        with transaction.atomic(), reversion.create_revision():
            # IMMEDIATE takes the write lock at BEGIN, so no other worker changes the event
            # between this read and the save.
            event = Event.objects.get(slug=EVENT_SLUG)
            event.summary += f"[{worker}.{iteration}]"
            event.save()
            person = Person.objects.create(name=f"Worker {worker} person {iteration}")
            Quote.objects.create(person=person, text=f"Quote {iteration}", event=event)
            reversion.set_comment(f"Worker {worker}, edit {iteration}")
    return os.getpid()


def _tally() -> dict:
    """What the database holds once every worker is done."""
    from reversion.models import Revision, Version

    from summit.models import Event, Person, Quote

    event = Event.objects.get(slug=EVENT_SLUG)
    return {
        "summary": event.summary,
        "people": Person.objects.count(),
        "quotes": Quote.objects.filter(event=event).count(),
        "event versions": Version.objects.get_for_object(event).count(),
        "revisions": Revision.objects.count(),
    }


def test_concurrent_editors_all_succeed_and_no_write_is_lost(tmp_path):
    # Settings are read here, not at import: worker processes import this module too, and must
    # not configure Django before `_start_worker` has pointed it at their database.
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("about SQLite's concurrent writers; the suite runs on PostgreSQL")
    context = multiprocessing.get_context("spawn")
    start_line = context.Barrier(WORKERS)
    with ProcessPoolExecutor(
        max_workers=WORKERS,
        mp_context=context,
        initializer=_start_worker,
        initargs=(str(tmp_path / "site.sqlite3"), start_line),
    ) as pool:
        edits = [pool.submit(_edit_content, worker) for worker in range(WORKERS)]
        failures = [repr(edit.exception(timeout=TASK_TIMEOUT)) for edit in edits]
        assert failures == ["None"] * WORKERS  # in particular no "database is locked"
        pids = {edit.result() for edit in edits}
        tally = pool.submit(_tally).result(timeout=TASK_TIMEOUT)

    writes = WORKERS * ITERATIONS
    assert len(pids) == WORKERS
    assert sorted(re.findall(r"\[(\d+)\.(\d+)\]", tally["summary"])) == sorted(
        (str(worker), str(iteration))
        for worker in range(WORKERS)
        for iteration in range(ITERATIONS)
    )
    assert tally["people"] == writes
    assert tally["quotes"] == writes
    assert tally["event versions"] == 1 + writes
    assert tally["revisions"] == 1 + writes
