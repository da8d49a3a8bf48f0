"""Numbers written the way a reader of the page's language writes them.

English groups thousands ("400,000"). Chinese counts in 万 (10⁴) and 亿 (10⁸): "40万", "1.2亿".
A figure the site shows must say what the source says, so a Chinese number switches to 万 or 亿
only when the short form is still the exact value with at most two decimals; any other number
keeps all its digits (Chinese groups no thousands). Every page and feed that shows a number as
text calls `format_number`; structured data keeps plain numeric values.
"""

from decimal import Decimal

from django.utils import formats, translation

CHINESE_UNITS = ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万"))
# "1.25万" reads naturally; "12.3456万" is harder to read than 123456.
MAX_CHINESE_DECIMALS = 2


def format_number(value: int | float | Decimal | str, language: str | None = None) -> str:
    """`value` as text in `language` (the active language by default), nothing rounded."""
    number = Decimal(str(value))
    # normalize() drops trailing zeros ("400000.00" → 4E+5); format "f" writes it out again.
    number = Decimal(f"{number.normalize():f}") if number else Decimal(0)
    language = language or translation.get_language() or ""
    if language.startswith("zh"):
        for size, unit in CHINESE_UNITS:
            if abs(number) >= size:
                scaled = (number / size).normalize()
                if -scaled.as_tuple().exponent <= MAX_CHINESE_DECIMALS:
                    return f"{scaled:f}{unit}"
                break
    with translation.override(language or None):
        return formats.number_format(number, use_l10n=True, force_grouping=True)
