"""The trail page paged by position (issue 14): every event once, newest first, however deep;
the filters kept across pages; a link the page did not make refused with a sentence; the same
few queries on the first page and a deep one."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atbalsts.audit.log import record
from atbalsts.audit.models import Action, AuditEvent
from tests.conftest import actor

PAGE = 10


@pytest.fixture(autouse=True)
def _small_pages(settings):
    settings.ATBALSTS_CASEWORK_PAGE_SIZE = PAGE


@pytest.fixture
def trail(people, clock, clock_today):
    """37 events of provider A (some at the very same moment, some older), 5 of provider B."""
    sw, outsider = actor(people["sw"]), actor(people["outsider"])
    for i in range(25):
        record(sw, Action.READ if i % 3 else Action.LIST, object_type="client", object_ref=f"AT-A{i:06d}")
    clock.move_to(clock_today - datetime.timedelta(days=3))
    for i in range(12):
        # The clock stands still within a microsecond or so: ties on the time are ordered by chain and seq.
        record(sw, Action.READ, object_type="client", object_ref=f"AT-T{i:06d}")
    for i in range(5):
        record(outsider, Action.READ, object_type="client", object_ref=f"AT-B{i:06d}")
    clock.move_to(clock_today)


def _links(body: str) -> dict[str, str]:
    return {rel: unescape(href) for href, rel in re.findall(r'href="(\?[^"]*)" rel="(next|prev)"', body)}


def _refs(body: str) -> list[str]:
    return re.findall(r'atb-case-number">(AT-[A-Z]\d{6})<', body)


def _walk(http, start: str) -> tuple[list[str], list[str]]:
    seen, bodies, url = [], [], start
    while url is not None:
        response = http.get("/audit/" + url)
        assert response.status_code == 200
        body = response.content.decode()
        bodies.append(body)
        seen.extend(_refs(body))
        url = _links(body).get("next")
        assert len(bodies) < 50
    return seen, bodies


def _expected(org_id: int | None, **filters) -> list[str]:
    qs = AuditEvent.objects.filter(object_ref__startswith="AT-").filter(**filters)
    if org_id is not None:
        qs = qs.filter(organisation_id=org_id)
    return list(qs.order_by("-at", "-chain", "-seq").values_list("object_ref", flat=True))


def test_the_administrator_walks_every_event_of_their_organisation_once(people, orgs, trail, login):
    http = login(people["org_admin"])
    seen, bodies = _walk(http, "?")
    assert seen == _expected(orgs["provider_a"].pk) and len(seen) == 37
    assert len(bodies) == 4 and not any("AT-B" in ref for ref in seen)
    # Back from the last page comes the page before it, exactly.
    back = http.get("/audit/" + _links(bodies[-1])["prev"]).content.decode()
    assert _refs(back) == _refs(bodies[-2])


def test_the_system_administrator_walks_every_event(people, trail, login):
    seen, _bodies = _walk(login(people["sys_admin"]), "?")
    assert seen == _expected(None) and len(seen) == 42


def test_the_filters_are_kept_on_every_page(people, orgs, trail, login):
    http = login(people["org_admin"])
    seen, bodies = _walk(http, "?action=read&ref=at-t")
    assert seen == _expected(orgs["provider_a"].pk, action=Action.READ, object_ref__startswith="AT-T")
    assert len(seen) == 12 and len(bodies) == 2
    assert "action=read" in _links(bodies[0])["next"] and "ref=at-t" in _links(bodies[0])["next"]


@pytest.mark.parametrize("link", ["after=nonsense", "before=" + "x" * 400, "after=", "page=7"])
def test_a_link_the_page_did_not_make(people, trail, login, link):
    http = login(people["org_admin"])
    http.cookies["django_language"] = "lv"
    response = http.get(f"/audit/?{link}")
    if link in ("after=", "page=7"):
        # No position (or an old page number): the first page.
        assert response.status_code == 200 and len(_refs(response.content.decode())) == PAGE
        return
    assert response.status_code == 400
    body = response.content.decode()
    assert "Šī lapas saite nav derīga" in body and not _refs(body)


def test_a_link_from_another_list_is_refused(people, trail, login):
    from atbalsts.lib import keyset

    other = keyset.Keyset(salt="atbalsts.decisions.archive", keys=(("at", "at", "datetime", True),
                                                                   ("chain", "chain", "int", True),
                                                                   ("seq", "seq", "int", True)))
    event = AuditEvent.objects.order_by("-at").first()
    response = login(people["org_admin"]).get("/audit/", {"after": other.make(event)})
    assert response.status_code == 400


def test_a_deep_page_costs_what_the_first_costs(people, trail, login):
    http = login(people["org_admin"])
    _seen, bodies = _walk(http, "?")
    deep = _links(bodies[-2])["next"]
    counts = []
    for url in ("?", deep):
        http.get("/audit/" + url)
        with CaptureQueriesContext(connection) as ctx:
            assert http.get("/audit/" + url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] and counts[0] <= 8
    # No page number, no count of the whole trail.
    assert not any("COUNT(" in q["sql"].upper() for q in ctx.captured_queries if "audit_auditevent" in q["sql"])
