"""What SIVA's decisions lend the coordinator's figures (``statistics.contributions``).

Labels for the outcome and refusal codes, and the queue over time counted from the decisions'
own bookkeeping (outcome codes and dates: no personal data), one query per month asked for.
"""

from __future__ import annotations

import calendar
import datetime

from django.db.models import Exists, OuterRef

from atbalsts.statistics import contributions

from .models import Decision, Outcome, RefusalReason

MAX_MONTHS = 240


def _month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def queue_by_month(months: list[datetime.date], organisation_id: int | None) -> dict[datetime.date, int]:
    """Applications in the queue at the end of each month: queued by then, not yet superseded."""
    counts = {}
    for month in months[:MAX_MONTHS]:
        end = _month_end(month)
        later = Decision.objects.filter(supersedes=OuterRef("pk"), decided_on__lte=end)
        queued = Decision.objects.filter(outcome=Outcome.QUEUE, decided_on__lte=end).filter(~Exists(later))
        if organisation_id is not None:
            queued = queued.filter(application__organisation_id=organisation_id)
        counts[month] = queued.count()
    return counts


contributions.register_labels("siva_outcome", lambda: {c: str(label) for c, label in Outcome.choices})
contributions.register_labels("refusal_reason", lambda: {c: str(label) for c, label in RefusalReason.choices})
contributions.register_source("siva_queue_by_month", queue_by_month)
