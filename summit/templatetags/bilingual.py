"""{% other_name record %}: a record's name in the other language, where it helps a reader.

An English page shows 田志刚 beside "Tian Zhigang"; a Chinese page shows "Institut Pasteur"
beside 巴斯德研究所. Nothing is shown when both languages say the same.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language_info

from summit.translation import other_language_values

register = template.Library()

HTML_LANG = {"zh-hans": "zh-Hans", "en": "en"}
# Codes schedules use for a talk's language that Django names under another code.
TALK_LANGUAGES = {"zh": "zh-hans", "zh-cn": "zh-hans"}


@register.simple_tag
def other_name(record, field: str = "name") -> str:
    return other_name_of(other_language_values(record, field))


@register.simple_tag
def other_name_of(others: list[tuple[str, str]]) -> str:
    """The same, from (language code, value) pairs worked out already (`PersonLine`)."""
    if not others:
        return ""
    code, value = others[0]
    return format_html(
        '<span class="other-name" lang="{}">{}</span>', HTML_LANG.get(code, code), value
    )


@register.filter
def html_lang(code: str) -> str:
    """The BCP 47 tag for a Django language code: zh-hans → zh-Hans."""
    return HTML_LANG.get(code, code)


@register.filter
def language_name(code: str) -> str:
    """A language code as a reader says it, in the page's language ("en" → "English" / "英语");
    a code Django does not know is shown as it is."""
    code = code.strip().lower()
    try:
        return str(get_language_info(TALK_LANGUAGES.get(code, code))["name_translated"])
    except KeyError:
        return code
