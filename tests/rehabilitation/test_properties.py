"""Whatever sequence of entries is offered, what the service layer accepts stays within every
limit of the policy (each example runs in a transaction that is rolled back)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atbalsts.people.models import FamilyMember
from atbalsts.policy.entitlements import add_years
from atbalsts.policy.rules import ruleset_on
from atbalsts.rehabilitation import services
from atbalsts.rehabilitation.models import Course, ProceedingsSupport

KINDS = ["course_service", "aftercare_consultation", "proceedings_support", "family_consultation"]
ROLES = ["social_worker", "psychologist", "lawyer", "medical", "other"]
SUPPORT = ["lawyer_consultation", "social_worker_consultation", "psychologist_consultation", "interpreter",
           "legal_documents", "court_representation"]

entry = st.tuples(
    st.sampled_from(KINDS),
    st.integers(min_value=0, max_value=1500),  # days after the course start
    st.sampled_from([Decimal("0.5"), Decimal(1), Decimal("1.5"), Decimal(8), Decimal(40), Decimal(75)]),
    st.sampled_from(ROLES),
    st.sampled_from(SUPPORT),
    st.integers(min_value=0, max_value=2),  # which family member
)

FAST = settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                          HealthCheck.too_slow])


@FAST
@given(entries=st.lists(entry, max_size=30), support=st.booleans(), legal_aid=st.booleans(),
       closed_after=st.one_of(st.none(), st.integers(min_value=0, max_value=179)),
       reason=st.sampled_from(["goals_reached", "withdrew", "moved_abroad", "died", "decision_changed", "other"]))
def test_accepted_entries_stay_within_every_limit(client_record, orgs, sw, today, entries, support, legal_aid,
                                                  closed_after, reason):
    with transaction.atomic():
        start = today - datetime.timedelta(days=1500)
        course = Course.objects.create(client=client_record, organisation=orgs["provider_a"], start=start)
        if closed_after is not None:
            course.actual_end = start + datetime.timedelta(days=closed_after)
            course.closure_reason, course.closing_summary = reason, "x"
            course.save()
        if support:
            begins = start + datetime.timedelta(days=200)
            services.record_proceedings_support(sw, course, {
                "document_kind": "statement", "document_number": "1", "document_date": begins,
                "issuing_body": "VP", "start": begins, "legal_aid": legal_aid})
        members = [
            FamilyMember.objects.create(client=client_record, relation="child", given_names="A",
                                        birth_date=today.replace(year=today.year - 6), lives_in_latvia=True),
            FamilyMember.objects.create(client=client_record, relation="child", given_names="B",
                                        birth_date=today.replace(year=today.year - 6), lives_in_latvia=False),
            FamilyMember.objects.create(client=client_record, relation="spouse", given_names="C",
                                        birth_date=today.replace(year=today.year - 40), lives_in_latvia=True),
        ]
        for kind, offset, hours, role, support_kind, member in entries:
            on = start + datetime.timedelta(days=offset)
            try:
                if kind == "course_service":
                    services.record_service(sw, course, {"kind": "consultation", "on": on, "specialist": role,
                                                         "hours": hours, "mode": "remote"})
                else:
                    services.record_aftercare(sw, course, {"kind": kind, "on": on, "hours": hours,
                                                           "specialist": role, "support_kind": support_kind,
                                                           "family_member": members[member]})
            except (ValidationError, PermissionDenied):
                pass
        _assert_within_limits(course, members[0])
        transaction.set_rollback(True)


def _assert_within_limits(course: Course, eligible_member: FamilyMember) -> None:
    rs = ruleset_on(course.start)
    course.refresh_from_db()
    end = course.actual_end or course.start + datetime.timedelta(days=rs.course_max_days - 1)
    for row in course.entries.all():
        assert course.start <= row.on <= end
    rows = list(course.aftercare.all())
    aftercare = [r for r in rows if r.kind == "aftercare_consultation"]
    support = ProceedingsSupport.objects.filter(course=course).first()
    opens = course.actual_end is None or course.closure_reason in rs.aftercare_opening_closures
    support_end = add_years(support.start, rs.proceedings_support_years) if support else None
    assert len(aftercare) <= rs.aftercare_consultations
    for r in aftercare:
        assert opens
        assert end < r.on <= add_years(end, rs.aftercare_window_years)
        assert r.hours <= rs.aftercare_consultation_hours and r.specialist in rs.aftercare_specialist_roles
        # After-care and criminal-proceedings support exclude each other by date.
        assert support is None or not (support.start <= r.on < support_end)
    for row in course.entries.all():
        assert row.hours <= rs.entry_max_hours
    hours_by_year: dict[int, Decimal] = defaultdict(Decimal)
    for r in rows:
        if r.kind != "proceedings_support":
            continue
        assert support is not None and support.start <= r.on and end < r.on and opens
        assert r.hours <= rs.proceedings_support_entry_max_hours
        year = next(n for n in range(1, rs.proceedings_support_years + 1)
                    if add_years(support.start, n - 1) <= r.on < add_years(support.start, n))
        hours_by_year[year] += r.hours
        if support.legal_aid:
            assert r.support_kind in rs.legal_aid_allowed_kinds
    assert all(h <= rs.proceedings_support_hours_per_year for h in hours_by_year.values())
    family = Counter(r.family_member_id for r in rows if r.kind == "family_consultation")
    assert set(family) <= {eligible_member.pk}
    for r in rows:
        if r.kind == "family_consultation":
            assert course.start <= r.on <= add_years(end, rs.family_consultation_window_years)
            assert r.hours <= rs.family_consultation_max_hours
    assert all(n <= rs.family_consultations_per_member for n in family.values())
