"""What the database already holds that a new annotation can name: people, organisations and
parks with their names in both languages, for the skeleton (``importer/skeleton.py``)."""

from __future__ import annotations

from django.conf import settings

from importer.annotations import valid_key
from importer.skeleton import KnownRecord
from parks.models import IndustryPark
from summit.models import Organisation, Person

# The kinds a skeleton proposes, their model, the naming fields, and what one record is called
# when its slug cannot serve as a key.
NAMED_KINDS = (
    ("people", Person, ("name",), "person"),
    ("organisations", Organisation, ("name", "short_name"), "organisation"),
    ("parks", IndustryPark, ("name", "short_name"), "park"),
)
_LANGUAGES = tuple(code.replace("-", "_") for code, _name in settings.LANGUAGES)


def known_records() -> list[KnownRecord]:
    """Every person, organisation and park, drafts included (only staff see a skeleton)."""
    known = []
    for kind, model, fields, singular in NAMED_KINDS:
        columns = [f"{name}_{language}" for name in fields for language in _LANGUAGES]
        rows = model._default_manager.order_by("pk").values("pk", "slug", "import_key", *columns)
        for row in rows:
            imported = bool(row["import_key"]) and row["import_key"].startswith(f"{kind}/")
            if imported:
                key = row["import_key"].split("/", 1)[1]
            elif valid_key(row["slug"], kind):
                key = row["slug"]
            else:
                key = f"{singular}-{row['pk']}"
            names = tuple(row[column] for column in columns if row[column])
            if names:
                known.append(KnownRecord(kind, key, row["slug"], names, imported))
    return known
