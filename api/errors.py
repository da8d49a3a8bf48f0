"""Every error the API answers has one shape: `{"detail": …}`, plus `"errors"` by parameter
for a request whose parameters are invalid (400)."""

from django.utils.translation import gettext as _
from rest_framework import views
from rest_framework.exceptions import ValidationError


def exception_handler(exc, context):
    """Django REST framework's handler (status, Retry-After on 429, Allow on 405), with a
    400's messages gathered under `errors` beside a `detail` saying what went wrong."""
    response = views.exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        details = response.data if isinstance(response.data, dict) else {"": response.data}
        response.data = {
            "detail": _("Some parameters of the request are not valid: see errors."),
            "errors": {
                name: [str(message) for message in messages]
                if isinstance(messages, list)
                else [str(messages)]
                for name, messages in details.items()
            },
        }
    return response
