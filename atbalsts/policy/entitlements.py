"""The entitlement calculator, pure: what a person has used and has left, and whether a new entry
fits the rules.

Inputs are frozen dataclasses (:class:`Course`, :class:`Entry`, :class:`Situation`) built by the
caller from the database; nothing here reads the database or the clock (``Situation.today`` is
given). The numbers come from a :class:`~atbalsts.policy.rules.RuleSet`.

Choices (documented here because the regulation leaves them to the reader):

* **Course length.** The course is at most ``course_max_days`` (180) calendar days *including the
  start day*: it ends at the latest on ``start + 179 days``. A course closed early ends on its
  ``actual_end``. A ``planned_end`` is the plan only; it does not end the course (the plan can be
  extended up to the maximum), so until the course is closed its end is the latest end.
* **Terms in years** follow the civil-law rule: a term of N years that starts on day X ends on the
  day before the N-th anniversary of X (29 February maps to 28 February).
  - After-care runs from the day after the course ends for ``aftercare_window_years`` (2) years,
    so it ends on the 2nd anniversary of the course's last day.
  - Criminal-proceedings support runs ``proceedings_support_years`` (3) years from its start; each
    **support year** is a 12-month period from the start (year 1: start ... day before the 1st
    anniversary, and so on). The hour limit applies per support year.
* **Counting.** Every recorded entry counts towards its limit (including entries dated after
  ``today``); only course days are "as of today". "Left" is ``limit - used`` and can be negative
  when old data exceed a limit (the calculator never accepts an entry that would do that).
* **Which rules.** :func:`check_entry` applies the rule set in force on the entry's date,
  :func:`summarise` the one in force on ``today``, unless a rule set is passed.
* **Phase 3 follows the course's end** (docs/adr/0013). After-care consultations and
  criminal-proceedings support are given only after the course's last day, and only when the
  course ran its full length or was closed for a reason in ``aftercare_opening_closures``.
  Criminal-proceedings support runs from its recorded start, but never before the day after the
  course ends (:func:`support_period`). After-care is refused only on the days that period covers,
  not for ever once support is recorded.
* **Family consultations** run from the course's start until ``family_consultation_window_years``
  after its end; who is eligible follows the rule set's ``family_consultation_readings``
  (:func:`family_member_eligible`).
* **Bounds.** Every entry's hours, amount and nights have an upper bound in the rule set
  (:func:`check_bounds`), checked before anything else.

This module imports nothing from Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from atbalsts.policy.rules import ROLE_NAMES, SUPPORT_KIND_NAMES, RuleSet, SupportKind, ruleset_on

__all__ = [
    "Check",
    "Course",
    "Entry",
    "EntryKind",
    "FamilyReading",
    "FamilyUsage",
    "ReasonCode",
    "Situation",
    "Summary",
    "SupportYear",
    "add_years",
    "check_bounds",
    "check_entry",
    "family_member_eligible",
    "format_date",
    "phase3_opens",
    "summarise",
    "support_period",
]

_DAY = timedelta(days=1)
_ZERO = Decimal(0)


class EntryKind(StrEnum):
    COURSE_SERVICE = "course_service"
    AFTERCARE_CONSULTATION = "aftercare_consultation"
    PROCEEDINGS_SUPPORT = "proceedings_support"
    FAMILY_CONSULTATION = "family_consultation"


class ReasonCode(StrEnum):
    OK = "OK"
    INVALID_HOURS = "INVALID_HOURS"
    NO_COURSE = "NO_COURSE"
    COURSE_NOT_STARTED = "COURSE_NOT_STARTED"
    COURSE_ENDED = "COURSE_ENDED"
    COURSE_NOT_ENDED = "COURSE_NOT_ENDED"
    AFTERCARE_NOT_AVAILABLE_WITH_PROCEEDINGS_SUPPORT = "AFTERCARE_NOT_AVAILABLE_WITH_PROCEEDINGS_SUPPORT"
    AFTERCARE_WINDOW_CLOSED = "AFTERCARE_WINDOW_CLOSED"
    AFTERCARE_USED_UP = "AFTERCARE_USED_UP"
    CONSULTATION_TOO_LONG = "CONSULTATION_TOO_LONG"
    SPECIALIST_NOT_ALLOWED = "SPECIALIST_NOT_ALLOWED"
    PROCEEDINGS_SUPPORT_NOT_GRANTED = "PROCEEDINGS_SUPPORT_NOT_GRANTED"
    SUPPORT_NOT_STARTED = "SUPPORT_NOT_STARTED"
    SUPPORT_PERIOD_ENDED = "SUPPORT_PERIOD_ENDED"
    KIND_NOT_ALLOWED = "KIND_NOT_ALLOWED"
    KIND_NOT_ALLOWED_WITH_LEGAL_AID = "KIND_NOT_ALLOWED_WITH_LEGAL_AID"
    SUPPORT_HOURS_EXCEEDED = "SUPPORT_HOURS_EXCEEDED"
    FAMILY_MEMBER_NOT_ELIGIBLE = "FAMILY_MEMBER_NOT_ELIGIBLE"
    FAMILY_CONSULTATIONS_USED_UP = "FAMILY_CONSULTATIONS_USED_UP"
    # After-care and proceedings support (issue 9.4).
    INVALID_NUMBER = "INVALID_NUMBER"
    ENTRY_TOO_LARGE = "ENTRY_TOO_LARGE"
    SUPPORT_DURING_COURSE = "SUPPORT_DURING_COURSE"
    CLOSURE_ENDS_AFTERCARE = "CLOSURE_ENDS_AFTERCARE"
    INTERPRETING_ONLY_WITHIN_CONSULTATION = "INTERPRETING_ONLY_WITHIN_CONSULTATION"
    FAMILY_CONSULTATION_BEFORE_COURSE = "FAMILY_CONSULTATION_BEFORE_COURSE"
    FAMILY_WINDOW_CLOSED = "FAMILY_WINDOW_CLOSED"


class FamilyReading(StrEnum):
    """The two readings of "family members" in the sources (rule set: family_consultation_readings)."""

    MINOR_FAMILY_MEMBER = "minor_family_member"
    FAMILY_OF_MINOR_VICTIM = "family_of_minor_victim"


# --- helpers -------------------------------------------------------------------------------------


def add_years(d: date, years: int) -> date:
    """The same calendar date ``years`` later; 29 February becomes 28 February."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def format_date(d: date) -> str:
    """dd.mm.yyyy, as Latvian documents write dates."""
    return d.strftime("%d.%m.%Y")


def _hours(x: Decimal, lang: str) -> str:
    text = format(x.normalize(), "f")
    return text.replace(".", ",") if lang == "lv" else text


def _to_decimal(x: object) -> Decimal:
    if isinstance(x, Decimal):
        return x
    if isinstance(x, int | str):
        return Decimal(x)
    if isinstance(x, float):
        return Decimal(str(x))
    raise TypeError(f"Hours must be a Decimal, not {type(x).__name__}.")


# --- inputs --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Course:
    """The social rehabilitation course (phase 2)."""

    start: date
    planned_end: date | None = None
    actual_end: date | None = None
    # Why the course was closed early (the rehabilitation app's code); None when not closed.
    closure_reason: str | None = None

    def __post_init__(self) -> None:
        for name in ("planned_end", "actual_end"):
            value = getattr(self, name)
            if value is not None and value < self.start:
                raise ValueError(f"The course's {name} {value} is before its start {self.start}.")

    def latest_end(self, ruleset: RuleSet) -> date:
        """The last day the course can last: ``course_max_days`` days including the start day."""
        return self.start + timedelta(days=ruleset.course_max_days - 1)

    def end(self, ruleset: RuleSet) -> date:
        """The course's last day: the day it was closed, or else its latest end."""
        latest = self.latest_end(ruleset)
        if self.actual_end is not None:
            return min(self.actual_end, latest)
        return latest

    def closed_early(self, ruleset: RuleSet) -> bool:
        return self.actual_end is not None and self.actual_end < self.latest_end(ruleset)


def phase3_opens(course: Course, ruleset: RuleSet) -> bool:
    """Does the way the course ended open after-care and criminal-proceedings support?"""
    if course.actual_end is None or not course.closure_reason:
        return True
    return course.closure_reason in ruleset.aftercare_opening_closures


@dataclass(frozen=True, slots=True)
class Entry:
    """One ledger entry: a service, consultation or hours of support given on a day."""

    kind: EntryKind
    on: date
    hours: Decimal = _ZERO
    specialist: str | None = None
    family_member: str | None = None
    support_kind: str | None = None
    # Interpreting within this consultation (criminal-proceedings support).
    interpreter: bool = False
    # Course services only: the amount paid and the nights of shelter.
    amount_eur: Decimal = _ZERO
    nights: int = 0
    children_nights: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", EntryKind(self.kind))
        object.__setattr__(self, "hours", _to_decimal(self.hours))
        object.__setattr__(self, "amount_eur", _to_decimal(self.amount_eur))


@dataclass(frozen=True, slots=True, kw_only=True)
class Situation:
    """Everything the calculator needs to know about one person."""

    course: Course | None = None
    entries: tuple[Entry, ...] = ()
    proceedings_support_start: date | None = None
    receives_proceedings_support: bool = False
    legal_aid: bool = False
    eligible_family_members: frozenset[str] = field(default_factory=frozenset)
    today: date

    def __post_init__(self) -> None:
        object.__setattr__(self, "entries", tuple(self.entries))
        object.__setattr__(self, "eligible_family_members", frozenset(self.eligible_family_members))

    def with_entry(self, entry: Entry) -> Situation:
        return replace(self, entries=(*self.entries, entry))

    def of_kind(self, kind: EntryKind) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]


# --- outputs -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SupportYear:
    number: int  # 1, 2, 3
    start: date
    end: date
    hours_used: Decimal
    hours_left: Decimal


@dataclass(frozen=True, slots=True)
class FamilyUsage:
    member: str
    eligible: bool
    used: int
    left: int
    last: date | None


@dataclass(frozen=True, slots=True)
class Summary:
    ruleset_code: str
    today: date
    # The course.
    course_start: date | None
    course_end: date | None
    course_latest_end: date | None
    course_planned_end: date | None
    course_closed_early: bool
    course_days_max: int
    course_days_used: int
    course_days_left: int
    # After-care.
    aftercare_available: bool
    aftercare_limit: int
    aftercare_used: int
    aftercare_left: int
    aftercare_last: date | None
    aftercare_window_start: date | None
    aftercare_window_end: date | None
    # Criminal-proceedings support.
    proceedings_support_start: date | None
    support_period_end: date | None
    support_hours_limit: int
    support_years: tuple[SupportYear, ...]
    support_year: SupportYear | None  # the one containing today (year 1 before the start)
    # Family members.
    family_limit: int
    family: tuple[FamilyUsage, ...]
    # After-care and proceedings support (issue 9.4): whether the way the course ended opens
    # phase 3, the support period as it applies (never before the course ends), whether it covers
    # today, and the family consultations' window.
    phase3_open: bool = True
    support_covers_today: bool = False
    family_window_start: date | None = None
    family_window_end: date | None = None

    @property
    def support_year_start(self) -> date | None:
        return self.support_year.start if self.support_year else None

    @property
    def support_year_end(self) -> date | None:
        return self.support_year.end if self.support_year else None

    @property
    def support_hours_used(self) -> Decimal | None:
        return self.support_year.hours_used if self.support_year else None

    @property
    def support_hours_left(self) -> Decimal | None:
        return self.support_year.hours_left if self.support_year else None

    def family_usage(self, member: str) -> FamilyUsage | None:
        return next((f for f in self.family if f.member == member), None)


@dataclass(frozen=True, slots=True)
class Check:
    """The answer of :func:`check_entry`: ``code`` is ``ReasonCode.OK`` or why not."""

    code: ReasonCode
    lv: str
    en: str
    # The entry's field the refusal is about, when it is about one number ("hours", "amount_eur", ...).
    field: str = ""

    @property
    def ok(self) -> bool:
        return self.code is ReasonCode.OK

    def __bool__(self) -> bool:
        return self.ok

    def message(self, language_code: str | None) -> str:
        """The message in Latvian for "lv" (and "lv-…"), in English otherwise."""
        return self.lv if (language_code or "").lower().startswith("lv") else self.en


_OK = Check(ReasonCode.OK, "Atļauts.", "Allowed.")


# --- calculations --------------------------------------------------------------------------------


def _support_period_end(start: date, rs: RuleSet) -> date:
    return add_years(start, rs.proceedings_support_years) - _DAY


def _support_year_bounds(start: date, number: int) -> tuple[date, date]:
    return add_years(start, number - 1), add_years(start, number) - _DAY


def _support_year_number(start: date, on: date, rs: RuleSet) -> int | None:
    if on < start or on > _support_period_end(start, rs):
        return None
    for number in range(1, rs.proceedings_support_years + 1):
        lo, hi = _support_year_bounds(start, number)
        if lo <= on <= hi:
            return number
    return None  # pragma: no cover - the period is the union of its years


def support_period(situation: Situation, rs: RuleSet) -> tuple[date, date] | None:
    """The days of criminal-proceedings support, both ends included, or None if none is recorded.

    The support comes "in addition, after the course ends": it starts on its recorded start, or
    on the day after the course's last day if that is later, and lasts ``proceedings_support_years``.
    """
    start = situation.proceedings_support_start
    if not situation.receives_proceedings_support or start is None:
        return None
    if situation.course is not None:
        start = max(start, situation.course.end(rs) + _DAY)
    return start, _support_period_end(start, rs)


def _covers(period: tuple[date, date] | None, on: date) -> bool:
    return period is not None and period[0] <= on <= period[1]


def family_member_eligible(
    rs: RuleSet,
    *,
    on: date,
    lives_in_latvia: bool,
    member_birth_date: date | None,
    victim_birth_date: date | None,
    course_start: date | None,
) -> bool:
    """May this family member have the family consultations on ``on``, under the rule set's readings?

    ``minor_family_member``: the member is a minor on ``on``. ``family_of_minor_victim``: the
    victim was a minor on the course's first day (the day the service began). Either way the
    member must stay in Latvia; an unknown birth date never makes anyone eligible.
    """
    if not lives_in_latvia:
        return False
    for reading in rs.family_consultation_readings:
        if reading == FamilyReading.MINOR_FAMILY_MEMBER and member_birth_date is not None:
            if _age_on(member_birth_date, on) <= rs.family_member_max_age:
                return True
        if reading == FamilyReading.FAMILY_OF_MINOR_VICTIM and victim_birth_date is not None:
            if _age_on(victim_birth_date, course_start or on) < rs.minor_age:
                return True
    return False


def _age_on(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def _family_window(course: Course, rs: RuleSet) -> tuple[date, date]:
    return course.start, add_years(course.end(rs), rs.family_consultation_window_years)


def _support_hours_in(situation: Situation, lo: date, hi: date) -> Decimal:
    return sum(
        (e.hours for e in situation.of_kind(EntryKind.PROCEEDINGS_SUPPORT) if lo <= e.on <= hi),
        _ZERO,
    )


def _last(entries: Iterable[Entry]) -> date | None:
    return max((e.on for e in entries), default=None)


def _family_entries(situation: Situation, member: str) -> list[Entry]:
    return [e for e in situation.of_kind(EntryKind.FAMILY_CONSULTATION) if e.family_member == member]


def summarise(situation: Situation, ruleset: RuleSet | None = None) -> Summary:
    """What the person has used and has left, as of ``situation.today``."""
    rs = ruleset or ruleset_on(situation.today)
    today = situation.today
    course = situation.course

    # The course.
    course_end = latest_end = window_start = window_end = None
    days_used, days_left = 0, rs.course_max_days
    if course is not None:
        course_end, latest_end = course.end(rs), course.latest_end(rs)
        if today < course.start:
            days_used, days_left = 0, (course_end - course.start).days + 1
        elif today <= course_end:
            days_used, days_left = (today - course.start).days + 1, (course_end - today).days
        else:
            days_used, days_left = (course_end - course.start).days + 1, 0
        window_start, window_end = course_end + _DAY, add_years(course_end, rs.aftercare_window_years)

    aftercare = situation.of_kind(EntryKind.AFTERCARE_CONSULTATION)

    # Criminal-proceedings support, from its start as it applies (never before the course ends).
    period = support_period(situation, rs)
    start = period[0] if period else None
    years: tuple[SupportYear, ...] = ()
    current: SupportYear | None = None
    period_end = None
    if start is not None:
        period_end = _support_period_end(start, rs)
        built = []
        for number in range(1, rs.proceedings_support_years + 1):
            lo, hi = _support_year_bounds(start, number)
            used = _support_hours_in(situation, lo, hi)
            built.append(SupportYear(number, lo, hi, used, rs.proceedings_support_hours_per_year - used))
        years = tuple(built)
        if today < start:
            current = years[0]
        else:
            current = next((y for y in years if y.start <= today <= y.end), None)

    # Family members: the eligible ones and anyone with recorded consultations.
    members = set(situation.eligible_family_members) | {
        e.family_member for e in situation.of_kind(EntryKind.FAMILY_CONSULTATION) if e.family_member
    }
    family = []
    for member in sorted(members):
        entries = _family_entries(situation, member)
        family.append(
            FamilyUsage(
                member=member,
                eligible=member in situation.eligible_family_members,
                used=len(entries),
                left=rs.family_consultations_per_member - len(entries),
                last=_last(entries),
            )
        )

    return Summary(
        ruleset_code=rs.code,
        today=today,
        course_start=course.start if course else None,
        course_end=course_end,
        course_latest_end=latest_end,
        course_planned_end=course.planned_end if course else None,
        course_closed_early=course.closed_early(rs) if course else False,
        course_days_max=rs.course_max_days,
        course_days_used=days_used,
        course_days_left=days_left,
        aftercare_available=course is not None and phase3_opens(course, rs) and not _covers(period, today),
        aftercare_limit=rs.aftercare_consultations,
        aftercare_used=len(aftercare),
        aftercare_left=rs.aftercare_consultations - len(aftercare),
        aftercare_last=_last(aftercare),
        aftercare_window_start=window_start,
        aftercare_window_end=window_end,
        proceedings_support_start=start,
        support_period_end=period_end,
        support_hours_limit=rs.proceedings_support_hours_per_year,
        support_years=years,
        support_year=current,
        family_limit=rs.family_consultations_per_member,
        family=tuple(family),
        phase3_open=course is None or phase3_opens(course, rs),
        support_covers_today=_covers(period, today),
        family_window_start=_family_window(course, rs)[0] if course else None,
        family_window_end=_family_window(course, rs)[1] if course else None,
    )


def _refuse(code: ReasonCode, lv: str, en: str) -> Check:
    return Check(code, lv, en)


def _names(codes: Iterable[str], table: dict[str, tuple[str, str]], lang: int) -> str:
    return ", ".join(table.get(c, (c, c))[lang] for c in codes)


def check_entry(situation: Situation, entry: Entry, ruleset: RuleSet | None = None) -> Check:
    """May ``entry`` be added to the person's ledger? ``Check.ok`` or the reason it may not."""
    rs = ruleset or ruleset_on(entry.on)
    checker = {
        EntryKind.COURSE_SERVICE: _check_course_service,
        EntryKind.AFTERCARE_CONSULTATION: _check_aftercare,
        EntryKind.PROCEEDINGS_SUPPORT: _check_proceedings_support,
        EntryKind.FAMILY_CONSULTATION: _check_family,
    }[entry.kind]
    if entry.hours < 0 or (entry.kind is not EntryKind.COURSE_SERVICE and entry.hours <= 0):
        return _refuse(
            ReasonCode.INVALID_HOURS,
            "Stundu skaitam jābūt lielākam par nulli.",
            "The number of hours must be greater than zero.",
        )
    bounds = check_bounds(entry, rs)
    if not bounds.ok:
        return bounds
    return checker(situation, entry, rs)


def check_bounds(entry: Entry, ruleset: RuleSet | None = None) -> Check:
    """Is every number of the entry within the rule set's upper bound for one entry?

    Used by :func:`check_entry` and by the models' own validation, so a typing error such as a
    9,999-hour consultation is refused wherever it comes in.
    """
    rs = ruleset or ruleset_on(entry.on)
    for name in ("hours", "amount_eur", "nights", "children_nights"):
        if getattr(entry, name) < 0:
            return Check(
                ReasonCode.INVALID_NUMBER,
                "Summa, stundas un naktis nevar būt negatīvas.",
                "Amounts, hours and nights cannot be negative.",
                name,
            )
    if entry.kind is EntryKind.AFTERCARE_CONSULTATION and entry.hours > rs.aftercare_consultation_hours:
        h = rs.aftercare_consultation_hours
        return Check(
            ReasonCode.CONSULTATION_TOO_LONG,
            f"Pēcaprūpes konsultācija ilgst ne vairāk kā {h} st.; norādītas {_hours(entry.hours, 'lv')} st.",
            f"An after-care consultation lasts at most {h} h; {_hours(entry.hours, 'en')} h given.",
            "hours",
        )
    if entry.kind is EntryKind.FAMILY_CONSULTATION and entry.hours > rs.family_consultation_max_hours:
        h = rs.family_consultation_max_hours
        return Check(
            ReasonCode.CONSULTATION_TOO_LONG,
            f"Ģimenes locekļa konsultācija ilgst ne vairāk kā {h} st.; norādītas {_hours(entry.hours, 'lv')} st.",
            f"A family member's consultation lasts at most {h} h; {_hours(entry.hours, 'en')} h given.",
            "hours",
        )
    limits: list[tuple[str, Decimal, int, str, str]] = []
    if entry.kind is EntryKind.PROCEEDINGS_SUPPORT:
        limits.append(
            ("hours", entry.hours, rs.proceedings_support_entry_max_hours, "st. vienā ierakstā", "h in one entry")
        )
    if entry.kind is EntryKind.COURSE_SERVICE:
        limits += [
            ("hours", entry.hours, rs.entry_max_hours, "st. vienā ierakstā", "h in one entry"),
            ("amount_eur", entry.amount_eur, rs.entry_max_amount_eur, "EUR vienā ierakstā", "EUR in one entry"),
            ("nights", Decimal(entry.nights), rs.entry_max_nights, "klienta naktis vienā ierakstā",
             "of the client's nights in one entry"),
            ("children_nights", Decimal(entry.children_nights), rs.entry_max_children_nights,
             "bērnu naktis vienā ierakstā", "of the children's nights in one entry"),
        ]
    for name, value, limit, lv_unit, en_unit in limits:
        if value > limit:
            return Check(
                ReasonCode.ENTRY_TOO_LARGE,
                f"Norādīts {_hours(value, 'lv')}; atļauts ne vairāk kā {limit} {lv_unit}. Pārbaudiet skaitli.",
                f"{_hours(value, 'en')} given; at most {limit} {en_unit} is allowed. Check the number.",
                name,
            )
    return _OK


def _no_course() -> Check:
    return _refuse(
        ReasonCode.NO_COURSE,
        "Personai nav reģistrēts sociālās rehabilitācijas kurss.",
        "No social rehabilitation course is recorded for this person.",
    )


def _check_course_service(situation: Situation, entry: Entry, rs: RuleSet) -> Check:
    course = situation.course
    if course is None:
        return _no_course()
    if entry.on < course.start:
        return _refuse(
            ReasonCode.COURSE_NOT_STARTED,
            f"Kurss sākas {format_date(course.start)}; pakalpojumu, kas sniegts "
            f"{format_date(entry.on)}, nevar reģistrēt kā kursa pakalpojumu.",
            f"The course starts on {format_date(course.start)}; a service on "
            f"{format_date(entry.on)} cannot be recorded as part of the course.",
        )
    end = course.end(rs)
    if entry.on > end:
        if course.closed_early(rs):
            lv_head = f"Kurss tika slēgts {format_date(end)}"
            en_head = f"The course was closed on {format_date(end)}"
        else:
            lv_head = f"{rs.course_max_days} dienu kurss beidzās {format_date(end)}"
            en_head = f"The {rs.course_max_days}-day course ended on {format_date(end)}"
        if _covers(support_period(situation, rs), entry.on):
            lv_tail = "pēc tam palīdzību reģistrē kā atbalstu kriminālprocesā"
            en_tail = "after that, help is recorded as criminal-proceedings support"
        else:
            used = len(situation.of_kind(EntryKind.AFTERCARE_CONSULTATION))
            limit = rs.aftercare_consultations
            lv_tail = f"konsultācijas pēc tam uzskaita kā pēcaprūpi (izmantotas {used} no {limit})"
            en_tail = f"consultations after that count as after-care ({used} of {limit} used)"
        return _refuse(ReasonCode.COURSE_ENDED, f"{lv_head}; {lv_tail}.", f"{en_head}; {en_tail}.")
    return _OK


def _closure_ends_phase3(course: Course, lv_what: str, en_what: str) -> Check:
    end = format_date(course.actual_end or course.start)
    return _refuse(
        ReasonCode.CLOSURE_ENDS_AFTERCARE,
        f"Kurss tika slēgts {end} ar iemeslu, pēc kura {lv_what} nav paredzēts(-a).",
        f"The course was closed on {end} for a reason after which {en_what} does not apply.",
    )


def _check_aftercare(situation: Situation, entry: Entry, rs: RuleSet) -> Check:
    period = support_period(situation, rs)
    if _covers(period, entry.on):
        lo, hi = period  # type: ignore[misc]
        return _refuse(
            ReasonCode.AFTERCARE_NOT_AVAILABLE_WITH_PROCEEDINGS_SUPPORT,
            f"{format_date(entry.on)} persona saņem atbalstu kriminālprocesā ({format_date(lo)}–"
            f"{format_date(hi)}), tāpēc pēcaprūpes konsultācijas nav paredzētas; reģistrējiet to kā "
            "atbalstu kriminālprocesā.",
            f"On {format_date(entry.on)} the person receives criminal-proceedings support "
            f"({format_date(lo)}–{format_date(hi)}), so after-care consultations do not apply; record "
            "this as criminal-proceedings support.",
        )
    course = situation.course
    if course is None:
        return _no_course()
    if not phase3_opens(course, rs):
        return _closure_ends_phase3(course, "pēcaprūpe", "after-care")
    end = course.end(rs)
    if entry.on <= end:
        return _refuse(
            ReasonCode.COURSE_NOT_ENDED,
            f"Pēcaprūpes konsultācijas sākas pēc kursa beigām; kurss ilgst līdz {format_date(end)}.",
            f"After-care consultations start after the course; the course lasts until {format_date(end)}.",
        )
    window_end = add_years(end, rs.aftercare_window_years)
    if entry.on > window_end:
        years = rs.aftercare_window_years
        return _refuse(
            ReasonCode.AFTERCARE_WINDOW_CLOSED,
            f"Pēcaprūpes konsultācijas bija pieejamas {years} gadus pēc kursa beigām, "
            f"līdz {format_date(window_end)}.",
            f"After-care consultations were available for {years} years after the course, "
            f"until {format_date(window_end)}.",
        )
    done = situation.of_kind(EntryKind.AFTERCARE_CONSULTATION)
    limit = rs.aftercare_consultations
    if len(done) >= limit:
        last = format_date(_last(done) or entry.on)
        return _refuse(
            ReasonCode.AFTERCARE_USED_UP,
            f"Visas {limit} pēcaprūpes konsultācijas ir izmantotas (pēdējā {last}).",
            f"The {limit} after-care consultations are used (last on {last}).",
        )
    if entry.hours > rs.aftercare_consultation_hours:
        h = rs.aftercare_consultation_hours
        return _refuse(
            ReasonCode.CONSULTATION_TOO_LONG,
            f"Pēcaprūpes konsultācija ilgst ne vairāk kā {h} st.; norādītas {_hours(entry.hours, 'lv')} st.",
            f"An after-care consultation lasts at most {h} h; {_hours(entry.hours, 'en')} h given.",
        )
    if entry.specialist is not None and entry.specialist not in rs.aftercare_specialist_roles:
        return _refuse(
            ReasonCode.SPECIALIST_NOT_ALLOWED,
            f"Pēcaprūpes konsultācijas sniedz: {_names(rs.aftercare_specialist_roles, ROLE_NAMES, 0)}.",
            f"After-care consultations are given by: {_names(rs.aftercare_specialist_roles, ROLE_NAMES, 1)}.",
        )
    return _OK


def _check_proceedings_support(situation: Situation, entry: Entry, rs: RuleSet) -> Check:
    start = situation.proceedings_support_start
    if not situation.receives_proceedings_support or start is None:
        return _refuse(
            ReasonCode.PROCEEDINGS_SUPPORT_NOT_GRANTED,
            "Personai nav reģistrēts atbalsts kriminālprocesā (vajadzīga tiesībaizsardzības "
            "iestādes izziņa un atbalsta sākuma datums).",
            "No criminal-proceedings support is recorded for this person (a law-enforcement "
            "statement and the support's start date are needed).",
        )
    course = situation.course
    if course is not None:
        end = course.end(rs)
        if entry.on <= end:
            return _refuse(
                ReasonCode.SUPPORT_DURING_COURSE,
                "Atbalstu kriminālprocesā sniedz papildus pēc kursa beigām; kurss ilgst līdz "
                f"{format_date(end)}, tāpēc palīdzību līdz tam reģistrē kā kursa pakalpojumu.",
                "Criminal-proceedings support comes in addition, after the course ends; the course "
                f"lasts until {format_date(end)}, so help until then is recorded as a course service.",
            )
        if not phase3_opens(course, rs):
            return _closure_ends_phase3(course, "atbalsts kriminālprocesā", "criminal-proceedings support")
    start = support_period(situation, rs)[0]  # type: ignore[index]
    kind = entry.support_kind
    if kind is None or kind not in rs.proceedings_support_kinds:
        allowed_lv = _names(rs.proceedings_support_kinds, SUPPORT_KIND_NAMES, 0)
        allowed_en = _names(rs.proceedings_support_kinds, SUPPORT_KIND_NAMES, 1)
        return _refuse(
            ReasonCode.KIND_NOT_ALLOWED,
            f"Atbalsta veids “{kind or '—'}” nav paredzēts; atbalsts kriminālprocesā ir: {allowed_lv}.",
            f"“{kind or '—'}” is not a kind of criminal-proceedings support; the kinds are: {allowed_en}.",
        )
    if situation.legal_aid and kind == SupportKind.INTERPRETER and rs.legal_aid_interpreting_within:
        within_lv = _names(rs.legal_aid_interpreting_within, SUPPORT_KIND_NAMES, 0)
        within_en = _names(rs.legal_aid_interpreting_within, SUPPORT_KIND_NAMES, 1)
        return _refuse(
            ReasonCode.INTERPRETING_ONLY_WITHIN_CONSULTATION,
            "Persona saņem valsts nodrošināto juridisko palīdzību, tāpēc tulka pakalpojumi ir atļauti tikai "
            f"konsultācijā ({within_lv}); reģistrējiet konsultāciju ar atzīmi “ar tulku”.",
            "The person gets state-ensured legal aid, so interpreting is allowed only within a "
            f"consultation ({within_en}); record the consultation and tick “with an interpreter”.",
        )
    if situation.legal_aid and entry.interpreter and kind not in rs.legal_aid_interpreting_within:
        within_lv = _names(rs.legal_aid_interpreting_within, SUPPORT_KIND_NAMES, 0)
        within_en = _names(rs.legal_aid_interpreting_within, SUPPORT_KIND_NAMES, 1)
        return _refuse(
            ReasonCode.INTERPRETING_ONLY_WITHIN_CONSULTATION,
            f"Ar valsts nodrošināto juridisko palīdzību tulks ir atļauts tikai šajās konsultācijās: {within_lv}.",
            f"With state-ensured legal aid an interpreter is allowed only within: {within_en}.",
        )
    if situation.legal_aid and kind not in rs.legal_aid_allowed_kinds:
        lv_kind, en_kind = SUPPORT_KIND_NAMES.get(kind, (kind, kind))
        return _refuse(
            ReasonCode.KIND_NOT_ALLOWED_WITH_LEGAL_AID,
            "Persona saņem valsts nodrošināto juridisko palīdzību, tāpēc atbalsts aptver tikai: "
            f"{_names(rs.legal_aid_allowed_kinds, SUPPORT_KIND_NAMES, 0)}; atbalsta veids “{lv_kind}” "
            "nav atļauts.",
            "The person gets state-ensured legal aid, so the support covers only: "
            f"{_names(rs.legal_aid_allowed_kinds, SUPPORT_KIND_NAMES, 1)}; “{en_kind}” is not allowed.",
        )
    if entry.on < start:
        return _refuse(
            ReasonCode.SUPPORT_NOT_STARTED,
            f"Atbalsts kriminālprocesā sākas {format_date(start)}.",
            f"Criminal-proceedings support starts on {format_date(start)}.",
        )
    number = _support_year_number(start, entry.on, rs)
    if number is None:
        end = _support_period_end(start, rs)
        years = rs.proceedings_support_years
        return _refuse(
            ReasonCode.SUPPORT_PERIOD_ENDED,
            f"{years} gadu atbalsta periods kriminālprocesā beidzās {format_date(end)}.",
            f"The {years}-year criminal-proceedings support period ended on {format_date(end)}.",
        )
    lo, hi = _support_year_bounds(start, number)
    used = _support_hours_in(situation, lo, hi)
    limit = Decimal(rs.proceedings_support_hours_per_year)
    if used + entry.hours > limit:
        left = max(limit - used, _ZERO)
        span = f"{format_date(lo)}–{format_date(hi)}"
        return _refuse(
            ReasonCode.SUPPORT_HOURS_EXCEEDED,
            f"{number}. atbalsta gadā ({span}) izmantotas {_hours(used, 'lv')} no {limit} stundām; "
            f"atlikušas {_hours(left, 'lv')} st., pieprasītas {_hours(entry.hours, 'lv')} st.",
            f"In support year {number} ({span}) {_hours(used, 'en')} of {limit} hours are used; "
            f"{_hours(left, 'en')} h left, {_hours(entry.hours, 'en')} h requested.",
        )
    return _OK


def _family_who(rs: RuleSet) -> tuple[str, str]:
    parts_lv, parts_en = [], []
    if FamilyReading.MINOR_FAMILY_MEMBER in rs.family_consultation_readings:
        parts_lv.append("cietušā nepilngadīgajiem ģimenes locekļiem")
        parts_en.append("the victim's minor family members")
    if FamilyReading.FAMILY_OF_MINOR_VICTIM in rs.family_consultation_readings:
        parts_lv.append("nepilngadīga cietušā ģimenes locekļiem")
        parts_en.append("the family members of a victim who is a minor")
    return " vai ".join(parts_lv) or "nevienam", " or ".join(parts_en) or "no one"


def _check_family(situation: Situation, entry: Entry, rs: RuleSet) -> Check:
    member = entry.family_member
    if member is None or member not in situation.eligible_family_members:
        who_lv, who_en = _family_who(rs)
        return _refuse(
            ReasonCode.FAMILY_MEMBER_NOT_ELIGIBLE,
            f"Konsultācijas pienākas tikai {who_lv}, kas uzturas Latvijā; šis ģimenes loceklis tāds nav "
            "reģistrēts.",
            f"Consultations are only for {who_en} staying in Latvia; this family member is not recorded as one.",
        )
    course = situation.course
    if course is None:
        return _no_course()
    lo, hi = _family_window(course, rs)
    if entry.on < lo:
        return _refuse(
            ReasonCode.FAMILY_CONSULTATION_BEFORE_COURSE,
            f"Ģimenes locekļu konsultācijas sākas ar kursu, {format_date(lo)}.",
            f"Family members' consultations start with the course, on {format_date(lo)}.",
        )
    if entry.on > hi:
        years = rs.family_consultation_window_years
        return _refuse(
            ReasonCode.FAMILY_WINDOW_CLOSED,
            f"Ģimenes locekļu konsultācijas bija pieejamas līdz {years} gadiem pēc kursa beigām, "
            f"līdz {format_date(hi)}.",
            f"Family members' consultations were available until {years} years after the course, "
            f"until {format_date(hi)}.",
        )
    done = _family_entries(situation, member)
    limit = rs.family_consultations_per_member
    if len(done) >= limit:
        last = format_date(_last(done) or entry.on)
        return _refuse(
            ReasonCode.FAMILY_CONSULTATIONS_USED_UP,
            f"Šim ģimenes loceklim visas {limit} konsultācijas ir izmantotas (pēdējā {last}).",
            f"The {limit} consultations for this family member are used (last on {last}).",
        )
    return _OK
