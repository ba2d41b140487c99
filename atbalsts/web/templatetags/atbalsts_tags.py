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
