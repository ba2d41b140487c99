"""The directory's filters: "only those I can reach now" (Latvian time, the opening hours, public
holidays, past midnight) and the planning region, as a GET form that needs no JavaScript."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from atbalsts.portal.models import OpeningHours, Region, Service, ServiceKind, ServicePhone, Situation
from atbalsts.portal.selectors import directory

pytestmark = pytest.mark.django_db
RIGA = ZoneInfo("Europe/Riga")
FRIDAY = 4


@pytest.fixture
def night_line():
    """Open on Fridays from 22:00 until 02:00 on Saturday, in Latgale."""
    service = Service.objects.create(name="Nakts līnija", kind=ServiceKind.NGO, region=Region.LATGALE)
    OpeningHours.objects.create(service=service, weekday=FRIDAY, opens=time(22), closes=time(2))
    return service


@pytest.fixture
def day_office():
    """Open on working days 10:00–18:00, closed on public holidays, in Kurzeme."""
    service = Service.objects.create(name="Dienas birojs", kind=ServiceKind.NGO, region=Region.KURZEME,
                                     closed_on_public_holidays=True)
    for weekday in range(5):
        OpeningHours.objects.create(service=service, weekday=weekday, opens=time(10), closes=time(18))
    return service


def reachable(now) -> set[str]:
    return {entry.service.name for entry in directory(None, now, open_now=True)}


def riga(*args) -> datetime:
    return datetime(*args, tzinfo=RIGA)


def test_open_now_keeps_an_office_inside_its_hours_and_drops_it_outside(day_office):
    assert "Dienas birojs" in reachable(riga(2026, 11, 16, 10, 0))  # Monday, at opening
    assert "Dienas birojs" in reachable(riga(2026, 11, 16, 17, 59))
    assert "Dienas birojs" not in reachable(riga(2026, 11, 16, 18, 0))  # closing time
    assert "Dienas birojs" not in reachable(riga(2026, 11, 16, 9, 59))
    assert "Dienas birojs" not in reachable(riga(2026, 11, 21, 12, 0))  # Saturday


def test_open_now_is_decided_in_riga_time_not_utc(day_office):
    # 08:30 UTC is 10:30 in Riga in winter: open, although it is before 10:00 in UTC.
    assert "Dienas birojs" in reachable(datetime(2026, 11, 16, 8, 30, tzinfo=ZoneInfo("UTC")))
    # 16:30 UTC is 18:30 in Riga: closed, although it is before 18:00 in UTC.
    assert "Dienas birojs" not in reachable(datetime(2026, 11, 16, 16, 30, tzinfo=ZoneInfo("UTC")))


def test_open_now_follows_hours_past_midnight(night_line):
    assert "Nakts līnija" not in reachable(riga(2026, 11, 20, 21, 59))  # Friday evening
    assert "Nakts līnija" in reachable(riga(2026, 11, 20, 23, 30))
    assert "Nakts līnija" in reachable(riga(2026, 11, 21, 1, 30))  # Saturday, still Friday's opening
    assert "Nakts līnija" not in reachable(riga(2026, 11, 21, 2, 0))
    assert "Nakts līnija" not in reachable(riga(2026, 11, 21, 23, 30))  # Saturday night: no opening


def test_open_now_drops_an_office_that_closes_on_a_public_holiday(day_office):
    # Wednesday 18 November 2026 is the Proclamation Day of the Republic of Latvia.
    assert "Dienas birojs" not in reachable(riga(2026, 11, 18, 12, 0))
    assert "Dienas birojs" in reachable(riga(2026, 11, 19, 12, 0))


def test_open_now_keeps_services_that_answer_round_the_clock(day_office):
    names = reachable(riga(2026, 11, 18, 3, 0))
    assert 'Patvērums "Drošā māja"' in names  # the whole service 24/7
    assert "Valsts policija" in names  # one of its numbers (110) answers 24/7
    assert "Valsts darba inspekcija" not in names  # no hours known: never claimed open


def test_a_service_whose_only_24_7_thing_is_a_phone_counts_as_reachable(day_office):
    ServicePhone.objects.create(service=day_office, number="+371 60000000", is_24_7=True)
    assert "Dienas birojs" in reachable(riga(2026, 11, 21, 3, 0))


def test_the_region_filter_keeps_that_region_and_the_nationwide_services(night_line, day_office):
    names = {entry.service.name for entry in directory(None, region=Region.LATGALE)}
    assert "Nakts līnija" in names
    assert "Dienas birojs" not in names
    assert 'Patvērums "Drošā māja"' in names  # serves the whole country
    assert "Par brīvu Vidzemi no cilvēku tirdzniecības" not in names  # Vidzeme only


def test_the_migration_places_the_vidzeme_association_in_vidzeme():
    assert Service.objects.get(name="Par brīvu Vidzemi no cilvēku tirdzniecības").region == Region.VIDZEME
    assert Service.objects.exclude(region="").count() == 1


def test_filters_combine_with_the_situation(day_office):
    names = {e.service.name for e in directory(Situation.PROFESSIONAL, region=Region.VIDZEME)}
    assert "Par brīvu Vidzemi no cilvēku tirdzniecības" in names
    assert "Dienas birojs" not in names
    assert all(Situation.PROFESSIONAL in {s.code for s in e.service.situations.all()}
               for e in directory(Situation.PROFESSIONAL, region=Region.VIDZEME))


# --- the page ---------------------------------------------------------------------------------


def test_the_page_filters_by_region_and_open_now_at_the_application_clock(client, clock, day_office, night_line):
    clock.move_to(date(2026, 11, 20), at=time(23, 0))  # Friday 23:00 in Riga
    body = client.get("/lv/help/?region=latgale&open=now").content.decode()
    assert "Nakts līnija" in body
    assert "Dienas birojs" not in body
    assert '<option value="latgale" selected>' in body
    assert 'name="open" type="checkbox" value="now" checked' in body
    clock.move_to(date(2026, 11, 16), at=time(12, 0))  # Monday noon
    body = client.get("/lv/help/?region=kurzeme&open=now").content.decode()
    assert "Dienas birojs" in body
    assert "Nakts līnija" not in body


def test_the_filters_are_a_get_form_with_labels(client):
    body = client.get("/en/help/?situation=abroad").content.decode()
    assert '<form method="get" action="/en/help/"' in body
    assert '<label class="govuk-label" for="filter-region">Region</label>' in body
    assert 'for="filter-open"' in body
    # The situation chosen with a link is kept when the form is sent.
    assert '<input type="hidden" name="situation" value="abroad">' in body


def test_situation_links_keep_the_other_filters(client):
    body = client.get("/lv/help/?region=vidzeme&open=now").content.decode()
    assert 'href="/lv/help/?situation=child&amp;region=vidzeme&amp;open=now"' in body


@pytest.mark.parametrize("query", [
    "region=mars", "region=", "open=yes", "open=", "region=riga&region=latgale", "open=now&open=now",
    "region=%00", "region=" + "x" * 5000, "situation=abroad&region=<script>",
])
def test_bad_filter_values_show_the_page_and_never_fail(client, query):
    response = client.get(f"/en/help/?{query}")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</head>", 1)[1].replace(
        '<script src="/static/portal/exit.js" defer></script>', "")


def test_an_unknown_region_filters_nothing(client):
    assert "Par brīvu Vidzemi" in client.get("/en/help/?region=mars").content.decode()


@pytest.mark.parametrize(("language", "words"), [
    ("lv", ["Sašaurināt sarakstu", "Reģions", "Visa Latvija"]),
    ("en", ["Narrow the list", "Region", "All of Latvia"]),
    ("ru", ["Сузить список", "Регион", "Вся Латвия"]),
    ("uk", ["Звузити список", "Регіон", "Уся Латвія"]),
])
def test_the_filters_speak_the_page_language(client, language, words):
    body = client.get(f"/{language}/help/").content.decode()
    for word in words:
        assert word in body
