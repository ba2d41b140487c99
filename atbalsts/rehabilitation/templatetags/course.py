"""``{% load course %}{% course_status client %}``: the course's status line on every page of the case.

Shown only to the client's case team in the course's organisation; anyone else sees nothing.
"""

from __future__ import annotations

from django import template
from django.utils import timezone

from atbalsts.rehabilitation.access import current_course_of
from atbalsts.rehabilitation.ledger import course_status as status_of

register = template.Library()


@register.inclusion_tag("rehabilitation/_course_status.html", takes_context=True)
def course_status(context, client):
    request = context.get("request")
    actor = getattr(request, "actor", None)
    course = current_course_of(actor, client) if client is not None else None
    if course is None:
        return {"status": None}
    return {"status": status_of(course, timezone.localdate()), "client": client}
