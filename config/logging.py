"""Log records as one JSON object per line, for DJANGO_LOG_FORMAT=json.

Log collectors that gather the output of several servers read each line as one record with its
fields, instead of guessing where a multi-line traceback ends. Every object has `time` (UTC,
ISO 8601), `level`, `logger` and `message`; a record about a request adds its `method`, `path`
and `status` (Django's `django.request` and `django.security.*`, gunicorn's access log, which
adds `duration_ms`), and one with an exception adds `exception`, its traceback as text.
"""

import datetime
import json
import logging
from collections.abc import Mapping


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line (newlines inside values are escaped)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.timezone.utc)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **request_fields(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # ASCII only: a line stays valid whatever encoding the log stream was opened with.
        return json.dumps(entry, default=str)


def request_fields(record: logging.LogRecord) -> dict:
    """The method, path and status of the request a record is about, as far as it says."""
    if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
        # gunicorn logs each request with its "atoms" as the format's arguments.
        atoms = record.args
        status = str(atoms.get("s", ""))
        return {
            "method": atoms.get("m"),
            "path": atoms.get("U"),
            "status": int(status) if status.isdigit() else status,
            "duration_ms": atoms.get("M"),
        }
    fields = {}
    # Django passes the request (django.request, django.security.*) and the status it answered.
    request = getattr(record, "request", None)
    method = getattr(request, "method", None)
    if isinstance(method, str):
        fields["method"] = method
        fields["path"] = getattr(request, "path", None)
    status = getattr(record, "status_code", None)
    if status is not None:
        fields["status"] = status
    return fields
