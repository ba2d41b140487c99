from django import template

from atbalsts.accounts.models import Role

register = template.Library()


@register.filter
def role_labels(codes: str) -> str:
    """'lawyer,social_worker' → 'Lawyer, Social worker' in the page's language."""
    labels = []
    for code in filter(None, (codes or "").split(",")):
        labels.append(str(Role(code).label) if code in Role.values else code)
    return ", ".join(labels)


@register.filter
def money(value) -> str:
    """57.6 → "57,60 €" on a Latvian page, "€57.60" on an English one."""
    from atbalsts.lib.numbers import money as as_money

    return as_money(value)


@register.filter
def quantity(value, places: int = 2) -> str:
    """Hours and the like with the page's decimal separator and a fixed number of places: "1,50"."""
    from atbalsts.lib.numbers import decimal

    return decimal(value, int(places))


@register.filter
def regulation(code: str, language: str = "") -> str:
    """A rule set's code ("MK344") → the regulation's name, in the given or the page's language."""
    from django.utils.translation import get_language

    from atbalsts.policy.rules import REGULATION_NAMES

    names = REGULATION_NAMES.get(code)
    if not names:
        return code
    return names[0] if (language or get_language() or "lv").startswith("lv") else names[1]


# The staff menu, rendered once per process for each language and kind of actor (ADR 0024).
_NAV: dict[tuple, str] = {}
_NAV_MAX = 1024


@register.simple_tag
def staff_nav(actor) -> str:
    """The signed-in staff's main menu. It shows nothing about a person: only links chosen by the
    page's language, the actor's organisation kind and roles. So it is rendered once per process
    for each such combination and then reused (outside DEBUG, where templates may change)."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.urls import get_script_prefix
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    organisation = getattr(actor, "organisation", None)
    key = (get_language(), get_script_prefix(), organisation is not None, getattr(organisation, "kind", None),
           frozenset(getattr(actor, "roles", ())))
    html = None if settings.DEBUG else _NAV.get(key)
    if html is None:
        html = render_to_string("web/_staff_nav.html", {"actor": actor})
        if not settings.DEBUG:
            if len(_NAV) >= _NAV_MAX:
                _NAV.clear()
            _NAV[key] = html
    return mark_safe(html)  # noqa: S308 - our own template's output, escaped when it was rendered
