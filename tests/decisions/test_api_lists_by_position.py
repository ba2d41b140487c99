"""SIVA's inbox and queue through the API (issue 14): a page at a time by position, in the pages'
order, with the same full view of each application as the old whole-list computation, in a fixed
number of queries whatever the number of rows; a link the list did not make is a 400 in the
reader's language; only SIVA's officers."""

import datetime
import json
import urllib.parse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.renderers import JSONRenderer

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.decisions import access
from atbalsts.decisions.api import SivaItemSerializer
from atbalsts.decisions.models import Application, ApplicationStatus, DecisionKind, Outcome
from atbalsts.identification.models import Case, CaseStatus, EligibilityNote, RecognitionGround
from atbalsts.people.services import create_client
from tests.conftest import actor
from tests.decisions.test_list_pages_at_scale import _application
from tests.files import JPEG
from tests.identification.flow import recognised_case

D = datetime.date
INBOX, QUEUE = "/api/decisions/siva-inbox/", "/api/decisions/siva-inbox/queue/"


@pytest.fixture
def cases(people, orgs, client_record, login):
    """Three cases that differ in what the view shows: the commission's opinion with a protocol and
    an EU citizen (Līga); a police ground with a document, a non-EU citizen with a legal basis and
    no personal code (Ivan); and Līga's record at another provider (the same personal code), its
    ground without a commission and no eligibility note."""
    first = recognised_case(people, orgs, client_record)
    ivan = create_client(
        actor(people["sw"]),
        {
            "given_names": "Ivan",
            "surname": "Petrov",
            "birth_date": D(1990, 6, 1),
            "citizenship": "Ukraina",
            "address": "Meža iela 2, Rīga",
        },
    )
    second = recognised_case(
        people,
        orgs,
        ivan,
        eligibility={
            "eu_citizen": False,
            "legal_basis": "other_provision",
            "legal_basis_note": "Imigrācijas likuma 23. pants",
        },
    )
    ground = login(people["sw"]).post(
        f"/api/identification/cases/{second.pk}/grounds/",
        {
            "ground": "proceedings",
            "standing": "witness",
            "document_number": "11816000123",
            "document_date": "2026-11-05",
            "issuing_body": "Valsts policija",
            "document": SimpleUploadedFile("scan.jpg", JPEG),
        },
    )
    assert ground.status_code == 201, ground.content
    elsewhere = create_client(
        actor(people["outsider"]),
        {
            "given_names": "Līga",
            "surname": "Bērziņa",
            "personal_code": "000101-12345",
            "birth_date": D(1995, 3, 14),
            "citizenship": "Latvija",
        },
    )
    third = Case.objects.create(
        client=elsewhere, organisation=orgs["provider_b"], opened_by=people["outsider"], status=CaseStatus.RECOGNISED
    )
    RecognitionGround.objects.create(
        case=third, ground="foreign", document_number="F-7", recorded_by=people["outsider"]
    )
    assert not EligibilityNote.objects.filter(case=third).exists()
    return [first, second, third]


def _grounds(case):
    return list(case.grounds.order_by("pk"))


def _make(people, cases, status, n, start):
    """``n`` applications in ``status`` over the three cases and their grounds, on days that repeat
    (so that equal dates are told apart by the id); the queued ones with their decision."""
    apps = []
    for i in range(n):
        case = cases[i % 3]
        grounds = _grounds(case)
        decided = [(DecisionKind.ORIGINAL, Outcome.QUEUE, start)] if status == ApplicationStatus.QUEUED else []
        app = _application(people, case, status, start + datetime.timedelta(days=i % 4), decided)
        app.ground = grounds[i % len(grounds)]
        app.save(update_fields=["ground"])
        apps.append(app)
    return apps


@pytest.fixture
def others(people, cases):
    """Services the persons already have: granted (a promotion from the queue too) and queued."""
    _application(
        people,
        cases[2],
        ApplicationStatus.GRANTED,
        D(2026, 6, 1),
        [(DecisionKind.ORIGINAL, Outcome.GRANT, D(2026, 6, 5))],
    )
    _application(
        people,
        cases[0],
        ApplicationStatus.GRANTED,
        D(2026, 7, 1),
        [(DecisionKind.ORIGINAL, Outcome.QUEUE, D(2026, 7, 3)), (DecisionKind.PROMOTION, Outcome.GRANT, D(2026, 8, 1))],
    )
    _application(
        people,
        cases[1],
        ApplicationStatus.REFUSED,
        D(2026, 7, 2),
        [(DecisionKind.ORIGINAL, Outcome.REFUSE, D(2026, 7, 4))],
    )


def _whole(people, status, order):
    """The API's list as it was computed before (``siva_inbox``, ``siva_queue``): every
    application in the status, in the list's order, each view built alone."""
    apps = access.applications_for_siva(actor(people["siva"])).filter(status=status).order_by(*order)
    return [access._view(app) for app in apps]


def _as_json(data):
    return json.loads(JSONRenderer().render(data))


def _walk(http, url):
    """Every page from the first by the ``next`` links: the pages' rows."""
    pages, link = [], url
    while link:
        response = http.get(link)
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == {"next", "previous", "results"}
        pages.append(body)
        link = body["next"]
        assert len(pages) < 20
    return pages


@override_settings(ATBALSTS_CASEWORK_PAGE_SIZE=10)
@pytest.mark.parametrize(
    "url, status, order",
    [
        (INBOX, ApplicationStatus.RECEIVED, ("deadline", "received_on", "pk")),
        (QUEUE, ApplicationStatus.QUEUED, ("received_on", "submitted_at", "pk")),
    ],
)
def test_the_pages_hold_the_old_whole_list_in_order_without_losing_or_repeating_a_row(
    people, cases, others, login, url, status, order
):
    _make(people, cases, status, 23, D(2026, 11, 2) if status == ApplicationStatus.RECEIVED else D(2026, 10, 1))
    siva = login(people["siva"])
    old = _as_json(SivaItemSerializer(_whole(people, status, order), many=True).data)
    assert len(old) == 23
    # The variety the view shows is there: other services, both eligibility results, a protocol.
    assert any(row["other_services"] for row in old)
    assert {row["eu_citizen"] for row in old} == {True, False, None}
    assert {row["has_protocol"] for row in old} == {True, False}
    pages = _walk(siva, url)
    assert [len(p["results"]) for p in pages] == [10, 10, 3]
    assert [row for p in pages for row in p["results"]] == old
    assert pages[0]["previous"] is None
    # Back from the last page: exactly the page before.
    assert siva.get(pages[2]["previous"]).json()["results"] == pages[1]["results"]
    # Each page read is recorded with exactly the references it showed.
    events = AuditEvent.objects.filter(action=Action.LIST, object_type="siva_application").order_by("-pk")[:4]
    assert [len(e.detail["refs"]) for e in reversed(events)] == [10, 10, 3, 10]
    assert events[1].detail["refs"] == [row["reference"] for row in pages[2]["results"]]


def test_the_batched_view_equals_the_view_of_one_application_field_by_field(people, cases, others):
    """Every field of the view, the ones the API leaves out too (decisions, documents, ...)."""
    _make(people, cases, ApplicationStatus.RECEIVED, 7, D(2026, 11, 2))
    _make(people, cases, ApplicationStatus.QUEUED, 5, D(2026, 10, 1))
    siva = actor(people["siva"])
    batched = access._views(list(access.views_queryset(siva).order_by("pk")))
    assert batched == [access._view(app) for app in access.applications_for_siva(siva).order_by("pk")]
    assert len(batched) == 15  # and the three of the fixture "others"
    assert any(v.documents for v in batched) and any(v.decisions for v in batched)
    assert any(v.legal_basis for v in batched)


@pytest.mark.parametrize("url, status", [(INBOX, ApplicationStatus.RECEIVED), (QUEUE, ApplicationStatus.QUEUED)])
def test_a_page_asks_the_same_number_of_queries_for_one_row_and_for_many(people, cases, others, login, url, status):
    siva = login(people["siva"])
    _make(people, cases[:1], status, 1, D(2026, 11, 2))
    siva.get(url)  # the session and the language are settled by the first request

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = siva.get(url)
        assert response.status_code == 200
        return len(captured.captured_queries), len(response.json()["results"])

    one, rows = queries()
    assert rows == 1
    _make(people, cases, status, 30, D(2026, 11, 3))
    many, rows = queries()
    assert rows == 31 and many == one


@pytest.mark.parametrize(
    "language, words", [("lv", "Šī lapas saite nav derīga"), ("en", "This page link is not valid")]
)
def test_a_link_the_list_did_not_make_is_a_400_in_the_readers_language(people, cases, login, language, words):
    _make(people, cases, ApplicationStatus.RECEIVED, 2, D(2026, 11, 2))
    _make(people, cases, ApplicationStatus.QUEUED, 2, D(2026, 10, 1))
    siva = login(people["siva"])
    siva.cookies["django_language"] = language
    assert len(siva.get(QUEUE).json()["results"]) == 2
    queue_cursor = access.QUEUE_ORDER.make(Application.objects.filter(status=ApplicationStatus.QUEUED).first())
    before = len(AuditEvent.objects.filter(action=Action.LIST))
    for url, query, name in [
        (INBOX, {"after": "x"}, "after"),
        (INBOX, {"before": "eyJhIjoxfQ:1:2"}, "before"),
        (INBOX, {"after": queue_cursor}, "after"),  # another list's
        (INBOX, {"after": queue_cursor[:-3]}, "after"),  # cut short
        (QUEUE, {"after": "a" * 400}, "after"),
    ]:
        response = siva.get(url, query)
        assert response.status_code == 400, (url, query)
        assert words in response.json()[name][0], response.json()
    # Nothing listed, so nothing recorded as shown.
    assert len(AuditEvent.objects.filter(action=Action.LIST)) == before
    # A link the list made works.
    link = urllib.parse.urlencode(
        {
            "after": access.INBOX_ORDER.make(
                Application.objects.filter(status=ApplicationStatus.RECEIVED)
                .order_by("deadline", "received_on", "pk")
                .first()
            )
        }
    )
    assert len(siva.get(f"{INBOX}?{link}").json()["results"]) == 1


def test_the_lists_stay_siva_only(people, cases, login):
    _make(people, cases, ApplicationStatus.RECEIVED, 1, D(2026, 11, 2))
    for persona in ("sw", "outsider", "municipal", "police", "org_admin"):
        http = login(people[persona])
        for url in (INBOX, QUEUE):
            for query in ({}, {"after": "x"}):
                assert http.get(url, query).status_code == 403, (persona, url)
    with pytest.raises(Exception) as refused:
        access.inbox_views_page(actor(people["sw"]))
    assert refused.type.__name__ == "Http404"
