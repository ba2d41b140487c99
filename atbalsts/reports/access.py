"""The only way to read the funding report.

Who sees what (decided for this report; see README):
- the provider's **organisation administrator** sees every client of the organisation that had
  a course or after-care in the period: the report is the organisation's claim to SIVA and the
  administrator signs it. It shows case numbers and figures only, never a name, a note or a
  receipt, so it opens no personal data beyond what the administrator already manages;
- the provider's **casework staff** see only the clients on their case teams (the same scope as
  ``people.access.clients_visible_to``, through ``rehabilitation.access.courses_visible_to``);
- nobody else: any other organisation, or staff without a second factor, get a 404.

Every showing is recorded: the page and the API as a list, each download as an export, with the
period and the case numbers shown.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import OrganisationKind, Role
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.lib.dbrouter import replica_reads
from atbalsts.policy.dates import ruleset_for_display
from atbalsts.policy.entitlements import Course as PolicyCourse
from atbalsts.policy.rules import RULESETS
from atbalsts.rehabilitation.access import courses_visible_to
from atbalsts.rehabilitation.models import AftercareEntry, Course, ServiceEntry

from .compute import ZERO, AftercareRow, CourseRow, Line, Report, ServiceRow, compute

P = Purpose.REHABILITATION


def sees_whole_organisation(actor: Actor | None) -> bool:
    return bool(actor is not None and actor.organisation is not None and actor.mfa_verified
                and actor.organisation.kind == OrganisationKind.SERVICE_PROVIDER and actor.has_role(Role.ORG_ADMIN))


def may_report(actor: Actor | None) -> bool:
    return bool(
        actor is not None and actor.organisation is not None
        and actor.organisation.kind == OrganisationKind.SERVICE_PROVIDER
        and (sees_whole_organisation(actor) or actor.may_open_personal_data)
    )


def require_reporter(actor: Actor | None) -> Actor:
    """The actor, if they may see a report; else the refusal is recorded and it is a 404."""
    if not may_report(actor):
        if actor is not None:
            record(actor, Action.DENIED, object_type="funding_report", purpose=P)
        raise Http404
    return actor


def courses_for_report(actor: Actor | None) -> QuerySet[Course]:
    if sees_whole_organisation(actor):
        return Course.objects.filter(organisation=actor.organisation).select_related("client")
    return courses_visible_to(actor)


def _add(a, b):
    """SUM's addition: None (no value) leaves the other."""
    return b if a is None else a if b is None else a + b


def _sums_by_case(rows, keys: int, case_of: dict[int, str]) -> list[tuple]:
    """Rows (course id, ``keys`` grouping values, count, sums...) summed per course, added up per
    case number and the grouping values: (case number, grouping values, count, sums...), what the
    database's COUNT and SUM per case number gave (a sum None when every value was empty), in the
    order a sorted grouping gives (case number, then the grouping values)."""
    merged: dict[tuple, list] = {}
    for row in rows:
        key = (case_of[row[0]], *row[1:keys + 1])
        got = merged.get(key)
        if got is None:
            merged[key] = list(row[keys + 1:])
        else:
            got[0] += row[keys + 1]
            for i in range(1, len(got)):
                got[i] = _add(got[i], row[keys + 1 + i])
    return [(*key, *merged[key]) for key in sorted(merged)]


def _rows(courses: QuerySet[Course], start: datetime.date, end: datetime.date):
    """The report's input rows for the courses of ``courses`` (the actor's scope), read so that the
    work follows the period, not the register (issue 14):

    - only the courses whose days can touch the period: started by its end, and not so long before
      its start that even the longest course of any rule set ended before it (a course's last day
      is never later than its start plus ``course_max_days`` - 1);
    - the period's services and after-care entries of the scope through a subquery (not a list of
      every course id) and an index on the entry's date, counted and summed by the database per
      course and kind: no join to the course's client per entry. The case numbers are those of
      the courses just read, and of only the few other courses with entries in the period (an
      after-care consultation long after the course) in one more query; the sums per course are
      then added up per case number here, exactly as the database's sums per case number were.
    """
    longest = max(rs.course_max_days for rs in RULESETS)
    course_rows = []
    case_of: dict[int, str] = {}
    # Plain values: the case number and the dates, never the client's personal data.
    for pk, case_number, first, actual_end in courses.filter(
            start__lte=end, start__gt=start - datetime.timedelta(days=longest)).values_list(
            "pk", "client__case_number", "start", "actual_end"):
        case_of[pk] = case_number
        last = PolicyCourse(first, actual_end=actual_end).end(ruleset_for_display(first))
        course_rows.append(CourseRow(case_number, first, last))
    scope = courses.filter(start__lte=end).values("pk")
    services = list(
        ServiceEntry.objects.filter(course__in=scope, on__gte=start, on__lte=end)
        .values("course_id", "kind", "specialist", "goods_category").order_by()
        .annotate(count=Count("pk"), hours=Sum("hours"), nights=Sum("nights"),
                  children_nights=Sum("children_nights"), amount_eur=Sum("amount_eur"))
        .values_list("course_id", "kind", "specialist", "goods_category", "count", "hours", "nights",
                     "children_nights", "amount_eur"))
    aftercare = list(
        AftercareEntry.objects.filter(course__in=scope, on__gte=start, on__lte=end)
        .values("course_id", "kind", "specialist", "support_kind").order_by()
        .annotate(count=Count("pk"), hours=Sum("hours"))
        .values_list("course_id", "kind", "specialist", "support_kind", "count", "hours"))
    others = {r[0] for r in services} | {r[0] for r in aftercare}
    others -= case_of.keys()
    if others:
        case_of.update(Course.objects.filter(pk__in=sorted(others)).values_list("pk", "client__case_number"))
    service_rows = [
        ServiceRow(case_number, kind, start, specialist, hours or ZERO, nights or 0, children_nights or 0,
                   goods_category, amount_eur or ZERO, count=count)
        for case_number, kind, specialist, goods_category, count, hours, nights, children_nights, amount_eur
        in _sums_by_case(services, 3, case_of)
    ]
    aftercare_rows = [
        AftercareRow(case_number, kind, start, hours or ZERO, specialist, support_kind, count=count)
        for case_number, kind, specialist, support_kind, count, hours in _sums_by_case(aftercare, 3, case_of)
    ]
    return course_rows, service_rows, aftercare_rows


def compute_report(actor: Actor | None, start: datetime.date, end: datetime.date) -> Report:
    """The report for the actor's organisation and scope, every line and the period's totals;
    not yet recorded: the caller records what it shows with :func:`record_showing`."""
    require_reporter(actor)
    # The rows may come from a read replica when there is one (ADR 0021): a report may be a moment
    # behind, the access decision above is not.
    with replica_reads():
        rows = _rows(courses_for_report(actor), start, end)
    return compute(*rows, start, end, as_of=timezone.localdate())


def record_showing(actor: Actor, report: Report, lines: list[Line], export: str = "",
                   page: tuple[int, int] | None = None) -> None:
    """Record that ``lines`` of ``report`` (and its totals) were shown: as a list, or as an export
    in the ``export`` format ("csv", "xlsx", "pdf"); ``page`` is (page, pages) of the paged page."""
    start, end = report.start, report.end
    detail = {"start": start.isoformat(), "end": end.isoformat(),
              "scope": "organisation" if sees_whole_organisation(actor) else "case_team",
              "case_numbers": [line.case_number for line in lines]}
    if export:
        detail["format"] = export
    if page is not None:
        detail["page"], detail["pages"] = page
        detail["clients_in_period"] = len(report.lines)
    record(actor, Action.EXPORT if export else Action.LIST, object_type="funding_report",
           object_ref=f"{start.isoformat()}..{end.isoformat()}", purpose=P, detail=detail)


def period_report(actor: Actor | None, start: datetime.date, end: datetime.date, export: str = "") -> Report:
    """The whole report (every line), recorded as a list, or as an export in the ``export`` format."""
    report = compute_report(actor, start, end)
    record_showing(actor, report, report.lines, export)
    return report
