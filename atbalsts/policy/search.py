"""How the client search may be asked, as dated data (issue 14).

A name is searched by its beginning. A beginning of three letters matches thousands of people in
a register of a million, so the search asks for at least ``prefix_min_letters`` letters of a name
and shows at most ``results_max`` clients, newest first, with a request to refine the search when
more match. Neither number comes from a law or the sources: both are our defaults, shown as such.

* ``prefix_min_letters``: the fewest letters of a name part the search looks up. Shorter parts
  are left out of the search and the user is told. The search index keeps beginnings of 3 to 6
  letters (``people.search``), so a value below 3 would find nothing: the people app never
  searches with fewer than 3 whatever this says.
* ``results_max``: the most clients one search shows (the client list's page size).

Pure: no Django, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["SEARCH_RULES", "SearchRules", "search_rules_on"]


@dataclass(frozen=True, slots=True)
class SearchRules:
    code: str
    effective_from: date
    effective_until: date | None
    prefix_min_letters: int
    results_max: int
    source: str
    # Values chosen by us, not read from a law or the sources.
    product_defaults: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not 1 <= self.prefix_min_letters <= 20:
            raise ValueError("prefix_min_letters must be between 1 and 20")
        if not 1 <= self.results_max <= 500:
            raise ValueError("results_max must be between 1 and 500")

    def in_force_on(self, d: date) -> bool:
        return self.effective_from <= d and (self.effective_until is None or d <= self.effective_until)


SEARCH_2007 = SearchRules(
    code="SEARCH-2007",
    # From the first rule set on, so that every day the system knows has a rule.
    effective_from=date(2007, 1, 1),
    effective_until=None,
    prefix_min_letters=3,
    results_max=50,
    source="Product default (issue 14: performance at a million clients); the sources are silent",
    product_defaults=frozenset({"prefix_min_letters", "results_max"}),
)

SEARCH_RULES: tuple[SearchRules, ...] = (SEARCH_2007,)


def search_rules_on(d: date, rules: tuple[SearchRules, ...] = SEARCH_RULES) -> SearchRules:
    """The search rules in force on ``d`` (the day of the search)."""
    for r in rules:
        if r.in_force_on(d):
            return r
    raise LookupError(f"No search rules are in force on {d.isoformat()}.")
