"""Pages of a list: `{count, next, previous, results}`, `?page=` and `?page_size=` (capped)."""

import re

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


def _page_size_description() -> str:
    return gettext(
        "Results per page: %(default)s unless given, at most %(maximum)s (a larger size gives "
        "%(maximum)s)."
    ) % {"default": PAGE_SIZE, "maximum": MAX_PAGE_SIZE}


class PageNumberPagination(pagination.PageNumberPagination):
    """Numbered pages of `PAGE_SIZE` results, or `?page_size=` up to `MAX_PAGE_SIZE` (a larger
    size is served as the largest). A page or size that is not a whole number from 1 up is a
    400; a page past the last is a 404."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    last_page_strings = ()
    page_query_description = _("The page of results, from 1.")
    page_size_query_description = lazy(_page_size_description, str)()

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        return min(whole_number(self.page_size_query_param, raw), self.max_page_size)

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        return 1 if raw is None else whole_number(self.page_query_param, raw)

    # The list the OpenAPI document describes, set by `api.schema.PublicAutoSchema`: the page
    # addresses it shows as examples are of that list, not DRF's "api.example.org/accounts/".
    schema_path = "/api/v1/events/"

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        address = "https://example.org" + re.sub(r"\{\w+\}", "an-event", self.schema_path)
        links = described["properties"]
        links["next"] |= {
            "example": f"{address}?page=3",
            "description": _("The next page, with the same parameters; null on the last one."),
        }
        links["previous"] |= {
            "example": f"{address}?page=1",
            "description": _("The previous page; null on the first one."),
        }
        links["count"]["description"] = _("How many results there are on all pages.")
        return described

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters


# Larger numbers read as this one: a page past any last page, a size past the cap. (Python
# refuses to read integers of thousands of digits, and the database any above 2^63.)
HUGE = 10**18


def whole_number(name: str, raw: str) -> int:
    """`raw` as a whole number from 1, or a 400 naming the parameter."""
    digits = raw.lstrip("0")
    if raw.isascii() and raw.isdigit() and digits:
        return int(digits) if len(digits) < len(str(HUGE)) else HUGE
    raise ValidationError({name: [_("Enter a whole number from 1 up.")]})
