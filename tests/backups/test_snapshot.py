"""Backups hold every record, history included, and restoring one never harms a database."""

import copy
import re
import sqlite3
import threading
from contextlib import contextmanager
from io import StringIO

import pytest
import reversion
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.db.utils import load_backend
from reversion.models import Version

from backups import snapshot
from backups.snapshot import (
    SQLITE_HEADER,
    DatabaseNotEmpty,
    SnapshotError,
    backup_database,
    restore_database,
    tables_with_rows,
)
from summit.models import Event, Person
from tests.factories import UserFactory

# Restores and backups read and write through connections of their own (sqlite3, pg_dump), so
# the test's data must be committed for them to see it.
pytestmark = pytest.mark.django_db(transaction=True)

# Every model of these apps must come back from a snapshot, row for row.
RESTORED_APPS = ("summit", "parks", "reversion")
EDITED_NAME = "The First Zhangjiang Cell Therapy International Summit"


def every_record(using: str) -> dict[str, list[dict]]:
    """Every row of every model of RESTORED_APPS in the database `using`, as plain values."""
    return {
        model._meta.label: list(model._base_manager.using(using).order_by("pk").values())
        for label in RESTORED_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }


def vendor() -> str:
    return connections["default"].vendor


@pytest.fixture
def seeded_site() -> Event:
    """The seed article imported, then the summit's English name edited in the admin's way."""
    call_command("import_seeds", stdout=StringIO())
    event = Event.objects.get(slug="zhangjiang-cell-therapy-summit-2019")
    with reversion.create_revision():
        event.name_en = EDITED_NAME
        event.save()
        reversion.set_user(UserFactory(username="editor", is_staff=True))
        reversion.set_comment("Changed name.")
    return event


@pytest.fixture
def restore_target(tmp_path, request) -> str:
    """A database alias, "restored", for a new empty database of the same engine as default.

    SQLite: a new file; PostgreSQL: a new database on the same server. Same options as the
    site's database (WAL mode and all), so the restore meets what production has.
    """
    target = copy.deepcopy(connections["default"].settings_dict)
    if vendor() == "sqlite":
        target["NAME"] = str(tmp_path / "restored.sqlite3")
    else:
        target["NAME"] = request.getfixturevalue("empty_postgres_database")
    with extra_connection("restored", target):
        yield "restored"


@contextmanager
def extra_connection(alias: str, settings_dict: dict):
    """A connection under `alias` that exists only for the duration of the block.

    Made by hand rather than added to settings.DATABASES: Django's test case allows such
    dynamically created connections, and nothing is left behind for later tests.
    """
    connection = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    connections[alias] = connection
    try:
        yield connection
    finally:
        connection.close()
        del connections[alias]


def test_backup_restored_into_empty_database_holds_every_record(
    seeded_site, restore_target, tmp_path
):
    path = backup_database(tmp_path / "snapshot")
    restore_database(path, using=restore_target)

    before, after = every_record("default"), every_record(restore_target)
    assert after == before
    assert len(before["summit.Event"]) == 1
    assert len(before["summit.Person"]) > 0
    assert len(before["parks.ParkMetric"]) > 0
    assert len(before["reversion.Revision"]) == 2  # the import and the edit
    restored_event = Event.objects.using(restore_target).get(pk=seeded_site.pk)
    assert restored_event.name == "首届张江细胞治疗国际峰会"
    assert restored_event.name_en == EDITED_NAME
    edit = Version.objects.get_for_object(seeded_site).first()
    restored_edit = Version.objects.using(restore_target).get(pk=edit.pk)
    assert restored_edit.serialized_data == edit.serialized_data
    assert EDITED_NAME in restored_edit.serialized_data
    assert restored_edit.revision.comment == "Changed name."
    assert restored_edit.revision.user.username == "editor"


def test_backup_sqlite_while_site_writes_is_consistent(tmp_path):
    """A backup taken mid-stream holds whole transactions only: both halves of each, or neither."""
    site = tmp_path / "site.sqlite3"
    writer_started, backup_done = threading.Event(), threading.Event()

    def write_pairs():
        database = sqlite3.connect(site, isolation_level=None, timeout=20)
        database.execute("PRAGMA journal_mode=WAL")
        database.execute("CREATE TABLE IF NOT EXISTS debit (n)")
        database.execute("CREATE TABLE IF NOT EXISTS credit (n)")
        for n in range(100_000):
            if backup_done.is_set():
                break
            database.execute("BEGIN IMMEDIATE")
            database.execute("INSERT INTO debit VALUES (?)", [n])
            database.execute("INSERT INTO credit VALUES (?)", [n])
            database.execute("COMMIT")
            if n == 100:
                writer_started.set()
        database.close()

    writer = threading.Thread(target=write_pairs)
    writer.start()
    try:
        assert writer_started.wait(timeout=30)
        sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(site), "OPTIONS": {}}
        with extra_connection("site", sqlite):
            path = backup_database(tmp_path / "snapshot", using="site")
    finally:
        backup_done.set()
        writer.join(timeout=30)

    with sqlite3.connect(path) as copy_:
        debits = copy_.execute("SELECT count(*) FROM debit").fetchone()[0]
        credits = copy_.execute("SELECT count(*) FROM credit").fetchone()[0]
        integrity = copy_.execute("PRAGMA quick_check").fetchone()[0]
        journal_mode = copy_.execute("PRAGMA journal_mode").fetchone()[0]
    assert integrity == "ok"
    assert debits == credits > 100
    assert journal_mode == "delete"  # one self-contained file, no -wal beside it


def test_backup_command_default_path_in_backup_dir(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    out = StringIO()

    call_command("backup_database", stdout=out)

    (path,) = settings.BACKUP_DIR.iterdir()
    suffix = {"sqlite": "sqlite3", "postgresql": "dump"}[vendor()]
    assert re.fullmatch(rf"{vendor()}-\d{{8}}-\d{{6}}\.{suffix}", path.name)
    assert f"{path} ({path.stat().st_size:,} bytes)" in out.getvalue()
    assert path.stat().st_mode & 0o077 == 0  # password hashes: owner only


def test_backup_command_unwritable_path_fails_in_one_line(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")

    with pytest.raises(CommandError) as error:
        call_command("backup_database", "--output", str(not_a_folder / "snapshot"))

    assert "Cannot write a backup" in str(error.value)
    assert "\n" not in str(error.value)
    assert list(tmp_path.iterdir()) == [not_a_folder]


def test_backup_failure_leaves_no_partial_file(tmp_path, monkeypatch):
    def write_half_then_fail(settings_dict, partial):
        partial.write_bytes(SQLITE_HEADER)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(snapshot, "_dump_sqlite", write_half_then_fail)
    monkeypatch.setattr(snapshot, "_dump_postgresql", write_half_then_fail)

    with pytest.raises(SnapshotError, match="No space left"):
        backup_database(tmp_path / "snapshot")

    assert list(tmp_path.iterdir()) == []


def test_backup_failure_keeps_previous_snapshot_of_same_name(tmp_path, monkeypatch):
    previous = tmp_path / "snapshot"
    previous.write_bytes(b"yesterday's backup")
    monkeypatch.setattr(snapshot, "_dump_sqlite", lambda settings_dict, partial: 1 / 0)
    monkeypatch.setattr(snapshot, "_dump_postgresql", lambda settings_dict, partial: 1 / 0)

    with pytest.raises(ZeroDivisionError):
        backup_database(previous)

    assert list(tmp_path.iterdir()) == [previous]
    assert previous.read_bytes() == b"yesterday's backup"


def test_backup_without_pg_dump_fails_clearly(tmp_path, monkeypatch):
    if vendor() != "postgresql":
        pytest.skip("pg_dump is only used on PostgreSQL")
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(SnapshotError, match="pg_dump was not found"):
        backup_database(tmp_path / "snapshot")

    assert list(tmp_path.iterdir()) == []


def test_backup_of_missing_postgresql_database_fails_without_file(tmp_path):
    if vendor() != "postgresql":
        pytest.skip("pg_dump is only used on PostgreSQL")
    missing = {**connections["default"].settings_dict, "NAME": "no_such_database_here"}

    with (
        extra_connection("missing", missing),
        pytest.raises(SnapshotError, match='database "no_such_database_here" does not exist'),
    ):
        backup_database(tmp_path / "snapshot", using="missing")

    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("other engine", "can only be restored into"),
        (b"BEGIN; DROP TABLE summit_event; COMMIT;", "neither an SQLite database nor a pg_dump"),
    ],
)
def test_restore_wrong_kind_of_file_refused_and_nothing_changed(
    seeded_site, tmp_path, content, message
):
    if content == "other engine":
        content = {"sqlite": b"PGDMP\x01\x0e\x00", "postgresql": SQLITE_HEADER + bytes(100)}[
            vendor()
        ]
    wrong = tmp_path / "wrong"
    wrong.write_bytes(content)
    before = every_record("default")

    with pytest.raises(SnapshotError, match=message):
        restore_database(wrong, replace=True)

    assert every_record("default") == before


def test_restore_sqlite_file_of_another_application_refused(tmp_path):
    if vendor() != "sqlite":
        pytest.skip("an SQLite file is refused earlier on PostgreSQL")
    stranger = tmp_path / "stranger.sqlite3"
    with sqlite3.connect(stranger) as database:
        database.execute("CREATE TABLE notes (text)")

    with pytest.raises(SnapshotError, match="not one of this site's"):
        restore_database(stranger)


def test_restore_missing_file_refused(tmp_path):
    with pytest.raises(SnapshotError, match="does not exist"):
        restore_database(tmp_path / "nothing-here")


def test_restore_into_non_empty_database_without_yes_refused(seeded_site, tmp_path):
    path = backup_database(tmp_path / "snapshot")
    Person.objects.create(name="Added after the backup")
    before = every_record("default")

    with pytest.raises(DatabaseNotEmpty):
        restore_database(path)
    with pytest.raises(CommandError, match="not empty.*Run again with --yes"):
        call_command("restore_database", str(path))

    assert every_record("default") == before


def test_restore_command_with_yes_replaces_content(seeded_site, tmp_path):
    path = backup_database(tmp_path / "snapshot")
    backed_up = every_record("default")
    Person.objects.create(name="Added after the backup")
    Event.objects.filter(pk=seeded_site.pk).update(name_en="Renamed after the backup")
    out = StringIO()

    call_command("restore_database", str(path), "--yes", stdout=out)

    assert "Restored" in out.getvalue()
    assert every_record("default") == backed_up
    assert not Person.objects.filter(name="Added after the backup").exists()
    assert Event.objects.get(pk=seeded_site.pk).name_en == EDITED_NAME


def test_tables_with_rows_freshly_migrated_database_counts_as_empty():
    assert tables_with_rows() == []


def test_tables_with_rows_finds_content():
    Person.objects.create(name="田志刚")

    assert tables_with_rows() == ["summit_person"]
