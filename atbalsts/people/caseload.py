"""The client list: where each case stands, the filters and sorts staff use, and keyset paging.

The stage is derived in the database from the records the later stages keep (identification
case, SIVA application, course), so that it can be filtered and paged without loading every
client. The people app may not import those apps (the layers in pyproject.toml); it reaches
their rows through the reverse relations the ORM gives ``Client`` (``identification_cases``,
``courses``), by name only. The course's length and the after-care window are policy data,
read for the ruleset in force on each course's start day.

Paging is by position, never by offset: a page link carries the sort values of the last row
shown, signed, so the database seeks straight to it however deep the page (an offset makes it
read and throw away every row before). Equal sort values are told apart by the primary key,
so no row is shown twice or skipped when many rows share a date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core import signing
from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from atbalsts.policy.rules import RULESETS

from .models import CaseTeamMember, Client

# Upper bound of "course ending within N days": a course lasts half a year; a year covers it.
MAX_ENDING_WITHIN_DAYS = 365
PAGE_SIZE = 50


class Stage:
    """Where a client's case stands, in the order of the process. Codes never reach the page."""

    FIRST_CONTACT = "first_contact"
    INTERVIEW = "interview"
    COMMISSION = "commission"
    SIVA = "siva"
    COURSE = "course"
    AFTERCARE = "aftercare"
    CLOSED = "closed"

    LABELS = {
        FIRST_CONTACT: _("First contact"),
        INTERVIEW: _("Interview"),
        COMMISSION: _("Specialist commission"),
        SIVA: _("Awaiting SIVA"),
        COURSE: _("Rehabilitation course"),
        AFTERCARE: _("After-care"),
        CLOSED: _("Closed"),
    }
    choices = tuple(LABELS.items())

    @classmethod
    def label(cls, code: str) -> str:
        return str(cls.LABELS.get(code, cls.LABELS[cls.FIRST_CONTACT]))


# The identification and decision stages' status codes (their TextChoices values), by name only.
_CASE_OPEN, _CASE_INTERVIEWED, _CASE_COMMISSION, _CASE_RECOGNISED = "open", "interviewed", "commission", "recognised"
_APPLICATION_PENDING = ("received", "queued")


def _per_ruleset(field_from: str, lowest_end: datetime.date, highest_end: datetime.date) -> Q:
    """Courses whose latest end (start + course_max_days - 1, the ruleset of the start day)
    falls between the two dates, as a condition on ``start`` for each ruleset in turn."""
    q = Q(pk__in=[])
    for rs in RULESETS:
        span = datetime.timedelta(days=rs.course_max_days - 1)
        cond = Q(**{f"{field_from}__gte": rs.effective_from})
        if rs.effective_until is not None:
            cond &= Q(**{f"{field_from}__lte": rs.effective_until})
        q |= cond & Q(**{f"{field_from}__gte": lowest_end - span, f"{field_from}__lte": highest_end - span})
    return q


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _courses():
    return Client.courses.rel.related_model.objects.filter(client=OuterRef("pk"))


def _cases():
    return Client.identification_cases.rel.related_model.objects.filter(client=OuterRef("pk"))


def course_running(today: datetime.date) -> Exists:
    """A course has started, is not closed, and its latest end is today or later."""
    return Exists(_courses().filter(start__lte=today, actual_end__isnull=True)
                  .filter(_per_ruleset("start", today, today + datetime.timedelta(days=MAX_ENDING_WITHIN_DAYS))))


def course_ending_within(today: datetime.date, days: int) -> Exists:
    return Exists(_courses().filter(start__lte=today, actual_end__isnull=True)
                  .filter(_per_ruleset("start", today, today + datetime.timedelta(days=days))))


def aftercare_open(today: datetime.date) -> Exists:
    """A course has ended in a way that opens after-care, within the after-care window."""
    q = Q(pk__in=[])
    for rs in RULESETS:
        in_force = Q(start__gte=rs.effective_from)
        if rs.effective_until is not None:
            in_force &= Q(start__lte=rs.effective_until)
        window_from = _years_before(today, rs.aftercare_window_years)
        closed = Q(actual_end__isnull=False, actual_end__lt=today, actual_end__gte=window_from) & (
            Q(closure_reason="") | Q(closure_reason__in=rs.aftercare_opening_closures))
        span = datetime.timedelta(days=rs.course_max_days - 1)
        ran_out = Q(actual_end__isnull=True, start__lt=today - span, start__gte=window_from - span)
        q |= in_force & (closed | ran_out)
    return Exists(_courses().filter(q))


def with_stage(qs: QuerySet[Client], today: datetime.date) -> QuerySet[Client]:
    """Annotate ``stage``: the furthest step of the process the case is at today."""
    cases = _cases()
    pending = cases.filter(applications__status__in=_APPLICATION_PENDING)
    commission = cases.filter(Q(status=_CASE_COMMISSION) | Q(status=_CASE_RECOGNISED, applications__isnull=True))
    any_record = Exists(cases) | Exists(_courses())
    return qs.annotate(stage=Case(
        When(course_running(today), then=Value(Stage.COURSE)),
        When(aftercare_open(today), then=Value(Stage.AFTERCARE)),
        When(Exists(pending), then=Value(Stage.SIVA)),
        When(Exists(commission), then=Value(Stage.COMMISSION)),
        When(Exists(cases.filter(status=_CASE_INTERVIEWED)), then=Value(Stage.INTERVIEW)),
        When(Exists(cases.filter(status=_CASE_OPEN)) | ~any_record, then=Value(Stage.FIRST_CONTACT)),
        default=Value(Stage.CLOSED),
        output_field=CharField(),
    ))


# --- sorting and keyset paging ------------------------------------------------------------

# Only columns stored in the clear can be sorted in the database: names are encrypted (ADR 0003).
SORTS = {
    "newest": (("created_at", True), ("id", True)),
    "oldest": (("created_at", False), ("id", False)),
    "case_number": (("case_number", False),),
}
SORT_LABELS = {
    "newest": _("Opened, newest first"),
    "oldest": _("Opened, oldest first"),
    "case_number": _("Case number"),
}
DEFAULT_SORT = "newest"

_CURSOR_SALT = "atbalsts.people.client-list"


class BadCursor(ValueError):
    """A page link that was not made by this list (edited, truncated, or for another sort)."""


def make_cursor(sort: str, row: Client) -> str:
    values = []
    for name, _descending in SORTS[sort]:
        value = getattr(row, name)
        values.append(value.isoformat() if isinstance(value, datetime.datetime) else value)
    return signing.dumps({"s": sort, "v": values}, salt=_CURSOR_SALT, compress=True)


def read_cursor(sort: str, token: str) -> list:
    """The sort values of the last row of the previous page; BadCursor if not ours or not for
    this sort."""
    try:
        data = signing.loads(token, salt=_CURSOR_SALT)
    except signing.BadSignature as exc:
        raise BadCursor from exc
    if not isinstance(data, dict) or data.get("s") != sort or not isinstance(data.get("v"), list):
        raise BadCursor
    values = data["v"]
    if len(values) != len(SORTS[sort]):
        raise BadCursor
    out = []
    for (name, _descending), value in zip(SORTS[sort], values, strict=True):
        if name == "created_at":
            try:
                value = datetime.datetime.fromisoformat(value)
            except (TypeError, ValueError) as exc:
                raise BadCursor from exc
        elif name == "id" and not isinstance(value, int):
            raise BadCursor
        elif name == "case_number" and not isinstance(value, str):
            raise BadCursor
        out.append(value)
    return out


def after(sort: str, values: list, reverse: bool = False) -> Q:
    """Rows that come after the given sort values (before them when ``reverse``): (a, b) > (x, y)
    spelled out, so that an index on the sort columns answers it."""
    keys = SORTS[sort]
    q = Q(pk__in=[])
    for i, (name, descending) in enumerate(keys):
        descending = descending != reverse
        cond = Q(**{f"{name}__{'lt' if descending else 'gt'}": values[i]})
        for j, (prev_name, _d) in enumerate(keys[:i]):
            cond &= Q(**{prev_name: values[j]})
        q |= cond
    # The same condition again as a plain range on the first column, so that the database starts
    # its index scan at the position instead of filtering from the first row.
    first, descending = keys[0]
    descending = descending != reverse
    return Q(**{f"{first}__{'lte' if descending else 'gte'}": values[0]}) & q


def order_by(sort: str, reverse: bool = False) -> list[str]:
    return [f"-{name}" if descending != reverse else name for name, descending in SORTS[sort]]


@dataclass
class ListFilters:
    stage: str = ""
    worker: int | None = None
    ending_within: int | None = None
    aftercare_open: bool = False
    sort: str = DEFAULT_SORT

    def apply(self, qs: QuerySet[Client], today: datetime.date) -> QuerySet[Client]:
        qs = with_stage(qs, today)
        if self.stage:
            qs = qs.filter(stage=self.stage)
        if self.worker is not None:
            qs = qs.filter(Exists(CaseTeamMember.objects.filter(client=OuterRef("pk"), user_id=self.worker)))
        if self.ending_within is not None:
            qs = qs.filter(course_ending_within(today, self.ending_within))
        if self.aftercare_open:
            qs = qs.filter(aftercare_open(today))
        return qs
