"""Public responses served from the cache until the content changes.

A view opts in with Django's own `cache_control(public=True)`; the
middleware stores such a response for anonymous visitors under a key naming the current
*content version*. Any change to content (a save, a delete, a tag or many-to-many change, from
the admin, the importer or a shell) sets a new version, so the next request builds afresh.

With Redis the version is shared by every worker and server, so a change shows at once
everywhere. With the local-memory cache each worker keeps its own: the worker that saved sees
the change at once, the others within `PUBLIC_CACHE_SECONDS` (a setting, 60), the longest a
cached response lives. That bound also brings out records scheduled for later ("publish at")
on time.
"""

import hashlib
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from summit.editors import CONTENT_APPS

VERSION_KEY = "website:content-version"


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def content_changed(**kwargs) -> None:
    """Start a new content version now, and again once the transaction commits: a request
    served in between may have cached what was there before the commit."""
    _new_version()
    transaction.on_commit(_new_version)


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def connect_signals() -> None:
    # A change to any row of the content apps (taggit's too: topics on records) is a change of
    # what the public may see.
    for label in (*CONTENT_APPS, "taggit"):
        for model in apps.get_app_config(label).get_models():
            uid = f"website.cache:{model._meta.label}"
            post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}:save")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}:delete")
    # Many-to-many changes (speakers of a talk, countries of an event) send from the through
    # model; any sender is content, as the site has no other many-to-many fields.
    m2m_changed.connect(content_changed, dispatch_uid="website.cache:m2m")


def cache_key(request) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"website:public:{content_version()}:{digest}"


class PublicCacheMiddleware:
    """Serve and store anonymous GET responses of views that say they are public."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "GET" or request.user.is_authenticated:
            return self.get_response(request)
        key = cache_key(request)
        response = cache.get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if self._storable(response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, response, settings.PUBLIC_CACHE_SECONDS)
        return response

    @staticmethod
    def _storable(response) -> bool:
        directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
        return (
            response.status_code == 200
            and "public" in directives
            and not response.cookies
            and not response.streaming
        )
