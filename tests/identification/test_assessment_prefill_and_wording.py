"""Issue 13: a member's assessment starts from the indicators found at the interview, each
criterion's note is in the protocol, and the protocol's Latvian follows the person's recorded sex."""

import datetime
import re

from atbalsts.accounts.models import Membership
from atbalsts.audit.models import Action, AuditEvent
from atbalsts.identification import catalogue, services, wording
from atbalsts.identification.models import Conclusion
from tests.conftest import actor
from tests.identification.flow import FULL, lawyer, recognised_case


def _checked(html: str, name: str) -> bool:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert tag is not None, name
    return "checked" in tag.group(0)


def _note(html: str, code: str) -> str:
    tag = re.search(rf'<input[^>]*name="crit_{code}_note"[^>]*>', html)
    assert tag is not None, code
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


def _convened(people, orgs, client_record, found):
    sw = actor(people["sw"])
    case = services.open_case(sw, client_record)
    services.record_interview(sw, case, {"date": datetime.date(2026, 11, 1), "mode": "in_person",
                                         "indicators": {code: ("found", "") for code in found}})
    commission = services.convene_commission(sw, case, datetime.date(2026, 11, 12))
    for user in (people["psy"], lawyer(orgs), people["police"]):
        services.add_commission_member(sw, commission, Membership.objects.get(user=user).pk)
    return commission


def test_the_indicator_map_names_only_codes_that_exist():
    assert set(catalogue.INDICATOR_CRITERIA) <= catalogue.codes(catalogue.INDICATORS)
    assert {c for codes in catalogue.INDICATOR_CRITERIA.values() for c in codes} <= set(catalogue.CRITERIA_ITEMS)


def test_a_first_assessment_is_prefilled_from_the_indicators_found_at_the_interview(
        people, orgs, client_record, login):
    commission = _convened(people, orgs, client_record, found=("documents_confiscated", "isolation"))
    url = f"/identification/commissions/{commission.pk}/assessment/"
    page = login(people["sw"]).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert _checked(html, "crit_documents_taken") and _checked(html, "crit_confined")
    assert not _checked(html, "crit_recruited") and not _checked(html, "crit_controlled")
    assert _note(html, "documents_taken").startswith("Konstatēts intervijā: Pases, personas apliecības")
    assert _note(html, "recruited") == ""
    assert 'id="assessment-prefilled"' in html
    assert AuditEvent.objects.filter(action=Action.READ, object_type="interview_indicators",
                                     actor_username="sw", object_ref=commission.case.reference).exists()

    # The State Police member never sees the interview: nothing is pre-filled for them, nothing read.
    police_html = login(people["police"]).get(url).content.decode()
    assert not _checked(police_html, "crit_documents_taken") and 'id="assessment-prefilled"' not in police_html
    assert not AuditEvent.objects.filter(object_type="interview_indicators", actor_username="police").exists()

    # Once the member has saved, the form shows what they recorded, not the interview again.
    findings = {code: (code == "recruited", "") for code in catalogue.CRITERIA_ITEMS}
    services.record_assessment(actor(people["sw"]), commission, findings, "Skatīts.")
    html = login(people["sw"]).get(url).content.decode()
    assert _checked(html, "crit_recruited") and not _checked(html, "crit_documents_taken")
    assert 'id="assessment-prefilled"' not in html


def test_each_criterion_s_note_is_in_the_protocol(people, orgs, client_record, login):
    commission = _convened(people, orgs, client_record, found=("documents_confiscated",))
    note = "Pase glabājās darba devēja seifā"
    members = [m.user for m in commission.members.all()]
    for user in members:
        findings = {code: (code in FULL, note if code == "documents_taken" and user == people["psy"] else "")
                    for code in catalogue.CRITERIA_ITEMS}
        services.record_assessment(actor(user), commission, findings, "Atzīstama par upuri.")
    services.conclude_commission(actor(people["sw"]), commission, Conclusion.RECOGNISED, "Kritēriji izpildīti.")
    protocol = login(people["sw"]).get(f"/identification/commissions/{commission.pk}/protocol/").content.decode()
    assert f"<small>{note}</small>" in protocol
    assert protocol.count(note) == 1  # in the psychologist's column only


def test_the_protocol_follows_the_recorded_sex(people, orgs, client_record, login):
    case = recognised_case(people, orgs, client_record)
    commission = case.commissions.get()
    url = f"/identification/commissions/{commission.pk}/protocol/"
    sw = login(people["sw"])
    client_record.personal_code = ""  # the birth date is shown instead
    client_record.save()

    female = sw.get(url).content.decode()
    assert "Līga Bērziņa atzīta par cilvēku tirdzniecības upuri." in female
    assert "dzimusi 14.03.1995" in female and "Tika savervēta<" in female and "atzīts" not in female

    client_record.given_names, client_record.surname, client_record.sex = "Jānis", "Bērziņš", "male"
    client_record.save()
    male = sw.get(url).content.decode()
    assert "Jānis Bērziņš atzīts par cilvēku tirdzniecības upuri." in male
    assert "dzimis 14.03.1995" in male and "Tika savervēts<" in male and "Tika pastāvīgi kontrolēts<" in male
    assert "atzīta par" not in male and "dzimusi" not in male

    for unknown in ("", "other"):
        client_record.sex = unknown
        client_record.save()
        neutral = sw.get(url).content.decode()
        assert "Persona atzīta par cilvēku tirdzniecības upuri." in neutral, unknown
        assert "dzimšanas datums 14.03.1995" in neutral and "Tika savervēta<" in neutral, unknown
        assert "Jānis Bērziņš atzīt" not in neutral and "dzimis " not in neutral, unknown


def test_the_standing_and_the_not_recognised_sentence_follow_the_sex_too():
    for sex, victim, refused in (
        ("female", "Atzīta par cietušo kriminālprocesā", "Anna Ozola nav atzīta par cilvēku tirdzniecības upuri."),
        ("male", "Atzīts par cietušo kriminālprocesā", "Anna Ozola nav atzīts par cilvēku tirdzniecības upuri."),
        ("", "Persona atzīta par cietušo kriminālprocesā", "Persona nav atzīta par cilvēku tirdzniecības upuri."),
    ):
        words = wording.protocol_words(sex, "Anna Ozola")
        assert words.standing("victim") == victim and words.not_recognised == refused, sex
    assert wording.protocol_words("female", "X").standing("witness").startswith("Liecinieces statuss")
    assert wording.protocol_words("male", "X").standing("witness").startswith("Liecinieka statuss")


def test_the_assessment_form_speaks_to_a_man_in_masculine_forms(people, orgs, client_record, login):
    client_record.sex = "male"
    client_record.save()
    commission = _convened(people, orgs, client_record, found=("little_or_no_pay",))
    html = login(people["sw"]).get(f"/identification/commissions/{commission.pk}/assessment/").content.decode()
    assert "Tika savervēts" in html and "Tika savervēta" not in html
