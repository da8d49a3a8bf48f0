import uuid

import psycopg
import pytest
from django.conf import settings
from psycopg import sql


@pytest.fixture
def empty_postgres_database():
    """The name of a new, empty database on the configured PostgreSQL server, dropped afterwards.

    For tests where another process or a restore writes into a database of its own; skipped
    unless the suite runs on PostgreSQL (DATABASE_URL).
    """
    default = settings.DATABASES["default"]
    if default["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://…")
    name = f"{default['NAME'][:40]}_scratch_{uuid.uuid4().hex[:8]}"
    server = {
        "host": default["HOST"],
        "port": default["PORT"],
        "user": default["USER"],
        "password": default["PASSWORD"],
    }
    with psycopg.connect(
        dbname="postgres", autocommit=True, **{key: value for key, value in server.items() if value}
    ) as maintenance:
        maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield name
        finally:
            maintenance.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
