"""Every step against every organisation kind, through the service functions: the organisation
kinds the policy does not give a step are refused with a message, and nothing is saved."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from atbalsts.accounts.models import Organisation, OrganisationKind
from atbalsts.accounts.steps import StepRefused
from atbalsts.audit.models import Action, AuditEvent
from atbalsts.decisions import services as decision_services
from atbalsts.decisions.models import Application
from atbalsts.identification import services
from atbalsts.identification.models import (
    Answer,
    Case,
    Commission,
    EligibilityNote,
    IndicatorAnswer,
    Interview,
    RecognitionGround,
    TravelSupport,
)
from atbalsts.people.models import CaseTeamMember, Client
from atbalsts.rehabilitation import services as rehab_services
from atbalsts.rehabilitation.models import AftercareEntry, Course, ServiceEntry
from tests.conftest import actor, make_user

from .flow import recognised_case

ON = datetime.date(2026, 11, 10)
# The role each kind's staff hold here: the casework role of that kind where it has one.
ROLE_OF = {
    OrganisationKind.SERVICE_PROVIDER: "social_worker",
    OrganisationKind.SIVA: "siva_officer",
    OrganisationKind.MUNICIPAL_SOCIAL_SERVICE: "municipal_social_worker",
    OrganisationKind.STATE_POLICE: "police_official",
    OrganisationKind.LABOUR_INSPECTORATE: "specialist",
    OrganisationKind.HOTLINE: "hotline_operator",
    OrganisationKind.NATIONAL_COORDINATOR: "statistician",
    OrganisationKind.OTHER: "specialist",
}
PROVIDER = {OrganisationKind.SERVICE_PROVIDER}
FIRST_CONTACT = {OrganisationKind.SERVICE_PROVIDER, OrganisationKind.MUNICIPAL_SOCIAL_SERVICE,
                 OrganisationKind.HOTLINE, OrganisationKind.STATE_POLICE}


@pytest.fixture
def staff(db, request):
    """A user of an organisation of the kind asked for, on the case team of a client of that
    organisation who has an identification case with an interview that found an indicator."""
    kind = request.param
    org = Organisation.objects.create(name=f"Org {kind}", kind=kind)
    user = make_user(f"u_{kind}", org, ROLE_OF[kind])
    client = Client.objects.create(organisation=org, given_names="Līga", surname="Bērziņa",
                                   birth_date=datetime.date(1990, 1, 1))
    CaseTeamMember.objects.create(client=client, user=user, role=ROLE_OF[kind])
    case = Case.objects.create(client=client, organisation=org, opened_by=user)
    interview = Interview.objects.create(case=case, date=ON, mode="in_person", recorded_by=user)
    IndicatorAnswer.objects.create(interview=interview, code="documents_confiscated", answer=Answer.FOUND)
    return {"kind": kind, "org": org, "user": user, "actor": actor(user), "client": client, "case": case}


def _writes():
    return AuditEvent.objects.filter(action__in=[Action.CREATE, Action.UPDATE]).count()


def _expect(kind, allowed_kinds, call, saved):
    """Allowed: not refused (other checks may still say no). Refused: a permission refusal, a
    message, and no row written nor any audit event of a change."""
    before_rows, before_events = saved(), _writes()
    if kind in allowed_kinds:
        try:
            call()
        except PermissionDenied as exc:  # pragma: no cover — the failure message
            pytest.fail(f"{kind} was refused: {exc}")
        except ValidationError:
            pass
        return
    with pytest.raises(PermissionDenied) as refused:
        call()
    assert str(refused.value)
    assert saved() == before_rows and _writes() == before_events


ALL_KINDS = list(OrganisationKind)


@pytest.mark.parametrize("staff", ALL_KINDS, indirect=True)
def test_opening_a_case_is_for_the_organisations_that_meet_people_first(staff):
    _expect(staff["kind"], FIRST_CONTACT, lambda: services.open_case(staff["actor"], staff["client"]),
            lambda: Case.objects.count())


@pytest.mark.parametrize("staff", ALL_KINDS, indirect=True)
def test_recording_an_interview_or_screening_is_for_the_first_contact_organisations(staff):
    _expect(staff["kind"], FIRST_CONTACT, lambda: services.record_interview(
        staff["actor"], staff["case"], {"date": ON, "mode": "in_person",
                                        "indicators": {"isolation": ("found", "")}}),
            lambda: Interview.objects.count())


@pytest.mark.parametrize("staff", ALL_KINDS, indirect=True)
def test_only_a_provider_records_a_recognition_ground(staff):
    _expect(staff["kind"], PROVIDER, lambda: services.record_ground(staff["actor"], staff["case"], {
        "ground": "proceedings", "document_number": "1", "document_date": ON, "issuing_body": "Valsts policija"}),
        lambda: RecognitionGround.objects.count())


@pytest.mark.parametrize("staff", ALL_KINDS, indirect=True)
def test_only_a_provider_convenes_the_commission(staff):
    _expect(staff["kind"], PROVIDER, lambda: services.convene_commission(staff["actor"], staff["case"], ON),
            lambda: Commission.objects.count())


@pytest.mark.parametrize("staff", ALL_KINDS, indirect=True)
def test_only_a_provider_records_travel_and_the_other_phase_one_support(staff):
    _expect(staff["kind"], PROVIDER, lambda: services.record_travel(staff["actor"], staff["case"], {
        "from_country": "Īrija", "travel_date": ON, "cost": "10"}), lambda: TravelSupport.objects.count())


@pytest.mark.parametrize("staff", ALL_KINDS, indirect=True)
def test_only_a_provider_records_eligibility(staff):
    _expect(staff["kind"], PROVIDER, lambda: services.record_eligibility(staff["actor"], staff["case"],
                                                                         {"eu_citizen": True}),
            lambda: EligibilityNote.objects.count())


@pytest.mark.parametrize("staff", ALL_KINDS, indirect=True)
def test_only_a_provider_applies_to_siva(staff):
    case = staff["case"]
    ground = RecognitionGround.objects.create(case=case, ground="proceedings", document_number="1", document_date=ON,
                                              issuing_body="Valsts policija", recorded_by=staff["user"])
    EligibilityNote.objects.create(case=case, eu_citizen=True, recorded_by=staff["user"])
    _expect(staff["kind"], PROVIDER, lambda: decision_services.submit_application(staff["actor"], case, {
        "ground": ground, "signatory": "person", "signatory_name": "L. B.", "signed_on": ON}),
        lambda: Application.objects.count())


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_only_siva_decides_on_an_application(kind, people, orgs, client_record):
    case = recognised_case(people, orgs, client_record)
    app = decision_services.submit_application(actor(people["sw"]), case, {
        "ground": case.grounds.get(), "signatory": "person", "signatory_name": "L. B.", "signed_on": ON})
    org = Organisation.objects.create(name=f"Decider {kind}", kind=kind)
    decider = actor(make_user(f"d_{kind}", org, ROLE_OF[kind]))
    _expect(kind, {OrganisationKind.SIVA}, lambda: decision_services.decide_application(
        decider, app, {"outcome": "queue"}), lambda: app.decisions.count())


def _course(staff):
    return Course.objects.create(client=staff["client"], organisation=staff["org"], start=ON)


@pytest.mark.parametrize("staff", ALL_KINDS, indirect=True)
def test_only_a_provider_holds_the_course(staff):
    course = _course(staff)
    _expect(staff["kind"], PROVIDER, lambda: rehab_services.record_service(staff["actor"], course, {
        "kind": "training", "on": ON, "training_step": "job_search", "hours": "1"}),
        lambda: ServiceEntry.objects.count())


@pytest.mark.parametrize("staff", ALL_KINDS, indirect=True)
def test_only_a_provider_closes_the_course(staff):
    course = _course(staff)
    _expect(staff["kind"], PROVIDER, lambda: rehab_services.close_course(staff["actor"], course, {
        "closure_reason": "other", "closing_summary": "x", "actual_end": ON}),
        lambda: Course.objects.filter(actual_end__isnull=False).count())


@pytest.mark.parametrize("staff", ALL_KINDS, indirect=True)
def test_only_a_provider_gives_the_after_care(staff):
    course = Course.objects.create(client=staff["client"], organisation=staff["org"], start=ON - datetime.timedelta(
        days=400), actual_end=ON - datetime.timedelta(days=300), closure_reason="other")
    _expect(staff["kind"], PROVIDER, lambda: rehab_services.record_aftercare(staff["actor"], course, {
        "kind": "aftercare_consultation", "on": ON, "specialist": "social_worker", "hours": "1"}),
        lambda: AftercareEntry.objects.count())


@pytest.mark.parametrize("staff", ALL_KINDS, indirect=True)
def test_only_a_provider_gives_the_family_consultations(staff):
    course = Course.objects.create(client=staff["client"], organisation=staff["org"], start=ON - datetime.timedelta(
        days=400), actual_end=ON - datetime.timedelta(days=300), closure_reason="other")
    _expect(staff["kind"], PROVIDER, lambda: rehab_services.record_aftercare(staff["actor"], course, {
        "kind": "family_consultation", "on": ON, "specialist": "psychologist", "hours": "1"}),
        lambda: AftercareEntry.objects.count())


@pytest.mark.parametrize("staff", [OrganisationKind.MUNICIPAL_SOCIAL_SERVICE], indirect=True)
def test_a_municipality_is_refused_with_the_reason_and_what_to_do_instead(staff, settings):
    from django.utils import translation

    with pytest.raises(StepRefused) as refused:
        services.convene_commission(staff["actor"], staff["case"], ON)
    with translation.override("en"):
        assert str(refused.value).startswith("Only a service provider can convene the specialist commission.")
        assert "refers the person to a service provider" in str(refused.value)
    with pytest.raises(StepRefused) as refused:
        services.record_ground(staff["actor"], staff["case"], {"ground": "proceedings"})
    with translation.override("lv"):
        assert str(refused.value).startswith("Reģistrēt atzīšanas pamatu drīkst tikai: pakalpojuma sniedzējs.")
