"""``manage.py policy``: deadlines and the rule set in force."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from atbalsts.policy.models import CalendarOverride
from atbalsts.policy.selectors import current_calendar


def run(*args):
    out = StringIO()
    call_command("policy", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_deadline_prints_only_the_date_3_working_days_after_30_april_2025():
    assert run("deadline", "--from", "2025-04-30", "--working-days", "3") == "2025-05-08\n"


@pytest.mark.django_db
def test_deadline_uses_the_calendar_overrides_in_the_database():
    CalendarOverride.objects.create(date=date(2025, 5, 6), is_working_day=False, note="test")
    CalendarOverride.objects.create(date=date(2025, 5, 3), is_working_day=True, note="test")
    assert current_calendar().is_working_day(date(2025, 5, 3))
    assert run("deadline", "--from", "2025-04-30", "--working-days", "3") == "2025-05-08\n"
    CalendarOverride.objects.filter(date=date(2025, 5, 3)).delete()
    assert run("deadline", "--from", "2025-04-30", "--working-days", "3") == "2025-05-09\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args",
    [
        ("deadline", "--from", "30.04.2025", "--working-days", "3"),
        ("deadline", "--from", "2025-04-30", "--working-days", "three"),
        ("deadline", "--from", "2025-04-30", "--working-days", "-1"),
    ],
)
def test_deadline_with_bad_input_is_a_clear_command_error(args):
    with pytest.raises(CommandError, match="--"):
        run(*args)


def test_show_prints_regulation_889_for_2018_as_json():
    data = json.loads(run("show", "--on", "2018-01-01"))
    assert data["code"] == "MK889"
    assert data["effective_from"] == "2007-01-01"
    assert data["effective_until"] == "2019-07-19"
    assert data["course_max_days"] == 180


def test_show_prints_regulation_344_for_2025_as_json():
    data = json.loads(run("show", "--on", "2025-01-01"))
    assert data["code"] == "MK344"
    assert data["effective_from"] == "2019-07-20"
    assert data["effective_until"] is None


def test_show_without_a_date_prints_the_rule_set_in_force_today():
    assert json.loads(run("show"))["code"] == "MK344"


def test_show_before_2007_is_a_clear_command_error():
    with pytest.raises(CommandError, match="2007-01-01"):
        run("show", "--on", "2006-12-31")
