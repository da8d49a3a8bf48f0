"""The Chinese interface catalogue is complete, and the committed .mo is compiled from the .po."""

import ast
import gettext
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"


def po_entries(path: Path) -> list[dict]:
    """Entries of a .po file as dicts of msgctxt / msgid / msgid_plural / msgstr / msgstr[0]."""
    entries, entry, key = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry:
                entries.append(entry)
            entry, key = {}, None
        elif line.startswith("#,"):
            entry["flags"] = line[2:]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _space, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return entries


def test_every_interface_string_has_a_chinese_translation():
    entries = [entry for entry in po_entries(CATALOGUE / "django.po") if entry["msgid"]]
    assert len(entries) > 300
    untranslated = [
        entry["msgid"] for entry in entries if not (entry.get("msgstr") or entry.get("msgstr[0]"))
    ]
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry.get("flags", "")]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_po_file():
    with open(CATALOGUE / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for entry in po_entries(CATALOGUE / "django.po"):
        if not entry["msgid"] or "msgid_plural" in entry:
            continue
        if "msgctxt" in entry:
            translated = catalogue.pgettext(entry["msgctxt"], entry["msgid"])
        else:
            translated = catalogue.gettext(entry["msgid"])
        assert translated == entry["msgstr"], f"run compilemessages: {entry['msgid']!r}"
