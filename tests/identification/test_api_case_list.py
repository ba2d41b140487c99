"""``/api/identification/cases/`` (issue 14): the page's cases with their grounds in a fixed
number of queries, the same rows, order and fields as before, the same scope."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from atbalsts.identification import access
from atbalsts.identification.api import CaseSerializer
from atbalsts.identification.models import Case, RecognitionGround
from atbalsts.people.models import CaseTeamMember
from atbalsts.people.services import create_client
from tests.conftest import actor

URL = "/api/identification/cases/"


def _clients(people, n, who="sw"):
    return [create_client(actor(people[who]), {"given_names": "Anna", "surname": f"Ozola{i}"}) for i in range(n)]


def _cases(people, clients, per_client=2, who="sw"):
    """Cases opened at shuffled, distinct moments (so the order is not the ids'), some with
    grounds that name a standing, some with the exploitation's start or age."""
    rng = random.Random(5)
    cases = []
    for client in clients:
        for _ in range(per_client):
            cases.append(
                Case.objects.create(
                    client=client,
                    organisation=client.organisation,
                    opened_by=people[who],
                    status=rng.choice(["open", "interviewed"]),
                )
            )
    moments = list(range(len(cases)))
    rng.shuffle(moments)
    base = timezone.now() - datetime.timedelta(days=400)
    for i, (case, moment) in enumerate(zip(cases, moments, strict=True)):
        Case.objects.filter(pk=case.pk).update(opened_at=base + datetime.timedelta(hours=moment))
        if i % 3 == 0:
            RecognitionGround.objects.create(
                case=case, ground="proceedings", standing="witness", recorded_by=people[who]
            )
            RecognitionGround.objects.create(
                case=case, ground="foreign", standing="victim" if i % 2 else "", recorded_by=people[who]
            )
        if i % 4 == 1:
            case.exploitation_began_on = datetime.date(2024, 5, i % 28 + 1)
            case.save(update_fields=["exploitation_began_on"])
        if i % 4 == 2:
            case.exploitation_began_age = "16"
            case.save(update_fields=["exploitation_began_age"])
    return cases


def _old(people):
    """The list as computed before: every visible case with its client, newest first."""
    return CaseSerializer(access.cases_visible_to(actor(people["sw"])).order_by("-opened_at"), many=True).data


def test_the_pages_hold_the_old_list_in_order_with_every_field(people, login):
    mine = _clients(people, 30)
    _cases(people, mine)
    _cases(people, _clients(people, 2, who="outsider"), who="outsider")
    # A client of the organisation whose team sw is not on.
    hidden = _clients(people, 1)[0]
    CaseTeamMember.objects.filter(client=hidden, user=people["sw"]).delete()
    _cases(people, [hidden])
    http = login(people["sw"])
    first = http.get(URL).json()
    second = http.get(first["next"]).json()
    assert first["count"] == 60 and second["next"] is None and len(first["results"]) == 50
    got = first["results"] + second["results"]
    assert got == [dict(row) for row in _old(people)]
    assert len({row["id"] for row in got}) == 60
    assert {row["proceedings_standing"] for row in got} == {"", "victim", "witness"}
    assert any(row["exploitation_began_on"] for row in got) and any(row["exploitation_began_age"] for row in got)


def test_the_list_asks_the_same_number_of_queries_for_one_case_and_for_many(people, login):
    http = login(people["sw"])
    _cases(people, _clients(people, 1), per_client=1)
    http.get(URL)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = http.get(URL)
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.json()["results"])

    one = queries()
    _cases(people, _clients(people, 20), per_client=3)
    assert one[1] == 1 and queries() == (one[0], 50)


@pytest.mark.parametrize("persona, status", [("outsider", 200), ("psy", 200), ("siva", 403), ("statistician", 403)])
def test_the_scope_is_unchanged(people, login, persona, status):
    _cases(people, _clients(people, 2))
    response = login(people[persona]).get(URL)
    assert response.status_code == status
    if status == 200:
        assert response.json()["results"] == []
