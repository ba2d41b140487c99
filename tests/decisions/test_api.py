import datetime

from atbalsts.accounts.models import Membership
from atbalsts.decisions.models import Application, Decision
from atbalsts.identification import catalogue
from atbalsts.identification.models import Case, Commission
from atbalsts.identification.services import acknowledge, add_commission_member, convene_commission
from tests.conftest import actor
from tests.identification.flow import FULL, lawyer


def test_the_api_walks_a_case_from_first_contact_to_a_siva_grant(people, orgs, client_record, login):
    sw = login(people["sw"])
    opened = sw.post("/api/identification/cases/", {"client": client_record.case_number},
                     content_type="application/json")
    assert opened.status_code == 201, opened.content
    case_id = opened.json()["id"]
    interview = sw.post(f"/api/identification/cases/{case_id}/interviews/", {
        "date": "2026-11-10", "mode": "documents", "health": ["trauma"],
        "indicators": [{"code": "violence_threats", "answer": "found", "note": "Sists"}],
        "movements": [{"kind": "recruitment", "country": "Latvija"}]}, content_type="application/json")
    assert interview.status_code == 201, interview.content
    assert interview.json()["commission_recommended"] is True

    case = Case.objects.get(pk=case_id)
    commission = convene_commission(actor(people["sw"]), case, datetime.date(2026, 11, 12))
    law = lawyer(orgs)
    for user in (people["psy"], law):
        add_commission_member(actor(people["sw"]), commission, Membership.objects.get(user=user).pk)
    findings = [{"code": c, "found": c in FULL} for c in catalogue.CRITERIA_ITEMS]
    for user in (people["sw"], people["psy"], law):
        r = login(user).post(f"/api/identification/commissions/{commission.pk}/assessment/",
                             {"findings": findings, "opinion": "Jā."}, content_type="application/json")
        assert r.status_code == 200, r.content
    refused = sw.post(f"/api/identification/commissions/{commission.pk}/conclude/",
                      {"conclusion": "recognised", "reasoning": "Jā."}, content_type="application/json")
    assert refused.status_code == 400
    assert "State Police" in str(refused.json()) or "Valsts policijas" in str(refused.json())
    add_commission_member(actor(people["sw"]), commission, Membership.objects.get(user=people["police"]).pk)
    police = login(people["police"])
    assert police.get(f"/api/identification/commissions/{commission.pk}/").status_code == 200
    assert police.get(f"/api/identification/cases/{case_id}/").status_code in (403, 404)
    police.post(f"/api/identification/commissions/{commission.pk}/assessment/",
                {"findings": findings, "opinion": "Jā."}, content_type="application/json")
    concluded = sw.post(f"/api/identification/commissions/{commission.pk}/conclude/",
                        {"conclusion": "recognised", "reasoning": "Jā."}, content_type="application/json")
    assert concluded.status_code == 200, concluded.content
    commission = Commission.objects.get()
    for user in (people["sw"], people["psy"], law, people["police"]):
        acknowledge(actor(user), commission)

    eligibility = sw.post(f"/api/identification/cases/{case_id}/eligibility/", {"eu_citizen": True},
                          content_type="application/json")
    assert eligibility.status_code == 201, eligibility.content
    applied = sw.post("/api/decisions/applications/", {
        "case": case_id, "ground": case.grounds.get().pk, "signatory": "person", "signatory_name": "L. B.",
        "signed_on": "2026-11-13"}, content_type="application/json")
    assert applied.status_code == 201, applied.content
    app_id = applied.json()["id"]

    siva = login(people["siva"])
    inbox = siva.get("/api/decisions/siva-inbox/").json()["results"]
    assert [i["id"] for i in inbox] == [app_id]
    assert set(inbox[0]) >= {"given_names", "personal_code", "address", "provider", "deadline"}
    assert not {"indicators", "health", "interview", "phone"} & set(inbox[0])
    decided = siva.post(f"/api/decisions/siva-inbox/{app_id}/decide/",
                        {"outcome": "grant", "service_start": "2026-12-01"}, content_type="application/json")
    assert decided.status_code == 201, decided.content
    again = siva.post(f"/api/decisions/siva-inbox/{app_id}/decide/", {"outcome": "queue"},
                      content_type="application/json")
    assert again.status_code == 400
    assert Decision.objects.count() == 1
    assert Application.objects.get().status == "granted"


def test_the_api_hides_cases_from_other_providers_and_siva_endpoints_from_providers(people, client_record, login):
    sw = login(people["sw"])
    case_id = sw.post("/api/identification/cases/", {"client": client_record.case_number},
                      content_type="application/json").json()["id"]
    assert login(people["outsider"]).get(f"/api/identification/cases/{case_id}/").status_code == 404
    assert login(people["siva"]).get(f"/api/identification/cases/{case_id}/").status_code == 403
    assert sw.get("/api/decisions/siva-inbox/").status_code == 403
    assert login(people["outsider"]).post(
        "/api/identification/cases/", {"client": client_record.case_number}, content_type="application/json"
    ).status_code == 404


def test_the_new_endpoints_are_in_the_openapi_schema(people, login):
    schema = login(people["sw"]).get("/api/schema/").content.decode()
    for path in ("/api/identification/cases/", "/api/identification/commissions/{id}/conclude/",
                 "/api/decisions/applications/", "/api/decisions/siva-inbox/{id}/decide/"):
        assert path in schema
