"""Figures of the contact log for the statistics: counts only, nobody in them.

``contact_counts(start, end)`` counts every hotline's contacts whose day (Riga time) falls in
``start``..``end`` (both included): logged contacts by channel, caller type and outcome, the
count-only contacts by kind and channel, and the web reports received (portal), which appear in
the same log. It reads no encrypted field and names no hotline, operator or caller.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone

from atbalsts.portal.models import AnonymousReport

from .models import Channel, Contact, CountOnlyTally

MAX_DAYS = 3660  # ten years: a bound on one question


def _bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    if end < start:
        raise ValueError("The end is before the start.")
    if (end - start).days > MAX_DAYS:
        raise ValueError("Ask for at most ten years at a time.")
    tz = timezone.get_default_timezone()
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    stop = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return begin, stop


def contact_counts(start: datetime.date, end: datetime.date) -> dict[str, Any]:
    begin, stop = _bounds(start, end)
    contacts = Contact.objects.filter(started_at__gte=begin, started_at__lt=stop)

    def by(field: str) -> dict[str, int]:
        return {row[field]: row["n"] for row in contacts.values(field).annotate(n=Count("pk")).order_by(field)}

    by_channel = by("channel")
    reports = AnonymousReport.objects.filter(received_at__gte=begin, received_at__lt=stop).count()
    if reports:
        by_channel[Channel.WEB_REPORT.value] = by_channel.get(Channel.WEB_REPORT.value, 0) + reports
    tallies = CountOnlyTally.objects.filter(day__gte=start, day__lte=end)
    count_only = {row["kind"]: row["n"] for row in tallies.values("kind").annotate(n=Sum("count")).order_by("kind")}
    count_only_by_channel = {
        row["channel"]: row["n"] for row in tallies.values("channel").annotate(n=Sum("count")).order_by("channel")
    }
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "contacts": contacts.count(),
        "web_reports": reports,
        "by_channel": by_channel,
        "by_caller_type": by("caller_type"),
        "by_outcome": by("outcome"),
        "repeat_contacts": contacts.filter(caller__isnull=False).values("caller").annotate(n=Count("pk"))
        .filter(n__gt=1).aggregate(total=Sum("n"))["total"] or 0,
        "count_only": count_only,
        "count_only_by_channel": count_only_by_channel,
        "count_only_total": sum(count_only.values()),
    }
