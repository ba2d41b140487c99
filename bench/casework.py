"""The casework a register of N clients would hold, for ``bench/generate.py --casework``.

For each batch of bench clients (already inserted, with their ``created_at``) this adds, in the
same transaction and with the real models:

- an identification case for a share of them (``SHARES["case"]``), opened a few days after the
  client; all but the newest interviewed (indicator answers, codes); most then recognised — on a
  ground of criminal proceedings or by a concluded specialist commission (the bench social worker
  and a bench State Police official as members, with their findings) — some not recognised, some
  with the commission still convened; the recognised get an eligibility note;
- an application to SIVA for most recognised cases, received a few days after recognition, with
  its deadline from the real working-day calendar; those received in the last days still await a
  decision, the rest are decided by the bench SIVA officer: granted, refused, or queued (an old
  queue entry was later granted from the queue: a promotion that supersedes it); each decision
  with the provider's notification and the social worker's notice task, as the services write;
- for each grant a course from the service start (closed when its days are over), 4-12 services
  inside the course, after-care consultations after some ended courses, and a plan with one to
  three versions (goals and activities, due dates) and its next review;
- a few own tasks of the social worker, most done;
- separately (``municipal_clients``), clients of a bench municipal social service with their
  municipal case and one to five case-management steps, on the bench municipal worker's team.

Dates follow from the client's opening time and never lie after "today"; the shares below are
assumptions, not statistics of the real register. Free text is synthetic ("Bench: ...") and every
encrypted field is written through its model field (``bulk_create``).
"""

from __future__ import annotations

import datetime
import json
import random
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

D = datetime.timedelta

# Shares, each of the stage before it (assumed; see the module docstring).
SHARES = {
    "case": 0.35,            # clients with an identification case
    "interviewed": 0.97,     # of the cases older than NEW_CASE_DAYS
    "recognised": 0.78,      # of the interviewed (the rest: 0.12 not recognised, 0.10 still in commission/open)
    "not_recognised": 0.12,
    "by_commission": 0.6,    # of the recognised: by the commission (else ground 1, criminal proceedings)
    "applied": 0.9,          # of the recognised
    "refused": 0.12,         # of the decided applications
    "queued": 0.06,
    "closed_early": 0.15,    # of the courses: closed before their days are over
    "aftercare": 0.5,        # of the ended courses
    "own_task": 0.12,        # of all provider clients: an own task of the social worker
    "open_old_task": 0.02,   # of the old own tasks: still not done
}
NEW_CASE_DAYS = 10          # cases opened this recently are not interviewed yet
SERVICE_KINDS = ("consultation", "consultation", "consultation", "shelter", "goods", "documents", "training",
                 "accompaniment")
FULL = ("recruited", "documents_taken", "employed_against_will")
INDICATORS = ("documents_confiscated", "little_or_no_pay", "isolation")


@contextmanager
def manual_times(*models):
    """Let the load set the creation times (bulk_create would stamp auto_now_add fields with now;
    auto_now fields, "last changed", keep being stamped)."""
    changed = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now_add", False):
                f.auto_now_add = False
                changed.append(f)
    try:
        yield
    finally:
        for f in changed:
            f.auto_now_add = True


@dataclass
class Context:
    org: object            # the bench provider
    sw: object             # bench_sw
    siva: object           # bench_siva (SIVA officer)
    police_org: object
    police: object         # bench_police (State Police official, commission member)
    today: datetime.date
    now: datetime.datetime
    course_days: int


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)) + D(minutes=rng.randint(0, 600)))


@lru_cache(maxsize=10_000)
def _deadline(received: datetime.date) -> datetime.date:
    from atbalsts.decisions.services import deadline_for

    return deadline_for(received)


def _plan_content(ctx: Context, rng: random.Random, due_base: datetime.date, achieved: int) -> str:
    goals = [
        ("safety", "Bench: drošs patvērums līdz situācija nostabilizējas.", "Bench: vienoties par patversmi."),
        ("documents", "Bench: atjaunot personu apliecinošu dokumentu.", "Bench: pavadīt uz PMLP."),
        ("psychological", "Bench: mazināt traumas sekas.", "Bench: psihologa konsultācijas reizi nedēļā."),
        ("employment", "Bench: sagatavoties darba meklēšanai.", "Bench: reģistrēties NVA, sastādīt CV."),
    ]
    out = []
    for i, (area, goal, activity) in enumerate(goals[: rng.randint(2, 4)]):
        out.append({
            "key": f"g{rng.getrandbits(32):08x}", "area": area, "text": goal,
            "status": "achieved" if i < achieved else "open",
            "activities": [{"key": f"a{rng.getrandbits(32):08x}", "text": activity, "user": ctx.sw.pk,
                            "role": "social_worker", "due": (due_base + D(days=7 + 14 * i)).isoformat()}],
        })
    return json.dumps({"goals": out}, ensure_ascii=False)


def add_casework(ctx: Context, clients: list, rng: random.Random) -> dict[str, int]:
    """Add the casework of one batch of just-inserted provider clients; returns rows made by kind."""
    from atbalsts.accounts.models import Role
    from atbalsts.decisions.models import (
        Application,
        ApplicationStatus,
        Decision,
        DecisionKind,
        Notification,
        Outcome,
        Signatory,
    )
    from atbalsts.identification.models import (
        Answer,
        Case,
        CaseStatus,
        Commission,
        CommissionMember,
        CommissionStatus,
        Conclusion,
        CriterionFinding,
        EligibilityNote,
        Ground,
        IndicatorAnswer,
        Interview,
        ProceedingsStanding,
        RecognitionGround,
    )
    from atbalsts.plans.diff import open_activity_dues
    from atbalsts.plans.models import Plan, PlanActivityDue, PlanVersion
    from atbalsts.rehabilitation.models import AftercareEntry, ClosureReason, Course, ServiceEntry
    from atbalsts.tasks.models import Task

    today, sw = ctx.today, ctx.sw
    made: dict[str, int] = {}

    def count(kind: str, n: int) -> None:
        made[kind] = made.get(kind, 0) + n

    # --- identification cases -------------------------------------------------------------
    cases, plan = [], []  # plan: (client, case, what happens to it)
    for client in clients:
        if rng.random() >= SHARES["case"]:
            continue
        opened = client.created_at + D(days=rng.randint(0, 3), minutes=rng.randint(0, 600))
        if opened.date() > today:
            opened = client.created_at
        age = (today - opened.date()).days
        if age < NEW_CASE_DAYS or rng.random() >= SHARES["interviewed"]:
            fate = "open"
        else:
            r = rng.random()
            fate = ("recognised" if r < SHARES["recognised"]
                    else "not_recognised" if r < SHARES["recognised"] + SHARES["not_recognised"]
                    else "commission")
        status = {"open": CaseStatus.OPEN, "recognised": CaseStatus.RECOGNISED, "commission": CaseStatus.COMMISSION,
                  "not_recognised": CaseStatus.NOT_RECOGNISED}[fate]
        case = Case(client=client, organisation=ctx.org, opened_by=sw, opened_at=opened, status=status)
        cases.append(case)
        plan.append((client, case, fate))
    Case.objects.bulk_create(cases)
    count("identification cases", len(cases))

    interviews = []
    for client, case, fate in plan:
        if fate == "open":
            continue
        day = min(case.opened_at.date() + D(days=rng.randint(2, 8)), today)
        interviews.append(Interview(
            case=case, date=day, mode=rng.choice(("in_person", "in_person", "remote")), recorded_by=sw,
            recorded_at=_at(day, rng), interpreter=client.citizenship != "Latvija",
            interpreter_language="krievu" if client.citizenship != "Latvija" else "",
            risk_groups=["unemployed"], needs=["safety_housing"], exploitation_forms=["forced_labour"],
            countries=["Latvija", rng.choice(("Īrija", "Vācija", "Lielbritānija", "Norvēģija"))],
            recruitment_method="online_job_ad", recruitment_country="Latvija",
            account="Bench: sintētisks stāstījums, nav reālas personas dati."))
        case.interview_day = day
    Interview.objects.bulk_create(interviews)
    count("interviews", len(interviews))
    answers = [IndicatorAnswer(interview=iv, code=code, answer=Answer.FOUND if i < 2 else Answer.UNKNOWN)
               for iv in interviews for i, code in enumerate(INDICATORS)]
    IndicatorAnswer.objects.bulk_create(answers)
    count("indicator answers", len(answers))

    # Commissions (recognised by the commission, not recognised, still convened) and grounds.
    commissions, grounds = [], []
    for _client, case, fate in plan:
        if fate == "open":
            continue
        meeting = min(case.interview_day + D(days=rng.randint(5, 15)), today)
        case.decided_day = meeting
        by_commission = fate in ("not_recognised", "commission") or rng.random() < SHARES["by_commission"]
        if by_commission:
            concluded = fate != "commission"
            c = Commission(case=case, meeting_date=meeting, convened_by=sw,
                           convened_at=_at(case.interview_day, rng),
                           status=CommissionStatus.CONCLUDED if concluded else CommissionStatus.CONVENED,
                           conclusion=("" if not concluded else Conclusion.RECOGNISED if fate == "recognised"
                                       else Conclusion.NOT_RECOGNISED),
                           reasoning="Bench: konstatēta darbība, līdzeklis un nolūks." if concluded else "",
                           concluded_at=_at(meeting, rng) if concluded else None, ruleset_code="bench")
            commissions.append(c)
            case.commission = c
        else:
            case.commission = None
            grounds.append(RecognitionGround(
                case=case, ground=Ground.PROCEEDINGS, standing=ProceedingsStanding.VICTIM,
                document_number=f"BENCH-{rng.randrange(10**11):011d}", document_date=meeting,
                issuing_body="Valsts policija (bench)", recorded_by=sw, recorded_at=_at(meeting, rng)))
            case.ground = grounds[-1]
    Commission.objects.bulk_create(commissions)
    count("commissions", len(commissions))
    members = []
    for c in commissions:
        concluded = c.status == CommissionStatus.CONCLUDED
        for user, org, role in ((sw, ctx.org, Role.SOCIAL_WORKER), (ctx.police, ctx.police_org, Role.POLICE_OFFICIAL)):
            members.append(CommissionMember(
                commission=c, user=user, organisation=org, role=role, opinion="Bench: kritēriji konstatēti.",
                assessed_at=c.concluded_at, acknowledged_at=c.concluded_at if concluded else None))
    CommissionMember.objects.bulk_create(members)
    count("commission members", len(members))
    findings = [CriterionFinding(member=m, code=code, found=m.commission.conclusion != Conclusion.NOT_RECOGNISED)
                for m in members if m.assessed_at for code in FULL]
    CriterionFinding.objects.bulk_create(findings)
    count("criterion findings", len(findings))
    for _client, case, fate in plan:
        if fate == "recognised" and case.commission is not None:
            grounds.append(RecognitionGround(case=case, ground=Ground.COMMISSION, commission=case.commission,
                                             recorded_by=sw, recorded_at=case.commission.concluded_at))
            case.ground = grounds[-1]
    RecognitionGround.objects.bulk_create(grounds)
    count("recognition grounds", len(grounds))
    notes = [EligibilityNote(case=case, eu_citizen=client.citizenship == "Latvija", recorded_by=sw,
                             recorded_at=_at(case.decided_day, rng),
                             permit_status="none" if client.citizenship == "Latvija" else "applied",
                             legal_basis="" if client.citizenship == "Latvija" else "reflection_period")
             for client, case, fate in plan if fate == "recognised"]
    EligibilityNote.objects.bulk_create(notes)
    count("eligibility notes", len(notes))

    # --- applications and SIVA's decisions ------------------------------------------------
    applications = []
    for client, case, fate in plan:
        if fate != "recognised" or rng.random() >= SHARES["applied"]:
            continue
        received = min(case.decided_day + D(days=rng.randint(1, 10)), today)
        app = Application(case=case, organisation=ctx.org, ground=case.ground, submitted_by=sw,
                          submitted_at=_at(received, rng), received_on=received, deadline=_deadline(received),
                          signatory=Signatory.PERSON, signatory_name=f"{client.given_names} {client.surname}",
                          signed_on=received, status=ApplicationStatus.RECEIVED)
        app.client = client
        applications.append(app)
    # Decide first (the status is stored on the application), then write both.
    firsts, todo = [], []
    for app in applications:
        if app.deadline >= today - D(days=2) and rng.random() < 0.8:
            continue  # still awaiting SIVA (a few just overdue)
        decided = min(app.received_on + D(days=rng.randint(3, 12)), app.deadline, today)
        r = rng.random()
        outcome = (Outcome.REFUSE if r < SHARES["refused"]
                   else Outcome.QUEUE if r < SHARES["refused"] + SHARES["queued"] else Outcome.GRANT)
        promoted_on = None
        if outcome == Outcome.QUEUE:
            promoted_on = decided + D(days=rng.randint(20, 90))
            if promoted_on >= today:
                promoted_on = None
        app.status = {Outcome.GRANT: ApplicationStatus.GRANTED, Outcome.REFUSE: ApplicationStatus.REFUSED,
                      Outcome.QUEUE: ApplicationStatus.GRANTED if promoted_on else ApplicationStatus.QUEUED}[outcome]
        todo.append((app, decided, outcome, promoted_on))
    Application.objects.bulk_create(applications)
    count("applications", len(applications))

    def decision(app, kind, outcome, day, supersedes=None):
        start = min(day + D(days=rng.randint(0, 7)), today) if outcome == Outcome.GRANT else None
        return Decision(application=app, kind=kind, outcome=outcome, service_start=start,
                        refusal_reason="documents_incomplete" if outcome == Outcome.REFUSE else "",
                        refusal_text="Bench: iesniegumam nav pievienots paraksts." if outcome == Outcome.REFUSE
                        else "", decided_on=day, decided_by=ctx.siva, decided_at=_at(day, rng),
                        supersedes=supersedes, signatory_name="Bench SIVA officer",
                        signatory_position="Bench: vecākais referents")

    for app, decided, outcome, _p in todo:
        firsts.append(decision(app, DecisionKind.ORIGINAL, outcome, decided))
    Decision.objects.bulk_create(firsts)
    promotions = [decision(app, DecisionKind.PROMOTION, Outcome.GRANT, promoted, supersedes=first)
                  for (app, _d, _o, promoted), first in zip(todo, firsts, strict=True) if promoted]
    Decision.objects.bulk_create(promotions)
    decisions = firsts + promotions
    count("decisions", len(decisions))
    texts = {Outcome.GRANT: "SIVA piešķīra pakalpojumu {ref} no {start}.", Outcome.QUEUE: "SIVA iekļāva {ref} rindā.",
             Outcome.REFUSE: "SIVA atteica pakalpojumu {ref}."}
    notifications, notices = [], []
    for d in decisions:
        app = d.application
        ref = f"{app.client.case_number}/A{app.pk}"
        notifications.append(Notification(
            organisation=ctx.org, case=app.case, decision=d, created_at=d.decided_at,
            text=texts[d.outcome].format(ref=ref, start=d.service_start.strftime("%d.%m.%Y") if d.service_start
                                         else "")))
        # The notice on the social worker's task list; read (done) once it is a fortnight old.
        notices.append(Task(owner=sw, organisation=ctx.org, title="", due=d.decided_on, client=app.client,
                            created_at=d.decided_at, notice="siva_decision", reference=ref,
                            url=f"/decisions/letters/{d.pk}/",
                            done_at=d.decided_at + D(days=rng.randint(0, 5))
                            if d.decided_on < today - D(days=14) else None))
    Notification.objects.bulk_create(notifications)

    # --- courses, services, after-care, plans ---------------------------------------------
    courses = []
    for d in decisions:
        if d.outcome != Outcome.GRANT or d.service_start is None:
            continue
        start = d.service_start
        last = start + D(days=ctx.course_days - 1)
        course = Course(client=d.application.client, organisation=ctx.org, decision=d, start=start,
                        created_at=d.decided_at)
        if rng.random() < SHARES["closed_early"]:
            end = start + D(days=rng.randint(30, ctx.course_days - 2))
            if end < today:
                course.actual_end, course.closure_reason = end, rng.choice(
                    (ClosureReason.WITHDREW, ClosureReason.MOVED_ABROAD, ClosureReason.GOALS_REACHED))
        elif last < today - D(days=7):
            course.actual_end, course.closure_reason = last, ClosureReason.GOALS_REACHED
        if course.actual_end:
            course.closing_summary = "Bench: kurss noslēgts."
            course.closed_by, course.closed_at = sw, _at(min(course.actual_end + D(days=2), today), rng)
        course.last = course.actual_end or min(last, today - D(days=1))
        courses.append(course)
    # A promotion superseded a queue decision: only the promotion opened a course (one per decision).
    Course.objects.bulk_create(courses)
    count("courses", len(courses))
    entries, aftercare = [], []
    for course in courses:
        span = (course.last - course.start).days
        if span < 0:
            continue
        for _ in range(rng.randint(4, 12)):
            on = course.start + D(days=rng.randint(0, span))
            kind = rng.choice(SERVICE_KINDS)
            e = ServiceEntry(course=course, kind=kind, on=on, recorded_by=sw, recorded_at=_at(on, rng))
            if kind == "consultation":
                e.specialist = rng.choice(("social_worker", "psychologist", "lawyer"))
                e.hours, e.mode = Decimal(rng.choice(("1", "1.5", "2"))), "in_person"
            elif kind == "shelter":
                e.nights, e.accommodation = rng.randint(7, 30), "own"
            elif kind == "goods":
                e.goods_category, e.amount_eur = "food", Decimal(rng.randint(1000, 8000)) / 100
            elif kind == "documents":
                e.document_type, e.document_action = "passport", "restored"
            elif kind == "training":
                e.training_step = "employment_agency"
            else:
                e.accompanied_to = "police"
            entries.append(e)
        if course.actual_end and rng.random() < SHARES["aftercare"]:
            for _ in range(rng.randint(1, 4)):
                on = course.actual_end + D(days=rng.randint(10, 300))
                if on < today:
                    aftercare.append(AftercareEntry(course=course, kind="aftercare_consultation", on=on,
                                                    hours=Decimal(1), specialist="psychologist", recorded_by=sw,
                                                    recorded_at=_at(on, rng)))
    ServiceEntry.objects.bulk_create(entries, batch_size=2000)
    AftercareEntry.objects.bulk_create(aftercare)
    count("course services", len(entries))
    count("after-care entries", len(aftercare))

    plans, versions = [], []
    for course in courses:
        running = course.actual_end is None
        first = course.start + D(days=rng.randint(0, 10))
        if first > today:
            first = today
        next_review = (max(first + D(days=30), today - D(days=rng.randint(0, 10)) + D(days=rng.randint(0, 40)))
                       if running else None)
        p = Plan(client=course.client, organisation=ctx.org, created_by=sw, created_at=_at(first, rng),
                 next_review_on=next_review)
        plans.append(p)
        n_versions = rng.randint(1, 3)
        for number in range(1, n_versions + 1):
            day = min(first + D(days=30 * (number - 1)), today)
            due_base = max(day, today - D(days=20)) if running else day
            versions.append(PlanVersion(plan=p, number=number, created_by=sw, created_at=_at(day, rng),
                                        reason="Bench: plāns sastādīts." if number == 1 else "Bench: pārskatīts.",
                                        content=_plan_content(ctx, rng, due_base, achieved=number - 1)))
    Plan.objects.bulk_create(plans)
    PlanVersion.objects.bulk_create(versions)
    # The due dates of each plan's current (newest) version, as plans.services keeps them.
    current = {}
    for v in versions:
        if v.number > current.get(v.plan.pk, (0, None))[0]:
            current[v.plan.pk] = (v.number, v.content)
    PlanActivityDue.objects.bulk_create([PlanActivityDue(plan_id=pk, due=due) for pk, (_, content) in current.items()
                                         for due in open_activity_dues(json.loads(content))])
    count("plans", len(plans))
    count("plan versions", len(versions))

    # --- the social worker's own tasks ------------------------------------------------------
    titles = ("Piezvanīt klientam", "Nosūtīt SIVA dokumentu kopijas", "Sagatavot plāna pārskatu",
              "Pavadīt uz PMLP")
    tasks = list(notices)
    for client in clients:
        if rng.random() >= SHARES["own_task"]:
            continue
        due = min(client.created_at.date() + D(days=rng.randint(1, 120)), today + D(days=rng.randint(0, 30)))
        old = due < today - D(days=3)
        done = old and rng.random() >= SHARES["open_old_task"]
        tasks.append(Task(owner=sw, organisation=ctx.org, title=f"{rng.choice(titles)} ({client.case_number})",
                          due=due, client=client, created_at=client.created_at,
                          done_at=_at(due, rng) if done else None))
    Task.objects.bulk_create(tasks)
    count("tasks and notices", len(tasks))
    return made


def add_municipal_cases(mun_org, mw, clients: list, rng: random.Random, today: datetime.date,
                        taken: set[str]) -> dict[str, int]:
    """A municipal case for each of the municipality's just-inserted clients, with its steps."""
    from atbalsts.municipal.models import CaseStatus, CaseStep, ContactStage, MunicipalCase, Outcome

    alphabet = "ABCDEFGHJKLMNPRSTUVZ23456789"
    cases = []
    for client in clients:
        ref = None
        while ref is None or ref in taken:
            ref = "SD-" + "".join(rng.choices(alphabet, k=7))
        taken.add(ref)
        case = MunicipalCase(reference=ref, organisation=mun_org, client=client, opened_by=mw,
                             opened_at=client.created_at, contact_stage=rng.choice(ContactStage.values))
        age = (today - client.created_at.date()).days
        case.last_step = min(5, 1 + age // 60, rng.randint(1, 5))
        if case.last_step >= 4:
            case.status = CaseStatus.CLOSED
            case.closed_at = client.created_at + D(days=min(age, 40 * case.last_step))
        cases.append(case)
    MunicipalCase.objects.bulk_create(cases)
    steps = []
    for case in cases:
        start = case.opened_at.date()
        for n in range(1, case.last_step + 1):
            day = min(start + D(days=10 * n), today)
            s = CaseStep(case=case, step=n, date=day, recorded_by=mw,
                         recorded_at=case.opened_at + D(days=10 * n) if day < today else case.opened_at)
            if n == 1:
                s.interview_on = s.home_visit_on = day
                s.interview_notes = "Bench: pirmā saruna sociālajā dienestā."
                s.needs_assessment = "Bench: vajadzīgs drošs mājoklis."
                s.needs = ["safety_housing", "subsistence"]
            elif n == 2:
                s.fits_target_group, s.risk_groups, s.needs = True, ["unemployed"], ["safety_housing"]
                s.set_health(["trauma"])
            elif n == 3:
                s.activities = ["social_work", "benefits"]
            elif n == 4:
                s.outcome, s.follow_up_on = Outcome.CLOSE, day + D(days=90)
            else:
                s.notes = "Bench: situācija stabila."
            steps.append(s)
    CaseStep.objects.bulk_create(steps, batch_size=2000)
    # The follow-up date the reminders read from the case, as record_step keeps it (issue 14).
    from atbalsts.municipal.services import refresh_follow_up

    refresh_follow_up(MunicipalCase.objects.filter(pk__in=[c.pk for c in cases]))
    return {"municipal cases": len(cases), "municipal case steps": len(steps)}


def casework_models():
    """Every model whose automatic time stamps the load sets itself."""
    from django.apps import apps

    labels = ("identification.Case", "identification.Interview", "identification.Commission",
              "identification.RecognitionGround", "identification.EligibilityNote", "decisions.Application",
              "decisions.Decision", "decisions.Notification", "rehabilitation.Course", "rehabilitation.ServiceEntry",
              "rehabilitation.AftercareEntry", "plans.Plan", "plans.PlanVersion", "tasks.Task",
              "municipal.MunicipalCase", "municipal.CaseStep")
    return [apps.get_model(label) for label in labels]


def municipal_references() -> list[str]:
    from atbalsts.municipal.models import MunicipalCase

    return list(MunicipalCase.objects.values_list("reference", flat=True))
