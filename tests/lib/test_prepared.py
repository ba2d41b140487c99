"""Prepared queries (ADR 0024): the same rows, objects and values as the queryset they stand for,
one statement per call, and a loud refusal for shapes whose values would not reach the SQL as given."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atbalsts.accounts import actor as actor_module
from atbalsts.lib.prepared import PreparedQuery, PrepareError
from atbalsts.people import access as people_access
from atbalsts.people.models import CaseTeamMember, Client, Consent, ConsentMethod, FamilyMember
from atbalsts.rehabilitation.templatetags import course as course_tag
from tests.conftest import actor


def _values(obj) -> dict:
    """Every concrete field's value (decrypted where encrypted), and which fields were loaded."""
    loaded = obj.get_deferred_fields()
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname not in loaded}


def _same(prepared: list, queryset) -> None:
    expected = list(queryset)
    assert [type(o) for o in prepared] == [type(o) for o in expected]
    assert [o.pk for o in prepared] == [o.pk for o in expected]
    for got, want in zip(prepared, expected, strict=True):
        assert _values(got) == _values(want)
        assert got.get_deferred_fields() == want.get_deferred_fields()
        assert got._state.db == want._state.db and got._state.adding is False
        # select_related objects come already filled, with the same values.
        for name, related in want._state.fields_cache.items():
            assert name in got._state.fields_cache
            other = got._state.fields_cache[name]
            assert (other is None) == (related is None)
            if related is not None:
                assert _values(other) == _values(related)


@pytest.fixture
def team(people, orgs, client_record, clock_today):
    from atbalsts.people.services import create_client

    others = [create_client(actor(people["sw"]), {"given_names": f"Ieva{i}", "surname": "Kalniņa",
                                                   "birth_date": datetime.date(1990, 1, 1 + i)}) for i in range(3)]
    for i in range(3):
        Consent.objects.create(client=client_record, recipient=orgs["municipal"], categories=["course"],
                               purpose=f"purpose {i}", valid_from=clock_today, method=ConsentMethod.IN_PERSON,
                               recorded_by=people["sw"], recorded_at_organisation=orgs["provider_a"] if i else None,
                               withdrawn_by=people["psy"] if i == 2 else None)
    FamilyMember.objects.create(client=client_record, relation="child", given_names="Anna", surname="Kalniņa",
                                birth_date=datetime.date(2015, 5, 5), accompanying=True)
    FamilyMember.objects.create(client=client_record, relation="parent", given_names="Rasma", surname="Kalniņa")
    from tests.people.test_client_list import _case

    _case(client_record, people, "interviewed")
    _case(client_record, people, "not_recognised")
    return [client_record, *others]


def test_the_client_pages_queries_give_what_their_querysets_give(team, people, orgs):
    for client in team:
        _same(people_access._CONSENTS(client_id=client.pk), people_access._CONSENTS.queryset(client_id=client.pk))
        _same(people_access._FAMILY(client_id=client.pk), people_access._FAMILY.queryset(client_id=client.pk))
        _same(people_access._IDENTIFICATION_CASES(client_id=client.pk),
              people_access._IDENTIFICATION_CASES.queryset(client_id=client.pk))
        for user in (people["sw"], people["psy"], people["outsider"]):
            a = actor(user)
            args = {"case_number": client.case_number, "organisation_id": a.organisation.pk, "user_id": user.pk}
            _same(people_access._VISIBLE_CLIENT(**args), people_access._VISIBLE_CLIENT.queryset(**args))
            _same(people_access._VISIBLE_CLIENT(**args),
                  people_access.clients_visible_to(a).filter(case_number=client.case_number))
        for org in (orgs["provider_a"], orgs["provider_b"]):
            args = {"case_number": client.case_number, "organisation_id": org.pk}
            _same(people_access._TEAM_WITH_CLIENT(**args), people_access._TEAM_WITH_CLIENT.queryset(**args))
            args = {"client_id": client.pk, "organisation_id": org.pk}
            _same(course_tag._LATEST_COURSE(**args), course_tag._LATEST_COURSE.queryset(**args))
    consents = people_access._CONSENTS(client_id=team[0].pk)
    assert len(consents) == 3 and {c.purpose for c in consents} == {"purpose 0", "purpose 1", "purpose 2"}
    team_rows = people_access._TEAM_WITH_CLIENT(case_number=team[0].case_number, organisation_id=orgs["provider_a"].pk)
    # The client's personal data is decrypted as a queryset would.
    assert team_rows and team_rows[0].client.given_names == team[0].given_names
    assert people_access._FAMILY(client_id=team[0].pk)[0].given_names == "Anna"
    assert len(people_access._IDENTIFICATION_CASES(client_id=team[0].pk)) == 2


def test_the_memberships_with_their_second_factor_flag(people):
    for user in people.values():
        prepared = actor_module._MEMBERSHIPS(user_id=user.pk)
        _same(prepared, actor_module._MEMBERSHIPS.queryset(user_id=user.pk))
        assert all(hasattr(m, "user_has_mfa") for m in prepared)
        assert [m.user_has_mfa for m in prepared] == [m.user_has_mfa for m in
                                                       actor_module._MEMBERSHIPS.queryset(user_id=user.pk)]


def test_the_latest_course_is_the_querysets_first(people, client_record, clock_today):
    from tests.people.test_client_list import _course

    for days in (300, 100, 10):
        _course(client_record, clock_today - datetime.timedelta(days=days))
    org = client_record.organisation_id
    got = course_tag._LATEST_COURSE.first(client_id=client_record.pk, organisation_id=org)
    want = course_tag._LATEST_COURSE.queryset(client_id=client_record.pk, organisation_id=org).first()
    assert got is not None and got.pk == want.pk and got.start == clock_today - datetime.timedelta(days=10)
    assert course_tag._LATEST_COURSE.first(client_id=client_record.pk, organisation_id=org + 999) is None


def test_one_statement_per_call(team):
    people_access._CONSENTS(client_id=team[0].pk)
    with CaptureQueriesContext(connection) as ctx:
        rows = people_access._CONSENTS(client_id=team[0].pk)
    assert len(rows) == 3 and len(ctx.captured_queries) == 1
    assert "JOIN" in ctx.captured_queries[0]["sql"]  # the related objects came in the same statement


def test_deferred_fields_stay_deferred(team):
    q = PreparedQuery(lambda client_id: Client.objects.filter(pk=client_id).only("case_number"), client_id=int)
    [got] = q(client_id=team[1].pk)
    assert got.case_number == team[1].case_number and "surname" in got.get_deferred_fields()
    assert got.surname == team[1].surname  # loaded on demand, decrypted, as with a queryset


def test_a_value_used_twice_is_bound_in_both_places(team, people):
    q = PreparedQuery(lambda user_id: CaseTeamMember.objects.filter(user_id=user_id, client__team__user_id=user_id)
                      .order_by("pk"), user_id=int)
    assert [m.pk for m in q(user_id=people["sw"].pk)] == [
        m.pk for m in q.queryset(user_id=people["sw"].pk)]
    assert q(user_id=people["psy"].pk) == []


def test_wrong_or_missing_values_are_refused(team):
    q = people_access._CONSENTS
    with pytest.raises(TypeError, match="client_id must be int"):
        q(client_id=str(team[0].pk))
    with pytest.raises(TypeError, match="expected the values"):
        q()
    with pytest.raises(TypeError, match="expected the values"):
        q(client_id=1, other=2)


@pytest.mark.parametrize("build", [
    # A pattern lookup wraps the value in wildcards: not the value as given.
    lambda text: Client.objects.filter(case_number__startswith=text),
    lambda text: Client.objects.filter(case_number__icontains=text),
    # A value that never reaches the SQL.
    lambda text: Client.objects.all(),
])
def test_shapes_that_change_the_value_cannot_be_prepared(db, build):
    with pytest.raises(PrepareError):
        PreparedQuery(build, text=str)(text="ABC")


@pytest.mark.parametrize(("kind", "value"), [(float, 1.0), (datetime.date, datetime.date(2020, 1, 1))])
def test_a_value_type_without_a_stand_in_is_refused(db, kind, value):
    with pytest.raises(PrepareError, match="no stand-in"):
        PreparedQuery(lambda x: Client.objects.filter(pk=x), x=kind)(x=value)
