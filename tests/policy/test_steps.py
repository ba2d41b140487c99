"""The policy's table of who may do each step, and the marking of unchecked rule values."""

import datetime

import pytest

from atbalsts.policy import eligibility
from atbalsts.policy.rules import MK344, MK889, PRODUCT_DEFAULTS, value_status
from atbalsts.policy.steps import (
    INVITED_SPECIALIST_KINDS,
    OrgKind,
    Step,
    StepRule,
    permitted,
    refusal,
    step_rules_on,
)

ON = datetime.date(2026, 11, 12)
# Written out by hand from the sources (not derived from the table), so that a change to the
# table has to change this too.
PROVIDER_ONLY = {Step.RECORD_GROUND, Step.CONVENE_COMMISSION, Step.PHASE_ONE_SUPPORT, Step.RECORD_ELIGIBILITY,
                 Step.APPLY_TO_SIVA, Step.HOLD_COURSE, Step.AFTERCARE, Step.FAMILY_CONSULTATIONS}
FIRST_CONTACT = {OrgKind.SERVICE_PROVIDER, OrgKind.MUNICIPAL_SOCIAL_SERVICE, OrgKind.HOTLINE, OrgKind.STATE_POLICE}
EXPECTED = {
    **{step: {OrgKind.SERVICE_PROVIDER} for step in PROVIDER_ONLY},
    Step.OPEN_CASE: FIRST_CONTACT,
    Step.RECORD_SCREENING: FIRST_CONTACT,
    Step.DECIDE_APPLICATION: {OrgKind.SIVA},
    Step.REFER_TO_PROVIDER: {OrgKind.MUNICIPAL_SOCIAL_SERVICE, OrgKind.HOTLINE, OrgKind.STATE_POLICE},
    Step.VIEW_NATIONAL_STATISTICS: {OrgKind.NATIONAL_COORDINATOR},
    # Open to a provider's administrator only (see the test below), not to its casework staff.
    Step.VIEW_OWN_STATISTICS: set(),
    # The hotline's own contact log (issue 12 §1).
    Step.KEEP_CONTACT_LOG: {OrgKind.HOTLINE},
    Step.OPEN_CLIENT_FROM_CONTACT: {OrgKind.HOTLINE},
    # International referral runs between partner hotlines (issue 12 §3, seed 002).
    Step.REFER_ABROAD: {OrgKind.HOTLINE},
    Step.ANSWER_PARTNER_REFERRAL: {OrgKind.HOTLINE},
    # Referrals between organisations (issue 12 §2): whoever meets people sends; those who help answer.
    Step.SEND_REFERRAL: FIRST_CONTACT,
    Step.ANSWER_REFERRAL: {OrgKind.SERVICE_PROVIDER, OrgKind.MUNICIPAL_SOCIAL_SERVICE},
}
# The role each kind's staff hold in these tests.
ROLE_OF = {
    OrgKind.SERVICE_PROVIDER: "social_worker",
    OrgKind.SIVA: "siva_officer",
    OrgKind.MUNICIPAL_SOCIAL_SERVICE: "municipal_social_worker",
    OrgKind.STATE_POLICE: "police_official",
    OrgKind.LABOUR_INSPECTORATE: "specialist",
    OrgKind.HOTLINE: "hotline_operator",
    OrgKind.NATIONAL_COORDINATOR: "statistician",
    OrgKind.OTHER: "specialist",
}


def test_every_step_has_a_rule_in_every_table():
    for on in (MK889.effective_from, MK344.effective_from, ON):
        table = step_rules_on(on)
        assert {r.step for r in table.rules} == set(Step)
        assert all(isinstance(r, StepRule) and r.source for r in table.rules)


@pytest.mark.parametrize("kind", list(OrgKind))
@pytest.mark.parametrize("step", list(Step))
def test_each_step_is_open_exactly_to_the_organisation_kinds_the_sources_give_it(step, kind):
    assert permitted(step, kind, {ROLE_OF[kind]}, ON) is (kind in EXPECTED[step])


@pytest.mark.parametrize("step", sorted(PROVIDER_ONLY))
def test_a_provider_administrator_without_a_casework_role_does_no_provider_step(step):
    assert not permitted(step, OrgKind.SERVICE_PROVIDER, {"org_admin"}, ON)


def test_only_a_providers_administrator_sees_its_own_figures_and_only_the_coordinator_the_nations():
    assert permitted(Step.VIEW_OWN_STATISTICS, OrgKind.SERVICE_PROVIDER, {"org_admin"}, ON)
    assert not permitted(Step.VIEW_OWN_STATISTICS, OrgKind.MUNICIPAL_SOCIAL_SERVICE, {"org_admin"}, ON)
    assert not permitted(Step.VIEW_NATIONAL_STATISTICS, OrgKind.SERVICE_PROVIDER, {"org_admin", "statistician"}, ON)
    assert not permitted(Step.VIEW_NATIONAL_STATISTICS, OrgKind.NATIONAL_COORDINATOR, {"org_admin"}, ON)


def test_no_organisation_does_nothing():
    assert not permitted(Step.OPEN_CASE, None, {"social_worker"}, ON)


def test_a_municipality_is_told_that_only_a_provider_convenes_and_that_it_refers_instead():
    lv, en = refusal(Step.CONVENE_COMMISSION, OrgKind.MUNICIPAL_SOCIAL_SERVICE, ON)
    assert en.startswith("Only a service provider can convene the specialist commission.")
    assert "refers the person to a service provider" in en
    assert lv.startswith("Sasaukt speciālistu komisiju drīkst tikai: pakalpojuma sniedzējs.")
    assert "nosūta personu pie pakalpojuma sniedzēja" in lv


def test_the_right_kind_in_the_wrong_role_is_told_it_is_the_role():
    lv, en = refusal(Step.APPLY_TO_SIVA, OrgKind.SERVICE_PROVIDER, ON)
    assert en == "Your role does not allow you to apply to SIVA."
    assert lv == "Jūsu lomai nav tiesību iesniegt iesniegumu SIVA."


def test_siva_and_the_coordinator_are_never_invited_to_a_commission_anyone_else_may_be():
    assert OrgKind.SIVA not in INVITED_SPECIALIST_KINDS
    assert OrgKind.NATIONAL_COORDINATOR not in INVITED_SPECIALIST_KINDS
    assert {OrgKind.LABOUR_INSPECTORATE, OrgKind.OTHER, OrgKind.MUNICIPAL_SOCIAL_SERVICE,
            OrgKind.SERVICE_PROVIDER, OrgKind.STATE_POLICE, OrgKind.HOTLINE} <= INVITED_SPECIALIST_KINDS


def test_the_step_table_has_no_rules_before_the_first_rule_set():
    from atbalsts.policy.rules import RuleSetNotFound

    with pytest.raises(RuleSetNotFound):
        step_rules_on(datetime.date(2006, 12, 31))


# --- values nobody has checked ----------------------------------------------------------------


def test_the_reflection_period_is_marked_unverified_in_both_rule_sets():
    for rs in (MK889, MK344):
        assert value_status(rs, "reflection_period_max_days") == "unverified"
        assert value_status(rs, "eligible_residence_permit_statuses") == "unverified"


def test_values_copied_from_889_into_344_are_unverified_until_checked():
    assert value_status(MK889, "siva_decision_working_days") == "checked"
    assert value_status(MK344, "siva_decision_working_days") == "unverified"
    assert value_status(MK344, "proceedings_support_hours_per_year") == "unverified"
    assert value_status(MK344, "commission_required_roles") == "unverified"
    # Checked against §4 of No. 344.
    assert value_status(MK344, "course_max_days") == "checked"
    assert value_status(MK344, "aftercare_consultations") == "checked"


def test_reminders_are_our_defaults_not_law():
    for name in PRODUCT_DEFAULTS:
        assert value_status(MK344, name) == "default"
    assert value_status(MK344, "course_warning_days") == "default"


def test_the_legal_bases_are_declared_and_none_is_presented_as_checked():
    codes = [b.code for b in eligibility.LEGAL_BASES]
    assert codes == ["reflection_period", "temporary_residence_permit", "other_provision"]
    assert not any(b.verified for b in eligibility.LEGAL_BASES)
    assert eligibility.legal_basis("other_provision").needs_note


def test_a_recorded_legal_basis_makes_a_non_eu_victim_with_a_refused_permit_eligible():
    without = eligibility.eligible_for_rehabilitation(False, False, "refused", MK344, ON)
    assert (without.eligible, without.reason) == (False, "not_eligible")
    with_basis = eligibility.eligible_for_rehabilitation(False, False, "refused", MK344, ON,
                                                         legal_basis_code="temporary_residence_permit")
    assert (with_basis.eligible, with_basis.reason) == (True, "legal_basis")
    assert "temporary residence permit" in with_basis.message_en


def test_an_unknown_basis_code_does_not_make_anyone_eligible():
    result = eligibility.eligible_for_rehabilitation(False, False, "refused", MK344, ON, legal_basis_code="nonsense")
    assert result.eligible is False


def test_the_codes_are_the_accounts_app_s_codes():
    from atbalsts.accounts.models import OrganisationKind
    from atbalsts.accounts.models import Role as AccountsRole
    from atbalsts.policy.rules import Role

    assert {k.value for k in OrgKind} == set(OrganisationKind.values)
    assert {r.value for r in Role} == set(AccountsRole.values)


def _rows_of(html: str, regulation: str) -> str:
    start = html.index(regulation)
    return html[start:html.index("</table>", start)]


@pytest.mark.django_db
def test_the_rules_page_marks_unverified_values_and_shows_who_may_do_each_step(people, login):
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    html = http.get("/policy/").content.decode()
    mk889, mk344 = _rows_of(html, "Cabinet Regulation No. 889"), _rows_of(html, "Cabinet Regulation No. 344")
    row = lambda table, label: table[table.index(label):table.index("</tr>", table.index(label))]  # noqa: E731
    assert "unverified" in row(mk889, "Reflection period for a non-EU victim, days")
    assert "checked" in row(mk889, "SIVA decision, working days")
    assert "unverified" in row(mk344, "SIVA decision, working days")
    assert "our default, not law" in row(mk344, "Plan review interval, days")
    steps = html[html.index('id="who-may-do-each-step"'):html.index('id="legal-bases"')]
    convene = row(steps, "convene the specialist commission")
    assert convene.count("✓") == 1
    assert "A temporary residence permit issued as a victim of trafficking" in html
