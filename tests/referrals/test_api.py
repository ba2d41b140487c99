"""The referrals API: the same services and access as the pages."""

from __future__ import annotations

from atbalsts.referrals.models import Referral

from .conftest import consent


def post(http, url, data):
    return http.post(url, data, content_type="application/json")


def test_send_answer_and_follow_a_referral_over_the_api(people, orgs, login, client_record):
    sender = login(people["sw"])
    sender.cookies["django_language"] = "en"
    preview = post(sender, "/api/referrals/what-travels/", {"recipient": orgs["municipal"].pk,
                                                             "type_code": "provider_to_municipality",
                                                             "client": client_record.case_number})
    assert preview.status_code == 200
    assert {row["code"]: row["travels"] for row in preview.json()}["identity"] is False
    refused = post(sender, "/api/referrals/", {"recipient": orgs["municipal"].pk,
                                               "type_code": "provider_to_municipality",
                                               "client": client_record.case_number, "message": "Sveiki"})
    assert refused.status_code == 400 and "has not agreed" in refused.json()["message"][0]
    consent(people["sw"], client_record, orgs["municipal"], ["identity", "course"])
    sent = post(sender, "/api/referrals/", {"recipient": orgs["municipal"].pk, "type_code": "provider_to_municipality",
                                            "client": client_record.case_number, "message": "Sveiki"})
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert body["side"] == "sender" and body["content"]["identity"]["surname"] == "Bērziņa"
    assert "contact" not in body["content"]
    reference = body["reference"]

    receiver = login(people["municipal"])
    assert [r["reference"] for r in receiver.get("/api/referrals/inbox/").json()] == [reference]
    opened = receiver.get(f"/api/referrals/{reference}/").json()
    assert opened["side"] == "recipient" and opened["seen_at"] and "20000001" not in str(opened)
    bad = post(receiver, f"/api/referrals/{reference}/outcome/", {"outcome": "help_started"})
    assert bad.status_code == 400
    assert post(receiver, f"/api/referrals/{reference}/accept/", {}).json()["status"] == "accepted"
    assert post(receiver, f"/api/referrals/{reference}/outcome/", {"outcome": "help_started"}).status_code == 200
    assert [r["status"] for r in sender.get("/api/referrals/outbox/").json()] == ["closed"]


def test_the_api_hides_referrals_from_outsiders_and_refuses_non_referring_roles(people, orgs, login):
    police = login(people["police"])
    sent = post(police, "/api/referrals/", {"recipient": orgs["provider_a"].pk, "type_code": "police_to_provider",
                                            "indicators": ["isolation"]})
    reference = sent.json()["reference"]
    outsider = login(people["outsider"])
    assert outsider.get(f"/api/referrals/{reference}/").status_code == 404
    assert post(outsider, f"/api/referrals/{reference}/decline/", {"reason": "no_capacity"}).status_code == 404
    assert outsider.get("/api/referrals/inbox/").json() == []
    assert login(people["siva"]).get("/api/referrals/inbox/").status_code == 403
    assert Referral.objects.get().status == "sent"


def test_bad_input_gets_a_clear_message(people, orgs, login):
    http = login(people["hotline"])
    http.cookies["django_language"] = "en"
    response = post(http, "/api/referrals/", {"recipient": orgs["police"].pk, "type_code": "hotline_to_provider"})
    assert response.status_code == 400 and "receives this type" in response.json()["recipient"][0]
    response = post(http, "/api/referrals/", {"recipient": orgs["provider_a"].pk, "type_code": "hotline_to_provider",
                                              "summary": {"channel": "Anna from Riga"}})
    assert response.status_code == 400 and "codes only" in response.json()["summary"][0]
    assert not Referral.objects.exists()
