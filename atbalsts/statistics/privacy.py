"""Differentially private counts for repeated releases (OpenDP's discrete Laplace mechanism).

Suppression protects one table against a reader of that table. Publishing the same figures
again and again — every quarter, by a new breakdown — lets a reader difference the releases.
Differential privacy bounds what all releases together say about any one person: each release
spends ``epsilon`` and the releases about one year may spend at most that year's budget
(policy: ``privacy_budget_per_year``).

A person is counted once in a table (the national figures deduplicate across providers), so
adding or removing one person changes one cell by one: the L1 sensitivity of the cells is 1,
and OpenDP's discrete Laplace noise of scale 1/epsilon gives epsilon-differential privacy.
A table that counts one person in several cells (forms of exploitation are multiple choice)
must say so with ``contributions``: the scale grows with it. Totals are summed from the noisy
cells (post-processing costs no privacy) so a noisy table still adds up; negative noisy counts
are shown as 0, also post-processing.

OpenDP draws its noise from a cryptographically secure generator; nothing here uses
``random``. Noisy figures are labelled as such by :func:`noise_label`, and a noisy table still
passes ``disclosure.protect`` before it leaves the system.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext

from .tables import Table

__all__ = ["MAX_CONTRIBUTIONS", "NoisyTable", "PrivacyError", "format_decimal", "noise_label", "noisy_counts",
           "noisy_table"]

MAX_CONTRIBUTIONS = 20


class PrivacyError(ValueError):
    pass


def _measurement(epsilon: Decimal, contributions: int):
    import opendp.prelude as dp

    dp.enable_features("contrib")
    space = dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int)
    scale = float(contributions) / float(epsilon)
    measurement = dp.m.make_laplace(*space, scale=scale)
    # OpenDP's own accounting must agree with ours before any noise is drawn.
    if measurement.map(contributions) > float(epsilon) * (1 + 1e-9):
        raise PrivacyError(f"The noise for epsilon {epsilon} does not give epsilon-differential privacy.")
    return measurement


def noisy_counts(values: list[int], *, epsilon: Decimal, contributions: int = 1) -> list[int]:
    """The counts with discrete Laplace noise of scale ``contributions / epsilon``, floored at 0."""
    if not isinstance(epsilon, Decimal) or not Decimal(0) < epsilon <= Decimal(10):
        raise PrivacyError(f"Epsilon must be a decimal number above 0 and at most 10, not {epsilon!r}.")
    if not 1 <= contributions <= MAX_CONTRIBUTIONS:
        raise PrivacyError(f"A person may be counted in 1 to {MAX_CONTRIBUTIONS} cells, not {contributions}.")
    if not values:
        return []
    noisy = _measurement(epsilon, contributions)([int(v) for v in values])
    return [max(0, int(v)) for v in noisy]


@dataclass(frozen=True)
class NoisyTable:
    table: Table
    epsilon: Decimal

    def label(self) -> str:
        return noise_label(self.epsilon)


def noise_label(epsilon: Decimal) -> str:
    """The caption every noisy figure carries, in the active language."""
    return gettext(
        "Noisy figures: random noise was added to every count to protect privacy "
        "(differential privacy, ε = %(epsilon)s). Totals are sums of the noisy counts."
    ) % {"epsilon": format_decimal(epsilon)}


def format_decimal(value: Decimal) -> str:
    """0.500 → "0,5" in Latvian, "0.5" in English; never an exponent ("1E+1")."""
    return number_format(Decimal(format(value.normalize(), "f")), use_l10n=True)


def noisy_table(table: Table, *, epsilon: Decimal, contributions: int = 1) -> NoisyTable:
    """The table with noise on every known cell; unknown cells stay unknown."""
    known = [v for row in table.cells for v in row if v is not None]
    noise = iter(noisy_counts(known, epsilon=epsilon, contributions=contributions))
    cells = [[None if v is None else next(noise) for v in row] for row in table.cells]
    return NoisyTable(Table(table.title, list(table.row_labels), list(table.col_labels), cells), epsilon)
