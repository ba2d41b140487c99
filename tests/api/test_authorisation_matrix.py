"""The authorisation matrix: every route of the URL resolver × every role, a user of another
organisation and an anonymous visitor, against real objects of several organisations.

The declared table is ``tests/api/expectations.py``: what each identity gets from each route
(GET). A route missing from it fails the test with its name. To start an entry for a new route,
run this test with ``ATBALSTS_MATRIX_PRINT=1``: it prints what every route answered, in the
table's format (check each line by hand: the table is the decision, not a recording).

Besides the status, no 2xx body may carry personal data the identity's organisation has no
business seeing: provider B's client reaches nobody outside provider B, and provider A's client
reaches neither provider B nor the organisations that have no part in the case.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client as HttpClient
from django.utils import translation

from tests.api.expectations import ALL, EXPECTED
from tests.api.routes import all_routes, fill
from tests.api.world import TODAY, build_world

IDENTITIES = ["sw", "psy", "lawyer", "medical", "org_admin", "outsider", "siva", "municipal", "police", "hotline",
              "statistician", "sys_admin", "anonymous"]
# Who must never receive provider A's client's personal data (no part in the case, no consent).
NOT_FOR_A = {"outsider", "municipal", "hotline", "statistician", "sys_admin", "anonymous", "org_admin"}
# Provider B's client is provider B's alone.
NOT_FOR_B = set(IDENTITIES) - {"outsider"}


class _Values(dict):
    """Parameters no object of the world stands for get "1": an object that does not exist."""

    def __missing__(self, key):
        return "1"


def values_for(pattern: str, w) -> _Values:
    pk = "1"
    by_prefix = [
        (("identification/<int:pk>", "api/^identification/cases/"), w.case.pk),
        (("identification/commissions/", "api/^identification/commissions/"), w.commission.pk),
        (("decisions/applications/", "api/^decisions/siva-inbox/"), w.application.pk),
        (("decisions/letters/", "api/^decisions/decisions/"), w.decision.pk),
        (("municipal/cases/", "api/municipal/^cases/"), w.mcase.pk),
        (("municipal/requests/", "municipal/incoming/requests/", "api/municipal/^requests/"), w.request.pk),
        (("tasks/", "api/tasks/"), w.task.pk),
    ]
    reference = w.report.reference
    if pattern.startswith(("hotline/contacts/", "api/hotline/")):
        reference = w.extra["contact"].reference
    for prefixes, value in by_prefix:
        if pattern.startswith(prefixes):
            pk = value
            break
    # The admin's and the CMS's object pages are asked about the oldest object of their model,
    # not about "1": on PostgreSQL primary keys do not start again at 1 in every test.
    object_id = "1"
    admin_page = re.match(r"admin/(\w+)/(\w+)/<", pattern)
    if admin_page:
        try:
            model = apps.get_model(*admin_page.groups())
        except LookupError:
            model = None
        first = model.objects.order_by("pk").values_list("pk", flat=True).first() if model else None
        object_id = str(first) if first is not None else "0"
    elif pattern.startswith("cms/users/"):
        pk = str(get_user_model().objects.order_by("pk").values_list("pk", flat=True).first())
    task_id = w.extra["follow_up"].pk
    if pattern.startswith("cms/"):
        # The CMS's workflow pages name a workflow task: its oldest one (the one Wagtail makes), not
        # the hotline's follow-up, whose number on PostgreSQL depends on the tests run before.
        from wagtail.models import Task as WorkflowTask

        task_id = WorkflowTask.objects.order_by("pk").values_list("pk", flat=True).first() or 0
    return _Values(
        object_id=object_id, id=object_id, pk=pk,
        case_number=w.client.case_number, case_id=w.case.pk, reference=reference,
        interview_id=getattr(w.case.interviews.first(), "pk", 1), task_id=task_id,
        kind="consultation", fmt="csv", key="x", uidb36="x", what="all", layout="eurostat",
    )


@pytest.fixture
def world(people, orgs, client_record):
    # The system administrator runs Django's admin and the CMS, as in the demo.
    people["sys_admin"].is_staff = people["sys_admin"].is_superuser = True
    people["sys_admin"].save()
    with time_machine.travel(TODAY, tick=False):
        yield build_world(people, orgs, client_record)


def _http(world, who: str) -> HttpClient:
    http = HttpClient(raise_request_exception=False)
    if who != "anonymous":
        http.force_login(world.people[who], backend="django.contrib.auth.backends.ModelBackend")
    return http


def expected_status(entry: dict, who: str) -> int:
    for status, identities in entry.items():
        if identities != ALL and who in identities.split():
            return status
    return next(status for status, identities in entry.items() if identities == ALL)


def _as_entry(got: dict[str, int]) -> str:
    by_status = defaultdict(list)
    for who, status in got.items():
        by_status[status].append(who)
    common = max(by_status, key=lambda s: len(by_status[s]))
    parts = [f"{s}: {' '.join(ws)!r}" for s, ws in by_status.items() if s != common] + [f"{common}: ALL"]
    return "{" + ", ".join(parts) + "}"


def routes_without_expectation(routes, table) -> list[str]:
    return [r.pattern for r in routes if r.pattern not in table]


def test_every_route_answers_every_identity_as_declared_and_leaks_nothing(world):
    routes = all_routes()
    missing = routes_without_expectation(routes, EXPECTED)
    stale = sorted(set(EXPECTED) - {r.pattern for r in routes})
    clients = {who: _http(world, who) for who in IDENTITIES}
    wrong, leaks, printed = [], [], []
    with time_machine.travel(TODAY, tick=False):
        for route in routes:
            url = fill(route.pattern, values_for(route.pattern, world))
            got = {}
            for who in IDENTITIES:
                response = clients[who].get(url)
                got[who] = response.status_code
                if route.pattern in EXPECTED:
                    want = expected_status(EXPECTED[route.pattern], who)
                    if response.status_code != want:
                        wrong.append(f"{url} as {who}: {response.status_code}, expected {want}")
                if 200 <= response.status_code < 300 and not response.streaming:
                    body = response.content.decode(errors="replace")
                    for secret in (world.a_secrets if who in NOT_FOR_A else []) + (
                        world.b_secrets if who in NOT_FOR_B else []
                    ):
                        if secret in body:
                            leaks.append(f"{url} as {who} shows {secret!r}")
            printed.append(f"    {route.pattern!r}: {_as_entry(got)},")
    if os.environ.get("ATBALSTS_MATRIX_PRINT"):
        print("\n".join(printed))
    assert not missing, (
        "These routes have no expectation in tests/api/expectations.py (run with ATBALSTS_MATRIX_PRINT=1 "
        "to see what they answer): " + ", ".join(missing)
    )
    assert not stale, "These expectations name no route any more: " + ", ".join(stale)
    assert not leaks, "Personal data of another organisation:\n" + "\n".join(leaks)
    assert not wrong, f"{len(wrong)} answers differ from the table:\n" + "\n".join(wrong)
    assert len(routes) * len(IDENTITIES) > 5000  # the whole resolver, not a sample


def test_a_route_without_an_expectation_is_named():
    table = {k: v for k, v in EXPECTED.items() if k != "clients/<str:case_number>/"}
    with translation.override("lv"):  # the public routes carry the language prefix
        routes = all_routes()
    assert routes_without_expectation(routes, table) == ["clients/<str:case_number>/"]
