"""The follow-up date stored on the municipal case (issue 14): kept in step by ``record_step`` over
varied step sequences, filled the same way by the data migration and ``refresh_follow_up``, and the
reminders read from it count in one query what ``bounded_counts`` counted, with a query count
that does not follow the caseload."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atbalsts.lib.reminders import bounded_counts
from atbalsts.municipal import reminders, services
from atbalsts.municipal.models import CaseStep, InformationRequest, MunicipalCase, Outcome, Step
from tests.conftest import actor
from tests.municipal.test_reminders_page import _case, _step, register  # noqa: F401 - the fixture

D = datetime.timedelta


def _by_rule(case: MunicipalCase) -> datetime.date | None:
    """The rule, from the steps: the last step (time recorded, then number) is an evaluation that
    closed the case with a follow-up date."""
    steps = sorted(CaseStep.objects.filter(case=case), key=lambda s: (s.recorded_at, s.pk))
    last = steps[-1] if steps else None
    if last and last.step == Step.EVALUATION and last.outcome == Outcome.CLOSE:
        return last.follow_up_on
    return None


# Each sequence: (step, outcome, follow-up in days after the step's date or None).
SEQUENCES = [
    [(1, "", None), (2, "", None), (3, "", None), (4, "close", 30)],
    [(1, "", None), (2, "", None), (3, "", None), (4, "close", None)],
    [(1, "", None), (2, "", None), (3, "", None), (4, "continue", None)],
    [(1, "", None), (2, "", None), (3, "", None), (4, "continue", None), (3, "", None), (4, "close", 0)],
    [(1, "", None), (2, "", None), (3, "", None), (4, "close", 5), (5, "", None)],
    [(1, "", None), (2, "", None), (3, "", None), (4, "close", 5), (5, "", None), (5, "", None)],
    [(1, "", None), (2, "", None), (3, "", None), (4, "continue", None), (4, "close", 12)],
]


def _data(step: int, on: datetime.date, outcome: str, follow_up: int | None) -> dict:
    data = {"step": step, "date": on}
    if step == 1:
        data.update(interview_on=on, needs_assessment="Vajadzības izvērtētas.", home_visit_notes="Netika veikta.")
    if step == 2:
        data.update(fits_target_group=True, needs=["subsistence"])
    if step == 3:
        data.update(activities=["social_work"])
    if step == 4:
        data.update(outcome=outcome, follow_up_on=None if follow_up is None else on + D(days=follow_up))
    return data


def test_record_step_keeps_the_follow_up_date_in_step(people, clock_today):
    mw = actor(people["municipal"])
    cases = []
    for n, sequence in enumerate(SEQUENCES):
        case = services.open_case(
            mw,
            {
                "contact_stage": "after",
                "person": {"given_names": "Marta", "surname": f"Ozola{n}", "phone": "+371 29999999"},
            },
        )
        cases.append(case)
        for i, (step, outcome, follow_up) in enumerate(sequence):
            services.record_step(mw, case, _data(step, clock_today - D(days=40 - i), outcome, follow_up))
            case.refresh_from_db()
            assert case.follow_up_due == _by_rule(case), (n, i)
    stored = {c.pk: c.follow_up_due for c in MunicipalCase.objects.all()}
    assert sorted(v is not None for v in stored.values()) == [False] * 4 + [True] * 3
    # refresh_follow_up and the data migration compute the same from the steps.
    MunicipalCase.objects.update(follow_up_due=None)
    assert services.refresh_follow_up(MunicipalCase.objects.all()) == len(cases)
    assert {c.pk: c.follow_up_due for c in MunicipalCase.objects.all()} == stored
    MunicipalCase.objects.update(follow_up_due=datetime.date(2000, 1, 1))
    MunicipalCase.objects.filter(pk__in=[pk for pk, v in stored.items() if v is None]).update(follow_up_due=None)
    migration = importlib.import_module("atbalsts.municipal.migrations.0005_case_follow_up_due")
    migration.fill(apps, None)
    assert {c.pk: c.follow_up_due for c in MunicipalCase.objects.all()} == stored


def test_the_migration_fills_the_register(register):  # noqa: F811 - the imported fixture
    """Every case of the varied register (ties of the time recorded, follow-ups done, other towns)."""
    expected = {c.pk: _by_rule(c) for c in MunicipalCase.objects.all()}
    assert any(expected.values()) and None in expected.values()
    assert {c.pk: c.follow_up_due for c in MunicipalCase.objects.all()} == expected
    MunicipalCase.objects.update(follow_up_due=None)
    importlib.import_module("atbalsts.municipal.migrations.0005_case_follow_up_due").fill(apps, None)
    assert {c.pk: c.follow_up_due for c in MunicipalCase.objects.all()} == expected


@pytest.mark.parametrize("shift", [-30, -12, -7, 0, 3, 9, 40])
def test_one_query_counts_equal_bounded_counts(register, clock_today, shift):  # noqa: F811
    today = clock_today + D(days=shift)
    for name in ("mw", "colleague", "sw"):
        who = actor(register[name])
        for qs, due, *_rest in reminders._kinds(who):
            for most in (1, 2, 3, 4, 5, 7, 10, 13, 1000):
                assert reminders.counts(qs, due, today, most) == bounded_counts(qs, due, today, most), (name, due, most)


def test_query_count_does_not_follow_the_caseload(register, people, orgs, clock_today):  # noqa: F811
    who = actor(register["mw"])
    start = datetime.datetime(2026, 1, 5, 10, tzinfo=datetime.UTC)

    def queries(limit):
        with CaptureQueriesContext(connection) as ctx:
            page = reminders.reminders_page(who, clock_today, limit)
        return len(ctx.captured_queries), page

    before = {limit: queries(limit)[0] for limit in (2, 5)}
    for i in range(40):
        case = _case(orgs["municipal"], register["mw"], register["mw"])
        _step(case, register["mw"], Step.EVALUATION, start + D(days=i), Outcome.CLOSE, clock_today - D(days=i % 9))
        InformationRequest.objects.create(
            case=case,
            client=case.client,
            provider=orgs["provider_a"],
            asked="?",
            sent_by=register["mw"],
            sent_on=clock_today - D(days=i % 5),
        )
    for limit in (2, 5):
        n, page = queries(limit)
        assert n <= before[limit], limit
        assert len(page.items) == limit and page.total > 40
