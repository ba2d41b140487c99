"""The only way to read courses, their services and after-care.

- The provider's case team (``people.access.clients_visible_to``, in the course's organisation)
  reads everything.
- Another organisation reads only what an active consent names, through
  ``people.consent``: "course" (status and dates) or "services" (counts and hours by kind, no
  notes, no receipts). Each showing is a disclosure in the audit trail citing the consent.

Anything missing or not the actor's is a 404; every read, list and refusal is recorded.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from atbalsts.accounts.actor import Actor
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.people.access import clients_visible_to
from atbalsts.people.consent import active_consent, record_disclosure
from atbalsts.people.models import Client, Consent, ConsentCategory
from atbalsts.policy.rules import ruleset_on

from .models import AftercareEntry, Course, ProceedingsSupport, ServiceEntry

P = Purpose.REHABILITATION


def _deny(actor: Actor | None, object_type: str, ref: str, purpose: str = P) -> None:
    if actor is not None:
        record(actor, Action.DENIED, object_type=object_type, object_ref=str(ref)[:80], purpose=purpose)
    raise Http404


def courses_visible_to(actor: Actor | None) -> QuerySet[Course]:
    """Courses of the actor's organisation whose client's case team includes the actor."""
    if actor is None or not actor.may_open_personal_data:
        return Course.objects.none()
    return Course.objects.filter(organisation=actor.organisation,
                                 client__in=clients_visible_to(actor)).select_related("client", "organisation")


def current_course_of(actor: Actor | None, client: Client) -> Course | None:
    """The client's latest course if the actor is on its team (for the status line; not recorded:
    the page that shows it has recorded its own read of the client)."""
    return courses_visible_to(actor).filter(client=client).order_by("-start", "-pk").first()


def get_course(actor: Actor | None, case_number: str) -> Course:
    """The client's latest course, for the case team."""
    course = courses_visible_to(actor).filter(client__case_number=case_number).order_by("-start", "-pk").first()
    if course is None:
        _deny(actor, "rehabilitation_course", case_number)
    record(actor, Action.READ, object_type="rehabilitation_course", object_ref=course.reference, purpose=P)
    return course


def list_services(actor: Actor, course: Course) -> list[ServiceEntry]:
    rows = list(course.entries.select_related("recorded_by").order_by("-on", "-pk"))
    if rows:
        record(actor, Action.LIST, object_type="course_service", object_ref=course.reference, purpose=P,
               detail={"count": len(rows)})
    return rows


def list_aftercare(actor: Actor, course: Course) -> list[AftercareEntry]:
    rows = list(course.aftercare.select_related("family_member", "recorded_by").order_by("-on", "-pk"))
    if rows:
        record(actor, Action.LIST, object_type="aftercare_entry", object_ref=course.reference, purpose=P,
               detail={"count": len(rows)})
    return rows


def proceedings_support_of(course: Course) -> ProceedingsSupport | None:
    return ProceedingsSupport.objects.filter(course=course).first()


def get_receipt(actor: Actor | None, case_number: str, pk: int) -> ServiceEntry:
    row = (ServiceEntry.objects.filter(pk=pk, course__in=courses_visible_to(actor),
                                       course__client__case_number=case_number, receipt_size__gt=0)
           .select_related("course__client").first())
    if row is None:
        _deny(actor, "course_service_receipt", f"{case_number}/S{pk}")
    record(actor, Action.EXPORT, object_type="course_service_receipt", object_ref=str(row), purpose=P,
           detail={"sha256": row.receipt_sha256})
    return row


def get_proceedings_document(actor: Actor | None, case_number: str) -> ProceedingsSupport:
    support = (ProceedingsSupport.objects.filter(course__in=courses_visible_to(actor),
                                                 course__client__case_number=case_number, document_size__gt=0)
               .order_by("-course__start").select_related("course__client").first())
    if support is None:
        _deny(actor, "proceedings_document", case_number)
    record(actor, Action.EXPORT, object_type="proceedings_document", object_ref=str(support), purpose=P,
           detail={"sha256": support.document_sha256})
    return support


# --- sharing under consent -----------------------------------------------------------------------


def _shared_client(actor: Actor | None, case_number: str) -> Client | None:
    """The client, if the actor acts for another organisation and may open personal data at all."""
    if actor is None or not actor.may_open_personal_data:
        return None
    client = Client.objects.filter(case_number=case_number).first()
    if client is None or client.organisation_id == actor.organisation.pk:
        return None
    return client


def _latest_course(client: Client) -> Course | None:
    return Course.objects.filter(client=client).order_by("-start", "-pk").first()


@dataclass(frozen=True)
class Shared:
    """What one organisation may see of a client's course today, and the consents it rests on."""

    client: Client
    course: Course
    course_consent: Consent | None
    services_consent: Consent | None


def _consents(actor: Actor | None, case_number: str, today: datetime.date | None) -> Shared | None:
    client = _shared_client(actor, case_number)
    course = _latest_course(client) if client is not None else None
    if course is None:
        return None
    on = today or timezone.localdate()
    return Shared(client=client, course=course,
                  course_consent=active_consent(client, actor.organisation, ConsentCategory.COURSE, on=on),
                  services_consent=active_consent(client, actor.organisation, ConsentCategory.SERVICES, on=on))


def course_status_shared(actor: Actor | None, case_number: str, today: datetime.date | None = None) -> Course:
    """The course (status and dates only) for an organisation named in an active "course" consent."""
    shared = _consents(actor, case_number, today)
    if shared is None or shared.course_consent is None:
        _deny(actor, "rehabilitation_course", case_number, Purpose.COOPERATION)
    record_disclosure(actor, shared.client, ConsentCategory.COURSE, shared.course_consent,
                      what="course_status")
    return shared.course


def service_summary_shared(actor: Actor | None, case_number: str, today: datetime.date | None = None) -> Course:
    """The course whose services' summary (counts and hours by kind) an active "services" consent
    lets the actor's organisation see. The caller shows the summary only."""
    shared = _consents(actor, case_number, today)
    if shared is None or shared.services_consent is None:
        _deny(actor, "course_services", case_number, Purpose.COOPERATION)
    record_disclosure(actor, shared.client, ConsentCategory.SERVICES, shared.services_consent,
                      what="service_summary")
    return shared.course


def shared_view(actor: Actor | None, case_number: str, today: datetime.date | None = None) -> Shared:
    """Both categories as far as consented (404 when neither is); each shown one is disclosed."""
    shared = _consents(actor, case_number, today)
    if shared is None or (shared.course_consent is None and shared.services_consent is None):
        _deny(actor, "rehabilitation_course", case_number, Purpose.COOPERATION)
    if shared.course_consent is not None:
        record_disclosure(actor, shared.client, ConsentCategory.COURSE, shared.course_consent,
                          what="course_status")
    if shared.services_consent is not None:
        record_disclosure(actor, shared.client, ConsentCategory.SERVICES, shared.services_consent,
                          what="service_summary")
    return shared


# --- the start page ------------------------------------------------------------------------


@dataclass(frozen=True)
class EndingCourse:
    case_number: str
    reference: str
    end: datetime.date
    days_left: int


def courses_ending(actor: Actor | None, today: datetime.date, within: int,
                   limit: int = 10) -> tuple[list[EndingCourse], int, int]:
    """The actor's team's courses running today whose last day (the rule set's course length,
    as the status line counts it) is within ``within`` days: the soonest ``limit``, how many,
    and how many courses are running at all. The case numbers shown are recorded."""
    length = ruleset_on(today).course_max_days
    # A course that started on ``first_running`` ends today; later starts end later.
    first_running = today - datetime.timedelta(days=length - 1)
    running = courses_visible_to(actor).filter(actual_end__isnull=True, start__lte=today,
                                               start__gte=first_running)
    ending = running.filter(start__lte=first_running + datetime.timedelta(days=within))
    rows = []
    for course in ending.order_by("start", "pk")[:limit]:
        end = course.start + datetime.timedelta(days=length - 1)
        rows.append(EndingCourse(case_number=course.client.case_number, reference=course.reference, end=end,
                                 days_left=(end - today).days))
    if rows:
        record(actor, Action.LIST, object_type="rehabilitation_course", purpose=P,
               detail={"refs": [r.reference for r in rows], "start_page": True})
    return rows, ending.count(), running.count()
