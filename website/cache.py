"""Public pages served from a cache until the content changes, and 304s without rendering.

Every public page is the same for every anonymous visitor, so `PageCacheMiddleware` keeps the
whole response under its full address (scheme, host, path with its language prefix, query
string), the *content version* and the `release` (a digest of the code and templates, so that
a deploy never serves the previous release's pages), and answers a visitor who already has it
with 304 Not Modified before any view runs. Which pages are public is one rule,
`is_public_path`: every view of the site's own apps (`PUBLIC_APPS`), plus the sitemap and
robots.txt; never the admin.

The content version is a random token, the time it was made and the time it expires. It
changes:

- at every change to content: a save, a delete or a many-to-many change of any content record
  (from the admin, an importer or a shell) calls `content_changed`, and so must code that
  writes behind the ORM's back (`queryset.update()`, raw SQL, a restored backup). A
  `bulk_create` in the same transaction as a save, as the schedule importer's citations are,
  is covered by the version that save's commit makes;
- when it expires: at the next publish time of a published record scheduled for later (found
  with one query when a change is committed), so a record scheduled for 10:00 appears at
  10:00; at the next midnight, when upcoming events become past ones; and at the latest
  `PAGE_CACHE_SECONDS` after it was made, which bounds what a change that bypasses the ORM can
  leave stale. At midnight or of age the next version needs no query: the schedule is the
  one the expired version knew.

Every process must read the same version, or a change made in one would not reach the others.
With a shared cache (Redis, when `REDIS_URL` is set) the version is kept in it beside the
pages. With the local-memory default, pages stay in each worker's memory and the version in a
small file beside the SQLite database, which every worker and every `manage.py` command reads:
measured in benchmarks/cache_backends.py, that answers a cached page several times faster than
sharing the pages in the file-based or the database cache, and with no query. (An in-memory
database, as in the tests, is one process's alone: so is its version.)

A change inside a transaction is invisible to other connections until the commit, when the
new version is made and shared (once per transaction). Until then, the connection that made the
change uses a version of its own (one per savepoint that changed content, dropped with it when
it is rolled back), so pages it renders in the transaction are never confused with what others
see; other processes go on serving the cached pages of the content that is still committed,
instead of rendering afresh for every record an import writes.
"""

import hashlib
import os
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache, partial
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re, patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from summit.editors import CONTENT_APPS
from summit.models.base import PublishableModel, Status

VERSION_KEY = "website:content-version"
# The apps whose every view is a public page (or feed, calendar, export, or the JSON API, whose
# responses are the same for everyone and carry both languages); the admin is not one.
PUBLIC_APPS = frozenset({"website", "summit", "parks", "schedules", "api"})
# Public views outside the language prefixes, whose content is the same in every language.
PUBLIC_LANGUAGE_NEUTRAL_VIEWS = frozenset({"sitemap", "robots_txt"})
# Headers a stored page may vary on: the session cookie decides whether the cache is used at
# all, and the language is in the address (or, for the views above, does not matter).
HARMLESS_VARY = frozenset({"cookie", "accept-language"})
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ContentVersion:
    """One state of the public content: pages, ETags and Last-Modified dates follow it.

    `scheduled` is the earliest publish time after `made` of a published record (None when
    no record is scheduled); `expires` is that time, the next midnight or `PAGE_CACHE_SECONDS`
    after `made`, whichever comes first.
    """

    token: str
    made: datetime
    expires: datetime
    scheduled: datetime | None

    @classmethod
    def make(cls, now: datetime, scheduled: datetime | None) -> "ContentVersion":
        tomorrow = timezone.localtime(now).date() + timedelta(days=1)
        midnight = timezone.make_aware(datetime.combine(tomorrow, time()))
        expires = min(midnight, now + timedelta(seconds=settings.PAGE_CACHE_SECONDS))
        if scheduled is not None:
            expires = min(expires, scheduled)
        return cls(uuid.uuid4().hex, now, expires, scheduled)

    def __str__(self) -> str:
        scheduled = _microseconds(self.scheduled) if self.scheduled else "-"
        return f"{self.token} {_microseconds(self.made)} {_microseconds(self.expires)} {scheduled}"

    @staticmethod
    @lru_cache(maxsize=16)
    def parse(text: str | None) -> "ContentVersion | None":
        try:
            token, made, expires, scheduled = text.split()
            return ContentVersion(
                token,
                _moment(int(made)),
                _moment(int(expires)),
                None if scheduled == "-" else _moment(int(scheduled)),
            )
        except (AttributeError, ValueError):
            return None  # none yet, or unreadable: a new one is made

    def last_modified(self, now: datetime) -> int | None:
        """The version's time in whole seconds (HTTP dates have no fractions), once that second
        is over: a version made later in the same second would have the same date, and an
        If-Modified-Since with it would wrongly match. Until then, only the ETag validates."""
        second = int(self.made.timestamp())
        return second if int(now.timestamp()) > second else None


def _microseconds(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(microseconds=1)


def _moment(microseconds: int) -> datetime:
    return EPOCH + timedelta(microseconds=microseconds)


# Where the version is kept ------------------------------------------------------------------


class CacheVersionStore:
    """The version in the default cache, when that cache is shared by every process (Redis)."""

    def read(self) -> str | None:
        return cache.get(VERSION_KEY)

    def write(self, text: str) -> None:
        cache.set(VERSION_KEY, text, timeout=None)


class FileVersionStore:
    """The version in a small file: read on every request (a few microseconds), replaced whole
    on every change, so a reader sees the old version or the new one, never half of either."""

    def __init__(self, path: Path):
        self.path = path

    def read(self) -> str | None:
        try:
            descriptor = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return None
        try:
            return os.read(descriptor, 256).decode("ascii", "replace")
        finally:
            os.close(descriptor)

    def write(self, text: str) -> None:
        partial_file = self.path.with_name(
            f".{self.path.name}.{os.getpid()}.{threading.get_ident()}"
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial_file.write_text(text, encoding="ascii")
        os.replace(partial_file, self.path)


class MemoryVersionStore:
    """The version of a database only this process can open (SQLite in memory, in tests)."""

    text: str | None = None

    def read(self) -> str | None:
        return self.text

    def write(self, text: str) -> None:
        self.text = text


_stores: dict[tuple, object] = {}


def version_store():
    """Where every process that serves or changes this database's content reads the version."""
    default_cache = caches["default"]
    database = connections[DEFAULT_DB_ALIAS]
    where = (type(default_cache), database.vendor, database.settings_dict["NAME"])
    store = _stores.get(where)
    if store is None:
        store = _stores[where] = _store_for(default_cache, database)
    return store


def _store_for(default_cache, database):
    if not isinstance(default_cache, LocMemCache | DummyCache):
        return CacheVersionStore()
    name = database.settings_dict["NAME"]
    if database.vendor == "sqlite":
        if database.is_in_memory_db():
            return MemoryVersionStore()
        # Beside the database file, like SQLite's own -wal and -shm files.
        return FileVersionStore(Path(f"{name}-content-version"))
    # A server database without a shared cache: a file every process on this host reads. More
    # than one server needs REDIS_URL (the README says so).
    settings_dict = database.settings_dict
    identity = f"{database.vendor}:{settings_dict['HOST']}:{settings_dict['PORT']}:{name}"
    digest = hashlib.blake2b(identity.encode(), digest_size=8).hexdigest()
    return FileVersionStore(Path(settings.BASE_DIR) / "var" / f"content-version-{digest}")


# Making and reading versions ----------------------------------------------------------------


def current_version() -> ContentVersion:
    """The version pages are served under now."""
    now = timezone.now()
    version = shared_version(now)
    changes = _uncommitted_changes()
    if not changes:
        return version
    own = changes[-1].version
    if own.expires <= now:
        # Due: look again, on this connection, which sees the transaction's own records.
        own = changes[-1].version = ContentVersion.make(now, next_publish_time(now))
    return ContentVersion(
        f"{version.token}-{own.token}",
        max(version.made, own.made),
        min(version.expires, own.expires),
        None,
    )


def shared_version(now: datetime) -> ContentVersion:
    """The version every process uses; its successor once it expired."""
    store = version_store()
    version = ContentVersion.parse(store.read())
    if version is None or version.expires <= now:
        if version is not None and (version.scheduled is None or version.scheduled > now):
            # Expired at midnight or of age, with no record due: the schedule is the same,
            # since any change to content would have made a new version.
            version = ContentVersion.make(now, version.scheduled)
        else:
            version = ContentVersion.make(now, next_publish_time(now))
        store.write(str(version))
    return version


def next_publish_time(after: datetime) -> datetime | None:
    """The earliest publish time after `after` of any published record, in one query."""
    times = [
        model._base_manager.filter(status=Status.PUBLISHED, publish_at__gt=after)
        .order_by()
        .values_list("publish_at", flat=True)
        for model in apps.get_models()
        if issubclass(model, PublishableModel)
    ]
    first = times[0].union(*times[1:], all=True).order_by("publish_at")[:1]
    return next(iter(first), None)


def content_changed(publish_at: datetime | None = None) -> None:
    """Public content changed: pages rendered before are not served again.

    `publish_at` is the publish time of a published record that changed, which may be earlier
    than the current version expires. Called for every save, delete and many-to-many change
    of a content record; code that writes behind the ORM's back (`bulk_create`, `update`, raw
    SQL, a restored backup) calls it itself.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _share_new_version()
        return
    now = timezone.now()
    due = publish_at if publish_at and publish_at > now else None
    changes = _uncommitted_changes()
    earlier = changes[-1].version.scheduled if changes else None
    if earlier and (due is None or earlier < due):
        due = earlier
    level = tuple(connection.savepoint_ids)
    if changes and changes[-1].level == level:
        changes[-1].version = ContentVersion.make(now, due)
        return
    if changes:
        commit = changes[0].commit
    else:
        # The first change of this transaction. The version every process uses is made when
        # it is committed and visible to them.
        commit = _Commit()
        # Renewed now if it expired, while a query is expected, rather than on a page view.
        shared_version(now)
    # One callback per savepoint that changed content: rolling the savepoint back drops it, and
    # with it the version this connection used meanwhile (its pages show what was undone).
    callback = partial(commit.share_new_version)
    transaction.on_commit(callback)
    changes.append(_Change(ContentVersion.make(now, due), level, callback, commit))


class _Commit:
    """What a transaction's commit does once, however many savepoints changed content."""

    done = False

    def share_new_version(self) -> None:
        if not self.done:
            self.done = True
            _share_new_version()


@dataclass
class _Change:
    """The version this connection uses after changes at one savepoint level."""

    version: ContentVersion
    level: tuple[str, ...]
    callback: partial
    commit: _Commit


def _share_new_version() -> None:
    now = timezone.now()
    store = version_store()
    scheduled = next_publish_time(now)
    # A version another process made meanwhile may know of a record this query did not see.
    stored = ContentVersion.parse(store.read())
    if stored and stored.scheduled and now < stored.scheduled:
        scheduled = min(scheduled, stored.scheduled) if scheduled else stored.scheduled
    store.write(str(ContentVersion.make(now, scheduled)))


_local = threading.local()


def _uncommitted_changes() -> list[_Change]:
    """This connection's versions while its transaction holds uncommitted changes, innermost
    savepoint last; those of a rolled-back savepoint, or a finished transaction, are gone."""
    connection = connections[DEFAULT_DB_ALIAS]
    changes = getattr(_local, "changes", None)
    if changes is None or not connection.in_atomic_block:
        changes = _local.changes = []
    # Newest callbacks last: the innermost one is usually found at once.
    while changes and not any(
        entry[1] is changes[-1].callback for entry in reversed(connection.run_on_commit)
    ):
        changes.pop()
    return changes


def _saved(sender, instance, **kwargs) -> None:
    published = getattr(instance, "status", None) == Status.PUBLISHED
    content_changed(publish_at=getattr(instance, "publish_at", None) if published else None)


def _changed(sender, **kwargs) -> None:
    content_changed()


def connect_signals() -> None:
    # A change to any row of the content apps (taggit's too: topics on records) is a change of
    # what the public may see.
    for label in (*CONTENT_APPS, "taggit"):
        for model in apps.get_app_config(label).get_models():
            uid = f"website.cache:{model._meta.label}"
            post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}:save")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}:delete")
    # Many-to-many changes (speakers of a talk, countries of an event) send from the through
    # model; any sender is content, as the site has no other many-to-many fields.
    m2m_changed.connect(_changed, dispatch_uid="website.cache:m2m")


# What shapes a page besides content ---------------------------------------------------------

RELEASE_FILES = frozenset({".py", ".html", ".txt", ".xml", ".mo", ".json", ".lock"})


@lru_cache(maxsize=1)
def release() -> str:
    """A digest of what shapes a page besides its content: the project's code, templates and
    translations, the locked dependencies and the static files' manifest.

    The same on every server of one release, and new after a deploy that changes any of them:
    neither the shared cache (Redis outlives a deploy) nor a browser's ETag then gives a page
    of the release before, linking static files that may be gone.
    """
    base = Path(settings.BASE_DIR)
    roots = [Path(app.path) for app in apps.get_app_configs() if Path(app.path).parent == base]
    roots += [base / "config", base / "templates", base / "locale", base / "uv.lock"]
    roots.append(Path(settings.STATIC_ROOT) / "staticfiles.json")
    return digest_of(roots)


def digest_of(roots: list[Path]) -> str:
    """A short digest of the names and contents of the files at `roots` (files or folders)
    that shape pages (`RELEASE_FILES`)."""
    digest = hashlib.blake2b(digest_size=6)
    for root in roots:
        for path in sorted(root.rglob("*")) if root.is_dir() else [root]:
            if path.suffix in RELEASE_FILES and path.is_file():
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def etag(version: ContentVersion) -> str:
    return f'W/"{release()}.{version.token}"'


# Serving pages ------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def is_public_path(path: str) -> bool:
    """Whether the view at `path` is a public page: one of `PUBLIC_APPS`' or the sitemap's.

    Resolved in the language of the path's prefix, as LocaleMiddleware (which has not run yet
    when the cache answers) will activate it.
    """
    with translation.override(translation.get_language_from_path(path)):
        try:
            match = resolve(path)
        except Resolver404:
            return False
    if match.app_names:
        return match.app_names[0] in PUBLIC_APPS
    return match.url_name in PUBLIC_LANGUAGE_NEUTRAL_VIEWS


def page_key(request, version: ContentVersion) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"website:page:{release()}.{version.token}:{digest}"


def storable(request, response) -> bool:
    """Whether `response` is the same for every anonymous visitor: a complete 200 that sets
    no cookie, holds no form token and does not say it is private or varies otherwise."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a form token, bound to the visitor's own cookie
    directives = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if directives & {"private", "no-store", "no-cache"}:
        return False
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part}
    return vary <= HARMLESS_VARY


class PageCacheMiddleware:
    """Answer anonymous visitors' requests for public pages from the cache, or with 304.

    Placed before the session, locale, CSRF and authentication middleware, so that a cached
    page costs none of their work: it stores the response they made, their headers included.
    A request carrying a session cookie (staff, who may see previews) is never answered from
    the cache; a signed-in user's response says `private, no-store`. With DEBUG on, nothing is
    cached: a template being edited shows at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG or not self._anonymous_public_read(request):
            return self._private_when_signed_in(request, self.get_response(request))
        version = current_version()
        now = timezone.now()
        if self._client_has(request, version, now):
            return self._with_validators(HttpResponseNotModified(), version, now)
        key = page_key(request, version)
        response = cache.get(key)
        if response is None:
            response = self.get_response(request)
            if not storable(request, response):
                return response
            patch_vary_headers(response, ("Cookie",))
            # One piece, not the many a feed writes: each would be a write to the socket.
            response.content = response.content
            if request.method == "GET":  # a HEAD response may lack its body
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return self._with_validators(response, version, now)

    @staticmethod
    def _anonymous_public_read(request) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and is_public_path(request.path_info)
        )

    @staticmethod
    def _client_has(request, version: ContentVersion, now: datetime) -> bool:
        """Whether the visitor's copy is of the current version (If-None-Match, or else
        If-Modified-Since, as RFC 9110 orders them). A "*" is left to the page: only it knows
        whether it exists."""
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if if_none_match:
            token = etag(version).removeprefix("W/")
            return any(tag.removeprefix("W/") == token for tag in parse_etags(if_none_match))
        since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE") or "")
        modified = version.last_modified(now)
        return since is not None and modified is not None and modified <= since

    @staticmethod
    def _with_validators(response, version: ContentVersion, now: datetime):
        response["ETag"] = etag(version)
        modified = version.last_modified(now)
        if modified is None:
            del response["Last-Modified"]
        else:
            response["Last-Modified"] = http_date(modified)
        # Never kept by a browser or proxy past the moment the version expires (a scheduled
        # record's publish time).
        seconds = int((version.expires - now).total_seconds())
        response["Cache-Control"] = (
            f"public, max-age={max(0, min(settings.PUBLIC_CACHE_SECONDS, seconds))}"
        )
        patch_vary_headers(response, ("Cookie",))
        return response

    @staticmethod
    def _private_when_signed_in(request, response):
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "private, no-store"
        return response
