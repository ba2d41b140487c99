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
