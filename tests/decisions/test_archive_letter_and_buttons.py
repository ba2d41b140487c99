"""SIVA's archive of decided applications, the complete decision letter, and buttons whose act is done."""

import datetime
import io
import re
import urllib.parse
from unittest import mock

import pypdf
import pytest
from django.test import override_settings

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.decisions import access, services
from atbalsts.decisions.models import Application, ApplicationStatus, Decision, DecisionKind, Outcome
from atbalsts.identification import services as identification_services
from atbalsts.people.services import create_client
from atbalsts.policy.letters import letter_rules_on
from atbalsts.policy.rules import ruleset_on
from tests.conftest import actor
from tests.identification.flow import recognised_case

D = datetime.date


@pytest.fixture
def case(people, orgs, client_record):
    return recognised_case(people, orgs, client_record)


def _submit(people, case, received_on):
    return services.submit_application(actor(people["sw"]), case, {
        "ground": case.grounds.get(), "signatory": "person", "signatory_name": "Līga Bērziņa",
        "signed_on": received_on, "received_on": received_on})


def _decided(people, case, *, status, received_on, decided_on, kinds=(DecisionKind.ORIGINAL,), ground=None):
    """A decided application written straight to the tables: the archive only lists them."""
    outcome = {ApplicationStatus.GRANTED: Outcome.GRANT, ApplicationStatus.QUEUED: Outcome.QUEUE,
               ApplicationStatus.REFUSED: Outcome.REFUSE, ApplicationStatus.RECEIVED: None}[status]
    app = Application.objects.create(
        case=case, organisation=case.organisation, ground=ground or case.grounds.first(), submitted_by=people["sw"],
        received_on=received_on, deadline=services.deadline_for(received_on), signatory="person",
        signatory_name="X", signed_on=received_on, status=status)
    previous = None
    for i, kind in enumerate(kinds if outcome else ()):
        previous = Decision.objects.create(
            application=app, kind=kind, outcome=outcome if i == len(kinds) - 1 else Outcome.QUEUE,
            service_start=decided_on if outcome == Outcome.GRANT else None,
            decided_on=decided_on + datetime.timedelta(days=10 * i), decided_by=people["siva"], supersedes=previous)
    return app


@pytest.fixture
def archive(people, orgs, case):
    """Three decided applications of three people and one still waiting in the inbox."""
    sw = actor(people["sw"])
    ground = case.grounds.get()

    def another(surname):
        return identification_services.open_case(sw, create_client(sw, {"given_names": "A", "surname": surname}))

    return {
        # Decided the day after receipt: within the deadline.
        "granted": _decided(people, case, status=ApplicationStatus.GRANTED, received_on=D(2026, 10, 5),
                            decided_on=D(2026, 10, 6)),
        # Decided a month late.
        "refused": _decided(people, another("Atteiktā"), status=ApplicationStatus.REFUSED,
                            received_on=D(2026, 9, 1), decided_on=D(2026, 10, 1), ground=ground),
        # Queued, then granted from the queue: the outcome is the current one, the date the first.
        "promoted": _decided(people, another("Rindā"), status=ApplicationStatus.GRANTED,
                             received_on=D(2026, 8, 3), decided_on=D(2026, 8, 4),
                             kinds=(DecisionKind.ORIGINAL, DecisionKind.PROMOTION), ground=ground),
        "waiting": _decided(people, another("Gaidošā"), status=ApplicationStatus.RECEIVED,
                            received_on=D(2026, 11, 13), decided_on=D(2026, 11, 13), ground=ground),
    }


# --- the archive -------------------------------------------------------------------------


def test_the_inbox_links_to_the_archive_of_decided_applications(people, login, archive):
    siva = login(people["siva"])
    siva.cookies["django_language"] = "en"
    assert "/decisions/archive/" in siva.get("/decisions/inbox/").content.decode()
    page = siva.get("/decisions/archive/").content.decode()
    refs = [archive[k].reference for k in ("granted", "refused", "promoted")]
    # Newest decision first; nothing awaiting a decision; no person's name on the list.
    assert page.index(refs[0]) < page.index(refs[1]) < page.index(refs[2])
    assert archive["waiting"].reference not in page
    assert "Atteiktā" not in page and "Bērziņa" not in page
    assert "Service granted" in page and "Refused" in page and "Test provider_a" in page
    assert "06.10.2026" in page and "01.10.2026" in page
    assert page.count(">met<") == 2 and page.count(">missed<") == 1
    assert "Granted from the queue 14.08.2026" in page
    assert page.count('class="govuk-link atb-case-number"') == 3


def test_the_archive_is_in_latvian_for_a_latvian_official(people, login, archive):
    siva = login(people["siva"])
    siva.cookies["django_language"] = "lv"
    page = siva.get("/decisions/archive/").content.decode()
    assert "Izlemtie iesniegumi" in page and "ievērots" in page and "nokavēts" in page
    assert "Pakalpojums piešķirts" in page and "Atteikts" in page
    assert "Piešķirts no rindas 14.08.2026" in page


def test_only_siva_sees_the_archive(people, login, archive):
    for persona in ("sw", "outsider", "police", "municipal", "hotline", "statistician", "org_admin", "sys_admin"):
        http = login(people[persona])
        assert http.get("/decisions/archive/").status_code == 404, persona
        assert http.get("/decisions/archive/", {"number": archive["granted"].reference}).status_code == 404, persona


def test_the_archive_needs_the_second_factor(people, orgs, login, archive):
    from tests.conftest import make_user

    unverified = make_user("siva_no_mfa", orgs["siva"], "siva_officer", mfa=False)
    response = login(unverified).get("/decisions/archive/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/")


def test_every_archive_read_is_recorded_with_the_search(people, login, archive):
    siva = login(people["siva"])
    before = AuditEvent.objects.filter(action=Action.LIST, object_type="siva_application").count()
    siva.get("/decisions/archive/", {"outcome": "refused"})
    event = AuditEvent.objects.filter(action=Action.LIST, object_type="siva_application").latest("seq")
    assert AuditEvent.objects.filter(action=Action.LIST, object_type="siva_application").count() == before + 1
    assert event.detail["archive"] is True and event.detail["refs"] == [archive["refused"].reference]
    assert event.detail["filters"]["outcome"] == "refused"


FILTERS = [
    ({"outcome": "refused"}, ["refused"]),
    ({"outcome": "granted"}, ["granted", "promoted"]),
    ({"outcome": "queued"}, []),
    ({"decided_from": "01.09.2026", "decided_until": "30.09.2026"}, []),
    ({"decided_from": "01.10.2026", "decided_until": "01.10.2026"}, ["refused"]),
    ({"decided_from": "02.10.2026"}, ["granted"]),
    ({"decided_until": "30.09.2026"}, ["promoted"]),
    ({"decided_from": "01.08.2026", "outcome": "granted"}, ["granted", "promoted"]),
]


def test_the_archive_filters_by_outcome_and_decision_period(people, login, archive):
    siva = login(people["siva"])
    for query, expected in FILTERS:
        response = siva.get("/decisions/archive/", query)
        assert response.status_code == 200
        page = response.content.decode()
        for key in ("granted", "refused", "promoted"):
            assert _listed(page, archive[key]) == (key in expected), (query, key)


def _listed(page, app):
    """Is the application a row of the list (not only the number echoed in the search box)?"""
    return f'href="/decisions/applications/{app.pk}/"' in page


def test_the_archive_finds_an_application_by_its_number_or_its_case_number(people, login, archive):
    siva = login(people["siva"])
    refused = archive["refused"]
    for number in (refused.reference, refused.case.client.case_number, refused.reference.lower(),
                   f" {refused.reference} ", f"{refused.reference}/D{refused.current_decision.pk}"):
        page = siva.get("/decisions/archive/", {"number": number}).content.decode()
        assert _listed(page, refused), number
        assert not _listed(page, archive["granted"]) and not _listed(page, archive["promoted"]), number
    # The right case number with another application's id finds nothing.
    other = f"{refused.case.client.case_number}/A{archive['granted'].pk}"
    page = siva.get("/decisions/archive/", {"number": other}).content.decode()
    assert not _listed(page, refused) and not _listed(page, archive["granted"])
    # An application still awaiting a decision is not in the archive, even by its number.
    page = siva.get("/decisions/archive/", {"number": archive["waiting"].reference}).content.decode()
    assert not _listed(page, archive["waiting"])


BAD_INPUT = [
    ({"number": "not a number"}, "Write the number as it is on the application"),
    ({"number": "AT-" + "A" * 40}, "at most 40 characters"),
    ({"decided_from": "31.02.2026"}, "Enter a valid date"),
    ({"decided_from": "01.01.1990"}, "1990"),
    ({"decided_from": "10.10.2026", "decided_until": "01.10.2026"}, "cannot be before its start (10.10.2026)"),
    ({"outcome": "received"}, "Select a valid choice"),
    ({"after": "abc"}, "This page link is not valid"),
    ({"before": "x" * 1000}, "This page link is not valid"),
]


def test_bad_search_input_gets_a_clear_message_and_no_list(people, login, archive):
    siva = login(people["siva"])
    siva.cookies["django_language"] = "en"
    for query, message in BAD_INPUT:
        response = siva.get("/decisions/archive/", query)
        page = response.content.decode()
        assert response.status_code == 400, query
        assert message in page and "There is a problem" in page, query
        assert not _listed(page, archive["granted"]), query


def test_a_bad_period_is_explained_in_latvian(people, login, archive):
    siva = login(people["siva"])
    siva.cookies["django_language"] = "lv"
    page = siva.get("/decisions/archive/", {"decided_from": "10.10.2026", "decided_until": "01.10.2026"})
    assert "Perioda beigas nevar būt pirms tā sākuma (10.10.2026)." in page.content.decode()


def _rows(page):
    return re.findall(r'href="/decisions/applications/(\d+)/"', page)


def _link(page, rel):
    found = re.search(rf'href="\?([^"]*)" rel="{rel}"', page)
    return dict(urllib.parse.parse_qsl(found.group(1).replace("&amp;", "&"))) if found else None


@override_settings(ATBALSTS_CASEWORK_PAGE_SIZE=10)
def test_the_archive_pages_by_position_keep_the_search_and_lose_no_row(people, orgs, login, case):
    # 23 refused on 12 days (two a day: equal dates are told apart by the id), one granted.
    refused = [_decided(people, case, status=ApplicationStatus.REFUSED, received_on=D(2026, 6, 1),
                        decided_on=D(2026, 6, 2) + datetime.timedelta(days=i // 2)) for i in range(23)]
    _decided(people, case, status=ApplicationStatus.GRANTED, received_on=D(2026, 6, 1), decided_on=D(2026, 6, 5))
    expected = [str(a.pk) for a in sorted(refused, key=lambda a: (a.decisions.get().decided_on, a.pk), reverse=True)]
    siva = login(people["siva"])
    siva.cookies["django_language"] = "en"
    pages, query = [], {"outcome": "refused"}
    while query is not None:
        page = siva.get("/decisions/archive/", query).content.decode()
        pages.append(page)
        query = _link(page, "next")
        if query is not None:
            assert query["outcome"] == "refused"  # the search is kept
    assert [len(_rows(p)) for p in pages] == [10, 10, 3]
    assert [pk for p in pages for pk in _rows(p)] == expected  # no row lost, none twice, in order
    # Back from the last page: the middle page again, exactly.
    back = siva.get("/decisions/archive/", _link(pages[2], "prev")).content.decode()
    assert _rows(back) == _rows(pages[1])
    assert _link(pages[0], "prev") is None and "First page" in pages[1]


@pytest.mark.parametrize("language, sentence", [
    ("en", "This page link is not valid: it may have been changed, cut short or be for another list."),
    ("lv", "Šī lapas saite nav derīga: tā var būt mainīta, saīsināta vai domāta citam sarakstam."),
])
def test_a_bad_page_link_gets_a_sentence_not_an_error(people, login, archive, language, sentence):
    siva = login(people["siva"])
    siva.cookies["django_language"] = language
    # A link of another list (the inbox's) is not the archive's either.
    inbox_link = access.INBOX_ORDER.make(archive["waiting"])
    for url in ("/decisions/archive/", "/decisions/inbox/", "/decisions/queue/"):
        for query in ({"after": "nonsense"}, {"before": "nonsense"}, {"after": "x" * 400}):
            response = siva.get(url, query)
            assert response.status_code == 400, (url, query)
            assert sentence in response.content.decode() and not _listed(response.content.decode(),
                                                                           archive["granted"])
    assert siva.get("/decisions/archive/", {"after": inbox_link}).status_code == 400


# --- the decision letter -----------------------------------------------------------------


def test_the_grant_letter_is_complete_in_latvian_and_english(people, case, login, clock_today):
    people["siva"].first_name, people["siva"].last_name = "Anna", "Ozola"
    people["siva"].save()
    app = _submit(people, case, clock_today)
    siva = login(people["siva"])
    response = siva.post(f"/decisions/applications/{app.pk}/", {
        "outcome": "grant", "service_start": "01.12.2026", "signatory_position": "Nodaļas vadītāja"})
    assert response.status_code == 302
    decision = Decision.objects.get()
    end = D(2026, 12, 1) + datetime.timedelta(days=ruleset_on(D(2026, 12, 1)).course_max_days - 1)
    lv = siva.get(f"/decisions/letters/{decision.pk}/").content.decode()
    assert "Ministru kabineta 2019. gada 16. jūlija noteikumi Nr. 344, 2.1. un 2.2. punkts" in lv
    assert "Sociālo pakalpojumu un sociālās palīdzības likuma 13. panta pirmās daļas 7. punkts" in lv
    assert "Lēmumu var apstrīdēt Labklājības ministrijā viena mēneša laikā no tā spēkā stāšanās dienas" in lv
    assert "Administratīvā procesa likuma 79. panta pirmā daļa" in lv
    assert "Nodaļas vadītāja" in lv and "Anna Ozola" in lv
    assert f"vēlākais līdz {end:%d.%m.%Y}" in lv and "ne ilgāk kā 180 kalendāra dienas" in lv
    assert "Piešķirt sociālās rehabilitācijas pakalpojumu no 01.12.2026." in lv
    assert "Tiesiskais pamats" in lv and "Lēmuma apstrīdēšana" in lv
    en = siva.get(f"/decisions/letters/{decision.pk}/", {"lang": "en"}).content.decode()
    assert "Cabinet Regulation No. 344 of 16.07.2019, paragraphs 2.1 and 2.2" in en
    assert "Law on Social Services and Social Assistance, Section 13(1)(7)" in en
    assert "can be contested at the Ministry of Welfare within one month" in en
    assert "Nodaļas vadītāja" in en and "Anna Ozola" in en
    assert f"until {end:%d.%m.%Y} at the latest" in en and "at most 180 calendar days" in en
    assert "The decision is the Latvian text." in en and "Piešķirt" not in en
    # The position is offered again on the official's next decision.
    assert services.last_position(actor(people["siva"])) == "Nodaļas vadītāja"


def test_the_issued_pdf_carries_the_same_clauses_in_latvian(people, case, clock_today):
    app = _submit(people, case, clock_today)
    decision = services.decide_application(actor(people["siva"]), app, {
        "outcome": Outcome.GRANT, "service_start": D(2026, 12, 1)})
    data = decision.letter.content
    assert data.startswith(b"%PDF")
    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "Nr. 344" in text and "Labklājības ministrijā" in text and "01.12.2026" in text
    assert "29.05.2027" in text  # 180 days, the first day counted
    assert "SIVA darbinieks" in text  # no position given: the role's name


def test_a_refusal_letter_has_the_clauses_but_no_course_end(people, case, clock_today):
    app = _submit(people, case, clock_today)
    with mock.patch("atbalsts.lib.documents.render_pdf", return_value=b"%PDF-1.7 test"):
        decision = services.decide_application(actor(people["siva"]), app, {
            "outcome": Outcome.REFUSE, "refusal_reason": "documents_incomplete", "refusal_text": "Nav paraksta."})
    from django.template.loader import render_to_string
    from django.utils import translation

    from atbalsts.decisions.letter import letter_context

    with translation.override("lv"):
        html = render_to_string("decisions/_letter_body.html", letter_context(decision, "lv"))
    assert "Atteikt sociālās rehabilitācijas pakalpojumu." in html and "Labklājības ministrijā" in html
    assert 'id="letter-course-end"' not in html
    with pytest.raises(ValueError):
        letter_context(decision, "de")


def test_the_appeal_clause_is_marked_as_a_default_to_check():
    rules = letter_rules_on(D(2026, 11, 16))
    assert rules.appeal.verified is False and rules.appeal.term_months == 1
    assert "product default" in rules.appeal.source
    assert letter_rules_on(D(2015, 1, 1)).code == "MK889"
    with pytest.raises(LookupError):
        letter_rules_on(D(2000, 1, 1))


# --- buttons whose act is done -----------------------------------------------------------


def test_the_submit_button_is_gone_after_submission_and_back_after_a_refusal(people, case, login, clock_today):
    provider = login(people["sw"])
    provider.cookies["django_language"] = "en"
    assert 'id="apply-to-siva"' in provider.get(f"/identification/{case.pk}/").content.decode()
    assert "Submit to SIVA" in provider.get(f"/decisions/apply/{case.pk}/").content.decode()
    app = _submit(people, case, clock_today)
    assert 'id="apply-to-siva"' not in provider.get(f"/identification/{case.pk}/").content.decode()
    page = provider.get(f"/decisions/apply/{case.pk}/").content.decode()
    assert "Submit to SIVA" not in page and 'id="siva-already-applied"' in page
    with mock.patch("atbalsts.lib.documents.render_pdf", return_value=b"%PDF-1.7 test"):
        services.decide_application(actor(people["siva"]), app, {
            "outcome": Outcome.REFUSE, "refusal_reason": "documents_incomplete", "refusal_text": "Nav paraksta."})
    assert 'id="apply-to-siva"' in provider.get(f"/identification/{case.pk}/").content.decode()
    assert "Submit to SIVA" in provider.get(f"/decisions/apply/{case.pk}/").content.decode()


def test_the_decide_button_is_gone_after_the_decision(people, case, login, clock_today):
    app = _submit(people, case, clock_today)
    siva = login(people["siva"])
    siva.cookies["django_language"] = "en"
    before = siva.get(f"/decisions/applications/{app.pk}/").content.decode()
    assert 'id="siva-decide"' in before and 'id="siva-correction"' not in before
    with mock.patch("atbalsts.lib.documents.render_pdf", return_value=b"%PDF-1.7 test"):
        assert siva.post(f"/decisions/applications/{app.pk}/", {"outcome": "queue"}).status_code == 302
    after = siva.get(f"/decisions/applications/{app.pk}/").content.decode()
    assert 'id="siva-decide"' not in after and "Record the decision" not in after
    assert 'id="siva-correction"' in after and "Record a correction" in after
    assert "/decisions/archive/" in after  # the way back from a decided application
