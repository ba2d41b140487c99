"""Recording what the national statistics release, and spending the yearly privacy budget.

``record_release`` is the one way to publish: it checks who acts, checks the budget, writes the
``Release`` row and the audit event in one transaction. ``release_noisy_table`` adds the
differentially private noise, suppresses what is still too small and records the release.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from atbalsts.audit import log
from atbalsts.audit.models import Action, Purpose
from atbalsts.policy.disclosure import DisclosureRules, disclosure_rules_on

from .disclosure import ProtectedTable, protect
from .models import Mechanism, Release
from .privacy import NoisyTable, format_decimal, noisy_table
from .tables import Table

__all__ = ["NoisyRelease", "ReleaseRefused", "budget_left", "record_release", "release_noisy_table", "rules_for"]

FIRST_YEAR = 2007
MAX_TITLE = 200
# Advisory lock class for "spending the budget of a year" (PostgreSQL only; SQLite serialises
# writers by itself).
_LOCK_CLASS = 20_020_005


class ReleaseRefused(Exception):
    """Nothing was released; the message says why, in the user's language."""


def _today() -> datetime.date:
    return timezone.localdate()


def rules_for(reference_year: int) -> DisclosureRules:
    """The publication rules for figures about ``reference_year``: those in force at its end,
    or today for the current year."""
    return disclosure_rules_on(min(datetime.date(reference_year, 12, 31), _today()))


def budget_left(reference_year: int) -> Decimal:
    spent = Release.objects.filter(reference_year=reference_year).aggregate(s=Sum("epsilon"))["s"] or Decimal(0)
    return rules_for(reference_year).privacy_budget_per_year - spent


def _check_request(actor, title: str, reference_year: int, epsilon: Decimal | None) -> DisclosureRules:
    today = _today()
    if not isinstance(reference_year, int) or not FIRST_YEAR <= reference_year <= today.year:
        raise ReleaseRefused(_("The year must be from %(first)s to %(last)s.") % {"first": FIRST_YEAR,
                                                                                   "last": today.year})
    rules = rules_for(reference_year)
    if not actor.has_role(*rules.publisher_roles):
        raise ReleaseRefused(_("Only the national coordinator's statistician can release statistics."))
    if not title.strip() or len(title) > MAX_TITLE:
        raise ReleaseRefused(_("Name what is released, in at most %(n)s characters.") % {"n": MAX_TITLE})
    if epsilon is not None and not Decimal(0) < epsilon <= rules.max_epsilon_per_release:
        raise ReleaseRefused(_("One release may spend a privacy loss (epsilon) above 0 and at most %(max)s.")
                             % {"max": _number(rules.max_epsilon_per_release)})
    return rules


def _lock_year(reference_year: int) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, reference_year])


def _check_budget(reference_year: int, epsilon: Decimal, rules: DisclosureRules) -> None:
    left = budget_left(reference_year)
    if epsilon > left:
        raise ReleaseRefused(
            _("The privacy budget of %(year)s would be exceeded: %(left)s of %(budget)s is left, "
              "this release needs %(epsilon)s. Nothing was released.")
            % {"year": reference_year, "left": _number(left), "budget": _number(rules.privacy_budget_per_year),
               "epsilon": _number(epsilon)})


def record_release(actor, *, title: str, reference_year: int, threshold: int,
                   epsilon: Decimal | None = None) -> Release:
    """Record one release; with ``epsilon``, spend it from the year's budget or refuse."""
    rules = _check_request(actor, title, reference_year, epsilon)
    with transaction.atomic():
        if epsilon is not None:
            _lock_year(reference_year)
            _check_budget(reference_year, epsilon, rules)
        release = Release.objects.create(
            title=title.strip(),
            reference_year=reference_year,
            released_at=timezone.now(),
            released_by=actor.user,
            threshold=threshold,
            mechanism=Mechanism.DISCRETE_LAPLACE if epsilon is not None else Mechanism.NONE,
            epsilon=epsilon,
            year_budget=rules.privacy_budget_per_year if epsilon is not None else None,
        )
        log.record(actor, Action.EXPORT, object_type="statistics.release", object_ref=str(release.pk),
                   purpose=Purpose.ADMINISTRATION,
                   detail={"reference_year": reference_year, "mechanism": release.mechanism,
                           "epsilon": str(epsilon) if epsilon is not None else None, "threshold": threshold})
    return release


@dataclass(frozen=True)
class NoisyRelease:
    release: Release
    noisy: NoisyTable
    published: ProtectedTable


def release_noisy_table(actor, table: Table, *, reference_year: int, epsilon: Decimal,
                        contributions: int = 1) -> NoisyRelease:
    """Noise, then suppression, then the record: the budget is checked before any noise is drawn
    (a refused release must not have looked at the data)."""
    rules = _check_request(actor, table.title, reference_year, epsilon)
    # Checked again under the lock in record_release; this early refusal draws no noise.
    _check_budget(reference_year, epsilon, rules)
    noisy = noisy_table(table, epsilon=epsilon, contributions=contributions)
    published = protect(noisy.table, threshold=rules.threshold)
    release = record_release(actor, title=table.title, reference_year=reference_year, threshold=rules.threshold,
                             epsilon=epsilon)
    return NoisyRelease(release, noisy, published)


def _number(value: Decimal) -> str:
    return format_decimal(value)
