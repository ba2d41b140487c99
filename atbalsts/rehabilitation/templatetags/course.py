"""``{% load course %}{% course_status client %}``: the course's status line on every page of the case.

Shown only to the client's case team in the course's organisation; anyone else sees nothing.

The line is worked out once per client object and request: a page that shows it twice (the
case's header and the plan's navigation) asks once. When the view has already opened the client
for this actor (``people.access`` checked the case team and the organisation and marked the
object), the course is read by the client's id alone, without checking the team again and without
loading and decrypting the client a second time (issue 14: this tag was a fifth of the client
page's time).
"""

from __future__ import annotations

from django import template
from django.utils import timezone

from atbalsts.lib.prepared import PreparedQuery
from atbalsts.rehabilitation.access import current_course_of
from atbalsts.rehabilitation.ledger import course_status as status_of
from atbalsts.rehabilitation.models import Course

register = template.Library()

_CACHE = "_course_status_line"


def _opened_by(actor, client) -> bool:
    """Did ``people.access`` open this very object for this actor, in their organisation?"""
    return (actor is not None and actor.may_open_personal_data
            and getattr(client, "_opened_by_user_id", None) == actor.user.pk
            and client.organisation_id == actor.organisation.pk)


# The client page's status line on every page view: compiled once per process (ADR 0024).
_LATEST_COURSE = PreparedQuery(
    lambda client_id, organisation_id: Course.objects.filter(client_id=client_id, organisation_id=organisation_id)
    .order_by("-start", "-pk")[:1],
    client_id=int, organisation_id=int)


def _current_course(actor, client) -> Course | None:
    if not _opened_by(actor, client):
        return current_course_of(actor, client)
    course = _LATEST_COURSE.first(client_id=client.pk, organisation_id=actor.organisation.pk)
    if course is not None:
        course.client = client
        course.organisation = actor.organisation
    return course


@register.inclusion_tag("rehabilitation/_course_status.html", takes_context=True)
def course_status(context, client):
    request = context.get("request")
    actor = getattr(request, "actor", None)
    if client is None:
        return {"status": None}
    key = (getattr(actor, "user", None) and actor.user.pk, timezone.localdate())
    cached = getattr(client, _CACHE, None)
    if cached is not None and cached[0] == key:
        return cached[1]
    course = _current_course(actor, client)
    line = {"status": None} if course is None else {"status": status_of(course, timezone.localdate()),
                                                   "client": client}
    setattr(client, _CACHE, (key, line))
    return line
