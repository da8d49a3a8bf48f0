"""Queries compiled to SQL once per process, then run again and again with new values.

For a page's small queries, Django spends far more on building and compiling a queryset than on
running it: the talk page's own query costs 7 M instructions to build and compile and 0.6 M to
run. A page asks the same questions on every request, only with other values (a slug, a record's
key, the current time), so a `PreparedQuery` compiles its queryset once per language, time zone
and kind of values, with stand-in values, and on each run passes the current values as the SQL
parameters in their places.

- Only values the query compares with can be passed. Anything that changes the query's shape (a
  list for `__in`, which filters apply) belongs in the builder's code or in separate queries;
  `prepare` refuses a builder whose SQL changes with its values.
- The visibility rule's moment (`published()`'s "publish time passed") is a value too: the
  builder runs with the moment pinned to a stand-in, which each run replaces with now.
- A builder must not read the database (a content type's key is a value, not a lookup): its
  result would be kept in the SQL.
- A run returns a list, never a queryset: nothing can be chained onto SQL already written.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from summit.models.base import pinned_moment

MOMENT = "moment"  # the name of the visibility rule's moment among the values


@dataclass(frozen=True)
class Compiled:
    """A builder's queryset, its compiler (what Django's iterables read after running the SQL)
    and its SQL, with where each value goes among the parameters."""

    queryset: QuerySet
    compiler: object
    sql: str
    params: tuple
    slots: tuple[tuple[int, str], ...]


class PreparedQuery:
    """A queryset builder, compiled once: decorating `def public_talk(slug): return
    Talk.objects.published().filter(slug=slug)` makes `public_talk(slug="car-t")` the list that
    queryset would give."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self.compiled: dict[tuple, Compiled] = {}
        functools.update_wrapper(self, build)  # its name and docstring

    def __call__(self, **values) -> list:
        # modeltranslation names the active language's columns as a query is built, and
        # Django writes the active time zone into date functions.
        key = (
            get_language(),
            timezone.get_current_timezone_name(),
            *((name, type(value)) for name, value in sorted(values.items())),
        )
        compiled = self.compiled.get(key)
        if compiled is None:
            compiled = self.compiled[key] = self.prepare(values)
        values[MOMENT] = timezone.now()
        connection = connections[compiled.queryset.db]
        params = list(compiled.params)
        for index, name in compiled.slots:
            params[index] = adapt(connection, values[name])
        # Django's own iterables run the query and build rows or records, from a compiler that
        # answers with the SQL compiled before and this run's parameters.
        compiler = shallow_copy(
            compiled.compiler,
            connection=connection,
            as_sql=lambda *args, **kwargs: (compiled.sql, params),
        )
        query = shallow_copy(compiled.queryset.query, get_compiler=lambda *args, **kwargs: compiler)
        return list(shallow_copy(compiled.queryset, _query=query, _result_cache=None))

    def prepare(self, values: dict) -> Compiled:
        """Compile the builder's queryset twice, with two sets of stand-ins for the values, and
        find each value's parameters: the ones that change with it, and only them."""
        first, second = stand_ins(values, 1), stand_ins(values, 2)
        queryset, compiler, sql, params = self.compile(first)
        *_, other_sql, other_params = self.compile(second)
        if queryset._prefetch_related_lookups:
            # Their querysets are built with the stand-ins, and run as they were built.
            raise ValueError(f"{self.build!r}: a prepared query cannot prefetch")
        if sql != other_sql or len(params) != len(other_params):
            raise ValueError(f"{self.build!r}: its SQL changes with its values")
        connection = connections[queryset.db]
        slots = []
        for index, (one, other) in enumerate(zip(params, other_params, strict=True)):
            names = [name for name in first if one == adapt(connection, first[name])]
            if one == other and not names:
                continue  # a constant of the query
            # A value the ORM passes on as given, and only it: not one it changed (escaped,
            # wrapped in %…%), nor a constant that happens to equal a stand-in.
            if len(names) != 1 or other != adapt(connection, second[names[0]]):
                raise ValueError(f"{self.build!r}: parameter {index} cannot be prepared")
            slots.append((index, names[0]))
        # The moment is only in queries that apply the visibility rule.
        missing = set(first) - {name for _index, name in slots} - {MOMENT}
        if missing:
            raise ValueError(f"{self.build!r}: its SQL ignores {', '.join(sorted(missing))}")
        # Without the compiling thread's connection, which each run replaces with its own.
        compiler = shallow_copy(compiler, connection=None)
        return Compiled(queryset, compiler, sql, tuple(params), tuple(slots))

    def compile(self, values: dict):
        with pinned_moment(values[MOMENT]):
            queryset = self.build(**{name: values[name] for name in values if name != MOMENT})
        compiler = queryset.query.get_compiler(queryset.db)
        try:
            sql, params = compiler.as_sql()
        except (EmptyResultSet, FullResultSet) as error:
            # A value outside a field's range, say: Django writes no SQL for it.
            raise ValueError(f"{self.build!r}: no SQL for stand-in values") from error
        return queryset, compiler, sql, params


def stand_ins(values: dict, number: int) -> dict:
    """Values of the same kinds as `values`, and the moment, unlike any other parameter of the
    query (`prepare` checks). The moment is in the year 1, so that a stand-in left in the SQL
    would hide every record rather than show them."""
    made = {MOMENT: datetime.datetime(1, 1, 1, 0, 0, number, tzinfo=datetime.UTC)}
    for order, (name, value) in enumerate(values.items(), 2):
        if name == MOMENT:
            raise TypeError(f"{MOMENT} is the visibility rule's, given on each run")
        if isinstance(value, bool) or value is None:
            raise TypeError(f"{name}: a prepared query's value cannot be {value!r}")
        if isinstance(value, int):
            # Within every integer field's range, PostgreSQL's smallint too: Django answers a
            # value outside it with "no rows" instead of SQL.
            made[name] = 30_000 + 10 * order + number
        elif isinstance(value, str):
            # With what LIKE escapes, so that a lookup which escapes it shows as changing it.
            made[name] = f"\x1f%_\\{name} {number}\x1f"
        elif isinstance(value, datetime.datetime):
            made[name] = made[MOMENT] + datetime.timedelta(days=order)
        else:
            raise TypeError(f"{name}: a prepared query takes numbers, text and times")
    return made


def shallow_copy(thing, **changes):
    """A copy of `thing` sharing its attributes' values, with `changes`: without calling its
    `__copy__` or `__getstate__` (a queryset's would run its query)."""
    made = object.__new__(type(thing))
    made.__dict__ = {**thing.__dict__, **changes}
    return made


def adapt(connection, value):
    """A value as the database driver is given it in a query's parameters."""
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            # Django would take it in the current time zone, with a warning; the driver as UTC.
            raise TypeError(f"{value}: a prepared query takes aware times only")
        return connection.ops.adapt_datetimefield_value(value)
    return value
