"""The rules of international referral between partner hotlines, as dated data (issue 12 §3).

How long a package stays valid, how a sender retries a partner that does not answer, and how long
a receiver remembers the packages it has seen. None of these numbers comes from a law or an
agreement between the hotlines: they are product defaults (``verified=False``) until the partners
agree on their own.

Pure: no Django, no database. The federation app reads the schedule in force on a day through
:func:`federation_rules_on`; an installation may replace the retry delays in its settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["FEDERATION_RULES", "FederationRules", "federation_rules_on", "retry_delay"]


@dataclass(frozen=True, slots=True)
class FederationRules:
    code: str
    effective_from: date
    effective_until: date | None
    # A package is valid this long after it is issued; the receiver refuses it afterwards.
    package_lifetime: timedelta
    # Clocks of two machines differ: a package issued this far "in the future" is still taken.
    clock_skew: timedelta
    # Waits before the 2nd, 3rd, ... delivery attempt; the last wait repeats until max_attempts.
    retry_delays: tuple[timedelta, ...]
    max_attempts: int
    # A waiting package older than this is given up (the operator sees "expired", can export it).
    give_up_after: timedelta
    # The largest package the federation endpoint reads, in bytes.
    max_package_bytes: int
    source: str
    verified: bool

    def in_force_on(self, d: date) -> bool:
        return self.effective_from <= d and (self.effective_until is None or d <= self.effective_until)


FEDERATION_RULES: tuple[FederationRules, ...] = (
    FederationRules(
        code="federation-2026",
        effective_from=date(2026, 1, 1),
        effective_until=None,
        package_lifetime=timedelta(days=7),
        clock_skew=timedelta(minutes=5),
        retry_delays=(
            timedelta(minutes=1),
            timedelta(minutes=5),
            timedelta(minutes=30),
            timedelta(hours=2),
            timedelta(hours=6),
        ),
        max_attempts=20,
        give_up_after=timedelta(days=7),
        max_package_bytes=256 * 1024,
        source="product default (issue 12 §3), not agreed with the partners",
        verified=False,
    ),
)


def federation_rules_on(d: date, rules: tuple[FederationRules, ...] = FEDERATION_RULES) -> FederationRules:
    for r in rules:
        if r.in_force_on(d):
            return r
    raise LookupError(f"No federation rules in force on {d.isoformat()}.")


def retry_delay(rules: FederationRules, attempts_made: int,
                delays: tuple[timedelta, ...] | None = None) -> timedelta | None:
    """The wait after ``attempts_made`` failed attempts, or None when no attempt is left."""
    if attempts_made >= rules.max_attempts:
        return None
    schedule = delays or rules.retry_delays
    return schedule[min(max(attempts_made, 1), len(schedule)) - 1]
