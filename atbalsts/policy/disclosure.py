"""Publication rules for the national statistics, as dated data (ADR 0020e).

The frequency threshold of disclosure control and the yearly privacy budget of differentially
private releases are choices of the national coordinator, not of a regulation: no Latvian law
fixes them. Like the rule sets in ``rules.py`` they carry the dates they are in force, so a
table published in 2027 under a new threshold can still be audited against the threshold of its
own reference date.

* ``threshold``: a published count must be 0 (known none) or at least this many persons; a
  suppressed count must stay uncertain over at least this many values. 5 follows the way
  Finland's assistance system for victims publishes nationalities; the Counter Trafficking Data
  Collaborative (CTDC) uses k = 11 for its public victim data. A product default.
* ``privacy_budget_per_year``: the total epsilon that the differentially private releases
  about one reference year may spend together. 1.0 is a product default.
* ``max_epsilon_per_release``: the most one release may spend (an upper bound against typing
  errors). A product default.
* ``publisher_roles``: who may record a release (the national coordinator's statistician).
  A product default until the coordinator's rules of procedure say otherwise.

Pure: no Django, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

__all__ = [
    "DISCLOSURE_RULES",
    "MAX_THRESHOLD",
    "DisclosureRules",
    "disclosure_rules_on",
]

# Every number has an upper bound: a threshold above this is a typing error, not a policy.
MAX_THRESHOLD = 100


@dataclass(frozen=True, slots=True)
class DisclosureRules:
    code: str
    effective_from: date
    effective_until: date | None
    threshold: int
    privacy_budget_per_year: Decimal
    max_epsilon_per_release: Decimal
    publisher_roles: tuple[str, ...]
    source: str
    # Values chosen by us, not read from a law or a decision of the coordinator.
    product_defaults: frozenset[str] = frozenset()

    def in_force_on(self, d: date) -> bool:
        return self.effective_from <= d and (self.effective_until is None or d <= self.effective_until)


DISCLOSURE_2007 = DisclosureRules(
    code="SDC-2007",
    # From the first rule set on, so every period the system holds data for has rules.
    effective_from=date(2007, 1, 1),
    effective_until=None,
    threshold=5,
    privacy_budget_per_year=Decimal("1.0"),
    max_epsilon_per_release=Decimal("1.0"),
    publisher_roles=("statistician",),
    source="Product default (Finland's assistance system publishes nationalities below 5 as "
           "suppressed; CTDC uses k = 11)",
    product_defaults=frozenset({"threshold", "privacy_budget_per_year", "max_epsilon_per_release",
                                "publisher_roles"}),
)

DISCLOSURE_RULES: tuple[DisclosureRules, ...] = (DISCLOSURE_2007,)


def disclosure_rules_on(d: date, rules: tuple[DisclosureRules, ...] = DISCLOSURE_RULES) -> DisclosureRules:
    """The publication rules in force on ``d`` (the last day of the period a table describes)."""
    for r in rules:
        if r.in_force_on(d):
            return r
    raise LookupError(f"No disclosure rules are in force on {d.isoformat()}.")
