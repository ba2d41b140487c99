"""Stored PDFs (protocol, decision letter) and uploaded ground documents: Latvian text, encryption
at rest, who may download them, and the audit trail."""

import io

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.decisions import services as decision_services
from atbalsts.identification import services
from atbalsts.identification.models import CaseDocument, DocumentKind
from tests.conftest import actor
from tests.files import JPEG, PDF, PNG
from tests.identification.flow import recognised_case


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def raw_column(table: str, column: str, pk: int) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        value = cursor.fetchone()[0]
        return value.encode() if isinstance(value, str) else bytes(value)


@pytest.fixture
def case(people, orgs, client_record):
    return recognised_case(people, orgs, client_record)


def test_protocol_pdf_is_latvian_pdfa_stored_encrypted_and_for_the_case_team_only(people, case, login):
    commission = case.commissions.get()
    # Rendered when first asked for, not at each step of the commission.
    assert not commission.protocols.exists()
    response = login(people["sw"]).get(f"/identification/commissions/{commission.pk}/protocol.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "no-store"
    doc = commission.protocols.get()
    assert doc.kind == DocumentKind.PROTOCOL and doc.content == response.content and len(doc.source_sha256) == 64
    assert b"%PDF" not in raw_column("identification_casedocument", "content", doc.pk)
    metadata = pypdf.PdfReader(io.BytesIO(doc.content)).trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in metadata  # PDF/A-2b
    text = pdf_text(response.content)
    for word in ("Speciālistu komisijas", "Bērziņa", "Līga", "Atzinums", "elektroniski apliecināts",
                 "Līga Bērziņa atzīta par cilvēku tirdzniecības upuri"):
        assert word in text, word
    # Acknowledgements are part of the protocol: the version served shows all four.
    assert text.count("elektroniski apliecināts") == 4
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="case_document_protocol",
                                     actor_username="sw", detail__sha256=doc.sha256).exists()
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="case_document_protocol",
                                     object_ref=str(doc)).count() == 1
    # A commission member from the police is not the case team; SIVA and outsiders are nobody here.
    for who in ("police", "outsider", "siva", "psy"):
        r = login(people[who]).get(f"/identification/commissions/{commission.pk}/protocol.pdf")
        assert r.status_code == 404, who
    assert commission.protocols.count() == 1


def test_the_protocol_is_rendered_once_per_state_and_never_served_stale(people, orgs, client_record, login):
    from unittest import mock

    from atbalsts.identification import catalogue
    from atbalsts.identification.models import Conclusion
    from atbalsts.lib import documents
    from tests.identification.flow import FULL, interviewed, lawyer

    sw_actor = actor(people["sw"])
    case = services.open_case(sw_actor, client_record)
    interviewed(sw_actor, case)
    commission = services.convene_commission(sw_actor, case, __import__("datetime").date(2026, 11, 12))
    from atbalsts.accounts.models import Membership

    law = lawyer(orgs)
    members = (people["sw"], people["psy"], law, people["police"])
    for user in members[1:]:
        services.add_commission_member(sw_actor, commission, Membership.objects.get(user=user).pk)
    findings = {code: (code in FULL, "") for code in catalogue.CRITERIA_ITEMS}
    sw = login(people["sw"])
    url = f"/identification/commissions/{commission.pk}/protocol.pdf"
    render = mock.Mock(wraps=documents.render_pdf)
    with mock.patch("atbalsts.lib.documents.render_pdf", render):
        for user in members:
            services.record_assessment(actor(user), commission, findings, "Atzīstama par upuri.")
        # No protocol before the conclusion, and nothing rendered for it.
        assert sw.get(url).status_code == 404
        services.conclude_commission(sw_actor, commission, Conclusion.RECOGNISED, "Kritēriji izpildīti.")
        services.acknowledge(actor(people["sw"]), commission)
        services.acknowledge(actor(people["psy"]), commission)
        assert render.call_count == 0  # concluding and acknowledging render nothing
        first = sw.get(url)
        assert pdf_text(first.content).count("elektroniski apliecināts") == 2
        assert sw.get(url).content == first.content  # the same state: the stored PDF, not a new render
        assert render.call_count == 1 and commission.protocols.count() == 1
        # A later acknowledgement changes the protocol: the next download is a new version.
        services.acknowledge(actor(law), commission)
        services.acknowledge(actor(people["police"]), commission)
        latest = sw.get(url)
        assert pdf_text(latest.content).count("elektroniski apliecināts") == 4
        assert render.call_count == 2 and commission.protocols.count() == 2
        assert commission.protocols.first().content == latest.content  # the newest is current
        # So does any edit of what the protocol shows (here the person's name).
        client_record.surname = "Kalniņa"
        client_record.save()
        assert "Kalniņa" in pdf_text(sw.get(url).content)
        assert render.call_count == 3 and commission.protocols.count() == 3


def test_all_latvian_diacritics_survive_in_the_pdf(people, case, login):
    commission = case.commissions.get()
    commission.reasoning = "ā č ē ģ ī ķ ļ ņ š ū ž Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž"
    commission.save(update_fields=["reasoning"])
    text = pdf_text(services.current_protocol(actor(people["sw"]), commission).content)
    assert "ā č ē ģ ī ķ ļ ņ š ū ž Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž" in text


def test_decision_letter_pdf_for_siva_and_the_case_team_only(people, case, login):
    import datetime

    from atbalsts.decisions.models import DecisionLetter

    app = decision_services.submit_application(actor(people["sw"]), case, {
        "ground": case.grounds.get(), "signatory": "person", "signatory_name": "Līga Bērziņa",
        "signed_on": datetime.date(2026, 11, 13)})
    decision = decision_services.decide_application(actor(people["siva"]), app, {
        "outcome": "refuse", "refusal_reason": "other", "refusal_text": "Ģimenes ārsta ziņojums nav iesniegts."})
    letter = DecisionLetter.objects.get(decision=decision)
    assert b"%PDF" not in raw_column("decisions_decisionletter", "content", letter.pk)
    for who in ("siva", "sw"):
        r = login(people[who]).get(f"/decisions/letters/{decision.pk}/pdf/")
        assert r.status_code == 200, who
        assert r["Content-Type"] == "application/pdf" and r["Cache-Control"] == "no-store"
        text = pdf_text(r.content)
        for word in ("Lēmums", "Bērziņa", "Atteikt sociālās rehabilitācijas pakalpojumu",
                     "Ģimenes ārsta ziņojums nav iesniegts", "Sociālās integrācijas valsts aģentūra"):
            assert word in text, (who, word)
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="decision_letter").count() == 2
    for who in ("outsider", "police", "hotline"):
        assert login(people[who]).get(f"/decisions/letters/{decision.pk}/pdf/").status_code == 404, who


def _ground_post(file, **extra):
    return {"ground": "proceedings", "standing": "victim", "document_number": "11816000123",
            "document_date": "05.11.2026", "issuing_body": "Valsts policija", "document": file, **extra}


def test_a_png_named_pdf_is_stored_as_png_encrypted_and_for_the_team(people, client_record, login):
    case = services.open_case(actor(people["sw"]), client_record)
    sw = login(people["sw"])
    r = sw.post(f"/identification/{case.pk}/grounds/new/",
                _ground_post(SimpleUploadedFile("lēmums.pdf", PNG, content_type="application/pdf")))
    assert r.status_code == 302, r.content.decode()[:2000]
    doc = CaseDocument.objects.get(kind=DocumentKind.GROUND)
    assert doc.content_type == "image/png" and doc.file_name == "lēmums.pdf" and doc.size == len(PNG)
    raw = raw_column("identification_casedocument", "content", doc.pk)
    assert b"PNG" not in raw
    assert "lēmums".encode() not in raw_column("identification_casedocument", "file_name", doc.pk)
    got = sw.get(f"/identification/{case.pk}/documents/{doc.pk}/")
    assert got.status_code == 200 and got.content == PNG and got["Content-Type"] == "image/png"
    assert got["Content-Disposition"].startswith("attachment") and got["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="case_document_ground").exists()
    for who in ("outsider", "siva", "psy", "police"):
        assert login(people[who]).get(f"/identification/{case.pk}/documents/{doc.pk}/").status_code == 404


def test_a_text_file_named_pdf_is_refused_and_nothing_is_saved(people, client_record, login):
    case = services.open_case(actor(people["sw"]), client_record)
    r = login(people["sw"]).post(f"/identification/{case.pk}/grounds/new/",
                                 _ground_post(SimpleUploadedFile("lēmums.pdf", b"just text, not a PDF")))
    assert r.status_code == 200
    assert "this file is neither" in r.content.decode() or "ne viens, ne otrs" in r.content.decode() \
        or r.context["form"].errors["document"]
    assert not CaseDocument.objects.exists()
    assert not case.grounds.exists()


def test_an_oversize_file_is_refused(people, client_record, login, settings):
    settings.ATBALSTS_UPLOAD_MAX_BYTES = 1024
    settings.LANGUAGE_CODE = "en"
    case = services.open_case(actor(people["sw"]), client_record)
    big = JPEG + b"\x00" * 2000
    r = login(people["sw"]).post(f"/identification/{case.pk}/grounds/new/",
                                 _ground_post(SimpleUploadedFile("scan.jpg", big)), HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200
    assert r.context["form"].errors["document"]
    assert not CaseDocument.objects.exists() and not case.grounds.exists()


def test_the_service_refuses_what_the_form_would(people, client_record):
    from django.core.exceptions import ValidationError

    case = services.open_case(actor(people["sw"]), client_record)
    with pytest.raises(ValidationError) as exc:
        services.record_ground(actor(people["sw"]), case, {
            "ground": "foreign", "document_number": "X1", "document_date": __import__("datetime").date(2026, 1, 2),
            "issuing_body": "Garda", "document": SimpleUploadedFile("a.pdf", b"<html>")})
    assert "neither" in str(exc.value) or "PDF" in str(exc.value)
    assert not case.grounds.exists() and not CaseDocument.objects.exists()


def test_siva_fetches_documents_submitted_with_an_application_and_nothing_else(people, client_record, orgs,
                                                                               login):
    import datetime

    from atbalsts.people.services import create_client

    sw = actor(people["sw"])
    case = services.open_case(sw, client_record)
    ground = services.record_ground(sw, case, {
        "ground": "proceedings", "standing": "victim", "document_number": "1",
        "document_date": datetime.date(2026, 11, 5), "issuing_body": "Valsts policija",
        "document": SimpleUploadedFile("a.pdf", PDF)})
    submitted = ground.documents.get()
    services.record_eligibility(sw, case, {"eu_citizen": True})
    app = decision_services.submit_application(sw, case, {
        "ground": ground, "signatory": "person", "signatory_name": "L. B.", "signed_on": datetime.date(2026, 11, 6)})
    # Another case of the same provider, never sent to SIVA.
    other_client = create_client(sw, {"given_names": "Anna", "surname": "Ozola",
                                      "birth_date": datetime.date(1990, 1, 1)})
    other_case = services.open_case(sw, other_client)
    other = services.record_ground(sw, other_case, {
        "ground": "foreign", "document_number": "2", "document_date": datetime.date(2026, 11, 5),
        "issuing_body": "Garda", "document": SimpleUploadedFile("b.png", PNG)}).documents.get()

    siva = login(people["siva"])
    page = siva.get(f"/decisions/applications/{app.pk}/")
    assert f"/decisions/applications/{app.pk}/documents/{submitted.pk}/" in page.content.decode()
    got = siva.get(f"/decisions/applications/{app.pk}/documents/{submitted.pk}/")
    assert got.status_code == 200 and got.content.startswith(b"%PDF-")
    # SIVA opening the person's document is a disclosure to another organisation.
    assert AuditEvent.objects.filter(action=Action.DISCLOSE, actor_username="siva",
                                     object_ref=case.client.case_number).exists()
    assert siva.get(f"/decisions/applications/{app.pk}/documents/{other.pk}/").status_code == 404
    for who in ("sw", "outsider"):
        assert login(people[who]).get(f"/decisions/applications/{app.pk}/documents/{submitted.pk}/").status_code == 404
