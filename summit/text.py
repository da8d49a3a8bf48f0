"""Control characters: refused in what staff and the importer write, dropped from what we emit.

C0 control characters other than tab, line feed and carriage return are invisible, forbidden
in XML 1.0 (feeds, sitemaps, schedule exports) and in iCalendar text, and PostgreSQL refuses NUL.
Word pastes a vertical tab as a soft line break, which is how they reach text fields.
"""

import re

CONTROL_CHARACTERS = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]")


def find_control_character(text: str) -> str | None:
    """The first forbidden control character in `text`, as "U+000B", or None."""
    match = CONTROL_CHARACTERS.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


def without_control_characters(text: str) -> str:
    """`text` safe for XML and iCalendar: a vertical tab or form feed becomes a line break,
    any other control character is dropped."""
    return CONTROL_CHARACTERS.sub(lambda match: "\n" if match.group() in "\v\f" else "", text)
