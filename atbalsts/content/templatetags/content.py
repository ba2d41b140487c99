"""Template helpers for the content pages and for the portal's navigation."""

from django import template
from wagtail.models import Site

register = template.Library()


@register.filter
def content_ancestors(page):
    """The page's ancestors from the content root down (not Wagtail's invisible root)."""
    return [p.specific for p in page.get_ancestors().filter(depth__gt=1)]


@register.simple_tag(takes_context=True)
def content_root(context):
    """The content root in the current language, or None (a fresh database without content)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return None
    root = site.root_page.localized
    return root if root.live else None


@register.simple_tag(takes_context=True)
def content_menu(context):
    """The live pages directly under the content root in the current language."""
    root = content_root(context)
    if root is None:
        return []
    return list(root.get_children().live().public().specific())

