"""The API endpoints added for issue 3's gaps: convene, members, acknowledge, grounds with documents,
the PDFs, SIVA's queue release; each one refuses outsiders."""

import datetime
import io

import pypdf
from django.core.files.uploadedfile import SimpleUploadedFile

from atbalsts.accounts.models import Membership
from atbalsts.audit.models import Action, AuditEvent
from atbalsts.decisions import services as decision_services
from atbalsts.identification import catalogue, services
from atbalsts.identification.models import CaseDocument, Commission
from tests.conftest import actor
from tests.files import JPEG
from tests.identification.flow import FULL, interviewed, lawyer, recognised_case

J = {"content_type": "application/json"}


def test_convene_members_assess_conclude_acknowledge_and_protocol_through_the_api(people, orgs, client_record,
                                                                                   login):
    sw, outsider = login(people["sw"]), login(people["outsider"])
    case = services.open_case(actor(people["sw"]), client_record)
    interviewed(actor(people["sw"]), case)
    assert outsider.post(f"/api/identification/cases/{case.pk}/commissions/", {"meeting_date": "2026-11-12"},
                         **J).status_code == 404
    r = sw.post(f"/api/identification/cases/{case.pk}/commissions/", {"meeting_date": "2026-11-12"}, **J)
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    law = lawyer(orgs)
    assert outsider.get(f"/api/identification/commissions/{cid}/member-candidates/").status_code == 404
    candidates = sw.get(f"/api/identification/commissions/{cid}/member-candidates/").json()
    wanted = {Membership.objects.get(user=u).pk for u in (people["psy"], law, people["police"])}
    assert wanted <= {c["membership"] for c in candidates}
    assert outsider.post(f"/api/identification/commissions/{cid}/members/",
                         {"membership": min(wanted)}, **J).status_code == 404
    for m in sorted(wanted):
        r = sw.post(f"/api/identification/commissions/{cid}/members/", {"membership": m}, **J)
        assert r.status_code == 201, r.content
    assert len(r.json()["members"]) == 4
    findings = [{"code": c, "found": c in FULL} for c in catalogue.CRITERIA_ITEMS]
    for u in (people["sw"], people["psy"], law, people["police"]):
        assert login(u).post(f"/api/identification/commissions/{cid}/assessment/",
                             {"findings": findings, "opinion": "Jā, atzīstama."}, **J).status_code == 200
    assert sw.post(f"/api/identification/commissions/{cid}/conclude/",
                   {"conclusion": "recognised", "reasoning": "Kritēriji izpildīti."}, **J).status_code == 200
    assert outsider.post(f"/api/identification/commissions/{cid}/acknowledge/").status_code == 404
    for u in (people["sw"], people["psy"], law, people["police"]):
        r = login(u).post(f"/api/identification/commissions/{cid}/acknowledge/")
        assert r.status_code == 200, r.content
    assert all(m["acknowledged_at"] for m in r.json()["members"])
    assert Commission.objects.get(pk=cid).fully_acknowledged

    pdf = sw.get(f"/api/identification/commissions/{cid}/protocol/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and pdf["Cache-Control"] == "no-store"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Speciālistu komisijas" in text and "Bērziņa" in text and "nav apliecināts" not in text
    for who in ("outsider", "siva", "police"):
        assert login(people[who]).get(f"/api/identification/commissions/{cid}/protocol/").status_code == 404
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="case_document_protocol").count() == 1


def test_grounds_with_a_document_through_the_api(people, client_record, login):
    sw = login(people["sw"])
    case = services.open_case(actor(people["sw"]), client_record)
    form = {"ground": "proceedings", "standing": "witness", "document_number": "11816000123",
            "document_date": "2026-11-05", "issuing_body": "Valsts policija"}
    assert login(people["outsider"]).post(f"/api/identification/cases/{case.pk}/grounds/", form).status_code == 404
    refused = sw.post(f"/api/identification/cases/{case.pk}/grounds/",
                      {**form, "document": SimpleUploadedFile("x.pdf", b"plain text")})
    assert refused.status_code == 400
    assert not case.grounds.exists() and not CaseDocument.objects.exists()
    r = sw.post(f"/api/identification/cases/{case.pk}/grounds/",
                {**form, "document": SimpleUploadedFile("scan.jpg", JPEG)})
    assert r.status_code == 201, r.content
    doc = r.json()["documents"][0]
    assert doc["content_type"] == "image/jpeg" and doc["file_name"] == "scan.jpg"
    got = sw.get(f"/api/identification/cases/{case.pk}/documents/{doc['id']}/")
    assert got.status_code == 200 and got.content.startswith(b"\xff\xd8\xff")
    url = f"/api/identification/cases/{case.pk}/documents/{doc['id']}/"
    assert login(people["outsider"]).get(url).status_code == 404
    # SIVA's role never opens case data: refused by the permission class before any lookup.
    assert login(people["siva"]).get(url).status_code == 403
    # JSON without a document works too.
    assert sw.post(f"/api/identification/cases/{case.pk}/grounds/", {**form, "ground": "foreign"},
                   **J).status_code == 201


def test_release_capacity_and_the_decision_letter_through_the_api(people, orgs, client_record, login):
    case = recognised_case(people, orgs, client_record)
    app = decision_services.submit_application(actor(people["sw"]), case, {
        "ground": case.grounds.get(), "signatory": "person", "signatory_name": "Līga Bērziņa",
        "signed_on": datetime.date(2026, 11, 13)})
    decision_services.decide_application(actor(people["siva"]), app, {"outcome": "queue"})
    siva = login(people["siva"])
    assert [i["id"] for i in siva.get("/api/decisions/siva-inbox/queue/").json()["results"]] == [app.pk]
    for who in ("sw", "outsider"):
        r = login(people[who]).post("/api/decisions/siva-inbox/release-capacity/",
                                    {"service_start": "2026-12-01"}, **J)
        assert r.status_code in (403, 404), who
    r = siva.post("/api/decisions/siva-inbox/release-capacity/", {"service_start": "2026-12-01"}, **J)
    assert r.status_code == 201, r.content
    assert r.json()["kind"] == "promotion" and r.json()["supersedes"]
    did = r.json()["id"]
    for who in ("siva", "sw"):
        pdf = login(people[who]).get(f"/api/decisions/decisions/{did}/letter/")
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf", who
        text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
        assert "Piešķirt sociālās rehabilitācijas pakalpojumu no 01.12.2026" in text
        assert "Bērziņa" in text
    for who in ("outsider", "police", "psy"):
        assert login(people[who]).get(f"/api/decisions/decisions/{did}/letter/").status_code == 404, who
    assert siva.post("/api/decisions/siva-inbox/release-capacity/", {"service_start": "2026-12-01"},
                     **J).status_code == 400
