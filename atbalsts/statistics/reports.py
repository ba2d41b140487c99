"""The tables in the layouts people submit, and the one door they leave through.

- **Eurostat** (data collection on trafficking in human beings): registered victims by form of
  exploitation × sex × child/adult (rows) and identified/presumed × citizenship group (columns).
  ``0`` means known none; a blank cell is unknown.
- **UNODC GLOTIP** (Global Report on Trafficking in Persons): detected (identified) victims by
  form of exploitation × women, men, girls, boys.
- **GRETA** (Council of Europe questionnaire style): indicators by year; what the system does not
  record (reflection periods granted, residence permits, compensation) is blank, never 0.

:func:`publish` is the only way a table leaves the system: for the national view it passes
``disclosure.protect`` with the policy's threshold; a provider's own view is shown as it is.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atbalsts.policy.disclosure import disclosure_rules_on

from . import figures, layout
from .access import Viewer
from .layout import ProtectedTable, Table
from .models import AgeBand, CitizenshipGroup

# Forms of exploitation (the identification catalogue's codes) in the reporting groups. A layout
# choice: Eurostat's and UNODC's groups; the forms Directive (EU) 2024/1712 added are "other".
SEXUAL = ("sexual_prostitution", "sexual_pornography", "sexual_sex_tourism", "sexual_online_images")
LABOUR = ("forced_labour", "debt_bondage", "serfdom", "domestic_servitude", "servitude")
CRIMINAL = ("criminal_drug_mule", "criminal_counterfeit", "criminal_theft", "criminal_pickpocketing")
OTHER_FORMS = ("sham_marriage", "forced_services_other", "forced_begging", "organ_removal", "forced_marriage",
               "illegal_adoption", "surrogacy")
EUROSTAT_GROUPS = (
    ("sexual", gettext_lazy("Sexual exploitation"), SEXUAL),
    ("labour", gettext_lazy("Labour exploitation"), LABOUR),
    ("other", gettext_lazy("Other forms of exploitation"), CRIMINAL + OTHER_FORMS),
    ("unknown", gettext_lazy("Form not recorded"), ()),
)
GLOTIP_GROUPS = (
    ("sexual", gettext_lazy("Sexual exploitation"), SEXUAL),
    ("forced_labour", gettext_lazy("Forced labour"), LABOUR),
    ("criminal", gettext_lazy("Forced criminal activity"), CRIMINAL),
    ("begging", gettext_lazy("Begging"), ("forced_begging",)),
    ("marriage", gettext_lazy("Forced or sham marriage"), ("forced_marriage", "sham_marriage")),
    ("organs", gettext_lazy("Organ removal"), ("organ_removal",)),
    ("other", gettext_lazy("Other purposes"), ("forced_services_other", "illegal_adoption", "surrogacy")),
    ("unknown", gettext_lazy("Form not recorded"), ()),
)
SEX_ROWS = (("female", gettext_lazy("Female")), ("male", gettext_lazy("Male")),
            ("unknown", gettext_lazy("Sex unknown")))
AGE_ROWS = (("child", gettext_lazy("Child")), ("adult", gettext_lazy("Adult")),
            ("unknown", gettext_lazy("Age unknown")))
CITIZENSHIP_COLUMNS = (("latvia", gettext_lazy("Latvia")), ("eu", gettext_lazy("Other EU")),
                       ("non_eu", gettext_lazy("Non-EU")), ("unknown", gettext_lazy("Unknown")))
STATUS = (("identified", gettext_lazy("Identified"), figures.IDENTIFIED),
          ("presumed", gettext_lazy("Presumed"), figures.PRESUMED))
# Tables whose rows overlap (a person in several forms or countries): totals are not shown.
OVERLAPPING = frozenset({"eurostat", "glotip", "greta", "form", "exploitation_country"})


def _sex(code: str) -> str:
    return code if code in ("female", "male") else "unknown"


def _age(band: str) -> str:
    if band == AgeBand.MINOR:
        return "child"
    return "adult" if band else "unknown"


def _citizenship(group: str) -> str:
    return group if group in (CitizenshipGroup.LATVIA, CitizenshipGroup.EU, CitizenshipGroup.NON_EU) else "unknown"


def _grouped(scope: figures.Scope, groups) -> dict[str, list[dict]]:
    """Per reporting group of forms: persons by sex, age band, citizenship group and status, in one
    query (a person once per group any of whose forms they were exploited in; "unknown": no form)."""
    dims = ("sex", "age_band", "citizenship_group", "case_status")
    found = figures.list_counts(figures.registered(scope), "exploitation_forms", {"n": None}, by=dims,
                                groups={code: forms for code, _label, forms in groups if forms})
    unknown = next((code for code, _label, forms in groups if not forms), None)
    out: dict[str, list[dict]] = {code: [] for code, _label, _forms in groups}
    for (group, *values), counts in found.items():
        code = unknown if group is None else group
        if code is not None:
            out[code].append({**dict(zip(dims, values, strict=True)), "n": counts["n"]})
    return out


def eurostat(scope: figures.Scope) -> Table:
    found = _grouped(scope, EUROSTAT_GROUPS)
    columns = [(s, c) for s, _sl, _st in STATUS for c, _cl in CITIZENSHIP_COLUMNS]
    rows, cells, codes = [], [], []
    for group, group_label, _forms in EUROSTAT_GROUPS:
        for sex, sex_label in SEX_ROWS:
            for age, age_label in AGE_ROWS:
                counts = dict.fromkeys(columns, 0)
                for r in found[group]:
                    if _sex(r["sex"]) != sex or _age(r["age_band"]) != age:
                        continue
                    for status, _sl, statuses in STATUS:
                        if r["case_status"] in statuses:
                            counts[(status, _citizenship(r["citizenship_group"]))] += r["n"]
                rows.append(f"{group_label} · {sex_label} · {age_label}")
                codes.append(f"{group}.{sex}.{age}")
                cells.append([counts[c] for c in columns])
    labels = dict(CITIZENSHIP_COLUMNS)
    status_labels = {s: label for s, label, _st in STATUS}
    return Table(
        code="eurostat", title=_("Eurostat: registered victims of trafficking"),
        rows=rows, row_codes=codes,
        columns=[f"{status_labels[s]} · {labels[c]}" for s, c in columns],
        column_codes=[f"{s}.{c}" for s, c in columns], cells=cells,
        note=_("Rows: form of exploitation, sex, child (under 18 when the case opened) or adult. Columns: "
               "identified or presumed victims by citizenship. 0 means known none; a blank cell is unknown. "
               "A person exploited in forms of more than one group is counted in each."),
    )


def glotip(scope: figures.Scope) -> Table:
    found = _grouped(scope, GLOTIP_GROUPS)
    columns = (("women", _("Women")), ("men", _("Men")), ("girls", _("Girls")), ("boys", _("Boys")),
               ("unknown", _("Sex or age unknown")))

    def column(sex: str, age: str) -> str:
        if sex == "unknown" or age == "unknown":
            return "unknown"
        return {("female", "adult"): "women", ("male", "adult"): "men", ("female", "child"): "girls",
                ("male", "child"): "boys"}[(sex, age)]

    cells = []
    for group, _label, _forms in GLOTIP_GROUPS:
        counts = dict.fromkeys((c for c, _l in columns), 0)
        for r in found[group]:
            if r["case_status"] in figures.IDENTIFIED:
                counts[column(_sex(r["sex"]), _age(r["age_band"]))] += r["n"]
        cells.append([counts[c] for c, _l in columns])
    return Table(
        code="glotip", title=_("UNODC GLOTIP: detected victims by form of exploitation, sex and age"),
        rows=[str(label) for _c, label, _f in GLOTIP_GROUPS], row_codes=[c for c, _l, _f in GLOTIP_GROUPS],
        columns=[label for _c, label in columns], column_codes=[c for c, _l in columns], cells=cells,
        note=_("Detected victims: persons identified (recognised) in the period. A person exploited in "
               "several forms is counted in each."),
    )


def greta(scope: figures.Scope) -> Table:
    """Indicators by year of the period. Rows overlap; blank = not recorded by the system."""
    indicators = [
        ("presumed", _("Presumed victims")),
        ("identified", _("Identified victims")),
        ("identified_women", _("of whom women and girls")),
        ("identified_men", _("of whom men and boys")),
        ("identified_children", _("of whom children")),
        ("identified_foreign", _("of whom foreign nationals")),
        ("identified_sexual", _("of whom exploited sexually")),
        ("identified_labour", _("of whom exploited for labour")),
        ("identified_other", _("of whom exploited in other forms")),
        ("siva_granted", _("Granted state-funded social rehabilitation")),
        ("courses_started", _("Began a social rehabilitation course")),
        ("reflection_period", _("Granted a recovery and reflection period")),
        ("residence_permit", _("Issued a residence permit")),
        ("compensation", _("Received compensation")),
    ]
    not_recorded = {"reflection_period", "residence_permit", "compensation"}
    years = scope.period.years
    columns: list[list] = []
    for y in years:
        start, end = max(scope.period.start, figures.year(y, scope.period.end).start), min(
            scope.period.end, figures.year(y, scope.period.end).end)
        one = figures.Scope(figures.Period(start, end, str(y), str(y)), scope.organisation_id)
        qs = figures.registered(one)
        ident = Q(case_status__in=figures.IDENTIFIED)
        counts = qs.aggregate(
            presumed=figures.persons_count(Q(case_status__in=figures.PRESUMED)),
            identified=figures.persons_count(ident),
            identified_women=figures.persons_count(ident & Q(sex="female")),
            identified_men=figures.persons_count(ident & Q(sex="male")),
            identified_children=figures.persons_count(ident & Q(age_band=AgeBand.MINOR)),
            identified_foreign=figures.persons_count(ident & Q(citizenship_group__in=[CitizenshipGroup.EU,
                                                                                      CitizenshipGroup.NON_EU])),
        )
        by_form = figures.list_counts(qs, "exploitation_forms", {"identified": figures.IDENTIFIED},
                                      groups={"sexual": SEXUAL, "labour": LABOUR, "other": CRIMINAL + OTHER_FORMS})
        for group in ("sexual", "labour", "other"):
            counts[f"identified_{group}"] = by_form.get((group,), {}).get("identified", 0)
        p = one.period
        base = figures.records(one)
        counts["siva_granted"] = base.filter(siva_outcome="grant", siva_received_month__gte=p.first_month,
                                             siva_received_month__lte=p.last_month).count()
        counts["courses_started"] = base.filter(course_start_month__gte=p.first_month,
                                                course_start_month__lte=p.last_month).count()
        columns.append([None if code in not_recorded else counts[code] for code, _l in indicators])
    return Table(
        code="greta", title=_("GRETA: victims of trafficking by year"),
        rows=[label for _c, label in indicators], row_codes=[c for c, _l in indicators],
        columns=[str(y) for y in years], column_codes=[str(y) for y in years],
        cells=[[columns[j][i] for j in range(len(years))] for i in range(len(indicators))],
        note=_("Rows overlap (\"of whom\"); totals are not meaningful. A blank cell: the system does not record it."),
    )


LAYOUTS = {"eurostat": eurostat, "glotip": glotip, "greta": greta}


def threshold() -> int:
    """The suppression threshold of the publication rules in force today (policy data,
    policy/disclosure.py)."""
    return disclosure_rules_on(timezone.localdate()).threshold


def publish(table: Table, viewer: Viewer) -> ProtectedTable:
    """The only way out: protected for the national view, as it is for a provider's own."""
    if viewer.protected:
        if table.code in layout.COUNTRY_TABLES:
            return layout.publish_by_country(table, threshold=threshold())
        return layout.publish(table, threshold=threshold())
    return ProtectedTable.unprotected(table)
