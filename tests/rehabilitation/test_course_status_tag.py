"""The course status line on the client's page (issue 14): worked out without a query per course,
without loading the client again, and still only for the case team in the course's organisation."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

D = datetime.timedelta


def _queries(http, url: str) -> tuple[int, list[str], str]:
    with CaptureQueriesContext(connection) as ctx:
        response = http.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries], response.content.decode()


def test_the_client_page_asks_no_more_with_more_courses(make_course, client_record, today, sw_http):
    url = f"/clients/{client_record.case_number}/"
    make_course(today - D(days=800), actual_end=today - D(days=700), closure_reason="goals_reached")
    sw_http.get(url)  # the session and caches settle on a first request
    one, _sqls, page = _queries(sw_http, url)
    assert "atb-course-status" in page
    for years in (4, 3, 2):
        make_course(today - D(days=365 * years), actual_end=today - D(days=365 * years - 100),
                    closure_reason="goals_reached")
    make_course(today - D(days=9))
    many, sqls, page = _queries(sw_http, url)
    assert many <= one
    # The latest course is the one shown.
    assert "day 10 of 180, 170 days left" in page
    # The client was read once, by the page: the status line does not load it again.
    client_reads = [s for s in sqls if s.split(" FROM ", 1)[-1].startswith('"people_client"')
                    or 'INNER JOIN "people_client"' in s]
    assert len(client_reads) <= 1, client_reads


def test_the_line_is_still_shown_only_to_the_case_team(make_course, client_record, today, people, orgs, login):
    from atbalsts.people.models import CaseTeamMember

    make_course(today - D(days=9))
    # A colleague in the same organisation but not on the case team: no page, so no line.
    assert not CaseTeamMember.objects.filter(client=client_record, user=people["psy"]).exists()
    assert login(people["psy"]).get(f"/clients/{client_record.case_number}/").status_code == 404


def test_a_course_of_another_organisation_is_not_shown(make_course, client_record, today, orgs, sw_http):
    make_course(today - D(days=9)).__class__.objects.update(organisation=orgs["provider_b"])
    _n, _sqls, page = _queries(sw_http, f"/clients/{client_record.case_number}/")
    assert "atb-course-status" not in page


def test_the_line_counts_days_in_the_grammar_of_each_language(make_course, client_record, today, sw_http):
    """One day is "1 day" and "1 diena", twenty-one "21 diena" (Latvian's singular), eleven "11 dienas"."""
    url = f"/clients/{client_record.case_number}/"
    course = make_course(today - D(days=20), actual_end=today - D(days=20), closure_reason="goals_reached")
    sw_http.cookies["django_language"] = "en"
    assert "1 day used" in sw_http.get(url).content.decode()
    sw_http.cookies["django_language"] = "lv"
    assert "izmantota 1 diena" in sw_http.get(url).content.decode()
    course.__class__.objects.filter(pk=course.pk).update(actual_end=today)
    assert "izmantota 21 diena" in sw_http.get(url).content.decode()
    course.__class__.objects.filter(pk=course.pk).update(actual_end=today - D(days=10))
    assert "izmantotas 11 dienas" in sw_http.get(url).content.decode()


def test_days_left_read_right_for_one_and_twenty_one_on_every_page_that_counts_them(make_course, client_record,
                                                                                    today, sw_http, sw):
    """21 days left is "atlikusi 21 diena" (Latvian's singular after a number ending in 1), 20
    is "atlikušas 20 dienas"; English says "1 day left"; the reminder's title follows the same."""
    from django.utils import translation

    from atbalsts.rehabilitation.reminders import reminders

    number = client_record.case_number
    course = make_course(today - D(days=158))  # day 159 of 180: 21 days left
    sw_http.cookies["django_language"] = "lv"
    assert "atlikusi 21 diena" in sw_http.get(f"/clients/{number}/").content.decode()
    assert "atlikusi 21 diena. Plānojiet pēcaprūpi." in sw_http.get(f"/rehabilitation/{number}/").content.decode()
    with translation.override("lv"):
        titles = [r.title for r in reminders(sw, today) if r.kind == "course_ending"]
    assert len(titles) == 1 and titles[0].startswith(f"Kurss {number} beidzas ") and titles[0].endswith(
        "(atlikusi 21 diena)"), titles
    course.__class__.objects.filter(pk=course.pk).update(start=today - D(days=159))  # 20 days left
    assert "atlikušas 20 dienas" in sw_http.get(f"/clients/{number}/").content.decode()
    course.__class__.objects.filter(pk=course.pk).update(start=today - D(days=178))  # day 179: 1 day left
    sw_http.cookies["django_language"] = "en"
    page = sw_http.get(f"/rehabilitation/{number}/").content.decode()
    assert "1 day left. Plan the after-care." in page and "1 days" not in page
