"""Requests no page can answer: a NUL character in the query string or a form field."""

from django.http import HttpResponseBadRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

NUL = "\x00"


class RefuseNulCharacters:
    """Answer a NUL in any query-string or form value (or name) with 400 Bad Request.

    No visitor types one, PostgreSQL refuses it in any text it is given, and Django's form
    fields reject it only where a form is used; this is the one place that catches it for the
    public pages, search and the admin alike, before any view reads the request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            return HttpResponseBadRequest(
                _("The request holds a NUL character, which no page accepts."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        parameters = [request.GET]
        if request.method == "POST":
            try:
                parameters.append(request.POST)
            except MultiPartParserError:
                return False  # left for the view, which answers a broken upload itself
        return any(
            NUL in name or any(NUL in value for value in values)
            for query in parameters
            for name, values in query.lists()
        )
