"""A limit on the size of uploaded files, enforced while the request is read, before the files
are stored.

A view declares its limit with :func:`upload_limit`. :class:`UploadLimitHandler`, first in
``FILE_UPLOAD_HANDLERS``, counts each file's bytes as they arrive and skips the file (the rest
of it is read and dropped) as soon as it passes the limit, so the handlers after it never keep
more than the limit in memory or in a temporary file. The view finds the names of the skipped
fields in ``request.uploads_over_limit`` and answers with a form error.

Django's documentation inserts such a handler in the view itself (wrapped in ``csrf_exempt``
and ``csrf_protect``, as the CSRF check reads the form). Here a middleware
(``website.middleware.RefuseNulCharacters``) reads every posted form before any view runs, so
the handler is installed for every request and finds its view's limit by resolving the path.
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.urls import Resolver404, resolve
from django.utils import translation


def upload_limit(size: int):
    """Decorate a view: files larger than `size` bytes posted to it are skipped unread."""

    def decorate(view):
        view.upload_limit = size
        return view

    return decorate


class UploadLimitHandler(FileUploadHandler):
    """Skips a file, before it is stored, once it passes its view's :func:`upload_limit`."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = _view_limit(request) if request is not None else None
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.limit is not None and self.received > self.limit:
            if not hasattr(self.request, "uploads_over_limit"):
                self.request.uploads_over_limit = set()
            self.request.uploads_over_limit.add(self.field_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the handlers after this one store the file


def _view_limit(request) -> int | None:
    # Before LocaleMiddleware: the language prefix of the path must be active to resolve it.
    language = translation.get_language_from_path(request.path_info)
    with translation.override(language):
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None
    return getattr(match.func, "upload_limit", None)
