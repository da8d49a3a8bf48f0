"""{% other_name record %}: a record's name in the other language, where it helps a reader.

An English page shows 田志刚 beside "Tian Zhigang"; a Chinese page shows "Institut Pasteur"
beside 巴斯德研究所. Nothing is shown when both languages say the same.
"""

from django import template
from django.utils.html import format_html

from summit.translation import other_language_values

register = template.Library()

HTML_LANG = {"zh-hans": "zh-Hans", "en": "en"}


@register.simple_tag
def other_name(record, field: str = "name") -> str:
    others = other_language_values(record, field)
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
