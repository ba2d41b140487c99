"""Reading the public directory and choosing where an anonymous report goes."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from atbalsts.accounts.models import Organisation, OrganisationKind
from atbalsts.policy.calendar import holiday_name
from atbalsts.policy.selectors import current_calendar

from .hours import Opening, OpenState, Schedule, open_state
from .models import OpeningHours, Region, Service, ServiceKind, ServicePhone, Situation

logger = logging.getLogger(__name__)

HOTLINE_NUMBERS_CACHE_KEY = "portal:hotline-numbers"


def latvian_day_off_checker():
    """A function telling whether a date is a public holiday or another day off on a weekday.

    Uses the policy calendar with the admin's overrides, so a transferred day off closes the
    services that close on public holidays, and a transferred working Saturday does not open
    those that never work on Saturdays (their weekly schedule decides that).
    """
    calendar = current_calendar()

    def is_holiday(d: date) -> bool:
        if holiday_name(d) is not None and calendar.overrides.get(d) is not True:
            return True
        return d.weekday() < 5 and not calendar.is_working_day(d)

    return is_holiday


def schedule_of(service: Service) -> Schedule:
    return Schedule(
        openings=tuple(Opening(h.weekday, h.opens, h.closes) for h in service.hours.all()),
        is_24_7=service.is_24_7,
        closed_on_public_holidays=service.closed_on_public_holidays,
        holiday_hours_published=service.holiday_hours_published,
    )


@dataclass
class DirectoryEntry:
    service: Service
    state: OpenState

    @property
    def reachable_now(self) -> bool:
        """Open now, open round the clock, or one of its numbers answers round the clock."""
        if self.state in (OpenState.ALWAYS, OpenState.OPEN):
            return True
        return any(phone.is_24_7 for phone in self.service.phones.all())


def active_services() -> QuerySet[Service]:
    return Service.objects.filter(is_active=True).prefetch_related(
        Prefetch("phones", queryset=ServicePhone.objects.order_by("position", "pk")),
        Prefetch("hours", queryset=OpeningHours.objects.order_by("weekday", "opens")),
        "situations",
    )


def directory(
    situation: str | None, now: datetime | None = None, *, region: str | None = None, open_now: bool = False
) -> list[DirectoryEntry]:
    """The active entries, optionally only those for a situation, those that help people in a
    planning region (the region's own and the ones that serve the whole country) and those that
    can be reached at ``now`` (Riga time; see ``DirectoryEntry.reachable_now``). Unknown codes
    filter nothing."""
    services = active_services()
    if situation in Situation.values:
        services = services.filter(situations__code=situation)
    if region in Region.values:
        services = services.filter(region__in=[region, ""])
    now = now or timezone.now()
    is_holiday = latvian_day_off_checker()
    entries = [DirectoryEntry(s, open_state(schedule_of(s), now, is_holiday)) for s in services.distinct()]
    if open_now:
        entries = [entry for entry in entries if entry.reachable_now]
    return entries


@dataclass(frozen=True)
class HotlineNumber:
    number: str
    dial: str
    labels: dict

    @property
    def label(self) -> str:
        return self.labels.get((get_language() or "lv")[:2]) or self.labels.get("lv", "")


def hotline_numbers() -> list[HotlineNumber]:
    """The phones of the trafficking hotlines in the directory that answer 24/7.

    Shown when a report could not be stored, which may be exactly when the database is down:
    the last good answer is kept in the cache for that case.
    """
    try:
        numbers = [
            HotlineNumber(
                phone.number,
                phone.dial,
                {lang: getattr(phone, f"label_{lang}") for lang in ("lv", "en", "ru", "uk")},
            )
            for service in active_services().filter(kind=ServiceKind.HOTLINE)
            for phone in service.phones.all()
            if phone.is_24_7 or service.is_24_7
        ]
    except DatabaseError:
        logger.warning("The directory could not be read; showing the cached hotline numbers.")
        return cache.get(HOTLINE_NUMBERS_CACHE_KEY, [])
    cache.set(HOTLINE_NUMBERS_CACHE_KEY, numbers, timeout=None)
    return numbers


def hotline_organisations() -> QuerySet[Organisation]:
    """Hotlines that receive anonymous reports, the default one first.

    The rule needs no setting: reports go to the first active organisation of kind *hotline*
    in the order of creation (lowest id); if there are several, the form lets the visitor pick
    one, and a link may preselect it with ``?to=<id>``.
    """
    return Organisation.objects.filter(kind=OrganisationKind.HOTLINE, is_active=True).order_by("pk")
