"""The coordinator's figures, counted in the database from the de-identified statistical record.

Every function takes a :class:`Scope` (a period and, for a provider's own view, its
organisation) and returns :class:`~atbalsts.statistics.tables.Table` objects or small series:
counts only, made by ``values(...).annotate(Count(...))`` or ``aggregate``, and for the JSON
lists (forms, countries) by one grouped query over the unnested list (``list_counts``) — never a
row per person in Python. A figure is one or a few queries, never one per category or per record.

A person is counted in the period in which their case was **opened** (registered); SIVA figures
by the month the application was **received**; course figures by the month the course
**started** (or closed early). *Identified* = recognised (by the commission or a law-enforcement
ground); *presumed* = registered and not (yet) decided (open, interviewed, commission convened).
Cases found not to be victims, or closed without recognition, are in neither column.

Tables here are *raw*: they leave the system only through ``reports.publish`` (disclosure
control for the coordinator, unsuppressed for a provider's own organisation).
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import json
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atbalsts.accounts.models import OrganisationKind
from atbalsts.policy.rules import ruleset_on

from . import contributions
from .layout import Table
from .models import AgeBand, CitizenshipGroup, StatisticalRecord, YearStamp

# Identification status codes (the identification app's CaseStatus), as stored on the record.
IDENTIFIED = ("recognised",)
PRESUMED = ("open", "interviewed", "commission")
SEXES = ("female", "male", "other")
# Upper bounds: periods and categories a page or a query may ask for.
MAX_PERIOD_DAYS = 20 * 366
MAX_CATEGORIES = 200
FIRST_YEAR = 2000

SEX_LABELS = {"female": gettext_lazy("Female"), "male": gettext_lazy("Male"),
              "other": gettext_lazy("Other / not stated"), "": gettext_lazy("Unknown")}
AGE5 = (*(f"{low}-{low + 4}" for low in range(0, 85, 5)), "85+")


class PeriodError(ValueError):
    """The period asked for cannot be read; the message is for the user."""


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str
    code: str  # for file names: "2026", "2026-Q3", "2026-05", "2026-01-01_2026-03-31"

    @property
    def first_month(self) -> datetime.date:
        return self.start.replace(day=1)

    @property
    def last_month(self) -> datetime.date:
        return self.end.replace(day=1)

    @property
    def years(self) -> list[int]:
        return list(range(self.start.year, self.end.year + 1))

    def months(self) -> list[datetime.date]:
        out, m = [], self.first_month
        while m <= self.last_month:
            out.append(m)
            m = (m.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return out


def _check_year(year: int, today: datetime.date) -> int:
    if not FIRST_YEAR <= year <= today.year + 1:
        raise PeriodError(_("Choose a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR,
                                                                              "last": today.year + 1})
    return year


def year(y: int, today: datetime.date) -> Period:
    _check_year(y, today)
    return Period(datetime.date(y, 1, 1), datetime.date(y, 12, 31), str(y), str(y))


def quarter(y: int, q: int, today: datetime.date) -> Period:
    _check_year(y, today)
    if q not in (1, 2, 3, 4):
        raise PeriodError(_("A quarter is 1, 2, 3 or 4."))
    start = datetime.date(y, 3 * q - 2, 1)
    end_month = 3 * q
    end = datetime.date(y, end_month, calendar.monthrange(y, end_month)[1])
    return Period(start, end, _("%(quarter)s. quarter of %(year)s") % {"quarter": q, "year": y}, f"{y}-Q{q}")


def month(y: int, m: int, today: datetime.date) -> Period:
    _check_year(y, today)
    if not 1 <= m <= 12:
        raise PeriodError(_("A month is from 1 to 12."))
    end = datetime.date(y, m, calendar.monthrange(y, m)[1])
    return Period(datetime.date(y, m, 1), end, f"{m:02d}.{y}", f"{y}-{m:02d}")


def custom(start: datetime.date, end: datetime.date, today: datetime.date) -> Period:
    _check_year(start.year, today)
    _check_year(end.year, today)
    if end < start:
        raise PeriodError(_("The period must end on or after its start."))
    if (end - start).days > MAX_PERIOD_DAYS:
        raise PeriodError(_("A period is at most 20 years."))
    return Period(start, end, f"{start:%d.%m.%Y}–{end:%d.%m.%Y}", f"{start:%Y-%m-%d}_{end:%Y-%m-%d}")


_CODE = re.compile(r"^(?P<y>\d{4})(?:-(?:Q(?P<q>\d)|(?P<m>\d{2})))?$")


def parse(code: str, today: datetime.date) -> Period:
    """A period from its code: ``2026``, ``2026-Q3``, ``2026-05`` (custom periods come as two dates)."""
    found = _CODE.match((code or "").strip())
    if not found:
        raise PeriodError(_("Give the period as a year (2026), a quarter (2026-Q3) or a month (2026-05)."))
    y = int(found["y"])
    if found["q"]:
        return quarter(y, int(found["q"]), today)
    if found["m"]:
        return month(y, int(found["m"]), today)
    return year(y, today)


@dataclass(frozen=True)
class Scope:
    """A period, and the organisation whose own figures are asked for (None: national)."""

    period: Period
    organisation_id: int | None = None


def records(scope: Scope) -> QuerySet[StatisticalRecord]:
    # Records imported from an HTCDS or CTDC file into a sandbox are test and demonstration data:
    # never part of the figures (ADR 0020f).
    qs = StatisticalRecord.objects.filter(import_batch__isnull=True)
    if scope.organisation_id is not None:
        qs = qs.filter(organisation_pk=scope.organisation_id)
    return qs


def registered(scope: Scope) -> QuerySet[StatisticalRecord]:
    p = scope.period
    return records(scope).filter(opened_month__gte=p.first_month, opened_month__lte=p.last_month)


def persons_count(condition: Q | None = None):
    """How many persons, not records, meet ``condition``: one per linked person (the record
    linkage's cluster, ADR 0020f), and one per record not linked yet. A person helped by two
    providers therefore counts once nationally."""
    condition = condition if condition is not None else Q()
    return (Count("person_cluster", distinct=True, filter=condition & Q(person_cluster__isnull=False))
            + Count("pk", filter=condition & Q(person_cluster__isnull=True)))


def _status_counts() -> dict:
    return {
        "identified": persons_count(Q(case_status__in=IDENTIFIED)),
        "presumed": persons_count(Q(case_status__in=PRESUMED)),
    }


STATUS_COLUMNS = ("identified", "presumed")
STATUS_SETS = {"identified": IDENTIFIED, "presumed": PRESUMED}


def _status_labels() -> list[str]:
    return [_("Identified"), _("Presumed")]


def _by(scope: Scope, field_name: str, order: list[str], labels: dict, code: str, title: str,
        note: str = "") -> Table:
    """Identified and presumed persons by one single-valued field of the record."""
    rows = {r[field_name]: r for r in registered(scope).values(field_name).annotate(**_status_counts())
            .order_by(field_name)[:MAX_CATEGORIES]}
    codes = list(order) + sorted(c for c in rows if c not in order and c)
    if "" in rows and "" not in codes:
        codes.append("")
    return Table(
        code=code, title=title, note=note,
        rows=[str(labels.get(c) or c or _("Unknown")) for c in codes],
        columns=_status_labels(), column_codes=list(STATUS_COLUMNS), row_codes=[c or "unknown" for c in codes],
        cells=[[rows.get(c, {}).get(s, 0) for s in STATUS_COLUMNS] for c in codes],
    )


def persons(scope: Scope) -> Table:
    """Registered persons: identified and presumed, and the total."""
    counts = registered(scope).aggregate(**_status_counts())
    return Table(code="persons", title=_("Registered persons"), rows=[_("Persons")], row_codes=["persons"],
                 columns=_status_labels(), column_codes=list(STATUS_COLUMNS),
                 cells=[[counts["identified"], counts["presumed"]]])


def by_sex(scope: Scope) -> Table:
    return _by(scope, "sex", list(SEXES), SEX_LABELS, "sex", _("Persons by sex"))


def by_child_adult(scope: Scope) -> Table:
    qs = registered(scope)
    child = Q(age_band=AgeBand.MINOR)
    unknown = Q(age_band="")
    counts = qs.aggregate(**{
        f"{group}_{status}": persons_count(cond & Q(case_status__in=statuses))
        for group, cond in (("child", child), ("adult", ~child & ~unknown), ("unknown", unknown))
        for status, statuses in (("identified", IDENTIFIED), ("presumed", PRESUMED))
    })
    groups = (("child", _("Children (under 18)")), ("adult", _("Adults")), ("unknown", _("Age unknown")))
    return Table(code="child_adult", title=_("Persons: children and adults (age when the case opened)"),
                 rows=[label for _c, label in groups], row_codes=[c for c, _l in groups],
                 columns=_status_labels(), column_codes=list(STATUS_COLUMNS),
                 cells=[[counts[f"{g}_{s}"] for s in STATUS_COLUMNS] for g, _l in groups])


def by_age5(scope: Scope) -> Table:
    return _by(scope, "age_band5", list(AGE5), {}, "age5", _("Persons by five-year age band (when the case opened)"))


def by_exploitation_age(scope: Scope) -> Table:
    return _by(scope, "exploitation_age_band", [c for c in AgeBand.values if c], dict(AgeBand.choices),
               "exploitation_age", _("Persons by age when the exploitation began"))


def by_citizenship_group(scope: Scope) -> Table:
    return _by(scope, "citizenship_group", [c for c in CitizenshipGroup.values if c],
               dict(CitizenshipGroup.choices), "citizenship_group", _("Persons by citizenship"))


def by_citizenship_country(scope: Scope) -> Table:
    return _by(scope, "citizenship_country", [], {}, "citizenship_country", _("Persons by country of citizenship"))


def by_recruitment(scope: Scope) -> Table:
    labels = contributions.labels("recruitment_method")
    return _by(scope, "recruitment_method", list(labels), labels, "recruitment",
               _("Persons by recruitment channel"),
               note=_("Online channels: online job advertisements, social media and messaging apps, dating sites."))


def by_first_contact(scope: Scope) -> Table:
    labels = dict(OrganisationKind.choices)
    order = [OrganisationKind.SERVICE_PROVIDER, OrganisationKind.MUNICIPAL_SOCIAL_SERVICE, OrganisationKind.HOTLINE,
             OrganisationKind.STATE_POLICE]
    return _by(scope, "first_contact_kind", [str(k) for k in order], labels, "first_contact",
               _("Persons by the kind of organisation that recorded the first contact"))


def by_ground(scope: Scope) -> Table:
    labels = contributions.labels("ground")
    table = _by(scope, "ground", list(labels), labels, "ground", _("Identified persons by ground of recognition"))
    # Only identified persons have a ground that counts; the presumed column would mislead.
    keep = [i for i, code in enumerate(table.row_codes) if code != "unknown"]
    return Table(code=table.code, title=table.title, rows=[table.rows[i] for i in keep],
                 row_codes=[table.row_codes[i] for i in keep], columns=[_("Identified")],
                 column_codes=["identified"], cells=[[table.cells[i][0]] for i in keep])


def _status_sql(statuses: tuple[str, ...] | None) -> tuple[str, list]:
    if statuses is None:
        return "1", []
    return f"CASE WHEN r.r_status IN ({', '.join(['%s'] * len(statuses))}) THEN 1 ELSE 0 END", list(statuses)


def list_counts(qs: QuerySet, field_name: str, columns: dict[str, tuple[str, ...] | None], *,
                by: tuple[str, ...] = (), groups: dict[str, tuple[str, ...]] | None = None,
                ) -> dict[tuple, dict[str, int]]:
    """Persons per element of a JSON list field of the records in ``qs``, in one grouped query.

    The list is unnested (PostgreSQL ``jsonb_array_elements_text``, SQLite ``json_each``) and
    counted by element: ``{(element, *values of by): {column: persons}}``, where a column counts
    the persons (``persons_count``: one per linked person, one per record not linked) with a
    record in the element whose status is one of the column's (None: any status). A person is
    counted once per element, also when a list holds the element twice; a person with several
    elements is counted under each. The key ``None`` holds the persons whose list is empty. A
    value that is not a list counts nowhere.

    ``groups`` ({group: elements}) counts by group instead: a person once per group any of whose
    elements the list holds ("any of"); elements in no group are not counted (an element may be
    in several groups)."""
    if not columns:
        raise ValueError("list_counts needs at least one column")
    base = qs.order_by().values(r_id=F("pk"), r_cluster=F("person_cluster"), r_status=F("case_status"),
                                r_list=F(field_name), **{f"r_by{i}": F(name) for i, name in enumerate(by)})
    base_sql, base_params = base.query.sql_with_params()
    vendor = connections[qs.db].vendor
    pairs = [(code, group) for group, codes in (groups or {}).items() for code in codes]
    mapping = (" UNION ALL ".join(["SELECT %s AS code, %s AS grp"] * len(pairs))
               or "SELECT NULL AS code, NULL AS grp")
    mapping_params = [v for pair in pairs for v in pair]
    flags, flag_params = [], []
    if vendor == "postgresql":
        # The distinct elements (or groups) of each list, computed once per distinct list (the
        # planner memoizes the lateral by the list's value); a record not linked to a person is
        # then one row per key, so its persons are summed, and linked ones are grouped by person.
        elements = ("jsonb_array_elements_text(CASE WHEN jsonb_typeof(r.r_list) = 'array' THEN r.r_list END) "
                    "AS x(code)")
        source = (f"SELECT DISTINCT g.grp FROM {elements} JOIN ({mapping}) AS g ON g.code = x.code"  # noqa: S608
                  if groups else f"SELECT DISTINCT x.code FROM {elements}")  # noqa: S608 — SQL from code
        unnest, join_params = f"LEFT JOIN LATERAL ({source}) AS e(k) ON TRUE", mapping_params if groups else []
        is_list, is_empty, key = "jsonb_typeof(r.r_list) = 'array'", "r.r_list = '[]'::jsonb", "e.k"
        person = ["r.r_cluster"]
        for i, statuses in enumerate(columns.values()):
            sql, p = _status_sql(statuses)
            flags.append(f"CASE WHEN r.r_cluster IS NULL THEN SUM({sql}) ELSE MAX({sql}) END AS c{i}")
            flag_params += p + p
    elif vendor == "sqlite":
        # json_each gives a row per element, a code twice in a list twice: rows are grouped by
        # person (the linked person, or the record itself) before they are counted.
        unnest = "LEFT JOIN json_each(r.r_list) AS je"
        is_list, is_empty = "json_type(r.r_list) = 'array'", "json_array_length(r.r_list) = 0"
        if groups:
            unnest += f" LEFT JOIN ({mapping}) AS g ON g.code = je.value"
        join_params, key = (mapping_params, "g.grp") if groups else ([], "je.value")
        person = ["r.r_cluster", "CASE WHEN r.r_cluster IS NULL THEN r.r_id END"]
        for i, statuses in enumerate(columns.values()):
            sql, p = _status_sql(statuses)
            flags.append(f"MAX({sql}) AS c{i}")
            flag_params += p
    else:
        # Atbalsts runs on PostgreSQL or SQLite (README); any other engine is a deployment error.
        raise ImproperlyConfigured(f"The statistics count lists on PostgreSQL or SQLite, not on {vendor}.")
    by_cols = [f"r.r_by{i}" for i in range(len(by))]
    # One row per key (element or group), values of ``by`` and person, with the person's flag per
    # column; then summed. NULL is the key of an empty list; an element in no group is left out.
    selected = ", ".join([*(f"{c} AS b{i}" for i, c in enumerate(by_cols)), *flags])
    inner = (f"SELECT {key} AS k, {selected} FROM ({base_sql}) AS r {unnest} "  # noqa: S608 — SQL from code
             f"WHERE {is_list} AND ({is_empty} OR {key} IS NOT NULL) "
             f"GROUP BY {', '.join([key, *by_cols, *person])}")
    outer_by = ", ".join(["p.k", *(f"p.b{i}" for i in range(len(by)))])
    sums = ", ".join(f"SUM(p.c{i})" for i in range(len(columns)))
    sql = f"SELECT {outer_by}, {sums} FROM ({inner}) AS p GROUP BY {outer_by}"  # noqa: S608 — SQL from code
    params = flag_params + list(base_params) + join_params
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    width = 1 + len(by)
    names = list(columns)
    return {tuple(row[:width]): {name: int(row[width + i] or 0) for i, name in enumerate(names)} for row in found}


def _list_counts(scope: Scope, field_name: str, codes: list[str]) -> dict[str, dict[str, int]]:
    """Per code of a JSON list field: identified and presumed persons whose list holds it (one query);
    under "" those whose list is empty (also when no code is known yet)."""
    found = list_counts(registered(scope), field_name, STATUS_SETS)
    out = {code: found.get((code,), dict.fromkeys(STATUS_COLUMNS, 0)) for code in codes[:MAX_CATEGORIES]}
    out[""] = found.get((None,), dict.fromkeys(STATUS_COLUMNS, 0))
    return out


def _list_table(scope: Scope, field_name: str, codes: list[str], labels: dict, code: str, title: str,
                note: str, counts: dict[str, dict[str, int]] | None = None) -> Table:
    counts = counts if counts is not None else _list_counts(scope, field_name, codes)
    keys = [c for c in codes if any(counts[c].values())] if not labels else list(codes)
    keys.append("")
    return Table(code=code, title=title, note=note,
                 rows=[str(labels.get(c) or c or _("Not recorded")) for c in keys],
                 row_codes=[c or "unknown" for c in keys], columns=_status_labels(),
                 column_codes=list(STATUS_COLUMNS), cells=[[counts[c][s] for s in STATUS_COLUMNS] for c in keys])


MULTIPLE = gettext_lazy("A person exploited in several ways (or countries) is counted in each row, so the rows "
                        "add up to more than the persons.")


def by_form(scope: Scope) -> Table:
    labels = contributions.labels("exploitation_form")
    return _list_table(scope, "exploitation_forms", list(labels), labels, "form",
                       _("Persons by form of exploitation"), str(MULTIPLE))


def _country_counts(scope: Scope) -> tuple[list[str], dict[str, dict[str, int]]]:
    """The countries of exploitation recorded in the period (at most MAX_CATEGORIES, in order) and
    the persons per country, from one grouped query."""
    found = list_counts(registered(scope), "exploitation_countries", STATUS_SETS)
    codes = sorted(k[0] for k in found if k[0])[:MAX_CATEGORIES]
    out = {code: found[(code,)] for code in codes}
    out[""] = found.get((None,), dict.fromkeys(STATUS_COLUMNS, 0))
    return codes, out


def _any_of(scope: Scope, field_name: str, codes: list[str]) -> list[int]:
    """Identified and presumed persons whose list holds any of ``codes`` (each person once)."""
    codes = list(codes[:MAX_CATEGORIES])
    if not codes:
        return [0 for _s in STATUS_COLUMNS]
    found = list_counts(registered(scope), field_name, STATUS_SETS, groups={"any": tuple(codes)})
    return [found.get(("any",), {}).get(s, 0) for s in STATUS_COLUMNS]


def by_exploitation_country(scope: Scope) -> Table:
    codes, counts = _country_counts(scope)
    table = _list_table(scope, "exploitation_countries", codes, {}, "exploitation_country",
                        _("Persons by country of exploitation"), str(MULTIPLE), counts)
    table.merge = lambda codes: _any_of(scope, "exploitation_countries", codes)
    return table


def person_tables(scope: Scope) -> list[Table]:
    return [persons(scope), by_sex(scope), by_child_adult(scope), by_age5(scope), by_exploitation_age(scope),
            by_citizenship_group(scope), by_citizenship_country(scope), by_form(scope),
            by_exploitation_country(scope), by_recruitment(scope), by_first_contact(scope), by_ground(scope)]


# Per-year trend counts kept in the cache under their year's stamp (``YearStamp``). Bump the
# version when what a year's line counts changes (the statuses, the person rule).
TREND_CACHE_VERSION = 1
TREND_CACHE_SECONDS = 30 * 24 * 3600


def _trend_key(year: int, organisation_id: int | None, token: str) -> str:
    content = json.dumps([TREND_CACHE_VERSION, IDENTIFIED, PRESUMED, year, organisation_id, token])
    return "statistics:trend:" + hashlib.sha256(content.encode()).hexdigest()


def _count_years(organisation_id: int | None, years: list[int]) -> dict[int, dict[str, int]]:
    """Identified and presumed persons in each of ``years``, counted from the records: two grouped
    queries over those years' records, whose sum is ``persons_count``: the records not linked,
    counted by month (a cheap count, no distinct), and the linked ones, distinct persons by year."""
    chosen = Q()
    for first, last in _runs(years):
        chosen |= Q(opened_month__gte=datetime.date(first, 1, 1), opened_month__lte=datetime.date(last, 12, 1))
    qs = records(Scope(Period(datetime.date(min(years), 1, 1), datetime.date(max(years), 12, 31), "", ""),
                       organisation_id)).filter(chosen)
    found = {y: dict.fromkeys(STATUS_COLUMNS, 0) for y in years}
    statuses = {"identified": Q(case_status__in=IDENTIFIED), "presumed": Q(case_status__in=PRESUMED)}
    for r in (qs.filter(person_cluster__isnull=True).values("opened_month")
              .annotate(**{s: Count("pk", filter=q) for s, q in statuses.items()}).order_by()):
        for s in STATUS_COLUMNS:
            found.setdefault(r["opened_month"].year, dict.fromkeys(STATUS_COLUMNS, 0))[s] += r[s]
    for r in (qs.filter(person_cluster__isnull=False).values(year=ExtractYear("opened_month"))
              .annotate(**{s: Count("person_cluster", distinct=True, filter=q) for s, q in statuses.items()})
              .order_by()):
        for s in STATUS_COLUMNS:
            found.setdefault(r["year"], dict.fromkeys(STATUS_COLUMNS, 0))[s] += r[s]
    return found


def _runs(years: list[int]) -> list[tuple[int, int]]:
    """Consecutive years as (first, last) runs: 2015, 2016, 2020 → (2015, 2016), (2020, 2020)."""
    out: list[tuple[int, int]] = []
    for y in sorted(set(years)):
        if out and out[-1][1] == y - 1:
            out[-1] = (out[-1][0], y)
        else:
            out.append((y, y))
    return out


def identified_by_year(organisation_id: int | None, years: list[int]) -> Table:
    """Identified and presumed persons per year (the trend chart), a person linked across two
    years in each. A year's line depends only on the records opened in it, so each line is kept
    in the cache under that year's stamp (``YearStamp``, replaced by a database trigger whenever
    a record of the year is written): only the years whose records changed since, usually the
    current one, are counted again. The stamps are read before the counts, so a count is never
    kept under a stamp newer than the records it was made from."""
    years = list(years)[:MAX_CATEGORIES]
    stamps = dict(YearStamp.objects.filter(year__in=years).values_list("year", "token"))
    keys = {y: _trend_key(y, organisation_id, stamps.get(y, "")) for y in years}
    kept = cache.get_many(list(keys.values()))
    found: dict[int, dict[str, int]] = {}
    for y in years:
        line = kept.get(keys[y])
        if isinstance(line, dict) and set(line) == set(STATUS_COLUMNS):
            found[y] = line
    missing = [y for y in years if y not in found]
    if missing:
        counted = _count_years(organisation_id, missing)
        found.update({y: counted[y] for y in missing})
        cache.set_many({keys[y]: counted[y] for y in missing}, TREND_CACHE_SECONDS)
    return Table(code="trend", title=_("Persons by year the case opened"), rows=[str(y) for y in years],
                 columns=_status_labels(), column_codes=list(STATUS_COLUMNS),
                 cells=[[found[y][s] for s in STATUS_COLUMNS] for y in years])


# --- SIVA -----------------------------------------------------------------------------------------


def _received(scope: Scope) -> QuerySet[StatisticalRecord]:
    p = scope.period
    return records(scope).filter(siva_received_month__gte=p.first_month, siva_received_month__lte=p.last_month)


def siva_outcomes(scope: Scope) -> Table:
    labels = contributions.labels("siva_outcome")
    order = list(labels) or ["grant", "queue", "refuse"]
    found = {r["siva_outcome"]: r["n"] for r in _received(scope).exclude(siva_outcome="")
             .values("siva_outcome").annotate(n=Count("*")).order_by()}
    return Table(code="siva_outcomes", title=_("SIVA decisions (latest decision per application received)"),
                 rows=[labels.get(c, c) for c in order], row_codes=order, columns=[_("Persons")],
                 column_codes=["persons"], cells=[[found.get(c, 0)] for c in order])


def siva_refusals(scope: Scope) -> Table:
    labels = contributions.labels("refusal_reason")
    found = {r["siva_refusal_reason"]: r["n"] for r in _received(scope).filter(siva_outcome="refuse")
             .values("siva_refusal_reason").annotate(n=Count("*")).order_by()}
    order = list(labels) + sorted(c for c in found if c not in labels)
    return Table(code="siva_refusals", title=_("SIVA refusals by reason"),
                 rows=[labels.get(c) or c or _("Not recorded") for c in order],
                 row_codes=[c or "unknown" for c in order],
                 columns=[_("Refusals")], column_codes=["refusals"], cells=[[found.get(c, 0)] for c in order])


@dataclass(frozen=True)
class Timeliness:
    decided: int
    within: int
    limit: int
    average_working_days: float | None

    @property
    def share(self) -> float | None:
        return self.within / self.decided if self.decided else None


def siva_timeliness(scope: Scope) -> Timeliness:
    """Working days from receipt to decision: the average and how many within the policy's limit."""
    limit = ruleset_on(scope.period.end).siva_decision_working_days
    found = _received(scope).filter(siva_decision_working_days__isnull=False).aggregate(
        decided=Count("*"),
        within=Count("siva_decision_working_days", filter=Q(siva_decision_working_days__lte=limit)),
        average=Avg("siva_decision_working_days"))
    average = round(float(found["average"]), 1) if found["average"] is not None else None
    return Timeliness(found["decided"], found["within"], limit, average)


def siva_queue(scope: Scope) -> Table | None:
    """Persons in SIVA's queue at the end of each month of the period (from the decisions app)."""
    source = contributions.source("siva_queue_by_month")
    if source is None:
        return None
    months = scope.period.months()
    counts = source(months, scope.organisation_id)
    return Table(code="siva_queue", title=_("Persons in the SIVA queue at the end of the month"),
                 rows=[f"{m:%m.%Y}" for m in months], row_codes=[f"{m:%Y-%m}" for m in months],
                 columns=[_("Persons")], column_codes=["persons"], cells=[[counts.get(m, 0)] for m in months])


# --- courses --------------------------------------------------------------------------------------


def courses(scope: Scope) -> Table:
    p = scope.period
    qs = records(scope)
    started = qs.filter(course_start_month__gte=p.first_month, course_start_month__lte=p.last_month).count()
    closed = qs.filter(course_end_month__gte=p.first_month, course_end_month__lte=p.last_month)
    by_reason = {r["course_closure_reason"]: r["n"] for r in closed.values("course_closure_reason")
                 .annotate(n=Count("*")).order_by()}
    # A course that was not closed early runs the policy's full length; it is complete in the month
    # its last day falls in. Counted from the start month: started (max_days) before.
    max_days = ruleset_on(p.end).course_max_days
    completed = qs.filter(course_end_month__isnull=True, course_start_month__isnull=False,
                          course_start_month__gte=_months_before(p.first_month, max_days),
                          course_start_month__lte=_months_before(p.last_month, max_days)).count()
    labels = contributions.labels("closure_reason")
    reasons = list(labels) + sorted(c for c in by_reason if c not in labels)
    rows = [("started", _("Courses started")), ("completed", _("Courses completed (full length)"))]
    rows += [(f"closed_{c}", _("Closed early: %(reason)s") % {"reason": labels.get(c) or c or _("Not recorded")})
             for c in reasons]
    values = {"started": started, "completed": completed, **{f"closed_{c}": by_reason.get(c, 0) for c in reasons}}
    return Table(code="courses", title=_("Social rehabilitation courses"), rows=[label for _c, label in rows],
                 row_codes=[c for c, _l in rows], columns=[_("Courses")], column_codes=["courses"],
                 cells=[[values[c]] for c, _l in rows])


def _months_before(first_of_month: datetime.date, days: int) -> datetime.date:
    return (first_of_month - datetime.timedelta(days=days)).replace(day=1)


def course_length(scope: Scope) -> float | None:
    """Average length in days of the courses closed early in the period."""
    p = scope.period
    found = records(scope).filter(course_end_month__gte=p.first_month, course_end_month__lte=p.last_month,
                                  course_days__isnull=False).aggregate(avg=Avg("course_days"), n=Count("*"))
    return round(float(found["avg"]), 1) if found["avg"] is not None else None


def _source_table(name: str, scope: Scope, code: str, title: str, column: str, label_kind: str) -> Table | None:
    source = contributions.source(name)
    if source is None:
        return None
    counts = source(scope.period.start, scope.period.end, scope.organisation_id)
    labels = contributions.labels(label_kind)
    keys = list(labels) + sorted(k for k in counts if k not in labels)
    return Table(code=code, title=title, rows=[labels.get(k, k) for k in keys], row_codes=keys, columns=[column],
                 column_codes=["count"], cells=[[int(counts.get(k, 0))] for k in keys])


def services(scope: Scope) -> Table | None:
    return _source_table("services_by_kind", scope, "services", _("Course services recorded, by kind"),
                         _("Entries"), "service_kind")


def aftercare(scope: Scope) -> Table | None:
    return _source_table("aftercare", scope, "aftercare", _("After-care, proceedings support and family consultations"),
                         _("Amount"), "aftercare_measure")


# --- other stages that may not exist yet -----------------------------------------------------------


def optional_counts(module: str, name: str, scope: Scope) -> dict[str, int] | None:
    """Counts from an app being built elsewhere; None ("not yet recorded") if it is not there."""
    func = contributions.optional(module, name)
    if func is None:
        return None
    try:
        found = func(start=scope.period.start, end=scope.period.end)
    except TypeError:
        return None
    if not isinstance(found, dict):
        return None
    return {str(k): int(v) for k, v in list(found.items())[:MAX_CATEGORIES] if isinstance(v, int)}


# The rows the other stages contribute, each named for the reader: (source, key, label).
OTHER_STAGE_ROWS = (
    ("referrals", "total", gettext_lazy("Referrals between organisations: sent")),
    ("referrals", "answered", gettext_lazy("Referrals between organisations: answered")),
    ("referrals", "accepted", gettext_lazy("Referrals between organisations: accepted")),
    ("referrals", "declined", gettext_lazy("Referrals between organisations: declined")),
    ("hotline", "contacts", gettext_lazy("Hotline contacts recorded")),
    ("hotline", "repeat_contacts", gettext_lazy("Hotline contacts from repeat callers")),
    ("hotline", "count_only_total", gettext_lazy("Hotline contacts counted without details")),
    ("hotline", "web_reports", gettext_lazy("Anonymous reports from the website")),
)


@dataclass(frozen=True)
class ReferralTimeliness:
    answered: int
    accepted: int
    share_accepted: float | None
    median_working_days: float | None


def referral_timeliness(scope: Scope) -> ReferralTimeliness | None:
    """How many referrals answered were accepted, and the median working days from sending to
    acceptance; None where referrals are not recorded in this installation."""
    func = contributions.optional("atbalsts.referrals.stats", "referral_figures")
    if func is None:
        return None
    try:
        found = func(start=scope.period.start, end=scope.period.end)
    except (TypeError, ValueError):
        return None
    wait = found.get("working_days_to_acceptance") or {}
    median = wait.get("median")
    share = found.get("share_accepted")
    return ReferralTimeliness(answered=int(found.get("answered") or 0), accepted=int(found.get("accepted") or 0),
                              share_accepted=float(share) if share is not None else None,
                              median_working_days=float(median) if median is not None else None)


def municipal_and_hotline(scope: Scope) -> Table:
    """Referrals between organisations and hotline contacts; a blank (unknown) row where the
    stage is not recorded in this installation."""
    found = {
        "referrals": optional_counts("atbalsts.referrals.stats", "referral_figures", scope),
        "hotline": optional_counts("atbalsts.hotline.stats", "contact_counts", scope),
    }
    rows, cells, codes = [], [], []
    for source, key, label in OTHER_STAGE_ROWS:
        counts = found[source]
        rows.append(str(label))
        codes.append(f"{source}_{key}")
        cells.append([None if counts is None else counts.get(key)])
    return Table(code="other_stages", title=_("Municipal cases, referrals and hotline"), rows=rows, row_codes=codes,
                 columns=[_("Count")], column_codes=["count"], cells=cells,
                 note=_("A blank cell: not yet recorded in the system."))
