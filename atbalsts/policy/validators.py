"""The Django side of the date guard (``dates.py``): one validator for forms, serializers and
services, with the message in the user's language."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language

from .dates import rules_date_problem


def rules_date_message(value: datetime.date, today: datetime.date | None = None) -> str | None:
    problem = rules_date_problem(value, today or timezone.localdate())
    if problem is None:
        return None
    return problem.message_lv if (get_language() or "lv").startswith("lv") else problem.message_en


def validate_rules_date(value: datetime.date | None) -> None:
    """Refuse an event date the rules cannot judge (before the first rule set, or years ahead)."""
    if not isinstance(value, datetime.date):
        return
    message = rules_date_message(value)
    if message:
        raise ValidationError(message, code="rules_date")


def check_rules_date(field: str, value: datetime.date | None) -> None:
    """The same check inside a service function, naming the field."""
    try:
        validate_rules_date(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None
