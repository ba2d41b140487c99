"""Figures for the statistics: how many referrals went which way, how many were accepted and
how long acceptance took in working days (Latvia's calendar with its overrides). Counts only:
no reference, no person, no free text leaves this module."""

from __future__ import annotations

import datetime
import math
from collections import Counter

from django.utils import timezone

from atbalsts.policy.selectors import current_calendar

from .models import Referral, Status

# A period of the statistics is at most this long.
MAX_DAYS = 366 * 10


def _percentile(sorted_values: list[int], q: float) -> float | None:
    """The q-th percentile (0..100) by linear interpolation between ranks."""
    if not sorted_values:
        return None
    pos = (len(sorted_values) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def referral_figures(start: datetime.date, end: datetime.date) -> dict:
    """Referrals sent from ``start`` to ``end`` (both included, local dates):

    - ``total``; ``by_direction`` {"hotline→service_provider": n, ...}; ``by_type`` {type: n};
    - ``answered``, ``accepted``, ``declined``, ``share_accepted`` (of those answered, 0..1, or None);
    - ``working_days_to_acceptance``: ``median``, ``p90`` and ``max`` over the accepted ones
      (0 = accepted on the day it was sent, or the next working day if sent on a day off).
    """
    if end < start:
        raise ValueError("The period ends before it starts.")
    if (end - start).days > MAX_DAYS:
        raise ValueError("The period is too long.")
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    rows = list(Referral.objects.filter(sent_at__gte=since, sent_at__lt=until).values_list(
        "type_code", "sender__kind", "recipient__kind", "status", "sent_at", "answered_at"))
    calendar = current_calendar()
    by_direction: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    accepted = declined = 0
    waits: list[int] = []
    for type_code, sender_kind, recipient_kind, status, sent_at, answered_at in rows:
        by_direction[f"{sender_kind}→{recipient_kind}"] += 1
        by_type[type_code] += 1
        if status == Status.DECLINED:
            declined += 1
        elif status in (Status.ACCEPTED, Status.CLOSED) and answered_at is not None:
            accepted += 1
            sent_day = timezone.localtime(sent_at, tz).date()
            answered_day = timezone.localtime(answered_at, tz).date()
            waits.append(calendar.working_days_between(sent_day, answered_day))
    waits.sort()
    answered = accepted + declined
    return {
        "start": start, "end": end, "total": len(rows),
        "by_direction": dict(sorted(by_direction.items())), "by_type": dict(sorted(by_type.items())),
        "answered": answered, "accepted": accepted, "declined": declined,
        "share_accepted": (accepted / answered) if answered else None,
        "working_days_to_acceptance": {
            "count": len(waits), "median": _percentile(waits, 50), "p90": _percentile(waits, 90),
            "max": waits[-1] if waits else None,
        },
    }
