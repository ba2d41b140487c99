"""The case as an HTCDS 2.0 record for a referral, from the case page and the API: only under the
person's consent naming the recipient for their identity, audited, the recipient never in the address."""

from __future__ import annotations

import json

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.identification import services as identification
from atbalsts.people.models import ConsentCategory, ConsentMethod
from atbalsts.people.services import record_consent
from tests.conftest import actor

J = {"content_type": "application/json"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _case(people, client_record):
    return identification.open_case(actor(people["sw"]), client_record)


def _consent(people, client_record, recipient, categories, clock_today):
    record_consent(actor(people["sw"]), client_record, {
        "recipient": recipient, "categories": categories, "purpose": "Referral for shelter",
        "valid_from": clock_today, "valid_until": None, "method": ConsentMethod.IN_PERSON,
    })


def _disclosures():
    return AuditEvent.objects.filter(action=Action.DISCLOSE).count()


def test_with_consent_the_page_downloads_the_htcds_record(people, orgs, client_record, login, clock_today):
    case = _case(people, client_record)
    _consent(people, client_record, orgs["provider_b"], [ConsentCategory.IDENTITY], clock_today)
    sw = login(people["sw"])
    page = sw.get(f"/identification/{case.pk}/", **EN)
    assert f"/identification/{case.pk}/htcds-referral/" in page.content.decode()
    form = sw.get(f"/identification/{case.pk}/htcds-referral/", **EN)
    assert form.status_code == 200
    assert "Test provider_b" in form.content.decode()
    r = sw.post(f"/identification/{case.pk}/htcds-referral/", {"recipient": orgs["provider_b"].pk}, **EN)
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/json")
    assert "attachment" in r["Content-Disposition"] and "Bērziņa" not in r["Content-Disposition"]
    record = json.loads(r.content)
    assert record["standard"] == "HTCDS 2.0"
    assert record["record"]["prs_FirstName"] == "Līga"
    assert record["record"]["prs_SecondName"] == "Bērziņa"
    assert record["record"]["prs_Birthdate"] == "1995-03-14"
    assert record["record"]["prs_Gender"] == "Feminine"
    assert record["record"]["vic_TraffickingStatus"] == "PossibleVictimOfTrafficking"
    assert _disclosures() == 1


def test_without_consent_the_page_refuses_and_exports_nothing(people, orgs, client_record, login, clock_today):
    case = _case(people, client_record)
    _consent(people, client_record, orgs["provider_b"], [ConsentCategory.COURSE], clock_today)
    r = login(people["sw"]).post(f"/identification/{case.pk}/htcds-referral/",
                                 {"recipient": orgs["provider_b"].pk}, **EN)
    assert r.status_code == 400
    text = r.content.decode()
    assert "No consent in force lets this person" in text
    assert "prs_FirstName" not in text
    assert _disclosures() == 0


def test_the_refusal_is_in_latvian_on_a_latvian_page(people, orgs, client_record, login, clock_today):
    case = _case(people, client_record)
    r = login(people["sw"]).post(f"/identification/{case.pk}/htcds-referral/",
                                 {"recipient": orgs["provider_b"].pk}, HTTP_ACCEPT_LANGUAGE="lv")
    assert r.status_code == 400
    assert "No consent in force" not in r.content.decode()


def test_another_organisation_gets_a_404_on_the_page_and_the_api(people, orgs, client_record, login, clock_today):
    case = _case(people, client_record)
    _consent(people, client_record, orgs["provider_b"], [ConsentCategory.IDENTITY], clock_today)
    outsider = login(people["outsider"])
    assert outsider.get(f"/identification/{case.pk}/htcds-referral/").status_code == 404
    assert outsider.post(f"/identification/{case.pk}/htcds-referral/",
                         {"recipient": orgs["provider_b"].pk}).status_code == 404
    assert outsider.post(f"/api/identification/cases/{case.pk}/htcds-referral/",
                         {"recipient": orgs["provider_b"].pk}, **J).status_code == 404
    assert _disclosures() == 0


def test_the_api_answers_with_the_record_under_consent_and_refuses_without(
        people, orgs, client_record, login, clock_today):
    case = _case(people, client_record)
    sw = login(people["sw"])
    url = f"/api/identification/cases/{case.pk}/htcds-referral/"
    refused = sw.post(url, {"recipient": orgs["provider_b"].pk}, **J, **EN)
    assert refused.status_code == 400
    assert "No consent in force" in json.dumps(refused.json())
    assert _disclosures() == 0
    assert sw.post(url, {"recipient": 999_999}, **J).status_code == 400
    assert sw.post(url, {"recipient": "x"}, **J).status_code == 400

    _consent(people, client_record, orgs["provider_b"], [ConsentCategory.IDENTITY], clock_today)
    r = sw.post(url, {"recipient": orgs["provider_b"].pk}, **J)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["standard"] == "HTCDS 2.0"
    assert {"prs_FirstName", "prs_SecondName", "prs_Birthdate", "prs_Gender", "vic_TraffickingStatus",
            "cas_IncomingReferralDate"} <= set(body["record"])
    assert r["Cache-Control"] == "no-store"
    assert _disclosures() == 1
