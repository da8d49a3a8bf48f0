"""What the admin's templates need to know about the article import page."""

from django import template

from importer.admin_views import can_import_articles

register = template.Library()


@register.simple_tag(takes_context=True)
def may_import_articles(context) -> bool:
    """Whether the user viewing the page may use Sources → Import an article."""
    return can_import_articles(context["request"].user)
