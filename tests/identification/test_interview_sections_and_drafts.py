"""The interview form in sections: a draft keeps what is typed without the checks, the final save
still checks everything, the legal representative section appears only for a minor, the person's
own account is ciphertext at rest and shown only on the interview's page, and a field labelled
optional can be left empty."""

from __future__ import annotations

import datetime
import re

from django.db import connection

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.identification import services
from atbalsts.identification.models import Interview, InterviewDraft, LegalRepresentative
from atbalsts.people.services import create_client
from atbalsts.statistics.models import StatisticalRecord
from tests.conftest import actor
from tests.identification.flow import interview_post

ACCOUNT = "Mani aizveda uz Dublinu strādāt fermā, pasi paņēma saimnieks."
HEADINGS = ["section-person", "section-movement", "section-indicators", "section-needs", "section-representative"]


def _day(d: datetime.date) -> str:
    return d.strftime("%d.%m.%Y")


def _years_ago(today: datetime.date, years: int) -> datetime.date:
    return today.replace(year=today.year - years, day=min(today.day, 28))


def _case(people, client):
    return services.open_case(actor(people["sw"]), client)


def _url(case) -> str:
    return f"/identification/{case.pk}/interviews/new/"


def _post(today, **extra):
    return interview_post(date=_day(today - datetime.timedelta(days=1)), **extra)


def _section_ids(html: str) -> list[str]:
    return re.findall(r'<h2 class="govuk-heading-m" id="(section-[a-z]+)"', html)


def test_the_sections_have_their_headings_in_order_with_a_contents_list(people, login, clock_today):
    minor = create_client(actor(people["sw"]), {"given_names": "M", "surname": "Bērns",
                                                "birth_date": _years_ago(clock_today, 14)})
    case = _case(people, minor)
    html = login(people["sw"]).get(_url(case)).content.decode()
    assert _section_ids(html) == HEADINGS
    start = html.index('id="interview-contents"')
    contents = html[start:html.index("</nav>", start)]
    assert re.findall(r'href="#(section-[a-z]+)"', contents) == HEADINGS


def test_the_legal_representative_section_is_absent_for_an_adult(people, client_record, login):
    case = _case(people, client_record)
    html = login(people["sw"]).get(_url(case)).content.decode()
    assert _section_ids(html) == HEADINGS[:-1]
    assert "#section-representative" not in html


def test_the_legal_representative_section_is_shown_for_a_minor_with_the_recorded_one(people, login, clock_today):
    sw = actor(people["sw"])
    minor = create_client(sw, {"given_names": "M", "surname": "Bērns", "birth_date": _years_ago(clock_today, 14)})
    case = _case(people, minor)
    http = login(people["sw"])
    html = http.get(_url(case)).content.decode()
    assert 'id="section-representative"' in html and 'id="representative-missing"' in html
    assert 'id="representative-details"' not in html  # known to be a minor: not folded away
    LegalRepresentative.objects.create(case=case, name="Anna Bērna", relation="māte", basis="parent",
                                       recorded_by=people["sw"])
    assert "Anna Bērna" in http.get(_url(case)).content.decode()


def test_minor_is_judged_on_the_interview_date_typed_in_the_draft(people, login, clock_today):
    # Eighteen a month ago: a minor on an interview date two months back, an adult today.
    birth = _years_ago(clock_today, 18) - datetime.timedelta(days=30)
    person = create_client(actor(people["sw"]), {"given_names": "M", "surname": "Bērns", "birth_date": birth})
    case = _case(people, person)
    http = login(people["sw"])
    assert 'id="section-representative"' not in http.get(_url(case)).content.decode()
    http.post(_url(case), {"action": "draft", "date": _day(clock_today - datetime.timedelta(days=60))})
    assert 'id="section-representative"' in http.get(_url(case)).content.decode()


def test_without_a_birth_date_the_legal_representative_section_is_folded_with_a_note(people, login):
    person = create_client(actor(people["sw"]), {"given_names": "N", "surname": "Nezināms"})
    case = _case(people, person)
    html = login(people["sw"]).get(_url(case)).content.decode()
    assert 'id="section-representative"' in html
    assert '<details class="govuk-details" id="representative-details">' in html


def test_a_draft_saves_partial_input_without_the_checks_and_reopens_with_it(people, client_record, login):
    case = _case(people, client_record)
    http = login(people["sw"])
    # No date, no mode, an interpreter without a language, a movement without a country:
    # all refused by the final save, all kept by a draft.
    partial = {"action": "draft", "interpreter": "on", "account": ACCOUNT, "needs": ["safety_housing"],
               "move_0_kind": "exploitation", "ind_documents_confiscated": "found"}
    response = http.post(_url(case), partial)
    assert response.status_code == 302
    assert not Interview.objects.exists()
    draft = InterviewDraft.objects.get(case=case)
    assert draft.data["account"] == ACCOUNT and draft.data["needs"] == ["safety_housing"]
    page = http.get(_url(case)).content.decode()
    assert 'id="draft-note"' in page
    assert ACCOUNT in page
    assert re.search(r'value="safety_housing"[^>]*checked', page)
    assert not re.search(r'value="unemployed"[^>]*checked', page)
    assert re.search(r'<option value="found" selected>', page)
    http.cookies["django_language"] = "en"
    assert "Continue the draft interview" in http.get(f"/identification/{case.pk}/").content.decode()
    # Saved and read back: both audited, with no content in the audit.
    events = AuditEvent.objects.filter(object_type="interview_draft")
    assert set(events.values_list("action", flat=True)) == {Action.CREATE, Action.READ}
    assert all(not e.detail for e in events)


def test_a_draft_is_ciphertext_and_only_the_case_team_reaches_it(people, client_record, login):
    case = _case(people, client_record)
    login(people["sw"]).post(_url(case), {"action": "draft", "account": ACCOUNT, "recruitment_country": "Īrija"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM identification_interviewdraft")
        raw = repr(cursor.fetchall())
    assert "Dublinu" not in raw and "Īrija" not in raw and "account" not in raw
    outsider = login(people["outsider"])
    assert outsider.get(_url(case)).status_code == 404
    assert outsider.post(_url(case), {"action": "draft", "account": "x"}).status_code == 404
    assert InterviewDraft.objects.get(case=case).data["account"] == ACCOUNT


def test_the_final_save_still_checks_everything_and_removes_the_draft(people, client_record, login, clock_today):
    case = _case(people, client_record)
    http = login(people["sw"])
    http.post(_url(case), {"action": "draft", "account": ACCOUNT})
    response = http.post(_url(case), {"action": "record", "account": ACCOUNT, "interpreter": "on"})
    assert response.status_code == 200
    form = response.context["form"]
    assert {"date", "mode", "interpreter_language"} <= set(form.errors)
    assert not Interview.objects.exists() and InterviewDraft.objects.filter(case=case).exists()
    assert http.post(_url(case), _post(clock_today, action="record", account=ACCOUNT)).status_code == 302
    assert Interview.objects.get(case=case).account == ACCOUNT
    assert not InterviewDraft.objects.filter(case=case).exists()


def test_the_account_is_ciphertext_shown_on_the_interview_page_never_in_audit_or_statistics(
    people, client_record, login, clock_today
):
    case = _case(people, client_record)
    http = login(people["sw"])
    assert http.post(_url(case), _post(clock_today, account=ACCOUNT)).status_code == 302
    interview = Interview.objects.get(case=case)
    with connection.cursor() as cursor:
        cursor.execute("SELECT account FROM identification_interview")
        (raw,), = cursor.fetchall()
    assert raw and "Dublinu" not in str(raw)
    assert ACCOUNT in http.get(f"/identification/{case.pk}/interviews/{interview.pk}/").content.decode()
    assert "Dublinu" not in http.get(f"/identification/{case.pk}/").content.decode()
    assert not any("Dublinu" in repr(e.detail) for e in AuditEvent.objects.all())
    assert not any("Dublinu" in repr(vars(r)) for r in StatisticalRecord.objects.all())
    assert login(people["outsider"]).get(f"/identification/{case.pk}/interviews/{interview.pk}/").status_code == 404


def test_every_field_labelled_optional_can_be_left_empty(people, client_record, login, clock_today):
    case = _case(people, client_record)
    http = login(people["sw"])
    form = http.get(_url(case)).context["form"]
    required = {name for name, field in form.fields.items() if field.required}
    # Only what is required, and the answers' preset "unknown": the rest empty.
    data = {"action": "record", "date": _day(clock_today), "mode": "in_person"}
    data.update({name: "unknown" for name in required if name.startswith("ind_")})
    assert required - set(data) == set()
    assert http.post(_url(case), data).status_code == 302
    interview = Interview.objects.get(case=case)
    assert interview.account == "" and interview.needs == [] and not interview.movements.exists()


def test_a_field_needed_only_sometimes_says_when_instead_of_optional(people, client_record, login):
    case = _case(people, client_record)
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    html = http.get(_url(case)).content.decode()
    label = html[html.index('for="id_interpreter_language"'):]
    assert label.index("(required with an interpreter)") < label.index("</label>")
    label = html[html.index('for="id_move_0_country"'):]
    assert label.index("(required for a movement)") < label.index("</label>")


def test_the_reason_for_convening_without_an_indicator_is_not_labelled_optional(people, client_record, login):
    case = _case(people, client_record)
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    html = http.get(f"/identification/{case.pk}/").content.decode()
    label = html[html.index('for="id_no_indicator_reason"'):]
    assert "(optional)" not in label[:label.index("</label>")]
    response = http.post(f"/identification/{case.pk}/commission/new/", {"meeting_date": _day(case.opened_at.date())})
    assert response.status_code == 400
    assert "no_indicator_reason" in response.context["convene_form"].errors


def test_an_adults_application_to_siva_is_signed_by_the_person_by_default(people, orgs, client_record, login):
    from tests.identification.flow import recognised_case

    case = recognised_case(people, orgs, client_record)
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    response = http.get(f"/decisions/apply/{case.pk}/")
    form = response.context["form"]
    assert form["signatory"].value() == "person"
    assert form["signatory_name"].value() == "Līga Bērziņa"
    html = response.content.decode()
    label = html[html.index('for="id_signatory_name"'):]
    assert "(required for an adult)" in label[:label.index("</label>")]
