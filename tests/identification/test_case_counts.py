"""The start page's counts of identification cases by status: the same cases as the scope of
``cases_visible_to`` (the case's and the client's organisation are the actor's, and the actor is
on the client's case team), however the count is written for speed (issue 14)."""

from __future__ import annotations

from django.db.models import Count

from atbalsts.accounts.models import Membership, Role
from atbalsts.identification.access import case_counts_by_status, cases_visible_to
from atbalsts.identification.models import Case, CaseStatus
from atbalsts.people.models import CaseTeamMember, Client
from tests.conftest import actor


def _old_counts(who) -> dict[str, int]:
    """The counts as the start page computed them before: grouped over ``cases_visible_to``."""
    rows = cases_visible_to(who).order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def _client(org, *team):
    client = Client.objects.create(organisation=org, given_names="Anna", surname="Ozola")
    for user in team:
        CaseTeamMember.objects.create(client=client, user=user, role=Role.SOCIAL_WORKER)
    return client


def _case(client, org, opener, status):
    return Case.objects.create(client=client, organisation=org, opened_by=opener, status=status)


def test_counts_equal_the_scope_on_a_mixed_register(orgs, people):
    a, b = orgs["provider_a"], orgs["provider_b"]
    sw, psy, outsider = people["sw"], people["psy"], people["outsider"]
    # sw also works for provider B (acting for A by default: the first organisation by name).
    Membership.objects.create(user=sw, organisation=b, role=Role.SOCIAL_WORKER)
    statuses = list(CaseStatus.values)
    # A's clients on sw's team, one case at each status (and two at the first).
    for status in [*statuses, statuses[0]]:
        _case(_client(a, sw, psy), a, sw, status)
    # A's clients whose team sw is not on.
    for status in statuses[:3]:
        _case(_client(a, psy), a, psy, status)
    # B's clients and cases, sw on the team of some.
    for status in statuses[1:4]:
        _case(_client(b, outsider, sw), b, outsider, status)
        _case(_client(b, outsider), b, outsider, status)
    # A case of B about A's client on sw's team, and a case of A about B's client on sw's team.
    _case(_client(a, sw), b, outsider, CaseStatus.OPEN)
    _case(_client(b, sw), a, sw, CaseStatus.CLOSED)

    expected_sw = {status: 1 for status in statuses}
    expected_sw[statuses[0]] = 2
    assert _old_counts(actor(sw)) == expected_sw
    assert case_counts_by_status(actor(sw)) == expected_sw
    for who in (psy, outsider):
        assert case_counts_by_status(actor(who)) == _old_counts(actor(who))
    assert sum(case_counts_by_status(actor(psy)).values()) == 10
    assert case_counts_by_status(actor(outsider)) == {s: 2 for s in statuses[1:4]}
    # The same user acting for B sees B's cases of the clients on their team, nothing of A's.
    sw_for_b = actor(sw).__class__(user=sw, organisation=b, roles=frozenset({Role.SOCIAL_WORKER}),
                                   mfa_verified=True)
    assert case_counts_by_status(sw_for_b) == _old_counts(sw_for_b) == {s: 1 for s in statuses[1:4]}


def test_no_counts_without_access(orgs, people):
    client = _client(orgs["provider_a"], people["no_mfa"], people["org_admin"])
    _case(client, orgs["provider_a"], people["sw"], CaseStatus.OPEN)
    assert case_counts_by_status(None) == {}
    assert case_counts_by_status(actor(people["no_mfa"])) == {}
    assert case_counts_by_status(actor(people["org_admin"])) == _old_counts(actor(people["org_admin"])) == {}
