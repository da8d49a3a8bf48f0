"""Fingerprints of the values an importer wrote: unchanged since, nobody edited the record.
Shared by the article importer and import_schedule."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import models


def plain(value: Any) -> Any:
    """A JSON-ready value that compares equal however the database hands it back."""
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return sorted(plain(item) for item in value)
    return value


def fingerprint(values: dict[str, Any]) -> str:
    """A hash of the values an importer writes: unchanged since, the record was not edited."""
    canonical = json.dumps(
        {name: plain(value) for name, value in values.items()}, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()
