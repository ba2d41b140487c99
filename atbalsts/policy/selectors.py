"""Reading policy data from the database (the pure modules never do)."""

from atbalsts.policy.calendar import WorkingCalendar
from atbalsts.policy.models import CalendarOverride


def current_calendar() -> WorkingCalendar:
    """Latvia's working-day calendar with the overrides stored in the database."""
    overrides = dict(CalendarOverride.objects.values_list("date", "is_working_day"))
    return WorkingCalendar(overrides)


def calendar_overrides() -> list[CalendarOverride]:
    return list(CalendarOverride.objects.order_by("date"))
