"""Two first imports at the same time on PostgreSQL: the second waits, then finds the records.

Each import runs in a thread of its own, so on a connection of its own. The first is held, its
records written but not committed, until the second is seen waiting on the database: their
transactions overlap every time, not only when the timing happens to be unlucky.
"""

import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from reversion.models import Revision

from importer import writer
from importer.report import ImportReport
from importer.writer import WriteConflict, import_seeds

# Long enough for a slow machine, short enough that a hang fails the test instead of the run.
WAIT_SECONDS = 30

# A small seed of its own: the race is the same with two records as with the project's hundred.
ARTICLE = """张江峰会开幕

来源:生物谷 2019-11-14 16:29

首届峰会在张江科学城揭开帷幕,由上海药物研究所主办。
"""

ANNOTATION = """
[organisations.simm]
name = "上海药物研究所"
kind = "institute"
evidence = "由上海药物研究所主办"
"""

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="about PostgreSQL: SQLite's IMMEDIATE transactions already admit one writer at "
        "a time, and its in-memory test database cannot be shared by two connections",
    ),
]


@pytest.fixture
def seed(tmp_path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "100_race.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "100_race.toml").write_text(ANNOTATION, encoding="utf-8")
    return folder


class ImportThreads:
    """Two first imports on connections of their own, the first holding its transaction open
    (records written, not committed) until the second is waiting on the database."""

    def __init__(self, path: Path, monkeypatch: pytest.MonkeyPatch):
        self.path = path
        self.results: dict[str, ImportReport | Exception] = {}
        self.first_wrote = threading.Event()
        self.second_waits = threading.Event()
        self.second_pid: int | None = None
        write = writer._Writer.write

        def write_then_hold(this):
            reports = write(this)
            if threading.current_thread().name == "first":
                self.first_wrote.set()
                self.second_waits.wait(WAIT_SECONDS)
            return reports

        monkeypatch.setattr(writer._Writer, "write", write_then_hold)

    def run(self) -> dict[str, ImportReport | Exception]:
        first = threading.Thread(target=self._import, name="first")
        first.start()
        assert self.first_wrote.wait(WAIT_SECONDS)
        second = threading.Thread(target=self._import, name="second")
        second.start()
        try:
            self._until_second_waits()
        finally:
            self.second_waits.set()
        for thread in (first, second):
            thread.join(WAIT_SECONDS)
        return self.results

    def _import(self) -> None:
        name = threading.current_thread().name
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                if name == "second":
                    self.second_pid = cursor.fetchone()[0]
            self.results[name] = import_seeds(self.path)
        except Exception as error:
            self.results[name] = error
        finally:
            connection.close()

    def _until_second_waits(self) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        with connection.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute(
                    "SELECT count(*) FROM pg_locks WHERE pid = %s AND NOT granted",
                    [self.second_pid],
                )
                if cursor.fetchone()[0]:
                    return
                time.sleep(0.01)
        raise AssertionError("the second import never waited for the first")


def test_concurrent_first_import_waits_and_finds_the_records(seed, monkeypatch):
    results = ImportThreads(seed, monkeypatch).run()

    assert isinstance(results["first"], ImportReport)
    assert isinstance(results["second"], ImportReport)
    created = results["first"].totals["created"]
    assert created > 0
    assert dict(results["second"].totals) == {"unchanged": created}
    assert Revision.objects.count() == 1


def test_concurrent_write_without_the_lock_is_one_line_and_writes_nothing(seed, monkeypatch):
    # An admin edit does not take the import lock: the same race, with one clear line at the end.
    monkeypatch.setattr(writer, "hold_import_lock", lambda: None)

    results = ImportThreads(seed, monkeypatch).run()

    assert isinstance(results["first"], ImportReport)
    assert results["first"].totals["created"] > 0
    conflict = results["second"]
    assert isinstance(conflict, WriteConflict)
    assert "\n" not in str(conflict)
    assert str(conflict).startswith(f"{seed}/100_race.toml: organisations/simm: ")
    assert "duplicate key value violates unique constraint" in str(conflict)
    assert "wrote the same record at the same time" in str(conflict)
    assert str(conflict).endswith("; run the import again")
    assert Revision.objects.count() == 1
