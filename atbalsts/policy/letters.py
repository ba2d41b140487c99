"""What SIVA's decision letter must say, as dated data: the legal basis and the appeal clause.

The letter cites the law and the regulation SIVA decides under, and tells the person where and
within what term the decision can be contested. Both change with the law, so they are versioned
here like the rule sets and looked up by the date of the decision (:func:`letter_rules_on`).

Sources and what is still to be checked:

* The law: seed 003 names the Law on Social Services and Social Assistance, Section 13(1)(7), as
  the basis of the state-funded social rehabilitation of victims of trafficking.
* The regulation: No. 889 up to 2019-07-19, No. 344 from 2019-07-20 (``rules.py``). The points
  of No. 344 are those the step table already cites for SIVA's decision (§2.1) and what SIVA
  receives (§2.2); nobody has checked them against the official text yet. For No. 889 the seeds
  give no point numbers: the letter names the regulation only.
* The appeal clause: none of the seeds says how SIVA's decision is contested. We use the general
  rule of the Administrative Procedure Law (an administrative act may be contested within one
  month of the day it comes into force, Section 79(1)) and, as the body, the Ministry of Welfare,
  which seed 003 says SIVA is under. This is a **product default, not law**: a lawyer must check
  the body, the term and the wording before a letter is sent (``verified=False``; the rules page
  shows it as unchecked).

Pure: imports nothing from Django or the other apps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .rules import REGULATION_NAMES, RuleSet, ruleset_on

__all__ = [
    "LETTER_RULES",
    "AppealClause",
    "LegalProvision",
    "LetterRules",
    "course_last_day",
    "letter_rules_on",
]


@dataclass(frozen=True, slots=True)
class LegalProvision:
    """One provision the decision rests on, as the letter cites it, in Latvian and English."""

    text_lv: str
    text_en: str
    source: str
    verified: bool

    def text(self, language: str) -> str:
        return self.text_lv if language.startswith("lv") else self.text_en


@dataclass(frozen=True, slots=True)
class AppealClause:
    """Where and within what term the decision can be contested."""

    body_lv: str
    body_en: str
    term_months: int
    # The provision that sets the term, as cited in the letter.
    term_source_lv: str
    term_source_en: str
    source: str
    verified: bool

    def text(self, language: str) -> str:
        n = self.term_months
        if language.startswith("lv"):
            term = "viena mēneša" if n == 1 else f"{n} mēnešu"
            return (f"Lēmumu var apstrīdēt {self.body_lv} {term} laikā no tā spēkā stāšanās dienas "
                    f"({self.term_source_lv}).")
        term = "one month" if n == 1 else f"{n} months"
        return (f"This decision can be contested at {self.body_en} within {term} of the day it comes into force "
                f"({self.term_source_en}).")


@dataclass(frozen=True, slots=True)
class LetterRules:
    code: str
    effective_from: date
    effective_until: date | None
    legal_basis: tuple[LegalProvision, ...]
    appeal: AppealClause

    def in_force_on(self, d: date) -> bool:
        return self.effective_from <= d and (self.effective_until is None or d <= self.effective_until)


_LAW = LegalProvision(
    "Sociālo pakalpojumu un sociālās palīdzības likuma 13. panta pirmās daļas 7. punkts",
    "Law on Social Services and Social Assistance, Section 13(1)(7)",
    "seed 003 (Valsts finansētais sociālās rehabilitācijas pakalpojums)", True,
)


def _regulation(code: str, points: str = "", points_en: str = "", verified: bool = False) -> LegalProvision:
    name_lv, name_en = REGULATION_NAMES[code]
    return LegalProvision(
        f"{name_lv}{', ' + points if points else ''}",
        f"{name_en}{', ' + points_en if points_en else ''}",
        f"rules.py {code}", verified,
    )


# The general rule of the Administrative Procedure Law, with the Ministry of Welfare as the body:
# a default until someone checks it (see the module's docstring).
_APPEAL_DEFAULT = AppealClause(
    body_lv="Labklājības ministrijā",
    body_en="the Ministry of Welfare",
    term_months=1,
    term_source_lv="Administratīvā procesa likuma 79. panta pirmā daļa",
    term_source_en="Administrative Procedure Law, Section 79(1)",
    source="product default: the sources are silent; general rule of the Administrative Procedure Law",
    verified=False,
)

LETTER_RULES: tuple[LetterRules, ...] = (
    LetterRules("MK889", date(2007, 1, 1), date(2019, 7, 19),
                legal_basis=(_LAW, _regulation("MK889")), appeal=_APPEAL_DEFAULT),
    LetterRules("MK344", date(2019, 7, 20), None,
                legal_basis=(_LAW, _regulation("MK344", "2.1. un 2.2. punkts", "paragraphs 2.1 and 2.2")),
                appeal=_APPEAL_DEFAULT),
)


def letter_rules_on(d: date, rules: tuple[LetterRules, ...] = LETTER_RULES) -> LetterRules:
    """What the letter of a decision made on ``d`` cites. Raises LookupError before the first."""
    for r in rules:
        if r.in_force_on(d):
            return r
    raise LookupError(f"No decision letter rules are in force on {d.isoformat()}.")


def course_last_day(start: date, ruleset: RuleSet | None = None) -> date:
    """The last day of a course that starts on ``start`` and runs its full length (start day counted)."""
    rs = ruleset or ruleset_on(start)
    return start + timedelta(days=rs.course_max_days - 1)
