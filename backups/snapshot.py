"""Consistent snapshots of the site's database, and restoring one.

A snapshot is the whole database, revision history and users included, in the database's own
format: on SQLite a copy made with SQLite's online backup API (a plain SQLite file), on
PostgreSQL a `pg_dump --format=custom` archive. Both are taken while the site keeps writing.

Plain functions, so the management commands, the tests and a shell reach the same behaviour;
every failure is a `SnapshotError` whose message fits on one line, and a failure leaves neither
a half-written snapshot nor a half-restored database behind.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils import timezone

from website.cache import content_changed

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
# Snapshot file suffix per database vendor (Django's `connection.vendor`).
SUFFIXES = {"sqlite": "sqlite3", "postgresql": "dump"}
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
KINDS = {"sqlite": "an SQLite database", "postgresql": "a PostgreSQL dump (pg_dump custom format)"}
# Tables `migrate` fills by itself (applied migrations, content types, permissions, the Editors
# group): rows there do not make a database "not empty", so a freshly migrated database can be
# restored into without --yes. Content, users, sessions, admin log and revisions all count.
MIGRATE_TABLES = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "auth_group",
        "auth_group_permissions",
    }
)
# Seconds to wait for the site's writers to let go of an SQLite lock (as in the settings).
SQLITE_TIMEOUT = 20


class SnapshotError(Exception):
    """A backup or restore that could not be done; nothing was written or changed."""


class DatabaseNotEmpty(SnapshotError):
    """Restoring would replace content already in the target database."""


def backup_dir() -> Path:
    """Where snapshots go by default: settings.BACKUP_DIR, else var/backups in the project."""
    return Path(getattr(settings, "BACKUP_DIR", Path(settings.BASE_DIR) / "var" / "backups"))


def default_backup_path(vendor: str, now: datetime | None = None) -> Path:
    """`<BACKUP_DIR>/<vendor>-<YYYYmmdd-HHMMSS>.<suffix>`, in the site's time zone.

    The name sorts by time and says which database it can be restored into.
    """
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    return backup_dir() / f"{vendor}-{stamp}.{SUFFIXES[vendor]}"


def backup_database(output: Path | str | None = None, *, using: str = DEFAULT_DB_ALIAS) -> Path:
    """Write a consistent snapshot of the database `using` to `output` and return its path.

    `output` may be a file, or a folder (an existing one, or any path ending in a slash); by
    default the snapshot goes to `default_backup_path()`. The snapshot is written under a
    temporary name beside the target and renamed only once complete, so a failed backup leaves
    nothing behind and an existing file of the same name stays intact until the new one is
    whole. Files are created readable by their owner only: they hold password hashes and
    sessions.
    """
    connection = connections[using]
    vendor = _supported_vendor(using)
    default_path = default_backup_path(vendor)
    path = Path(output) if output else default_path
    if path.is_dir() or str(output).endswith(("/", os.sep)):
        path = path / default_path.name
    if vendor == "sqlite":
        _write_atomically(path, lambda partial: _dump_sqlite(connection.settings_dict, partial))
    else:
        _write_atomically(path, lambda partial: _dump_postgresql(connection.settings_dict, partial))
    return path


def restore_database(
    snapshot: Path | str, *, using: str = DEFAULT_DB_ALIAS, replace: bool = False
) -> None:
    """Replace the database `using` with the snapshot at `snapshot`.

    Refuses (`DatabaseNotEmpty`) when the database already holds content, unless `replace`;
    refuses a snapshot of the other database kind, or one that is not a snapshot at all. All
    checks come before the first write, and the restore itself is one transaction (SQLite's
    backup API commits once at the end; pg_restore runs with --single-transaction), so on any
    error the database is as it was.
    """
    path = Path(snapshot)
    vendor = _supported_vendor(using)
    kind = snapshot_kind(path)
    if kind is None:
        raise SnapshotError(
            f"{path} is neither an SQLite database nor a pg_dump custom-format archive."
        )
    if kind != vendor:
        raise SnapshotError(
            f"{path} is {KINDS[kind]}, but the database {using!r} is {NAMES[vendor]}: "
            f"it can only be restored into {NAMES[kind]}."
        )
    connection = connections[using]
    if vendor == "sqlite":
        _check_sqlite_snapshot(path, connection.settings_dict)
    if not replace:
        occupied = tables_with_rows(using)
        if occupied:
            shown = ", ".join(occupied[:3]) + (", …" if len(occupied) > 3 else "")
            raise DatabaseNotEmpty(
                f"The database {using!r} is not empty ({len(occupied)} tables hold rows: "
                f"{shown}); restoring replaces all of it. Run again with --yes to replace it."
            )
    # Our own connection must not hold locks or a transaction while the database is replaced.
    connection.close()
    if vendor == "sqlite":
        _restore_sqlite(path, connection.settings_dict)
    else:
        _restore_postgresql(path, connection.settings_dict)
    # Content type ids come from the snapshot now; cached ones may point at other models.
    ContentType.objects.clear_cache()
    # The restore wrote behind the ORM's back: pages cached from the old content must go.
    content_changed()


def snapshot_kind(path: Path) -> str | None:
    """The database vendor a snapshot file belongs to, from its header; None if neither."""
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        raise SnapshotError(f"{path} does not exist.") from None
    except OSError as error:
        raise SnapshotError(f"Cannot read {path}: {error.strerror}.") from error
    if head == SQLITE_HEADER:
        return "sqlite"
    if head.startswith(PG_DUMP_HEADER):
        return "postgresql"
    return None


def tables_with_rows(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Tables of the database `using` that hold rows, leaving out those `migrate` fills itself.

    Every table in the database counts, not only the models of installed apps, so content of an
    app that is no longer installed is not silently overwritten.
    """
    connection = connections[using]
    occupied = []
    try:
        with connection.cursor() as cursor:
            for table in sorted(connection.introspection.table_names(cursor)):
                if table in MIGRATE_TABLES:
                    continue
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone():
                    occupied.append(table)
    except DatabaseError as error:
        raise SnapshotError(f"Cannot read the database {using!r}: {error}") from error
    return occupied


def _supported_vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in SUFFIXES:
        raise SnapshotError(f"Backups support SQLite and PostgreSQL databases, not {vendor}.")
    return vendor


def _write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Have `write` fill a temporary file beside `path`, then rename it to `path`.

    The rename is atomic within a folder, so `path` is either the old file or the complete new
    one, never a torn write; the temporary file is removed whatever goes wrong.
    """
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, partial_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
        )
    except OSError as error:
        raise SnapshotError(
            f"Cannot write a backup to {path}: {error.strerror} ({error.filename})."
        ) from error
    os.close(handle)
    partial = Path(partial_name)
    try:
        write(partial)
        with partial.open("rb") as file:
            os.fsync(file.fileno())
        os.replace(partial, path)
    except (OSError, sqlite3.Error) as error:
        raise SnapshotError(f"Backup to {path} failed: {error}") from error
    finally:
        partial.unlink(missing_ok=True)


def _open_sqlite(settings_dict: dict, *, must_exist: bool) -> sqlite3.Connection:
    """A plain sqlite3 connection to the configured database, outside Django's transactions."""
    name = str(settings_dict["NAME"])
    # "file:" names are URIs (the test runner's shared in-memory database); others are paths.
    if must_exist and not name.startswith("file:") and not Path(name).is_file():
        raise SnapshotError(f"There is no SQLite database at {name}.")
    timeout = settings_dict.get("OPTIONS", {}).get("timeout", SQLITE_TIMEOUT)
    return sqlite3.connect(name, uri=name.startswith("file:"), timeout=timeout)


def _open_snapshot(path: Path) -> sqlite3.Connection:
    """Open a snapshot read-only, so checking or restoring it can never change it."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _dump_sqlite(settings_dict: dict, partial: Path) -> None:
    source = _open_sqlite(settings_dict, must_exist=True)
    try:
        target = sqlite3.connect(partial)
        try:
            # All pages in one step: one read transaction, so one consistent state of the
            # database. In WAL mode the site's writers carry on meanwhile.
            source.backup(target)
            # The copy inherits WAL mode; a snapshot should be one self-contained file.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    finally:
        source.close()


def _check_sqlite_snapshot(path: Path, settings_dict: dict) -> None:
    """Refuse a damaged SQLite file, one that is not a Django database, or the live one."""
    live = str(settings_dict["NAME"])
    if not live.startswith("file:") and Path(live).exists() and path.samefile(live):
        raise SnapshotError(f"{path} is the live database itself, not a snapshot of it.")
    try:
        snapshot = _open_snapshot(path)
        try:
            (integrity,) = snapshot.execute("PRAGMA quick_check").fetchone()
            django_tables = snapshot.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone()
        finally:
            snapshot.close()
    except sqlite3.Error as error:
        raise SnapshotError(f"{path} is not a readable SQLite database: {error}.") from error
    if integrity != "ok":
        raise SnapshotError(f"{path} is damaged (SQLite integrity check: {integrity}).")
    if not django_tables:
        raise SnapshotError(f"{path} is an SQLite database, but not one of this site's.")


def _restore_sqlite(path: Path, settings_dict: dict) -> None:
    snapshot = _open_snapshot(path)
    try:
        target = _open_sqlite(settings_dict, must_exist=False)
        try:
            # One step, one write transaction on the target: committed whole or not at all.
            snapshot.backup(target)
        finally:
            target.close()
    except sqlite3.Error as error:
        raise SnapshotError(f"Restore failed, nothing was changed: {error}.") from error
    finally:
        snapshot.close()


def _dump_postgresql(settings_dict: dict, partial: Path) -> None:
    # pg_dump runs in one repeatable-read transaction: a consistent snapshot while the site
    # writes.
    _run_postgresql_tool(["pg_dump", "--format=custom", f"--file={partial}"], settings_dict)


def _restore_postgresql(path: Path, settings_dict: dict) -> None:
    _run_postgresql_tool(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={settings_dict['NAME']}",
            str(path),
        ],
        settings_dict,
        failed="nothing was changed",
    )


def _run_postgresql_tool(arguments: list[str], settings_dict: dict, failed: str = "") -> None:
    """Run a PostgreSQL client tool against the configured database.

    Connection settings travel in libpq's environment variables, the password included, so they
    never appear in the process list.
    """
    tool = arguments[0]
    program = shutil.which(tool)
    if program is None:
        raise SnapshotError(
            f"{tool} was not found: install the PostgreSQL client tools (the server's version "
            "or newer) and put them on PATH."
        )
    result = subprocess.run(
        [program, *arguments[1:]],
        env=_libpq_environment(settings_dict),
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
    )
    if result.returncode != 0:
        lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
        errors = [line for line in lines if "error:" in line] or lines or ["no message"]
        reason = errors[0].removeprefix(f"{tool}: ")
        outcome = f"{tool} failed" + (f", {failed}" if failed else "")
        raise SnapshotError(f"{outcome} (exit status {result.returncode}): {reason}")


def _libpq_environment(settings_dict: dict) -> dict[str, str]:
    """The process environment plus libpq variables for the settings that are set."""
    options = settings_dict.get("OPTIONS") or {}
    values = {
        "PGDATABASE": settings_dict.get("NAME"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGSERVICE": options.get("service"),
        "PGPASSFILE": options.get("passfile"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
    }
    return {**os.environ, **{name: str(value) for name, value in values.items() if value}}
