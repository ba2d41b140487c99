"""The municipal reminders paged in the database (issue 14) are exactly those the stage computed
before in Python for every case: compared on a varied register, for several workers, days and
page sizes."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from atbalsts.accounts.models import Organisation, OrganisationKind, Role
from atbalsts.lib.reminders import Reminder, page_of
from atbalsts.municipal import access, reminders, services
from atbalsts.municipal.models import CaseStatus, CaseStep, InformationRequest, MunicipalCase, Outcome, Step
from atbalsts.people.models import CaseTeamMember, Client
from tests.conftest import actor, make_user


def _old_reminders(actor, today: datetime.date) -> list[Reminder]:
    """The computation before the paging: every request and closed case read and checked in Python."""
    out: list[Reminder] = []
    if access.is_municipal_worker(actor):
        waiting = access.requests_sent(actor).filter(answered_on__isnull=True, sent_by=actor.user)
        for r in waiting.order_by("sent_on", "pk"):
            out.append(Reminder(
                kind="information_request_waiting",
                title=_("Information request %(ref)s to %(org)s awaits an answer") % {
                    "ref": r.reference, "org": r.provider},
                due=r.sent_on, url=reverse("municipal:request", args=[r.pk]), case_number=r.case.reference))
        last_pk = CaseStep.objects.filter(case=OuterRef("pk")).order_by("-recorded_at", "-pk").values("pk")[:1]
        cases = access.cases_visible_to(actor).filter(status=CaseStatus.CLOSED).annotate(
            last_step_pk=Subquery(last_pk))
        steps = CaseStep.objects.filter(pk__in=[c.last_step_pk for c in cases], step=Step.EVALUATION,
                                        outcome=Outcome.CLOSE, follow_up_on__isnull=False).select_related("case")
        out += [Reminder(kind="municipal_follow_up_due", title=_("Follow-up of %(ref)s is due") % {
            "ref": s.case.reference}, due=s.follow_up_on, url=reverse("municipal:step_new", args=[s.case_id]),
            case_number=s.case.reference, urgent=s.follow_up_on <= today) for s in steps.order_by("follow_up_on")]
    for r in access.requests_incoming_qs(actor).filter(answered_on__isnull=True).order_by("sent_on", "pk"):
        out.append(Reminder(
            kind="information_request_to_answer",
            title=_("Answer the information request %(ref)s from %(org)s") % {
                "ref": r.reference, "org": r.case.organisation},
            due=r.sent_on, url=reverse("municipal:incoming_request", args=[r.pk]), case_number=r.client.case_number))
    return out


def _client(org, *team):
    client = Client.objects.create(organisation=org, given_names="Marta", surname="Ozola")
    for user in team:
        CaseTeamMember.objects.create(client=client, user=user, role=Role.MUNICIPAL_SOCIAL_WORKER)
    return client


def _case(org, opener, *team, status=CaseStatus.CLOSED):
    return MunicipalCase.objects.create(organisation=org, client=_client(org, *team), contact_stage="after",
                                        status=status, opened_by=opener)


def _step(case, user, step, at, outcome="", follow_up_on=None):
    s = CaseStep.objects.create(case=case, step=step, date=at.date(), outcome=outcome, follow_up_on=follow_up_on,
                                recorded_by=user)
    CaseStep.objects.filter(pk=s.pk).update(recorded_at=at)
    # Steps written around the service: the case's stored follow-up date brought in step as the
    # data migration and the bench loader do.
    services.refresh_follow_up(MunicipalCase.objects.filter(pk=case.pk))
    return s


@pytest.fixture
def register(orgs, people, clock_today):
    mw, sw, psy = people["municipal"], people["sw"], people["psy"]
    town = orgs["municipal"]
    colleague = make_user("colleague", town, Role.MUNICIPAL_SOCIAL_WORKER)
    other_town = Organisation.objects.create(name="Test other town", kind=OrganisationKind.MUNICIPAL_SOCIAL_SERVICE)
    stranger = make_user("stranger", other_town, Role.MUNICIPAL_SOCIAL_WORKER)
    start = datetime.datetime(2026, 1, 5, 10, tzinfo=datetime.UTC)
    mine = []
    for i in range(16):
        status = CaseStatus.OPEN if i % 4 == 3 else CaseStatus.CLOSED
        case = _case(town, mw, mw, *([colleague] if i % 3 == 0 else []), status=status)
        mine.append(case)
        _step(case, mw, Step.ASSESSMENT, start + datetime.timedelta(days=i))
        when = start + datetime.timedelta(days=40 + i)
        follow_up = clock_today + datetime.timedelta(days=(i % 7) * 5 - 12)  # past, today's and future
        if i % 4 in (0, 3):
            _step(case, mw, Step.EVALUATION, when, Outcome.CLOSE, follow_up)
        elif i % 4 == 1:
            _step(case, mw, Step.EVALUATION, when, Outcome.CLOSE, follow_up)
            _step(case, mw, Step.FOLLOW_UP, when + datetime.timedelta(days=3))
        else:
            _step(case, mw, Step.EVALUATION, when, Outcome.CONTINUE)
    # Two steps recorded at the same moment: the later number is the last step.
    tie = _case(town, mw, mw)
    _step(tie, mw, Step.FOLLOW_UP, start)
    _step(tie, mw, Step.EVALUATION, start, Outcome.CLOSE, clock_today)
    tie_done = _case(town, mw, mw)
    _step(tie_done, mw, Step.EVALUATION, start, Outcome.CLOSE, clock_today)
    _step(tie_done, mw, Step.FOLLOW_UP, start)
    # A closed case with a follow-up due on the colleague's team only, and one of another town.
    _step(_case(town, colleague, colleague), colleague, Step.EVALUATION, start, Outcome.CLOSE, clock_today)
    _step(_case(other_town, stranger, stranger), stranger, Step.EVALUATION, start, Outcome.CLOSE, clock_today)
    # Information requests: to two providers about clients on sw's and psy's teams.
    about_sw = [_client(orgs["provider_a"], sw) for _ in range(3)]
    about_psy = _client(orgs["provider_a"], psy)
    about_b = _client(orgs["provider_b"], people["outsider"])
    providers = [orgs["provider_a"], orgs["provider_b"]]

    def ask(case, client, days_ago, by=mw, answered=False, provider=None):
        InformationRequest.objects.create(
            case=case, client=client, provider=provider or client.organisation, asked="Kā klājas?", sent_by=by,
            sent_on=clock_today - datetime.timedelta(days=days_ago),
            answered_on=clock_today if answered else None)

    for i, case in enumerate(mine):
        ask(case, about_sw[i % 3], i % 5)
        if i % 4 == 2:
            ask(case, about_b, 2, provider=orgs["provider_b"])
    # Eleven requests of one case on one day (the page's order then looks at the titles).
    for i in range(11):
        ask(mine[5], about_sw[i % 3] if i % 2 else about_b, 4, provider=providers[i % 2])
    ask(mine[6], about_psy, 1)
    ask(mine[7], about_sw[0], 0, answered=True)
    ask(mine[0], about_sw[1], 3, by=colleague)
    return {"mw": mw, "colleague": colleague, "stranger": stranger, "sw": sw, "psy": psy,
            "outsider": people["outsider"]}


@pytest.mark.parametrize("shift", [0, -20, 9])
def test_the_paged_reminders_equal_the_old_computation(register, clock_today, shift):
    today = clock_today + datetime.timedelta(days=shift)
    seen = 0
    for name, user in register.items():
        who = actor(user)
        old = _old_reminders(who, today)
        seen += len(old)
        assert sorted(reminders.reminders(who, today), key=repr) == sorted(old, key=repr), name
        for limit in (None, 0, 1, 2, 3, 7, 12, 100):
            expected = page_of(old, today, limit)
            page = reminders.reminders_page(who, today, limit)
            assert page.items == expected.items, (name, limit)
            assert (page.total, page.overdue, page.due_today) == (
                expected.total, expected.overdue, expected.due_today), (name, limit)
            assert not page.capped
    kinds = {r.kind for r in _old_reminders(actor(register["mw"]), today)}
    assert kinds == {"information_request_waiting", "municipal_follow_up_due"}
    assert {r.kind for r in _old_reminders(actor(register["sw"]), today)} == {"information_request_to_answer"}
    assert seen > 40


def test_counts_stop_at_the_policys_most(register, clock_today, monkeypatch):
    from atbalsts.municipal import reminders as module

    real = module.ruleset_on

    class Rules:
        def __init__(self, day):
            self._rules = real(day)
            self.task_list_count_max = 5

        def __getattr__(self, name):
            return getattr(self._rules, name)

    monkeypatch.setattr(module, "ruleset_on", Rules)
    page = reminders.reminders_page(actor(register["mw"]), clock_today, 2)
    assert page.capped and page.total >= 5 and len(page.items) == 2
    everything = reminders.reminders_page(actor(register["mw"]), clock_today, None)
    assert not everything.capped and everything.total == len(everything.items) > 5
