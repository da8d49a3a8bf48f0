"""Numbers in a page's text: `{{ value|number }}` as the page's language writes it (see
summit.numbers), and `{% session_talks session talks %}`, how many talks a session has."""

from django import template
from django.utils.translation import gettext, ngettext

from summit.models import Session
from summit.numbers import format_number

register = template.Library()


@register.filter
def number(value) -> str:
    """400000 → "400,000" on English pages, "40万" on Chinese ones; empty stays empty."""
    if value is None or value == "":
        return ""
    return format_number(value)


def _talks(kind: str, count: int) -> str:
    """ "8 plenary reports", "8场大会报告": a number of talks, named after the session's kind."""
    if kind == Session.Kind.PLENARY:
        text = ngettext("%(count)s plenary report", "%(count)s plenary reports", count)
    elif kind == Session.Kind.KEYNOTE:
        text = ngettext("%(count)s keynote", "%(count)s keynotes", count)
    else:
        text = ngettext("%(count)s talk", "%(count)s talks", count)
    return text % {"count": format_number(count)}


@register.simple_tag
def session_talks(session, talks) -> str:
    """What a session's talks are known to be, never more than the sources say.

    "8 plenary reports; their titles are not published" when the programme announces talks
    none of which is listed, "3 of 33 talks listed" when some are, "5 talks" otherwise.
    """
    listed = len(talks)
    planned = session.planned_talk_count or 0
    if planned > listed:
        if not listed:
            return ngettext(
                "%(talks)s; its title is not published",
                "%(talks)s; their titles are not published",
                planned,
            ) % {"talks": _talks(session.kind, planned)}
        return gettext("%(listed)s of %(talks)s listed") % {
            "listed": format_number(listed),
            "talks": _talks(session.kind, planned),
        }
    return _talks(session.kind, listed) if listed else ""
